#include "catalogloader.h"

#include "catalogjson_p.h"
#include "core/support/log.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <array>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using CatalogJson::FieldReader;

namespace {

constexpr QStringView kFormatName = u"cutpilot-catalog";
constexpr int kFormatVersion = 1;
constexpr QStringView kCapCutPrefix = u"capcut";

struct CategoryInfo
{
    QStringView key; ///< enum name lowercased, without "_" and without a "CapCut_" prefix
    CatalogKind kind;
};

// Enum names of the pyJianYingDraft export (IntroType, TextLoopAnim …) and of the VectCutAPI export
// (Intro_type, CapCut_Voice_filters_effect_type …) fold to the same keys.
constexpr std::array kCategories{
    CategoryInfo{u"videosceneeffecttype", CatalogKind::SceneEffect},
    CategoryInfo{u"videocharactereffecttype", CatalogKind::CharacterEffect},
    CategoryInfo{u"filtertype", CatalogKind::Filter},
    CategoryInfo{u"transitiontype", CatalogKind::Transition},
    CategoryInfo{u"introtype", CatalogKind::VideoIntro},
    CategoryInfo{u"outrotype", CatalogKind::VideoOutro},
    CategoryInfo{u"groupanimationtype", CatalogKind::VideoCombo},
    CategoryInfo{u"textintro", CatalogKind::TextIntro},
    CategoryInfo{u"textoutro", CatalogKind::TextOutro},
    CategoryInfo{u"textloopanim", CatalogKind::TextLoop},
    CategoryInfo{u"masktype", CatalogKind::Mask},
    CategoryInfo{u"fonttype", CatalogKind::Font},
    CategoryInfo{u"mixmodetype", CatalogKind::MixMode},
    CategoryInfo{u"audiosceneeffecttype", CatalogKind::AudioSceneEffect},
    CategoryInfo{u"voicefilterseffecttype", CatalogKind::AudioSceneEffect}, // CapCut's name
    CategoryInfo{u"toneeffecttype", CatalogKind::VoiceChanger},
    CategoryInfo{u"voicecharacterseffecttype", CatalogKind::VoiceChanger}, // CapCut's name
    CategoryInfo{u"speechtosongtype", CatalogKind::SpeechToSong},
    CategoryInfo{u"speechtosongeffecttype", CatalogKind::SpeechToSong},
};

QString foldCategoryName(QStringView name)
{
    QString folded = name.toString().toLower();
    folded.remove(u'_');
    if (folded.startsWith(kCapCutPrefix))
        folded.remove(0, kCapCutPrefix.size());
    return folded;
}

std::optional<CatalogKind> kindForCategory(QStringView name)
{
    const QString folded = foldCategoryName(name);
    for (const CategoryInfo &info : kCategories) {
        if (info.key == folded)
            return info.kind;
    }
    return std::nullopt;
}

void warn(QStringList *warnings, const QString &message)
{
    Log::get(Log::Draft)->warn("{}", message);
    if (warnings)
        warnings->append(message);
}

Error inFile(const Error &error, const QString &origin)
{
    return error.withContext(u"catalog "_s + origin).withDetail(u"file"_s, origin);
}

Result<QList<CatalogEntry>> readCutPilot(const QJsonObject &root, const QString &origin)
{
    FieldReader r(root, QString());
    const qint64 version = r.integer(u"version", -1);
    const QString nsName = r.string(u"namespace", true);
    if (!r.ok())
        return r.error();
    if (version != kFormatVersion) {
        return catalogFieldError(
            u"version"_s,
            u"version %1 is not supported (this CutPilot reads version %2)"_s.arg(version).arg(
                kFormatVersion));
    }
    const std::optional<CatalogNamespace> ns = catalogNamespaceFromName(nsName);
    if (!ns) {
        return catalogFieldError(u"namespace"_s,
                                 u"expected \"lv\" or \"cc\", got \"%1\""_s.arg(nsName.left(40)));
    }
    const QJsonValue entriesValue = root.value(u"entries");
    if (!entriesValue.isArray())
        return catalogFieldError(u"entries"_s, u"expected an array of entries"_s);

    const QJsonArray entries = entriesValue.toArray();
    QList<CatalogEntry> out;
    out.reserve(entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString path = CatalogJson::indexPath(u"entries"_s, i);
        if (!entries.at(i).isObject())
            return catalogFieldError(path, u"expected an object"_s);
        Result<CatalogEntry> entry = CatalogEntry::fromJson(entries.at(i).toObject(), *ns, path);
        if (!entry)
            return entry.error();
        if (entry->origin.isEmpty())
            entry->origin = origin;
        out.append(std::move(*entry));
    }
    return out;
}

// One entry of either export shape. VectCutAPI names an entry by api_name (the enum member, kept as
// an alias for CapCutAPI compatibility) and display_name; pyJianYingDraft by name.
Result<CatalogEntry> readExportEntry(const QJsonObject &object, CatalogKind kind,
                                     CatalogNamespace ns, const QString &path)
{
    FieldReader r(object, path);
    CatalogEntry e;
    e.kind = kind;
    e.ns = ns;
    const QString apiName = r.string(u"api_name");
    e.name = r.has(u"display_name") ? r.string(u"display_name") : r.string(u"name");
    if (r.ok() && e.name.isEmpty() && apiName.isEmpty())
        r.fail(u"name"_s, u"missing (an entry needs a name or display_name)"_s);
    if (e.name.isEmpty())
        e.name = apiName;
    if (!apiName.isEmpty() && apiName != e.name)
        e.aliases.append(apiName);
    e.resourceId = r.id(u"resource_id", CatalogIdRule::Digits, true);
    if (r.has(u"effect_id"))
        e.effectId = r.id(u"effect_id", CatalogIdRule::AnyString);
    e.md5 = r.string(u"md5");
    e.vip = r.boolean(u"is_vip");
    e.params = r.params(u"params");
    e.defaultDurationUs = r.has(u"default_duration_us") ? r.integer(u"default_duration_us")
                                                        : r.integer(u"duration_us");
    e.overlap = r.boolean(u"is_overlap");
    e.resourceType = r.string(u"resource_type");
    e.defaultAspectRatio = r.number(u"default_aspect_ratio");
    if (r.ok() && e.defaultDurationUs < 0)
        r.fail(u"default_duration_us"_s, u"cannot be negative"_s);
    if (!r.ok())
        return r.error();
    return e;
}

CatalogNamespace namespaceForCategory(const QString &name, const QJsonObject &category)
{
    // VectCutAPI says it ("jianying", "capcut", "both" for fonts, which CapCutAPI looks up in the
    // JianYing list in both namespaces, capcutapi-compat.md §6); otherwise the enum prefix does.
    const QString profile = category.value(u"profile").toString();
    if (profile.compare(u"capcut", Qt::CaseInsensitive) == 0)
        return CatalogNamespace::CapCut;
    if (!profile.isEmpty())
        return CatalogNamespace::JianYing;
    return name.startsWith(u"CapCut", Qt::CaseInsensitive) ? CatalogNamespace::CapCut
                                                           : CatalogNamespace::JianYing;
}

Result<QList<CatalogEntry>> readCategories(const QJsonObject &root, const QString &origin,
                                           QStringList *warnings)
{
    const QJsonObject categories = root.value(u"categories").toObject();
    QList<CatalogEntry> out;
    for (auto it = categories.constBegin(); it != categories.constEnd(); ++it) {
        const QString categoryPath = u"categories."_s + it.key();
        if (!it.value().isObject())
            return catalogFieldError(categoryPath, u"expected an object"_s);
        const std::optional<CatalogKind> kind = kindForCategory(it.key());
        if (!kind) {
            warn(warnings, u"catalog %1: %2: unknown category skipped"_s.arg(origin, categoryPath));
            continue;
        }
        const QJsonObject category = it.value().toObject();
        const CatalogNamespace ns = namespaceForCategory(it.key(), category);
        const QJsonValue entriesValue = category.value(u"entries");
        const QString entriesPath = categoryPath + u".entries"_s;
        if (!entriesValue.isArray())
            return catalogFieldError(entriesPath, u"expected an array of entries"_s);
        const QJsonArray entries = entriesValue.toArray();
        for (qsizetype i = 0; i < entries.size(); ++i) {
            const QString path = CatalogJson::indexPath(entriesPath, i);
            if (!entries.at(i).isObject())
                return catalogFieldError(path, u"expected an object"_s);
            Result<CatalogEntry> entry = readExportEntry(entries.at(i).toObject(), *kind, ns, path);
            if (!entry)
                return entry.error();
            entry->origin = origin;
            out.append(std::move(*entry));
        }
        const QJsonValue count = category.value(u"count");
        if (count.isDouble() && count.toInteger(-1) != entries.size()) {
            warn(warnings, u"catalog %1: %2: count says %3 but %4 entries are listed"_s.arg(
                               origin, categoryPath, QString::number(count.toInteger(-1)),
                               QString::number(entries.size())));
        }
    }
    return out;
}

} // namespace

std::optional<CatalogFileFormat> detectCatalogFormat(const QJsonObject &root)
{
    if (root.contains(u"format"))
        return root.value(u"format").toString() == kFormatName
                   ? std::optional(CatalogFileFormat::CutPilot)
                   : std::nullopt;
    const QJsonValue categoriesValue = root.value(u"categories");
    if (!categoriesValue.isObject())
        return std::nullopt;
    const QJsonObject categories = categoriesValue.toObject();
    for (auto it = categories.constBegin(); it != categories.constEnd(); ++it) {
        const QJsonObject category = it.value().toObject();
        if (category.contains(u"profile") || category.contains(u"get_route"))
            return CatalogFileFormat::VectCutApi;
        const QJsonArray entries = category.value(u"entries").toArray();
        if (!entries.isEmpty() && entries.first().toObject().contains(u"api_name"))
            return CatalogFileFormat::VectCutApi;
    }
    return CatalogFileFormat::PyJianYingDraft;
}

Result<QList<CatalogEntry>> loadCatalogJson(const QByteArray &json, const QString &origin,
                                            QStringList *warnings)
{
    if (json.size() > MaxCatalogFileBytes) {
        return inFile(Error(ErrorCode::PayloadTooLarge,
                            u"%1 bytes exceed the limit of %2 bytes"_s.arg(json.size())
                                .arg(MaxCatalogFileBytes),
                            {{u"max"_s, MaxCatalogFileBytes}}),
                      origin);
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return inFile(Error(ErrorCode::InvalidJson,
                            u"invalid JSON at offset %1: %2"_s.arg(parseError.offset)
                                .arg(parseError.errorString()),
                            {{u"offset"_s, parseError.offset}}),
                      origin);
    }
    if (!document.isObject())
        return inFile(Error(ErrorCode::CorruptData, u"the top level is not a JSON object"_s),
                      origin);

    const QJsonObject root = document.object();
    const std::optional<CatalogFileFormat> format = detectCatalogFormat(root);
    if (!format) {
        return inFile(Error(ErrorCode::CorruptData,
                            u"not a catalog (expected \"format\": \"cutpilot-catalog\" or a "
                            "\"categories\" object)"_s),
                      origin);
    }
    Result<QList<CatalogEntry>> entries = *format == CatalogFileFormat::CutPilot
                                              ? readCutPilot(root, origin)
                                              : readCategories(root, origin, warnings);
    if (!entries)
        return inFile(entries.error(), origin);
    return entries;
}

Result<QList<CatalogEntry>> loadCatalogFile(const QString &path, QStringList *warnings)
{
    QFile file(path);
    if (!file.exists())
        return Error::notFound(u"catalog file"_s, path).withDetail(u"file"_s, path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Error(ErrorCode::IoError,
                     u"catalog %1: cannot read: %2"_s.arg(path, file.errorString()),
                     {{u"file"_s, path}});
    }
    if (file.size() > MaxCatalogFileBytes) {
        return inFile(Error(ErrorCode::PayloadTooLarge,
                            u"%1 bytes exceed the limit of %2 bytes"_s.arg(file.size())
                                .arg(MaxCatalogFileBytes),
                            {{u"max"_s, MaxCatalogFileBytes}}),
                      path);
    }
    // Read one byte more than allowed so a file that grows meanwhile is still caught.
    const QByteArray json = file.read(MaxCatalogFileBytes + 1);
    if (file.error() != QFileDevice::NoError) {
        return Error(ErrorCode::IoError,
                     u"catalog %1: cannot read: %2"_s.arg(path, file.errorString()),
                     {{u"file"_s, path}});
    }
    return loadCatalogJson(json, path, warnings);
}

QByteArray catalogToJson(const QList<CatalogEntry> &entries, CatalogNamespace fileNamespace)
{
    QJsonArray array;
    for (const CatalogEntry &entry : entries)
        array.append(entry.toJson(fileNamespace));
    const QJsonObject root{{u"format"_s, kFormatName.toString()},
                           {u"version"_s, kFormatVersion},
                           {u"namespace"_s, catalogNamespaceName(fileNamespace)},
                           {u"entries"_s, array}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace CutPilot::Core
