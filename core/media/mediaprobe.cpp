#include "mediaprobe.h"

#include "avsupport_p.h"

extern "C" {
#include <libavutil/pixdesc.h>
}

#include <QFileInfo>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace AvDetail;

namespace {

bool isImageCodec(AVCodecID id)
{
    switch (id) {
    case AV_CODEC_ID_PNG:
    case AV_CODEC_ID_MJPEG:
    case AV_CODEC_ID_BMP:
    case AV_CODEC_ID_WEBP:
    case AV_CODEC_ID_GIF:
    case AV_CODEC_ID_TIFF:
    case AV_CODEC_ID_APNG:
    case AV_CODEC_ID_JPEG2000:
        return true;
    default:
        return false;
    }
}

/// Demuxers that read picture files: image2 (by extension) and *_pipe (by content) hold one
/// picture; gif and apng may hold an animation (still only when it has one frame).
bool isImageDemuxer(const char *name)
{
    const QByteArrayView n(name);
    return n == "image2" || n.endsWith("_pipe") || n == "gif" || n == "apng";
}

/// A still image: a picture codec read by an image demuxer, one frame at most, and no sound. A
/// single MJPEG frame in an MP4 or MKV next to an audio track (a song with a "video" cover that
/// is not flagged attached_pic) is a video of the song's length, not a picture.
bool isStill(const AVFormatContext *fmt, const AVStream *video, bool hasAudio)
{
    if (hasAudio || !isImageCodec(video->codecpar->codec_id) || !isImageDemuxer(fmt->iformat->name))
        return false;
    const QByteArrayView n(fmt->iformat->name);
    if (n == "gif" || n == "apng")
        return video->nb_frames == 1;
    return true;
}

qint64 streamDurationUs(const AVStream *st)
{
    if (st->duration <= 0 || st->duration == AV_NOPTS_VALUE)
        return 0;
    return av_rescale_q(st->duration, st->time_base, AVRational{1, AV_TIME_BASE});
}

} // namespace

Result<MediaInfo> probeMedia(const QString &path, const MediaOpOptions &options)
{
    const QFileInfo fileInfo(path);
    // Stream parameters (pixel format, exact frame rate) need a few packets read for most
    // containers; avformat_find_stream_info does that within its probe budget.
    Result<Input> opened = openInput(path, options, true);
    if (!opened)
        return opened.error();
    AVFormatContext *fmt = opened->format.get();

    MediaInfo info;
    info.path = fileInfo.absoluteFilePath();
    info.fileSize = fileInfo.size();
    info.container = QString::fromUtf8(fmt->iformat->name);

    const int v = videoStreamIndex(fmt);
    const int a = audioStreamIndex(fmt);
    if (v < 0 && a < 0)
        return Error(ErrorCode::MediaUnsupported,
                     u"%1: no audio or video stream (container '%2')"_s.arg(fileInfo.fileName(),
                                                                            info.container),
                     {{u"path"_s, path}});

    qint64 streamsDuration = 0;
    if (v >= 0) {
        const AVStream *st = fmt->streams[v];
        const AVCodecParameters *par = st->codecpar;
        if (par->width <= 0 || par->height <= 0)
            return Error(ErrorCode::MediaCorrupt,
                         u"%1: the video stream has no picture size"_s.arg(fileInfo.fileName()),
                         {{u"path"_s, path}});
        info.hasVideo = true;
        info.codedWidth = par->width;
        info.codedHeight = par->height;
        info.rotation = streamRotation(st);
        const bool swap = info.rotation == 90 || info.rotation == 270;
        info.width = swap ? par->height : par->width;
        info.height = swap ? par->width : par->height;
        info.videoCodec = QString::fromUtf8(avcodec_get_name(par->codec_id));
        const auto pixFmt = AVPixelFormat(par->format);
        if (const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(pixFmt)) {
            info.pixelFormat = QString::fromUtf8(desc->name);
            info.hasAlpha = (desc->flags & AV_PIX_FMT_FLAG_ALPHA) != 0;
        }
        info.isStillImage = isStill(fmt, st, a >= 0);
        if (!info.isStillImage) {
            AVRational rate = st->avg_frame_rate;
            if (rate.num <= 0 || rate.den <= 0)
                rate = st->r_frame_rate;
            if (rate.num > 0 && rate.den > 0) {
                info.fpsNum = rate.num;
                info.fpsDen = rate.den;
                info.fps = av_q2d(rate);
            }
            streamsDuration = std::max(streamsDuration, streamDurationUs(st));
        }
    }
    if (a >= 0) {
        const AVCodecParameters *par = fmt->streams[a]->codecpar;
        info.hasAudio = true;
        info.audioChannels = par->ch_layout.nb_channels;
        info.sampleRate = par->sample_rate;
        info.audioCodec = QString::fromUtf8(avcodec_get_name(par->codec_id));
        streamsDuration = std::max(streamsDuration, streamDurationUs(fmt->streams[a]));
    }
    if (!info.isStillImage) {
        info.durationUs = fmt->duration > 0 && fmt->duration != AV_NOPTS_VALUE ? fmt->duration
                                                                               : streamsDuration;
        if (info.durationUs <= 0)
            return Error(
                ErrorCode::MediaCorrupt,
                u"%1: the duration cannot be determined (damaged or still being written?)"_s.arg(
                    fileInfo.fileName()),
                {{u"path"_s, path}});
    }
    return info;
}

} // namespace CutPilot::Core
