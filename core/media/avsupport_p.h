#pragma once

// Private helpers shared by the FFmpeg-based parts of core/media: RAII holders, the interrupt
// callback, error mapping. Never included from a public header (FFmpeg stays an implementation
// detail of cutpilot_core).

#include "core/support/error.h"
#include "mediaprobe.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

#include <QDeadlineTimer>
#include <QString>

#include <memory>

namespace CutPilot::Core::AvDetail {

/// What the interrupt callback looks at; lives as long as the AVFormatContext. While opening, the
/// deadline is MediaOpOptions::timeoutMs for the whole open/probe; afterwards (startReading()) it
/// is MediaOpOptions::stallMs, re-armed by touch() whenever the caller reads a packet.
struct Interrupt
{
    enum class Stage {
        Opening,
        Reading,
    };

    QDeadlineTimer deadline;
    std::function<bool()> isCancelled;
    int openMs = 0;  ///< 0: unbounded
    int stallMs = 0; ///< 0: unbounded
    Stage stage = Stage::Opening;
    bool timedOut = false;
    bool cancelled = false;

    /// Opening is over: from now on only stalls (no touch() for stallMs) time out.
    void startReading();
    /// Data flows: re-arms the stall deadline. Cheap (one clock read); call it per packet.
    void touch();
    /// The budget that applies now, in ms (0: unbounded).
    int budgetMs() const { return stage == Stage::Opening ? openMs : stallMs; }

    static int callback(void *opaque);
};

struct FormatCloser
{
    void operator()(AVFormatContext *ctx) const { avformat_close_input(&ctx); }
};
struct CodecCloser
{
    void operator()(AVCodecContext *ctx) const { avcodec_free_context(&ctx); }
};
struct FrameFree
{
    void operator()(AVFrame *f) const { av_frame_free(&f); }
};
struct PacketFree
{
    void operator()(AVPacket *p) const { av_packet_free(&p); }
};
using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecCloser>;
using FramePtr = std::unique_ptr<AVFrame, FrameFree>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFree>;

QString avErrorText(int code);

/// Sends libav's log to CutPilot's media log (once per process).
void installAvLogForwarding();

/// An open input: format context plus its interrupt state (which must outlive the context).
struct Input
{
    std::unique_ptr<Interrupt> interrupt;
    FormatPtr format;
};

/// Checks the file (exists, readable, not empty) and opens it with the interrupt callback, as
/// "file:<absolute path>" in UTF-8 (a name with ':' never selects a protocol; FFmpeg expects UTF-8
/// on every platform), with only the file protocol, without the demuxers that follow references
/// to other files (playlists, concat lists, IMF, ...: see isReferenceDemuxer()) and with image2's
/// patterns off (`50%d.png` is that one file). `findStreamInfo`: also read packets until every
/// stream's parameters are known. The interrupt is switched to the stall budget before returning.
Result<Input> openInput(const QString &path, const MediaOpOptions &options, bool findStreamInfo);

/// The error for a failed libav call on `path` ("<file>: <what>: <libav's reason>"), with the
/// right code (Timeout/Cancelled when the interrupt fired).
Error avError(const QString &path, const Interrupt &interrupt, int code, const QString &what);

/// Demuxers CutPilot never uses: they open other files or URLs named inside the file (HLS and DASH
/// playlists, concat lists, IMF compositions, SDP/RTSP, subtitle side files) or run scripts. A
/// downloaded or API-given file must not make CutPilot read what PathPolicy would refuse.
bool isReferenceDemuxer(const char *name);

/// Whether the first bytes are a media container libavformat recognises by content.
bool looksLikeMedia(const QString &path);

/// Rotation (0/90/180/270, clockwise) from the stream's display matrix.
int streamRotation(const AVStream *stream);

/// The stream index of the best real video stream (not cover art), or -1.
int videoStreamIndex(const AVFormatContext *format);
int audioStreamIndex(const AVFormatContext *format);

/// An opened decoder for `stream` (threads: 1 for stills, auto otherwise).
Result<CodecPtr> openDecoder(const QString &path, const AVStream *stream, int threads);

} // namespace CutPilot::Core::AvDetail
