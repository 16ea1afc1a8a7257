#include "waveform.h"

#include "avsupport_p.h"

extern "C" {
#include <libswresample/swresample.h>
}

#include <QDataStream>
#include <QFileInfo>
#include <QIODevice>

#include <cmath>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace AvDetail;

namespace {

struct SwrFree
{
    void operator()(SwrContext *ctx) const { swr_free(&ctx); }
};

constexpr quint32 WaveformMagic = 0x43505746; // "CPWF"
constexpr quint16 WaveformVersion = 1;

/// Collects mono float samples into buckets of `perBucket` samples each.
class PeakCollector
{
public:
    PeakCollector(int buckets, double perBucket)
        : m_perBucket(std::max(1.0, perBucket))
    {
        m_min.fill(0.f, buckets);
        m_max.fill(0.f, buckets);
    }
    void add(const float *samples, int count)
    {
        const qsizetype last = m_min.size() - 1;
        for (int i = 0; i < count; ++i, ++m_seen) {
            const qsizetype b = std::min<qsizetype>(last, qsizetype(double(m_seen) / m_perBucket));
            const float s = std::clamp(samples[i], -1.f, 1.f);
            m_min[b] = std::min(m_min[b], s);
            m_max[b] = std::max(m_max[b], s);
        }
    }
    QList<float> m_min;
    QList<float> m_max;

private:
    double m_perBucket;
    qint64 m_seen = 0;
};

} // namespace

QByteArray WaveformPeaks::toBytes() const
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out.setFloatingPointPrecision(QDataStream::SinglePrecision);
    out << WaveformMagic << WaveformVersion << durationUs << qint32(sampleRate) << minimum
        << maximum;
    return bytes;
}

Result<WaveformPeaks> WaveformPeaks::fromBytes(const QByteArray &bytes)
{
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_4);
    in.setFloatingPointPrecision(QDataStream::SinglePrecision);
    quint32 magic = 0;
    quint16 version = 0;
    qint32 rate = 0;
    WaveformPeaks peaks;
    in >> magic >> version;
    if (magic != WaveformMagic || version != WaveformVersion)
        return Error(ErrorCode::CorruptData, u"not a CutPilot waveform (or another version)"_s);
    in >> peaks.durationUs >> rate >> peaks.minimum >> peaks.maximum;
    if (in.status() != QDataStream::Ok || peaks.minimum.size() != peaks.maximum.size())
        return Error(ErrorCode::CorruptData, u"damaged waveform data"_s);
    peaks.sampleRate = rate;
    return peaks;
}

Result<WaveformPeaks> computeWaveform(const QString &path, int buckets,
                                      const MediaOpOptions &options)
{
    if (buckets < 1 || buckets > 1'000'000)
        return Error::outOfRange(u"buckets"_s, buckets, 1, 1'000'000);
    const QString file = QFileInfo(path).fileName();
    Result<Input> input = openInput(path, options, true);
    if (!input)
        return input.error();
    AVFormatContext *fmt = input->format.get();
    const int index = audioStreamIndex(fmt);
    if (index < 0)
        return Error(ErrorCode::MediaUnsupported, u"%1: has no sound"_s.arg(file),
                     {{u"path"_s, path}});
    AVStream *stream = fmt->streams[index];
    for (unsigned i = 0; i < fmt->nb_streams; ++i) {
        if (int(i) != index)
            fmt->streams[i]->discard = AVDISCARD_ALL; // do not even demux the picture
    }
    Result<CodecPtr> decoder = openDecoder(path, stream, 1);
    if (!decoder)
        return decoder.error();
    AVCodecContext *dec = decoder->get();

    SwrContext *rawSwr = nullptr;
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    if (dec->ch_layout.nb_channels == 0)
        av_channel_layout_default(&dec->ch_layout, 1);
    if (swr_alloc_set_opts2(&rawSwr, &mono, AV_SAMPLE_FMT_FLT, dec->sample_rate, &dec->ch_layout,
                            dec->sample_fmt, dec->sample_rate, 0, nullptr)
            < 0
        || swr_init(rawSwr) < 0) {
        swr_free(&rawSwr);
        return Error(ErrorCode::MediaUnsupported,
                     u"%1: cannot convert its audio (%2 channels, %3 Hz)"_s.arg(file)
                         .arg(dec->ch_layout.nb_channels)
                         .arg(dec->sample_rate));
    }
    std::unique_ptr<SwrContext, SwrFree> swr(rawSwr);

    WaveformPeaks peaks;
    peaks.sampleRate = dec->sample_rate;
    peaks.durationUs
        = fmt->duration > 0 && fmt->duration != AV_NOPTS_VALUE
              ? fmt->duration
              : av_rescale_q(stream->duration, stream->time_base, AVRational{1, AV_TIME_BASE});
    const double totalSamples
        = double(std::max<qint64>(peaks.durationUs, 1)) * dec->sample_rate / 1e6;
    PeakCollector collector(buckets, totalSamples / buckets);

    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    QList<float> mixed;
    bool draining = false;
    while (true) {
        if (options.isCancelled && options.isCancelled())
            return Error(ErrorCode::Cancelled, u"%1: cancelled"_s.arg(file));
        if (!draining) {
            int rc = av_read_frame(fmt, packet.get());
            if (rc == AVERROR_EOF) {
                draining = true;
                avcodec_send_packet(dec, nullptr);
            } else if (rc < 0) {
                return avError(path, *input->interrupt, rc, u"cannot read"_s);
            } else {
                if (packet->stream_index == index)
                    rc = avcodec_send_packet(dec, packet.get());
                av_packet_unref(packet.get());
                if (rc < 0 && rc != AVERROR(EAGAIN) && rc != AVERROR_INVALIDDATA)
                    return avError(path, *input->interrupt, rc, u"cannot decode"_s);
            }
        }
        int rc = 0;
        while ((rc = avcodec_receive_frame(dec, frame.get())) >= 0) {
            const int capacity = swr_get_out_samples(swr.get(), frame->nb_samples);
            mixed.resize(std::max(capacity, 1));
            auto *out = reinterpret_cast<uint8_t *>(mixed.data());
            const int got = swr_convert(swr.get(), &out, capacity,
                                        const_cast<const uint8_t **>(frame->extended_data),
                                        frame->nb_samples);
            if (got > 0)
                collector.add(mixed.constData(), got);
            av_frame_unref(frame.get());
        }
        if (rc == AVERROR_EOF)
            break;
        if (rc != AVERROR(EAGAIN))
            return avError(path, *input->interrupt, rc, u"cannot decode"_s);
    }
    peaks.minimum = std::move(collector.m_min);
    peaks.maximum = std::move(collector.m_max);
    return peaks;
}

} // namespace CutPilot::Core
