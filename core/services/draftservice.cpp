#include "draftservice.h"

#include "core/draft/draftbuilders.h"
#include "core/draft/draftvalidator.h"
#include "draftchange.h"
#include "draftservice_p.h"

#include <QFileInfo>
#include <QUndoCommand>

#include <cmath>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace DraftServiceDetail;

/// Undo by change: each step keeps what its edit changed (DraftChange), not the drafts before and
/// after it, so the history of many small edits to a large draft stays small.
class DraftChangeCommand final : public QUndoCommand
{
public:
    DraftChangeCommand(DraftService *service, const QString &text, const Draft &before, Draft after,
                       QString mergeKey)
        : QUndoCommand(text)
        , m_service(service)
        , m_change(DraftChange::between(before, after))
        , m_after(std::move(after))
        , m_mergeKey(std::move(mergeKey))
    {
    }

    void undo() override { m_service->setDraft(m_change.backward(m_service->draft()), true); }
    void redo() override
    {
        if (m_after) { // the push: the edit itself, persisted by apply() already
            m_service->setDraft(*m_after, false);
            m_after.reset();
            return;
        }
        m_service->setDraft(m_change.forward(m_service->draft()), true);
    }
    int id() const override { return m_mergeKey.isEmpty() ? -1 : 1; }
    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *next = static_cast<const DraftChangeCommand *>(other);
        if (next->m_mergeKey != m_mergeKey)
            return false;
        // The stack has applied `next` already: the draft is its after. One step from this
        // command's before to there.
        const Draft &now = m_service->draft();
        m_change = DraftChange::between(m_change.backward(next->m_change.backward(now)), now);
        return true;
    }

private:
    DraftService *m_service;
    DraftChange m_change;
    std::optional<Draft> m_after; ///< until the first redo
    QString m_mergeKey;
};

DraftService::DraftService(Draft draft, DraftProfile profile, QObject *parent)
    : QObject(parent)
    , m_draft(std::move(draft))
    , m_profile(std::move(profile))
{
    m_undoStack.setUndoLimit(500);
}

DraftService::~DraftService() = default;

void DraftService::setDraft(const Draft &draft, bool persist)
{
    m_draft = draft;
    if (persist && m_persist) {
        if (Result<> written = m_persist(m_draft); !written)
            Q_EMIT persistFailed(written.error());
    }
    Q_EMIT draftChanged();
}

Result<> DraftService::apply(const QString &text, const Mutation &mutation, const QString &mergeKey)
{
    Draft after = m_draft;
    if (Result<> done = mutation(after); !done)
        return done;
    if (Result<> valid = validateDraft(after, m_profile); !valid)
        return valid;
    if (m_persist) {
        if (Result<> written = m_persist(after); !written)
            return written;
    }
    m_undoStack.push(new DraftChangeCommand(this, text, m_draft, std::move(after), mergeKey));
    return {};
}

Result<QString> DraftService::addTrack(TrackType type, const QString &name, int relativeIndex)
{
    if (type == TrackType::Adjust)
        return Error::invalidArgument(u"type"_s, u"adjustment tracks are preserved, not created"_s);
    const QString id = newMaterialId();
    Result<> done = apply(u"Add track"_s, [&](Draft &d) -> Result<> {
        Track track;
        track.id = id;
        track.type = type;
        track.name
            = name.isEmpty() ? u"%1 %2"_s.arg(trackTypeName(type)).arg(d.tracks.size() + 1) : name;
        int relative = 0;
        for (const Track &t : d.tracks) {
            if (t.type == type)
                relative = std::max(relative, t.relativeIndex + 1);
        }
        track.relativeIndex = relativeIndex >= 0 ? relativeIndex : relative;
        d.tracks.append(track);
        return {};
    });
    if (!done)
        return done.error();
    return id;
}

Result<> DraftService::removeTrack(const QString &trackId)
{
    return apply(u"Remove track"_s, [&](Draft &d) -> Result<> {
        for (qsizetype i = 0; i < d.tracks.size(); ++i) {
            if (d.tracks.at(i).id == trackId) {
                d.tracks.removeAt(i);
                return {};
            }
        }
        return trackNotFound(trackId);
    });
}

Result<> DraftService::setTrackMuted(const QString &trackId, bool muted)
{
    return apply(muted ? u"Mute track"_s : u"Unmute track"_s, [&](Draft &d) -> Result<> {
        Track *track = d.track(trackId);
        if (!track)
            return trackNotFound(trackId);
        track->muted = muted;
        return {};
    });
}

Result<QString> DraftService::addMediaSegment(const QString &trackId, const MediaMaterial &media,
                                              TimeRange target, qint64 sourceStart, double speed)
{
    if (media.id.isEmpty())
        return Error::missingField(u"media.id"_s);
    const QString id = newMaterialId();
    Result<> done = apply(u"Add clip"_s, [&](Draft &d) -> Result<> {
        Track *track = d.track(trackId);
        if (!track)
            return trackNotFound(trackId);
        if (!d.media.contains(media.id))
            d.media.insert(media.id, media);
        Segment s;
        s.id = id;
        s.materialId = media.id;
        s.target = target;
        s.speed = speed;
        s.source = TimeRange{sourceStart, s.sourceDurationFor(target.duration)};
        track->segments.append(s);
        return {};
    });
    if (!done)
        return done.error();
    return id;
}

Result<QString> DraftService::addTextSegment(const QString &trackId, const QString &text,
                                             TimeRange target)
{
    const QString id = newMaterialId();
    Result<> done = apply(u"Add text"_s, [&](Draft &d) -> Result<> {
        Track *track = d.track(trackId);
        if (!track)
            return trackNotFound(trackId);
        if (track->type != TrackType::Text)
            return Error::invalidArgument(u"trackId"_s, u"texts go on text tracks"_s);
        Segment s;
        s.id = id;
        s.materialId = newMaterialId();
        s.target = target;
        TextMaterial material;
        material.id = s.materialId;
        material.text = text;
        TextStyle style;
        style.length = text.size();
        material.styles = {style};
        s.text = material;
        track->segments.append(s);
        return {};
    });
    if (!done)
        return done.error();
    return id;
}

Result<> DraftService::moveSegment(const QString &segmentId, const QString &toTrackId, qint64 start)
{
    return apply(
        u"Move clip"_s,
        [&](Draft &d) -> Result<> {
            auto [from, segment] = d.segment(segmentId);
            if (!segment)
                return segmentNotFound(segmentId);
            Track *to = d.track(toTrackId);
            if (!to)
                return trackNotFound(toTrackId);
            if (to->type != from->type)
                return Error::invalidArgument(
                    u"trackId"_s, u"a %1 segment cannot move to a %2 track"_s.arg(
                                      trackTypeName(from->type), trackTypeName(to->type)));
            Segment moved = *segment;
            moved.target.start = start;
            moved.refOrder.clear();
            from->segments.removeIf([&](const Segment &s) { return s.id == segmentId; });
            d.track(toTrackId)->segments.append(moved);
            return {};
        },
        u"move:"_s + segmentId);
}

Result<> DraftService::trimSegment(const QString &segmentId, TimeRange target)
{
    return apply(u"Trim clip"_s, [&](Draft &d) -> Result<> {
        auto [track, s] = d.segment(segmentId);
        if (!s)
            return segmentNotFound(segmentId);
        if (s->source) {
            // The source moves with the head: trimming 1 s off the head skips 1 s × speed of media.
            const qint64 headDelta = target.start - s->target.start;
            s->source->start += s->sourceDurationFor(headDelta);
            s->source->duration = s->sourceDurationFor(target.duration);
        }
        // Keyframes stay at their timeline time; those trimmed away are dropped.
        const qint64 shift = target.start - s->target.start;
        for (KeyframeTrack &k : s->keyframes) {
            for (Keyframe &f : k.keyframes)
                f.offsetUs -= shift;
            k.keyframes.removeIf(
                [&](const Keyframe &f) { return f.offsetUs < 0 || f.offsetUs > target.duration; });
        }
        s->keyframes.removeIf([](const KeyframeTrack &k) { return k.keyframes.isEmpty(); });
        s->target = target;
        return {};
    });
}

Result<QString> DraftService::splitSegment(const QString &segmentId, qint64 at)
{
    const QString rightId = newMaterialId();
    Result<> done = apply(u"Split clip"_s, [&](Draft &d) -> Result<> {
        auto [track, s] = d.segment(segmentId);
        if (!s)
            return segmentNotFound(segmentId);
        if (at <= s->target.start || at >= s->target.end())
            return Error::outOfRange(u"at"_s, at, s->target.start + 1, s->target.end() - 1);
        Segment right = *s;
        right.id = rightId;
        right.speedId.clear();
        right.fadeId.clear();
        right.refOrder.clear();
        right.aux.clear(); // transitions, animations stay with the left part
        right.keyframes.clear();
        const qint64 leftDuration = at - s->target.start;
        right.target = TimeRange{at, s->target.end() - at};
        if (s->source) {
            const qint64 leftSource = s->sourceDurationFor(leftDuration);
            right.source
                = TimeRange{s->source->start + leftSource, s->source->duration - leftSource};
            s->source->duration = leftSource;
        }
        if (right.text) {
            right.materialId = newMaterialId();
            right.text->id = right.materialId;
        }
        s->target.duration = leftDuration;
        s->fadeOutUs = 0;
        right.fadeInUs = 0;
        // Keyframes beyond the cut are dropped from the left part.
        for (KeyframeTrack &k : s->keyframes)
            k.keyframes.removeIf([&](const Keyframe &f) { return f.offsetUs > leftDuration; });
        track->segments.append(right);
        return {};
    });
    if (!done)
        return done.error();
    return rightId;
}

Result<> DraftService::removeSegment(const QString &segmentId)
{
    return apply(u"Delete clip"_s, [&](Draft &d) -> Result<> {
        auto [track, s] = d.segment(segmentId);
        if (!s)
            return segmentNotFound(segmentId);
        track->segments.removeIf([&](const Segment &x) { return x.id == segmentId; });
        return {};
    });
}

Result<> DraftService::setVolume(const QString &segmentId, double volume)
{
    return apply(
        u"Change volume"_s,
        [&](Draft &d) -> Result<> {
            auto [track, s] = d.segment(segmentId);
            if (!s)
                return segmentNotFound(segmentId);
            s->volume = volume;
            return {};
        },
        u"volume:"_s + segmentId);
}

Result<> DraftService::setSpeed(const QString &segmentId, double speed)
{
    return apply(u"Change speed"_s, [&](Draft &d) -> Result<> {
        auto [track, s] = d.segment(segmentId);
        if (!s)
            return segmentNotFound(segmentId);
        if (!s->source)
            return Error::invalidArgument(u"speed"_s, u"only media segments have a speed"_s);
        s->speed = speed;
        s->source->duration = s->sourceDurationFor(s->target.duration);
        return {};
    });
}

Result<> DraftService::setTransform(const QString &segmentId, const Transform &transform)
{
    return apply(
        u"Change transform"_s,
        [&](Draft &d) -> Result<> {
            auto [track, s] = d.segment(segmentId);
            if (!s)
                return segmentNotFound(segmentId);
            if (track->type == TrackType::Audio)
                return Error::invalidArgument(u"transform"_s, u"audio segments have no image"_s);
            if (!(transform.alpha >= 0 && transform.alpha <= 1))
                return Error::invalidArgument(u"transform.alpha"_s,
                                              u"alpha %1 is outside 0..1"_s.arg(transform.alpha));
            s->transform = transform;
            return {};
        },
        u"transform:"_s + segmentId);
}

Result<> DraftService::setFades(const QString &segmentId, qint64 fadeInUs, qint64 fadeOutUs)
{
    return apply(u"Change fades"_s, [&](Draft &d) -> Result<> {
        auto [track, s] = d.segment(segmentId);
        if (!s)
            return segmentNotFound(segmentId);
        if (!s->source)
            return Error::invalidArgument(u"fade"_s, u"only audio and video segments fade"_s);
        s->fadeInUs = fadeInUs;
        s->fadeOutUs = fadeOutUs;
        return {};
    });
}

namespace {

/// Which segment kinds a material may attach to (spec §8.2, §8.7–§8.14).
bool fits(const AuxMaterial &m, TrackType track)
{
    const QString type = m.type();
    if (m.list == u"audio_effects")
        return track == TrackType::Audio || track == TrackType::Video;
    if (m.list == u"material_animations")
        return track == TrackType::Video || track == TrackType::Text || track == TrackType::Sticker;
    if (m.list == u"effects" && (type == u"text_shape" || type == u"text_effect"))
        return track == TrackType::Text;
    if (m.list == u"transitions" || m.list == u"masks" || m.list == u"common_mask"
        || m.list == u"canvases" || m.list == u"effects" || m.list == u"video_effects")
        return track == TrackType::Video;
    return false;
}

} // namespace

Result<QString> DraftService::attachMaterial(const QString &segmentId, const AuxMaterial &material)
{
    if (material.id().isEmpty())
        return Error::missingField(u"material.id"_s);
    Result<> done = apply(u"Add %1"_s.arg(material.list), [&](Draft &d) -> Result<> {
        auto [track, s] = d.segment(segmentId);
        if (!s)
            return segmentNotFound(segmentId);
        if (!fits(material, track->type))
            return Error::invalidArgument(
                u"material"_s, u"a %1 material cannot go on a %2 segment"_s.arg(
                                   material.type().isEmpty() ? material.list : material.type(),
                                   trackTypeName(track->type)));
        if (material.list == u"video_effects"
            && material.json.value(u"apply_target_type"_s).toInt() != 0)
            return Error::invalidArgument(u"material"_s,
                                          u"this effect was built for an effect track"_s);
        const QString slot = DraftBuilders::slotOf(material);
        s->aux.removeIf([&](const AuxMaterial &a) { return DraftBuilders::slotOf(a) == slot; });
        s->aux.append(material);
        s->refOrder.clear();
        return {};
    });
    if (!done)
        return done.error();
    return material.id();
}

Result<> DraftService::detachMaterial(const QString &segmentId, const QString &materialId)
{
    return apply(u"Remove material"_s, [&](Draft &d) -> Result<> {
        auto [track, s] = d.segment(segmentId);
        if (!s)
            return segmentNotFound(segmentId);
        if (s->aux.removeIf([&](const AuxMaterial &a) { return a.id() == materialId; }) == 0)
            return Error::notFound(u"material"_s, materialId);
        s->refOrder.clear();
        return {};
    });
}

Result<QString> DraftService::addEffectSegment(const QString &trackId, const AuxMaterial &material,
                                               TimeRange target)
{
    const QString id = newMaterialId();
    Result<> done = apply(u"Add effect"_s, [&](Draft &d) -> Result<> {
        Track *track = d.track(trackId);
        if (!track)
            return trackNotFound(trackId);
        const bool effect = track->type == TrackType::Effect && material.list == u"video_effects";
        const bool filter = track->type == TrackType::Filter && material.list == u"effects"
                            && material.type() == u"filter";
        if (!effect && !filter)
            return Error::invalidArgument(
                u"material"_s, u"a %1 track takes %2"_s.arg(trackTypeName(track->type),
                                                            track->type == TrackType::Filter
                                                                ? u"filters"_s
                                                                : u"scene or character effects"_s));
        AuxMaterial main = material;
        main.json.insert(u"apply_target_type"_s, 2); // placed on a track (§8.11, §8.12)
        Segment s;
        s.id = id;
        s.materialId = main.id();
        s.target = target;
        s.main = main;
        track->segments.append(s);
        return {};
    });
    if (!done)
        return done.error();
    return id;
}

Result<> DraftService::replaceMedia(const QString &name, const MediaMaterial &replacement)
{
    if (replacement.path.isEmpty())
        return Error::missingField(u"media.path"_s);
    return apply(u"Replace media"_s, [&](Draft &d) -> Result<> {
        QString id;
        for (auto it = d.media.begin(); it != d.media.end(); ++it) {
            if (it->name == name) {
                id = it.key();
                break;
            }
        }
        if (id.isEmpty())
            return Error::notFound(u"media"_s, name);
        MediaMaterial &m = d.media[id];
        if ((m.kind == MediaKind::Audio) != (replacement.kind == MediaKind::Audio))
            return Error::invalidArgument(u"media.kind"_s,
                                          u"audio and visual media cannot replace each other"_s);
        m.path = replacement.path;
        m.name = replacement.name.isEmpty() ? QFileInfo(replacement.path).fileName()
                                            : replacement.name;
        m.kind = replacement.kind;
        m.durationUs = replacement.kind == MediaKind::Photo ? MediaMaterial::PhotoDurationUs
                                                            : replacement.durationUs;
        m.width = replacement.width;
        m.height = replacement.height;
        m.extra.remove(u"crop"_s); // the old media's crop does not fit the new one
        for (Track &t : d.tracks) {
            for (Segment &s : t.segments) {
                if (s.materialId != id || !s.source)
                    continue;
                if (s.source->start >= m.durationUs)
                    return Error(ErrorCode::OutOfRange,
                                 u"segment %1 starts at %2 µs of the media, beyond the new media's "
                                 "%3 µs"_s.arg(s.id)
                                     .arg(s.source->start)
                                     .arg(m.durationUs),
                                 {{u"field"_s, u"source"_s}, {u"segment"_s, s.id}});
                if (s.source->end() > m.durationUs) { // cut the tail (the default of §20)
                    s.source->duration = m.durationUs - s.source->start;
                    s.target.duration = qint64(std::llround(double(s.source->duration) / s.speed));
                    s.source->duration = s.sourceDurationFor(s.target.duration);
                    s.fadeOutUs = std::min(s.fadeOutUs, s.target.duration - s.fadeInUs);
                    for (KeyframeTrack &k : s.keyframes)
                        k.keyframes.removeIf(
                            [&](const Keyframe &f) { return f.offsetUs > s.target.duration; });
                }
            }
        }
        return {};
    });
}

Result<> DraftService::replaceText(const QString &segmentId, const QString &text)
{
    return apply(u"Replace text"_s, [&](Draft &d) -> Result<> {
        auto [track, s] = d.segment(segmentId);
        if (!s)
            return segmentNotFound(segmentId);
        if (!s->text)
            return Error::invalidArgument(u"segmentId"_s,
                                          u"segment %1 has no text"_s.arg(segmentId));
        TextMaterial &t = *s->text;
        const qsizetype oldSize = std::max<qsizetype>(t.text.size(), 1);
        const qsizetype newSize = text.size();
        QList<TextStyle> runs;
        qsizetype previousEnd = 0;
        for (TextStyle style : std::as_const(t.styles)) {
            // Proportional, rounding up (spec §20), clamped, without overlaps.
            const qsizetype start
                = std::max(previousEnd, (style.start * newSize + oldSize - 1) / oldSize);
            const qsizetype end = std::min(
                newSize, ((style.start + style.length) * newSize + oldSize - 1) / oldSize);
            if (end <= start)
                continue;
            style.start = start;
            style.length = end - start;
            previousEnd = end;
            runs.append(style);
        }
        if (runs.isEmpty() && !t.styles.isEmpty() && newSize > 0) {
            TextStyle style = t.styles.first();
            style.start = 0;
            style.length = newSize;
            runs.append(style);
        }
        t.text = text;
        t.styles = runs;
        return {};
    });
}

QStringList DraftService::textSegmentIds() const
{
    QList<const Segment *> texts;
    for (const Track &t : m_draft.tracks) {
        for (const Segment &s : t.segments) {
            if (s.text)
                texts.append(&s);
        }
    }
    std::stable_sort(texts.begin(), texts.end(), [](const Segment *a, const Segment *b) {
        return a->target.start < b->target.start;
    });
    QStringList ids;
    for (const Segment *s : std::as_const(texts))
        ids.append(s->id);
    return ids;
}

Draft DraftService::asNewDraft(const Draft &draft, const QString &name)
{
    Draft copy = draft;
    copy.id = newDraftGuid();
    copy.metaDraftId = newDraftGuid();
    copy.name = name;
    return copy;
}

namespace {

/// Cue style ranges (possibly overlapping) as consecutive text runs covering the whole text.
QList<TextStyle> captionRuns(const SubtitleCue &cue)
{
    QList<qsizetype> cuts{0, cue.text.size()};
    for (const SubtitleStyleRange &r : cue.styles) {
        cuts.append(std::clamp<qsizetype>(r.start, 0, cue.text.size()));
        cuts.append(std::clamp<qsizetype>(r.start + r.length, 0, cue.text.size()));
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    QList<TextStyle> runs;
    for (qsizetype i = 0; i + 1 < cuts.size(); ++i) {
        TextStyle run;
        run.start = cuts.at(i);
        run.length = cuts.at(i + 1) - cuts.at(i);
        run.size = 5.0; // the editor's own subtitle import size (§12.2)
        run.strokeColor = QColor(Qt::black);
        for (const SubtitleStyleRange &r : cue.styles) {
            if (r.start <= run.start && run.start + run.length <= r.start + r.length) {
                run.bold = run.bold || r.bold;
                run.italic = run.italic || r.italic;
                run.underline = run.underline || r.underline;
                if (r.color)
                    run.color = *r.color;
            }
        }
        runs.append(run);
    }
    if (runs.isEmpty()) {
        TextStyle run;
        run.size = 5.0;
        run.strokeColor = QColor(Qt::black);
        runs.append(run);
    }
    return runs;
}

} // namespace

Result<QStringList> DraftService::importSubtitles(const QList<SubtitleCue> &cues, qint64 offsetUs)
{
    if (cues.isEmpty())
        return Error::invalidArgument(u"cues"_s, u"there are no subtitle cues to import"_s);
    QStringList trackIds;
    Result<> done = apply(u"Import subtitles"_s, [&](Draft &d) -> Result<> {
        QList<Track> captionTracks;
        QList<qint64> trackEnds;
        for (const SubtitleCue &cue : cues) {
            const TimeRange target{cue.startUs + offsetUs, cue.endUs - cue.startUs};
            // The first caption track whose last cue has ended; a new one below it otherwise.
            qsizetype lane = 0;
            while (lane < trackEnds.size() && trackEnds.at(lane) > target.start)
                ++lane;
            if (lane == trackEnds.size()) {
                Track track;
                track.id = newMaterialId();
                track.type = TrackType::Text;
                track.name = lane == 0 ? u"captions"_s : u"captions %1"_s.arg(lane + 1);
                track.relativeIndex = 999 - int(lane);
                captionTracks.append(track);
                trackEnds.append(0);
            }
            Segment s;
            s.id = newMaterialId();
            s.materialId = newMaterialId();
            s.target = target;
            s.transform.y = -0.8;
            TextMaterial text;
            text.id = s.materialId;
            text.text = cue.text;
            text.autoWrap = true;
            text.styles = captionRuns(cue);
            s.text = text;
            captionTracks[lane].segments.append(s);
            trackEnds[lane] = target.end();
        }
        for (const Track &t : std::as_const(captionTracks)) {
            trackIds.append(t.id);
            d.tracks.append(t);
        }
        return {};
    });
    if (!done)
        return done.error();
    return trackIds;
}

} // namespace CutPilot::Core
