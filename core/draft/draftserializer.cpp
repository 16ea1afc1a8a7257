#include "draftserializer.h"

#include "draftjson_p.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace DraftJson;

QString DraftJson::derivedId(const QString &segmentId, const char *purpose)
{
    const QByteArray key = segmentId.toUtf8() + ':' + purpose;
    return QString::fromLatin1(
        QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(32).toUpper());
}

int DraftJson::auxRank(const QString &list, const QString &type)
{
    // speed, fade/audio effects or canvas, animation, transition, mask, mix mode, filters, effects,
    // bubble, flower (§8.2)
    if (list == u"speeds")
        return 0;
    if (list == u"audio_fades" || list == u"audio_effects" || list == u"canvases")
        return 1;
    if (list == u"material_animations")
        return 2;
    if (list == u"transitions")
        return 3;
    if (list == u"masks" || list == u"common_mask")
        return 4;
    if (list == u"effects") {
        if (type == u"mix_mode")
            return 5;
        if (type == u"filter")
            return 6;
        if (type == u"text_shape")
            return 8;
        if (type == u"text_effect")
            return 9;
        return 7;
    }
    if (list == u"video_effects")
        return 7;
    return 10;
}

DraftSerializer::DraftSerializer(DraftProfile profile)
    : m_profile(std::move(profile))
{
}

QString DraftSerializer::editorPath(const QString &path) const
{
    // Only Windows-form paths ("C:/..." or "//server/...") get native separators; a POSIX path
    // cannot be made a Windows path and is left as it is.
    const bool windowsForm = (path.size() > 2 && path.at(1) == u':' && path.at(0).isLetter())
                             || path.startsWith(u"//"_s) || path.startsWith(u"\\\\"_s);
    if (!m_profile.windowsPaths || !windowsForm)
        return path;
    QString out = path;
    out.replace(u'/', u'\\');
    return out;
}

QJsonObject DraftSerializer::configDefaults() const
{
    QJsonObject config{
        {u"adjust_max_index"_s, 1},
        {u"attachment_info"_s, QJsonArray()},
        {u"combination_max_index"_s, 1},
        {u"export_range"_s, QJsonValue::Null},
        {u"extract_audio_last_index"_s, 1},
        {u"lyrics_recognition_id"_s, u""_s},
        {u"lyrics_sync"_s, true},
        {u"lyrics_taskinfo"_s, QJsonArray()},
        {u"maintrack_adsorb"_s, true},
        {u"material_save_mode"_s, 0},
        {u"multi_language_current"_s, u"none"_s},
        {u"multi_language_list"_s, QJsonArray()},
        {u"multi_language_main"_s, u"none"_s},
        {u"multi_language_mode"_s, u"none"_s},
        {u"original_sound_last_index"_s, 1},
        {u"record_audio_last_index"_s, 1},
        {u"sticker_max_index"_s, 1},
        {u"subtitle_keywords_config"_s, QJsonValue::Null},
        {u"subtitle_recognition_id"_s, u""_s},
        {u"subtitle_sync"_s, true},
        {u"subtitle_taskinfo"_s, QJsonArray()},
        {u"system_font_list"_s, QJsonArray()},
        {u"video_mute"_s, false},
        {u"zoom_info_params"_s, QJsonValue::Null},
    };
    return merged(config, m_profile.configExtra);
}

QJsonObject DraftSerializer::topLevelDefaults() const
{
    QJsonObject canvas{{u"width"_s, 1920}, {u"height"_s, 1080}, {u"ratio"_s, u"original"_s}};
    if (m_profile.canvasBackground)
        canvas.insert(u"background"_s, QJsonValue::Null);
    QJsonObject keyframes;
    for (const char *list :
         {"adjusts", "audios", "effects", "filters", "handwrites", "stickers", "texts", "videos"})
        keyframes.insert(QLatin1StringView(list), QJsonArray());
    QJsonObject doc{
        {u"canvas_config"_s, canvas},
        {u"color_space"_s, m_profile.colorSpace},
        {u"cover"_s, QJsonValue::Null},
        {u"create_time"_s, 0},
        {u"extra_info"_s, QJsonValue::Null},
        {u"free_render_index_mode_on"_s, false},
        {u"group_container"_s, QJsonValue::Null},
        {u"keyframe_graph_list"_s, QJsonArray()},
        {u"keyframes"_s, keyframes},
        {u"last_modified_platform"_s, m_profile.platform},
        {u"platform"_s, m_profile.platform},
        {u"mutable_config"_s, QJsonValue::Null},
        {u"name"_s, u""_s},
        {u"new_version"_s, m_profile.newVersion},
        {u"relationships"_s, QJsonArray()},
        {u"render_index_track_mode_on"_s, false},
        {u"retouch_cover"_s, QJsonValue::Null},
        {u"source"_s, u"default"_s},
        {u"static_cover_image_path"_s, u""_s},
        {u"time_marks"_s, QJsonValue::Null},
        {u"update_time"_s, 0},
        {u"version"_s, m_profile.version},
    };
    return merged(doc, m_profile.topLevelExtra);
}

QJsonObject DraftSerializer::contentDocument(const Draft &draft) const
{
    QJsonObject doc = merged(topLevelDefaults(), draft.extra);

    QJsonObject canvas = doc.value(u"canvas_config"_s).toObject();
    canvas.insert(u"width"_s, draft.width);
    canvas.insert(u"height"_s, draft.height);
    doc.insert(u"canvas_config"_s, canvas);

    QJsonObject config = merged(configDefaults(), draft.configExtra);
    config.insert(u"maintrack_adsorb"_s, draft.mainTrackMagnet);
    doc.insert(u"config"_s, config);

    // A draft read from disk keeps its own list set (otherMaterials holds every list it had);
    // a new draft gets the profile's set (§8.1).
    MaterialSink materials;
    if (draft.otherMaterials.isEmpty()) {
        for (const QString &list : m_profile.materialLists)
            materials.lists.insert(list, QJsonArray());
    }
    for (auto it = draft.otherMaterials.begin(); it != draft.otherMaterials.end(); ++it) {
        for (const QJsonValue &entry : it.value().toArray())
            materials.add(it.key(), entry.toObject());
        if (!materials.lists.contains(it.key()))
            materials.lists.insert(it.key(), QJsonArray());
    }
    for (const MediaMaterial &media : draft.media)
        materials.add(media.kind == MediaKind::Audio ? u"audios"_s : u"videos"_s, mediaJson(media));

    // Tracks sorted by layer, stable: equal layers keep their order (§9).
    QList<const Track *> ordered;
    for (const Track &track : draft.tracks)
        ordered.append(&track);
    std::stable_sort(ordered.begin(), ordered.end(), [](const Track *a, const Track *b) {
        return a->renderIndex() < b->renderIndex();
    });
    QJsonArray tracks;
    for (const Track *track : std::as_const(ordered))
        tracks.append(trackJson(*track, materials));

    QJsonObject materialsJson;
    for (auto it = materials.lists.begin(); it != materials.lists.end(); ++it)
        materialsJson.insert(it.key(), it.value());
    doc.insert(u"materials"_s, materialsJson);
    doc.insert(u"tracks"_s, tracks);
    doc.insert(u"duration"_s, draft.duration());
    doc.insert(u"fps"_s, draft.fps);
    doc.insert(u"id"_s, draft.id);
    return doc;
}

void DraftSerializer::MaterialSink::add(const QString &list, const QJsonObject &json)
{
    const QString id = json.value(u"id"_s).toString();
    if (!id.isEmpty() && ids.contains(list + u'/' + id))
        return; // shared by several segments: written once (§8.2)
    ids.insert(list + u'/' + id);
    lists[list].append(json);
}

QJsonObject DraftSerializer::mediaJson(const MediaMaterial &media) const
{
    QJsonObject json;
    const QString path = editorPath(media.path);
    if (media.kind == MediaKind::Audio) {
        json = QJsonObject{
            {u"app_id"_s, 0},
            {u"category_id"_s, u""_s},
            {u"category_name"_s, u"local"_s},
            {u"check_flag"_s, 3},
            {u"copyright_limit_type"_s, u"none"_s},
            {u"effect_id"_s, u""_s},
            {u"formula_id"_s, u""_s},
            {u"source_platform"_s, 0},
            {u"type"_s, u"extract_music"_s},
            {u"wave_points"_s, QJsonArray()},
        };
        json = merged(json, media.extra);
        json.insert(u"music_id"_s, media.id);
        json.insert(u"name"_s, media.name);
    } else {
        const QJsonObject crop{
            {u"upper_left_x"_s, 0.0},  {u"upper_left_y"_s, 0.0},  {u"upper_right_x"_s, 1.0},
            {u"upper_right_y"_s, 0.0}, {u"lower_left_x"_s, 0.0},  {u"lower_left_y"_s, 1.0},
            {u"lower_right_x"_s, 1.0}, {u"lower_right_y"_s, 1.0},
        };
        json = QJsonObject{
            {u"media_path"_s, u""_s},
            {u"category_id"_s, u""_s},
            {u"category_name"_s, u"local"_s},
            {u"check_flag"_s, 63487},
            {u"crop"_s, crop},
            {u"crop_ratio"_s, u"free"_s},
            {u"crop_scale"_s, 1.0},
            {u"audio_fade"_s, QJsonValue::Null},
        };
        json = merged(json, media.extra);
        json.insert(u"material_id"_s, media.id);
        json.insert(u"material_name"_s, media.name);
        json.insert(u"type"_s, media.kind == MediaKind::Photo ? u"photo"_s : u"video"_s);
        json.insert(u"width"_s, media.width);
        json.insert(u"height"_s, media.height);
    }
    json.insert(u"id"_s, media.id);
    json.insert(u"local_material_id"_s, media.localMaterialId);
    json.insert(u"path"_s, path);
    json.insert(u"duration"_s, media.durationUs);
    return json;
}

QJsonObject DraftSerializer::trackJson(const Track &track, MaterialSink &materials) const
{
    QJsonObject json
        = merged(QJsonObject{{u"is_default_name"_s, false}, {u"flag"_s, 0}}, track.extra);
    json.insert(u"id"_s, track.id);
    if (track.type != TrackType::Adjust || !track.extra.contains(u"type"_s))
        json.insert(u"type"_s, trackTypeName(track.type)); // unknown kinds keep their own type
    json.insert(u"name"_s, track.name);
    json.insert(u"attribute"_s, track.muted ? 1 : 0);
    QList<const Segment *> ordered;
    for (const Segment &segment : track.segments)
        ordered.append(&segment);
    std::stable_sort(ordered.begin(), ordered.end(), [](const Segment *a, const Segment *b) {
        return a->target.start < b->target.start;
    });
    QJsonArray segments;
    for (const Segment *segment : std::as_const(ordered))
        segments.append(segmentJson(track, *segment, materials));
    json.insert(u"segments"_s, segments);
    return json;
}

QJsonObject DraftSerializer::segmentJson(const Track &track, const Segment &segment,
                                         MaterialSink &materials) const
{
    QJsonObject json{
        {u"enable_adjust"_s, true},
        {u"enable_color_correct_adjust"_s, false},
        {u"enable_color_curves"_s, true},
        {u"enable_color_match_adjust"_s, false},
        {u"enable_color_wheels"_s, true},
        {u"enable_lut"_s, true},
        {u"enable_smart_color_adjust"_s, false},
        {u"reverse"_s, false},
        {u"track_attribute"_s, 0},
        {u"track_render_index"_s, 0},
        {u"keyframe_refs"_s, QJsonArray()},
    };
    json = merged(json, segment.extra);
    json.insert(u"id"_s, segment.id);
    json.insert(u"material_id"_s, segment.materialId);
    json.insert(u"target_timerange"_s, timeRange(segment.target.start, segment.target.duration));
    json.insert(u"render_index"_s, track.renderIndex());
    json.insert(u"visible"_s, segment.visible);
    // The volume to restore on unmute: the editor's own value when read, else derived (§10.1).
    if (!json.contains(u"last_nonzero_volume"_s))
        json.insert(u"last_nonzero_volume"_s, segment.volume > 0 ? segment.volume : 1.0);
    json.insert(u"common_keyframes"_s, keyframesJson(segment));

    if (segment.main)
        materials.add(segment.main->list, segment.main->json);
    if (track.type == TrackType::Effect || track.type == TrackType::Filter
        || track.type == TrackType::Adjust)
        return json; // only the common fields (§10.1)

    const bool media = track.type == TrackType::Video || track.type == TrackType::Audio;
    QStringList refs;
    if (media) {
        const QString speedId
            = segment.speedId.isEmpty() ? derivedId(segment.id, "speed") : segment.speedId;
        QJsonObject speed = merged(
            QJsonObject{{u"mode"_s, 0}, {u"curve_speed"_s, QJsonValue::Null}}, segment.speedExtra);
        speed.insert(u"id"_s, speedId);
        speed.insert(u"type"_s, u"speed"_s);
        speed.insert(u"speed"_s, segment.speed);
        materials.add(u"speeds"_s, speed);
        refs.append(speedId);
        if (segment.fadeInUs > 0 || segment.fadeOutUs > 0 || !segment.fadeId.isEmpty()) {
            const QString fadeId
                = segment.fadeId.isEmpty() ? derivedId(segment.id, "fade") : segment.fadeId;
            QJsonObject fade = merged(QJsonObject{{u"fade_type"_s, 0}}, segment.fadeExtra);
            fade.insert(u"id"_s, fadeId);
            fade.insert(u"type"_s, u"audio_fade"_s);
            fade.insert(u"fade_in_duration"_s, segment.fadeInUs);
            fade.insert(u"fade_out_duration"_s, segment.fadeOutUs);
            materials.add(u"audio_fades"_s, fade);
            refs.append(fadeId);
        }
    }
    QList<const AuxMaterial *> aux;
    for (const AuxMaterial &a : segment.aux)
        aux.append(&a);
    std::stable_sort(aux.begin(), aux.end(), [](const AuxMaterial *a, const AuxMaterial *b) {
        return auxRank(a->list, a->type()) < auxRank(b->list, b->type());
    });
    for (const AuxMaterial *a : std::as_const(aux)) {
        materials.add(a->list, a->json);
        refs.append(a->id());
    }
    // Keep the order read from the draft while the set of references is unchanged.
    if (!segment.refOrder.isEmpty() && segment.refOrder.size() == refs.size()
        && QSet<QString>(refs.begin(), refs.end())
               == QSet<QString>(segment.refOrder.begin(), segment.refOrder.end()))
        refs = segment.refOrder;
    json.insert(u"extra_material_refs"_s, QJsonArray::fromStringList(refs));

    const bool sourced = media;
    json.insert(u"source_timerange"_s,
                sourced && segment.source
                    ? QJsonValue(timeRange(segment.source->start, segment.source->duration))
                    : QJsonValue(QJsonValue::Null));
    json.insert(u"speed"_s, media ? segment.speed : 1.0);
    json.insert(u"volume"_s, segment.volume);
    json.insert(u"is_tone_modify"_s, segment.toneModify);

    if (track.type == TrackType::Audio) {
        json.insert(u"clip"_s, QJsonValue::Null); // a clip on audio crashes CapCut (§10.2)
        json.insert(u"hdr_settings"_s, QJsonValue::Null);
        json.remove(u"uniform_scale"_s);
    } else {
        const Transform &t = segment.transform;
        json.insert(u"clip"_s,
                    QJsonObject{
                        {u"alpha"_s, t.alpha},
                        {u"flip"_s, QJsonObject{{u"horizontal"_s, t.flipHorizontal},
                                                {u"vertical"_s, t.flipVertical}}},
                        {u"rotation"_s, t.rotation},
                        {u"scale"_s, QJsonObject{{u"x"_s, t.scaleX}, {u"y"_s, t.scaleY}}},
                        {u"transform"_s, QJsonObject{{u"x"_s, t.x}, {u"y"_s, t.y}}},
                    });
        json.insert(u"uniform_scale"_s,
                    QJsonObject{{u"on"_s, segment.uniformScale}, {u"value"_s, 1.0}});
        if (track.type == TrackType::Video && !json.contains(u"hdr_settings"_s))
            json.insert(u"hdr_settings"_s,
                        QJsonObject{{u"intensity"_s, 1.0}, {u"mode"_s, 1}, {u"nits"_s, 1000}});
    }
    if (track.type == TrackType::Text && segment.text)
        materials.add(u"texts"_s, textJson(*segment.text));
    return json;
}

QJsonArray DraftSerializer::keyframesJson(const Segment &segment) const
{
    QJsonArray out;
    const bool freeCurves = m_profile.keyframeCurves.contains(u"FreeCurveInOut"_s);
    for (const KeyframeTrack &track : segment.keyframes) {
        QJsonArray list;
        for (const Keyframe &k : track.keyframes) {
            QString curve;
            switch (k.easing) {
            case Easing::Linear:
                curve = u"Line"_s;
                break;
            case Easing::Hold:
                curve = u"Hold"_s;
                break;
            case Easing::EaseIn:
            case Easing::EaseOut:
            case Easing::EaseInOut:
                curve = freeCurves ? u"FreeCurveInOut"_s : u"Line"_s;
                break;
            }
            if (!k.curveType.isEmpty() && k.easing != Easing::Linear && k.easing != Easing::Hold)
                curve = k.curveType; // a read non-linear curve is kept verbatim
            else if (!k.curveType.isEmpty() && k.curveType == curve)
                curve = k.curveType;
            QJsonObject json = merged(
                QJsonObject{{u"graphID"_s, u""_s},
                            {u"left_control"_s, QJsonObject{{u"x"_s, 0.0}, {u"y"_s, 0.0}}},
                            {u"right_control"_s, QJsonObject{{u"x"_s, 0.0}, {u"y"_s, 0.0}}}},
                k.extra);
            json.insert(u"id"_s, k.id);
            json.insert(u"time_offset"_s, k.offsetUs);
            json.insert(u"values"_s, QJsonArray{k.value});
            json.insert(u"curveType"_s, curve);
            list.append(json);
        }
        const KeyframeProperty written = track.property == KeyframeProperty::UniformScale
                                             ? KeyframeProperty::ScaleX
                                             : track.property;
        QJsonObject json = merged(QJsonObject{{u"material_id"_s, u""_s}}, track.extra);
        json.insert(u"id"_s, track.id);
        json.insert(u"property_type"_s, track.unknownProperty.isEmpty()
                                            ? keyframePropertyName(written)
                                            : track.unknownProperty);
        json.insert(u"keyframe_list"_s, list);
        out.append(json);
    }
    return out;
}

QString textContentString(const TextMaterial &text)
{
    QJsonArray styles;
    for (const TextStyle &s : text.styles) {
        QJsonObject style = merged(QJsonObject{}, s.extra);
        style.insert(u"range"_s, QJsonArray{qint64(s.start), qint64(s.start + s.length)});
        style.insert(u"size"_s, s.size);
        style.insert(u"bold"_s, s.bold);
        style.insert(u"italic"_s, s.italic);
        style.insert(u"underline"_s, s.underline);
        style.insert(
            u"fill"_s,
            QJsonObject{{u"alpha"_s, 1.0},
                        {u"content"_s,
                         QJsonObject{{u"render_type"_s, u"solid"_s},
                                     {u"solid"_s, QJsonObject{{u"alpha"_s, 1.0},
                                                              {u"color"_s, rgb(s.color)}}}}}});
        QJsonArray strokes;
        if (s.strokeColor) {
            strokes.append(QJsonObject{
                {u"content"_s,
                 QJsonObject{{u"solid"_s,
                              QJsonObject{{u"alpha"_s, 1.0}, {u"color"_s, rgb(*s.strokeColor)}}}}},
                {u"width"_s, s.strokeWidth}});
        }
        style.insert(u"strokes"_s, strokes);
        if (!s.fontId.isEmpty())
            style.insert(u"font"_s, QJsonObject{{u"id"_s, s.fontId}, {u"path"_s, u"D:"_s}});
        else
            style.remove(u"font"_s);
        if (!s.flowerTextId.isEmpty())
            style.insert(u"effectStyle"_s,
                         QJsonObject{{u"id"_s, s.flowerTextId}, {u"path"_s, u"C:"_s}});
        else
            style.remove(u"effectStyle"_s);
        if (s.shadowColor) {
            style.insert(
                u"shadows"_s,
                QJsonArray{QJsonObject{
                    {u"alpha"_s, s.shadowAlpha},
                    {u"content"_s,
                     QJsonObject{{u"solid"_s, QJsonObject{{u"color"_s, rgb(*s.shadowColor)}}}}},
                    {u"diffuse"_s, s.shadowDiffuse},
                    {u"distance"_s, s.shadowDistance},
                    {u"angle"_s, s.shadowAngle}}});
        } else {
            style.remove(u"shadows"_s);
        }
        styles.append(style);
    }
    QJsonObject content = merged(text.contentExtra, {});
    content.insert(u"text"_s, text.text);
    content.insert(u"styles"_s, styles);
    return QString::fromUtf8(QJsonDocument(content).toJson(QJsonDocument::Compact));
}

QJsonObject DraftSerializer::textJson(const TextMaterial &text) const
{
    bool stroke = false;
    bool shadow = false;
    for (const TextStyle &s : text.styles) {
        stroke = stroke || s.strokeColor.has_value();
        shadow = shadow || s.shadowColor.has_value();
    }
    const int checkFlag = 7 | (stroke ? 8 : 0) | (text.background ? 16 : 0) | (shadow ? 32 : 0);
    QJsonObject json = merged(
        QJsonObject{{u"line_feed"_s, 1}, {u"force_apply_line_max_width"_s, false}}, text.extra);
    json.insert(u"id"_s, text.id);
    json.insert(u"type"_s, text.autoWrap ? u"subtitle"_s : u"text"_s);
    json.insert(u"content"_s, textContentString(text));
    json.insert(u"typesetting"_s, text.vertical ? 1 : 0);
    json.insert(u"alignment"_s, text.alignment);
    json.insert(u"letter_spacing"_s, text.letterSpacing);
    json.insert(u"line_spacing"_s, text.lineSpacing);
    json.insert(u"line_max_width"_s, text.lineMaxWidth);
    json.insert(u"check_flag"_s, checkFlag);
    json.insert(u"global_alpha"_s, text.alpha);
    for (const char *key : {"background_style", "background_color", "background_alpha",
                            "background_round_radius", "background_height", "background_width",
                            "background_horizontal_offset", "background_vertical_offset"})
        json.remove(QLatin1StringView(key));
    if (const auto &bg = text.background) {
        json.insert(u"background_style"_s, bg->style);
        json.insert(u"background_color"_s, hexColor(bg->color));
        json.insert(u"background_alpha"_s, bg->alpha);
        json.insert(u"background_round_radius"_s, bg->roundRadius);
        json.insert(u"background_height"_s, bg->height);
        json.insert(u"background_width"_s, bg->width);
        json.insert(u"background_horizontal_offset"_s, bg->horizontalOffset);
        json.insert(u"background_vertical_offset"_s, bg->verticalOffset);
    }
    return json;
}

} // namespace CutPilot::Core
