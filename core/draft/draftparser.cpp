#include "draftparser.h"

#include "draftjson_p.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace DraftJson;

namespace {

constexpr qsizetype MaxContentBytes = 512 * 1024 * 1024;

struct Located
{
    QString list;
    QJsonObject json;
};

/// Catalog ids written as JSON numbers by some tools become decimal strings (§2.3).
Result<QJsonValue> normalizeIds(const QJsonValue &value, const QString &path, QStringList &warnings)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString key = it.key();
            const QString childPath = path + u'.' + key;
            if ((key == u"resource_id" || key == u"effect_id" || key == u"sticker_id")
                && it.value().isDouble()) {
                // Exactly an integer in 0..2^63-1, or not an id at all (never through double).
                const qint64 integer = it.value().toInteger(-1);
                if (integer < 0)
                    return Error(ErrorCode::CorruptData,
                                 u"%1 is the number %2, not a catalog id (ids are digit strings)"_s
                                     .arg(childPath)
                                     .arg(it.value().toDouble()),
                                 {{u"field"_s, childPath}});
                it.value() = QString::number(integer);
                warnings.append(u"%1 was a JSON number; stored as the string %2"_s.arg(
                    childPath, it.value().toString()));
                continue;
            }
            Result<QJsonValue> child = normalizeIds(it.value(), childPath, warnings);
            if (!child)
                return child.error();
            it.value() = *child;
        }
        return QJsonValue(object);
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            Result<QJsonValue> child
                = normalizeIds(array.at(i), u"%1[%2]"_s.arg(path).arg(i), warnings);
            if (!child)
                return child.error();
            array.replace(i, *child);
        }
        return QJsonValue(array);
    }
    return value;
}

/// The colour of a {"content": {"solid": {"color": [r, g, b]}}} block (fills, strokes, shadows).
QColor solidColor(const QJsonObject &block, const QColor &fallback)
{
    return fromRgb(
        block.value(u"content"_s).toObject().value(u"solid"_s).toObject().value(u"color"_s),
        fallback);
}

Result<qint64> integerField(const QJsonObject &object, const QString &key, const QString &path)
{
    const QJsonValue value = object.value(key);
    if (!value.isDouble())
        return Error(ErrorCode::CorruptData, u"%1.%2 must be an integer (µs)"_s.arg(path, key),
                     {{u"field"_s, QString(path + u'.' + key)}});
    const qint64 integer = value.toInteger(std::numeric_limits<qint64>::min());
    if (integer == std::numeric_limits<qint64>::min()) {
        const double d = value.toDouble();
        if (d != std::floor(d) || std::abs(d) > 9.2e18)
            return Error(ErrorCode::CorruptData,
                         u"%1.%2 is %3, not an integer number of µs"_s.arg(path, key).arg(d),
                         {{u"field"_s, QString(path + u'.' + key)}});
        return qint64(d);
    }
    return integer;
}

Result<qint64> boundedTime(Result<qint64> value, const QString &field)
{
    if (value && (*value > MaxTimeUs || *value < -MaxTimeUs))
        return Error(
            ErrorCode::CorruptData,
            u"%1 is %2 µs, beyond the ±%3 µs CutPilot accepts"_s.arg(field).arg(*value).arg(
                MaxTimeUs),
            {{u"field"_s, field}});
    return value;
}

Result<TimeRange> timeRangeField(const QJsonObject &object, const QString &key, const QString &path)
{
    const QJsonObject range = object.value(key).toObject();
    const QString rangePath = path + u'.' + key;
    Result<qint64> start
        = boundedTime(integerField(range, u"start"_s, rangePath), rangePath + u".start"_s);
    if (!start)
        return start.error();
    Result<qint64> duration
        = boundedTime(integerField(range, u"duration"_s, rangePath), rangePath + u".duration"_s);
    if (!duration)
        return duration.error();
    return TimeRange{*start, *duration};
}

Easing easingFor(const QString &curve)
{
    if (curve == u"Line" || curve.isEmpty())
        return Easing::Linear;
    if (curve == u"Hold")
        return Easing::Hold;
    return Easing::EaseInOut;
}

QList<KeyframeTrack> parseKeyframes(const QJsonArray &array, bool uniformScaleOn)
{
    QList<KeyframeTrack> tracks;
    for (const QJsonValue &value : array) {
        const QJsonObject json = value.toObject();
        KeyframeTrack track;
        track.id = json.value(u"id"_s).toString();
        const QString name = json.value(u"property_type"_s).toString();
        if (const auto property = keyframePropertyFromName(name)) {
            track.property = (*property == KeyframeProperty::ScaleX && uniformScaleOn)
                                 ? KeyframeProperty::UniformScale
                                 : *property;
        } else {
            track.unknownProperty = name;
        }
        track.extra = without(json, {"id", "property_type", "keyframe_list"});
        for (const QJsonValue &k : json.value(u"keyframe_list"_s).toArray()) {
            const QJsonObject kj = k.toObject();
            Keyframe keyframe;
            keyframe.id = kj.value(u"id"_s).toString();
            keyframe.offsetUs = kj.value(u"time_offset"_s).toInteger();
            QJsonArray values = kj.value(u"values"_s).toArray();
            keyframe.value = values.at(0).toDouble();
            if (values.size() > 1) {
                values.removeFirst();
                keyframe.moreValues = values;
            }
            keyframe.curveType = kj.value(u"curveType"_s).toString();
            keyframe.easing = easingFor(keyframe.curveType);
            keyframe.extra = without(kj, {"id", "time_offset", "values", "curveType"});
            track.keyframes.append(keyframe);
        }
        tracks.append(track);
    }
    return tracks;
}

} // namespace

Result<QJsonObject> DraftParser::decodeContent(const QByteArray &bytes, const QString &fileName)
{
    const auto details = [&] {
        return QVariantMap{{u"file"_s, fileName},
                           {u"size"_s, bytes.size()},
                           {u"head"_s, QString::fromLatin1(bytes.left(16).toHex(' '))}};
    };
    if (bytes.size() > MaxContentBytes)
        return Error(
            ErrorCode::PayloadTooLarge,
            u"%1 is %2 bytes, more than any draft should be"_s.arg(fileName).arg(bytes.size()),
            details());
    QByteArrayView view(bytes);
    if (view.startsWith("\xEF\xBB\xBF"))
        view = view.sliced(3);
    view = view.trimmed();
    if (view.isEmpty())
        return Error(ErrorCode::CorruptData, u"%1 is empty"_s.arg(fileName), details());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(view.toByteArray(), &parseError);
    if (view.front() != '{') {
        return Error(ErrorCode::EncryptedDraft,
                     u"%1 is encrypted by the editor (JianYing 6.0 and later encrypt drafts they "
                     "save); CutPilot never decrypts. Keep using CutPilot's own copy of the draft, "
                     "or an editor that stores plaintext (JianYing 5.9 or CapCut)"_s.arg(fileName),
                     details());
    }
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return Error(ErrorCode::CorruptData,
                     u"%1 is damaged: %2 at byte %3"_s.arg(fileName, parseError.errorString())
                         .arg(parseError.offset),
                     details());
    return document.object();
}

Result<ParsedDraft> DraftParser::parseBytes(const QByteArray &bytes, const QString &fileName)
{
    Result<QJsonObject> document = decodeContent(bytes, fileName);
    if (!document)
        return document.error();
    Result<ParsedDraft> parsed = parse(*document);
    if (!parsed)
        return parsed.error().withContext(fileName);
    return parsed;
}

Result<TextMaterial> DraftParser::parseText(const QJsonObject &json)
{
    TextMaterial text;
    text.id = json.value(u"id"_s).toString();
    text.autoWrap = json.value(u"type"_s).toString() == u"subtitle";
    text.vertical = json.value(u"typesetting"_s).toInt() == 1;
    text.alignment = json.value(u"alignment"_s).toInt(1);
    text.letterSpacing = json.value(u"letter_spacing"_s).toDouble();
    text.lineSpacing = json.value(u"line_spacing"_s).toDouble(0.02);
    text.lineMaxWidth = json.value(u"line_max_width"_s).toDouble(0.82);
    text.alpha = json.value(u"global_alpha"_s).toDouble(1.0);
    if (json.contains(u"background_style"_s)) {
        TextBackground bg;
        bg.style = json.value(u"background_style"_s).toInt(1);
        bg.color = QColor(json.value(u"background_color"_s).toString());
        bg.alpha = json.value(u"background_alpha"_s).toDouble();
        bg.roundRadius = json.value(u"background_round_radius"_s).toDouble();
        bg.height = json.value(u"background_height"_s).toDouble();
        bg.width = json.value(u"background_width"_s).toDouble();
        bg.horizontalOffset = json.value(u"background_horizontal_offset"_s).toDouble();
        bg.verticalOffset = json.value(u"background_vertical_offset"_s).toDouble();
        text.background = bg;
    }
    text.extra
        = without(json, {"id", "type", "content", "typesetting", "alignment", "letter_spacing",
                         "line_spacing", "line_max_width", "check_flag", "global_alpha",
                         "background_style", "background_color", "background_alpha",
                         "background_round_radius", "background_height", "background_width",
                         "background_horizontal_offset", "background_vertical_offset"});
    // The editor's own type values other than text/subtitle are kept.
    const QString type = json.value(u"type"_s).toString();
    if (type != u"text" && type != u"subtitle")
        text.extra.insert(u"type"_s, type);

    QJsonParseError error;
    const QJsonDocument content
        = QJsonDocument::fromJson(json.value(u"content"_s).toString().toUtf8(), &error);
    if (!content.isObject())
        return Error(
            ErrorCode::CorruptData,
            u"text %1: content is not a JSON object (%2)"_s.arg(text.id, error.errorString()),
            {{u"field"_s, u"materials.texts.content"_s}});
    const QJsonObject c = content.object();
    text.text = c.value(u"text"_s).toString();
    text.contentExtra = without(c, {"text", "styles"});
    for (const QJsonValue &value : c.value(u"styles"_s).toArray()) {
        const QJsonObject s = value.toObject();
        TextStyle style;
        const QJsonArray range = s.value(u"range"_s).toArray();
        style.start = range.at(0).toInteger();
        style.length = range.at(1).toInteger() - style.start;
        style.size = s.value(u"size"_s).toDouble(8.0);
        style.bold = s.value(u"bold"_s).toBool();
        style.italic = s.value(u"italic"_s).toBool();
        style.underline = s.value(u"underline"_s).toBool();
        style.color = solidColor(s.value(u"fill"_s).toObject(), Qt::white);
        const QJsonArray strokes = s.value(u"strokes"_s).toArray();
        if (!strokes.isEmpty()) {
            const QJsonObject stroke = strokes.at(0).toObject();
            style.strokeColor = solidColor(stroke, Qt::black);
            style.strokeWidth = stroke.value(u"width"_s).toDouble(0.08);
        }
        style.fontId = s.value(u"font"_s).toObject().value(u"id"_s).toString();
        style.flowerTextId = s.value(u"effectStyle"_s).toObject().value(u"id"_s).toString();
        const QJsonArray shadows = s.value(u"shadows"_s).toArray();
        if (!shadows.isEmpty()) {
            const QJsonObject shadow = shadows.at(0).toObject();
            style.shadowColor = solidColor(shadow, Qt::black);
            style.shadowAlpha = shadow.value(u"alpha"_s).toDouble(1.0);
            style.shadowDiffuse = shadow.value(u"diffuse"_s).toDouble();
            style.shadowDistance = shadow.value(u"distance"_s).toDouble();
            style.shadowAngle = shadow.value(u"angle"_s).toDouble();
        }
        style.extra = without(s, {"range", "size", "bold", "italic", "underline", "fill", "strokes",
                                  "font", "effectStyle", "shadows"});
        text.styles.append(style);
    }
    return text;
}

Result<ParsedDraft> DraftParser::parse(const QJsonObject &input)
{
    ParsedDraft out;
    Result<QJsonValue> normalized = normalizeIds(input, u"$"_s, out.warnings);
    if (!normalized)
        return normalized.error();
    const QJsonObject document = normalized->toObject();
    for (const char *key : {"materials", "tracks"}) {
        if (!document.contains(QLatin1StringView(key)))
            return Error(
                ErrorCode::CorruptData,
                u"not a draft content document: '%1' is missing"_s.arg(QLatin1StringView(key)),
                {{u"field"_s, QString::fromLatin1(key)}});
    }
    Draft &draft = out.draft;
    const QJsonObject canvas = document.value(u"canvas_config"_s).toObject();
    draft.id = document.value(u"id"_s).toString();
    draft.width = canvas.value(u"width"_s).toInt(1920);
    draft.height = canvas.value(u"height"_s).toInt(1080);
    draft.fps = document.value(u"fps"_s).toDouble(30.0);
    const QJsonObject config = document.value(u"config"_s).toObject();
    draft.mainTrackMagnet = config.value(u"maintrack_adsorb"_s).toBool(true);
    draft.configExtra = config;
    draft.extra = without(document, {"materials", "tracks", "duration", "fps", "id", "config"});

    // Index every material; claimed ones move onto their segments, the rest stays verbatim.
    const QJsonObject materials = document.value(u"materials"_s).toObject();
    QHash<QString, Located> byId;
    for (auto it = materials.begin(); it != materials.end(); ++it) {
        for (const QJsonValue &entry : it.value().toArray()) {
            const QJsonObject json = entry.toObject();
            const QString id = json.value(u"id"_s).toString();
            if (!id.isEmpty() && !byId.contains(id))
                byId.insert(id, Located{it.key(), json});
        }
    }
    QSet<QString> claimed;

    for (const char *listName : {"videos", "audios"}) {
        const QString list = QString::fromLatin1(listName);
        for (const QJsonValue &entry : materials.value(list).toArray()) {
            const QJsonObject json = entry.toObject();
            MediaMaterial media;
            media.id = json.value(u"id"_s).toString();
            media.localMaterialId = json.value(u"local_material_id"_s).toString();
            media.path = json.value(u"path"_s).toString();
            media.durationUs = json.value(u"duration"_s).toInteger();
            if (list == u"audios") {
                media.kind = MediaKind::Audio;
                media.name = json.value(u"name"_s).toString();
                media.extra = without(
                    json, {"id", "music_id", "local_material_id", "path", "name", "duration"});
            } else {
                media.kind = json.value(u"type"_s).toString() == u"photo" ? MediaKind::Photo
                                                                          : MediaKind::Video;
                media.name = json.value(u"material_name"_s).toString();
                media.width = json.value(u"width"_s).toInt();
                media.height = json.value(u"height"_s).toInt();
                media.extra
                    = without(json, {"id", "material_id", "local_material_id", "path",
                                     "material_name", "duration", "width", "height", "type"});
            }
            if (media.id.isEmpty())
                return Error(ErrorCode::CorruptData, u"a %1 entry has no id"_s.arg(list),
                             {{u"field"_s, QString(u"materials."_s + list)}});
            if (draft.media.contains(media.id))
                return Error(ErrorCode::CorruptData,
                             u"materials.%1 has two entries with the id %2"_s.arg(list, media.id),
                             {{u"field"_s, QString(u"materials."_s + list)}});
            claimed.insert(list + u'/' + media.id);
            draft.media.insert(media.id, media);
        }
    }

    const QJsonArray tracks = document.value(u"tracks"_s).toArray();
    for (qsizetype ti = 0; ti < tracks.size(); ++ti) {
        const QJsonObject tj = tracks.at(ti).toObject();
        const QString trackPath = u"tracks[%1]"_s.arg(ti);
        Track track;
        track.id = tj.value(u"id"_s).toString();
        const QString typeName = tj.value(u"type"_s).toString();
        track.type = trackTypeFromName(typeName).value_or(TrackType::Adjust);
        track.name = tj.value(u"name"_s).toString();
        track.muted = tj.value(u"attribute"_s).toInt() == 1;
        track.extra = without(tj, {"id", "type", "name", "attribute", "segments"});
        if (!trackTypeFromName(typeName))
            track.extra.insert(u"type"_s, typeName);
        const QJsonArray segments = tj.value(u"segments"_s).toArray();
        if (!segments.isEmpty())
            track.relativeIndex = segments.at(0).toObject().value(u"render_index"_s).toInt()
                                  - renderIndexBase(track.type);
        for (qsizetype si = 0; si < segments.size(); ++si) {
            const QJsonObject sj = segments.at(si).toObject();
            const QString path = u"%1.segments[%2]"_s.arg(trackPath).arg(si);
            Segment segment;
            segment.id = sj.value(u"id"_s).toString();
            segment.materialId = sj.value(u"material_id"_s).toString();
            Result<TimeRange> target = timeRangeField(sj, u"target_timerange"_s, path);
            if (!target)
                return target.error();
            segment.target = *target;
            if (sj.value(u"source_timerange"_s).isObject()) {
                Result<TimeRange> source = timeRangeField(sj, u"source_timerange"_s, path);
                if (!source)
                    return source.error();
                segment.source = *source;
            }
            segment.speed = sj.value(u"speed"_s).toDouble(1.0);
            segment.volume = sj.value(u"volume"_s).toDouble(1.0);
            segment.toneModify = sj.value(u"is_tone_modify"_s).toBool();
            segment.visible = sj.value(u"visible"_s).toBool(true);
            const QJsonObject clip = sj.value(u"clip"_s).toObject();
            segment.transform.alpha = clip.value(u"alpha"_s).toDouble(1.0);
            segment.transform.rotation = clip.value(u"rotation"_s).toDouble();
            segment.transform.flipHorizontal
                = clip.value(u"flip"_s).toObject().value(u"horizontal"_s).toBool();
            segment.transform.flipVertical
                = clip.value(u"flip"_s).toObject().value(u"vertical"_s).toBool();
            segment.transform.scaleX
                = clip.value(u"scale"_s).toObject().value(u"x"_s).toDouble(1.0);
            segment.transform.scaleY
                = clip.value(u"scale"_s).toObject().value(u"y"_s).toDouble(1.0);
            segment.transform.x = clip.value(u"transform"_s).toObject().value(u"x"_s).toDouble();
            segment.transform.y = clip.value(u"transform"_s).toObject().value(u"y"_s).toDouble();
            segment.uniformScale
                = sj.value(u"uniform_scale"_s).toObject().value(u"on"_s).toBool(true);
            segment.keyframes
                = parseKeyframes(sj.value(u"common_keyframes"_s).toArray(), segment.uniformScale);
            // Effect, filter and adjustment segments are written with the common fields only
            // (§10.1): everything else they carry stays verbatim, references included (their
            // materials then stay in otherMaterials).
            const bool modelled = track.type == TrackType::Video || track.type == TrackType::Audio
                                  || track.type == TrackType::Text
                                  || track.type == TrackType::Sticker;
            if (modelled)
                segment.extra = without(
                    sj, {"id", "material_id", "target_timerange", "source_timerange", "speed",
                         "volume", "is_tone_modify", "visible", "clip", "uniform_scale",
                         "common_keyframes", "extra_material_refs", "render_index"});
            else
                segment.extra = without(sj, {"id", "material_id", "target_timerange", "visible",
                                             "common_keyframes", "render_index"});

            const QJsonArray refs
                = modelled ? sj.value(u"extra_material_refs"_s).toArray() : QJsonArray();
            for (const QJsonValue &ref : refs) {
                const QString refId = ref.toString();
                const auto found = byId.constFind(refId);
                if (found == byId.constEnd()) {
                    out.warnings.append(u"%1 refers to material %2, which does not exist; the "
                                        "reference was dropped"_s.arg(path, refId));
                    continue;
                }
                segment.refOrder.append(refId);
                claimed.insert(found->list + u'/' + refId);
                if (found->list == u"speeds") {
                    segment.speedId = refId;
                    segment.speedExtra = without(found->json, {"id", "type", "speed"});
                } else if (found->list == u"audio_fades") {
                    segment.fadeId = refId;
                    segment.fadeInUs = found->json.value(u"fade_in_duration"_s).toInteger();
                    segment.fadeOutUs = found->json.value(u"fade_out_duration"_s).toInteger();
                    segment.fadeExtra = without(
                        found->json, {"id", "type", "fade_in_duration", "fade_out_duration"});
                } else {
                    segment.aux.append(AuxMaterial{found->list, found->json});
                }
            }

            if (!segment.materialId.isEmpty() && !draft.media.contains(segment.materialId)) {
                const auto found = byId.constFind(segment.materialId);
                if (found == byId.constEnd())
                    return Error(
                        ErrorCode::CorruptData,
                        u"%1.material_id %2 does not resolve"_s.arg(path, segment.materialId),
                        {{u"field"_s, QString(path + u".material_id"_s)}});
                claimed.insert(found->list + u'/' + segment.materialId);
                if (found->list == u"texts") {
                    Result<TextMaterial> text = parseText(found->json);
                    if (!text)
                        return text.error();
                    segment.text = *text;
                } else {
                    segment.main = AuxMaterial{found->list, found->json};
                }
            }
            track.segments.append(segment);
        }
        draft.tracks.append(track);
    }

    for (auto it = materials.begin(); it != materials.end(); ++it) {
        if (!it.value().isArray()) {
            draft.otherMaterials.insert(it.key(), it.value()); // not a list: kept verbatim
            continue;
        }
        QJsonArray rest;
        for (const QJsonValue &entry : it.value().toArray()) {
            // Claimed per list: an id listed twice (masks and common_mask) keeps its second copy.
            if (!claimed.contains(it.key() + u'/' + entry.toObject().value(u"id"_s).toString()))
                rest.append(entry);
        }
        draft.otherMaterials.insert(it.key(), rest);
    }
    return out;
}

} // namespace CutPilot::Core
