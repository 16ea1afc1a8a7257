#include "draftserializer.h"

#include "draftjson_p.h"
#include "jsonwriter_p.h"

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
    m_config = buildConfigDefaults();
    m_topLevel = buildTopLevelDefaults();
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

QJsonObject DraftSerializer::buildConfigDefaults() const
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

QJsonObject DraftSerializer::buildTopLevelDefaults() const
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
    // One implementation: the streaming writer (draftserializerstream.cpp) is what saving uses;
    // tests and tools that want a QJsonObject read its output back.
    return QJsonDocument::fromJson(contentBytes(draft)).object();
}

QString textContentString(const TextMaterial &text)
{
    return QString::fromUtf8(textContentUtf8(text)); // jsonwriter.cpp: shared with contentBytes()
}

namespace {

/// Collects material entries while tracks are written: one entry per list and id (§8.2). Each
/// list is the comma-separated text of its entries, in the order they were added.
struct MaterialLists
{
    QMap<QString, JsonWriter> lists;
    QSet<QString> ids;

    /// The list to write a new entry to, or nullptr when an entry with this id is already there.
    JsonWriter *accept(const QString &list, const QString &id)
    {
        QString key = list + u'/' + id;
        if (!id.isEmpty() && ids.contains(key))
            return nullptr; // shared by several segments: written once (§8.2)
        ids.insert(std::move(key));
        return &lists[list];
    }
    void add(const QString &list, const QJsonObject &json)
    {
        if (JsonWriter *out = accept(list, json.value(u"id"_s).toString()))
            out->object(json);
    }
    void add(const QString &list, const QString &id, const JsonFields &fields)
    {
        if (JsonWriter *out = accept(list, id))
            fields.write(*out);
    }
};

RawJson timeRangeJson(qint64 start, qint64 duration)
{
    JsonWriter w(64);
    w.beginObject();
    w.key(u"start");
    w.integer(start);
    w.key(u"duration");
    w.integer(duration);
    w.endObject();
    return RawJson{w.take()};
}

class ContentWriter
{
public:
    ContentWriter(const DraftSerializer &serializer, MaterialLists &materials)
        : m_serializer(serializer)
        , m_materials(materials)
    {
    }

    JsonFields mediaJson(const MediaMaterial &media) const;
    void writeTrack(JsonWriter &out, const Track &track);

private:
    void writeSegment(JsonWriter &out, const Track &track, const Segment &segment);
    RawJson keyframesJson(const Segment &segment) const;
    JsonFields textJson(const TextMaterial &text) const;

    const DraftSerializer &m_serializer;
    MaterialLists &m_materials;
};

JsonFields ContentWriter::mediaJson(const MediaMaterial &media) const
{
    JsonFields json;
    const QString path = m_serializer.editorPath(media.path);
    if (media.kind == MediaKind::Audio) {
        json = JsonFields{
            {u"app_id"_s, 0},
            {u"category_id"_s, u""_s},
            {u"category_name"_s, u"local"_s},
            {u"check_flag"_s, 3},
            {u"copyright_limit_type"_s, u"none"_s},
            {u"effect_id"_s, u""_s},
            {u"formula_id"_s, u""_s},
            {u"source_platform"_s, 0},
            {u"type"_s, u"extract_music"_s},
            {u"wave_points"_s, RawJson{"[]"}},
        };
        json.merge(media.extra);
        json.insert(u"music_id"_s, media.id);
        json.insert(u"name"_s, media.name);
    } else {
        const JsonFields crop{
            {u"upper_left_x"_s, 0.0},  {u"upper_left_y"_s, 0.0},  {u"upper_right_x"_s, 1.0},
            {u"upper_right_y"_s, 0.0}, {u"lower_left_x"_s, 0.0},  {u"lower_left_y"_s, 1.0},
            {u"lower_right_x"_s, 1.0}, {u"lower_right_y"_s, 1.0},
        };
        json = JsonFields{
            {u"media_path"_s, u""_s}, {u"category_id"_s, u""_s},  {u"category_name"_s, u"local"_s},
            {u"check_flag"_s, 63487}, {u"crop"_s, crop.toRaw()},  {u"crop_ratio"_s, u"free"_s},
            {u"crop_scale"_s, 1.0},   {u"audio_fade"_s, nullptr},
        };
        json.merge(media.extra);
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

void ContentWriter::writeTrack(JsonWriter &out, const Track &track)
{
    JsonFields json({{u"is_default_name"_s, false}, {u"flag"_s, 0}}, 8);
    json.merge(track.extra);
    json.insert(u"id"_s, track.id);
    if (track.type != TrackType::Adjust || !track.extra.contains(u"type"_s))
        json.insert(u"type"_s, trackTypeName(track.type)); // unknown kinds keep their own type
    json.insert(u"name"_s, track.name);
    json.insert(u"attribute"_s, track.muted ? 1 : 0);
    json.remove(u"segments"); // written last, directly
    QList<const Segment *> ordered;
    ordered.reserve(track.segments.size());
    for (const Segment &segment : track.segments)
        ordered.append(&segment);
    std::stable_sort(ordered.begin(), ordered.end(), [](const Segment *a, const Segment *b) {
        return a->target.start < b->target.start;
    });
    JsonWriter fields;
    json.write(fields);
    out.raw(fields.view().chopped(1)); // without the closing brace
    out.key(u"segments");
    out.beginArray();
    for (const Segment *segment : std::as_const(ordered))
        writeSegment(out, track, *segment);
    out.endArray();
    out.endObject();
}

void ContentWriter::writeSegment(JsonWriter &out, const Track &track, const Segment &segment)
{
    JsonFields json(
        {
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
            {u"keyframe_refs"_s, RawJson{"[]"}},
        },
        40);
    json.merge(segment.extra);
    json.insert(u"id"_s, segment.id);
    json.insert(u"material_id"_s, segment.materialId);
    json.insert(u"target_timerange"_s,
                timeRangeJson(segment.target.start, segment.target.duration));
    json.insert(u"render_index"_s, track.renderIndex());
    json.insert(u"visible"_s, segment.visible);
    // The volume to restore on unmute: the editor's own value when read, else derived (§10.1).
    if (!json.contains(u"last_nonzero_volume"))
        json.insert(u"last_nonzero_volume"_s, segment.volume > 0 ? segment.volume : 1.0);
    json.insert(u"common_keyframes"_s, keyframesJson(segment));

    if (segment.main)
        m_materials.add(segment.main->list, segment.main->json);
    if (track.type == TrackType::Effect || track.type == TrackType::Filter
        || track.type == TrackType::Adjust) {
        json.write(out);
        return; // only the common fields (§10.1)
    }

    const bool media = track.type == TrackType::Video || track.type == TrackType::Audio;
    QStringList refs;
    if (media) {
        const QString speedId
            = segment.speedId.isEmpty() ? derivedId(segment.id, "speed") : segment.speedId;
        JsonFields speed({{u"mode"_s, 0}, {u"curve_speed"_s, nullptr}}, 6);
        speed.merge(segment.speedExtra);
        speed.insert(u"id"_s, speedId);
        speed.insert(u"type"_s, u"speed"_s);
        speed.insert(u"speed"_s, segment.speed);
        m_materials.add(u"speeds"_s, speedId, speed);
        refs.append(speedId);
        if (segment.fadeInUs > 0 || segment.fadeOutUs > 0 || !segment.fadeId.isEmpty()) {
            const QString fadeId
                = segment.fadeId.isEmpty() ? derivedId(segment.id, "fade") : segment.fadeId;
            JsonFields fade({{u"fade_type"_s, 0}}, 6);
            fade.merge(segment.fadeExtra);
            fade.insert(u"id"_s, fadeId);
            fade.insert(u"type"_s, u"audio_fade"_s);
            fade.insert(u"fade_in_duration"_s, segment.fadeInUs);
            fade.insert(u"fade_out_duration"_s, segment.fadeOutUs);
            m_materials.add(u"audio_fades"_s, fadeId, fade);
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
        m_materials.add(a->list, a->json);
        refs.append(a->id());
    }
    // Keep the order read from the draft while the set of references is unchanged.
    if (!segment.refOrder.isEmpty() && segment.refOrder.size() == refs.size()
        && QSet<QString>(refs.begin(), refs.end())
               == QSet<QString>(segment.refOrder.begin(), segment.refOrder.end()))
        refs = segment.refOrder;
    JsonWriter refsJson(2 + 35 * refs.size());
    refsJson.beginArray();
    for (const QString &ref : std::as_const(refs))
        refsJson.string(ref);
    refsJson.endArray();
    json.insert(u"extra_material_refs"_s, RawJson{refsJson.take()});

    const bool sourced = media;
    if (sourced && segment.source)
        json.insert(u"source_timerange"_s,
                    timeRangeJson(segment.source->start, segment.source->duration));
    else
        json.insert(u"source_timerange"_s, nullptr);
    json.insert(u"speed"_s, media ? segment.speed : 1.0);
    json.insert(u"volume"_s, segment.volume);
    json.insert(u"is_tone_modify"_s, segment.toneModify);

    if (track.type == TrackType::Audio) {
        json.insert(u"clip"_s, nullptr); // a clip on audio crashes CapCut (§10.2)
        json.insert(u"hdr_settings"_s, nullptr);
        json.remove(u"uniform_scale");
    } else {
        // Fixed shapes without kept keys: written directly.
        const Transform &t = segment.transform;
        JsonWriter clip(192);
        clip.beginObject();
        clip.key(u"alpha");
        clip.number(t.alpha);
        clip.key(u"flip");
        clip.beginObject();
        clip.key(u"horizontal");
        clip.boolean(t.flipHorizontal);
        clip.key(u"vertical");
        clip.boolean(t.flipVertical);
        clip.endObject();
        clip.key(u"rotation");
        clip.number(t.rotation);
        clip.key(u"scale");
        clip.beginObject();
        clip.key(u"x");
        clip.number(t.scaleX);
        clip.key(u"y");
        clip.number(t.scaleY);
        clip.endObject();
        clip.key(u"transform");
        clip.beginObject();
        clip.key(u"x");
        clip.number(t.x);
        clip.key(u"y");
        clip.number(t.y);
        clip.endObject();
        clip.endObject();
        json.insert(u"clip"_s, RawJson{clip.take()});
        json.insert(u"uniform_scale"_s,
                    RawJson{segment.uniformScale
                                ? QByteArrayLiteral("{\"on\":true,\"value\":1}")
                                : QByteArrayLiteral("{\"on\":false,\"value\":1}")});
        if (track.type == TrackType::Video && !json.contains(u"hdr_settings"))
            json.insert(u"hdr_settings"_s,
                        RawJson{QByteArrayLiteral("{\"intensity\":1,\"mode\":1,\"nits\":1000}")});
    }
    if (track.type == TrackType::Text && segment.text)
        m_materials.add(u"texts"_s, segment.text->id, textJson(*segment.text));
    json.write(out);
}

RawJson ContentWriter::keyframesJson(const Segment &segment) const
{
    JsonWriter out(segment.keyframes.isEmpty() ? 2 : 512);
    out.beginArray();
    const bool freeCurves = m_serializer.profile().keyframeCurves.contains(u"FreeCurveInOut"_s);
    for (const KeyframeTrack &track : segment.keyframes) {
        JsonWriter list(64 + 256 * track.keyframes.size());
        list.beginArray();
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
            JsonWriter values(32);
            values.beginArray();
            values.number(k.value);
            for (const QJsonValue &more : k.moreValues)
                values.value(more);
            values.endArray();
            JsonFields json({{u"graphID"_s, u""_s},
                             {u"left_control"_s, RawJson{"{\"x\":0,\"y\":0}"}},
                             {u"right_control"_s, RawJson{"{\"x\":0,\"y\":0}"}}},
                            8);
            json.merge(k.extra);
            json.insert(u"id"_s, k.id);
            json.insert(u"time_offset"_s, k.offsetUs);
            json.insert(u"values"_s, RawJson{values.take()});
            json.insert(u"curveType"_s, curve);
            json.write(list);
        }
        list.endArray();
        const KeyframeProperty written = track.property == KeyframeProperty::UniformScale
                                             ? KeyframeProperty::ScaleX
                                             : track.property;
        JsonFields json{{u"material_id"_s, u""_s}};
        json.merge(track.extra);
        json.insert(u"id"_s, track.id);
        json.insert(u"property_type"_s, track.unknownProperty.isEmpty()
                                            ? keyframePropertyName(written)
                                            : track.unknownProperty);
        json.insert(u"keyframe_list"_s, RawJson{list.take()});
        json.write(out);
    }
    out.endArray();
    return RawJson{out.take()};
}

JsonFields ContentWriter::textJson(const TextMaterial &text) const
{
    bool stroke = false;
    bool shadow = false;
    for (const TextStyle &s : text.styles) {
        stroke = stroke || s.strokeColor.has_value();
        shadow = shadow || s.shadowColor.has_value();
    }
    const int checkFlag = 7 | (stroke ? 8 : 0) | (text.background ? 16 : 0) | (shadow ? 32 : 0);
    JsonFields json({{u"line_feed"_s, 1}, {u"force_apply_line_max_width"_s, false}}, 24);
    json.merge(text.extra);
    json.insert(u"id"_s, text.id);
    json.insert(u"type"_s, text.autoWrap ? u"subtitle"_s : u"text"_s);
    JsonWriter content;
    content.utf8String(textContentUtf8(text));
    json.insert(u"content"_s, RawJson{content.take()});
    json.insert(u"typesetting"_s, text.vertical ? 1 : 0);
    json.insert(u"alignment"_s, text.alignment);
    json.insert(u"letter_spacing"_s, text.letterSpacing);
    json.insert(u"line_spacing"_s, text.lineSpacing);
    json.insert(u"line_max_width"_s, text.lineMaxWidth);
    json.insert(u"check_flag"_s, checkFlag);
    json.insert(u"global_alpha"_s, text.alpha);
    for (const char16_t *key :
         {u"background_style", u"background_color", u"background_alpha", u"background_round_radius",
          u"background_height", u"background_width", u"background_horizontal_offset",
          u"background_vertical_offset"})
        json.remove(QStringView(key));
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

} // namespace

bool DraftSerializer::isBare(const Draft &draft)
{
    return draft.tracks.isEmpty() && draft.media.isEmpty() && draft.extra.isEmpty()
           && draft.configExtra.isEmpty() && draft.otherMaterials.isEmpty();
}

QByteArray DraftSerializer::contentBytes(const Draft &draft) const
{
    return isBare(draft) ? bareContentBytes(draft) : fullContentBytes(draft);
}

QByteArray DraftSerializer::bareContentBytes(const Draft &draft) const
{
    // Everything fullContentBytes() reads from a bare draft besides its id.
    QByteArray canvas;
    canvas.reserve(32);
    canvas.append(QByteArray::number(draft.width)).append('x');
    canvas.append(QByteArray::number(draft.height)).append('@');
    canvas.append(QByteArray::number(draft.fps, 'g', 17)).append(draft.mainTrackMagnet ? "m" : "");
    QByteArray prefix;
    {
        QMutexLocker lock(&m_bareMutex);
        prefix = m_barePrefixes.value(canvas);
    }
    if (prefix.isEmpty()) {
        Draft blank;
        blank.width = draft.width;
        blank.height = draft.height;
        blank.fps = draft.fps;
        blank.mainTrackMagnet = draft.mainTrackMagnet;
        const QByteArray text = fullContentBytes(blank); // ends with "id":""}
        constexpr QByteArrayView tail = R"("id":""})";
        if (!text.endsWith(tail))
            return fullContentBytes(draft); // the id is no longer written last: no shortcut
        prefix = text.chopped(3);           // up to and including "id":
        QMutexLocker lock(&m_bareMutex);
        if (m_barePrefixes.size() >= 64)
            m_barePrefixes.clear(); // a handful of canvases in practice; bounded regardless
        m_barePrefixes.insert(canvas, prefix);
    }
    JsonWriter id(draft.id.size() * 3 + 8);
    id.string(draft.id);
    QByteArray out;
    out.reserve(prefix.size() + id.size() + 1);
    out.append(prefix).append(id.view()).append('}');
    return out;
}

QByteArray DraftSerializer::fullContentBytes(const Draft &draft) const
{
    // The small top-level part is built as a QJsonObject; tracks and materials are streamed.
    QJsonObject doc = merged(topLevelDefaults(), draft.extra);

    QJsonObject canvas = doc.value(u"canvas_config"_s).toObject();
    canvas.insert(u"width"_s, draft.width);
    canvas.insert(u"height"_s, draft.height);
    doc.insert(u"canvas_config"_s, canvas);

    QJsonObject config = merged(configDefaults(), draft.configExtra);
    config.insert(u"maintrack_adsorb"_s, draft.mainTrackMagnet);
    doc.insert(u"config"_s, config);
    for (const char16_t *modelled : {u"materials", u"tracks", u"duration", u"fps", u"id"})
        doc.remove(QStringView(modelled)); // written below

    // About 1.4 KB per segment, tracks and materials together: reserved once, so the buffer is
    // not copied while it grows.
    qsizetype segments = 0;
    qsizetype texts = 0;
    qsizetype speeds = 0;
    for (const Track &track : draft.tracks) {
        segments += track.segments.size();
        if (track.type == TrackType::Video || track.type == TrackType::Audio)
            speeds += track.segments.size();
        if (track.type == TrackType::Text)
            texts += std::count_if(track.segments.begin(), track.segments.end(),
                                   [](const Segment &s) { return s.text.has_value(); });
    }
    // A draft read from disk keeps its own list set (otherMaterials holds every list it had);
    // a new draft gets the profile's set (§8.1).
    MaterialLists materials;
    materials.ids.reserve(draft.media.size() + 2 * segments);
    // The big lists get their room up front, before anything is added to them.
    if (texts > 0)
        materials.lists[u"texts"_s] = JsonWriter(texts * 1024);
    if (speeds > 0)
        materials.lists[u"speeds"_s] = JsonWriter(speeds * 128);
    if (draft.otherMaterials.isEmpty()) {
        for (const QString &list : m_profile.materialLists)
            materials.lists[list];
    }
    QJsonObject notLists; // materials keys whose value is not a list: written back verbatim
    for (auto it = draft.otherMaterials.begin(); it != draft.otherMaterials.end(); ++it) {
        const QString list = it.key();
        if (!it.value().isArray()) {
            notLists.insert(list, it.value());
            continue;
        }
        for (const QJsonValue &entry : it.value().toArray())
            materials.add(list, entry.toObject());
        materials.lists[list];
    }
    ContentWriter writer(*this, materials);
    for (const MediaMaterial &media : draft.media)
        materials.add(media.kind == MediaKind::Audio ? u"audios"_s : u"videos"_s, media.id,
                      writer.mediaJson(media));

    JsonWriter out(64 * 1024 + segments * 1536);
    out.beginObject();
    for (auto it = doc.constBegin(); it != doc.constEnd(); ++it) {
        out.key(it.key());
        out.value(it.value());
    }

    // Tracks sorted by layer, stable: equal layers keep their order (§9).
    QList<const Track *> ordered;
    for (const Track &track : draft.tracks)
        ordered.append(&track);
    std::stable_sort(ordered.begin(), ordered.end(), [](const Track *a, const Track *b) {
        return a->renderIndex() < b->renderIndex();
    });
    out.key(u"tracks");
    out.beginArray();
    for (const Track *track : std::as_const(ordered))
        writer.writeTrack(out, *track);
    out.endArray();

    out.key(u"materials");
    out.beginObject();
    for (auto it = materials.lists.cbegin(); it != materials.lists.cend(); ++it) {
        out.key(it.key());
        out.beginArray();
        out.raw(it.value().view());
        out.endArray();
    }
    for (auto it = notLists.constBegin(); it != notLists.constEnd(); ++it) {
        if (materials.lists.contains(it.key()))
            continue; // the model filled a list of that name: the list wins
        out.key(it.key());
        out.value(it.value());
    }
    out.endObject();
    out.key(u"duration");
    out.integer(draft.duration());
    out.key(u"fps");
    out.number(draft.fps);
    out.key(u"id");
    out.string(draft.id);
    out.endObject();
    return out.take();
}

} // namespace CutPilot::Core
