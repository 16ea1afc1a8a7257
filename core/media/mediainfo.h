#pragma once

#include <QJsonObject>
#include <QString>

namespace CutPilot::Core {

/// What a media file is, as the draft and the GUI need it (issue 4). Durations are microseconds;
/// width/height are the displayed size (rotation already applied).
struct MediaInfo
{
    QString path;          ///< absolute path as probed
    qint64 fileSize = 0;   ///< bytes
    QString container;     ///< libavformat's name ("mov,mp4,m4a,3gp,3g2,mj2", "png_pipe", ...)
    qint64 durationUs = 0; ///< 0 for still images
    bool isStillImage = false;

    bool hasVideo = false;
    int width = 0;  ///< displayed width (rotation applied)
    int height = 0; ///< displayed height (rotation applied)
    int codedWidth = 0;
    int codedHeight = 0;
    int rotation = 0; ///< degrees clockwise the player turns the picture: 0, 90, 180 or 270
    double fps = 0;   ///< average frame rate; 0 when unknown or still
    int fpsNum = 0;
    int fpsDen = 0;
    QString videoCodec;
    QString pixelFormat;
    bool hasAlpha = false;

    bool hasAudio = false;
    int audioChannels = 0;
    int sampleRate = 0;
    QString audioCodec;

    /// "video" (moving picture, with or without sound), "audio" or "image".
    QString kind() const;
    /// Stable JSON (snake_case keys, durations in µs, see docs/media.md).
    QJsonObject toJson() const;
    static MediaInfo fromJson(const QJsonObject &json);

    friend bool operator==(const MediaInfo &, const MediaInfo &) = default;
};

} // namespace CutPilot::Core
