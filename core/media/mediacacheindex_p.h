#pragma once

// Private to MediaCache, whose implementation is split in two: mediacache.cpp (objects, local
// references, derived artefacts, probes, pins and eviction) and mediacacheindex.cpp (the SQLite
// index: SQL helpers, per-thread connections, schema and migration, open() with its start-up
// verification and rebuild, writing batched LRU touches). Never included from a public header.

#include "mediacache.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <optional>

class QThread;

namespace CutPilot::Core {

namespace MediaCacheDetail {

// ---- defined in mediacache.cpp ------------------------------------------------------------------

bool isSha256(QStringView text);
Error ioError(const QString &what, const QString &path, const QString &reason);
Result<QString> hashFile(const QString &path);

// ---- defined in mediacacheindex.cpp -------------------------------------------------------------

Error databaseError(const QString &what, const QSqlError &error);

/// A null QString binds as SQL NULL; text columns here are NOT NULL.
QString text(const QString &value);

/// Prepares and runs one statement with positional values; rows are read with next().
Result<QSqlQuery> run(QSqlDatabase &db, const QString &sql, const QVariantList &values = {});
Result<> exec(QSqlDatabase &db, const QString &sql, const QVariantList &values = {});
Result<qint64> scalar(QSqlDatabase &db, const QString &sql);

std::optional<QJsonObject> readProbe(QSqlDatabase &db, const QString &contentKey);

struct DerivedRow
{
    qint64 id = -1; ///< -1: no row
    QString file;   ///< relative to derived/
    qint64 size = 0;
};

Result<DerivedRow> findDerived(QSqlDatabase &db, const QString &contentKey, const QString &kind,
                               const QString &params);

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

    Result<> begun() const;
    Result<> commit();

private:
    QSqlDatabase &m_db;
    bool m_active = false;
};

} // namespace MediaCacheDetail

/// One named Qt Sql connection per thread (QSqlDatabase may only be used by the thread that
/// opened it). Shared with QThread::finished handlers, which may outlive the cache.
struct MediaCache::Connections
{
    QMutex mutex;
    QString databasePath;
    QString namePrefix;
    int next = 0;
    QHash<QThread *, QString> names;

    // Callers hold no QSqlDatabase handle of that connection, so removal does not warn.
    void removeFor(QThread *thread)
    {
        QMutexLocker lock(&mutex);
        const QString name = names.take(thread);
        if (!name.isEmpty())
            QSqlDatabase::removeDatabase(name);
    }
    void removeAll()
    {
        QMutexLocker lock(&mutex);
        for (const QString &name : std::as_const(names))
            QSqlDatabase::removeDatabase(name);
        names.clear();
    }
};

} // namespace CutPilot::Core
