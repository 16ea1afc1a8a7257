#include "draftvalidator.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

class Collector
{
public:
    void error(ErrorCode code, const QString &field, const QString &message,
               QVariantMap details = {})
    {
        details.insert(u"field"_s, field);
        issues.append({DraftIssue::Severity::Error, Error(code, message, details)});
    }
    void warning(const QString &field, const QString &message)
    {
        issues.append({DraftIssue::Severity::Warning,
                       Error(ErrorCode::InvalidArgument, message, {{u"field"_s, field}})});
    }
    QList<DraftIssue> issues;
};

QString us(qint64 value)
{
    return u"%1 µs"_s.arg(value);
}

bool withinTimeLimit(qint64 value)
{
    return value >= -MaxTimeUs && value <= MaxTimeUs;
}

/// Every time of the segment is within ±MaxTimeUs, so sums and differences cannot overflow.
bool timesSane(const Segment &s)
{
    bool sane = withinTimeLimit(s.target.start) && withinTimeLimit(s.target.duration)
                && withinTimeLimit(s.fadeInUs) && withinTimeLimit(s.fadeOutUs);
    if (s.source)
        sane = sane && withinTimeLimit(s.source->start) && withinTimeLimit(s.source->duration);
    for (const KeyframeTrack &kt : s.keyframes) {
        for (const Keyframe &k : kt.keyframes)
            sane = sane && withinTimeLimit(k.offsetUs);
    }
    return sane;
}

void checkSegment(const Draft &draft, const DraftProfile &profile, const Track &track,
                  const Segment &s, Collector &out)
{
    const QString where = u"segment %1"_s.arg(s.id);
    // Times beyond the limit would overflow the arithmetic below: report and stop here.
    if (!timesSane(s)) {
        out.error(ErrorCode::OutOfRange, u"time"_s,
                  u"%1: a time is beyond the ±%2 µs CutPilot accepts"_s.arg(where).arg(MaxTimeUs),
                  {{u"segment"_s, s.id}, {u"min"_s, -MaxTimeUs}, {u"max"_s, MaxTimeUs}});
        return;
    }
    if (s.target.duration <= 0)
        out.error(
            ErrorCode::OutOfRange, u"target.duration"_s,
            u"%1: duration is %2, it must be greater than 0"_s.arg(where, us(s.target.duration)),
            {{u"segment"_s, s.id}, {u"min"_s, 1}});
    if (s.target.start < 0)
        out.error(ErrorCode::OutOfRange, u"target.start"_s,
                  u"%1: start is %2, it must not be negative"_s.arg(where, us(s.target.start)),
                  {{u"segment"_s, s.id}, {u"min"_s, 0}});

    const bool media = track.type == TrackType::Video || track.type == TrackType::Audio;
    if (media) {
        if (!(s.speed >= profile.minSpeed && s.speed <= profile.maxSpeed))
            out.error(
                ErrorCode::OutOfRange, u"speed"_s,
                u"%1: speed %2 is outside %3..%4 (profile %5)"_s.arg(where)
                    .arg(s.speed)
                    .arg(profile.minSpeed)
                    .arg(profile.maxSpeed)
                    .arg(profile.id),
                {{u"segment"_s, s.id}, {u"min"_s, profile.minSpeed}, {u"max"_s, profile.maxSpeed}});
        const auto found = draft.media.constFind(s.materialId);
        if (found == draft.media.constEnd()) {
            out.error(ErrorCode::NotFound, u"material_id"_s,
                      u"%1: media %2 is not in the draft"_s.arg(where, s.materialId),
                      {{u"segment"_s, s.id}});
        } else {
            const MediaMaterial &m = *found;
            if ((track.type == TrackType::Audio) != (m.kind == MediaKind::Audio))
                out.error(ErrorCode::InvalidArgument, u"material_id"_s,
                          u"%1: %2 media cannot sit on a %3 track"_s.arg(
                              where, m.kind == MediaKind::Audio ? u"audio"_s : u"visual"_s,
                              trackTypeName(track.type)),
                          {{u"segment"_s, s.id}});
            if (!s.source) {
                out.error(ErrorCode::MissingField, u"source"_s,
                          u"%1: a media segment needs a source range"_s.arg(where),
                          {{u"segment"_s, s.id}});
            } else if (withinTimeLimit(m.durationUs)) {
                if (s.source->start < 0)
                    out.error(ErrorCode::OutOfRange, u"source.start"_s,
                              u"%1: source start %2 is negative"_s.arg(where, us(s.source->start)),
                              {{u"segment"_s, s.id}, {u"min"_s, 0}});
                if (s.source->end() > m.durationUs)
                    out.error(ErrorCode::OutOfRange, u"source"_s,
                              u"%1: source ends at %2, beyond the media's duration %3 (%4)"_s.arg(
                                  where, us(s.source->end()), us(m.durationUs), m.name),
                              {{u"segment"_s, s.id}, {u"max"_s, m.durationUs}});
                const bool speedOk = s.speed >= profile.minSpeed && s.speed <= profile.maxSpeed;
                const qint64 expected
                    = speedOk ? s.sourceDurationFor(s.target.duration) : s.source->duration;
                if (std::llabs(expected - s.source->duration) > 1)
                    out.error(ErrorCode::InvalidArgument, u"source.duration"_s,
                              u"%1: source duration %2 does not match target %3 × speed %4 = %5"_s
                                  .arg(where, us(s.source->duration), us(s.target.duration))
                                  .arg(s.speed)
                                  .arg(us(expected)),
                              {{u"segment"_s, s.id}});
            }
        }
        if (s.fadeInUs < 0 || s.fadeOutUs < 0 || s.fadeInUs + s.fadeOutUs > s.target.duration)
            out.error(ErrorCode::OutOfRange, u"fade"_s,
                      u"%1: fades of %2 + %3 do not fit the segment's %4"_s.arg(
                          where, us(s.fadeInUs), us(s.fadeOutUs), us(s.target.duration)),
                      {{u"segment"_s, s.id}, {u"max"_s, s.target.duration}});
        if (s.volume < 0 || !std::isfinite(s.volume))
            out.error(ErrorCode::OutOfRange, u"volume"_s,
                      u"%1: volume %2 must not be negative"_s.arg(where).arg(s.volume),
                      {{u"segment"_s, s.id}, {u"min"_s, 0}});
    }

    for (const KeyframeTrack &kt : s.keyframes) {
        for (const Keyframe &k : kt.keyframes) {
            if (k.offsetUs < 0 || k.offsetUs > s.target.duration)
                out.error(ErrorCode::OutOfRange, u"keyframes"_s,
                          u"%1: %2 keyframe at %3 lies outside the segment (0..%4)"_s.arg(
                              where, keyframePropertyName(kt.property), us(k.offsetUs),
                              us(s.target.duration)),
                          {{u"segment"_s, s.id}, {u"min"_s, 0}, {u"max"_s, s.target.duration}});
        }
        if (kt.property == KeyframeProperty::Volume && track.type != TrackType::Audio
            && track.type != TrackType::Video)
            out.error(ErrorCode::InvalidArgument, u"keyframes"_s,
                      u"%1: volume keyframes need an audio or video segment"_s.arg(where),
                      {{u"segment"_s, s.id}});
    }

    if (s.text) {
        const qsizetype length = s.text->text.size();
        for (const TextStyle &style : s.text->styles) {
            if (style.start < 0 || style.length < 0 || style.start + style.length > length)
                out.error(ErrorCode::OutOfRange, u"text.styles"_s,
                          u"%1: style range [%2, %3) lies outside the text of %4 UTF-16 units"_s
                              .arg(where)
                              .arg(style.start)
                              .arg(style.start + style.length)
                              .arg(length),
                          {{u"segment"_s, s.id}, {u"max"_s, length}});
        }
    }
}

} // namespace

QList<DraftIssue> lintDraft(const Draft &draft, const DraftProfile &profile)
{
    Collector out;
    if (draft.width <= 0 || draft.height <= 0 || draft.width > 16384 || draft.height > 16384)
        out.error(ErrorCode::OutOfRange, u"canvas"_s,
                  u"canvas %1×%2 is outside 1..16384"_s.arg(draft.width).arg(draft.height),
                  {{u"min"_s, 1}, {u"max"_s, 16384}});
    if (!(draft.fps > 0 && draft.fps <= 240))
        out.error(ErrorCode::OutOfRange, u"fps"_s, u"fps %1 is outside 0..240"_s.arg(draft.fps),
                  {{u"min"_s, 0}, {u"max"_s, 240}});

    // Ids become file and folder names (Timelines/<id>, staged media): letters, digits and '-'
    // only, so none can leave the draft folder.
    static const QRegularExpression idPattern(u"^[0-9A-Za-z-]{1,64}$"_s);
    if (!draft.id.isEmpty() && !idPattern.match(draft.id).hasMatch())
        out.error(ErrorCode::InvalidArgument, u"id"_s,
                  u"draft id '%1' may only hold letters, digits and '-'"_s.arg(draft.id));
    for (const MediaMaterial &m : draft.media) {
        if (!idPattern.match(m.id).hasMatch())
            out.error(ErrorCode::InvalidArgument, u"media.id"_s,
                      u"media id '%1' may only hold letters, digits and '-'"_s.arg(m.id));
    }

    QSet<QString> names;
    bool mainTrackSeen = false;
    for (const Track &track : draft.tracks) {
        if (!track.name.isEmpty() && names.contains(track.name))
            out.warning(u"track.name"_s, u"two tracks are named '%1'"_s.arg(track.name));
        names.insert(track.name);
        for (const Segment &s : track.segments)
            checkSegment(draft, profile, track, s, out);

        QList<const Segment *> ordered;
        for (const Segment &s : track.segments) {
            if (timesSane(s)) // insane ones are already reported
                ordered.append(&s);
        }
        std::sort(ordered.begin(), ordered.end(), [](const Segment *a, const Segment *b) {
            return a->target.start < b->target.start;
        });
        for (qsizetype i = 0; i + 1 < ordered.size(); ++i) {
            const Segment *a = ordered.at(i);
            const Segment *b = ordered.at(i + 1);
            if (a->target.overlaps(b->target))
                out.error(
                    ErrorCode::Conflict, u"target"_s,
                    u"segments %1 and %2 overlap on track '%3' (%4 ends at %5, %6 starts at %7)"_s
                        .arg(a->id, b->id, track.name, a->id, us(a->target.end()), b->id,
                             us(b->target.start)),
                    {{u"track"_s, track.id}});
        }
        for (qsizetype i = 0; i < ordered.size(); ++i) {
            const Segment *a = ordered.at(i);
            const bool hasTransition
                = std::any_of(a->aux.begin(), a->aux.end(),
                              [](const AuxMaterial &x) { return x.list == u"transitions"; });
            if (hasTransition
                && (i + 1 >= ordered.size() || ordered.at(i + 1)->target.start != a->target.end()))
                out.error(ErrorCode::Conflict, u"transition"_s,
                          u"segment %1 has a transition but no segment follows it directly on "
                          "track '%2' (§8.10)"_s.arg(a->id, track.name),
                          {{u"segment"_s, a->id}});
        }
        if (track.type == TrackType::Video && !mainTrackSeen) {
            mainTrackSeen = true;
            qint64 expected = 0;
            bool gap = false;
            for (const Segment *s : std::as_const(ordered)) {
                gap = gap || s->target.start != expected;
                expected = s->target.end();
            }
            if (gap && draft.mainTrackMagnet)
                out.warning(u"mainTrackMagnet"_s,
                            u"the main video track '%1' does not start at 0 or has gaps while the "
                            "main-track magnet is on: the editor will close the gaps (§6)"_s.arg(
                                track.name));
        }
    }
    return out.issues;
}

Result<> validateDraft(const Draft &draft, const DraftProfile &profile)
{
    for (const DraftIssue &issue : lintDraft(draft, profile)) {
        if (issue.severity == DraftIssue::Severity::Error)
            return issue.error;
    }
    return {};
}

} // namespace CutPilot::Core
