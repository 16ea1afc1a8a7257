#pragma once

#include "core/draft/draftmodel.h"

#include <QString>

#include <optional>

namespace CutPilot::Ui {

/// What the preview shows at one timeline time: the topmost visible video or photo segment under
/// the playhead (issue 7).
struct PreviewClip
{
    QString trackId;
    QString segmentId;
    QString path;
    Core::MediaKind kind = Core::MediaKind::Video; ///< Video or Photo
    Core::TimeRange target;
    qint64 sourceStartUs = 0; ///< where the segment's source range starts in the media
    double speed = 1.0;
    qint64 sourceTimeUs = 0; ///< the media time at the asked timeline time

    /// The media time for timeline time `t`: source start + (t − target start) × speed.
    qint64 sourceTimeAt(qint64 timelineUs) const;

    friend bool operator==(const PreviewClip &, const PreviewClip &) = default;
};

/// The clip of the highest render index video track (later in the list on a tie: drawn later)
/// whose visible segment covers `timelineUs` (start inclusive, end exclusive) and plays a video or
/// photo material of the draft. std::nullopt when none does (a gap, past the end). Pure.
std::optional<PreviewClip> topmostVideoClip(const Core::Draft &draft, qint64 timelineUs);

} // namespace CutPilot::Ui
