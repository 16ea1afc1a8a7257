#pragma once

#include "core/support/result.h"
#include "mediaprobe.h"

#include <QImage>
#include <QList>

namespace CutPilot::Core {

struct FrameRequest
{
    int height = 120; ///< output height in pixels; the width follows the displayed aspect ratio
};

/// Decodes pictures from a video or image file in-process (libavcodec + swscale), for thumbnails
/// and filmstrips. Pure and thread-safe; run it in a worker pool. Rotation is applied, so the
/// image looks as the editor shows it.
class FrameGrabber final
{
public:
    /// One frame near `atUs`: the decoder seeks to the nearest keyframe at or before it and
    /// returns the first frame at or after `atUs` (or the last one before the end).
    static Result<QImage> thumbnail(const QString &path, qint64 atUs, FrameRequest request = {},
                                    const MediaOpOptions &options = {});
    /// `count` frames evenly spaced over the duration (centre of each slot), one decoder session.
    static Result<QList<QImage>> filmstrip(const QString &path, int count,
                                           FrameRequest request = {},
                                           const MediaOpOptions &options = {});
};

} // namespace CutPilot::Core
