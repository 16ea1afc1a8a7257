// DraftService: a media segment with its track in one undo step, as the CapCutAPI add_video,
// add_audio and add_image routes need it (capcutapi-compat.md §5.2-§5.4, §4.5).

#include "core/draft/draftbuilders.h"
#include "draftservice.h"
#include "draftservice_p.h"

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace DraftServiceDetail;

namespace {

Track newTrack(const Draft &d, TrackType type, const QString &name, int relativeIndex)
{
    Track track;
    track.id = newMaterialId();
    track.type = type;
    track.name = name;
    int relative = 0;
    for (const Track &t : d.tracks) {
        if (t.type == type)
            relative = std::max(relative, t.relativeIndex + 1);
    }
    track.relativeIndex = relativeIndex >= 0 ? relativeIndex : relative;
    return track;
}

} // namespace

Result<QString> DraftService::addMediaSegmentTo(const QString &trackName, int relativeIndex,
                                                const MediaSegmentSpec &segment,
                                                const QString &bottomTrack)
{
    if (trackName.isEmpty())
        return Error::missingField(u"trackName"_s);
    if (segment.media.id.isEmpty())
        return Error::missingField(u"media.id"_s);
    for (const AuxMaterial &material : segment.aux) {
        if (material.id().isEmpty())
            return Error::missingField(u"aux.id"_s);
    }
    const TrackType type
        = segment.media.kind == MediaKind::Audio ? TrackType::Audio : TrackType::Video;
    const QString id = newMaterialId();
    Result<> done = apply(u"Add clip"_s, [&](Draft &d) -> Result<> {
        const auto named = [&d](const QString &name) -> Track * {
            for (Track &t : d.tracks) {
                if (t.name == name)
                    return &t;
            }
            return nullptr;
        };
        Track *track = named(trackName);
        if (track && track->type != type)
            return Error(ErrorCode::Conflict,
                         u"track '%1' is a %2 track"_s.arg(trackName, trackTypeName(track->type)),
                         {{u"field"_s, u"track_name"_s}});
        if (!track) {
            const bool anyVideo
                = std::any_of(d.tracks.cbegin(), d.tracks.cend(),
                              [](const Track &t) { return t.type == TrackType::Video; });
            if (type == TrackType::Video && !anyVideo && !bottomTrack.isEmpty()
                && bottomTrack != trackName) {
                if (Track *other = named(bottomTrack); other)
                    return Error(
                        ErrorCode::Conflict,
                        u"track '%1' is a %2 track"_s.arg(bottomTrack, trackTypeName(other->type)),
                        {{u"field"_s, u"track_name"_s}});
                d.tracks.append(newTrack(d, TrackType::Video, bottomTrack, 0));
            }
            d.tracks.append(newTrack(d, type, trackName, relativeIndex));
            track = &d.tracks.last();
        }
        if (!d.media.contains(segment.media.id))
            d.media.insert(segment.media.id, segment.media);
        Segment s;
        s.id = id;
        s.materialId = segment.media.id;
        s.target = segment.target;
        s.speed = segment.speed;
        s.volume = segment.volume;
        s.transform = segment.transform;
        s.source = TimeRange{segment.sourceStart, s.sourceDurationFor(segment.target.duration)};
        for (const AuxMaterial &material : segment.aux) {
            const QString slot = DraftBuilders::slotOf(material);
            s.aux.removeIf([&](const AuxMaterial &a) { return DraftBuilders::slotOf(a) == slot; });
            s.aux.append(material);
        }
        track->segments.append(s);
        std::stable_sort(
            track->segments.begin(), track->segments.end(),
            [](const Segment &a, const Segment &b) { return a.target.start < b.target.start; });
        return {};
    });
    if (!done)
        return done.error();
    return id;
}

} // namespace CutPilot::Core
