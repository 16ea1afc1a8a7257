#pragma once

#include "catalogentry.h"

#include <QHash>
#include <QList>
#include <QReadWriteLock>
#include <QStringList>

#include <optional>

namespace CutPilot::Core {

/// Every catalog CutPilot knows, per kind and namespace (spec/draft-format.md §13). CutPilot ships
/// no third-party catalog data: entries come from files the user puts in <data-dir>/catalogs/ and
/// from harvesting the user's drafts (§13.4).
///
/// An entry's identity is kind + namespace + resource id. Adding an entry that is already known
/// merges the two: the richer one (more fields filled in) stays, the other fills its gaps, names
/// and aliases are united (so every CapCutAPI api_name of a duplicated enum member still resolves),
/// vip is kept if either says so.
///
/// Thread-safe: any number of concurrent readers, writers are exclusive (QReadWriteLock). Lookups
/// return copies.
class CatalogRegistry final
{
public:
    CatalogRegistry() = default;
    CatalogRegistry(const CatalogRegistry &) = delete;
    CatalogRegistry &operator=(const CatalogRegistry &) = delete;

    /// Loads every *.json file of `folder` (sorted by name, not recursive). A file that fails to
    /// load is skipped and reported in warnings(); the others still load. A missing folder loads
    /// nothing. Returns the number of entries read from the files that loaded (before merging);
    /// fails only when `folder` exists but is not a readable folder.
    Result<int> loadFolder(const QString &folder);

    /// Loads one file (any format loadCatalogFile understands); on error nothing is added.
    Result<int> loadFile(const QString &path);

    /// Adds entries, merging those already known (see the class comment). Entries without a
    /// resource id are skipped with a warning.
    void add(const QList<CatalogEntry> &entries);

    /// Removes everything, including warnings.
    void clear();

    /// Resolves a name: exact alias (CapCutAPI api_name first, capcutapi-compat.md §6), then exact
    /// name, then exact English name, then the same three case-insensitively. Several entries with
    /// the same name: the first added wins.
    std::optional<CatalogEntry> find(CatalogKind kind, CatalogNamespace ns,
                                     const QString &nameOrAlias) const;
    std::optional<CatalogEntry> findByResourceId(CatalogKind kind, CatalogNamespace ns,
                                                 const QString &resourceId) const;

    /// All entries of a kind and namespace, in the order they were first added.
    QList<CatalogEntry> list(CatalogKind kind, CatalogNamespace ns) const;
    /// Entries whose name, English name or an alias contains `text` (case-insensitive), in list()
    /// order; an empty text lists all (for GUI pickers).
    QList<CatalogEntry> search(CatalogKind kind, CatalogNamespace ns, const QString &text) const;

    /// The number of distinct entries (after merging).
    int size() const;

    /// Problems met while loading: files that failed (message names the file and the JSON path) and
    /// skipped categories or entries.
    QStringList warnings() const;

    /// Writes the harvested entries (origin "harvested:…") in CutPilot's format, atomically
    /// (QSaveFile). The file's namespace is the one most of them use; others carry their own.
    Result<> saveHarvested(const QString &path) const;

private:
    struct Bucket
    {
        QList<CatalogEntry> entries;
        QHash<QString, qsizetype> byResourceId;
        // Name indices (first added wins); rebuilt whenever the bucket changes.
        QHash<QString, qsizetype> byAlias, byName, byNameEn;
        QHash<QString, qsizetype> byFoldedAlias, byFoldedName, byFoldedNameEn;
        void reindexNames();
    };
    static quint32 bucketKey(CatalogKind kind, CatalogNamespace ns);
    const Bucket *bucket(CatalogKind kind, CatalogNamespace ns) const; // lock held

    mutable QReadWriteLock m_lock;
    QHash<quint32, Bucket> m_buckets;
    QStringList m_warnings;
    int m_size = 0;
};

} // namespace CutPilot::Core
