#include "draftserializer.h"

#include "draftcontentwriter_p.h"
#include "draftjson_p.h"
#include "jsonwriter_p.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <atomic>

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

namespace {
std::atomic<quint64> nextSerializerId{1};
}

DraftSerializer::DraftSerializer(DraftProfile profile)
    : m_profile(std::move(profile))
    , m_id(nextSerializerId.fetch_add(1, std::memory_order_relaxed))
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

bool DraftSerializer::isBare(const Draft &draft)
{
    return draft.tracks.isEmpty() && draft.media.isEmpty() && draft.extra.isEmpty()
           && draft.configExtra.isEmpty() && draft.otherMaterials.isEmpty();
}

QByteArray DraftSerializer::contentBytes(const Draft &draft) const
{
    return contentBytes(draft, nullptr);
}

QByteArray DraftSerializer::contentBytes(const Draft &draft, DraftSegmentCache *cache) const
{
    if (isBare(draft)) {
        if (cache) { // no segments: nothing to keep
            cache->d->begin(m_id);
            cache->d->end();
        }
        return bareContentBytes(draft);
    }
    return fullContentBytes(draft, cache);
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

QByteArray DraftSerializer::fullContentBytes(const Draft &draft, DraftSegmentCache *cache) const
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
    DraftSegmentCache::Private *written = cache ? cache->d.get() : nullptr;
    if (written)
        written->begin(m_id);
    ContentWriter writer(*this, materials, written);
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
    if (written)
        written->end();

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
