#pragma once

#include "core/support/result.h"
#include "draftmodel.h"

#include <QCache>
#include <QDateTime>
#include <QMutex>
#include <QString>

namespace CutPilot::Core {

/// CutPilot's own drafts, in <data-dir>/drafts/<id>/draft.json: the source of truth for every draft
/// CutPilot created (the editor may encrypt its copy, spec §19). Every save is atomic and durable
/// before it returns, so an acknowledged edit survives a crash. Recently used drafts sit in a
/// bounded LRU cache (cost = serialized size). All methods are thread-safe.
class DraftStore final
{
public:
    struct Summary
    {
        QString id;
        QString name;
        QString profile;
        qint64 durationUs = 0;
        int tracks = 0;
        QDateTime modified;
    };

    /// `root` is created on demand. `cacheBytes` bounds the memory the cache may hold.
    explicit DraftStore(QString root, qint64 cacheBytes = 256 * 1024 * 1024);

    /// Stores a new draft (a fresh id when draft.id is empty) for `profile`. Returns the id.
    Result<QString> create(Draft draft, const QString &profile);
    /// Replaces a stored draft (it must exist).
    Result<> save(const Draft &draft);
    Result<Draft> load(const QString &id);
    Result<QString> profileOf(const QString &id);
    Result<> remove(const QString &id);
    bool contains(const QString &id) const;
    /// Every stored draft, newest first. Damaged entries are skipped and reported in `warnings`.
    QList<Summary> list(QStringList *warnings = nullptr) const;

    QString root() const { return m_root; }
    qint64 cachedBytes() const;
    int cachedDrafts() const;

private:
    struct Entry
    {
        Draft draft;
        QString profile;
    };
    QString fileFor(const QString &id) const;
    Result<> write(const Draft &draft, const QString &profile);
    Result<Entry> read(const QString &id) const;
    /// The entry from the cache or from disk (then cached). Call with m_mutex held.
    Result<Entry> entryLocked(const QString &id);
    void cacheLocked(const Entry &entry);
    static bool validId(const QString &id);

    QString m_root;
    mutable QMutex m_mutex;
    QCache<QString, Entry> m_cache;
};

} // namespace CutPilot::Core
