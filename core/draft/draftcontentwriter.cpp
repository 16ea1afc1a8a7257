#include "draftcontentwriter_p.h"
#include "draftjson_p.h"

#include <algorithm>
#include <type_traits>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

// --- the cache ---

DraftSegmentCache::DraftSegmentCache()
    : d(std::make_unique<Private>())
{
}

DraftSegmentCache::~DraftSegmentCache() = default;

qsizetype DraftSegmentCache::bytes() const
{
    return d->bytes;
}

qsizetype DraftSegmentCache::segments() const
{
    return d->entries.size();
}

qint64 DraftSegmentCache::hits() const
{
    return d->hits;
}

qint64 DraftSegmentCache::misses() const
{
    return d->misses;
}

void DraftSegmentCache::Private::begin(quint64 serializerId)
{
    if (serializer != serializerId) {
        entries.clear();
        bytes = 0;
        serializer = serializerId;
    }
    ++pass;
}

const DraftJson::SegmentText *DraftSegmentCache::Private::find(const Track &track,
                                                               const Segment &segment)
{
    const auto it = entries.find(segment.id);
    // pass: a second segment with the same id in one draft (damaged) is always written afresh.
    if (it == entries.end() || it->pass == pass || it->type != track.type
        || it->renderIndex != track.renderIndex() || !(it->segment == segment))
        return nullptr;
    it->pass = pass;
    ++hits;
    return &it->text;
}

void DraftSegmentCache::Private::store(const Track &track, const Segment &segment,
                                       const DraftJson::SegmentText &text)
{
    ++misses;
    Entry &entry = entries[segment.id];
    if (entry.pass == pass)
        return; // the id came twice in this draft: keep the first
    bytes -= entry.bytes;
    entry.segment = segment;
    entry.type = track.type;
    entry.renderIndex = track.renderIndex();
    entry.text = text;
    entry.pass = pass;
    // Kept for long: without the room the writers reserved while writing.
    entry.text.json.squeeze();
    entry.bytes = entry.text.json.size();
    for (DraftJson::MaterialPiece &piece : entry.text.materials) {
        piece.json.squeeze();
        entry.bytes += piece.json.size();
    }
    bytes += entry.bytes;
}

void DraftSegmentCache::Private::end()
{
    for (auto it = entries.begin(); it != entries.end();) {
        if (it->pass == pass) {
            ++it;
        } else {
            bytes -= it->bytes;
            it = entries.erase(it);
        }
    }
}

// --- the writer ---

namespace DraftJson {

JsonWriter *MaterialLists::accept(const QString &list, const QString &id)
{
    QString key = list + u'/' + id;
    if (!id.isEmpty() && ids.contains(key))
        return nullptr; // shared by several segments: written once (§8.2)
    ids.insert(std::move(key));
    return &lists[list];
}

void MaterialLists::add(const QString &list, const QJsonObject &json)
{
    if (JsonWriter *out = accept(list, json.value(u"id"_s).toString()))
        out->object(json);
}

void MaterialLists::add(const QString &list, const QString &id, const JsonFields &fields)
{
    if (JsonWriter *out = accept(list, id))
        fields.write(*out);
}

void MaterialLists::add(const MaterialPiece &piece)
{
    if (JsonWriter *out = accept(piece.list, piece.id))
        out->raw(piece.json);
}

namespace {

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

} // namespace

ContentWriter::ContentWriter(const DraftSerializer &serializer, MaterialLists &materials,
                             DraftSegmentCache::Private *cache)
    : m_serializer(serializer)
    , m_materials(materials)
    , m_cache(cache)
{
}

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
    for (const Segment *segment : std::as_const(ordered)) {
        const SegmentText *text = m_cache ? m_cache->find(track, *segment) : nullptr;
        SegmentText fresh;
        if (!text) {
            fresh = segmentText(track, *segment);
            if (m_cache)
                m_cache->store(track, *segment, fresh);
            text = &fresh;
        }
        out.raw(text->json);
        for (const MaterialPiece &piece : text->materials)
            m_materials.add(piece);
    }
    out.endArray();
    out.endObject();
}

SegmentText ContentWriter::segmentText(const Track &track, const Segment &segment) const
{
    SegmentText text;
    const auto addMaterial = [&text](const QString &list, const QString &id, auto &&json) {
        JsonWriter entry;
        if constexpr (std::is_same_v<std::decay_t<decltype(json)>, QJsonObject>)
            entry.object(json);
        else
            json.write(entry);
        text.materials.append({list, id, entry.take()});
    };
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
        addMaterial(segment.main->list, segment.main->id(), segment.main->json);
    if (track.type == TrackType::Effect || track.type == TrackType::Filter
        || track.type == TrackType::Adjust) {
        text.json = json.toRaw().json;
        return text; // only the common fields (§10.1)
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
        addMaterial(u"speeds"_s, speedId, speed);
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
            addMaterial(u"audio_fades"_s, fadeId, fade);
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
        addMaterial(a->list, a->id(), a->json);
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
        addMaterial(u"texts"_s, segment.text->id, textJson(*segment.text));
    text.json = json.toRaw().json;
    return text;
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

} // namespace DraftJson

} // namespace CutPilot::Core
