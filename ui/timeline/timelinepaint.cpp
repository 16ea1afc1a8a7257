// TimelineWidget's painting: ruler, track rows with their clips, headers, then the overlay
// (playhead, snap guide, rubber band, drop target). Only what intersects the exposed rectangle is
// painted, and clips are found by binary search, so the cost follows what is visible.

#include "core/services/draftservice.h"
#include "ui/timeline/timelinemediacache.h"
#include "ui/timeline/timelinewidget.h"

#include <QPaintEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace CutPilot::Ui {

using namespace Core;

namespace {

const QColor Background(0x23, 0x25, 0x29);
const QColor RowEven(0x2b, 0x2e, 0x33);
const QColor RowOdd(0x28, 0x2a, 0x2f);
const QColor HeaderColor(0x33, 0x36, 0x3c);
const QColor RulerColor(0x1c, 0x1d, 0x21);
const QColor TickColor(0x8a, 0x8f, 0x98);
const QColor PlayheadColor(0xff, 0x4d, 0x4d);
const QColor SelectionColor(0xff, 0xc8, 0x3d);
const QColor KeyframeColor(0xf5, 0xf5, 0xf5);

QColor clipColor(TrackType type)
{
    switch (type) {
    case TrackType::Video:
        return QColor(0x3a, 0x6e, 0xa5);
    case TrackType::Audio:
        return QColor(0x3f, 0x8f, 0x5a);
    case TrackType::Text:
        return QColor(0xa0, 0x62, 0xb8);
    case TrackType::Sticker:
        return QColor(0xc0, 0x7a, 0x3a);
    case TrackType::Effect:
        return QColor(0x8a, 0x7a, 0x2a);
    case TrackType::Filter:
        return QColor(0x2a, 0x8a, 0x8a);
    case TrackType::Adjust:
        return QColor(0x66, 0x66, 0x66);
    }
    return Qt::gray;
}

} // namespace

QString TimelineWidget::trackTypeLabel(TrackType type)
{
    switch (type) {
    case TrackType::Video:
        return tr("Video");
    case TrackType::Audio:
        return tr("Audio");
    case TrackType::Text:
        return tr("Text");
    case TrackType::Sticker:
        return tr("Sticker");
    case TrackType::Effect:
        return tr("Effect");
    case TrackType::Filter:
        return tr("Filter");
    case TrackType::Adjust:
        return tr("Adjust");
    }
    return {};
}

void TimelineWidget::paintEvent(QPaintEvent *event)
{
    QPainter p(viewport());
    const QRect clip = event->rect();
    p.fillRect(clip, Background);
    if (!m_service) {
        p.setPen(TickColor);
        p.drawText(viewport()->rect(), Qt::AlignCenter, tr("No draft open"));
        return;
    }
    m_layout.setViewportSize(viewport()->size());
    paintTracks(p, clip);
    paintHeaders(p, clip);
    paintRuler(p, clip);
    paintOverlay(p);
}

void TimelineWidget::paintRuler(QPainter &p, const QRect &clip)
{
    const QRect ruler(0, 0, viewport()->width(), TimelineLayout::RulerHeight);
    if (!ruler.intersects(clip))
        return;
    p.fillRect(ruler, RulerColor);
    p.setPen(TickColor);
    p.drawText(QRect(6, 0, TimelineLayout::HeaderWidth - 8, ruler.height()),
               Qt::AlignVCenter | Qt::AlignLeft, TimelineLayout::timecode(m_playhead, fps()));
    p.save();
    p.setClipRect(QRect(TimelineLayout::HeaderWidth, 0,
                        viewport()->width() - TimelineLayout::HeaderWidth, ruler.height()));
    const qint64 major = TimelineLayout::tickStepUs(m_layout.usPerPx(), 110, fps());
    const qint64 minor = TimelineLayout::tickStepUs(m_layout.usPerPx(), 12, fps());
    const qint64 from = m_layout.timeForX(qMax(clip.left(), TimelineLayout::HeaderWidth));
    const qint64 to = m_layout.timeForX(clip.right() + 1);
    for (qint64 t = (from / minor) * minor; t <= to; t += minor) {
        const int x = int(std::lround(m_layout.xForTime(t)));
        p.drawLine(x, ruler.bottom(), x, ruler.bottom() - 4);
    }
    // Labels one major step earlier too: a label starting left of the exposed area shows.
    for (qint64 t = qMax<qint64>(0, (from / major - 1) * major); t <= to; t += major) {
        const int x = int(std::lround(m_layout.xForTime(t)));
        p.drawLine(x, ruler.bottom(), x, ruler.bottom() - 10);
        p.drawText(x + 3, 12, TimelineLayout::timecode(t, fps()));
    }
    p.restore();
}

void TimelineWidget::paintTracks(QPainter &p, const QRect &clip)
{
    const Draft &draft = m_service->draft();
    const QList<TimelineLayout::Row> &rows = m_layout.rows();
    const qint64 from = m_layout.timeForX(qMax(clip.left(), TimelineLayout::HeaderWidth) - 2);
    const qint64 to = m_layout.timeForX(clip.right() + 2);
    p.save();
    p.setClipRect(QRect(TimelineLayout::HeaderWidth, TimelineLayout::RulerHeight,
                        viewport()->width(), viewport()->height())
                      .intersected(clip));
    const bool dragging = m_drag.mode == DragMode::Move || m_drag.mode == DragMode::TrimStart
                          || m_drag.mode == DragMode::TrimEnd;
    for (int row = 0; row < rows.size(); ++row) {
        const QRect rr = m_layout.rowRect(row);
        if (!rr.intersects(clip))
            continue;
        p.fillRect(rr, row % 2 ? RowOdd : RowEven);
        if (m_dropRow == row)
            p.fillRect(rr, QColor(255, 255, 255, 24));
        const Track &track = draft.tracks.at(rows.at(row).trackIndex);
        const bool hidden = m_hidden.contains(track.id) || track.muted;
        // Clips narrower than 2 px are merged into runs: at "fit" on 5,000 clips most are.
        int runLeft = INT_MIN;
        int runRight = INT_MIN;
        QColor base = clipColor(track.type);
        auto flushRun = [&] {
            if (runRight > runLeft)
                p.fillRect(QRect(runLeft, rr.top() + 2, runRight - runLeft, rr.height() - 4),
                           base.darker(115));
            runLeft = runRight = INT_MIN;
        };
        const QList<int> &order = rows.at(row).order;
        for (qsizetype k = m_layout.firstEndingAfter(row, from); k < order.size(); ++k) {
            const Segment &s = track.segments.at(order.at(k));
            if (s.target.start > to)
                break;
            if (dragging && (s.id == m_drag.segmentId || m_drag.moving.contains(s.id)))
                continue; // painted as a ghost in paintOverlay
            // Narrow clips: only their pixel span matters (no QRect, no painting per clip).
            const double left = m_layout.xForTime(s.target.start);
            const double right = m_layout.xForTime(s.target.end());
            const bool selected = !m_selection.isEmpty() && m_selection.contains(s.id);
            if (right - left < 3 && !selected) {
                const int l = int(std::floor(left));
                const int r = qMax(l + 1, int(std::ceil(right)));
                if (l <= runRight + 1) {
                    runRight = qMax(runRight, r);
                } else {
                    flushRun();
                    runLeft = l;
                    runRight = r;
                }
                continue;
            }
            flushRun();
            paintClip(p, track, s, m_layout.clipRect(row, s.target), selected, false);
        }
        flushRun();
        if (hidden)
            p.fillRect(rr, QColor(0, 0, 0, 110));
        if (m_locked.contains(track.id)) {
            p.fillRect(rr, QBrush(QColor(255, 255, 255, 20), Qt::BDiagPattern));
        }
    }
    p.restore();
}

void TimelineWidget::paintClip(QPainter &p, const Track &track, const Segment &segment, QRect rect,
                               bool selected, bool ghost)
{
    const QColor base = clipColor(track.type);
    p.setOpacity(ghost ? 0.7 : 1.0);
    p.fillRect(rect, selected ? base.lighter(125) : base);
    const QRect inner = rect.adjusted(1, 1, -1, -1);
    if (inner.width() > 6) {
        p.save();
        p.setClipRect(inner, Qt::IntersectClip);
        paintClipContent(p, track, segment, inner);
        // Keyframe markers: diamonds on a band at the bottom of the clip.
        const int y = rect.bottom() - TimelineLayout::KeyframeGrip - 1;
        for (const KeyframeTrack &kt : segment.keyframes) {
            for (const Keyframe &k : kt.keyframes) {
                const double x = m_layout.keyframeX(segment, k.offsetUs);
                const bool current = k.id == m_keyframe;
                QPolygonF diamond;
                diamond << QPointF(x, y - 4) << QPointF(x + 4, y) << QPointF(x, y + 4)
                        << QPointF(x - 4, y);
                p.setPen(Qt::black);
                p.setBrush(current ? SelectionColor : KeyframeColor);
                p.drawPolygon(diamond);
            }
        }
        // A transition into the next clip: a bow tie at the clip's end.
        for (const AuxMaterial &aux : segment.aux) {
            if (aux.list != u"transitions"_s)
                continue;
            const int x = rect.right();
            const int cy = rect.center().y();
            QPolygon tie;
            tie << QPoint(x - 10, cy - 8) << QPoint(x, cy) << QPoint(x - 10, cy + 8);
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(255, 255, 255, 190));
            p.drawPolygon(tie);
        }
        p.restore();
    }
    p.setBrush(Qt::NoBrush);
    p.setPen(selected ? QPen(SelectionColor, 2) : QPen(base.darker(160), 1));
    p.drawRect(selected ? rect.adjusted(1, 1, -1, -1) : rect.adjusted(0, 0, -1, -1));
    p.setOpacity(1.0);
}

void TimelineWidget::paintClipContent(QPainter &p, const Track &track, const Segment &segment,
                                      const QRect &inner)
{
    const Draft &draft = m_service->draft();
    QString label;
    const MediaMaterial *media = nullptr;
    if (auto it = draft.media.constFind(segment.materialId); it != draft.media.cend())
        media = &*it;
    if (segment.text)
        label = segment.text->text;
    else if (media)
        label = media->name;
    else if (segment.main)
        label = segment.main->json.value(u"name"_s).toString();
    if (label.isEmpty())
        label = trackTypeLabel(track.type);

    const int textHeight = 14;
    if (media && m_mediaCache && segment.source) {
        const QRect band = inner.adjusted(0, textHeight, 0, 0);
        const qint64 srcStart = segment.source->start;
        const qint64 srcDuration = segment.source->duration;
        const qint64 mediaDuration = qMax<qint64>(media->durationUs, 1);
        if (media->kind != MediaKind::Audio && band.height() > 8) {
            if (const QList<QImage> *frames = m_mediaCache->filmstrip(media->path)) {
                const QImage &first = frames->constFirst();
                const int w
                    = qMax(8, first.height() > 0 ? band.height() * first.width() / first.height()
                                                 : band.height() * 16 / 9);
                const QRect visible = band.intersected(p.clipBoundingRect().toAlignedRect());
                const int startX
                    = band.left() + ((qMax(visible.left(), band.left()) - band.left()) / w) * w;
                for (int x = startX; x < visible.right() + 1 && x < band.right(); x += w) {
                    const double frac = double(x - band.left()) / qMax(1, band.width());
                    const qint64 at = media->kind == MediaKind::Photo
                                          ? 0
                                          : srcStart + qint64(frac * srcDuration);
                    const int index = std::clamp(int(double(at) / mediaDuration * frames->size()),
                                                 0, int(frames->size()) - 1);
                    p.drawImage(QRect(x, band.top(), w, band.height()), frames->at(index));
                }
            }
        } else if (media->kind == MediaKind::Audio && band.height() > 4) {
            if (const WaveformPeaks *peaks = m_mediaCache->waveform(media->path)) {
                const int buckets = int(peaks->maximum.size());
                const qint64 span = qMax<qint64>(peaks->durationUs, 1);
                const int mid = band.center().y();
                const double half = band.height() / 2.0;
                const QRect visible = band.intersected(p.clipBoundingRect().toAlignedRect());
                p.setPen(QColor(0xc8, 0xf0, 0xd0));
                for (int x = visible.left(); x <= visible.right(); ++x) {
                    const double frac = double(x - band.left()) / qMax(1, band.width());
                    const qint64 at = srcStart + qint64(frac * srcDuration);
                    const int b = int(double(at) / span * buckets);
                    if (b < 0 || b >= buckets)
                        continue;
                    const double hi = std::clamp(double(peaks->maximum.at(b)), -1.0, 1.0);
                    const double lo = std::clamp(double(peaks->minimum.at(b)), -1.0, 1.0);
                    p.drawLine(x, int(mid - hi * half), x, int(mid - lo * half));
                }
            }
        }
    }
    if (inner.width() > 24) {
        p.setPen(Qt::white);
        const QRect textRect
            = segment.text ? inner.adjusted(4, 0, -4, 0)
                           : QRect(inner.left() + 4, inner.top(), inner.width() - 8, textHeight);
        p.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
                   p.fontMetrics().elidedText(label, Qt::ElideRight, textRect.width()));
    }
}

void TimelineWidget::paintHeaders(QPainter &p, const QRect &clip)
{
    if (clip.left() >= TimelineLayout::HeaderWidth)
        return;
    const QList<TimelineLayout::Row> &rows = m_layout.rows();
    p.save();
    p.setClipRect(
        QRect(0, TimelineLayout::RulerHeight, TimelineLayout::HeaderWidth, viewport()->height()));
    p.fillRect(QRect(0, 0, TimelineLayout::HeaderWidth, viewport()->height()), HeaderColor);
    for (int row = 0; row < rows.size(); ++row) {
        const QRect h = m_layout.headerRect(row);
        if (!h.intersects(clip))
            continue;
        const TimelineLayout::Row &r = rows.at(row);
        p.fillRect(QRect(h.left(), h.top(), 4, h.height()), clipColor(r.type));
        p.setPen(QColor(0x1c, 0x1d, 0x21));
        p.drawLine(h.left(), h.bottom(), h.right(), h.bottom());
        p.setPen(isTrackMuted(r.trackId) ? TickColor : QColor(Qt::white));
        const QString name = r.name.isEmpty() ? trackTypeLabel(r.type) : r.name;
        const int textRight = m_layout.toggleRect(row, TimelineLayout::HitKind::MuteToggle).left();
        p.drawText(QRect(h.left() + 8, h.top(), textRight - h.left() - 10, h.height()),
                   Qt::AlignVCenter | Qt::AlignLeft,
                   p.fontMetrics().elidedText(name, Qt::ElideRight, textRight - h.left() - 10));
        const struct
        {
            TimelineLayout::HitKind kind;
            QString letter;
            bool on;
        } toggles[] = {
            {TimelineLayout::HitKind::MuteToggle, tr("M", "mute track"), isTrackMuted(r.trackId)},
            {TimelineLayout::HitKind::HideToggle, tr("H", "hide track"),
             m_hidden.contains(r.trackId)},
            {TimelineLayout::HitKind::LockToggle, tr("L", "lock track"),
             m_locked.contains(r.trackId)},
        };
        for (const auto &t : toggles) {
            const QRect box = m_layout.toggleRect(row, t.kind);
            p.fillRect(box, t.on ? SelectionColor : QColor(0x44, 0x47, 0x4e));
            p.setPen(t.on ? Qt::black : Qt::white);
            p.drawText(box, Qt::AlignCenter, t.letter);
        }
    }
    p.restore();
}

void TimelineWidget::paintOverlay(QPainter &p)
{
    const Draft &draft = m_service->draft();
    const int top = TimelineLayout::RulerHeight;
    p.save();
    p.setClipRect(QRect(TimelineLayout::HeaderWidth, 0, viewport()->width(), viewport()->height()));
    // Drag ghosts.
    if (m_drag.mode == DragMode::Move) {
        for (const QString &id : std::as_const(m_drag.moving)) {
            const auto [track, s] = draft.segment(id);
            if (!s)
                continue;
            const QString trackId = id == m_drag.segmentId ? m_drag.targetTrackId : track->id;
            const int row = m_layout.rowForTrack(trackId);
            if (row < 0)
                continue;
            TimeRange r = s->target;
            r.start += m_drag.deltaUs;
            paintClip(p, *track, *s, m_layout.clipRect(row, r), true, true);
        }
    } else if (m_drag.mode == DragMode::TrimStart || m_drag.mode == DragMode::TrimEnd) {
        const auto [track, s] = draft.segment(m_drag.segmentId);
        if (s) {
            const int row = m_layout.rowForTrack(track->id);
            paintClip(p, *track, *s, m_layout.clipRect(row, m_drag.trimmed), true, true);
        }
    } else if (m_drag.mode == DragMode::Keyframe) {
        const auto [track, s] = draft.segment(m_drag.segmentId);
        if (s) {
            const int row = m_layout.rowForTrack(track->id);
            const QRect rect = m_layout.clipRect(row, s->target);
            const double x = m_layout.keyframeX(*s, m_drag.keyframeOffset);
            p.setPen(SelectionColor);
            p.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()));
        }
    } else if (m_drag.mode == DragMode::RubberBand && !m_drag.band.isEmpty()) {
        p.setPen(QPen(SelectionColor, 1, Qt::DashLine));
        p.setBrush(QColor(255, 200, 61, 40));
        p.drawRect(m_drag.band);
        p.setBrush(Qt::NoBrush);
    }
    if (m_drag.snappedAt) {
        const double x = m_layout.xForTime(*m_drag.snappedAt);
        p.setPen(QPen(QColor(0x5c, 0xe1, 0xff), 1, Qt::DashLine));
        p.drawLine(QPointF(x, top), QPointF(x, viewport()->height()));
    }
    if (m_dropRow == -1) {
        const int y = top + m_layout.contentHeight() - m_layout.scrollY() - 48;
        p.fillRect(QRect(TimelineLayout::HeaderWidth, y, viewport()->width(), 48),
                   QColor(255, 255, 255, 24));
        p.setPen(TickColor);
        p.drawText(QRect(TimelineLayout::HeaderWidth, y, viewport()->width() - 170, 48),
                   Qt::AlignCenter, tr("Drop here for a new track"));
    }
    // Playhead.
    const double x = m_layout.xForTime(m_playhead);
    p.setPen(QPen(PlayheadColor, 1));
    p.drawLine(QPointF(x, 0), QPointF(x, viewport()->height()));
    QPolygonF head;
    head << QPointF(x - 6, 0) << QPointF(x + 6, 0) << QPointF(x, 8);
    p.setBrush(PlayheadColor);
    p.drawPolygon(head);
    p.restore();
}

} // namespace CutPilot::Ui
