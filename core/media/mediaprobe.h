#pragma once

#include "core/support/result.h"
#include "mediainfo.h"

#include <functional>

namespace CutPilot::Core {

/// Bounds and cancellation for one libavformat/libavcodec operation. libav calls the interrupt
/// callback while it blocks on input, so a stuck network mount or a damaged file cannot hold a
/// worker forever (issue 4). Two budgets:
///  - `timeoutMs` bounds opening the file and reading its stream parameters (avformat_open_input
///    and avformat_find_stream_info), which is the same work whatever the file's length;
///  - `stallMs` bounds every stretch without progress afterwards: the seek and decode loops re-arm
///    it at each packet they read, so a long decode (the waveform of a two-hour film) never times
///    out while data flows, and a read that hangs still does.
/// Appended members keep `{timeoutMs, isCancelled}` initialisers valid.
struct MediaOpOptions
{
    int timeoutMs = 10'000; ///< open + probe; 0 = unbounded
    /// Polled while libav reads and between decoded frames; true stops with ErrorCode::Cancelled.
    /// Must be cheap and thread-safe (e.g. QPromise::isCanceled or an atomic flag).
    std::function<bool()> isCancelled;
    int stallMs = 10'000; ///< after opening: longest time without reading a packet; 0 = unbounded
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
