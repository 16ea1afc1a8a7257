#include "timelinewidget.h"

#include "core/draft/catalog/catalogregistry.h"
#include "core/services/draftservice.h"
#include "core/services/mediaservice.h"
#include "ui/common/mediamime.h"
#include "ui/timeline/timelinemediacache.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QDragEnterEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMimeData>
#include <QMouseEvent>
#include <QScrollBar>
#include <QUndoStack>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace CutPilot::Ui {

using namespace Core;
using HitKind = TimelineLayout::HitKind;

TimelineWidget::TimelineWidget(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setObjectName(u"timeline"_s);
    setFocusPolicy(Qt::StrongFocus);
    setAcceptDrops(true);
    viewport()->setAcceptDrops(true);
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    horizontalScrollBar()->setSingleStep(20);
    verticalScrollBar()->setSingleStep(20);
    setMinimumHeight(TimelineLayout::RulerHeight + 80);
    setWhatsThis(tr("S split · Delete / Shift+Delete ripple delete · K keyframe · N snapping · "
                    "Ctrl+wheel zoom · Ctrl+0 fit"));
    m_layout.setViewportSize(viewport()->size());
}

TimelineWidget::~TimelineWidget() = default;

void TimelineWidget::setDraft(DraftService *service)
{
    // nullptr always clears: also when the shown service was just destroyed (the QPointer is
    // already null then, but the layout still points into it).
    if (service && m_service == service)
        return;
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    m_drag = {};
    m_clipboard.clear();
    m_locked.clear();
    m_hidden.clear();
    m_keyframe.clear();
    m_keyframeSegment.clear();
    m_fitted = true;
    if (service) {
        connect(service, &DraftService::draftChanged, this, &TimelineWidget::onDraftChanged);
        connect(service, &QObject::destroyed, this, [this] { setDraft(nullptr); });
    }
    m_layout.setDraft(service ? &service->draft() : nullptr);
    setSelectionInternal({}, {});
    if (service)
        zoomToFit();
    updateScrollBars();
    viewport()->update();
}

void TimelineWidget::setMediaService(MediaService *media)
{
    m_media = media;
    m_mediaCache = media ? std::make_unique<TimelineMediaCache>(
                       media, [this] { viewport()->update(); }, nullptr)
                         : nullptr;
    viewport()->update();
}

void TimelineWidget::setCatalogs(std::shared_ptr<CatalogRegistry> catalogs)
{
    m_catalogs = std::move(catalogs);
}

void TimelineWidget::setPlayhead(qint64 us)
{
    us = std::clamp<qint64>(us, 0, MaxTimeUs);
    if (us == m_playhead)
        return;
    m_playhead = us;
    viewport()->update();
    Q_EMIT playheadChanged(us);
}

void TimelineWidget::setSelectedSegments(const QStringList &ids)
{
    setSelectionInternal(ids, ids.isEmpty() ? QString() : ids.constLast());
}

void TimelineWidget::setSnapping(bool on)
{
    if (m_snapping == on)
        return;
    m_snapping = on;
    Q_EMIT snappingChanged(on);
}

void TimelineWidget::setUsPerPx(double usPerPx)
{
    m_fitted = false;
    m_layout.setUsPerPx(usPerPx);
    updateScrollBars();
    viewport()->update();
}

void TimelineWidget::zoomToFit()
{
    m_layout.setUsPerPx(m_layout.fitUsPerPx(m_service ? m_service->draft().duration() : 0));
    m_layout.setScrollX(0);
    m_fitted = true;
    updateScrollBars();
    viewport()->update();
}

void TimelineWidget::zoomIn()
{
    m_fitted = false;
    m_layout.zoomBy(1.25, int(m_layout.xForTime(m_playhead)));
    updateScrollBars();
    viewport()->update();
}

void TimelineWidget::zoomOut()
{
    m_fitted = false;
    m_layout.zoomBy(0.8, int(m_layout.xForTime(m_playhead)));
    updateScrollBars();
    viewport()->update();
}

void TimelineWidget::setTrackLocked(const QString &trackId, bool on)
{
    on ? void(m_locked.insert(trackId)) : void(m_locked.remove(trackId));
    viewport()->update();
}

void TimelineWidget::setTrackMuted(const QString &trackId, bool on)
{
    // Mute is part of the draft (the editor mutes the track too), so it is an edit that undoes;
    // hide and lock are how this view shows and protects tracks.
    if (!m_service)
        return;
    if (Result<> done = m_service->setTrackMuted(trackId, on); !done)
        Q_EMIT editRefused(done.error().message());
    viewport()->update();
}

bool TimelineWidget::isTrackMuted(const QString &trackId) const
{
    const Track *track = m_service ? m_service->draft().track(trackId) : nullptr;
    return track && track->muted;
}

void TimelineWidget::setTrackHidden(const QString &trackId, bool on)
{
    on ? void(m_hidden.insert(trackId)) : void(m_hidden.remove(trackId));
    viewport()->update();
}

void TimelineWidget::onDraftChanged()
{
    const Draft *draft = m_service ? &m_service->draft() : nullptr;
    m_layout.setDraft(draft);
    auto exists = [draft](const QString &id) {
        return draft && draft->segment(id).second;
    };
    QStringList kept;
    for (const QString &id : std::as_const(m_selection)) {
        if (exists(id))
            kept.append(id);
    }
    const QString current = exists(m_current) ? m_current : QString();
    if (!m_keyframe.isEmpty()) {
        bool found = false;
        if (const Segment *s = draft ? draft->segment(m_keyframeSegment).second : nullptr) {
            for (const KeyframeTrack &kt : s->keyframes) {
                for (const Keyframe &k : kt.keyframes)
                    found = found || k.id == m_keyframe;
            }
        }
        if (!found) {
            m_keyframe.clear();
            m_keyframeSegment.clear();
        }
    }
    // An edit from elsewhere (the API) removed the clip being dragged: drop the drag.
    if (m_drag.mode != DragMode::None && m_drag.mode != DragMode::Scrub
        && m_drag.mode != DragMode::RubberBand && !exists(m_drag.segmentId))
        m_drag = {};
    setSelectionInternal(kept, current);
    if (m_fitted)
        m_layout.setUsPerPx(m_layout.fitUsPerPx(draft ? draft->duration() : 0));
    updateScrollBars();
    viewport()->update();
}

void TimelineWidget::updateScrollBars()
{
    m_layout.setViewportSize(viewport()->size());
    // setRange() clamps the value and scrolls (scrollContentsBy): keep what the layout wants.
    const int wantX = m_layout.scrollX();
    const int wantY = m_layout.scrollY();
    const qint64 duration = m_service ? m_service->draft().duration() : 0;
    const int contentW = m_layout.contentWidth(qMax(duration, m_playhead));
    const int pageW = m_layout.clipAreaWidth();
    QScrollBar *h = horizontalScrollBar();
    h->setPageStep(pageW);
    h->setRange(0, qMax(0, contentW - pageW));
    h->setValue(wantX);
    m_layout.setScrollX(h->value());
    const int pageH = qMax(1, viewport()->height() - TimelineLayout::RulerHeight);
    QScrollBar *v = verticalScrollBar();
    v->setPageStep(pageH);
    v->setRange(0, qMax(0, m_layout.contentHeight() - pageH));
    v->setValue(wantY);
    m_layout.setScrollY(v->value());
}

void TimelineWidget::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    m_layout.setViewportSize(viewport()->size());
    if (m_fitted && m_service)
        m_layout.setUsPerPx(m_layout.fitUsPerPx(m_service->draft().duration()));
    updateScrollBars();
}

void TimelineWidget::scrollContentsBy(int, int)
{
    m_layout.setScrollX(horizontalScrollBar()->value());
    m_layout.setScrollY(verticalScrollBar()->value());
    viewport()->update();
}

void TimelineWidget::setSelectionInternal(QStringList ids, const QString &current)
{
    ids.removeDuplicates();
    const bool changed = ids != m_selection;
    m_selection = ids;
    viewport()->update();
    if (changed)
        Q_EMIT selectionChanged(m_selection);
    setCurrent(current);
}

void TimelineWidget::selectOnly(const QString &segmentId)
{
    setSelectionInternal(segmentId.isEmpty() ? QStringList() : QStringList{segmentId}, segmentId);
}

void TimelineWidget::setCurrent(const QString &segmentId)
{
    if (segmentId == m_current)
        return;
    m_current = segmentId;
    Q_EMIT currentSegmentChanged(segmentId);
}

double TimelineWidget::fps() const
{
    const double f = m_service ? m_service->draft().fps : 30.0;
    return f > 0 ? f : 30.0;
}

qint64 TimelineWidget::frameUs() const
{
    return qint64(std::llround(1'000'000.0 / fps()));
}

QList<qint64> TimelineWidget::snapCandidates(const QStringList &excluded) const
{
    QList<qint64> points{m_playhead, 0};
    if (!m_service)
        return points;
    for (const Track &t : m_service->draft().tracks) {
        for (const Segment &s : t.segments) {
            if (excluded.contains(s.id))
                continue;
            points.append(s.target.start);
            points.append(s.target.end());
        }
    }
    return points;
}

qint64 TimelineWidget::snapped(qint64 us, DragState &drag, bool *didSnap) const
{
    if (didSnap)
        *didSnap = false;
    if (!m_snapping)
        return us;
    const auto hit
        = TimelineLayout::snap(us, drag.snapPoints, m_layout.usForPixels(m_snapThresholdPx));
    if (!hit)
        return us;
    if (didSnap)
        *didSnap = true;
    drag.snappedAt = *hit;
    return *hit;
}

// --- mouse ---------------------------------------------------------------------------------------

void TimelineWidget::mousePressEvent(QMouseEvent *event)
{
    setFocus(Qt::MouseFocusReason);
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const QPoint pos = event->position().toPoint();
    const TimelineLayout::Hit hit = m_layout.hitTest(pos);
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    m_drag = {};
    m_drag.pressPos = pos;
    m_drag.pressUs = hit.timeUs;
    m_drag.segmentId = hit.segmentId;
    switch (hit.kind) {
    case HitKind::Ruler:
        m_drag.mode = DragMode::Scrub;
        setPlayhead(hit.timeUs);
        break;
    case HitKind::MuteToggle:
        setTrackMuted(hit.trackId, !isTrackMuted(hit.trackId));
        break;
    case HitKind::HideToggle:
        setTrackHidden(hit.trackId, !isTrackHidden(hit.trackId));
        break;
    case HitKind::LockToggle:
        setTrackLocked(hit.trackId, !isTrackLocked(hit.trackId));
        break;
    case HitKind::Keyframe:
        m_keyframe = hit.keyframeId;
        m_keyframeSegment = hit.segmentId;
        selectOnly(hit.segmentId);
        m_drag.mode = DragMode::Keyframe;
        m_drag.keyframeId = hit.keyframeId;
        m_drag.snapPoints = {m_playhead};
        if (const Segment *s = m_service->draft().segment(hit.segmentId).second) {
            for (const KeyframeTrack &kt : s->keyframes) {
                for (const Keyframe &k : kt.keyframes) {
                    if (k.id == hit.keyframeId)
                        m_drag.keyframeOffset = k.offsetUs;
                }
            }
        }
        break;
    case HitKind::Clip:
    case HitKind::ClipStart:
    case HitKind::ClipEnd: {
        m_keyframe.clear();
        m_keyframeSegment.clear();
        if (ctrl) {
            QStringList ids = m_selection;
            if (ids.contains(hit.segmentId))
                ids.removeAll(hit.segmentId);
            else
                ids.append(hit.segmentId);
            setSelectionInternal(ids, ids.contains(hit.segmentId) ? hit.segmentId : QString());
            break; // Ctrl+click only toggles
        }
        if (shift) {
            QStringList ids = m_selection;
            ids.append(hit.segmentId);
            setSelectionInternal(ids, hit.segmentId);
        } else if (!m_selection.contains(hit.segmentId) || hit.kind != HitKind::Clip) {
            selectOnly(hit.segmentId);
        } else {
            setCurrent(hit.segmentId);
        }
        const auto [track, segment] = m_service->draft().segment(hit.segmentId);
        if (!segment)
            break;
        if (hit.kind == HitKind::Clip) {
            m_drag.mode = DragMode::PendingMove;
            m_drag.targetTrackId = track->id;
        } else {
            m_drag.mode = hit.kind == HitKind::ClipStart ? DragMode::TrimStart : DragMode::TrimEnd;
            m_drag.trimmed = segment->target;
            m_drag.snapPoints = snapCandidates({hit.segmentId});
        }
        break;
    }
    case HitKind::Empty:
    case HitKind::BelowTracks:
        m_keyframe.clear();
        m_keyframeSegment.clear();
        m_drag.mode = DragMode::RubberBand;
        m_drag.baseSelection = ctrl || shift ? m_selection : QStringList();
        m_drag.band = QRect(pos, pos);
        if (!ctrl && !shift)
            setSelectionInternal({}, {});
        break;
    default:
        break;
    }
    viewport()->update();
}

void TimelineWidget::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_drag.mode == DragMode::None) {
        const HitKind kind = m_layout.hitTest(pos).kind;
        viewport()->setCursor(kind == HitKind::ClipStart || kind == HitKind::ClipEnd
                                  ? Qt::SizeHorCursor
                                  : Qt::ArrowCursor);
        return;
    }
    updateDrag(pos, event->modifiers());
}

void TimelineWidget::updateDrag(QPoint pos, Qt::KeyboardModifiers)
{
    if (!m_service) {
        m_drag = {};
        return;
    }
    const qint64 now = m_layout.timeForX(pos.x());
    m_drag.snappedAt.reset();
    switch (m_drag.mode) {
    case DragMode::Scrub:
        setPlayhead(now);
        break;
    case DragMode::PendingMove: {
        if ((pos - m_drag.pressPos).manhattanLength() < QApplication::startDragDistance())
            break;
        QStringList moving;
        for (const QString &id : std::as_const(m_selection)) {
            if (const auto [t, s] = m_service->draft().segment(id); s && !isTrackLocked(t->id))
                moving.append(id);
        }
        if (!moving.contains(m_drag.segmentId)) {
            if (const Track *t = m_service->draft().segment(m_drag.segmentId).first)
                refuseIfLocked(t->id);
            m_drag = {};
            break;
        }
        m_drag.moving = moving;
        m_drag.snapPoints = snapCandidates(moving);
        m_drag.mode = DragMode::Move;
        [[fallthrough]];
    }
    case DragMode::Move: {
        const auto [track, segment] = m_service->draft().segment(m_drag.segmentId);
        if (!segment)
            break;
        qint64 delta = now - m_drag.pressUs;
        for (const QString &id : std::as_const(m_drag.moving)) {
            if (const Segment *s = m_service->draft().segment(id).second)
                delta = qMax(delta, -s->target.start); // nothing before 0
        }
        if (m_snapping) {
            // Snap whichever edge of the grabbed clip is nearer to a snap point.
            DragState probe = m_drag;
            bool startSnap = false;
            bool endSnap = false;
            const qint64 start = snapped(segment->target.start + delta, probe, &startSnap);
            const std::optional<qint64> startAt = probe.snappedAt;
            probe.snappedAt.reset();
            const qint64 end = snapped(segment->target.end() + delta, probe, &endSnap);
            const qint64 byStart = start - (segment->target.start + delta);
            const qint64 byEnd = end - (segment->target.end() + delta);
            if (startSnap && (!endSnap || std::abs(byStart) <= std::abs(byEnd))) {
                delta += byStart;
                m_drag.snappedAt = startAt;
            } else if (endSnap) {
                delta += byEnd;
                m_drag.snappedAt = probe.snappedAt;
            }
            delta = qMax(delta, -segment->target.start);
        }
        m_drag.deltaUs = delta;
        m_drag.targetTrackId = track->id;
        if (m_drag.moving.size() == 1) {
            const int row = m_layout.rowAt(pos.y());
            if (row >= 0) {
                const TimelineLayout::Row &r = m_layout.rows().at(row);
                if (r.type == track->type && !isTrackLocked(r.trackId))
                    m_drag.targetTrackId = r.trackId;
            }
        }
        break;
    }
    case DragMode::TrimStart:
    case DragMode::TrimEnd: {
        const Segment *segment = m_service->draft().segment(m_drag.segmentId).second;
        if (!segment)
            break;
        const TimeRange was = segment->target;
        const qint64 minLen = frameUs();
        const qint64 shift = now - m_drag.pressUs;
        qint64 edge = snapped(
            m_drag.mode == DragMode::TrimStart ? was.start + shift : was.end() + shift, m_drag);
        if (m_drag.mode == DragMode::TrimStart) {
            edge = std::clamp<qint64>(edge, 0, qMax<qint64>(0, was.end() - minLen));
            m_drag.trimmed = {edge, was.end() - edge};
        } else {
            edge = qMax(edge, was.start + minLen);
            m_drag.trimmed = {was.start, edge - was.start};
        }
        break;
    }
    case DragMode::Keyframe: {
        const Segment *segment = m_service->draft().segment(m_drag.segmentId).second;
        if (!segment)
            break;
        const qint64 at = snapped(now, m_drag);
        m_drag.keyframeOffset
            = std::clamp<qint64>(at - segment->target.start, 0, segment->target.duration);
        break;
    }
    case DragMode::RubberBand:
        updateRubberBand(pos);
        break;
    default:
        break;
    }
    viewport()->update();
}

void TimelineWidget::updateRubberBand(QPoint pos)
{
    m_drag.band = QRect(m_drag.pressPos, pos).normalized();
    if (!m_service)
        return;
    QStringList ids = m_drag.baseSelection;
    const Draft &draft = m_service->draft();
    const qint64 from = m_layout.timeForX(m_drag.band.left());
    const qint64 to = m_layout.timeForX(m_drag.band.right());
    for (int row = 0; row < m_layout.rows().size(); ++row) {
        const QRect rr = m_layout.rowRect(row);
        if (rr.bottom() < m_drag.band.top() || rr.top() > m_drag.band.bottom())
            continue;
        const Track &track = draft.tracks.at(m_layout.rows().at(row).trackIndex);
        const QList<int> &order = m_layout.rows().at(row).order;
        for (qsizetype k = m_layout.firstEndingAfter(row, from); k < order.size(); ++k) {
            const Segment &s = track.segments.at(order.at(k));
            if (s.target.start > to)
                break;
            if (m_layout.clipRect(row, s.target).intersects(m_drag.band))
                ids.append(s.id);
        }
    }
    setSelectionInternal(ids, ids.isEmpty() ? QString() : ids.constLast());
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mouseReleaseEvent(event);
        return;
    }
    if (m_drag.mode != DragMode::None && m_drag.mode != DragMode::PendingMove)
        updateDrag(event->position().toPoint(), event->modifiers());
    finishDrag();
}

void TimelineWidget::finishDrag()
{
    const DragState drag = std::exchange(m_drag, DragState{});
    switch (drag.mode) {
    case DragMode::Move:
        commitMove(drag);
        break;
    case DragMode::TrimStart:
    case DragMode::TrimEnd:
        commitTrim(drag);
        break;
    case DragMode::Keyframe:
        commitKeyframeMove(drag);
        break;
    default:
        break;
    }
    viewport()->update();
}

void TimelineWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    // A double click on a clip puts the playhead there (handy before S or K).
    const TimelineLayout::Hit hit = m_layout.hitTest(event->position().toPoint());
    if (hit.kind == HitKind::Clip)
        setPlayhead(hit.timeUs);
    else
        QAbstractScrollArea::mouseDoubleClickEvent(event);
}

void TimelineWidget::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const int steps = event->angleDelta().y() / 120;
        if (steps != 0) {
            m_fitted = false;
            m_layout.zoomBy(std::pow(1.25, steps), int(event->position().x()));
            updateScrollBars();
            viewport()->update();
        }
        event->accept();
        return;
    }
    if (event->modifiers() & Qt::ShiftModifier) {
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - event->angleDelta().y());
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

// --- keyboard ------------------------------------------------------------------------------------

bool TimelineWidget::handlesShortcut(const QKeyEvent *event) const
{
    const int key = event->key();
    const Qt::KeyboardModifiers mods
        = event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier | Qt::AltModifier);
    if (event->matches(QKeySequence::Undo) || event->matches(QKeySequence::Redo)
        || event->matches(QKeySequence::Copy) || event->matches(QKeySequence::Paste))
        return true;
    if (mods == Qt::ControlModifier
        && (key == Qt::Key_Y || key == Qt::Key_0 || key == Qt::Key_Plus || key == Qt::Key_Equal
            || key == Qt::Key_Minus))
        return true;
    if (mods == (Qt::ControlModifier | Qt::ShiftModifier) && key == Qt::Key_Z)
        return true;
    if (mods == Qt::NoModifier
        && (key == Qt::Key_S || key == Qt::Key_N || key == Qt::Key_K || key == Qt::Key_Delete
            || key == Qt::Key_Backspace || key == Qt::Key_Left || key == Qt::Key_Right
            || key == Qt::Key_Home || key == Qt::Key_End || key == Qt::Key_Escape))
        return true;
    return mods == Qt::ShiftModifier && (key == Qt::Key_Delete || key == Qt::Key_Backspace);
}

bool TimelineWidget::event(QEvent *event)
{
    // Take our keys before window-wide shortcuts (the main window's Undo, Delete ...).
    if (event->type() == QEvent::ShortcutOverride
        && handlesShortcut(static_cast<QKeyEvent *>(event))) {
        event->accept();
        return true;
    }
    return QAbstractScrollArea::event(event);
}

void TimelineWidget::keyPressEvent(QKeyEvent *event)
{
    const int key = event->key();
    const Qt::KeyboardModifiers mods
        = event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier | Qt::AltModifier);
    if (event->matches(QKeySequence::Undo)) {
        undo();
    } else if (event->matches(QKeySequence::Redo)
               || (mods == Qt::ControlModifier && key == Qt::Key_Y)
               || (mods == (Qt::ControlModifier | Qt::ShiftModifier) && key == Qt::Key_Z)) {
        redo();
    } else if (event->matches(QKeySequence::Copy)) {
        copySelection();
    } else if (event->matches(QKeySequence::Paste)) {
        paste();
    } else if (mods == Qt::ControlModifier && key == Qt::Key_0) {
        zoomToFit();
    } else if (mods == Qt::ControlModifier && (key == Qt::Key_Plus || key == Qt::Key_Equal)) {
        zoomIn();
    } else if (mods == Qt::ControlModifier && key == Qt::Key_Minus) {
        zoomOut();
    } else if ((key == Qt::Key_Delete || key == Qt::Key_Backspace)
               && (mods == Qt::NoModifier || mods == Qt::ShiftModifier)) {
        deleteSelection(mods == Qt::ShiftModifier);
    } else if (mods != Qt::NoModifier) {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    } else if (key == Qt::Key_S) {
        splitAtPlayhead();
    } else if (key == Qt::Key_N) {
        setSnapping(!m_snapping);
    } else if (key == Qt::Key_K) {
        addKeyframeAtPlayhead();
    } else if (key == Qt::Key_Left) {
        setPlayhead(m_playhead - frameUs());
    } else if (key == Qt::Key_Right) {
        setPlayhead(m_playhead + frameUs());
    } else if (key == Qt::Key_Home) {
        setPlayhead(0);
    } else if (key == Qt::Key_End) {
        setPlayhead(m_service ? m_service->draft().duration() : 0);
    } else if (key == Qt::Key_Escape) {
        m_drag = {};
        setSelectionInternal({}, {});
    } else {
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    event->accept();
}

void TimelineWidget::contextMenuEvent(QContextMenuEvent *event)
{
    if (!m_service)
        return;
    const TimelineLayout::Hit hit = m_layout.hitTest(event->pos());
    QMenu menu(this);
    if (!hit.segmentId.isEmpty()) {
        if (!m_selection.contains(hit.segmentId))
            selectOnly(hit.segmentId);
        menu.addAction(tr("Split at playhead"), this, &TimelineWidget::splitAtPlayhead);
        menu.addAction(tr("Delete"), this, [this] { deleteSelection(false); });
        menu.addAction(tr("Ripple delete"), this, [this] { deleteSelection(true); });
        menu.addAction(tr("Copy"), this, &TimelineWidget::copySelection);
        menu.addAction(tr("Add keyframe at playhead"), this,
                       &TimelineWidget::addKeyframeAtPlayhead);
        const Track *track = m_service->draft().segment(hit.segmentId).first;
        QList<CatalogEntry> transitions;
        if (m_catalogs && track && track->type == TrackType::Video) {
            const CatalogNamespace ns = m_service->profile().product == u"capcut"_s
                                            ? CatalogNamespace::CapCut
                                            : CatalogNamespace::JianYing;
            transitions = m_catalogs->list(CatalogKind::Transition, ns);
        }
        QMenu *sub = menu.addMenu(tr("Transition to next clip"));
        sub->setEnabled(!transitions.isEmpty());
        if (transitions.isEmpty())
            sub->setToolTip(tr("No transition catalog is loaded"));
        const qsizetype shown = qMin<qsizetype>(transitions.size(), 40);
        for (const CatalogEntry &entry : std::as_const(transitions).first(shown)) {
            const QString label = entry.vip ? tr("%1 (VIP)").arg(entry.name) : entry.name;
            const QString id = hit.segmentId;
            sub->addAction(label, this, [this, id, entry] { addTransition(id, entry); });
        }
    } else if (hit.kind != HitKind::Nothing) {
        menu.addAction(tr("Paste"), this, &TimelineWidget::paste)
            ->setEnabled(!m_clipboard.isEmpty());
    }
    menu.addSeparator();
    QAction *snap = menu.addAction(tr("Snapping"), this, [this](bool on) { setSnapping(on); });
    snap->setCheckable(true);
    snap->setChecked(m_snapping);
    menu.addAction(tr("Zoom to fit"), this, &TimelineWidget::zoomToFit);
    menu.exec(event->globalPos());
}

} // namespace CutPilot::Ui
