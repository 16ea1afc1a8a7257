#include "catalogregistry.h"

#include "catalogloader.h"
#include "core/support/log.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QSet>

#include <algorithm>
#include <tuple>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

// How much an entry knows; the richer of two duplicates is kept as the base of the merge. A loaded
// catalog entry beats a harvested one with the same fields (it carries md5, vip, defaults).
int richness(const CatalogEntry &e)
{
    return int(!e.name.isEmpty()) * 2 + int(!e.nameEn.isEmpty()) + int(e.aliases.size())
           + int(!e.effectId.isEmpty()) + int(!e.md5.isEmpty()) + int(e.params.size())
           + int(e.defaultDurationUs != 0) + int(!e.resourceType.isEmpty())
           + int(e.defaultAspectRatio != 0.0) + int(!e.isHarvested());
}

void addName(CatalogEntry &entry, const QString &name)
{
    if (name.isEmpty() || name == entry.name || entry.aliases.contains(name))
        return;
    if (entry.name.isEmpty())
        entry.name = name;
    else
        entry.aliases.append(name);
}

CatalogEntry merged(const CatalogEntry &existing, const CatalogEntry &incoming)
{
    const bool keepExisting = richness(existing) >= richness(incoming);
    CatalogEntry result = keepExisting ? existing : incoming;
    const CatalogEntry &other = keepExisting ? incoming : existing;

    addName(result, other.name);
    if (result.nameEn.isEmpty())
        result.nameEn = other.nameEn;
    else if (!other.nameEn.isEmpty() && other.nameEn != result.nameEn)
        addName(result, other.nameEn);
    for (const QString &alias : other.aliases)
        addName(result, alias);
    if (result.effectId.isEmpty())
        result.effectId = other.effectId;
    if (result.md5.isEmpty())
        result.md5 = other.md5;
    if (result.params.isEmpty())
        result.params = other.params;
    if (result.defaultDurationUs == 0) {
        result.defaultDurationUs = other.defaultDurationUs;
        result.overlap = result.overlap || other.overlap;
    }
    if (result.resourceType.isEmpty())
        result.resourceType = other.resourceType;
    if (result.defaultAspectRatio == 0.0)
        result.defaultAspectRatio = other.defaultAspectRatio;
    // VIP items block unattended exports (§13.3): believe whoever says so.
    result.vip = result.vip || other.vip;
    // Known from a catalog file: no need to save it again as harvested.
    if (result.isHarvested() && !other.isHarvested())
        result.origin = other.origin;
    return result;
}

template<typename Index>
void insertFirst(Index &index, const QString &key, qsizetype position)
{
    if (!key.isEmpty() && !index.contains(key))
        index.insert(key, position);
}

} // namespace

quint32 CatalogRegistry::bucketKey(CatalogKind kind, CatalogNamespace ns)
{
    return (quint32(kind) << 1) | quint32(ns == CatalogNamespace::CapCut);
}

void CatalogRegistry::Bucket::reindexNames()
{
    byAlias.clear();
    byName.clear();
    byNameEn.clear();
    byFoldedAlias.clear();
    byFoldedName.clear();
    byFoldedNameEn.clear();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const CatalogEntry &e = entries.at(i);
        for (const QString &alias : e.aliases) {
            insertFirst(byAlias, alias, i);
            insertFirst(byFoldedAlias, alias.toCaseFolded(), i);
        }
        insertFirst(byName, e.name, i);
        insertFirst(byFoldedName, e.name.toCaseFolded(), i);
        insertFirst(byNameEn, e.nameEn, i);
        insertFirst(byFoldedNameEn, e.nameEn.toCaseFolded(), i);
    }
}

const CatalogRegistry::Bucket *CatalogRegistry::bucket(CatalogKind kind, CatalogNamespace ns) const
{
    const auto it = m_buckets.constFind(bucketKey(kind, ns));
    return it == m_buckets.constEnd() ? nullptr : &*it;
}

Result<int> CatalogRegistry::loadFolder(const QString &folder)
{
    const QFileInfo info(folder);
    if (!info.exists())
        return 0;
    if (!info.isDir()) {
        return Error(ErrorCode::InvalidArgument, u"catalog folder %1 is not a folder"_s.arg(folder),
                     {{u"file"_s, folder}});
    }
    if (!info.isReadable()) {
        return Error(ErrorCode::PermissionDenied, u"catalog folder %1 cannot be read"_s.arg(folder),
                     {{u"file"_s, folder}});
    }
    const QDir dir(folder);
    int loaded = 0;
    const QStringList files = dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        Result<int> count = loadFile(dir.filePath(file));
        if (count)
            loaded += *count; // a failed file is already recorded by loadFile
    }
    Log::get(Log::Draft)
        ->info("catalogs: {} entries from {} files in {}", loaded, files.size(), folder);
    return loaded;
}

Result<int> CatalogRegistry::loadFile(const QString &path)
{
    // Parsing happens outside the lock: readers are not held up by file I/O.
    QStringList warnings;
    Result<QList<CatalogEntry>> entries = loadCatalogFile(path, &warnings);
    if (!entries) {
        Log::get(Log::Draft)->warn("{}", entries.error().message());
        warnings.append(entries.error().message());
    }
    {
        QWriteLocker locker(&m_lock);
        m_warnings.append(warnings);
    }
    if (!entries)
        return entries.error();
    add(*entries);
    return int(entries->size());
}

void CatalogRegistry::add(const QList<CatalogEntry> &entries)
{
    QWriteLocker locker(&m_lock);
    QSet<quint32> touched;
    for (const CatalogEntry &entry : entries) {
        if (entry.resourceId.isEmpty()) {
            const QString warning
                = u"catalog entry \"%1\" (%2) from %3 has no resource id: skipped"_s.arg(
                    entry.name, catalogKindName(entry.kind), entry.origin);
            Log::get(Log::Draft)->warn("{}", warning);
            m_warnings.append(warning);
            continue;
        }
        const quint32 key = bucketKey(entry.kind, entry.ns);
        Bucket &b = m_buckets[key];
        touched.insert(key);
        if (const auto it = b.byResourceId.constFind(entry.resourceId);
            it != b.byResourceId.constEnd()) {
            b.entries[*it] = merged(b.entries.at(*it), entry);
            continue;
        }
        b.byResourceId.insert(entry.resourceId, b.entries.size());
        b.entries.append(entry);
        ++m_size;
    }
    for (const quint32 key : std::as_const(touched))
        m_buckets[key].reindexNames();
}

void CatalogRegistry::clear()
{
    QWriteLocker locker(&m_lock);
    m_buckets.clear();
    m_warnings.clear();
    m_size = 0;
}

std::optional<CatalogEntry> CatalogRegistry::find(CatalogKind kind, CatalogNamespace ns,
                                                  const QString &nameOrAlias) const
{
    if (nameOrAlias.isEmpty())
        return std::nullopt;
    QReadLocker locker(&m_lock);
    const Bucket *b = bucket(kind, ns);
    if (!b)
        return std::nullopt;
    for (const QHash<QString, qsizetype> *index : {&b->byAlias, &b->byName, &b->byNameEn}) {
        if (const auto it = index->constFind(nameOrAlias); it != index->constEnd())
            return b->entries.at(*it);
    }
    const QString folded = nameOrAlias.toCaseFolded();
    for (const QHash<QString, qsizetype> *index :
         {&b->byFoldedAlias, &b->byFoldedName, &b->byFoldedNameEn}) {
        if (const auto it = index->constFind(folded); it != index->constEnd())
            return b->entries.at(*it);
    }
    return std::nullopt;
}

std::optional<CatalogEntry> CatalogRegistry::findByResourceId(CatalogKind kind, CatalogNamespace ns,
                                                              const QString &resourceId) const
{
    QReadLocker locker(&m_lock);
    const Bucket *b = bucket(kind, ns);
    if (!b)
        return std::nullopt;
    if (const auto it = b->byResourceId.constFind(resourceId); it != b->byResourceId.constEnd())
        return b->entries.at(*it);
    return std::nullopt;
}

QList<CatalogEntry> CatalogRegistry::list(CatalogKind kind, CatalogNamespace ns) const
{
    QReadLocker locker(&m_lock);
    const Bucket *b = bucket(kind, ns);
    return b ? b->entries : QList<CatalogEntry>();
}

QList<CatalogEntry> CatalogRegistry::search(CatalogKind kind, CatalogNamespace ns,
                                            const QString &text) const
{
    QReadLocker locker(&m_lock);
    const Bucket *b = bucket(kind, ns);
    if (!b)
        return {};
    const QString needle = text.trimmed();
    if (needle.isEmpty())
        return b->entries;
    QList<CatalogEntry> out;
    for (const CatalogEntry &e : b->entries) {
        const auto matches = [&](const QString &s) {
            return s.contains(needle, Qt::CaseInsensitive);
        };
        if (matches(e.name) || matches(e.nameEn)
            || std::any_of(e.aliases.cbegin(), e.aliases.cend(), matches)) {
            out.append(e);
        }
    }
    return out;
}

int CatalogRegistry::size() const
{
    QReadLocker locker(&m_lock);
    return m_size;
}

QStringList CatalogRegistry::warnings() const
{
    QReadLocker locker(&m_lock);
    return m_warnings;
}

Result<> CatalogRegistry::saveHarvested(const QString &path) const
{
    QList<CatalogEntry> harvested;
    {
        QReadLocker locker(&m_lock);
        for (const Bucket &b : m_buckets) {
            for (const CatalogEntry &e : b.entries) {
                if (e.isHarvested())
                    harvested.append(e);
            }
        }
    }
    // QHash order is arbitrary: sort so the file is stable across runs.
    std::stable_sort(harvested.begin(), harvested.end(),
                     [](const CatalogEntry &a, const CatalogEntry &b) {
                         return std::tuple(int(a.ns), int(a.kind), a.resourceId)
                                < std::tuple(int(b.ns), int(b.kind), b.resourceId);
                     });
    const auto capCut = std::count_if(harvested.cbegin(), harvested.cend(), [](const auto &e) {
        return e.ns == CatalogNamespace::CapCut;
    });
    const CatalogNamespace fileNamespace
        = capCut * 2 > harvested.size() ? CatalogNamespace::CapCut : CatalogNamespace::JianYing;

    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        return Error(ErrorCode::IoError, u"cannot create the folder of %1"_s.arg(path),
                     {{u"file"_s, path}});
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return Error(ErrorCode::IoError, u"cannot write %1: %2"_s.arg(path, file.errorString()),
                     {{u"file"_s, path}});
    }
    file.write(catalogToJson(harvested, fileNamespace));
    if (!file.commit()) {
        return Error(ErrorCode::IoError, u"cannot write %1: %2"_s.arg(path, file.errorString()),
                     {{u"file"_s, path}});
    }
    Log::get(Log::Draft)
        ->info("catalogs: {} harvested entries saved to {}", harvested.size(), path);
    return {};
}

} // namespace CutPilot::Core
