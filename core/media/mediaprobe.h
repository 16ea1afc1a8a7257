#pragma once

#include "core/support/result.h"
#include "mediainfo.h"

#include <functional>

namespace CutPilot::Core {

/// Bounds and cancellation for one libavformat/libavcodec operation. libav calls the interrupt
/// callback while it blocks on input, so a stuck network mount or a huge file cannot hold a worker
/// forever (issue 4).
struct MediaOpOptions
{
    int timeoutMs = 10'000; ///< whole operation; 0 = unbounded
    /// Polled while libav reads and between decoded frames; true stops with ErrorCode::Cancelled.
    /// Must be cheap and thread-safe (e.g. QPromise::isCanceled or an atomic flag).
    std::function<bool()> isCancelled;
};

/// Reads a media file's facts in-process (libavformat, no ffprobe process): container, duration,
/// displayed size with rotation applied, frame rate, codecs, pixel format and alpha, audio layout,
/// still images. Pure and thread-safe: call it from a worker pool.
///
/// Errors name the file and the cause: MediaUnreadable (missing, unreadable, empty), MediaCorrupt
/// (truncated or damaged container), MediaUnsupported (not a media file, no audio/video stream),
/// Timeout, Cancelled.
Result<MediaInfo> probeMedia(const QString &path, const MediaOpOptions &options = {});

} // namespace CutPilot::Core
