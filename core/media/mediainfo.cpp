#include "mediainfo.h"

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

QString MediaInfo::kind() const
{
    if (isStillImage)
        return u"image"_s;
    if (hasVideo)
        return u"video"_s;
    return u"audio"_s;
}

QJsonObject MediaInfo::toJson() const
{
    QJsonObject json{{u"path"_s, path},
                     {u"kind"_s, kind()},
                     {u"file_size"_s, fileSize},
                     {u"container"_s, container},
                     {u"duration_us"_s, durationUs},
                     {u"still_image"_s, isStillImage},
                     {u"has_video"_s, hasVideo},
                     {u"has_audio"_s, hasAudio}};
    if (hasVideo) {
        json.insert(u"video"_s, QJsonObject{{u"width"_s, width},
                                            {u"height"_s, height},
                                            {u"coded_width"_s, codedWidth},
                                            {u"coded_height"_s, codedHeight},
                                            {u"rotation"_s, rotation},
                                            {u"fps"_s, fps},
                                            {u"fps_num"_s, fpsNum},
                                            {u"fps_den"_s, fpsDen},
                                            {u"codec"_s, videoCodec},
                                            {u"pixel_format"_s, pixelFormat},
                                            {u"has_alpha"_s, hasAlpha}});
    }
    if (hasAudio) {
        json.insert(u"audio"_s, QJsonObject{{u"channels"_s, audioChannels},
                                            {u"sample_rate"_s, sampleRate},
                                            {u"codec"_s, audioCodec}});
    }
    return json;
}

MediaInfo MediaInfo::fromJson(const QJsonObject &json)
{
    MediaInfo info;
    info.path = json.value(u"path"_s).toString();
    info.fileSize = json.value(u"file_size"_s).toInteger();
    info.container = json.value(u"container"_s).toString();
    info.durationUs = json.value(u"duration_us"_s).toInteger();
    info.isStillImage = json.value(u"still_image"_s).toBool();
    info.hasVideo = json.value(u"has_video"_s).toBool();
    info.hasAudio = json.value(u"has_audio"_s).toBool();
    const QJsonObject video = json.value(u"video"_s).toObject();
    info.width = video.value(u"width"_s).toInt();
    info.height = video.value(u"height"_s).toInt();
    info.codedWidth = video.value(u"coded_width"_s).toInt();
    info.codedHeight = video.value(u"coded_height"_s).toInt();
    info.rotation = video.value(u"rotation"_s).toInt();
    info.fps = video.value(u"fps"_s).toDouble();
    info.fpsNum = video.value(u"fps_num"_s).toInt();
    info.fpsDen = video.value(u"fps_den"_s).toInt();
    info.videoCodec = video.value(u"codec"_s).toString();
    info.pixelFormat = video.value(u"pixel_format"_s).toString();
    info.hasAlpha = video.value(u"has_alpha"_s).toBool();
    const QJsonObject audio = json.value(u"audio"_s).toObject();
    info.audioChannels = audio.value(u"channels"_s).toInt();
    info.sampleRate = audio.value(u"sample_rate"_s).toInt();
    info.audioCodec = audio.value(u"codec"_s).toString();
    return info;
}

} // namespace CutPilot::Core
