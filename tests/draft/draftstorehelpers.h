#pragma once

// Helpers of the draft store tests (tst_draftstore, tst_draftstoreopen): a real SQLite file,
// reached through the store and, to damage or tamper with it, through a connection of the test's
// own.

#include "core/draft/draftserializer.h"
#include "core/draft/draftstore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

namespace CutPilot::Test {

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

inline QJsonObject serialized(const Draft &draft)
{
    return DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(draft);
}

/// Qt Sql's complaints ("connection ... is still in use", "database not open" ...): none expected.
inline QStringList s_sqlWarnings;
inline QtMessageHandler s_previousHandler = nullptr;

inline void messageHandler(QtMsgType type, const QMessageLogContext &context,
                           const QString &message)
{
    if (type != QtDebugMsg && type != QtInfoMsg && message.contains(u"QSql"_s)) {
        static QMutex mutex;
        QMutexLocker lock(&mutex);
        s_sqlWarnings.append(message);
    }
    s_previousHandler(type, context, message);
}

/// Runs SQL on the store's file through a connection of its own (what a damaged or tampered file
/// looks like to the store).
inline bool tamper(const QString &databasePath, const QString &sql)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tamper"_s);
        db.setDatabaseName(databasePath);
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(sql);
            if (!ok)
                qWarning("tamper: %s", qPrintable(query.lastError().text()));
        }
    }
    QSqlDatabase::removeDatabase(u"tamper"_s);
    return ok;
}

/// A draft folder as the file-based store (before drafts.sqlite) wrote it.
inline void writeLegacyDraft(const QString &root, const Draft &draft, const QString &profile,
                             const QString &modified)
{
    const QJsonObject wrapper{
        {u"format"_s, u"cutpilot-draft"_s},
        {u"version"_s, 1},
        {u"id"_s, draft.id},
        {u"name"_s, draft.name},
        {u"profile"_s, profile},
        {u"metaDraftId"_s, draft.metaDraftId},
        {u"modified"_s, modified},
    };
    QByteArray bytes = QJsonDocument(wrapper).toJson(QJsonDocument::Compact);
    bytes.chop(1);
    bytes += ",\"content\":";
    bytes += DraftSerializer(*DraftProfile::builtIn(profile)).contentBytes(draft);
    bytes += '}';
    QVERIFY(QDir(root).mkpath(draft.id));
    QFile file(QDir(root).filePath(draft.id + u"/draft.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

inline QString message(const Result<DraftStore::OpenReport> &result)
{
    return result ? QString() : result.error().message();
}

} // namespace CutPilot::Test
