#include "draftplan.h"

#include "core/draft/subtitles/subtitleparser.h"
#include "draftservice.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

Result<qint64> requiredTime(const QJsonObject &object, const QString &key, const QString &path)
{
    const QJsonValue value = object.value(key);
    const QString field = path + u'.' + key;
    if (value.isUndefined())
        return Error::missingField(field);
    const qint64 integer = value.toInteger(std::numeric_limits<qint64>::min());
    if (!value.isDouble() || integer == std::numeric_limits<qint64>::min())
        return Error::invalidArgument(field, u"'%1' must be an integer number of µs"_s.arg(field));
    if (integer < -MaxTimeUs || integer > MaxTimeUs)
        return Error::outOfRange(field, integer, -MaxTimeUs, MaxTimeUs);
    return integer;
}

qint64 optionalTime(const QJsonObject &object, const QString &key)
{
    return object.value(key).toInteger(0);
}

QString resolve(const QString &path, const QString &baseDir)
{
    return QDir::isAbsolutePath(path) ? QDir::cleanPath(path)
                                      : QDir::cleanPath(QDir(baseDir).absoluteFilePath(path));
}

} // namespace

Result<DraftPlan> buildDraftFromPlan(const QJsonObject &plan, const QString &baseDir)
{
    DraftPlan out;
    out.profile = plan.value(u"profile"_s).toString(u"jy5-win"_s);
    Result<DraftProfile> profile = DraftProfile::builtIn(out.profile);
    if (!profile)
        return profile.error();

    Draft draft;
    draft.id = newDraftGuid();
    draft.name = plan.value(u"name"_s).toString();
    if (draft.name.trimmed().isEmpty())
        return Error::missingField(u"name"_s);
    draft.width = plan.value(u"width"_s).toInt(1920);
    draft.height = plan.value(u"height"_s).toInt(1080);
    draft.fps = plan.value(u"fps"_s).toDouble(30.0);
    draft.mainTrackMagnet = plan.value(u"main_track_magnet"_s).toBool(true);
    DraftService service(draft, *profile);

    QMap<QString, MediaMaterial> media;
    const QJsonArray mediaList = plan.value(u"media"_s).toArray();
    for (qsizetype i = 0; i < mediaList.size(); ++i) {
        const QJsonObject m = mediaList.at(i).toObject();
        const QString path = u"media[%1]"_s.arg(i);
        MediaMaterial material;
        const QString key = m.value(u"id"_s).toString();
        if (key.isEmpty())
            return Error::missingField(path + u".id"_s);
        if (media.contains(key))
            return Error(ErrorCode::AlreadyExists, u"%1.id '%2' is used twice"_s.arg(path, key),
                         {{u"field"_s, QString(path + u".id"_s)}});
        const QString file = m.value(u"path"_s).toString();
        if (file.isEmpty())
            return Error::missingField(path + u".path"_s);
        material.id = newMaterialId();
        material.path = resolve(file, baseDir);
        material.name = QFileInfo(material.path).fileName();
        const QString kind = m.value(u"kind"_s).toString(u"video"_s);
        if (kind == u"video")
            material.kind = MediaKind::Video;
        else if (kind == u"photo")
            material.kind = MediaKind::Photo;
        else if (kind == u"audio")
            material.kind = MediaKind::Audio;
        else
            return Error::invalidArgument(path + u".kind"_s,
                                          u"'%1' is not video, photo or audio"_s.arg(kind));
        if (material.kind == MediaKind::Photo) {
            material.durationUs = MediaMaterial::PhotoDurationUs;
        } else {
            Result<qint64> duration = requiredTime(m, u"duration_us"_s, path);
            if (!duration)
                return duration.error().withContext(
                    u"media facts are given in the plan until in-process probing arrives"_s);
            material.durationUs = *duration;
        }
        material.width = m.value(u"width"_s).toInt();
        material.height = m.value(u"height"_s).toInt();
        media.insert(key, material);
    }

    const QJsonArray tracks = plan.value(u"tracks"_s).toArray();
    for (qsizetype ti = 0; ti < tracks.size(); ++ti) {
        const QJsonObject t = tracks.at(ti).toObject();
        const QString trackPath = u"tracks[%1]"_s.arg(ti);
        const QString typeName = t.value(u"type"_s).toString();
        if (typeName == u"subtitles") {
            const QString file = resolve(t.value(u"file"_s).toString(), baseDir);
            Result<QList<SubtitleCue>> cues = loadSubtitleFile(file);
            if (!cues)
                return cues.error().withContext(trackPath);
            Result<QStringList> imported
                = service.importSubtitles(*cues, optionalTime(t, u"offset_us"_s));
            if (!imported)
                return imported.error().withContext(trackPath);
            continue;
        }
        const std::optional<TrackType> type = trackTypeFromName(typeName);
        if (!type || *type == TrackType::Adjust || *type == TrackType::Effect
            || *type == TrackType::Filter || *type == TrackType::Sticker)
            return Error::invalidArgument(
                trackPath + u".type"_s,
                u"'%1' is not a plan track type (video, audio, text, subtitles)"_s.arg(typeName));
        Result<QString> trackId = service.addTrack(*type, t.value(u"name"_s).toString());
        if (!trackId)
            return trackId.error().withContext(trackPath);
        const QJsonArray segments = t.value(u"segments"_s).toArray();
        for (qsizetype si = 0; si < segments.size(); ++si) {
            const QJsonObject s = segments.at(si).toObject();
            const QString path = u"%1.segments[%2]"_s.arg(trackPath).arg(si);
            Result<qint64> start = requiredTime(s, u"start_us"_s, path);
            if (!start)
                return start.error();
            Result<qint64> duration = requiredTime(s, u"duration_us"_s, path);
            if (!duration)
                return duration.error();
            Result<QString> segmentId = Error(ErrorCode::Internal, u"unset"_s);
            if (*type == TrackType::Text) {
                segmentId = service.addTextSegment(*trackId, s.value(u"text"_s).toString(),
                                                   {*start, *duration});
            } else {
                const QString key = s.value(u"media"_s).toString();
                if (!media.contains(key))
                    return Error::invalidArgument(
                        path + u".media"_s,
                        u"%1.media '%2' is not in the plan's media"_s.arg(path, key));
                segmentId = service.addMediaSegment(*trackId, media.value(key), {*start, *duration},
                                                    optionalTime(s, u"source_start_us"_s),
                                                    s.value(u"speed"_s).toDouble(1.0));
            }
            if (!segmentId)
                return segmentId.error().withContext(path);
            if (s.contains(u"volume"_s)) {
                if (Result<> ok = service.setVolume(*segmentId, s.value(u"volume"_s).toDouble());
                    !ok)
                    return ok.error().withContext(path);
            }
            if (s.contains(u"fade_in_us"_s) || s.contains(u"fade_out_us"_s)) {
                if (Result<> ok = service.setFades(*segmentId, optionalTime(s, u"fade_in_us"_s),
                                                   optionalTime(s, u"fade_out_us"_s));
                    !ok)
                    return ok.error().withContext(path);
            }
        }
    }
    out.draft = service.draft();
    return out;
}

} // namespace CutPilot::Core
