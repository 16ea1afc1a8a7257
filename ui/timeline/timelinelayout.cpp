#include "timelinelayout.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace Qt::StringLiterals;

namespace CutPilot::Ui {

using namespace Core;

namespace {

constexpr int DropZoneHeight = 48;
constexpr int TailRoomPx = 400;

} // namespace

int TimelineLayout::rowHeightFor(TrackType type)
{
    switch (type) {
    case TrackType::Video:
        return 64;
    case TrackType::Audio:
        return 52;
    default:
        return 36;
    }
}

void TimelineLayout::setDraft(const Draft *draft)
{
    m_draft = draft;
    m_rows.clear();
    if (!draft)
        return;
    QList<int> upper;
    QList<int> video;
    QList<int> audio;
    for (int i = 0; i < draft->tracks.size(); ++i) {
        switch (draft->tracks.at(i).type) {
        case TrackType::Video:
            video.append(i);
            break;
        case TrackType::Audio:
            audio.append(i);
            break;
        default:
            upper.append(i);
        }
    }
    auto byLayerDesc = [draft](int a, int b) {
        return draft->tracks.at(a).renderIndex() > draft->tracks.at(b).renderIndex();
    };
    std::stable_sort(upper.begin(), upper.end(), byLayerDesc);
    std::reverse(video.begin(), video.end()); // draft order is bottom first
    int top = 0;
    for (const QList<int> &group : {upper, video, audio}) {
        for (int i : group) {
            const Track &t = draft->tracks.at(i);
            Row row;
            row.trackId = t.id;
            row.type = t.type;
            row.name = t.name;
            row.top = top;
            row.height = rowHeightFor(t.type);
            row.trackIndex = i;
            row.order.resize(t.segments.size());
            std::iota(row.order.begin(), row.order.end(), 0);
            std::stable_sort(row.order.begin(), row.order.end(), [&t](int a, int b) {
                return t.segments.at(a).target.start < t.segments.at(b).target.start;
            });
            top += row.height;
            m_rows.append(row);
        }
    }
}

void TimelineLayout::setUsPerPx(double usPerPx)
{
    if (!std::isfinite(usPerPx))
        return;
    m_usPerPx = std::clamp(usPerPx, MinUsPerPx, MaxUsPerPx);
}

void TimelineLayout::zoomBy(double factor, int anchorX)
{
    const double anchorUs = (anchorX - HeaderWidth + m_scrollX) * m_usPerPx;
    setUsPerPx(m_usPerPx / factor);
    m_scrollX = qMax(0, int(std::lround(anchorUs / m_usPerPx)) - (anchorX - HeaderWidth));
}

double TimelineLayout::fitUsPerPx(qint64 durationUs) const
{
    const qint64 span = qMax<qint64>(durationUs, 1'000'000);
    // Leave a little room after the end so the last clip's edge can be grabbed.
    return std::clamp(double(span) / (clipAreaWidth() * 0.95), MinUsPerPx, MaxUsPerPx);
}

int TimelineLayout::contentWidth(qint64 durationUs) const
{
    const double px = double(durationUs) / m_usPerPx + TailRoomPx;
    return int(std::min(px, 1.0e9));
}

int TimelineLayout::contentHeight() const
{
    const int rows = m_rows.isEmpty() ? 0 : m_rows.last().top + m_rows.last().height;
    return rows + DropZoneHeight;
}

double TimelineLayout::xForTime(qint64 us) const
{
    return HeaderWidth + double(us) / m_usPerPx - m_scrollX;
}

qint64 TimelineLayout::timeForX(double x) const
{
    const double us = (x - HeaderWidth + m_scrollX) * m_usPerPx;
    return qMax<qint64>(0, qint64(std::llround(std::min(us, double(MaxTimeUs)))));
}

int TimelineLayout::rowForTrack(const QString &trackId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).trackId == trackId)
            return i;
    }
    return -1;
}

int TimelineLayout::rowAt(int y) const
{
    if (y < RulerHeight)
        return -1;
    const int contentY = y - RulerHeight + m_scrollY;
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &r = m_rows.at(i);
        if (contentY >= r.top && contentY < r.top + r.height)
            return i;
    }
    return -1;
}

QRect TimelineLayout::rowRect(int row) const
{
    const Row &r = m_rows.at(row);
    return QRect(HeaderWidth, RulerHeight + r.top - m_scrollY, clipAreaWidth(), r.height);
}

QRect TimelineLayout::headerRect(int row) const
{
    const Row &r = m_rows.at(row);
    return QRect(0, RulerHeight + r.top - m_scrollY, HeaderWidth, r.height);
}

QRect TimelineLayout::toggleRect(int row, HitKind toggle) const
{
    const QRect h = headerRect(row);
    int slot = 0;
    if (toggle == HitKind::HideToggle)
        slot = 1;
    else if (toggle == HitKind::LockToggle)
        slot = 2;
    const int x = h.right() - 3 * (ToggleSize + 4) + slot * (ToggleSize + 4);
    return QRect(x, h.top() + (h.height() - ToggleSize) / 2, ToggleSize, ToggleSize);
}

QRect TimelineLayout::clipRect(int row, const TimeRange &range) const
{
    const QRect r = rowRect(row);
    // Clamp far-away coordinates: QRect is int-based and a zoomed-in 3-hour photo overflows it.
    const double left = std::clamp(xForTime(range.start), -1.0e6, 1.0e6);
    const double right = std::clamp(xForTime(range.end()), -1.0e6, 1.0e6);
    const int l = int(std::floor(left));
    const int w = qMax(1, int(std::ceil(right)) - l);
    return QRect(l, r.top() + 2, w, r.height() - 4);
}

double TimelineLayout::keyframeX(const Segment &segment, qint64 offsetUs) const
{
    return xForTime(segment.target.start + offsetUs);
}

TimelineLayout::Hit TimelineLayout::hitTest(QPoint p) const
{
    Hit hit;
    hit.timeUs = timeForX(p.x());
    if (p.y() < RulerHeight) {
        hit.kind = p.x() >= HeaderWidth ? HitKind::Ruler : HitKind::Nothing;
        return hit;
    }
    hit.row = rowAt(p.y());
    if (hit.row < 0) {
        hit.kind = (p.x() >= HeaderWidth && m_draft) ? HitKind::BelowTracks : HitKind::Nothing;
        return hit;
    }
    const Row &row = m_rows.at(hit.row);
    hit.trackId = row.trackId;
    if (p.x() < HeaderWidth) {
        hit.kind = HitKind::Header;
        for (HitKind t : {HitKind::MuteToggle, HitKind::HideToggle, HitKind::LockToggle}) {
            if (toggleRect(hit.row, t).contains(p))
                hit.kind = t;
        }
        return hit;
    }
    hit.kind = HitKind::Empty;
    if (!m_draft || row.trackIndex < 0 || row.trackIndex >= m_draft->tracks.size())
        return hit;
    const Track &track = m_draft->tracks.at(row.trackIndex);
    const qint64 slack = usForPixels(EdgeGrip);
    const QList<int> &order = row.order;
    const qsizetype first = firstEndingAfter(hit.row, qMax<qint64>(0, hit.timeUs - slack));
    for (qsizetype n = first; n < order.size(); ++n) {
        const Segment &s = track.segments.at(order.at(n));
        const QRect rect = clipRect(hit.row, s.target);
        if (rect.left() > p.x() + EdgeGrip)
            break;
        if (p.x() < rect.left() - 1 || p.x() > rect.right() + 1)
            continue;
        hit.segmentId = s.id;
        // Keyframe markers sit on a band at the bottom of the clip.
        const int markerY = rect.bottom() - KeyframeGrip - 1;
        if (std::abs(p.y() - markerY) <= KeyframeGrip + 1) {
            for (const KeyframeTrack &kt : s.keyframes) {
                for (const Keyframe &k : kt.keyframes) {
                    if (std::abs(keyframeX(s, k.offsetUs) - p.x()) <= KeyframeGrip) {
                        hit.kind = HitKind::Keyframe;
                        hit.keyframeId = k.id;
                        return hit;
                    }
                }
            }
        }
        const int grip = qMin(EdgeGrip, rect.width() / 3);
        if (p.x() <= rect.left() + grip)
            hit.kind = HitKind::ClipStart;
        else if (p.x() >= rect.right() - grip)
            hit.kind = HitKind::ClipEnd;
        else
            hit.kind = HitKind::Clip;
        // A touching neighbour's head wins over this clip's tail only when the point is past it.
        if (hit.kind == HitKind::ClipEnd && n + 1 < order.size()) {
            const Segment &next = track.segments.at(order.at(n + 1));
            if (next.target.start == s.target.end() && p.x() > xForTime(next.target.start)) {
                hit.segmentId = next.id;
                hit.kind = HitKind::ClipStart;
            }
        }
        return hit;
    }
    return hit;
}

qsizetype TimelineLayout::firstEndingAfter(int row, qint64 us) const
{
    if (!m_draft || row < 0 || row >= m_rows.size())
        return 0;
    const Row &r = m_rows.at(row);
    const Track &track = m_draft->tracks.at(r.trackIndex);
    auto it = std::upper_bound(r.order.cbegin(), r.order.cend(), us, [&](qint64 t, int i) {
        return t < track.segments.at(i).target.end();
    });
    return it - r.order.cbegin();
}

std::optional<qint64> TimelineLayout::snap(qint64 us, const QList<qint64> &candidates,
                                           qint64 thresholdUs)
{
    std::optional<qint64> best;
    qint64 bestDistance = thresholdUs + 1;
    for (qint64 c : candidates) {
        const qint64 d = c > us ? c - us : us - c;
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

QString TimelineLayout::timecode(qint64 us, double fps)
{
    if (!(fps > 0))
        fps = 30.0;
    const bool negative = us < 0;
    const qint64 a = negative ? -us : us;
    const qint64 totalSeconds = a / 1'000'000;
    const int frames = int(std::floor(double(a % 1'000'000) * fps / 1'000'000.0 + 1e-9));
    const qint64 h = totalSeconds / 3600;
    const int m = int((totalSeconds / 60) % 60);
    const int s = int(totalSeconds % 60);
    return u"%1%2:%3:%4:%5"_s.arg(negative ? u"-"_s : QString())
        .arg(h, 2, 10, QLatin1Char('0'))
        .arg(m, 2, 10, QLatin1Char('0'))
        .arg(s, 2, 10, QLatin1Char('0'))
        .arg(frames, 2, 10, QLatin1Char('0'));
}

qint64 TimelineLayout::tickStepUs(double usPerPx, int minPx, double fps)
{
    if (!(fps > 0))
        fps = 30.0;
    const qint64 frame = qint64(std::llround(1'000'000.0 / fps));
    static const qint64 seconds[]
        = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 18000, 36000, 86400};
    const double minUs = usPerPx * minPx;
    for (qint64 frames : {1, 2, 5, 10}) {
        if (frame * frames >= minUs)
            return frame * frames;
    }
    for (qint64 s : seconds) {
        if (s * 1'000'000 >= minUs)
            return s * 1'000'000;
    }
    return qint64(std::ceil(minUs / 86'400'000'000.0)) * 86'400'000'000;
}

} // namespace CutPilot::Ui
