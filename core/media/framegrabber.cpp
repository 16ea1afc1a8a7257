#include "framegrabber.h"

#include "avsupport_p.h"

extern "C" {
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <QFileInfo>
#include <QTransform>

#include <cmath>
#include <optional>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace AvDetail;

namespace {

struct SwsFree
{
    void operator()(SwsContext *ctx) const { sws_freeContext(ctx); }
};

/// One open file with its video decoder; grabs frames one after another.
class Session
{
public:
    static Result<std::unique_ptr<Session>> open(const QString &path, const MediaOpOptions &options)
    {
        auto session = std::unique_ptr<Session>(new Session);
        session->m_path = path;
        session->m_cancel = options.isCancelled;
        Result<Input> input = openInput(path, options, true);
        if (!input)
            return input.error();
        session->m_input = std::move(*input);
        AVFormatContext *fmt = session->m_input.format.get();
        const int index = videoStreamIndex(fmt);
        if (index < 0)
            return Error(ErrorCode::MediaUnsupported,
                         u"%1: has no picture (audio only?)"_s.arg(QFileInfo(path).fileName()),
                         {{u"path"_s, path}});
        session->m_stream = fmt->streams[index];
        // Seeking needs more than one frame's worth of input: image demuxers hold one picture.
        const QByteArrayView demuxer(fmt->iformat->name);
        session->m_still = demuxer == "image2" || demuxer.endsWith("_pipe");
        Result<CodecPtr> decoder = openDecoder(path, session->m_stream, session->m_still ? 1 : 2);
        if (!decoder)
            return decoder.error();
        session->m_decoder = std::move(*decoder);
        session->m_rotation = streamRotation(session->m_stream);
        session->m_packet.reset(av_packet_alloc());
        session->m_frame.reset(av_frame_alloc());
        session->m_last.reset(av_frame_alloc());
        if (!session->m_packet || !session->m_frame || !session->m_last)
            return Error::internal(u"out of memory"_s);
        return session;
    }

    qint64 durationUs() const
    {
        const AVFormatContext *fmt = m_input.format.get();
        return fmt->duration > 0 && fmt->duration != AV_NOPTS_VALUE ? fmt->duration : 0;
    }
    bool isStill() const { return m_still; }

    /// The picture at `atUs` (see FrameGrabber::thumbnail). When the seek lands after the last
    /// keyframe before the end (files without an index, MPEG-TS), only frames that cannot be
    /// decoded on their own follow: then it seeks earlier (1 s, 5 s, 30 s, then the start) and
    /// decodes forward to the same target.
    Result<QImage> grab(qint64 atUs, const FrameRequest &request)
    {
        const AVRational tb = m_stream->time_base;
        const qint64 start = m_stream->start_time != AV_NOPTS_VALUE ? m_stream->start_time : 0;
        const qint64 target = av_rescale_q(atUs, AVRational{1, AV_TIME_BASE}, tb) + start;
        if (m_still) {
            if (m_used)
                seekToStart();
            m_used = true;
            Result<std::optional<QImage>> image = decodeTo(target, request);
            if (!image)
                return image.error();
            if (*image)
                return std::move(**image);
            return noPicture();
        }
        m_used = true;
        static constexpr qint64 BackoffUs[] = {0, 1'000'000, 5'000'000, 30'000'000};
        for (const qint64 backoff : BackoffUs) {
            const qint64 from = atUs - backoff;
            if (from <= 0)
                break; // the start comes last, once
            m_input.interrupt->touch();
            const qint64 ts = av_rescale_q(from, AVRational{1, AV_TIME_BASE}, tb) + start;
            if (av_seek_frame(m_input.format.get(), m_stream->index, ts, AVSEEK_FLAG_BACKWARD) < 0)
                break; // unseekable: decode from the start
            avcodec_flush_buffers(m_decoder.get());
            Result<std::optional<QImage>> image = decodeTo(target, request);
            if (!image)
                return image.error();
            if (*image)
                return std::move(**image);
        }
        seekToStart();
        Result<std::optional<QImage>> image = decodeTo(target, request);
        if (!image)
            return image.error();
        if (*image)
            return std::move(**image);
        return noPicture();
    }

private:
    Session() = default;
    QString fileName() const { return QFileInfo(m_path).fileName(); }
    Error noPicture() const
    {
        return Error(ErrorCode::MediaCorrupt, u"%1: no picture could be decoded"_s.arg(fileName()),
                     {{u"path"_s, m_path}});
    }

    void seekToStart()
    {
        AVFormatContext *fmt = m_input.format.get();
        m_input.interrupt->touch();
        const bool byteSeek = !(fmt->iformat->flags & AVFMT_NO_BYTE_SEEK);
        // Stream-like containers (MPEG-TS/PS: timestamps may jump, no index) start at byte 0, as
        // ffplay seeks them; a timestamp seek to their start can land just past the first
        // keyframe. Containers with an index seek to their first timestamp.
        const bool streamLike = byteSeek && (fmt->iformat->flags & AVFMT_TS_DISCONT)
                                && QByteArrayView(fmt->iformat->name) != "ogg";
        if (m_still || (streamLike && av_seek_frame(fmt, -1, 0, AVSEEK_FLAG_BYTE) >= 0)) {
            if (m_still)
                av_seek_frame(fmt, -1, 0, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_BYTE);
        } else {
            const qint64 start = m_stream->start_time != AV_NOPTS_VALUE ? m_stream->start_time : 0;
            if (av_seek_frame(fmt, m_stream->index, start, AVSEEK_FLAG_BACKWARD) < 0 && byteSeek)
                av_seek_frame(fmt, -1, 0, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_BYTE);
        }
        avcodec_flush_buffers(m_decoder.get());
    }

    /// Decodes from the current position: the first frame at or after `target`, else the last
    /// one before the end, else nothing (no frame decoded at all before the end).
    Result<std::optional<QImage>> decodeTo(qint64 target, const FrameRequest &request)
    {
        AVFormatContext *fmt = m_input.format.get();
        const auto picture = [this, &request](const AVFrame *frame) {
            Result<QImage> image = toImage(frame, request);
            return image ? Result<std::optional<QImage>>(std::optional<QImage>(std::move(*image)))
                         : Result<std::optional<QImage>>(image.error());
        };
        av_frame_unref(m_last.get());
        bool haveLast = false;
        bool draining = false;
        while (true) {
            if (m_cancel && m_cancel())
                return Error(ErrorCode::Cancelled, u"%1: cancelled"_s.arg(fileName()),
                             {{u"path"_s, m_path}});
            if (!draining) {
                int rc = av_read_frame(fmt, m_packet.get());
                if (rc == AVERROR_EOF) {
                    draining = true;
                    avcodec_send_packet(m_decoder.get(), nullptr);
                } else if (rc < 0) {
                    return avError(m_path, *m_input.interrupt, rc, u"cannot read"_s);
                } else {
                    m_input.interrupt->touch(); // data flows
                    if (m_packet->stream_index == m_stream->index)
                        rc = avcodec_send_packet(m_decoder.get(), m_packet.get());
                    av_packet_unref(m_packet.get());
                    if (rc < 0 && rc != AVERROR(EAGAIN) && rc != AVERROR_INVALIDDATA)
                        return avError(m_path, *m_input.interrupt, rc, u"cannot decode"_s);
                }
            }
            while (true) {
                const int rc = avcodec_receive_frame(m_decoder.get(), m_frame.get());
                if (rc == AVERROR(EAGAIN))
                    break;
                if (rc == AVERROR_EOF)
                    return haveLast ? picture(m_last.get())
                                    : Result<std::optional<QImage>>(std::nullopt);
                if (rc < 0)
                    return avError(m_path, *m_input.interrupt, rc, u"cannot decode"_s);
                const qint64 pts = m_frame->best_effort_timestamp;
                if (m_still || pts == AV_NOPTS_VALUE || pts >= target)
                    return picture(m_frame.get());
                av_frame_unref(m_last.get());
                av_frame_move_ref(m_last.get(), m_frame.get());
                haveLast = true;
            }
        }
    }

    Result<QImage> toImage(const AVFrame *frame, const FrameRequest &request)
    {
        // Displayed size: sample aspect ratio, then rotation.
        double width = frame->width;
        if (frame->sample_aspect_ratio.num > 0 && frame->sample_aspect_ratio.den > 0)
            width *= av_q2d(frame->sample_aspect_ratio);
        const bool swap = m_rotation == 90 || m_rotation == 270;
        const double aspect = swap ? frame->height / width : width / frame->height;
        const int outH = std::clamp(request.height, 1, 4096);
        const int outW = std::clamp(int(std::lround(outH * aspect)), 1, 8192);
        const int scaledW = swap ? outH : outW;
        const int scaledH = swap ? outW : outH;
        m_sws.reset(sws_getCachedContext(m_sws.release(), frame->width, frame->height,
                                         AVPixelFormat(frame->format), scaledW, scaledH,
                                         AV_PIX_FMT_RGBA, SWS_BILINEAR, nullptr, nullptr, nullptr));
        if (!m_sws)
            return Error(
                ErrorCode::MediaUnsupported,
                u"%1: cannot convert pixel format %2"_s.arg(fileName()).arg(frame->format));
        applyColorspace(frame);
        QImage image(scaledW, scaledH, QImage::Format_RGBA8888);
        if (image.isNull())
            return Error::internal(
                u"out of memory for a %1x%2 picture"_s.arg(scaledW).arg(scaledH));
        uint8_t *dst[4] = {image.bits(), nullptr, nullptr, nullptr};
        const int dstStride[4] = {int(image.bytesPerLine()), 0, 0, 0};
        sws_scale(m_sws.get(), frame->data, frame->linesize, 0, frame->height, dst, dstStride);
        if (m_rotation != 0)
            image = image.transformed(QTransform().rotate(m_rotation));
        return image;
    }

    /// YUV to RGB with the frame's own matrix and range: BT.709 for HD (and when tagged so),
    /// BT.601 for SD, full range for JPEG-range frames; swscale's default (BT.601, limited
    /// range) shifts the colours of HD video and the contrast of full-range pictures.
    void applyColorspace(const AVFrame *frame)
    {
        const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(AVPixelFormat(frame->format));
        if (!desc || (desc->flags & AV_PIX_FMT_FLAG_RGB) || desc->nb_components < 3)
            return; // RGB (or gray) input: no matrix involved
        int colorspace = frame->colorspace;
        if (colorspace == AVCOL_SPC_UNSPECIFIED || colorspace == AVCOL_SPC_RESERVED
            || colorspace == AVCOL_SPC_RGB)
            colorspace
                = frame->width >= 1280 || frame->height > 576 ? AVCOL_SPC_BT709 : AVCOL_SPC_BT470BG;
        const QByteArrayView name(desc->name);
        const int srcRange = frame->color_range == AVCOL_RANGE_JPEG || name.startsWith("yuvj");
        int *invTable = nullptr;
        int *table = nullptr;
        int currentSrcRange = 0;
        int dstRange = 0;
        int brightness = 0;
        int contrast = 0;
        int saturation = 0;
        if (sws_getColorspaceDetails(m_sws.get(), &invTable, &currentSrcRange, &table, &dstRange,
                                     &brightness, &contrast, &saturation)
            < 0)
            return;
        sws_setColorspaceDetails(m_sws.get(), sws_getCoefficients(colorspace), srcRange, table, 1,
                                 brightness, contrast, saturation);
    }

    QString m_path;
    std::function<bool()> m_cancel;
    Input m_input;
    AVStream *m_stream = nullptr;
    CodecPtr m_decoder;
    PacketPtr m_packet;
    FramePtr m_frame;
    FramePtr m_last;
    std::unique_ptr<SwsContext, SwsFree> m_sws;
    int m_rotation = 0;
    bool m_still = false;
    bool m_used = false;
};

} // namespace

Result<QImage> FrameGrabber::thumbnail(const QString &path, qint64 atUs, FrameRequest request,
                                       const MediaOpOptions &options)
{
    Result<std::unique_ptr<Session>> session = Session::open(path, options);
    if (!session)
        return session.error();
    return (*session)->grab(std::max<qint64>(0, atUs), request);
}

Result<QList<QImage>> FrameGrabber::filmstrip(const QString &path, int count, FrameRequest request,
                                              const MediaOpOptions &options)
{
    if (count < 1 || count > 500)
        return Error::outOfRange(u"count"_s, count, 1, 500);
    Result<std::unique_ptr<Session>> session = Session::open(path, options);
    if (!session)
        return session.error();
    // A slot whose picture cannot be decoded (a seek into a damaged stretch) shows its
    // neighbour's; only a strip without any picture fails. Cancellation and timeouts stop it.
    QList<std::optional<QImage>> pictures;
    pictures.reserve(count);
    std::optional<Error> firstError;
    const qint64 duration = (*session)->durationUs();
    for (int i = 0; i < count; ++i) {
        if ((*session)->isStill() && !pictures.isEmpty() && pictures.first()) {
            pictures.append(pictures.first()); // one picture: shared, not decoded again
            continue;
        }
        const qint64 at = duration * (2 * i + 1) / (2 * count);
        Result<QImage> frame = (*session)->grab(at, request);
        if (!frame) {
            const ErrorCode code = frame.error().code();
            if (code == ErrorCode::Cancelled || code == ErrorCode::Timeout
                || code == ErrorCode::Internal)
                return frame.error();
            if (!firstError)
                firstError = frame.error();
            pictures.append(std::nullopt);
            continue;
        }
        pictures.append(std::move(*frame));
    }
    QList<QImage> frames;
    frames.reserve(count);
    for (qsizetype i = 0; i < pictures.size(); ++i) {
        if (pictures[i]) {
            frames.append(*pictures[i]);
            continue;
        }
        std::optional<QImage> neighbour;
        for (qsizetype d = 1; d < pictures.size() && !neighbour; ++d) {
            if (i - d >= 0 && pictures[i - d])
                neighbour = pictures[i - d];
            else if (i + d < pictures.size() && pictures[i + d])
                neighbour = pictures[i + d];
        }
        if (!neighbour)
            return *firstError;
        frames.append(*neighbour);
    }
    return frames;
}

} // namespace CutPilot::Core
