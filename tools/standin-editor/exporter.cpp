#include "exporter.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

#include <QDir>
#include <QElapsedTimer>
#include <QFile>

#include <array>
#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace CutPilot::Standin {

namespace {

struct OutputCloser
{
    void operator()(AVFormatContext *ctx) const
    {
        if (ctx->pb)
            avio_closep(&ctx->pb);
        avformat_free_context(ctx);
    }
};
struct CodecFree
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

QString avError(int code)
{
    std::array<char, AV_ERROR_MAX_STRING_SIZE> text{};
    av_strerror(code, text.data(), text.size());
    return QString::fromUtf8(text.data());
}

/// Sends a frame (nullptr flushes) and writes every packet it yields.
int encode(AVFormatContext *format, AVCodecContext *codec, AVStream *stream, AVFrame *frame,
           AVPacket *packet)
{
    int ret = avcodec_send_frame(codec, frame);
    if (ret < 0)
        return ret;
    while ((ret = avcodec_receive_packet(codec, packet)) >= 0) {
        av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
        packet->stream_index = stream->index;
        ret = av_interleaved_write_frame(format, packet);
        if (ret < 0)
            return ret;
    }
    return (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF) ? 0 : ret;
}

void fillRect(AVFrame *frame, int x, int y, int w, int h, uint8_t luma)
{
    const int x0 = std::clamp(x, 0, frame->width);
    const int x1 = std::clamp(x + w, 0, frame->width);
    const int y0 = std::clamp(y, 0, frame->height);
    const int y1 = std::clamp(y + h, 0, frame->height);
    for (int row = y0; row < y1; ++row)
        std::memset(frame->data[0] + row * frame->linesize[0] + x0, luma, size_t(x1 - x0));
}

/// A seven-segment digit (bits a..g), so the frame number is readable in any frame grab.
void drawDigit(AVFrame *frame, int digit, int x, int y, int size)
{
    static constexpr std::array<uint8_t, 10> kSegments{0x3F, 0x06, 0x5B, 0x4F, 0x66,
                                                       0x6D, 0x7D, 0x07, 0x7F, 0x6F};
    const int t = std::max(2, size / 8); // stroke
    const int w = size / 2;
    const int h = size / 2;
    const uint8_t bits = kSegments.at(size_t(digit));
    const uint8_t on = 235;
    if (bits & 0x01)
        fillRect(frame, x, y, w, t, on);
    if (bits & 0x02)
        fillRect(frame, x + w - t, y, t, h, on);
    if (bits & 0x04)
        fillRect(frame, x + w - t, y + h, t, h, on);
    if (bits & 0x08)
        fillRect(frame, x, y + 2 * h - t, w, t, on);
    if (bits & 0x10)
        fillRect(frame, x, y + h, t, h, on);
    if (bits & 0x20)
        fillRect(frame, x, y, t, h, on);
    if (bits & 0x40)
        fillRect(frame, x, y + h - t / 2, w, t, on);
}

void drawPattern(AVFrame *frame, int index, int total)
{
    const int width = frame->width;
    const int height = frame->height;
    for (int row = 0; row < height; ++row)
        std::memset(frame->data[0] + row * frame->linesize[0], 16 + (row * 64) / height,
                    size_t(width));
    for (int plane = 1; plane < 3; ++plane) {
        for (int row = 0; row < height / 2; ++row)
            std::memset(frame->data[plane] + row * frame->linesize[plane], 128, size_t(width / 2));
    }
    // A bar that crosses the frame once over the export, and a progress strip at the bottom.
    const int barWidth = std::max(4, width / 24);
    const int barX = total > 1 ? (width - barWidth) * index / (total - 1) : 0;
    fillRect(frame, barX, 0, barWidth, height, 200);
    fillRect(frame, 0, height - height / 40, width * (index + 1) / total, height / 40, 235);
    // The frame counter, top left.
    const int size = std::max(16, height / 6);
    const QString digits = QString::number(index).rightJustified(5, u'0');
    for (int i = 0; i < digits.size(); ++i)
        drawDigit(frame, digits.at(i).digitValue(), size / 4 + i * (size * 3 / 4), size / 4, size);
}

} // namespace

int ExportJob::totalFrames() const
{
    return std::max(1, int(std::llround(double(durationUs) * fps / 1e6)));
}

ExportWorker::ExportWorker(ExportJob job, QObject *parent)
    : QThread(parent)
    , m_job(std::move(job))
{
}

ExportWorker::~ExportWorker()
{
    cancel();
    wait();
}

void ExportWorker::run()
{
    const QByteArray path = QFile::encodeName(m_job.writePath);
    AVFormatContext *raw = nullptr;
    if (avformat_alloc_output_context2(&raw, nullptr, "mp4", path.constData()) < 0 || !raw) {
        emit failed(u"cannot create the MP4 muxer"_s);
        return;
    }
    std::unique_ptr<AVFormatContext, OutputCloser> format(raw);

    // Video: libx264 when Debian's libavcodec has it, else the built-in MPEG-4 encoder.
    const AVCodec *videoCodec = avcodec_find_encoder_by_name("libx264");
    if (!videoCodec)
        videoCodec = avcodec_find_encoder(AV_CODEC_ID_MPEG4);
    const AVCodec *audioCodec = avcodec_find_encoder(AV_CODEC_ID_AAC);
    if (!videoCodec || !audioCodec) {
        emit failed(u"no H.264/MPEG-4 or AAC encoder in libavcodec"_s);
        return;
    }
    AVStream *videoStream = avformat_new_stream(format.get(), nullptr);
    AVStream *audioStream = avformat_new_stream(format.get(), nullptr);
    std::unique_ptr<AVCodecContext, CodecFree> video(avcodec_alloc_context3(videoCodec));
    std::unique_ptr<AVCodecContext, CodecFree> audio(avcodec_alloc_context3(audioCodec));
    if (!videoStream || !audioStream || !video || !audio) {
        emit failed(u"out of memory"_s);
        return;
    }
    video->width = m_job.size.width();
    video->height = m_job.size.height();
    video->time_base = AVRational{1, m_job.fps};
    video->framerate = AVRational{m_job.fps, 1};
    video->pix_fmt = AV_PIX_FMT_YUV420P;
    video->gop_size = m_job.fps * 2;
    video->max_b_frames = 0;
    if (qstrcmp(videoCodec->name, "libx264") == 0) {
        av_opt_set(video->priv_data, "preset", "ultrafast", 0);
        av_opt_set(video->priv_data, "tune", "zerolatency", 0); // packets per frame: steady growth
    } else {
        video->bit_rate = 4'000'000;
    }
    audio->sample_fmt = AV_SAMPLE_FMT_FLTP;
    audio->sample_rate = 48000;
    av_channel_layout_default(&audio->ch_layout, 2);
    audio->bit_rate = 64000;
    audio->time_base = AVRational{1, audio->sample_rate};
    if (format->oformat->flags & AVFMT_GLOBALHEADER) {
        video->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        audio->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    }
    int ret = avcodec_open2(video.get(), videoCodec, nullptr);
    if (ret >= 0)
        ret = avcodec_open2(audio.get(), audioCodec, nullptr);
    if (ret >= 0)
        ret = avcodec_parameters_from_context(videoStream->codecpar, video.get());
    if (ret >= 0)
        ret = avcodec_parameters_from_context(audioStream->codecpar, audio.get());
    if (ret < 0) {
        emit failed(u"cannot open the encoders: %1"_s.arg(avError(ret)));
        return;
    }
    videoStream->time_base = video->time_base;
    videoStream->avg_frame_rate = video->framerate;
    audioStream->time_base = audio->time_base;

    QDir().mkpath(QFileInfo(m_job.writePath).absolutePath());
    ret = avio_open(&format->pb, path.constData(), AVIO_FLAG_WRITE);
    if (ret >= 0)
        ret = avformat_write_header(format.get(), nullptr);
    if (ret < 0) {
        emit failed(u"cannot write %1: %2"_s.arg(m_job.writePath, avError(ret)));
        return;
    }

    std::unique_ptr<AVFrame, FrameFree> picture(av_frame_alloc());
    std::unique_ptr<AVFrame, FrameFree> sound(av_frame_alloc());
    std::unique_ptr<AVPacket, PacketFree> packet(av_packet_alloc());
    picture->format = video->pix_fmt;
    picture->width = video->width;
    picture->height = video->height;
    const int samplesPerFrame = audio->frame_size > 0 ? audio->frame_size : 1024;
    sound->format = audio->sample_fmt;
    sound->sample_rate = audio->sample_rate;
    av_channel_layout_copy(&sound->ch_layout, &audio->ch_layout);
    sound->nb_samples = samplesPerFrame;
    if (av_frame_get_buffer(picture.get(), 0) < 0 || av_frame_get_buffer(sound.get(), 0) < 0) {
        emit failed(u"out of memory"_s);
        return;
    }

    const int total = m_job.totalFrames();
    const qint64 totalSamples
        = qint64(std::llround(double(total) / m_job.fps * audio->sample_rate));
    qint64 samplesWritten = 0;
    QElapsedTimer clock;
    clock.start();
    qint64 lastEmitMs = -1000;
    qint64 pausedMs = 0;
    int lastPercent = -1;

    for (int index = 0; index < total; ++index) {
        if (m_cancel)
            return; // the caller removes the partial file
        const double percent = 100.0 * index / total;
        if (m_job.failAtPercent >= 0.0 && percent >= m_job.failAtPercent) {
            avio_flush(format->pb);
            emit failed(m_job.failMessage); // no trailer: a broken, partial file stays behind
            return;
        }
        if (m_job.stallAtPercent >= 0.0 && percent >= m_job.stallAtPercent) {
            m_job.stallAtPercent = -1.0;
            avio_flush(format->pb);
            emit stalled();
            QElapsedTimer stall;
            stall.start();
            while (!m_cancel
                   && (m_job.stallSeconds <= 0.0 || stall.elapsed() < m_job.stallSeconds * 1000))
                msleep(50);
            if (m_cancel)
                return;
            pausedMs += stall.elapsed(); // pacing resumes from here
        }
        if (m_job.speed > 0.0) {
            // N × real time: frame i is due at i / fps / N seconds.
            const qint64 dueMs = pausedMs + qint64(1000.0 * index / m_job.fps / m_job.speed);
            while (!m_cancel && clock.elapsed() < dueMs)
                msleep(std::min<qint64>(20, dueMs - clock.elapsed()));
        }

        if (av_frame_make_writable(picture.get()) < 0) {
            emit failed(u"out of memory"_s);
            return;
        }
        drawPattern(picture.get(), index, total);
        picture->pts = index;
        ret = encode(format.get(), video.get(), videoStream, picture.get(), packet.get());
        // Silent audio up to the end of this video frame.
        const qint64 audioDue
            = qint64(std::llround(double(index + 1) / m_job.fps * audio->sample_rate));
        while (ret >= 0 && samplesWritten < std::min(audioDue, totalSamples)) {
            if (av_frame_make_writable(sound.get()) < 0)
                break;
            sound->nb_samples
                = int(std::min<qint64>(samplesPerFrame, totalSamples - samplesWritten));
            for (int channel = 0; channel < sound->ch_layout.nb_channels; ++channel)
                std::memset(sound->data[channel], 0, size_t(sound->nb_samples) * sizeof(float));
            sound->pts = samplesWritten;
            samplesWritten += sound->nb_samples;
            ret = encode(format.get(), audio.get(), audioStream, sound.get(), packet.get());
        }
        if (ret < 0) {
            emit failed(u"encoding failed: %1"_s.arg(avError(ret)));
            return;
        }
        avio_flush(format->pb); // progressive: watchers see the file grow

        const int now = int(100.0 * (index + 1) / total);
        if (now != lastPercent || clock.elapsed() - lastEmitMs >= 200) {
            lastPercent = now;
            lastEmitMs = clock.elapsed();
            if (now < 100)
                emit progressed(now);
        }
    }
    ret = encode(format.get(), video.get(), videoStream, nullptr, packet.get());
    if (ret >= 0)
        ret = encode(format.get(), audio.get(), audioStream, nullptr, packet.get());
    if (ret >= 0)
        ret = av_write_trailer(format.get());
    if (ret >= 0)
        ret = avio_closep(&format->pb);
    if (ret < 0) {
        emit failed(u"finishing %1 failed: %2"_s.arg(m_job.writePath, avError(ret)));
        return;
    }
    if (m_job.writePath != m_job.path) {
        QFile::remove(m_job.path);
        if (!QFile::rename(m_job.writePath, m_job.path)) {
            emit failed(u"cannot rename %1 to %2"_s.arg(m_job.writePath, m_job.path));
            return;
        }
    }
    emit progressed(100);
    emit succeeded(m_job.path);
}

} // namespace CutPilot::Standin
