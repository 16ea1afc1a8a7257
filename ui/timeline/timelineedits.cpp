// TimelineWidget's edits: each user action is one undo step on the draft's QUndoStack, made of
// DraftService calls (a macro when it takes several). A refused edit changes nothing and is
// reported through editRefused().

#include "core/draft/draftbuilders.h"
#include "core/services/draftservice.h"
#include "ui/common/mediamime.h"
#include "ui/timeline/timelinewidget.h"

#include <QDragEnterEvent>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QUndoStack>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace CutPilot::Ui {

using namespace Core;

namespace {

template<typename T>
Result<> discard(const Result<T> &result)
{
    if (!result)
        return result.error();
    return {};
}

constexpr qint64 PhotoClipUs = 5'000'000;

} // namespace

void TimelineWidget::refuse(const QString &message)
{
    Q_EMIT editRefused(message);
    viewport()->update();
}

bool TimelineWidget::refuseIfLocked(const QString &trackId)
{
    if (!m_locked.contains(trackId))
        return false;
    const Track *track = m_service ? m_service->draft().track(trackId) : nullptr;
    refuse(tr("Track \"%1\" is locked").arg(track ? track->name : trackId));
    return true;
}

bool TimelineWidget::commit(const QString &text, const std::function<Result<>()> &body,
                            bool grouped)
{
    if (!m_service)
        return false;
    QUndoStack *stack = m_service->undoStack();
    // A lone call would merge into a preceding move of the same item (the service merges
    // drags); inside a macro it stays its own step.
    const QUndoCommand *last = stack->index() > 0 ? stack->command(stack->index() - 1) : nullptr;
    const bool macro = grouped || (last && last->id() != -1);
    if (macro)
        stack->beginMacro(text);
    const Result<> done = body();
    if (macro) {
        stack->endMacro();
        if (!done) {
            // Revert what the macro did, then drop it: an obsolete command is removed by undo()
            // without being undone again, so no redo step is left behind.
            auto *command = const_cast<QUndoCommand *>(stack->command(stack->index() - 1));
            command->undo();
            command->setObsolete(true);
            stack->undo();
        }
    }
    if (!done) {
        refuse(done.error().message());
        return false;
    }
    return true;
}

void TimelineWidget::commitMove(const DragState &drag)
{
    const Draft &draft = m_service->draft();
    struct Move
    {
        QString id;
        QString track;
        qint64 start = 0;
    };
    QList<Move> moves;
    for (const QString &id : drag.moving) {
        const auto [track, s] = draft.segment(id);
        if (!s)
            continue;
        const QString to = id == drag.segmentId ? drag.targetTrackId : track->id;
        if (drag.deltaUs == 0 && to == track->id)
            continue;
        moves.append({id, to, s->target.start + drag.deltaUs});
    }
    if (moves.isEmpty())
        return;
    // Move the leading clip first so that the group never runs into itself.
    std::sort(moves.begin(), moves.end(), [&](const Move &a, const Move &b) {
        return drag.deltaUs > 0 ? a.start > b.start : a.start < b.start;
    });
    commit(
        tr("Move clips"),
        [&]() -> Result<> {
            for (const Move &m : std::as_const(moves)) {
                if (Result<> r = m_service->moveSegment(m.id, m.track, m.start); !r)
                    return r;
            }
            return {};
        },
        moves.size() > 1);
}

void TimelineWidget::commitTrim(const DragState &drag)
{
    const auto [track, s] = m_service->draft().segment(drag.segmentId);
    if (!s || s->target == drag.trimmed || refuseIfLocked(track->id))
        return;
    commit(
        tr("Trim clip"), [&] { return m_service->trimSegment(drag.segmentId, drag.trimmed); },
        false);
}

void TimelineWidget::commitKeyframeMove(const DragState &drag)
{
    const auto [track, s] = m_service->draft().segment(drag.segmentId);
    if (!s || refuseIfLocked(track->id))
        return;
    for (const KeyframeTrack &kt : s->keyframes) {
        for (const Keyframe &k : kt.keyframes) {
            if (k.id == drag.keyframeId && k.offsetUs == drag.keyframeOffset)
                return;
        }
    }
    commit(
        tr("Move keyframe"),
        [&] {
            return m_service->moveKeyframe(drag.segmentId, drag.keyframeId, drag.keyframeOffset);
        },
        false);
}

void TimelineWidget::splitAtPlayhead()
{
    if (!m_service)
        return;
    const Draft &draft = m_service->draft();
    QStringList targets;
    auto under = [&](const Segment &s) {
        return s.target.start < m_playhead && m_playhead < s.target.end();
    };
    for (const QString &id : std::as_const(m_selection)) {
        if (const auto [t, s] = draft.segment(id); s && under(*s) && !m_locked.contains(t->id))
            targets.append(id);
    }
    if (m_selection.isEmpty()) {
        for (const Track &t : draft.tracks) {
            if (m_locked.contains(t.id))
                continue;
            for (const Segment &s : t.segments) {
                if (under(s))
                    targets.append(s.id);
            }
        }
    }
    if (targets.isEmpty()) {
        refuse(tr("No clip to split under the playhead"));
        return;
    }
    QStringList parts;
    commit(
        tr("Split clips"),
        [&]() -> Result<> {
            for (const QString &id : std::as_const(targets)) {
                Result<QString> right = m_service->splitSegment(id, m_playhead);
                if (!right)
                    return right.error();
                parts << id << *right;
            }
            return {};
        },
        targets.size() > 1);
}

void TimelineWidget::deleteSelection(bool ripple)
{
    if (!m_service)
        return;
    const Draft &draft = m_service->draft();
    if (!m_keyframe.isEmpty() && !ripple) {
        const QString segment = m_keyframeSegment;
        const QString keyframe = m_keyframe;
        if (const auto [t, s] = draft.segment(segment); !s || refuseIfLocked(t->id))
            return;
        if (commit(
                tr("Delete keyframe"), [&] { return m_service->removeKeyframe(segment, keyframe); },
                false)) {
            m_keyframe.clear();
            m_keyframeSegment.clear();
        }
        return;
    }
    QStringList ids;
    QHash<QString, QList<TimeRange>> removedByTrack;
    for (const QString &id : std::as_const(m_selection)) {
        const auto [t, s] = draft.segment(id);
        if (!s)
            continue;
        if (refuseIfLocked(t->id))
            return;
        ids.append(id);
        removedByTrack[t->id].append(s->target);
    }
    if (ids.isEmpty())
        return;
    struct Shift
    {
        QString id;
        QString track;
        qint64 start = 0;
    };
    QList<Shift> shifts;
    if (ripple) {
        for (auto it = removedByTrack.cbegin(); it != removedByTrack.cend(); ++it) {
            const Track *track = draft.track(it.key());
            for (const Segment &s : track->segments) {
                if (ids.contains(s.id))
                    continue;
                qint64 by = 0;
                for (const TimeRange &r : it.value()) {
                    if (r.end() <= s.target.start)
                        by += r.duration;
                }
                if (by > 0)
                    shifts.append({s.id, track->id, s.target.start - by}); // in start order
            }
        }
    }
    const bool done = commit(
        ripple ? tr("Ripple delete") : tr("Delete clips"),
        [&]() -> Result<> {
            for (const QString &id : std::as_const(ids)) {
                if (Result<> r = m_service->removeSegment(id); !r)
                    return r;
            }
            for (const Shift &s : std::as_const(shifts)) {
                if (Result<> r = m_service->moveSegment(s.id, s.track, s.start); !r)
                    return r;
            }
            return {};
        },
        ids.size() > 1 || !shifts.isEmpty());
    if (done)
        setSelectionInternal({}, {});
}

void TimelineWidget::copySelection()
{
    if (!m_service || m_selection.isEmpty())
        return;
    const Draft &draft = m_service->draft();
    QList<Copied> copied;
    qint64 earliest = MaxTimeUs;
    for (const QString &id : std::as_const(m_selection)) {
        const auto [t, s] = draft.segment(id);
        if (!s)
            continue;
        Copied c;
        c.trackId = t->id;
        c.type = t->type;
        c.segment = *s;
        c.media = draft.media.value(s->materialId);
        earliest = qMin(earliest, s->target.start);
        copied.append(c);
    }
    for (Copied &c : copied)
        c.offsetUs = c.segment.target.start - earliest;
    m_clipboard = copied;
}

void TimelineWidget::paste()
{
    if (!m_service || m_clipboard.isEmpty())
        return;
    for (const Copied &c : std::as_const(m_clipboard)) {
        if (!m_service->draft().track(c.trackId)) {
            refuse(tr("The track of a copied clip no longer exists"));
            return;
        }
        if (refuseIfLocked(c.trackId))
            return;
        if (c.media.id.isEmpty() && !c.segment.text) {
            refuse(tr("Only media and text clips can be pasted"));
            return;
        }
    }
    QStringList pasted;
    const bool done = commit(
        tr("Paste clips"),
        [&]() -> Result<> {
            for (const Copied &c : std::as_const(m_clipboard)) {
                const TimeRange target{m_playhead + c.offsetUs, c.segment.target.duration};
                Result<QString> id
                    = c.segment.text
                          ? m_service->addTextSegment(c.trackId, c.segment.text->text, target)
                          : m_service->addMediaSegment(
                              c.trackId, c.media, target,
                              c.segment.source ? c.segment.source->start : 0, c.segment.speed);
                if (!id)
                    return id.error();
                pasted.append(*id);
            }
            return {};
        },
        m_clipboard.size() > 1);
    if (done)
        setSelectionInternal(pasted, pasted.constLast());
}

void TimelineWidget::addKeyframeAtPlayhead()
{
    if (!m_service)
        return;
    const QString id = !m_current.isEmpty()      ? m_current
                       : m_selection.size() == 1 ? m_selection.constFirst()
                                                 : QString();
    const auto [track, s] = m_service->draft().segment(id);
    if (!s) {
        refuse(tr("Select a clip to add a keyframe to"));
        return;
    }
    if (m_playhead < s->target.start || m_playhead > s->target.end()) {
        refuse(tr("The playhead is not on the selected clip"));
        return;
    }
    if (refuseIfLocked(track->id))
        return;
    const bool audio = track->type == TrackType::Audio;
    QString keyframe;
    const qint64 offset = m_playhead - s->target.start;
    const KeyframeProperty property = audio ? KeyframeProperty::Volume : KeyframeProperty::Alpha;
    const double value = audio ? s->volume : s->transform.alpha;
    if (commit(
            tr("Add keyframe"),
            [&]() -> Result<> {
                Result<QString> added = m_service->addKeyframe(id, property, offset, value);
                if (!added)
                    return added.error();
                keyframe = *added;
                return {};
            },
            false)) {
        m_keyframe = keyframe;
        m_keyframeSegment = id;
        viewport()->update();
    }
}

void TimelineWidget::undo()
{
    if (m_service && m_service->undoStack()->canUndo())
        m_service->undoStack()->undo();
}

void TimelineWidget::redo()
{
    if (m_service && m_service->undoStack()->canRedo())
        m_service->undoStack()->redo();
}

bool TimelineWidget::addTransition(const QString &segmentId, const CatalogEntry &entry)
{
    if (!m_service)
        return false;
    const auto [track, s] = m_service->draft().segment(segmentId);
    if (!s)
        return false;
    if (refuseIfLocked(track->id))
        return false;
    const bool followed
        = std::any_of(track->segments.cbegin(), track->segments.cend(),
                      [&](const Segment &x) { return x.target.start == s->target.end(); });
    if (!followed) {
        refuse(tr("A transition needs a clip right after this one on the same track"));
        return false;
    }
    Result<AuxMaterial> material = DraftBuilders::transition(entry);
    if (!material) {
        refuse(material.error().message());
        return false;
    }
    return commit(
        tr("Add transition"),
        [&] { return discard(m_service->attachMaterial(segmentId, *material)); }, false);
}

bool TimelineWidget::dropMedia(const QByteArray &payload, QPoint pos)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &parseError);
    if (!doc.isArray() || doc.array().isEmpty()) {
        refuse(tr("The dropped media list is not readable"));
        return false;
    }
    struct Item
    {
        MediaMaterial media;
        qint64 length = 0;
    };
    QList<Item> items;
    std::optional<TrackType> type;
    const Draft &draft = m_service->draft();
    for (const QJsonValue &v : doc.array()) {
        const QJsonObject o = v.toObject();
        Item item;
        const QString kind = o.value(u"kind"_s).toString();
        item.media.path = o.value(u"path"_s).toString();
        item.media.name = o.value(u"name"_s).toString();
        item.media.width = o.value(u"width"_s).toInt();
        item.media.height = o.value(u"height"_s).toInt();
        const qint64 duration = qint64(o.value(u"durationUs"_s).toDouble());
        if (kind == u"photo"_s) {
            item.media.kind = MediaKind::Photo;
            item.media.durationUs = MediaMaterial::PhotoDurationUs;
            item.length = PhotoClipUs;
        } else if (kind == u"video"_s || kind == u"audio"_s) {
            item.media.kind = kind == u"video"_s ? MediaKind::Video : MediaKind::Audio;
            item.media.durationUs = duration;
            item.length = duration;
        } else {
            refuse(tr("Unknown media kind \"%1\"").arg(kind));
            return false;
        }
        if (item.media.path.isEmpty() || item.length <= 0) {
            refuse(tr("\"%1\" has no path or no duration").arg(item.media.name));
            return false;
        }
        if (item.media.name.isEmpty())
            item.media.name = item.media.path.section(u'/', -1);
        const TrackType wanted
            = item.media.kind == MediaKind::Audio ? TrackType::Audio : TrackType::Video;
        if (type && *type != wanted) {
            refuse(tr("Drop audio and pictures separately"));
            return false;
        }
        type = wanted;
        // The same file again shares its material.
        item.media.id = newMaterialId();
        for (const MediaMaterial &m : draft.media) {
            if (m.path == item.media.path && m.kind == item.media.kind) {
                item.media = m;
                break;
            }
        }
        items.append(item);
    }
    const int row = m_layout.rowAt(pos.y());
    QString trackId;
    if (row >= 0) {
        const TimelineLayout::Row &r = m_layout.rows().at(row);
        if (r.type != *type) {
            refuse(tr("A %1 clip cannot go on this %2 track")
                       .arg(*type == TrackType::Audio ? tr("audio") : tr("video"),
                            trackTypeLabel(r.type)));
            return false;
        }
        if (refuseIfLocked(r.trackId))
            return false;
        trackId = r.trackId;
    }
    qint64 at = m_layout.timeForX(pos.x());
    if (m_snapping) {
        if (auto s
            = TimelineLayout::snap(at, snapCandidates({}), m_layout.usForPixels(m_snapThresholdPx)))
            at = *s;
    }
    QStringList added;
    const bool done = commit(
        tr("Add clips"),
        [&]() -> Result<> {
            if (trackId.isEmpty()) {
                Result<QString> track = m_service->addTrack(
                    *type, *type == TrackType::Audio ? tr("Audio") : tr("Video"), -1);
                if (!track)
                    return track.error();
                trackId = *track;
            }
            qint64 start = at;
            for (const Item &item : std::as_const(items)) {
                Result<QString> id
                    = m_service->addMediaSegment(trackId, item.media, {start, item.length}, 0);
                if (!id)
                    return id.error();
                added.append(*id);
                start += item.length;
            }
            return {};
        },
        items.size() > 1 || row < 0);
    if (done)
        setSelectionInternal(added, added.constLast());
    return done;
}

// --- drops from the media bin ------------------------------------------------------------------

void TimelineWidget::dragEnterEvent(QDragEnterEvent *event)
{
    if (m_service && event->mimeData()->hasFormat(MediaMimeType)) {
        event->acceptProposedAction();
        return;
    }
    event->ignore();
}

void TimelineWidget::dragMoveEvent(QDragMoveEvent *event)
{
    if (!m_service || !event->mimeData()->hasFormat(MediaMimeType)) {
        event->ignore();
        return;
    }
    const QPoint pos = event->position().toPoint();
    m_dropRow = m_layout.rowAt(pos.y());
    if (pos.x() < TimelineLayout::HeaderWidth) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    viewport()->update();
}

void TimelineWidget::dragLeaveEvent(QDragLeaveEvent *event)
{
    m_dropRow = -2;
    viewport()->update();
    event->accept();
}

void TimelineWidget::dropEvent(QDropEvent *event)
{
    m_dropRow = -2;
    if (!m_service || !event->mimeData()->hasFormat(MediaMimeType)) {
        event->ignore();
        return;
    }
    if (dropMedia(event->mimeData()->data(MediaMimeType), event->position().toPoint()))
        event->acceptProposedAction();
    else
        event->ignore();
    viewport()->update();
}

} // namespace CutPilot::Ui
