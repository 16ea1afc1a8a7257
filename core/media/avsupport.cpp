#include "avsupport_p.h"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/error.h>
}

#include "core/support/log.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <mutex>

namespace CutPilot::Core::AvDetail {

using namespace Qt::StringLiterals;

void Interrupt::startReading()
{
    stage = Stage::Reading;
    touch();
}

void Interrupt::touch()
{
    if (stage == Stage::Reading)
        deadline = stallMs > 0 ? QDeadlineTimer(stallMs) : QDeadlineTimer(QDeadlineTimer::Forever);
}

int Interrupt::callback(void *opaque)
{
    auto *self = static_cast<Interrupt *>(opaque);
    if (self->isCancelled && self->isCancelled()) {
        self->cancelled = true;
        return 1;
    }
    if (self->deadline.hasExpired()) {
        self->timedOut = true;
        return 1;
    }
    return 0;
}

QString avErrorText(int code)
{
    char buffer[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, buffer, sizeof buffer);
    return QString::fromUtf8(buffer);
}

Error avError(const QString &path, const Interrupt &interrupt, int code, const QString &what)
{
    const QString file = QFileInfo(path).fileName();
    QVariantMap details{{u"path"_s, path}, {u"av_error"_s, code}};
    if (interrupt.cancelled)
        return Error(ErrorCode::Cancelled, u"%1: %2: cancelled"_s.arg(file, what), details);
    if (interrupt.timedOut) {
        const bool opening = interrupt.stage == Interrupt::Stage::Opening;
        details.insert(u"timeoutMs"_s, interrupt.budgetMs());
        details.insert(u"kind"_s, opening ? u"open"_s : u"stall"_s);
        return Error(
            ErrorCode::Timeout,
            opening
                ? u"%1: %2: opening took longer than %3 ms"_s.arg(file, what)
                      .arg(interrupt.budgetMs())
                : u"%1: %2: stalled, no data for %3 ms"_s.arg(file, what).arg(interrupt.budgetMs()),
            details);
    }
    ErrorCode mapped = ErrorCode::MediaCorrupt;
    if (code == AVERROR_INVALIDDATA || code == AVERROR_DEMUXER_NOT_FOUND
        || code == AVERROR_DECODER_NOT_FOUND || code == AVERROR_STREAM_NOT_FOUND
        || code == AVERROR_PROTOCOL_NOT_FOUND || code == AVERROR_PATCHWELCOME)
        mapped = ErrorCode::MediaUnsupported;
    else if (code == AVERROR(ENOENT) || code == AVERROR(EACCES) || code == AVERROR(EISDIR)
             || code == AVERROR(EIO) || code == AVERROR(EPERM))
        mapped = ErrorCode::MediaUnreadable;
    else if (code == AVERROR(ENOMEM))
        mapped = ErrorCode::Internal;
    return Error(mapped, u"%1: %2: %3"_s.arg(file, what, avErrorText(code)), details);
}

namespace {

/// The demuxer libavformat picks for these bytes by content (and the file name's extension, as
/// avformat_open_input does), with its score.
const AVInputFormat *probeFormat(const QString &path, int *score)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return nullptr;
    QByteArray head = file.read(64 * 1024);
    const int size = int(head.size());
    head.append(QByteArray(AVPROBE_PADDING_SIZE, '\0'));
    const QByteArray name = QFileInfo(path).fileName().toUtf8();
    AVProbeData probe{};
    probe.filename = name.constData();
    probe.buf = reinterpret_cast<unsigned char *>(head.data());
    probe.buf_size = size;
    return av_probe_input_format3(&probe, 1, score);
}

/// Every demuxer except the reference-following ones, for the format_whitelist option.
const QByteArray &allowedDemuxers()
{
    static const QByteArray list = [] {
        QByteArray names;
        void *opaque = nullptr;
        while (const AVInputFormat *format = av_demuxer_iterate(&opaque)) {
            if (isReferenceDemuxer(format->name))
                continue;
            if (!names.isEmpty())
                names += ',';
            names += format->name; // may itself be a list ("mov,mp4,..."): av_match_list copes
        }
        return names;
    }();
    return list;
}

} // namespace

bool isReferenceDemuxer(const char *name)
{
    // Compared per alias: a demuxer's name can be a list ("mov,mp4,m4a,...").
    static const QList<QByteArray> refused{
        "hls",         "applehttp", "dash",  "concat",     "imf",
        "sdp",         "rtsp",      "rtp",   "sap",        "avisynth",
        "vapoursynth", "vobsub",    "lavfi", "ffmetadata", "webm_dash_manifest",
        "tee",
    };
    const QList<QByteArray> aliases = QByteArray(name).split(',');
    return std::any_of(aliases.cbegin(), aliases.cend(),
                       [](const QByteArray &alias) { return refused.contains(alias); });
}

/// Whether the first bytes are recognised as a media container by content alone (not by the file
/// name): separates "a damaged video" from "not a video at all" when opening fails.
bool looksLikeMedia(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    QByteArray head = file.read(64 * 1024);
    const int size = int(head.size());
    head.append(QByteArray(AVPROBE_PADDING_SIZE, '\0'));
    AVProbeData probe{};
    probe.filename = "";
    probe.buf = reinterpret_cast<unsigned char *>(head.data());
    probe.buf_size = size;
    int score = 0;
    const AVInputFormat *format = av_probe_input_format3(&probe, 1, &score);
    return format && score > AVPROBE_SCORE_EXTENSION;
}

namespace {

/// libav's own messages ("moov atom not found", "misdetection possible") go to the media log at
/// debug level instead of stderr: every failure is reported through Error with the file's name.
void forwardAvLog(void *avcl, int level, const char *format, va_list args)
{
    if (level > AV_LOG_WARNING)
        return;
    char line[1024];
    int prefix = 1;
    av_log_format_line(avcl, level, format, args, line, sizeof line, &prefix);
    QByteArray text(line);
    while (text.endsWith('\n'))
        text.chop(1);
    if (!text.isEmpty())
        Log::get(Log::Media)->debug("libav: {}", text.constData());
}

} // namespace

void installAvLogForwarding()
{
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_callback(&forwardAvLog); });
}

Result<Input> openInput(const QString &path, const MediaOpOptions &options, bool findStreamInfo)
{
    installAvLogForwarding();
    const QFileInfo info(path);
    const QString file = info.fileName().isEmpty() ? path : info.fileName();
    const QVariantMap details{{u"path"_s, path}};
    if (!info.exists())
        return Error(ErrorCode::MediaUnreadable, u"%1: no such file"_s.arg(path), details);
    if (info.isDir())
        return Error(ErrorCode::MediaUnreadable, u"%1: is a folder, not a media file"_s.arg(path),
                     details);
    if (!info.isReadable())
        return Error(ErrorCode::MediaUnreadable,
                     u"%1: not readable (permission denied)"_s.arg(path), details);
    if (info.size() == 0)
        return Error(ErrorCode::MediaUnreadable, u"%1: the file is empty (0 bytes)"_s.arg(file),
                     details);

    Input input;
    input.interrupt = std::make_unique<Interrupt>();
    input.interrupt->isCancelled = options.isCancelled;
    input.interrupt->openMs = std::max(0, options.timeoutMs);
    input.interrupt->stallMs = std::max(0, options.stallMs);
    input.interrupt->deadline = options.timeoutMs > 0 ? QDeadlineTimer(options.timeoutMs)
                                                      : QDeadlineTimer(QDeadlineTimer::Forever);
    AVFormatContext *raw = avformat_alloc_context();
    if (!raw)
        return Error(ErrorCode::Internal, u"%1: out of memory"_s.arg(file), details);
    raw->interrupt_callback = {&Interrupt::callback, input.interrupt.get()};
    // "file:" + the absolute path: a relative name with ':' ("clip:1.mp4") cannot select another
    // protocol, and libavformat takes UTF-8 on every platform (the local 8-bit encoding is ANSI
    // on Windows).
    const QByteArray url = QByteArrayLiteral("file:") + info.absoluteFilePath().toUtf8();
    AVDictionary *openOptions = nullptr;
    av_dict_set(&openOptions, "protocol_whitelist", "file", 0);
    av_dict_set(&openOptions, "format_whitelist", allowedDemuxers().constData(), 0);
    av_dict_set(&openOptions, "pattern_type", "none", 0); // image2: "50%d.png" is one file
    av_dict_set(&openOptions, "enable_drefs", "0", 0);    // mov: no external data references
    // On failure avformat_open_input frees the context itself.
    const int opened = avformat_open_input(&raw, url.constData(), nullptr, &openOptions);
    av_dict_free(&openOptions);
    if (opened < 0) {
        if (input.interrupt->cancelled || input.interrupt->timedOut)
            return avError(path, *input.interrupt, opened, u"cannot open"_s);
        int score = 0;
        const AVInputFormat *guessed = probeFormat(path, &score);
        if (guessed && isReferenceDemuxer(guessed->name))
            return Error(ErrorCode::MediaUnsupported,
                         u"%1: a playlist or list of other files (%2), not a media file; CutPilot "
                         "only opens self-contained media files"_s.arg(
                             file, QString::fromUtf8(guessed->name)),
                         details);
        if (opened == AVERROR_INVALIDDATA && looksLikeMedia(path))
            return Error(
                ErrorCode::MediaCorrupt,
                u"%1: damaged or incomplete (truncated?): %2"_s.arg(file, avErrorText(opened)),
                details);
        if (opened == AVERROR_INVALIDDATA)
            return Error(ErrorCode::MediaUnsupported,
                         u"%1: not a media file CutPilot can read"_s.arg(file), details);
        return avError(path, *input.interrupt, opened, u"cannot open"_s);
    }
    input.format.reset(raw);
    if (isReferenceDemuxer(raw->iformat->name)) // the whitelist already refuses them
        return Error(ErrorCode::MediaUnsupported,
                     u"%1: a playlist or list of other files (%2), not a media file"_s.arg(
                         file, QString::fromUtf8(raw->iformat->name)),
                     details);
    if (findStreamInfo) {
        if (int rc = avformat_find_stream_info(raw, nullptr); rc < 0)
            return avError(path, *input.interrupt, rc, u"cannot read the stream parameters"_s);
    }
    input.interrupt->startReading();
    return input;
}

int streamRotation(const AVStream *stream)
{
    const uint8_t *matrix = nullptr;
#if LIBAVCODEC_VERSION_INT >= AV_VERSION_INT(60, 30, 100)
    // FFmpeg 6.1+: stream side data moved into codecpar (AVCodecParameters.coded_side_data,
    // lavc 60.30; av_packet_side_data_get, lavc 60.29): both are libavcodec, not libavformat.
    if (const AVPacketSideData *sd
        = av_packet_side_data_get(stream->codecpar->coded_side_data,
                                  stream->codecpar->nb_coded_side_data, AV_PKT_DATA_DISPLAYMATRIX))
        matrix = sd->data;
#else
    matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr);
#endif
    if (!matrix)
        return 0;
    // av_display_rotation_get: counter-clockwise degrees; players turn the picture clockwise by
    // its negation (what ffprobe shows as "rotation" -90 is a portrait phone video: 90 here).
    const double ccw = av_display_rotation_get(reinterpret_cast<const int32_t *>(matrix));
    if (std::isnan(ccw))
        return 0;
    int cw = int(std::lround(-ccw)) % 360;
    if (cw < 0)
        cw += 360;
    return (cw + 45) / 90 * 90 % 360; // snap to quarter turns
}

int videoStreamIndex(const AVFormatContext *format)
{
    int best = -1;
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        const AVStream *st = format->streams[i];
        if (st->codecpar->codec_type != AVMEDIA_TYPE_VIDEO)
            continue;
        if (st->disposition & AV_DISPOSITION_ATTACHED_PIC)
            continue; // cover art of an audio file is not a picture track
        if (best < 0 || (st->disposition & AV_DISPOSITION_DEFAULT))
            best = int(i);
        if (st->disposition & AV_DISPOSITION_DEFAULT)
            break;
    }
    return best;
}

int audioStreamIndex(const AVFormatContext *format)
{
    int best = -1;
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        const AVStream *st = format->streams[i];
        if (st->codecpar->codec_type != AVMEDIA_TYPE_AUDIO)
            continue;
        if (best < 0 || (st->disposition & AV_DISPOSITION_DEFAULT))
            best = int(i);
        if (st->disposition & AV_DISPOSITION_DEFAULT)
            break;
    }
    return best;
}

Result<CodecPtr> openDecoder(const QString &path, const AVStream *stream, int threads)
{
    const QString file = QFileInfo(path).fileName();
    const QVariantMap details{{u"path"_s, path}};
    const AVCodec *codec = avcodec_find_decoder(stream->codecpar->codec_id);
    if (!codec)
        return Error(ErrorCode::MediaUnsupported,
                     u"%1: no decoder for codec '%2'"_s.arg(
                         file, QString::fromUtf8(avcodec_get_name(stream->codecpar->codec_id))),
                     details);
    CodecPtr ctx(avcodec_alloc_context3(codec));
    if (!ctx)
        return Error(ErrorCode::Internal, u"%1: out of memory"_s.arg(file), details);
    if (int rc = avcodec_parameters_to_context(ctx.get(), stream->codecpar); rc < 0)
        return Error(rc == AVERROR(ENOMEM) ? ErrorCode::Internal : ErrorCode::MediaCorrupt,
                     u"%1: bad codec parameters: %2"_s.arg(file, avErrorText(rc)),
                     {{u"path"_s, path}, {u"av_error"_s, rc}});
    ctx->thread_count = threads;
    ctx->pkt_timebase = stream->time_base;
    if (int rc = avcodec_open2(ctx.get(), codec, nullptr); rc < 0)
        return Error(rc == AVERROR(ENOMEM) ? ErrorCode::Internal : ErrorCode::MediaUnsupported,
                     u"%1: cannot open the %2 decoder: %3"_s.arg(
                         file, QString::fromUtf8(codec->name), avErrorText(rc)),
                     {{u"path"_s, path}, {u"av_error"_s, rc}});
    return ctx;
}

} // namespace CutPilot::Core::AvDetail
