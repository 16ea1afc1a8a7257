#include "previewclip.h"

#include <cmath>

namespace CutPilot::Ui {

qint64 PreviewClip::sourceTimeAt(qint64 timelineUs) const
{
    return sourceStartUs + qint64(std::llround(double(timelineUs - target.start) * speed));
}

std::optional<PreviewClip> topmostVideoClip(const Core::Draft &draft, qint64 timelineUs)
{
    std::optional<PreviewClip> best;
    int bestIndex = 0;
    for (const Core::Track &track : draft.tracks) {
        if (track.type != Core::TrackType::Video)
            continue;
        // Tracks are in layer order (bottom first): on equal render indexes the later one wins.
        if (best && track.renderIndex() < bestIndex)
            continue;
        for (const Core::Segment &segment : track.segments) {
            if (!segment.visible || timelineUs < segment.target.start
                || timelineUs >= segment.target.end())
                continue;
            const auto media = draft.media.constFind(segment.materialId);
            if (media == draft.media.cend() || media->kind == Core::MediaKind::Audio)
                continue;
            PreviewClip clip;
            clip.trackId = track.id;
            clip.segmentId = segment.id;
            clip.path = media->path;
            clip.kind = media->kind;
            clip.target = segment.target;
            clip.sourceStartUs = segment.source ? segment.source->start : 0;
            clip.speed = segment.speed > 0 ? segment.speed : 1.0;
            clip.sourceTimeUs = clip.sourceTimeAt(timelineUs);
            best = clip;
            bestIndex = track.renderIndex();
            break;
        }
    }
    return best;
}

} // namespace CutPilot::Ui
