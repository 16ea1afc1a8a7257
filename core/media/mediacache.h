#pragma once

#include "core/support/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QString>

#include <memory>
#include <optional>

class QSqlDatabase;

namespace CutPilot::Core {

/// What open() found while checking the store against its index.
struct MediaCacheVerifyReport
{
    int objects = 0;             ///< objects indexed after the check
    int derived = 0;             ///< derived artefacts indexed after the check
    int droppedRows = 0;         ///< rows whose file was missing or had another size
    int reindexed = 0;           ///< object files without a row, hashed and indexed again
    int removedFiles = 0;        ///< partial, stray, mis-hashed or orphaned derived files deleted
    int evicted = 0;             ///< entries evicted because the store was over maxBytes
    bool indexRecovered = false; ///< the index was corrupt and has been rebuilt from the files
    QString corruptIndexBackup;  ///< where the corrupt index was moved (when indexRecovered)
    qint64 totalBytes = 0;       ///< bytes counted against maxBytes after the check
};

struct MediaCacheOptions
{
    qint64 maxBytes = 10LL * 1024 * 1024 * 1024; ///< the size bound (objects + derived artefacts)
};

/// One content-addressed file in the store.
struct CachedObject
{
    QString sha256;       ///< lowercase hex; the object's identity
    QString path;         ///< absolute path of the stored file (read it, never write it)
    qint64 size = 0;      ///< bytes
    QString originalName; ///< metadata given to addFile() (empty after an index rebuild)
    QString sourceUrl;    ///< metadata given to addFile() (empty after an index rebuild)
    QDateTime addedAt;    ///< UTC
};

/// A local file the cache knows by reference (it is not copied into the store).
struct LocalRef
{
    QString path; ///< canonical path
    qint64 size = 0;
    QDateTime modified;  ///< mtime (UTC, millisecond precision) the fingerprint belongs to
    QString fingerprint; ///< sampled content hash, see MediaCache::reference()
    std::optional<QJsonObject> probe; ///< probe facts cached under the fingerprint, if any
};

/// The media cache of issue 4: content-addressed files, derived artefacts (thumbnails, filmstrips,
/// waveform peaks) and probe results, indexed in SQLite, bounded in size with LRU eviction,
/// verified on start, surviving restarts.
///
/// Layout under root (normally <data-dir>/media-cache):
///
///     index.sqlite                 the index (WAL journal, synchronous=NORMAL, user_version)
///     objects/<2 hex>/<sha256>     stored files, named by the SHA-256 of their content
///     derived/<2 hex>/<key>-<rnd>  derived artefacts; <key> hashes (contentKey, kind, params)
///     tmp/*.part                   copies being added; removed by open()
///     tmp/<sha256>.moved           files being moved in (already hashed); open() re-indexes them
///
/// Size bound: objects and derived artefacts count together (file sizes in bytes, not disk
/// blocks). After every addFile()/putDerived() (and setMaxBytes()), the least recently used
/// unpinned entries are deleted until totalBytes() <= maxBytes(). "Least recently used" is a
/// logical clock that ticks on every add and touch, so the order is exact and ties cannot happen;
/// it is stored in the index and survives restarts (touches are batched in memory and written
/// before every write, every 64 touches and by the destructor). Something that cannot fit - larger
/// than maxBytes() on its own, or larger than what the pinned objects leave free - is refused with
/// ErrorCode::DiskFull (a storage error: the cache has no room for it; details carry "size",
/// "maxBytes" and "pinnedBytes"). Only shrinking maxBytes() below the pinned bytes can leave the
/// store above the bound, until the pins are released and the next write evicts.
///
/// Crash safety: files are written to a temporary name and renamed into place (QSaveFile for
/// derived bytes); the index row is inserted after the file is in place, in a transaction. A
/// crash in between leaves a file without a row, which open() re-indexes (objects) or deletes
/// (derived artefacts, partial files).
///
/// Threads: every method may be called from any thread (worker pools and the main thread). Qt Sql
/// connections belong to the thread that opened them, so each thread gets its own named
/// connection to the index, opened lazily and removed when that thread finishes or when the cache
/// is destroyed; one mutex keeps multi-statement updates and the in-memory state consistent.
/// Hashing and copying run outside that mutex. Destroy the cache before QCoreApplication.
class MediaCache final
{
public:
    using VerifyReport = MediaCacheVerifyReport;

    using Options = MediaCacheOptions;

    enum class AddMode {
        Move, ///< the source is moved in (rename, or copy + remove across file systems)
        Copy, ///< the source is left alone
    };
    enum class AddPin {
        NoPin,
        Pin, ///< pinned (as by pin()) together with its insertion: unpin() it when done
    };

    /// Schema version of index.sqlite (PRAGMA user_version).
    static constexpr int SchemaVersion = 1;

    explicit MediaCache(QString root, Options options = {});
    ~MediaCache();
    MediaCache(const MediaCache &) = delete;
    MediaCache &operator=(const MediaCache &) = delete;

    QString root() const { return m_root; }

    /// Creates or opens root/index.sqlite and checks it against the files, once, before any other
    /// call (other calls fail with Unavailable or return nothing until then):
    /// - rows whose file is missing or has another size are dropped;
    /// - object files without a row are hashed and indexed again (deleted if the hash does not
    ///   match the name), and so are files moved into tmp/ by an interrupted Move (a source file's
    ///   only copy); partial copies (tmp/*.part) and derived files without a row are deleted;
    /// - an index that is not a database or fails PRAGMA quick_check is moved aside to
    ///   index.sqlite.corrupt-<yyyyMMddTHHmmss> and rebuilt from the object files (metadata,
    ///   derived artefacts, probes and local references are lost, content is not);
    /// - references to local files that no longer exist and probes whose content key is neither a
    ///   stored object nor a referenced fingerprint are dropped;
    /// - if the store is over maxBytes (the limit was lowered), it is evicted down.
    Result<VerifyReport> open();

    /// Puts a file into the store and returns it. Adding content that is already stored keeps one
    /// copy (the existing object is touched; empty metadata is filled in). Move consumes the
    /// source on success (also when deduplicated); on failure the source is left where it was.
    /// Move hashes the source where it is before renaming it into tmp/ (as <sha256>.moved, which
    /// open() re-indexes rather than deletes): a crash while adding never loses the source's
    /// content. With AddPin::Pin the object is pinned before anything can evict it (an add or
    /// putDerived() on another thread right after this one); the caller unpins it.
    /// Errors: NotFound (no such file), InvalidArgument (not a file, or inside the store),
    /// DiskFull (see the class comment), IoError, DatabaseError, Unavailable (not open).
    Result<CachedObject> addFile(const QString &path, AddMode mode,
                                 const QString &originalName = {}, const QString &sourceUrl = {},
                                 AddPin pin = AddPin::NoPin);
    /// The stored object, or nothing; touches it (LRU).
    std::optional<CachedObject> object(const QString &sha256);
    /// Whether the object is indexed; does not touch it.
    bool contains(const QString &sha256) const;
    /// Where the object with this hash is (or would be) stored; empty for a malformed hash.
    QString objectPath(const QString &sha256) const;
    /// Deletes an object. Fails with NotFound, or Locked while it is pinned.
    Result<> remove(const QString &sha256);

    /// A local file referenced, not copied (until a draft stages it). Its fingerprint is a sampled
    /// content hash: SHA-256 over the file size (8 bytes, little endian), the first MiB and the
    /// last MiB (files up to 2 MiB are hashed whole). It is remembered per path with size and mtime
    /// and computed again only when either changed, so an edit that keeps both (within the same
    /// millisecond, or with the mtime restored) is not seen - the usual make/rsync trade-off.
    Result<LocalRef> reference(const QString &path);

    /// Derived artefacts keyed by (content key, kind, params), e.g. (<sha256 or fingerprint>,
    /// "thumb", "t=1000000;h=120"). Counted in the size bound and evicted like objects; never
    /// pinned (they can be made again). Putting the same key again replaces the bytes.
    Result<> putDerived(const QString &contentKey, const QString &kind, const QString &params,
                        const QByteArray &bytes);
    /// The bytes, or nothing (never put, evicted, or the file vanished); touches the entry.
    std::optional<QByteArray> derived(const QString &contentKey, const QString &kind,
                                      const QString &params);

    /// Probe facts (MediaInfo::toJson()) cached per content key; not counted in the size bound.
    Result<> putProbe(const QString &contentKey, const QJsonObject &json);
    std::optional<QJsonObject> probe(const QString &contentKey);

    /// Pins keep an object a draft or a running job uses from eviction (and from remove()). Pins
    /// are counted (pin twice, unpin twice) and live in memory only; a hash may be pinned before
    /// the object is added.
    void pin(const QString &sha256);
    void unpin(const QString &sha256);
    bool isPinned(const QString &sha256) const;

    qint64 totalBytes() const;
    qint64 maxBytes() const;
    /// Shrinking evicts at once (see the class comment for pinned objects). Negative means 0.
    void setMaxBytes(qint64 maxBytes);

private:
    struct Connections;
    struct Staged;

    Result<QSqlDatabase> databaseLocked() const;
    Result<> openIndexLocked(VerifyReport &report);
    Result<> moveIndexAsideLocked(VerifyReport &report);
    Result<> migrateLocked(QSqlDatabase &db);
    Result<> verifyLocked(QSqlDatabase &db, VerifyReport &report);
    Result<Staged> stage(const QString &path, AddMode mode) const;
    void unstage(const Staged &staged, const QString &currentPath) const;
    Result<CachedObject> commitStagedLocked(QSqlDatabase &db, const Staged &staged,
                                            const QString &originalName, const QString &sourceUrl,
                                            AddPin pin);
    Result<> ensureRoomLocked(QSqlDatabase &db, qint64 size) const;
    qint64 pinnedBytesLocked(QSqlDatabase &db) const;
    int evictLocked(QSqlDatabase &db);
    void touchObjectLocked(QSqlDatabase &db, const QString &sha256);
    void touchDerivedLocked(QSqlDatabase &db, qint64 id);
    Result<> flushTouchesLocked(QSqlDatabase &db);
    std::optional<CachedObject> objectLocked(QSqlDatabase &db, const QString &sha256) const;
    void dropObjectRowLocked(QSqlDatabase &db, const QString &sha256, qint64 size);
    Result<> requireOpenLocked() const;
    QString derivedDirectory() const;

    const QString m_root;
    std::shared_ptr<Connections> m_connections; // shared with QThread::finished handlers

    mutable QMutex m_mutex; // guards everything below and every multi-statement index update
    bool m_open = false;
    qint64 m_maxBytes = 0;
    qint64 m_totalBytes = 0;
    qint64 m_clock = 0; // logical LRU clock
    QHash<QString, int> m_pins;
    QHash<QString, qint64> m_objectTouches; // sha256 -> tick, not yet written
    QHash<qint64, qint64> m_derivedTouches; // derived row id -> tick, not yet written
};

} // namespace CutPilot::Core
