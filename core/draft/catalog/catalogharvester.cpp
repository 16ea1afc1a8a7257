#include "catalogharvester.h"

#include "catalogjson_p.h"
#include "core/support/log.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

constexpr QStringView kHarvestedPrefix = u"harvested:";

/// Collects entries, one per kind + resource id, in first-seen order.
class Harvest final
{
public:
    Harvest(CatalogNamespace ns, QString origin, QStringList *warnings)
        : m_ns(ns)
        , m_origin(std::move(origin))
        , m_warnings(warnings)
    {
    }

    QList<CatalogEntry> take() { return std::move(m_entries); }

    void warn(const QString &message)
    {
        const QString text = u"harvesting %1: %2"_s.arg(m_origin, message);
        Log::get(Log::Draft)->warn("{}", text);
        if (m_warnings)
            m_warnings->append(text);
    }

    /// An id field of a material; empty (with a warning) when it is present but unusable.
    QString id(const QJsonObject &object, QStringView key, const QString &path,
               CatalogIdRule rule = CatalogIdRule::Digits)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull())
            return {};
        Result<QString> id = catalogIdFromJson(value, CatalogJson::childPath(path, key), rule);
        if (!id) {
            warn(id.error().message());
            return {};
        }
        return *id;
    }

    /// Reads name, resource_id and effect_id; false when there is no usable resource id.
    bool fillCommon(CatalogEntry &entry, const QJsonObject &object, const QString &path)
    {
        entry.ns = m_ns;
        entry.origin = m_origin;
        entry.name = object.value(u"name").toString();
        entry.resourceId = id(object, u"resource_id", path);
        entry.effectId = id(object, u"effect_id", path, CatalogIdRule::AnyString);
        return !entry.resourceId.isEmpty();
    }

    QList<CatalogParam> params(const QJsonObject &object, QStringView key, const QString &path)
    {
        CatalogJson::FieldReader reader(object, path);
        QList<CatalogParam> params = reader.params(key, CatalogJson::FieldReader::DraftParamKeys);
        if (!reader.ok())
            warn(reader.error().message());
        return params;
    }

    void add(CatalogEntry entry)
    {
        const QString key = QString::number(int(entry.kind)) + u':' + entry.resourceId;
        if (const auto it = m_index.constFind(key); it != m_index.constEnd()) {
            // The same item used twice: keep the first, learn what it lacked.
            CatalogEntry &known = m_entries[*it];
            if (known.name.isEmpty())
                known.name = entry.name;
            if (known.effectId.isEmpty())
                known.effectId = entry.effectId;
            if (known.params.isEmpty())
                known.params = entry.params;
            return;
        }
        m_index.insert(key, m_entries.size());
        m_entries.append(std::move(entry));
    }

    /// A kind whose material carries nothing but ids.
    void addSimple(CatalogKind kind, const QString &resourceId, const QString &effectId = {})
    {
        if (resourceId.isEmpty())
            return;
        CatalogEntry entry;
        entry.kind = kind;
        entry.ns = m_ns;
        entry.origin = m_origin;
        entry.resourceId = resourceId;
        entry.effectId = effectId;
        add(std::move(entry));
    }

private:
    CatalogNamespace m_ns;
    QString m_origin;
    QStringList *m_warnings;
    QList<CatalogEntry> m_entries;
    QHash<QString, qsizetype> m_index;
};

CatalogNamespace namespaceOf(const QJsonObject &document)
{
    for (const QStringView key : {u"platform", u"last_modified_platform"}) {
        const QString source = document.value(key).toObject().value(u"app_source").toString();
        if (const std::optional<CatalogNamespace> ns = catalogNamespaceFromName(source))
            return *ns;
    }
    return CatalogNamespace::JianYing;
}

// Iterates the objects of materials.<list>, with each one's JSON path.
template<typename F>
void forEachMaterial(const QJsonObject &materials, QStringView list, F &&f)
{
    const QJsonArray array = materials.value(list).toArray();
    const QString listPath = u"materials."_s + list;
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (array.at(i).isObject())
            f(array.at(i).toObject(), CatalogJson::indexPath(listPath, i));
    }
}

void harvestStickers(const QJsonObject &materials, Harvest &h)
{
    forEachMaterial(materials, u"stickers", [&](const QJsonObject &m, const QString &path) {
        QString id = h.id(m, u"resource_id", path);
        if (id.isEmpty())
            id = h.id(m, u"sticker_id", path);
        h.addSimple(CatalogKind::Sticker, id);
    });
}

void harvestEffects(const QJsonObject &materials, Harvest &h)
{
    forEachMaterial(materials, u"effects", [&](const QJsonObject &m, const QString &path) {
        const QString type = m.value(u"type").toString();
        CatalogEntry entry;
        if (type == u"filter")
            entry.kind = CatalogKind::Filter;
        else if (type == u"text_shape")
            entry.kind = CatalogKind::TextBubble;
        else if (type == u"text_effect")
            entry.kind = CatalogKind::FlowerText;
        else if (type == u"mix_mode")
            entry.kind = CatalogKind::MixMode;
        else
            return;
        if (h.fillCommon(entry, m, path))
            h.add(std::move(entry));
    });
}

void harvestVideoEffects(const QJsonObject &materials, Harvest &h)
{
    forEachMaterial(materials, u"video_effects", [&](const QJsonObject &m, const QString &path) {
        CatalogEntry entry;
        entry.kind = m.value(u"type").toString() == u"face_effect" ? CatalogKind::CharacterEffect
                                                                   : CatalogKind::SceneEffect;
        if (!h.fillCommon(entry, m, path))
            return;
        entry.params = h.params(m, u"adjust_params", path);
        h.add(std::move(entry));
    });
}

void harvestTransitions(const QJsonObject &materials, Harvest &h)
{
    forEachMaterial(materials, u"transitions", [&](const QJsonObject &m, const QString &path) {
        CatalogEntry entry;
        entry.kind = CatalogKind::Transition;
        if (!h.fillCommon(entry, m, path))
            return;
        entry.defaultDurationUs = qMax<qint64>(0, m.value(u"duration").toInteger(0));
        entry.overlap = m.value(u"is_overlap").toBool();
        h.add(std::move(entry));
    });
}

std::optional<CatalogKind> animationKind(const QJsonObject &animation)
{
    // Video/photo segments: panel "video", material_type "video"; text: panel "", material_type
    // "sticker" (or "text" in one CapCut-oriented tool) (§8.9).
    const bool video = animation.value(u"material_type").toString() == u"video"
                       || animation.value(u"panel").toString() == u"video";
    const QString type = animation.value(u"type").toString();
    if (type == u"in")
        return video ? CatalogKind::VideoIntro : CatalogKind::TextIntro;
    if (type == u"out")
        return video ? CatalogKind::VideoOutro : CatalogKind::TextOutro;
    if (type == u"group")
        return CatalogKind::VideoCombo;
    if (type == u"loop")
        return CatalogKind::TextLoop;
    return std::nullopt;
}

void harvestAnimations(const QJsonObject &materials, Harvest &h)
{
    forEachMaterial(
        materials, u"material_animations", [&](const QJsonObject &m, const QString &path) {
            const QJsonArray animations = m.value(u"animations").toArray();
            for (qsizetype i = 0; i < animations.size(); ++i) {
                const QJsonObject a = animations.at(i).toObject();
                const QString itemPath = CatalogJson::indexPath(path + u".animations"_s, i);
                const std::optional<CatalogKind> kind = animationKind(a);
                if (!kind)
                    continue;
                CatalogEntry entry;
                entry.kind = *kind;
                if (!h.fillCommon(entry, a, itemPath))
                    continue;
                // The animation's `id` field is the catalog effect_id (§13.2).
                entry.effectId = h.id(a, u"id", itemPath, CatalogIdRule::AnyString);
                entry.defaultDurationUs = qMax<qint64>(0, a.value(u"duration").toInteger(0));
                h.add(std::move(entry));
            }
        });
}

void harvestMasks(const QJsonObject &materials, Harvest &h)
{
    for (const QStringView list : {u"masks", u"common_mask"}) {
        forEachMaterial(materials, list, [&](const QJsonObject &m, const QString &path) {
            CatalogEntry entry;
            entry.kind = CatalogKind::Mask;
            if (!h.fillCommon(entry, m, path))
                return;
            entry.resourceType = m.value(u"resource_type").toString();
            entry.defaultAspectRatio
                = m.value(u"config").toObject().value(u"aspectRatio").toDouble(0.0);
            h.add(std::move(entry));
        });
    }
}

void harvestAudioEffects(const QJsonObject &materials, Harvest &h)
{
    forEachMaterial(materials, u"audio_effects", [&](const QJsonObject &m, const QString &path) {
        const QString category = m.value(u"category_id").toString();
        CatalogEntry entry;
        if (category == u"sound_effect")
            entry.kind = CatalogKind::AudioSceneEffect;
        else if (category == u"tone")
            entry.kind = CatalogKind::VoiceChanger;
        else if (category == u"speech_to_song")
            entry.kind = CatalogKind::SpeechToSong;
        else
            return;
        if (!h.fillCommon(entry, m, path))
            return;
        entry.params = h.params(m, u"audio_adjust_params", path);
        h.add(std::move(entry));
    });
}

void harvestTextStyles(const QJsonObject &materials, Harvest &h)
{
    // texts[].content is a JSON document in a string (§12.2); fonts and flower text live in styles.
    forEachMaterial(materials, u"texts", [&](const QJsonObject &m, const QString &path) {
        const QString content = m.value(u"content").toString();
        if (content.isEmpty())
            return;
        QJsonParseError error;
        const QJsonDocument inner = QJsonDocument::fromJson(content.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !inner.isObject()) {
            h.warn(path + u".content: not a JSON object, fonts not harvested"_s);
            return;
        }
        const QJsonArray styles = inner.object().value(u"styles").toArray();
        for (qsizetype i = 0; i < styles.size(); ++i) {
            const QJsonObject style = styles.at(i).toObject();
            const QString stylePath = CatalogJson::indexPath(path + u".content.styles"_s, i);
            h.addSimple(CatalogKind::Font,
                        h.id(style.value(u"font").toObject(), u"id", stylePath + u".font"_s));
            const QString flower = h.id(style.value(u"effectStyle").toObject(), u"id",
                                        stylePath + u".effectStyle"_s);
            h.addSimple(CatalogKind::FlowerText, flower, flower);
        }
    });
}

} // namespace

QList<CatalogEntry> harvestCatalogEntries(const QJsonObject &contentDocument, const QString &origin,
                                          QStringList *warnings)
{
    const QString harvestedOrigin
        = origin.startsWith(kHarvestedPrefix) ? origin : kHarvestedPrefix.toString() + origin;
    Harvest harvest(namespaceOf(contentDocument), harvestedOrigin, warnings);
    const QJsonObject materials = contentDocument.value(u"materials").toObject();
    harvestStickers(materials, harvest);
    harvestEffects(materials, harvest);
    harvestVideoEffects(materials, harvest);
    harvestTransitions(materials, harvest);
    harvestAnimations(materials, harvest);
    harvestMasks(materials, harvest);
    harvestAudioEffects(materials, harvest);
    harvestTextStyles(materials, harvest);
    return harvest.take();
}

} // namespace CutPilot::Core
