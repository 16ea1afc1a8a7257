// MediaCache: the SQLite index - SQL helpers, per-thread connections, schema and migration, open()
// with its start-up verification and rebuild, writing batched LRU touches. The rest of the class is
// in mediacache.cpp.
#include "core/support/log.h"
#include "mediacacheindex_p.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace MediaCacheDetail;

// ---- SQL helpers --------------------------------------------------------------------------------

namespace MediaCacheDetail {

Error databaseError(const QString &what, const QSqlError &error)
{
    return Error(ErrorCode::DatabaseError, u"media cache index: %1: %2"_s.arg(what, error.text()),
                 {{u"sqliteCode"_s, error.nativeErrorCode()}});
}

QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

Result<QSqlQuery> run(QSqlDatabase &db, const QString &sql, const QVariantList &values)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return databaseError(sql, query.lastError());
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return databaseError(sql, query.lastError());
    return query;
}

Result<> exec(QSqlDatabase &db, const QString &sql, const QVariantList &values)
{
    if (Result<QSqlQuery> query = run(db, sql, values); !query)
        return query.error();
    return {};
}

Result<qint64> scalar(QSqlDatabase &db, const QString &sql)
{
    Result<QSqlQuery> query = run(db, sql);
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toLongLong() : 0;
}

std::optional<QJsonObject> readProbe(QSqlDatabase &db, const QString &contentKey)
{
    Result<QSqlQuery> query
        = run(db, u"SELECT json FROM probes WHERE content_key = ?"_s, {contentKey});
    if (!query || !query->next())
        return std::nullopt;
    const QJsonDocument json = QJsonDocument::fromJson(query->value(0).toString().toUtf8());
    if (!json.isObject())
        return std::nullopt;
    return json.object();
}

Result<DerivedRow> findDerived(QSqlDatabase &db, const QString &contentKey, const QString &kind,
                               const QString &params)
{
    Result<QSqlQuery> query = run(db,
                                  u"SELECT id, file, size FROM derived "
                                  "WHERE content_key = ? AND kind = ? AND params = ?"_s,
                                  {contentKey, kind, text(params)});
    if (!query)
        return query.error();
    if (!query->next())
        return DerivedRow();
    return DerivedRow{query->value(0).toLongLong(), query->value(1).toString(),
                      query->value(2).toLongLong()};
}

Result<> Transaction::begun() const
{
    if (!m_active)
        return databaseError(u"begin"_s, m_db.lastError());
    return {};
}

Result<> Transaction::commit()
{
    if (!m_db.commit())
        return databaseError(u"commit"_s, m_db.lastError()); // the destructor rolls back
    m_active = false;
    return {};
}

// ---- helpers shared with mediacache.cpp ---------------------------------------------------------

bool isSha256(QStringView text)
{
    if (text.size() != 64)
        return false;
    return std::all_of(text.begin(), text.end(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
    });
}

Error ioError(const QString &what, const QString &path, const QString &reason)
{
    return Error(ErrorCode::IoError, u"media cache: %1 %2: %3"_s.arg(what, path, reason),
                 {{u"path"_s, path}});
}

Result<QString> hashFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ioError(u"cannot read"_s, path, file.errorString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return ioError(u"cannot read"_s, path, file.errorString());
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace MediaCacheDetail

namespace {

/// SQLITE_CORRUPT (11) and SQLITE_NOTADB (26), also as extended codes.
bool isCorruption(const Error &error)
{
    if (error.code() == ErrorCode::CorruptData)
        return true;
    bool ok = false;
    const int code = error.details().value(u"sqliteCode"_s).toString().toInt(&ok);
    return ok && ((code & 0xff) == 11 || (code & 0xff) == 26);
}

Result<> createSchema(QSqlDatabase &db)
{
    const QString statements[] = {
        u"CREATE TABLE objects ("
        "  sha256 TEXT PRIMARY KEY NOT NULL,"
        "  size INTEGER NOT NULL,"
        "  original_name TEXT NOT NULL DEFAULT '',"
        "  source_url TEXT NOT NULL DEFAULT '',"
        "  added_at INTEGER NOT NULL," // ms since the epoch, UTC
        "  last_used INTEGER NOT NULL" // logical LRU clock, shared with derived
        ") WITHOUT ROWID"_s,
        u"CREATE INDEX objects_last_used ON objects(last_used)"_s,
        u"CREATE TABLE derived ("
        "  id INTEGER PRIMARY KEY,"
        "  content_key TEXT NOT NULL,"
        "  kind TEXT NOT NULL,"
        "  params TEXT NOT NULL,"
        "  file TEXT NOT NULL," // relative to derived/
        "  size INTEGER NOT NULL,"
        "  created_at INTEGER NOT NULL,"
        "  last_used INTEGER NOT NULL,"
        "  UNIQUE (content_key, kind, params))"_s,
        u"CREATE INDEX derived_last_used ON derived(last_used)"_s,
        u"CREATE TABLE local_refs ("
        "  path TEXT PRIMARY KEY NOT NULL,"
        "  size INTEGER NOT NULL,"
        "  mtime INTEGER NOT NULL,"
        "  fingerprint TEXT NOT NULL,"
        "  checked_at INTEGER NOT NULL"
        ") WITHOUT ROWID"_s,
        u"CREATE INDEX local_refs_fingerprint ON local_refs(fingerprint)"_s,
        u"CREATE TABLE probes ("
        "  content_key TEXT PRIMARY KEY NOT NULL,"
        "  json TEXT NOT NULL,"
        "  updated_at INTEGER NOT NULL"
        ") WITHOUT ROWID"_s,
    };
    for (const QString &statement : statements) {
        if (Result<> done = exec(db, statement); !done)
            return done;
    }
    return {};
}

} // namespace

// ---- connections --------------------------------------------------------------------------------

Result<QSqlDatabase> MediaCache::databaseLocked() const
{
    QThread *thread = QThread::currentThread();
    QString name;
    {
        QMutexLocker lock(&m_connections->mutex);
        name = m_connections->names.value(thread);
        if (name.isEmpty()) {
            name = m_connections->namePrefix + QString::number(m_connections->next++);
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(m_connections->databasePath);
            db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
            m_connections->names.insert(thread, name);
            // Runs on the finishing thread itself, the only one allowed to close its connection.
            QObject::connect(thread, &QThread::finished,
                             [weak = std::weak_ptr<Connections>(m_connections), thread] {
                                 if (const std::shared_ptr<Connections> connections = weak.lock())
                                     connections->removeFor(thread);
                             });
        }
    }
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (!db.isOpen()) {
        if (!db.open())
            return databaseError(u"open"_s, db.lastError());
        for (const QString &pragma :
             {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA synchronous=NORMAL"_s}) {
            if (Result<> done = exec(db, pragma); !done) {
                db.close(); // opened again (and checked again) by the next call
                return done.error();
            }
        }
    }
    return db;
}

// ---- open and verify ----------------------------------------------------------------------------

Result<MediaCache::VerifyReport> MediaCache::open()
{
    QMutexLocker lock(&m_mutex);
    if (m_open)
        return Error(ErrorCode::Conflict, u"media cache: already open"_s);
    const QString dirs[] = {m_root, m_root + u"/objects"_s, derivedDirectory(), m_root + u"/tmp"_s};
    for (const QString &dir : dirs) {
        if (!QDir().mkpath(dir))
            return ioError(u"cannot create"_s, dir, u"mkpath failed"_s);
    }

    VerifyReport report;
    if (Result<> opened = openIndexLocked(report); !opened)
        return opened.error();
    Result<QSqlDatabase> db = databaseLocked();
    if (!db)
        return db.error();
    if (Result<> verified = verifyLocked(*db, report); !verified)
        return verified.error();
    m_open = true;
    report.evicted = evictLocked(*db);

    const Result<qint64> objects = scalar(*db, u"SELECT COUNT(*) FROM objects"_s);
    const Result<qint64> derived = scalar(*db, u"SELECT COUNT(*) FROM derived"_s);
    report.objects = int(objects.valueOr(0));
    report.derived = int(derived.valueOr(0));
    report.totalBytes = m_totalBytes;
    Log::get(Log::Media)
        ->info("media cache {}: {} objects, {} derived, {} of {} bytes; dropped {} rows, "
               "re-indexed {} files, removed {} files, evicted {}{}",
               m_root, report.objects, report.derived, m_totalBytes, m_maxBytes, report.droppedRows,
               report.reindexed, report.removedFiles, report.evicted,
               report.indexRecovered ? " (index rebuilt)" : "");
    return report;
}

Result<> MediaCache::openIndexLocked(VerifyReport &report)
{
    const auto check = [this]() -> Result<> {
        Result<QSqlDatabase> db = databaseLocked();
        if (!db)
            return db.error();
        QSqlQuery query(*db);
        if (!query.exec(u"PRAGMA quick_check"_s))
            return databaseError(u"quick_check"_s, query.lastError());
        while (query.next()) {
            const QString line = query.value(0).toString();
            if (line != u"ok"_s)
                return Error(ErrorCode::CorruptData, u"media cache index: "_s + line);
        }
        return {};
    };

    Result<> checked = check();
    if (!checked && isCorruption(checked.error())) {
        Log::get(Log::Media)
            ->warn("media cache index is corrupt ({}), rebuilding it from the files",
                   checked.error().message());
        if (Result<> moved = moveIndexAsideLocked(report); !moved)
            return moved;
        checked = check();
    }
    if (!checked)
        return checked;
    Result<QSqlDatabase> db = databaseLocked();
    if (!db)
        return db.error();
    return migrateLocked(*db);
}

Result<> MediaCache::moveIndexAsideLocked(VerifyReport &report)
{
    m_connections->removeFor(QThread::currentThread());
    const QString index = m_connections->databasePath;
    QString backup
        = index + u".corrupt-"_s + QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd'T'HHmmss"_s);
    for (int n = 2; QFile::exists(backup); ++n)
        backup = backup.section(u'~', 0, 0) + u'~' + QString::number(n);
    if (!QFile::rename(index, backup))
        return ioError(u"cannot move aside"_s, index, u"rename failed"_s);
    // Journals belong to the corrupt file: replaying one into a new index would be wrong.
    for (const QString &suffix : {u"-wal"_s, u"-shm"_s, u"-journal"_s}) {
        if (QFile::exists(index + suffix) && !QFile::rename(index + suffix, backup + suffix))
            QFile::remove(index + suffix);
    }
    report.indexRecovered = true;
    report.corruptIndexBackup = backup;
    Log::get(Log::Media)->warn("media cache: corrupt index moved to {}", backup);
    return {};
}

Result<> MediaCache::migrateLocked(QSqlDatabase &db)
{
    const Result<qint64> version = scalar(db, u"PRAGMA user_version"_s);
    if (!version)
        return version.error();
    if (*version > SchemaVersion) {
        return Error(
            ErrorCode::DatabaseError,
            u"media cache index has schema version %1; this CutPilot knows up to %2"_s.arg(*version)
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
    default:
        break;
    }
    if (Result<> set = exec(db, u"PRAGMA user_version = %1"_s.arg(SchemaVersion)); !set)
        return set;
    return transaction.commit();
}

Result<> MediaCache::verifyLocked(QSqlDatabase &db, VerifyReport &report)
{
    const Result<qint64> clock = scalar(db, u"SELECT MAX(COALESCE((SELECT MAX(last_used) FROM "
                                            "objects), 0), COALESCE((SELECT MAX(last_used) FROM "
                                            "derived), 0))"_s);
    if (!clock)
        return clock.error();
    m_clock = *clock;

    // Files being added when the last run ended. Copies (*.part) are only copies; a moved-in
    // file (<sha256>-<rnd>.moved) may be the only copy of the user's file: it goes into objects/,
    // where the scan below indexes it (or deletes it if its content does not match its name).
    QDir tmp(m_root + u"/tmp"_s);
    for (const QFileInfo &info :
         tmp.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)) {
        const QString sha = info.fileName().section(u'-', 0, 0);
        if (info.isFile() && info.fileName().endsWith(u".moved"_s) && isSha256(sha)) {
            const QString target = objectPath(sha);
            const QFileInfo existing(target);
            if (existing.isFile() && existing.size() == info.size()) {
                report.removedFiles += QFile::remove(info.filePath()) ? 1 : 0; // stored already
                continue;
            }
            QDir().mkpath(existing.absolutePath());
            QFile::remove(target);
            if (QFile::rename(info.filePath(), target)) {
                Log::get(Log::Media)
                    ->warn("media cache: re-indexing {}, moved in by an interrupted add", target);
                continue;
            }
            Log::get(Log::Media)
                ->error("media cache: cannot move {} to {}", info.filePath(), target);
            continue; // kept: never delete what may be the only copy
        }
        const bool removed = info.isDir() ? QDir(info.filePath()).removeRecursively()
                                          : QFile::remove(info.filePath());
        report.removedFiles += removed ? 1 : 0;
    }

    QHash<QString, qint64> objectRows;
    if (Result<QSqlQuery> query = run(db, u"SELECT sha256, size FROM objects"_s); !query) {
        return query.error();
    } else {
        while (query->next())
            objectRows.insert(query->value(0).toString(), query->value(1).toLongLong());
    }
    QStringList droppedObjects;
    for (auto it = objectRows.cbegin(); it != objectRows.cend(); ++it) {
        const QFileInfo info(objectPath(it.key()));
        if (!isSha256(it.key()) || !info.isFile() || info.size() != it.value())
            droppedObjects.append(it.key());
    }
    for (const QString &sha : std::as_const(droppedObjects))
        objectRows.remove(sha);

    // Object files without a row: crash between rename and insert, or a rebuilt index.
    QList<QFileInfo> orphans;
    QDirIterator objects(m_root + u"/objects"_s, QDir::Files | QDir::Hidden | QDir::System,
                         QDirIterator::Subdirectories);
    while (objects.hasNext()) {
        const QFileInfo info(objects.next());
        const QString name = info.fileName();
        if (info.absoluteFilePath() != objectPath(name)) { // *.part, editor backups, anything else
            report.removedFiles += QFile::remove(info.filePath()) ? 1 : 0;
        } else if (!objectRows.contains(name)) {
            orphans.append(info);
        }
    }
    std::sort(orphans.begin(), orphans.end(), [](const QFileInfo &a, const QFileInfo &b) {
        return a.lastModified() < b.lastModified();
    });

    QSet<QString> derivedFiles;
    QList<qint64> droppedDerived;
    if (Result<QSqlQuery> query = run(db, u"SELECT id, file, size FROM derived"_s); !query) {
        return query.error();
    } else {
        while (query->next()) {
            const qint64 id = query->value(0).toLongLong();
            const QString file = query->value(1).toString();
            const qint64 size = query->value(2).toLongLong();
            const QFileInfo info(derivedDirectory() + u'/' + file);
            if (!info.isFile() || info.size() != size || file.contains(u".."_s)) {
                droppedDerived.append(id);
            } else {
                derivedFiles.insert(info.absoluteFilePath());
            }
        }
    }
    QDirIterator derived(derivedDirectory(), QDir::Files | QDir::Hidden | QDir::System,
                         QDirIterator::Subdirectories);
    while (derived.hasNext()) {
        const QFileInfo info(derived.next());
        if (!derivedFiles.contains(info.absoluteFilePath()))
            report.removedFiles += QFile::remove(info.filePath()) ? 1 : 0;
    }

    QStringList goneRefs;
    if (Result<QSqlQuery> query = run(db, u"SELECT path FROM local_refs"_s); !query) {
        return query.error();
    } else {
        while (query->next()) {
            if (const QString path = query->value(0).toString(); !QFileInfo::exists(path))
                goneRefs.append(path);
        }
    }

    Transaction transaction(db);
    if (Result<> begun = transaction.begun(); !begun)
        return begun;
    for (const QString &sha : std::as_const(droppedObjects)) {
        if (Result<> done = exec(db, u"DELETE FROM objects WHERE sha256 = ?"_s, {sha}); !done)
            return done;
    }
    for (qint64 id : std::as_const(droppedDerived)) {
        if (Result<> done = exec(db, u"DELETE FROM derived WHERE id = ?"_s, {id}); !done)
            return done;
    }
    for (const QString &path : std::as_const(goneRefs)) {
        if (Result<> done = exec(db, u"DELETE FROM local_refs WHERE path = ?"_s, {path}); !done)
            return done;
    }
    report.droppedRows = int(droppedObjects.size() + droppedDerived.size());
    for (const QFileInfo &info : std::as_const(orphans)) {
        const Result<QString> sha = hashFile(info.filePath());
        if (!sha || *sha != info.fileName()) { // damaged content: it is not what its name says
            report.removedFiles += QFile::remove(info.filePath()) ? 1 : 0;
            continue;
        }
        const qint64 addedAt = info.lastModified().toMSecsSinceEpoch();
        const Result<> inserted = exec(db,
                                       u"INSERT INTO objects (sha256, size, added_at, last_used) "
                                       "VALUES (?, ?, ?, ?)"_s,
                                       {*sha, info.size(), addedAt, ++m_clock});
        if (!inserted)
            return inserted;
        ++report.reindexed;
    }
    if (Result<> done = exec(db, u"DELETE FROM probes WHERE content_key NOT IN (SELECT sha256 "
                                 "FROM objects) AND content_key NOT IN (SELECT fingerprint FROM "
                                 "local_refs)"_s);
        !done) {
        return done;
    }
    if (Result<> committed = transaction.commit(); !committed)
        return committed;

    const Result<qint64> total = scalar(db, u"SELECT COALESCE((SELECT SUM(size) FROM objects), 0) "
                                            "+ COALESCE((SELECT SUM(size) FROM derived), 0)"_s);
    if (!total)
        return total.error();
    m_totalBytes = *total;
    return {};
}

// ---- LRU touches ------------------------------------------------------------------------------

Result<> MediaCache::flushTouchesLocked(QSqlDatabase &db)
{
    if (m_objectTouches.isEmpty() && m_derivedTouches.isEmpty())
        return {};
    Transaction transaction(db);
    if (Result<> begun = transaction.begun(); !begun)
        return begun;
    {
        QSqlQuery objects(db);
        objects.prepare(u"UPDATE objects SET last_used = ? WHERE sha256 = ?"_s);
        for (auto it = m_objectTouches.cbegin(); it != m_objectTouches.cend(); ++it) {
            objects.addBindValue(it.value());
            objects.addBindValue(it.key());
            if (!objects.exec())
                return databaseError(u"touch"_s, objects.lastError());
        }
        QSqlQuery derived(db);
        derived.prepare(u"UPDATE derived SET last_used = ? WHERE id = ?"_s);
        for (auto it = m_derivedTouches.cbegin(); it != m_derivedTouches.cend(); ++it) {
            derived.addBindValue(it.value());
            derived.addBindValue(it.key());
            if (!derived.exec())
                return databaseError(u"touch"_s, derived.lastError());
        }
    }
    if (Result<> committed = transaction.commit(); !committed)
        return committed;
    m_objectTouches.clear();
    m_derivedTouches.clear();
    return {};
}

} // namespace CutPilot::Core
