#pragma once

#include "core/support/result.h"
#include "draftmodel.h"

#include <QCache>
#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QSqlDatabase;
class QSqlQuery;

namespace CutPilot::Core {

class DraftSerializer;
class DraftSegmentCache;

/// CutPilot's own drafts: the source of truth for every draft CutPilot created (the editor may
/// encrypt its copy, spec §19). Stored in one SQLite database, `<root>/drafts.sqlite` (root is
/// `<data-dir>/drafts`, created on demand), one row per draft:
///
///     drafts(key TEXT PRIMARY KEY, profile, name, content_id, meta_draft_id, duration_us, tracks,
///            created_utc, modified_utc, format_version, content BLOB)
///     saves(key TEXT PRIMARY KEY, state, folder, message, saved_utc)   -- schema 2: the last save
///
/// - `key` is the store key the caller addresses the draft by (`^[0-9A-Za-z_-]{1,64}$`, e.g. a
///   GUID or an HTTP compat id such as `dfd_cat_1795913748_93bff833`). It is separate from the
///   draft's content id (Draft::id, written into the editor's JSON, `content_id` here), which stays
///   a GUID; by default the key is the content id.
/// - `content` is the content document alone, exactly DraftSerializer(profile).contentBytes(draft)
///   (compact UTF-8 JSON); name, content id and meta draft id live in their columns and win over
///   the document's on load, as the old wrapper's fields did. `duration_us` and `tracks` are
///   denormalised so that list() never parses a draft. Times are ms since the epoch, UTC.
///   `format_version` is the version of the content (1); a newer one is refused on load.
/// - Schema versions are PRAGMA user_version (SchemaVersion), migrated step by step by open().
///
/// Durability: every create/save/remove (and every createBatch/saveBatch, as one) is committed in
/// its own transaction before the call returns, in WAL mode with synchronous=NORMAL: an
/// acknowledged edit survives the process being killed (kill -9). On power loss or an OS crash the
/// last transactions before it may be lost, but the database is never corrupted (SQLite's guarantee
/// for WAL + NORMAL). There is no setting for this (yet). Checkpoints (copies to the database file,
/// and the fsyncs) are made by a thread of the store's own: a PASSIVE one every CheckpointEvery
/// writes (or CheckpointBytes of saved content, for large drafts), and a TRUNCATE one once writes
/// pause for a second, which empties the WAL. A writer fsyncs only the first write after that (the
/// new WAL's header, as SQLite requires), or runs a checkpoint itself when a long burst of writes
/// grows the WAL to 64 MiB (a backstop).
///
/// Recently used drafts sit in a bounded LRU cache (cost = serialized size), and so do the
/// serialized segments of the drafts saved last (DraftSegmentCache): saving a draft again
/// serializes only the segments that changed since its last save. All methods are
/// thread-safe: each thread uses its own database connection (Qt Sql connections belong to the
/// thread that opened them; a thread's connection goes when the thread finishes, the rest with the
/// store), and a mutex keeps the cache and the database consistent. Serializing and parsing run
/// outside that mutex. Destroy the store before QCoreApplication.
class DraftStore final
{
public:
    /// Schema version of drafts.sqlite (PRAGMA user_version). 2: the saves table.
    static constexpr int SchemaVersion = 2;

    struct Summary
    {
        QString key; ///< the store key
        QString id;  ///< the content id (Draft::id)
        QString name;
        QString profile;
        qint64 durationUs = 0;
        int tracks = 0;
        QDateTime created;  ///< UTC
        QDateTime modified; ///< UTC
    };

    /// The outcome of the last write of a draft into an editor's draft folder (the compat
    /// save_draft's task record, capcutapi-compat.md §5.11), kept with the draft and removed with
    /// it.
    struct SaveRecord
    {
        enum class State : int {
            Failed = 0,
            Saved = 1,
            Saving = 2
        };
        State state = State::Failed;
        QString folder;  ///< the editor draft store written into
        QString message; ///< what the client is told (the error when Failed)
        QDateTime at;    ///< UTC, ms precision
    };

    struct OpenReport
    {
        qint64 drafts = 0;    ///< stored drafts after opening
        int imported = 0;     ///< legacy draft folders imported by this open()
        QString importedTo;   ///< where they were moved, empty when none
        QStringList warnings; ///< legacy folders that could not be imported (kept, see open())
    };

    /// `root` is created by open(). `cacheBytes` bounds the memory the cache may hold.
    explicit DraftStore(QString root, qint64 cacheBytes = 256 * 1024 * 1024);
    ~DraftStore();
    DraftStore(const DraftStore &) = delete;
    DraftStore &operator=(const DraftStore &) = delete;

    /// Creates or opens root/drafts.sqlite and migrates its schema; once, before any other call
    /// (other calls fail with Unavailable, contains() and list() see nothing until then).
    /// - Legacy drafts (`<root>/<key>/draft.json`, written by the file-based store before) are read
    ///   with the old reader, inserted under their folder name as key, and their folders moved to
    ///   `<root>/imported-<yyyyMMddTHHmmss>/`. A folder that cannot be read or whose key is already
    ///   stored is moved there too, untouched, and reported in OpenReport::warnings (and logged).
    ///   The rows are committed before any folder moves: a crash in between imports them again.
    /// - A database file that is not a database or fails PRAGMA quick_check is moved aside to
    ///   `drafts.sqlite.corrupt-<yyyyMMddTHHmmss>` (with its -wal/-shm) and CorruptData is returned
    ///   naming that file: the store does not start empty without saying so (the next open() does).
    /// - A schema newer than SchemaVersion: DatabaseError, nothing is touched.
    /// The integrity check reads the whole file: about 30-80 ms for 10,000 empty drafts here.
    Result<OpenReport> open();
    bool isOpen() const;

    /// Stores a new draft for `profile` under `key` (empty: the draft's content id) and returns the
    /// key. An empty draft.id gets a fresh GUID. Errors: InvalidArgument (key), NotFound (profile),
    /// AlreadyExists (key), DatabaseError, Unavailable.
    Result<QString> create(Draft draft, const QString &profile, const QString &key = {});

    struct NewDraft
    {
        Draft draft;
        QString profile;
        QString key;
    };
    /// Stores several new drafts in ONE transaction (group commit: one WAL commit for all), each
    /// with its own result in the same order: one bad item fails alone, the others are stored.
    /// Everything in the returned list is durable when the call returns.
    QList<Result<QString>> createBatch(QList<NewDraft> drafts);
    /// Replaces the stored draft `key` (it must exist; its profile stays). Errors: InvalidArgument
    /// (key, or an empty draft.id), NotFound, DatabaseError, Unavailable.
    Result<> save(const QString &key, const Draft &draft);

    struct SavedDraft
    {
        QString key;
        Draft draft;
    };
    /// Replaces several stored drafts in ONE transaction (group commit, as createBatch), each with
    /// its own result in the same order (save()'s errors): one bad item fails alone. Everything
    /// reported saved is durable when the call returns. Serializing runs on the calling thread,
    /// outside the store's lock.
    QList<Result<>> saveBatch(const QList<SavedDraft> &drafts);
    /// The draft, its content id, name and meta draft id as stored. CorruptData when the stored
    /// content cannot be read, NotImplemented when a newer CutPilot wrote it.
    Result<Draft> load(const QString &key);
    Result<QString> profileOf(const QString &key);
    /// Removes the draft and its save record in one transaction.
    Result<> remove(const QString &key);
    bool contains(const QString &key) const;
    /// Replaces the save record of draft `key`. NotFound when no such draft is stored.
    Result<> recordSave(const QString &key, const SaveRecord &record);
    /// The save record of `key`; nullopt when none was recorded (or the draft is gone).
    Result<std::optional<SaveRecord>> lastSave(const QString &key) const;
    /// Every stored draft, newest (modified) first, from the columns only: no draft is parsed, so a
    /// draft whose content is damaged still lists. Database errors are reported in `warnings`.
    /// The store's lock is held only to find the thread's statement, not while rows are read, so
    /// reading 100,000 drafts on a worker does not hold up saves on other threads (WAL: the read
    /// sees the database as it was when it started).
    QList<Summary> list(QStringList *warnings = nullptr) const;
    /// One page of list(): `limit` drafts after the first `offset`, in list()'s order, and the
    /// number stored (`total`, may be null). For API pages: no Summary is made for the others.
    Result<QList<Summary>> listPage(qint64 offset, int limit, qint64 *total = nullptr) const;
    /// Stored drafts; -1 on a database error or when not open.
    qint64 count() const;

    static bool isValidKey(const QString &key);

    QString root() const { return m_root; }
    QString databasePath() const;
    qint64 cachedBytes() const;
    int cachedDrafts() const;
    /// What the serialized segments kept from the last saves take (estimated, bytes): saving a
    /// draft again serializes only the segments that changed since (DraftSegmentCache).
    qint64 segmentCacheBytes() const;

private:
    struct Entry
    {
        Draft draft;
        QString profile;
    };
    struct Row;
    struct Connection;
    struct Connections;
    class Checkpointer;
    enum class Statement : int;
    /// Write transactions between two checkpoints (each create writes about 3 pages to the WAL).
    /// A group commit of create_draft holds about 30 drafts, so under a burst this is one
    /// checkpoint every second or two: each one's fsyncs hold up the writer's WAL appends on the
    /// same file, and every 500 transactions (three a second) put the closed-loop p99 of
    /// create_draft at 32 connections about 0.25 ms higher (bench/README.md, session 10).
    static constexpr int CheckpointEvery = 2000;
    /// ... or every this many bytes of draft content written (saves of large drafts).
    static constexpr qint64 CheckpointBytes = 8 * 1024 * 1024;

    Result<Connection *> connectionLocked() const;
    /// This thread's database, for statements that are not prepared per connection.
    Result<QSqlDatabase *> databaseLocked() const;
    Result<QSqlQuery *> statementLocked(Statement which) const;
    Result<> requireOpenLocked() const;
    Result<> openDatabaseLocked();
    Result<> migrateLocked(QSqlDatabase &db);
    Error moveAsideLocked(const Error &cause);
    Result<> importLegacyLocked(OpenReport &report);
    Result<std::shared_ptr<const DraftSerializer>> serializer(const QString &profileId);
    Result<Row> rowLocked(const QString &key) const;
    Result<QString> profileLocked(const QString &key) const;
    static Result<Entry> decode(const QString &key, const Row &row);
    void cacheLocked(const QString &key, Entry entry, qsizetype bytes);
    /// The draft's segment cache (a new one when it has none), for one save; then put it back.
    std::unique_ptr<DraftSegmentCache> takeSegmentCache(const QString &key);
    void putSegmentCache(const QString &key, std::unique_ptr<DraftSegmentCache> cache);
    void dropSegmentCache(const QString &key);
    /// After every committed write: counts it (and the content `bytes` it wrote), and asks for a
    /// checkpoint every CheckpointEvery writes or CheckpointBytes.
    void committedLocked(qint64 bytes = 0);
    /// A write transaction on this thread's connection (group commit of createBatch).
    Result<> beginLocked();
    Result<> commitLocked();
    void rollbackLocked();

    QString m_root;
    std::shared_ptr<Connections> m_connections; // shared with QThread::finished handlers
    mutable QMutex m_mutex;
    bool m_open = false;
    quint64 m_writes = 0; ///< bumped by every write: a load parsed outside the lock caches only if
                          ///< nothing was written meanwhile
    int m_uncheckpointed = 0;
    qint64 m_uncheckpointedBytes = 0;
    std::unique_ptr<Checkpointer> m_checkpointer; ///< runs from open() on
    QCache<QString, Entry> m_cache;
    /// Segment caches of the drafts saved last, LRU by cost (KiB). A few tens of drafts of a few
    /// hundred segments each fit; a draft saved again after its cache was evicted is serialized
    /// whole, as before there was a cache.
    static constexpr qint64 SegmentCacheBytes = 64 * 1024 * 1024;
    static constexpr qint64 SegmentValueBytes = 1536; ///< a segment's value and containers
    mutable QMutex m_segmentCachesMutex;
    QCache<QString, DraftSegmentCache> m_segmentCaches{int(SegmentCacheBytes / 1024)};
    QMutex m_serializersMutex;
    QHash<QString, std::shared_ptr<const DraftSerializer>> m_serializers; ///< one per profile
};

} // namespace CutPilot::Core
