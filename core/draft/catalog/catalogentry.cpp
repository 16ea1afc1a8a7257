#include "catalogentry.h"

#include "catalogjson_p.h"

#include <QJsonArray>

#include <array>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

struct KindInfo
{
    CatalogKind kind;
    QStringView name;
};

// The file-format names; order = declaration order of CatalogKind.
constexpr std::array kKinds{
    KindInfo{CatalogKind::SceneEffect, u"scene_effect"},
    KindInfo{CatalogKind::CharacterEffect, u"character_effect"},
    KindInfo{CatalogKind::Filter, u"filter"},
    KindInfo{CatalogKind::Transition, u"transition"},
    KindInfo{CatalogKind::VideoIntro, u"video_intro"},
    KindInfo{CatalogKind::VideoOutro, u"video_outro"},
    KindInfo{CatalogKind::VideoCombo, u"video_combo"},
    KindInfo{CatalogKind::TextIntro, u"text_intro"},
    KindInfo{CatalogKind::TextOutro, u"text_outro"},
    KindInfo{CatalogKind::TextLoop, u"text_loop"},
    KindInfo{CatalogKind::Mask, u"mask"},
    KindInfo{CatalogKind::Font, u"font"},
    KindInfo{CatalogKind::Sticker, u"sticker"},
    KindInfo{CatalogKind::TextBubble, u"text_bubble"},
    KindInfo{CatalogKind::FlowerText, u"flower_text"},
    KindInfo{CatalogKind::AudioSceneEffect, u"audio_scene_effect"},
    KindInfo{CatalogKind::VoiceChanger, u"voice_changer"},
    KindInfo{CatalogKind::SpeechToSong, u"speech_to_song"},
    KindInfo{CatalogKind::MixMode, u"mix_mode"},
};

constexpr QStringView kHarvestedPrefix = u"harvested:";

bool isDigits(QStringView text)
{
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

bool hasControlCharacters(QStringView text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

} // namespace

QList<CatalogKind> allCatalogKinds()
{
    QList<CatalogKind> kinds;
    kinds.reserve(qsizetype(kKinds.size()));
    for (const KindInfo &info : kKinds)
        kinds.append(info.kind);
    return kinds;
}

QString catalogKindName(CatalogKind kind)
{
    for (const KindInfo &info : kKinds) {
        if (info.kind == kind)
            return info.name.toString();
    }
    return u"unknown"_s;
}

std::optional<CatalogKind> catalogKindFromName(QStringView name)
{
    for (const KindInfo &info : kKinds) {
        if (info.name == name)
            return info.kind;
    }
    return std::nullopt;
}

QString catalogNamespaceName(CatalogNamespace ns)
{
    return ns == CatalogNamespace::CapCut ? u"cc"_s : u"lv"_s;
}

std::optional<CatalogNamespace> catalogNamespaceFromName(QStringView name)
{
    if (name == u"lv" || name.compare(u"jianying", Qt::CaseInsensitive) == 0)
        return CatalogNamespace::JianYing;
    if (name == u"cc" || name.compare(u"capcut", Qt::CaseInsensitive) == 0)
        return CatalogNamespace::CapCut;
    return std::nullopt;
}

Error catalogFieldError(const QString &path, const QString &message)
{
    return Error(ErrorCode::CorruptData, path + u": "_s + message, {{u"field"_s, path}});
}

Result<QString> catalogIdFromJson(const QJsonValue &value, const QString &path, CatalogIdRule rule)
{
    QString id;
    if (value.isString()) {
        id = value.toString();
    } else if (value.isDouble()) {
        // QJsonDocument keeps integer literals that fit in 64 bits exactly; toInteger() answers its
        // default for fractions and out-of-range values, so two different defaults tell "not an
        // exact integer" apart from any real value. (A literal such as 7405878923323641129.0 has
        // already been rounded by the parser and cannot be told apart: tools write ids as strings
        // or plain integers.)
        const qint64 a = value.toInteger(0);
        const qint64 b = value.toInteger(1);
        const double d = value.toDouble();
        if (a != b) {
            return catalogFieldError(
                path, u"expected an id (a digit string or an exact integer), got %1"_s.arg(
                          d, 0, 'g', 17));
        }
        if (a < 0)
            return catalogFieldError(path, u"an id cannot be negative (%1)"_s.arg(a));
        id = QString::number(a);
    } else {
        return catalogFieldError(path, u"expected an id string"_s);
    }

    if (id.isEmpty())
        return catalogFieldError(path, u"the id is empty"_s);
    switch (rule) {
    case CatalogIdRule::Digits:
        if (id.size() > 19 || !isDigits(id)) {
            return catalogFieldError(
                path, u"expected a decimal id of up to 19 digits, got \"%1\""_s.arg(id.left(40)));
        }
        break;
    case CatalogIdRule::AnyString:
        if (id.size() > 256 || hasControlCharacters(id))
            return catalogFieldError(path, u"not a usable id (too long or control characters)"_s);
        break;
    }
    return id;
}

bool CatalogEntry::isHarvested() const
{
    return origin.startsWith(kHarvestedPrefix);
}

QJsonObject CatalogEntry::toJson(CatalogNamespace fileNamespace) const
{
    QJsonObject o;
    o.insert(u"kind"_s, catalogKindName(kind));
    if (ns != fileNamespace)
        o.insert(u"namespace"_s, catalogNamespaceName(ns));
    o.insert(u"name"_s, name);
    if (!nameEn.isEmpty())
        o.insert(u"name_en"_s, nameEn);
    if (!aliases.isEmpty())
        o.insert(u"aliases"_s, QJsonArray::fromStringList(aliases));
    o.insert(u"resource_id"_s, resourceId); // always a string (§2.3)
    if (!effectId.isEmpty())
        o.insert(u"effect_id"_s, effectId);
    if (!md5.isEmpty())
        o.insert(u"md5"_s, md5);
    o.insert(u"vip"_s, vip);
    if (!params.isEmpty()) {
        QJsonArray array;
        for (const CatalogParam &p : params) {
            array.append(QJsonObject{{u"name"_s, p.name},
                                     {u"default"_s, p.defaultValue},
                                     {u"min"_s, p.min},
                                     {u"max"_s, p.max}});
        }
        o.insert(u"params"_s, array);
    }
    if (defaultDurationUs != 0)
        o.insert(u"default_duration_us"_s, defaultDurationUs);
    if (kind == CatalogKind::Transition || overlap)
        o.insert(u"overlap"_s, overlap);
    if (!resourceType.isEmpty())
        o.insert(u"resource_type"_s, resourceType);
    if (defaultAspectRatio != 0.0)
        o.insert(u"default_aspect_ratio"_s, defaultAspectRatio);
    if (isHarvested())
        o.insert(u"origin"_s, origin);
    return o;
}

Result<CatalogEntry> CatalogEntry::fromJson(const QJsonObject &object,
                                            CatalogNamespace fileNamespace, const QString &path)
{
    CatalogJson::FieldReader r(object, path);
    CatalogEntry e;

    const QString kindName = r.string(u"kind", true);
    if (r.ok()) {
        const std::optional<CatalogKind> kind = catalogKindFromName(kindName);
        if (!kind)
            r.fail(u"kind"_s, u"unknown kind \"%1\""_s.arg(kindName.left(40)));
        else
            e.kind = *kind;
    }
    e.ns = fileNamespace;
    if (r.has(u"namespace")) {
        const QString nsName = r.string(u"namespace");
        if (const std::optional<CatalogNamespace> ns = catalogNamespaceFromName(nsName))
            e.ns = *ns;
        else if (r.ok())
            r.fail(u"namespace"_s, u"expected \"lv\" or \"cc\", got \"%1\""_s.arg(nsName.left(40)));
    }
    e.name = r.string(u"name");
    e.nameEn = r.string(u"name_en");
    e.aliases = r.stringList(u"aliases");
    e.resourceId = r.id(u"resource_id", CatalogIdRule::Digits, true);
    if (r.has(u"effect_id"))
        e.effectId = r.id(u"effect_id", CatalogIdRule::AnyString);
    e.md5 = r.string(u"md5");
    e.vip = r.boolean(u"vip");
    e.params = r.params(u"params");
    e.defaultDurationUs = r.integer(u"default_duration_us");
    e.overlap = r.boolean(u"overlap");
    e.resourceType = r.string(u"resource_type");
    e.defaultAspectRatio = r.number(u"default_aspect_ratio");
    const QString origin = r.string(u"origin");
    if (r.ok() && e.defaultDurationUs < 0)
        r.fail(u"default_duration_us"_s, u"cannot be negative"_s);
    if (!r.ok())
        return r.error();
    if (origin.startsWith(kHarvestedPrefix))
        e.origin = origin;
    return e;
}

} // namespace CutPilot::Core
