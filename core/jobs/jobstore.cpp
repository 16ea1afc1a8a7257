#include "jobstore.h"

#include "core/support/utctime.h"

#include <QAtomicInt>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <array>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

QAtomicInt s_connections;

constexpr std::array kStateNames{"queued", "running", "done", "failed", "cancelled"};

Error databaseError(const QString &what, const QSqlError &error)
{
    return Error(ErrorCode::DatabaseError, u"jobs database: %1: %2"_s.arg(what, error.text()),
                 {{u"sqliteCode"_s, error.nativeErrorCode()}});
}

QByteArray compact(const QJsonObject &object)
{
    return object.isEmpty() ? QByteArray() : QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject parse(const QVariant &value)
{
    return QJsonDocument::fromJson(value.toByteArray()).object();
}

QString isoMs(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

constexpr auto Columns = "id, kind, state, progress, params, result, error, created_ms, updated_ms";

Job readJob(const QSqlQuery &query)
{
    Job job;
    job.id = query.value(0).toString();
    job.kind = query.value(1).toString();
    job.state = jobStateFromName(query.value(2).toString()).value_or(JobState::Failed);
    job.progress = query.value(3).toInt();
    job.params = parse(query.value(4));
    job.result = parse(query.value(5));
    job.error = parse(query.value(6));
    job.created = utcFromMSecs(query.value(7).toLongLong());
    job.updated = utcFromMSecs(query.value(8).toLongLong());
    return job;
}

} // namespace

QString jobStateName(JobState state)
{
    return QString::fromLatin1(kStateNames.at(size_t(state)));
}

std::optional<JobState> jobStateFromName(QStringView name)
{
    for (size_t i = 0; i < kStateNames.size(); ++i) {
        if (name == QLatin1StringView(kStateNames.at(i)))
            return JobState(i);
    }
    return std::nullopt;
}

QJsonObject Job::toJson() const
{
    QJsonObject object{
        {u"id"_s, id},
        {u"kind"_s, kind},
        {u"state"_s, jobStateName(state)},
        {u"progress"_s, progress},
        {u"params"_s, params},
        {u"created"_s, isoMs(created)},
        {u"updated"_s, isoMs(updated)},
    };
    if (!result.isEmpty())
        object.insert(u"result"_s, result);
    if (!error.isEmpty())
        object.insert(u"error"_s, error);
    return object;
}

JobStore::JobStore(QString databasePath, int maxFinished)
    : m_path(std::move(databasePath))
    , m_connection(u"cutpilot-jobs-%1"_s.arg(s_connections.fetchAndAddRelaxed(1)))
    , m_maxFinished(std::max(1, maxFinished))
{
}

JobStore::~JobStore()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

bool JobStore::isOpen() const
{
    return m_open;
}

Result<JobStore::OpenReport> JobStore::open()
{
    if (m_open)
        return Error(ErrorCode::Internal, u"jobs database: opened twice"_s);
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return Error(ErrorCode::IoError,
                     u"jobs database: cannot create the folder of %1"_s.arg(m_path));
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(m_path);
    if (!db.open())
        return databaseError(u"open %1"_s.arg(m_path), db.lastError());
    if (Result<> migrated = migrate(); !migrated) {
        db.close();
        return migrated.error();
    }
    m_open = true;

    OpenReport report;
    // A previous run that ended while jobs were queued or running cannot finish them any more.
    const QString interrupted = QString::fromUtf8(
        compact(Error(ErrorCode::Cancelled, u"interrupted by restart"_s).toJson()));
    QSqlQuery query(db);
    query.prepare(u"UPDATE jobs SET state = 'failed', error = ?, updated_ms = ? "
                  "WHERE state IN ('queued', 'running')"_s);
    query.addBindValue(interrupted.toUtf8());
    query.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!query.exec())
        return databaseError(u"mark interrupted jobs"_s, query.lastError());
    report.interrupted = query.numRowsAffected();
    Result<int> pruned = prune();
    if (!pruned)
        return pruned.error();
    report.pruned = *pruned;
    return report;
}

Result<> JobStore::migrate()
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
        return Error(ErrorCode::DatabaseError,
                     u"jobs database %1 has schema %2, this CutPilot knows up to %3"_s.arg(m_path)
                         .arg(version)
                         .arg(SchemaVersion));
    if (version == SchemaVersion)
        return {};
    const QStringList statements{
        u"CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, "
        "state TEXT NOT NULL, progress INTEGER NOT NULL DEFAULT 0, params BLOB, result BLOB, "
        "error BLOB, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL)"_s,
        u"CREATE INDEX IF NOT EXISTS jobs_created ON jobs(created_ms)"_s,
        u"PRAGMA user_version = %1"_s.arg(SchemaVersion),
    };
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

Result<> JobStore::put(const Job &job)
{
    if (!m_open)
        return Error(ErrorCode::Unavailable, u"jobs database is not open"_s);
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    // An upsert, not INSERT OR REPLACE: that deletes and re-inserts the row with a new rowid,
    // and the rowid orders the jobs created in one millisecond (list(), "newest first").
    query.prepare(u"INSERT INTO jobs (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO "
                  "UPDATE SET kind = excluded.kind, state = excluded.state, "
                  "progress = excluded.progress, params = excluded.params, "
                  "result = excluded.result, error = excluded.error, "
                  "created_ms = excluded.created_ms, updated_ms = excluded.updated_ms"_s.arg(
                      QLatin1StringView(Columns)));
    query.addBindValue(job.id);
    query.addBindValue(job.kind);
    query.addBindValue(jobStateName(job.state));
    query.addBindValue(job.progress);
    query.addBindValue(compact(job.params));
    query.addBindValue(compact(job.result));
    query.addBindValue(compact(job.error));
    query.addBindValue(job.created.toMSecsSinceEpoch());
    query.addBindValue(job.updated.toMSecsSinceEpoch());
    if (!query.exec())
        return databaseError(u"store job %1"_s.arg(job.id), query.lastError());
    return {};
}

Result<Job> JobStore::get(const QString &id) const
{
    if (!m_open)
        return Error(ErrorCode::Unavailable, u"jobs database is not open"_s);
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.setForwardOnly(true);
    query.prepare(u"SELECT %1 FROM jobs WHERE id = ?"_s.arg(QLatin1StringView(Columns)));
    query.addBindValue(id);
    if (!query.exec())
        return databaseError(u"read job"_s, query.lastError());
    if (!query.next())
        return Error::notFound(u"job"_s, id);
    return readJob(query);
}

Result<QList<Job>> JobStore::list(int offset, int limit, const QString &kind,
                                  std::optional<JobState> state, qint64 *total) const
{
    if (!m_open)
        return Error(ErrorCode::Unavailable, u"jobs database is not open"_s);
    QString where = u"WHERE 1"_s;
    QVariantList binds;
    if (!kind.isEmpty()) {
        where += u" AND kind = ?"_s;
        binds << kind;
    }
    if (state) {
        where += u" AND state = ?"_s;
        binds << jobStateName(*state);
    }
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (total) {
        query.prepare(u"SELECT COUNT(*) FROM jobs "_s + where);
        for (const QVariant &bind : std::as_const(binds))
            query.addBindValue(bind);
        if (!query.exec() || !query.next())
            return databaseError(u"count jobs"_s, query.lastError());
        *total = query.value(0).toLongLong();
        query.finish();
    }
    query.prepare(
        u"SELECT %1 FROM jobs %2 ORDER BY created_ms DESC, rowid DESC LIMIT ? OFFSET ?"_s.arg(
            QLatin1StringView(Columns), where));
    for (const QVariant &bind : std::as_const(binds))
        query.addBindValue(bind);
    query.addBindValue(std::max(0, limit));
    query.addBindValue(std::max(0, offset));
    if (!query.exec())
        return databaseError(u"list jobs"_s, query.lastError());
    QList<Job> jobs;
    while (query.next())
        jobs.append(readJob(query));
    return jobs;
}

Result<int> JobStore::prune()
{
    if (!m_open)
        return Error(ErrorCode::Unavailable, u"jobs database is not open"_s);
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(
        u"DELETE FROM jobs WHERE id IN (SELECT id FROM jobs "
        "WHERE state IN ('done', 'failed', 'cancelled') ORDER BY updated_ms DESC, rowid DESC "
        "LIMIT -1 OFFSET ?)"_s);
    query.addBindValue(m_maxFinished);
    if (!query.exec())
        return databaseError(u"prune jobs"_s, query.lastError());
    return query.numRowsAffected();
}

} // namespace CutPilot::Core
