#include "waveform.h"

#include "avsupport_p.h"

extern "C" {
#include <libswresample/swresample.h>
}

#include <QDataStream>
#include <QFileInfo>
#include <QIODevice>

#include <algorithm>
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

/// Collects mono float samples by their time into fine "chunks" (two per bucket when the duration
/// is known, so that chunks never straddle a bucket), then folds them into the buckets. Times come
/// from the frames' timestamps, not from counting samples: a changed sample rate, dropped packets
/// or a late start put the sound where it plays. Memory stays bounded: when a sound runs far past
/// its announced duration (or none was announced) neighbouring chunks are merged pairwise.
class PeakCollector
{
public:
    PeakCollector(int buckets, qint64 expectedUs)
        : m_buckets(buckets)
        , m_limit(std::max<qsizetype>(4 * qsizetype(buckets), 4096))
        , m_chunkUs(expectedUs > 0 ? std::max<double>(1.0, double(expectedUs) / (2.0 * buckets))
                                   : 1000.0)
    {
    }

    /// `count` samples at `rate` Hz, the first one at `startUs`.
    void add(double startUs, const float *samples, int count, int rate)
    {
        const double step = 1e6 / rate;
        for (int i = 0; i < count; ++i) {
            const double t = std::max(0.0, startUs + i * step);
            qsizetype chunk = qsizetype(t / m_chunkUs);
            while (chunk >= m_limit) {
                mergePairs();
                chunk = qsizetype(t / m_chunkUs);
            }
            if (chunk >= m_min.size()) {
                m_min.resize(chunk + 1, 0.f);
                m_max.resize(chunk + 1, 0.f);
            }
            const float s = std::clamp(samples[i], -1.f, 1.f);
            m_min[chunk] = std::min(m_min[chunk], s);
            m_max[chunk] = std::max(m_max[chunk], s);
        }
        if (count > 0)
            m_endUs = std::max(m_endUs, startUs + count * step);
    }

    /// Where the last sample ends, µs (0 when nothing was added).
    double endUs() const { return m_endUs; }

    /// Folds the chunks into the buckets spread over `spanUs`; what lies beyond goes into the
    /// last bucket.
    void fold(qint64 spanUs, QList<float> &minimum, QList<float> &maximum) const
    {
        minimum.fill(0.f, m_buckets);
        maximum.fill(0.f, m_buckets);
        const double perBucket = double(std::max<qint64>(spanUs, 1)) / m_buckets;
        for (qsizetype c = 0; c < m_min.size(); ++c) {
            // The chunk's middle decides (chunks are aligned with the buckets when spanUs is the
            // duration they were sized for).
            const double t = (double(c) + 0.5) * m_chunkUs;
            const qsizetype b = std::clamp<qsizetype>(qsizetype(t / perBucket), 0, m_buckets - 1);
            minimum[b] = std::min(minimum[b], m_min[c]);
            maximum[b] = std::max(maximum[b], m_max[c]);
        }
    }

private:
    void mergePairs()
    {
        const qsizetype half = (m_min.size() + 1) / 2;
        for (qsizetype c = 0; c < half; ++c) {
            const qsizetype a = 2 * c;
            const qsizetype b = std::min(a + 1, m_min.size() - 1);
            m_min[c] = std::min(m_min[a], m_min[b]);
            m_max[c] = std::max(m_max[a], m_max[b]);
        }
        m_min.resize(half);
        m_max.resize(half);
        m_chunkUs *= 2;
    }

    int m_buckets;
    qsizetype m_limit;
    double m_chunkUs;
    double m_endUs = 0;
    QList<float> m_min;
    QList<float> m_max;
};

/// Mixes decoded frames to mono float with swresample. The converter is made for the frame in
/// hand and made again whenever format, rate or channel layout change mid-stream (a joined .ts
/// that goes from 5.1 to stereo): a converter set up for other input reads planes that are not
/// there.
class MonoMixer
{
public:
    ~MonoMixer() { av_channel_layout_uninit(&m_layout); }

    /// Mono samples of `frame` (valid until the next call), or an error text.
    Result<QList<float> *> mix(const AVFrame *frame)
    {
        if (!m_swr || frame->format != m_format || frame->sample_rate != m_rate
            || av_channel_layout_compare(&frame->ch_layout, &m_layout) != 0) {
            if (Result<> made = configure(frame); !made)
                return made.error();
        }
        const int capacity = swr_get_out_samples(m_swr.get(), frame->nb_samples);
        if (capacity < 0)
            return Error(ErrorCode::MediaUnsupported, avErrorText(capacity));
        m_out.resize(std::max(capacity, 1));
        auto *out = reinterpret_cast<uint8_t *>(m_out.data());
        const int got
            = swr_convert(m_swr.get(), &out, capacity,
                          const_cast<const uint8_t **>(frame->extended_data), frame->nb_samples);
        if (got < 0)
            return Error(ErrorCode::MediaUnsupported, avErrorText(got));
        m_out.resize(got);
        return &m_out;
    }

private:
    Result<> configure(const AVFrame *frame)
    {
        m_swr.reset();
        av_channel_layout_uninit(&m_layout);
        AVChannelLayout in{};
        if (frame->ch_layout.nb_channels <= 0)
            return Error(ErrorCode::MediaUnsupported, u"a frame without channels"_s);
        if (frame->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
            av_channel_layout_default(&in, frame->ch_layout.nb_channels);
        else if (av_channel_layout_copy(&in, &frame->ch_layout) < 0)
            return Error::internal(u"out of memory"_s);
        SwrContext *raw = nullptr;
        AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO; // not const: FFmpeg 5.1's signature
        const int rc
            = swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, frame->sample_rate, &in,
                                  AVSampleFormat(frame->format), frame->sample_rate, 0, nullptr);
        av_channel_layout_uninit(&in);
        if (rc < 0 || swr_init(raw) < 0) {
            swr_free(&raw);
            return Error(
                ErrorCode::MediaUnsupported,
                u"cannot convert its audio (%1 channels, %2 Hz)"_s.arg(frame->ch_layout.nb_channels)
                    .arg(frame->sample_rate));
        }
        m_swr.reset(raw);
        m_format = frame->format;
        m_rate = frame->sample_rate;
        if (av_channel_layout_copy(&m_layout, &frame->ch_layout) < 0) {
            m_swr.reset();
            return Error::internal(u"out of memory"_s);
        }
        return {};
    }

    std::unique_ptr<SwrContext, SwrFree> m_swr;
    int m_format = -1;
    int m_rate = 0;
    AVChannelLayout m_layout{};
    QList<float> m_out;
};

/// Where each frame starts on the file's time line (µs from the container's start), from its
/// timestamp. A timestamp that jumps by more than a second against where the previous frame ended
/// (a .ts joined from two recordings starts its clock again) continues from there instead.
class FrameClock
{
public:
    FrameClock(const AVFormatContext *fmt, const AVStream *stream)
        : m_timeBase(stream->time_base)
    {
        if (fmt->start_time != AV_NOPTS_VALUE)
            m_originUs = double(fmt->start_time);
        else if (stream->start_time != AV_NOPTS_VALUE)
            m_originUs = double(
                av_rescale_q(stream->start_time, stream->time_base, AVRational{1, AV_TIME_BASE}));
    }

    double startOf(const AVFrame *frame)
    {
        double start = m_nextUs;
        const qint64 pts = frame->best_effort_timestamp != AV_NOPTS_VALUE
                               ? frame->best_effort_timestamp
                               : frame->pts;
        if (pts != AV_NOPTS_VALUE) {
            const double stamped = double(pts) * av_q2d(m_timeBase) * 1e6 - m_originUs + m_shiftUs;
            if (m_seen && std::abs(stamped - m_nextUs) > 1e6)
                m_shiftUs += m_nextUs - stamped; // discontinuity: keep going where we were
            else
                start = stamped;
        }
        m_seen = true;
        m_nextUs
            = start + (frame->sample_rate > 0 ? frame->nb_samples * 1e6 / frame->sample_rate : 0.0);
        return start;
    }

private:
    AVRational m_timeBase;
    double m_originUs = 0;
    double m_shiftUs = 0;
    double m_nextUs = 0;
    bool m_seen = false;
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

    WaveformPeaks peaks;
    peaks.sampleRate = dec->sample_rate;
    // The container's duration, else the stream's; unknown (0) for some raw and live-cut files:
    // then the sound's own end decides.
    qint64 expectedUs = 0;
    if (fmt->duration > 0 && fmt->duration != AV_NOPTS_VALUE)
        expectedUs = fmt->duration;
    else if (stream->duration > 0 && stream->duration != AV_NOPTS_VALUE)
        expectedUs = av_rescale_q(stream->duration, stream->time_base, AVRational{1, AV_TIME_BASE});
    PeakCollector collector(buckets, expectedUs);
    MonoMixer mixer;
    FrameClock clock(fmt, stream);

    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    if (!packet || !frame)
        return Error::internal(u"out of memory"_s);
    bool draining = false;
    while (true) {
        if (options.isCancelled && options.isCancelled())
            return Error(ErrorCode::Cancelled, u"%1: cancelled"_s.arg(file), {{u"path"_s, path}});
        if (!draining) {
            int rc = av_read_frame(fmt, packet.get());
            if (rc == AVERROR_EOF) {
                draining = true;
                avcodec_send_packet(dec, nullptr);
            } else if (rc < 0) {
                return avError(path, *input->interrupt, rc, u"cannot read"_s);
            } else {
                input->interrupt->touch(); // data flows: a long file is not a stall
                if (packet->stream_index == index)
                    rc = avcodec_send_packet(dec, packet.get());
                av_packet_unref(packet.get());
                if (rc < 0 && rc != AVERROR(EAGAIN) && rc != AVERROR_INVALIDDATA)
                    return avError(path, *input->interrupt, rc, u"cannot decode"_s);
            }
        }
        int rc = 0;
        while ((rc = avcodec_receive_frame(dec, frame.get())) >= 0) {
            const double startUs = clock.startOf(frame.get());
            Result<QList<float> *> mono = mixer.mix(frame.get());
            if (!mono)
                return Error(mono.error().code(), u"%1: %2"_s.arg(file, mono.error().message()),
                             {{u"path"_s, path}});
            if (!(*mono)->isEmpty())
                collector.add(startUs, (*mono)->constData(), int((*mono)->size()),
                              frame->sample_rate);
            av_frame_unref(frame.get());
        }
        if (rc == AVERROR_EOF)
            break;
        if (rc != AVERROR(EAGAIN))
            return avError(path, *input->interrupt, rc, u"cannot decode"_s);
    }
    // An announced duration that the sound overruns by more than a bucket's worth (an estimate
    // from the bit rate, a joined file) is replaced by the sound's own length.
    const qint64 soundUs = qint64(std::ceil(collector.endUs()));
    peaks.durationUs = expectedUs > 0 && soundUs <= expectedUs + expectedUs / buckets + 100'000
                           ? expectedUs
                           : std::max<qint64>(soundUs, expectedUs);
    collector.fold(peaks.durationUs, peaks.minimum, peaks.maximum);
    return peaks;
}

} // namespace CutPilot::Core
