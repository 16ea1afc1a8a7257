// DraftStore: drafts.sqlite - SQL helpers, per-thread connections and their prepared statements,
// open() with the schema migration, the import of legacy draft folders and the handling of a
// damaged database file. The drafts themselves are in draftstore.cpp.
#include "core/support/log.h"
#include "draftparser.h"
#include "draftserializer.h"
#include "draftstore_p.h"

#include <QAtomicInt>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>
#include <QWaitCondition>

#include <algorithm>
#include <array>
#include <atomic>
#include <unordered_map>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace DraftStoreDetail;

Error DraftStoreDetail::databaseError(const QString &what, const QSqlError &error)
{
    return Error(ErrorCode::DatabaseError, u"drafts database: %1: %2"_s.arg(what, error.text()),
                 {{u"sqliteCode"_s, error.nativeErrorCode()}});
}

namespace {

QAtomicInt s_instanceCounter;

/// SQLITE_CORRUPT (11) and SQLITE_NOTADB (26), also as extended codes; quick_check findings.
bool isCorruption(const Error &error)
{
    if (error.code() == ErrorCode::CorruptData)
        return true;
    bool ok = false;
    const int code = error.details().value(u"sqliteCode"_s).toString().toInt(&ok);
    return ok && ((code & 0xff) == 11 || (code & 0xff) == 26);
}

Result<> exec(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return databaseError(sql, query.lastError());
    return {};
}

Result<qint64> scalar(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql))
        return databaseError(sql, query.lastError());
    return query.next() ? query.value(0).toLongLong() : 0;
}

/// Rolls back unless committed.
class Transaction final
{
public:
    explicit Transaction(QSqlDatabase &db)
        : m_db(db)
        , m_active(db.transaction())
    {
    }
    ~Transaction()
    {
        if (m_active)
            m_db.rollback();
    }
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    Result<> begun() const
    {
        if (!m_active)
            return databaseError(u"begin"_s, m_db.lastError());
        return {};
    }
    Result<> commit()
    {
        if (!m_db.commit())
            return databaseError(u"commit"_s, m_db.lastError()); // the destructor rolls back
        m_active = false;
        return {};
    }

private:
    QSqlDatabase &m_db;
    bool m_active = false;
};

Result<> createSchema(QSqlDatabase &db)
{
    const QString statements[] = {
        u"CREATE TABLE drafts ("
        "  key TEXT PRIMARY KEY NOT NULL,"
        "  profile TEXT NOT NULL,"
        "  name TEXT NOT NULL DEFAULT '',"
        "  content_id TEXT NOT NULL,"
        "  meta_draft_id TEXT NOT NULL DEFAULT '',"
        "  duration_us INTEGER NOT NULL DEFAULT 0,"
        "  tracks INTEGER NOT NULL DEFAULT 0,"
        "  created_utc INTEGER NOT NULL,"  // ms since the epoch
        "  modified_utc INTEGER NOT NULL," // ms since the epoch
        "  format_version INTEGER NOT NULL,"
        "  content BLOB NOT NULL" // DraftSerializer::contentBytes
        ")"_s,
        // No index on modified_utc: it costs every create and save a page more in the WAL (about
        // a fifth of a commit), and list() sorts 10,000 rows in a few ms without it.
    };
    for (const QString &statement : statements) {
        if (Result<> done = exec(db, statement); !done)
            return done;
    }
    return {};
}

/// A draft written by the file-based store: <root>/<key>/draft.json, a wrapper object
/// {format, version, id, name, profile, metaDraftId, modified, content}. The old reader.
struct LegacyDraft
{
    Draft draft;
    QString profile;
    QDateTime modified;
};

Result<LegacyDraft> readLegacy(const QString &path, const QString &key)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::IoError,
                     u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    const QJsonObject root = document.object();
    if (!document.isObject() || root.value(u"format"_s).toString() != u"cutpilot-draft")
        return Error(ErrorCode::CorruptData,
                     u"%1 is damaged or not a CutPilot draft (%2)"_s.arg(file.fileName(),
                                                                         parseError.errorString()),
                     {{u"path"_s, file.fileName()}});
    if (root.value(u"version"_s).toInt() > DocumentFormat)
        return Error(ErrorCode::NotImplemented,
                     u"%1 was written by a newer CutPilot (format %2)"_s.arg(file.fileName())
                         .arg(root.value(u"version"_s).toInt()));
    Result<ParsedDraft> parsed = DraftParser::parse(root.value(u"content"_s).toObject());
    if (!parsed)
        return parsed.error().withContext(file.fileName());
    LegacyDraft legacy{parsed->draft, root.value(u"profile"_s).toString(), {}};
    legacy.draft.id = key;
    legacy.draft.name = root.value(u"name"_s).toString();
    legacy.draft.metaDraftId = root.value(u"metaDraftId"_s).toString();
    legacy.modified
        = QDateTime::fromString(root.value(u"modified"_s).toString(), Qt::ISODateWithMs).toUTC();
    if (!legacy.modified.isValid())
        legacy.modified = QFileInfo(path).lastModified().toUTC();
    return legacy;
}

QString timestamp()
{
    return QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd'T'HHmmss"_s);
}

/// `base`, or `base~2`, `base~3` ... whichever does not exist yet.
QString unusedPath(const QString &base)
{
    QString path = base;
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = base + u'~' + QString::number(n);
    return path;
}

} // namespace

// ---- connections --------------------------------------------------------------------------------

namespace {

constexpr int StatementCount = 8;

/// Indexed by DraftStore::Statement.
const char16_t *const StatementSql[StatementCount] = {
    u"INSERT INTO drafts (key, profile, name, content_id, meta_draft_id, duration_us, tracks, "
    "created_utc, modified_utc, format_version, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (key) DO NOTHING",
    u"UPDATE drafts SET name = ?, content_id = ?, meta_draft_id = ?, duration_us = ?, tracks = ?, "
    "modified_utc = ?, format_version = ?, content = ? WHERE key = ? AND profile = ?",
    u"SELECT profile, name, content_id, meta_draft_id, format_version, content FROM drafts "
    "WHERE key = ?",
    u"SELECT profile FROM drafts WHERE key = ?",
    u"DELETE FROM drafts WHERE key = ?",
    u"SELECT key, content_id, name, profile, duration_us, tracks, created_utc, modified_utc "
    "FROM drafts ORDER BY modified_utc DESC, rowid DESC",
    u"SELECT COUNT(*) FROM drafts",
    u"SELECT key, content_id, name, profile, duration_us, tracks, created_utc, modified_utc "
    "FROM drafts ORDER BY modified_utc DESC, rowid DESC LIMIT ? OFFSET ?",
};

} // namespace

/// One thread's Qt Sql connection (QSqlDatabase may only be used by the thread that opened it) and
/// its prepared statements, made on first use.
struct DraftStore::Connection
{
    QString name;
    QSqlDatabase db;
    std::array<std::unique_ptr<QSqlQuery>, StatementCount> statements;
    QMetaObject::Connection finishedHandler;

    /// Nothing may hold a handle of this connection any more: closes and removes it without Qt's
    /// "still in use" warning.
    void remove()
    {
        for (std::unique_ptr<QSqlQuery> &statement : statements)
            statement.reset();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
};

/// Every thread's connection. Shared with QThread::finished handlers, which may outlive the store.
struct DraftStore::Connections
{
    QMutex mutex;
    QString databasePath;
    QString namePrefix;
    int next = 0;
    std::unordered_map<QThread *, std::unique_ptr<Connection>> threads;

    void removeFor(QThread *thread)
    {
        std::unique_ptr<Connection> connection;
        {
            QMutexLocker lock(&mutex);
            const auto it = threads.find(thread);
            if (it == threads.end())
                return;
            connection = std::move(it->second);
            threads.erase(it);
        }
        QObject::disconnect(connection->finishedHandler);
        connection->remove();
    }
    void removeAll()
    {
        QMutexLocker lock(&mutex);
        for (auto &[thread, connection] : threads) {
            QObject::disconnect(connection->finishedHandler);
            connection->remove();
        }
        threads.clear();
    }
};

/// Checkpoints the WAL on a thread of its own, so that no create or save waits for the copy and the
/// fsyncs a checkpoint makes. Under a steady stream of writes a PASSIVE checkpoint never catches
/// up with the writer, so the WAL is never restarted and grows until the writers' own automatic
/// checkpoint (wal_autocheckpoint, 64 MiB) stalls a commit for tens of ms. So once writes pause
/// for IdleMs the WAL is checkpointed in TRUNCATE mode: emptied, restarted and cut to zero bytes,
/// and the next burst starts with an empty WAL. (A larger WAL would make that stall rarer, but
/// growing the file costs a fresh store about 5 % of its create rate in block allocation.) Has its
/// own connection, made and removed on its thread.
class DraftStore::Checkpointer final : public QThread
{
public:
    static constexpr int IdleMs = 1000;

    Checkpointer(QString databasePath, QString connectionName)
        : m_databasePath(std::move(databasePath))
        , m_connectionName(std::move(connectionName))
    {
        setObjectName(u"draft-store-checkpointer"_s);
    }
    ~Checkpointer() override { stop(); }

    /// Called after every commit: no lock, except for the first write after a truncation.
    void noteWrite()
    {
        m_writes.fetch_add(1);
        if (m_clean.load(std::memory_order_relaxed) && m_clean.exchange(false)) {
            QMutexLocker lock(&m_mutex);
            m_wake.wakeOne();
        }
    }
    void request()
    {
        QMutexLocker lock(&m_mutex);
        m_pending = true;
        m_wake.wakeOne();
    }
    void stop()
    {
        {
            QMutexLocker lock(&m_mutex);
            m_stop = true;
            m_wake.wakeOne();
        }
        wait();
    }

protected:
    void run() override
    {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
            db.setDatabaseName(m_databasePath);
            db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
            const bool opened
                = db.open() && Core::exec(db, u"PRAGMA synchronous=NORMAL"_s).hasValue();
            if (!opened)
                Log::get(Log::Draft)
                    ->warn("drafts database: no checkpointer: {}", db.lastError().text());
            for (Work work; opened && (work = next()) != Work::Stop;) {
                if (work == Work::Passive) {
                    QSqlQuery query(db);
                    if (!query.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s))
                        Log::get(Log::Draft)
                            ->warn("drafts database: checkpoint: {}", query.lastError().text());
                    continue;
                }
                // Idle. A TRUNCATE checkpoint keeps new writers out while it copies, so the copy
                // (and its fsyncs) is done by a PASSIVE one first; the TRUNCATE then only has to
                // cut the file. A reader or a writer that comes in meanwhile wins (a short busy
                // timeout, so that a writer is never held up for long); the next idle moment
                // tries again.
                const quint64 writes = m_writes.load();
                if (QSqlQuery copy(db);
                    !copy.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s) || m_writes.load() != writes)
                    continue;
                (void)Core::exec(db, u"PRAGMA busy_timeout=20"_s);
                QSqlQuery query(db);
                const bool truncated = query.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s)
                                       && query.next() && query.value(0).toInt() == 0;
                query.finish();
                (void)Core::exec(db, u"PRAGMA busy_timeout=10000"_s);
                if (truncated) {
                    m_clean.store(true);
                    if (m_writes.load() != writes) // a write raced the truncation: not clean
                        m_clean.store(false);
                }
            }
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }

private:
    enum class Work {
        Stop,
        Passive,
        Truncate
    };

    /// Waits for a request, or (after writes since the last truncation) for writes to pause.
    Work next()
    {
        QMutexLocker lock(&m_mutex);
        while (true) {
            if (m_stop)
                return Work::Stop;
            if (m_pending) {
                m_pending = false;
                return Work::Passive;
            }
            if (m_clean.load()) {
                m_wake.wait(&m_mutex); // noteWrite() wakes it
                continue;
            }
            const quint64 before = m_writes.load();
            if (!m_wake.wait(&m_mutex, IdleMs) && !m_stop && !m_pending
                && m_writes.load() == before)
                return Work::Truncate;
        }
    }

    const QString m_databasePath;
    const QString m_connectionName;
    std::atomic<quint64> m_writes{0};
    std::atomic<bool> m_clean{false}; ///< truncated, and no write since
    QMutex m_mutex;
    QWaitCondition m_wake;
    bool m_pending = false;
    bool m_stop = false;
};

void DraftStore::committedLocked(qint64 bytes)
{
    ++m_writes;
    if (!m_checkpointer)
        return;
    m_checkpointer->noteWrite();
    m_uncheckpointedBytes += bytes;
    if (++m_uncheckpointed >= CheckpointEvery || m_uncheckpointedBytes >= CheckpointBytes) {
        m_uncheckpointed = 0;
        m_uncheckpointedBytes = 0;
        m_checkpointer->request();
    }
}

Result<> DraftStore::beginLocked()
{
    Result<Connection *> connection = connectionLocked();
    if (!connection)
        return connection.error();
    if (!(*connection)->db.transaction())
        return databaseError(u"begin"_s, (*connection)->db.lastError());
    return {};
}

Result<> DraftStore::commitLocked()
{
    Result<Connection *> connection = connectionLocked();
    if (!connection)
        return connection.error();
    if (!(*connection)->db.commit())
        return databaseError(u"commit"_s, (*connection)->db.lastError());
    return {};
}

void DraftStore::rollbackLocked()
{
    if (Result<Connection *> connection = connectionLocked(); connection)
        (*connection)->db.rollback();
}

Result<QSqlDatabase *> DraftStore::databaseLocked() const
{
    Result<Connection *> connection = connectionLocked();
    if (!connection)
        return connection.error();
    return &(*connection)->db;
}

Result<DraftStore::Connection *> DraftStore::connectionLocked() const
{
    QThread *thread = QThread::currentThread();
    Connection *connection = nullptr;
    {
        QMutexLocker lock(&m_connections->mutex);
        std::unique_ptr<Connection> &slot = m_connections->threads[thread];
        if (!slot) {
            slot = std::make_unique<Connection>();
            slot->name = m_connections->namePrefix + QString::number(m_connections->next++);
            slot->db = QSqlDatabase::addDatabase(u"QSQLITE"_s, slot->name);
            slot->db.setDatabaseName(m_connections->databasePath);
            slot->db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
            // Runs on the finishing thread itself, the only one allowed to close its connection.
            slot->finishedHandler = QObject::connect(
                thread, &QThread::finished,
                [weak = std::weak_ptr<Connections>(m_connections), thread] {
                    if (const std::shared_ptr<Connections> connections = weak.lock())
                        connections->removeFor(thread);
                });
        }
        connection = slot.get();
    }
    if (!connection->db.isOpen()) {
        if (!connection->db.open())
            return databaseError(u"open"_s, connection->db.lastError());
        // journal_mode is stored in the file, the others are per connection. Checkpoints are the
        // checkpointer's; the automatic one only bounds the WAL under a long burst of writes (see
        // Checkpointer). The size limit keeps a restarted WAL's file up to that size, so that
        // writes under load reuse its blocks instead of allocating them again.
        for (const QString &pragma :
             {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA synchronous=NORMAL"_s,
              u"PRAGMA wal_autocheckpoint=16384"_s, u"PRAGMA journal_size_limit=67108864"_s}) {
            if (Result<> done = exec(connection->db, pragma); !done) {
                for (std::unique_ptr<QSqlQuery> &statement : connection->statements)
                    statement.reset();
                connection->db.close(); // opened again (and checked again) by the next call
                return done.error();
            }
        }
    }
    return connection;
}

Result<QSqlQuery *> DraftStore::statementLocked(Statement which) const
{
    Result<Connection *> connection = connectionLocked();
    if (!connection)
        return connection.error();
    std::unique_ptr<QSqlQuery> &statement = (*connection)->statements.at(size_t(which));
    if (!statement) {
        auto prepared = std::make_unique<QSqlQuery>((*connection)->db);
        prepared->setForwardOnly(true);
        const QString sql = QString::fromUtf16(StatementSql[int(which)]);
        if (!prepared->prepare(sql))
            return databaseError(sql, prepared->lastError());
        statement = std::move(prepared);
    }
    return statement.get();
}

// ---- open, migrate, import ----------------------------------------------------------------------

DraftStore::DraftStore(QString root, qint64 cacheBytes)
    : m_root(QDir::cleanPath(QDir(root).absolutePath()))
    , m_connections(std::make_shared<Connections>())
{
    m_connections->databasePath = databasePath();
    m_connections->namePrefix
        = u"cutpilot-drafts-%1-"_s.arg(s_instanceCounter.fetchAndAddRelaxed(1));
    // QCache counts cost in int: keep units of KiB.
    m_cache.setMaxCost(
        int(std::clamp<qint64>(cacheBytes / 1024, 1, std::numeric_limits<int>::max())));
}

DraftStore::~DraftStore()
{
    m_checkpointer.reset(); // stops it
    m_connections->removeAll();
}

QString DraftStore::databasePath() const
{
    return m_root + u"/drafts.sqlite"_s;
}

bool DraftStore::isValidKey(const QString &key)
{
    // ^[0-9A-Za-z_-]{1,64}$: GUIDs, 32-hex and the HTTP compat ids (dfd_cat_1795913748_93bff833).
    // Legacy keys were also folder names: nothing here may escape a folder either. Checked on
    // every call, so by hand rather than with a QRegularExpression.
    if (key.isEmpty() || key.size() > 64)
        return false;
    return std::all_of(key.cbegin(), key.cend(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= u'0' && u <= u'9') || (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z')
               || u == u'_' || u == u'-';
    });
}

bool DraftStore::isOpen() const
{
    QMutexLocker lock(&m_mutex);
    return m_open;
}

Result<> DraftStore::requireOpenLocked() const
{
    if (!m_open)
        return Error(ErrorCode::Unavailable, u"the draft store %1 is not open"_s.arg(m_root));
    return {};
}

Result<DraftStore::OpenReport> DraftStore::open()
{
    QMutexLocker lock(&m_mutex);
    if (m_open)
        return Error(ErrorCode::Conflict, u"the draft store %1 is already open"_s.arg(m_root));
    if (!QDir().mkpath(m_root))
        return Error(ErrorCode::IoError, u"cannot create the drafts folder %1"_s.arg(m_root),
                     {{u"path"_s, m_root}});
    if (Result<> opened = openDatabaseLocked(); !opened) {
        if (isCorruption(opened.error()))
            return moveAsideLocked(opened.error());
        m_connections->removeAll(); // the next open() starts over
        return opened.error();
    }
    OpenReport report;
    if (Result<> imported = importLegacyLocked(report); !imported)
        return imported.error();
    Result<Connection *> connection = connectionLocked();
    if (!connection)
        return connection.error();
    Result<qint64> drafts = scalar((*connection)->db, u"SELECT COUNT(*) FROM drafts"_s);
    if (!drafts)
        return drafts.error();
    report.drafts = *drafts;
    m_open = true;
    m_checkpointer = std::make_unique<Checkpointer>(databasePath(),
                                                    m_connections->namePrefix + u"checkpointer"_s);
    m_checkpointer->start(QThread::LowPriority);
    Log::get(Log::Draft)
        ->info(
            "draft store {}: {} drafts{}", databasePath(), report.drafts,
            report.imported > 0
                ? u", imported %1 legacy drafts to %2"_s.arg(report.imported).arg(report.importedTo)
                : QString());
    return report;
}

Result<> DraftStore::openDatabaseLocked()
{
    Result<Connection *> connection = connectionLocked();
    if (!connection)
        return connection.error();
    QSqlDatabase &db = (*connection)->db;
    {
        QSqlQuery query(db);
        if (!query.exec(u"PRAGMA quick_check"_s))
            return databaseError(u"quick_check"_s, query.lastError());
        while (query.next()) {
            const QString line = query.value(0).toString();
            if (line != u"ok"_s)
                return Error(ErrorCode::CorruptData, u"quick_check: "_s + line);
        }
    }
    return migrateLocked(db);
}

Result<> DraftStore::migrateLocked(QSqlDatabase &db)
{
    const Result<qint64> version = scalar(db, u"PRAGMA user_version"_s);
    if (!version)
        return version.error();
    if (*version > SchemaVersion) {
        return Error(ErrorCode::DatabaseError,
                     u"%1 has schema version %2; this CutPilot knows up to %3 (a newer CutPilot "
                     "wrote it)"_s.arg(databasePath())
                         .arg(*version)
                         .arg(SchemaVersion));
    }
    if (*version == SchemaVersion)
        return {};

    Transaction transaction(db);
    if (Result<> begun = transaction.begun(); !begun)
        return begun;
    // Migration hook: one case per schema version, each falling through to the next step.
    switch (*version) {
    case 0:
        if (Result<> created = createSchema(db); !created)
            return created;
        [[fallthrough]];
    case 1:
        // The last save of a draft into an editor folder (DraftStore::SaveRecord).
        if (Result<> created = exec(db, u"CREATE TABLE saves ("
                                        "  key TEXT PRIMARY KEY NOT NULL,"
                                        "  state INTEGER NOT NULL," // SaveRecord::State
                                        "  folder TEXT NOT NULL,"
                                        "  message TEXT NOT NULL,"
                                        "  saved_utc INTEGER NOT NULL" // ms since the epoch
                                        ")"_s);
            !created)
            return created;
        [[fallthrough]];
    default:
        break;
    }
    if (Result<> set = exec(db, u"PRAGMA user_version = %1"_s.arg(SchemaVersion)); !set)
        return set;
    return transaction.commit();
}

Error DraftStore::moveAsideLocked(const Error &cause)
{
    m_connections->removeAll(); // nobody else has one: nothing works before open()
    const QString database = databasePath();
    const QString backup = unusedPath(database + u".corrupt-"_s + timestamp());
    if (!QFile::rename(database, backup)) {
        return Error(ErrorCode::IoError,
                     u"the drafts database %1 is damaged (%2) and cannot be moved aside"_s.arg(
                         database, cause.message()),
                     {{u"path"_s, database}});
    }
    // The journals belong to the damaged file (and may hold its last transactions).
    for (const QString &suffix : {u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        if (QFile::exists(database + suffix) && !QFile::rename(database + suffix, backup + suffix))
            QFile::remove(database + suffix);
    }
    Log::get(Log::Draft)->critical("drafts database {} is damaged, moved to {}", database, backup);
    return Error(ErrorCode::CorruptData,
                 u"the drafts database %1 is damaged (%2). It was moved to %3; restore the drafts "
                 "from a backup of that file (or try `sqlite3 %3 .recover`). The next start "
                 "begins with an empty draft store."_s.arg(database, cause.message(), backup),
                 {{u"path"_s, database}, {u"movedTo"_s, backup}});
}

Result<> DraftStore::importLegacyLocked(OpenReport &report)
{
    QStringList keys;
    const QDir root(m_root);
    for (const QString &key : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (isValidKey(key) && QFileInfo(root.filePath(key + u"/draft.json"_s)).isFile())
            keys.append(key);
    }
    if (keys.isEmpty())
        return {};

    Result<QSqlQuery *> insert = statementLocked(Statement::Insert);
    if (!insert)
        return insert.error();
    Result<Connection *> connection = connectionLocked();
    if (!connection)
        return connection.error();
    Transaction transaction((*connection)->db);
    if (Result<> begun = transaction.begun(); !begun)
        return begun;
    int imported = 0;
    for (const QString &key : std::as_const(keys)) {
        const QString file = root.filePath(key + u"/draft.json"_s);
        Result<LegacyDraft> legacy = readLegacy(file, key);
        Result<std::shared_ptr<const DraftSerializer>> writer
            = legacy ? serializer(legacy->profile)
                     : Result<std::shared_ptr<const DraftSerializer>>(legacy.error());
        if (!writer) {
            report.warnings.append(u"cannot import %1: %2"_s.arg(file, writer.error().message()));
            continue;
        }
        const EncodedContent content = encodeContent(**writer, legacy->draft);
        const Draft &draft = legacy->draft;
        QDateTime created = QFileInfo(file).birthTime().toUTC();
        if (!created.isValid() || created > legacy->modified)
            created = legacy->modified;
        const QVariant values[] = {key,
                                   legacy->profile,
                                   text(draft.name),
                                   draft.id,
                                   text(draft.metaDraftId),
                                   draft.duration(),
                                   int(draft.tracks.size()),
                                   created.toMSecsSinceEpoch(),
                                   legacy->modified.toMSecsSinceEpoch(),
                                   content.format,
                                   content.bytes};
        for (int i = 0; i < int(std::size(values)); ++i)
            (*insert)->bindValue(i, values[i]);
        if (!(*insert)->exec())
            return databaseError(u"import %1"_s.arg(file), (*insert)->lastError());
        if ((*insert)->numRowsAffected() == 0) {
            report.warnings.append(
                u"did not import %1: a draft with the key %2 is already stored"_s.arg(file, key));
            continue;
        }
        ++imported;
    }
    if (Result<> committed = transaction.commit(); !committed)
        return committed;
    committedLocked();

    // Only now that the rows are committed: a crash before this point imports them again (the
    // rows already stored are skipped then).
    const QString target = unusedPath(root.filePath(u"imported-"_s + timestamp()));
    if (!QDir().mkpath(target))
        return Error(ErrorCode::IoError, u"cannot create %1"_s.arg(target), {{u"path"_s, target}});
    for (const QString &key : std::as_const(keys)) {
        if (!QDir().rename(root.filePath(key), target + u'/' + key))
            report.warnings.append(u"cannot move %1 to %2"_s.arg(root.filePath(key), target));
    }
    report.imported = imported;
    report.importedTo = target;
    for (const QString &warning : std::as_const(report.warnings))
        Log::get(Log::Draft)->warn("draft store: {}", warning);
    return {};
}

} // namespace CutPilot::Core
