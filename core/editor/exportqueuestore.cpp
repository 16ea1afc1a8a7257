#include "exportqueuestore.h"

#include "core/support/utctime.h"

#include <QAtomicInt>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <array>

namespace CutPilot::Core::Editor {

using namespace Qt::StringLiterals;

namespace {

QAtomicInt s_connections;

constexpr std::array kStateNames{"queued", "running", "verifying", "done", "failed", "cancelled"};

constexpr auto Columns
    = "id, draft_name, draft_folder, requested_path, resolution, fps, duration_ms, priority, "
      "state, attempts, max_attempts, next_attempt_ms, progress, reason, message, output_path, "
      "final_path, attempt_started_ms, created_ms, updated_ms";

Error databaseError(const QString &what, const QSqlError &error)
{
    return Error(ErrorCode::DatabaseError, u"exports database: %1: %2"_s.arg(what, error.text()),
                 {{u"sqliteCode"_s, error.nativeErrorCode()}});
}

qint64 msOf(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : 0;
}

QDateTime timeOf(const QVariant &value)
{
    const qint64 ms = value.toLongLong();
    return ms > 0 ? utcFromMSecs(ms) : QDateTime();
}

QString isoMs(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : QString();
}

ExportJob readJob(const QSqlQuery &q)
{
    ExportJob job;
    job.id = q.value(0).toString();
    job.draftName = q.value(1).toString();
    job.draftFolder = q.value(2).toString();
    job.requestedPath = q.value(3).toString();
    job.resolution = q.value(4).toString();
    job.fps = q.value(5).toString();
    job.draftDurationMs = q.value(6).toLongLong();
    job.priority = q.value(7).toInt();
    job.state = exportJobStateFromName(q.value(8).toString()).value_or(ExportJobState::Failed);
    job.attempts = q.value(9).toInt();
    job.maxAttempts = q.value(10).toInt();
    job.nextAttemptAt = timeOf(q.value(11));
    job.progress = q.value(12).toInt();
    job.reason = q.value(13).toString();
    job.message = q.value(14).toString();
    job.outputPath = q.value(15).toString();
    job.finalPath = q.value(16).toString();
    job.attemptStartedAt = timeOf(q.value(17));
    job.created = timeOf(q.value(18));
    job.updated = timeOf(q.value(19));
    return job;
}

} // namespace

QString exportJobStateName(ExportJobState state)
{
    return QString::fromLatin1(kStateNames.at(size_t(state)));
}

std::optional<ExportJobState> exportJobStateFromName(QStringView name)
{
    for (size_t i = 0; i < kStateNames.size(); ++i) {
        if (name == QLatin1StringView(kStateNames.at(i)))
            return ExportJobState(i);
    }
    return std::nullopt;
}

QJsonObject ExportJob::toJson() const
{
    QJsonObject object{
        {u"id"_s, id},
        {u"draftName"_s, draftName},
        {u"draftFolder"_s, draftFolder},
        {u"requestedPath"_s, requestedPath},
        {u"resolution"_s, resolution},
        {u"fps"_s, fps},
        {u"draftDurationMs"_s, draftDurationMs},
        {u"priority"_s, priority},
        {u"state"_s, exportJobStateName(state)},
        {u"attempts"_s, attempts},
        {u"maxAttempts"_s, maxAttempts},
        {u"progress"_s, progress},
        {u"created"_s, isoMs(created)},
        {u"updated"_s, isoMs(updated)},
    };
    if (nextAttemptAt.isValid())
        object.insert(u"nextAttemptAt"_s, isoMs(nextAttemptAt));
    if (!reason.isEmpty())
        object.insert(u"reason"_s, reason);
    if (!message.isEmpty())
        object.insert(u"message"_s, message);
    if (state == ExportJobState::Done)
        object.insert(u"outputPath"_s, finalPath);
    return object;
}

ExportQueueStore::ExportQueueStore(QString databasePath, int maxFinished)
    : m_path(std::move(databasePath))
    , m_connection(u"cutpilot-exports-%1"_s.arg(s_connections.fetchAndAddRelaxed(1)))
    , m_maxFinished(std::max(0, maxFinished))
{
}

ExportQueueStore::~ExportQueueStore()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

Result<ExportQueueStore::OpenReport> ExportQueueStore::open()
{
    if (m_open)
        return Error(ErrorCode::Internal, u"exports database: opened twice"_s);
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return Error(ErrorCode::IoError,
                     u"exports database: cannot create the folder of %1"_s.arg(m_path));
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(m_path);
    if (!db.open())
        return databaseError(u"open %1"_s.arg(m_path), db.lastError());
    if (Result<> migrated = migrate(); !migrated) {
        db.close();
        return migrated.error();
    }
    m_open = true;

    // What a previous run (crashed, killed, quit) left in flight is resumed, not failed.
    OpenReport report;
    Result<QList<ExportJob>> jobs = list();
    if (!jobs)
        return jobs.error();
    for (ExportJob &job : *jobs) {
        if (job.state != ExportJobState::Running && job.state != ExportJobState::Verifying)
            continue;
        const bool moved = job.state == ExportJobState::Verifying && !job.finalPath.isEmpty()
                           && QFileInfo::exists(job.finalPath)
                           && (job.outputPath.isEmpty() || !QFileInfo::exists(job.outputPath));
        if (moved) {
            job.state = ExportJobState::Done;
            job.progress = 100;
            ++report.completed;
        } else {
            job.state = ExportJobState::Queued;
            job.finalPath.clear();
            job.progress = 0;
            job.message = u"interrupted by a restart of CutPilot; resumed"_s;
            ++report.requeued;
        }
        if (Result<> stored = put(job); !stored)
            return stored.error();
    }
    Result<int> pruned = prune();
    if (!pruned)
        return pruned.error();
    report.pruned = *pruned;
    return report;
}

Result<int> ExportQueueStore::prune()
{
    if (!m_open)
        return Error(ErrorCode::Unavailable, u"exports database is not open"_s);
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"DELETE FROM export_jobs WHERE id IN (SELECT id FROM export_jobs "
                  "WHERE state IN ('done', 'failed', 'cancelled') "
                  "ORDER BY updated_ms DESC, rowid DESC LIMIT -1 OFFSET ?)"_s);
    query.addBindValue(m_maxFinished);
    if (!query.exec())
        return databaseError(u"prune export jobs"_s, query.lastError());
    return query.numRowsAffected();
}

Result<> ExportQueueStore::migrate()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery query(db);
    for (const QString &pragma : {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA synchronous=NORMAL"_s,
                                  u"PRAGMA busy_timeout=5000"_s}) {
        if (!query.exec(pragma))
            return databaseError(pragma, query.lastError());
    }
    if (!query.exec(u"PRAGMA user_version"_s) || !query.next())
        return databaseError(u"PRAGMA user_version"_s, query.lastError());
    const int version = query.value(0).toInt();
    if (version > SchemaVersion)
        return Error(
            ErrorCode::DatabaseError,
            u"exports database %1 has schema %2, this CutPilot knows up to %3"_s.arg(m_path)
                .arg(version)
                .arg(SchemaVersion));
    if (version == SchemaVersion)
        return {};
    QStringList statements{
        u"CREATE TABLE IF NOT EXISTS export_jobs (id TEXT PRIMARY KEY, draft_name TEXT NOT NULL, "
        "draft_folder TEXT, requested_path TEXT NOT NULL, resolution TEXT, fps TEXT, "
        "duration_ms INTEGER NOT NULL DEFAULT 0, priority INTEGER NOT NULL DEFAULT 0, "
        "state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, "
        "max_attempts INTEGER NOT NULL DEFAULT 3, next_attempt_ms INTEGER NOT NULL DEFAULT 0, "
        "progress INTEGER NOT NULL DEFAULT 0, reason TEXT, message TEXT, output_path TEXT, "
        "final_path TEXT, attempt_started_ms INTEGER NOT NULL DEFAULT 0, "
        "created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL)"_s,
        u"CREATE INDEX IF NOT EXISTS export_jobs_run ON export_jobs(state, priority, created_ms)"_s,
    };
    if (version >= 1)
        statements.clear(); // version 1 → 2 only adds the queue's state
    statements << u"CREATE TABLE IF NOT EXISTS queue_state (key TEXT PRIMARY KEY, value TEXT)"_s
               << u"PRAGMA user_version = %1"_s.arg(SchemaVersion);
    if (!db.transaction())
        return databaseError(u"begin"_s, db.lastError());
    for (const QString &sql : statements) {
        if (!query.exec(sql)) {
            const Error error = databaseError(sql, query.lastError());
            db.rollback();
            return error;
        }
    }
    if (!db.commit())
        return databaseError(u"commit"_s, db.lastError());
    return {};
}

Result<> ExportQueueStore::put(ExportJob &job)
{
    if (!m_open)
        return Error(ErrorCode::Unavailable, u"exports database is not open"_s);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!job.created.isValid())
        job.created = now;
    job.updated = now;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"INSERT OR REPLACE INTO export_jobs (%1) VALUES "
                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(
                      QLatin1StringView(Columns)));
    query.addBindValue(job.id);
    query.addBindValue(job.draftName);
    query.addBindValue(job.draftFolder);
    query.addBindValue(job.requestedPath);
    query.addBindValue(job.resolution);
    query.addBindValue(job.fps);
    query.addBindValue(job.draftDurationMs);
    query.addBindValue(job.priority);
    query.addBindValue(exportJobStateName(job.state));
    query.addBindValue(job.attempts);
    query.addBindValue(job.maxAttempts);
    query.addBindValue(msOf(job.nextAttemptAt));
    query.addBindValue(job.progress);
    query.addBindValue(job.reason);
    query.addBindValue(job.message);
    query.addBindValue(job.outputPath);
    query.addBindValue(job.finalPath);
    query.addBindValue(msOf(job.attemptStartedAt));
    query.addBindValue(msOf(job.created));
    query.addBindValue(msOf(job.updated));
    if (!query.exec())
        return databaseError(u"store export job %1"_s.arg(job.id), query.lastError());
    return {};
}

Result<ExportJob> ExportQueueStore::get(const QString &id) const
{
    if (!m_open)
        return Error(ErrorCode::Unavailable, u"exports database is not open"_s);
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    query.prepare(u"SELECT %1 FROM export_jobs WHERE id = ?"_s.arg(QLatin1StringView(Columns)));
    query.addBindValue(id);
    if (!query.exec())
        return databaseError(u"read export job"_s, query.lastError());
    if (!query.next())
        return Error::notFound(u"export job"_s, id);
    return readJob(query);
}

Result<QList<ExportJob>> ExportQueueStore::list() const
{
    if (!m_open)
        return Error(ErrorCode::Unavailable, u"exports database is not open"_s);
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT %1 FROM export_jobs ORDER BY priority DESC, created_ms, rowid"_s.arg(
            QLatin1StringView(Columns))))
        return databaseError(u"list export jobs"_s, query.lastError());
    QList<ExportJob> jobs;
    while (query.next())
        jobs.append(readJob(query));
    return jobs;
}

Result<ExportQueueStore::Page> ExportQueueStore::page(std::optional<ExportJobState> state,
                                                      qint64 offset, qint64 limit) const
{
    if (!m_open)
        return Error(ErrorCode::Unavailable, u"exports database is not open"_s);
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    const QString where = state ? u" WHERE state = ?"_s : QString();
    Page out;
    query.prepare(u"SELECT COUNT(*) FROM export_jobs"_s + where);
    if (state)
        query.addBindValue(exportJobStateName(*state));
    if (!query.exec() || !query.next())
        return databaseError(u"count export jobs"_s, query.lastError());
    out.total = query.value(0).toLongLong();
    query.finish();
    query.prepare(u"SELECT %1 FROM export_jobs%2 ORDER BY priority DESC, created_ms, rowid "
                  "LIMIT ? OFFSET ?"_s.arg(QLatin1StringView(Columns), where));
    if (state)
        query.addBindValue(exportJobStateName(*state));
    query.addBindValue(std::max<qint64>(0, limit));
    query.addBindValue(std::max<qint64>(0, offset));
    if (!query.exec())
        return databaseError(u"list export jobs"_s, query.lastError());
    while (query.next())
        out.jobs.append(readJob(query));
    return out;
}

Result<QList<QPair<ExportJobState, qint64>>> ExportQueueStore::countByState() const
{
    if (!m_open)
        return Error(ErrorCode::Unavailable, u"exports database is not open"_s);
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT state, COUNT(*) FROM export_jobs GROUP BY state"_s))
        return databaseError(u"count export jobs"_s, query.lastError());
    QList<QPair<ExportJobState, qint64>> counts;
    for (int s = 0; s <= int(ExportJobState::Cancelled); ++s)
        counts.append({ExportJobState(s), 0});
    while (query.next()) {
        const std::optional<ExportJobState> state
            = exportJobStateFromName(query.value(0).toString());
        if (state)
            counts[int(*state)].second = query.value(1).toLongLong();
    }
    return counts;
}

Result<std::optional<ExportJob>> ExportQueueStore::nextDue(const QDateTime &now,
                                                           QDateTime *nextDue) const
{
    if (!m_open)
        return Error(ErrorCode::Unavailable, u"exports database is not open"_s);
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    query.prepare(
        u"SELECT %1 FROM export_jobs WHERE state = 'queued' AND next_attempt_ms <= ? "
        "ORDER BY priority DESC, created_ms, rowid LIMIT 1"_s.arg(QLatin1StringView(Columns)));
    query.addBindValue(msOf(now));
    if (!query.exec())
        return databaseError(u"pick the next export job"_s, query.lastError());
    std::optional<ExportJob> job;
    if (query.next())
        job = readJob(query);
    query.finish();
    if (nextDue) {
        *nextDue = {};
        query.prepare(u"SELECT MIN(next_attempt_ms) FROM export_jobs WHERE state = 'queued' "
                      "AND next_attempt_ms > ?"_s);
        query.addBindValue(msOf(now));
        if (!query.exec() || !query.next())
            return databaseError(u"next export attempt"_s, query.lastError());
        *nextDue = timeOf(query.value(0));
    }
    return job;
}

Result<QString> ExportQueueStore::stateValue(const QString &key) const
{
    if (!m_open)
        return Error(ErrorCode::Unavailable, u"exports database is not open"_s);
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    query.prepare(u"SELECT value FROM queue_state WHERE key = ?"_s);
    query.addBindValue(key);
    if (!query.exec())
        return databaseError(u"read queue state %1"_s.arg(key), query.lastError());
    return query.next() ? query.value(0).toString() : QString();
}

Result<> ExportQueueStore::setStateValue(const QString &key, const QString &value)
{
    if (!m_open)
        return Error(ErrorCode::Unavailable, u"exports database is not open"_s);
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"INSERT OR REPLACE INTO queue_state (key, value) VALUES (?, ?)"_s);
    query.addBindValue(key);
    query.addBindValue(value);
    if (!query.exec())
        return databaseError(u"store queue state %1"_s.arg(key), query.lastError());
    return {};
}

} // namespace CutPilot::Core::Editor
