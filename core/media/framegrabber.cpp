#include "framegrabber.h"

#include "avsupport_p.h"

extern "C" {
#include <libswscale/swscale.h>
}

#include <QFileInfo>
#include <QTransform>

#include <cmath>

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

    Result<QImage> grab(qint64 atUs, const FrameRequest &request)
    {
        AVFormatContext *fmt = m_input.format.get();
        const AVRational tb = m_stream->time_base;
        const qint64 start = m_stream->start_time != AV_NOPTS_VALUE ? m_stream->start_time : 0;
        const qint64 target = av_rescale_q(atUs, AVRational{1, AV_TIME_BASE}, tb) + start;
        if (!m_still) {
            if (int rc = av_seek_frame(fmt, m_stream->index, target, AVSEEK_FLAG_BACKWARD); rc < 0)
                av_seek_frame(fmt, -1, 0, AVSEEK_FLAG_BACKWARD); // unseekable: decode from start
            avcodec_flush_buffers(m_decoder.get());
        } else if (m_used) {
            av_seek_frame(fmt, -1, 0, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_BYTE);
            avcodec_flush_buffers(m_decoder.get());
        }
        m_used = true;
        av_frame_unref(m_last.get());
        bool haveLast = false;
        bool draining = false;
        while (true) {
            if (m_cancel && m_cancel())
                return Error(ErrorCode::Cancelled, u"%1: cancelled"_s.arg(fileName()));
            if (!draining) {
                int rc = av_read_frame(fmt, m_packet.get());
                if (rc == AVERROR_EOF) {
                    draining = true;
                    avcodec_send_packet(m_decoder.get(), nullptr);
                } else if (rc < 0) {
                    return avError(m_path, *m_input.interrupt, rc, u"cannot read"_s);
                } else {
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
                if (rc == AVERROR_EOF) {
                    if (!haveLast)
                        return Error(ErrorCode::MediaCorrupt,
                                     u"%1: no picture could be decoded"_s.arg(fileName()),
                                     {{u"path"_s, m_path}});
                    return toImage(m_last.get(), request);
                }
                if (rc < 0)
                    return avError(m_path, *m_input.interrupt, rc, u"cannot decode"_s);
                const qint64 pts = m_frame->best_effort_timestamp;
                if (m_still || pts == AV_NOPTS_VALUE || pts >= target)
                    return toImage(m_frame.get(), request);
                av_frame_unref(m_last.get());
                av_frame_move_ref(m_last.get(), m_frame.get());
                haveLast = true;
            }
        }
    }

private:
    Session() = default;
    QString fileName() const { return QFileInfo(m_path).fileName(); }

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
    QList<QImage> frames;
    frames.reserve(count);
    const qint64 duration = (*session)->durationUs();
    for (int i = 0; i < count; ++i) {
        if ((*session)->isStill() && !frames.isEmpty()) {
            frames.append(frames.first()); // one picture: shared, not decoded again
            continue;
        }
        const qint64 at = duration * (2 * i + 1) / (2 * count);
        Result<QImage> frame = (*session)->grab(at, request);
        if (!frame)
            return frame.error();
        frames.append(std::move(*frame));
    }
    return frames;
}

} // namespace CutPilot::Core
