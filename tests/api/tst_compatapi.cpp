// The CapCutAPI drop-in routes over real HTTP on 127.0.0.1 (spec/capcutapi-compat.md): transport
// rules, the envelope, and the draft lifecycle routes (create, save, status, script, URL).

#include "api/apiserver.h"
#include "api/compat/compatapi.h"
#include "core/draft/draftstore.h"
#include "core/services/draftcreator.h"
#include "core/services/draftworkspace.h"
#include "httptestclient.h"

#include <QDir>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Api;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

class tst_CompatApi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Core::DraftStore> m_store;
    std::unique_ptr<Core::DraftWorkspace> m_workspace;
    std::unique_ptr<Core::DraftCreator> m_creator;
    std::unique_ptr<ApiServer> m_server;

    QUrl url(const QString &path) const { return QUrl(m_server->address().toUrl() + path); }
    HttpResult post(const QString &path, const QByteArray &body,
                    const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return httpRequest("POST", url(path), body, headers);
    }
    QString storeFolder() const { return m_dir.filePath(u"editor-store"_s); }
    QString allowedFolder() const { return m_dir.filePath(u"allowed"_s); }

    QString createDraft(const QByteArray &body = "{}")
    {
        const HttpResult r = post(u"/create_draft"_s, body);
        return r.json().value(u"output"_s).toObject().value(u"draft_id"_s).toString();
    }

private Q_SLOTS:
    void init()
    {
        m_server.reset();
        m_creator.reset();
        m_workspace.reset();
        m_store.reset();
        QDir(m_dir.path()).removeRecursively();
        QDir().mkpath(storeFolder());
        QDir().mkpath(allowedFolder());
        startServer();
    }

    /// CutPilot's API over the data in m_dir (kept: a restart).
    void startServer()
    {
        m_server.reset();
        m_creator.reset();
        m_workspace.reset();
        m_store.reset();
        m_store = std::make_unique<Core::DraftStore>(m_dir.filePath(u"data/drafts"_s));
        QVERIFY(m_store->open());
        m_workspace = std::make_unique<Core::DraftWorkspace>(*m_store);
        CompatServices compat;
        compat.workspace = m_workspace.get();
        compat.profileId = [] {
            return u"jy5-win"_s;
        };
        compat.draftsFolder = [this] {
            return storeFolder();
        };
        compat.pathPolicy = [this] {
            return Core::PathPolicy({allowedFolder()});
        };
        // The production path: create_draft is group-committed off the API thread.
        m_creator = std::make_unique<Core::DraftCreator>(*m_store);
        compat.creator = m_creator.get();
        m_server = std::make_unique<ApiServer>(
            ApiServer::Dependencies{Core::BuildInfo::current(), {}, compat});
        QVERIFY(m_server->start(*Core::ListenAddress::parse(u"127.0.0.1:0"_s)));
    }

    void createDraftDefaults()
    {
        const HttpResult r = post(u"/create_draft"_s, "{}");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        const QJsonObject body = r.json();
        QCOMPARE(body.value(u"success"_s).toBool(), true);
        QCOMPARE(body.value(u"error"_s).toString(), QString());
        const QJsonObject output = body.value(u"output"_s).toObject();
        const QString id = output.value(u"draft_id"_s).toString();
        QVERIFY2(QRegularExpression(u"^dfd_cat_\\d{10}_[0-9a-f]{8}$"_s).match(id).hasMatch(),
                 qPrintable(id));
        QCOMPARE(output.value(u"draft_url"_s).toString(),
                 url(u"/api/v1/drafts/"_s + id).toString());
        // Persisted at once, 1080x1920 portrait at 30 fps (§4.1, KEEP).
        Core::Result<Core::Draft> draft = m_store->load(id);
        QVERIFY(draft);
        QCOMPARE(draft->width, 1080);
        QCOMPARE(draft->height, 1920);
        QCOMPARE(draft->fps, 30.0);
        QVERIFY(draft->id != id);                    // the content id stays a GUID
        QVERIFY(m_creator->batchesCommitted() >= 1); // through the group-commit path
    }

    void createDraftParameters_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("success");
        QTest::addColumn<QString>("says");
        QTest::newRow("landscape")
            << QByteArray(R"({"width":1920,"height":1080})") << true << QString();
        QTest::newRow("numeric strings")
            << QByteArray(R"({"width":"1280","height":"720"})") << true << QString();
        QTest::newRow("nulls take defaults")
            << QByteArray(R"({"width":null,"height":null})") << true << QString();
        QTest::newRow("zero width") << QByteArray(R"({"width":0})") << false << u"width"_s;
        QTest::newRow("huge height") << QByteArray(R"({"height":100000})") << false << u"height"_s;
        QTest::newRow("huge number") << QByteArray(R"({"width":1e300})") << false << u"width"_s;
        QTest::newRow("fractional")
            << QByteArray(R"({"width":1080.5})") << false << u"whole number"_s;
        QTest::newRow("text width")
            << QByteArray(R"({"width":"wide"})") << false << u"width must be a number"_s;
        QTest::newRow("list width") << QByteArray(R"({"width":[1]})") << false << u"width"_s;
        QTest::newRow("unicode name")
            << QByteArray(R"({"name":"我的草稿 🎬"})") << true << QString();
    }

    void draftIdsAreUniqueAndInKeyOrder()
    {
        // Random 8-hex suffixes collide within a second at thousands of creates a second; the
        // ids count up instead, so a burst never fails on a duplicate key.
        const QRegularExpression format(u"^dfd_cat_(\\d{10})_([0-9a-f]{8})$"_s);
        QSet<QString> seen;
        QString previous;
        int ordered = 0;
        for (int i = 0; i < 20'000; ++i) {
            const QString id = CompatApi::newDraftId();
            QVERIFY2(format.match(id).hasMatch(), qPrintable(id));
            QVERIFY2(!seen.contains(id), qPrintable(id));
            seen.insert(id);
            ordered += previous < id ? 1 : 0; // one step back at most: the 32-bit wrap
            previous = id;
        }
        QVERIFY(ordered >= 20'000 - 2);
    }

    void createDraftParameters()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, success);
        QFETCH(QString, says);
        const HttpResult r = post(u"/create_draft"_s, body);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"success"_s).toBool(), success);
        if (!success) {
            const QString error = r.json().value(u"error"_s).toString();
            QVERIFY2(error.startsWith(u"Error occurred while creating draft: "_s),
                     qPrintable(error));
            QVERIFY2(error.contains(says), qPrintable(error));
            QCOMPARE(r.json().value(u"output"_s).toString(), QString());
        }
    }

    void transportErrorsAre400Envelopes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("says");
        QTest::newRow("invalid json")
            << QByteArray("{nope") << QByteArray("application/json") << u"not valid JSON"_s;
        QTest::newRow("array") << QByteArray("[1,2]") << QByteArray("application/json")
                               << u"JSON object"_s;
        QTest::newRow("null") << QByteArray("null") << QByteArray("application/json") << u"JSON"_s;
        QTest::newRow("text/plain")
            << QByteArray("{}") << QByteArray("text/plain") << u"Content-Type"_s;
        QTest::newRow("charset ok")
            << QByteArray("{}") << QByteArray("application/json; charset=utf-8") << QString();
    }

    void transportErrorsAre400Envelopes()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, says);
        const HttpResult r = post(u"/create_draft"_s, body, {{"Content-Type", contentType}});
        if (says.isEmpty()) {
            QCOMPARE(r.status, 200);
            return;
        }
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(u"success"_s).toBool(), false);
        QVERIFY2(r.json().value(u"error"_s).toString().contains(says), r.body.constData());
    }

    void methodsAndPaths()
    {
        QCOMPARE(httpRequest("GET", url(u"/create_draft"_s)).status, 405);
        QCOMPARE(httpRequest("HEAD", url(u"/create_draft"_s)).status, 405);
        QCOMPARE(httpRequest("OPTIONS", url(u"/create_draft"_s)).status, 204);
        QCOMPARE(post(u"/no_such_route"_s, "{}").status, 404);
    }

    void saveDraftWritesIntoTheEditorStore()
    {
        const QString id = createDraft(R"({"width":1920,"height":1080})");
        QVERIFY(!id.isEmpty());
        const HttpResult r
            = post(u"/save_draft"_s, QJsonDocument(QJsonObject{{u"draft_id"_s, id}}).toJson());
        QCOMPARE(r.json().value(u"success"_s).toBool(), true);
        const QJsonObject output = r.json().value(u"output"_s).toObject();
        QCOMPARE(output.value(u"success"_s).toBool(), true); // KEEP: nested output
        QCOMPARE(output.value(u"draft_url"_s).toString(), QString());
        // The folder name is the draft id (KEEP) and the editor's files are there.
        QVERIFY(QFile::exists(QDir(storeFolder()).filePath(id + u"/draft_content.json"_s)));
        QVERIFY(QFile::exists(QDir(storeFolder()).filePath(id + u"/draft_meta_info.json"_s)));
        QVERIFY(QFile::exists(QDir(storeFolder()).filePath(u"root_meta_info.json"_s)));

        const HttpResult status = post(u"/query_draft_status"_s,
                                       QJsonDocument(QJsonObject{{u"task_id"_s, id}}).toJson());
        const QJsonObject task = status.json().value(u"output"_s).toObject();
        QCOMPARE(task.value(u"status"_s).toString(), u"completed"_s);
        QCOMPARE(task.value(u"progress"_s).toInt(), 100);
        QCOMPARE(task.value(u"message"_s).toString(), u"Draft creation completed"_s);

        // Into an allowed draft_folder; not outside it.
        const HttpResult allowed = post(
            u"/save_draft"_s,
            QJsonDocument(QJsonObject{{u"draft_id"_s, id}, {u"draft_folder"_s, allowedFolder()}})
                .toJson());
        QCOMPARE(allowed.json().value(u"success"_s).toBool(), true);
        QVERIFY(QFile::exists(QDir(allowedFolder()).filePath(id + u"/draft_content.json"_s)));
        const HttpResult outside
            = post(u"/save_draft"_s,
                   QJsonDocument(QJsonObject{{u"draft_id"_s, id}, {u"draft_folder"_s, u"/etc"_s}})
                       .toJson());
        QCOMPARE(outside.json().value(u"success"_s).toBool(), false);
        QVERIFY(outside.json().value(u"error"_s).toString().contains(u"draft_folder"_s));
        const HttpResult dotdot
            = post(u"/save_draft"_s,
                   QJsonDocument(QJsonObject{{u"draft_id"_s, id},
                                             {u"draft_folder"_s,
                                              QString(allowedFolder() + u"/../editor-store"_s)}})
                       .toJson());
        QCOMPARE(dotdot.json().value(u"success"_s).toBool(), false);
    }

    void saveRecordsSurviveARestart()
    {
        // capcutapi-compat.md §5.11: CapCutAPI keeps task records in memory; CutPilot keeps them.
        const QString saved = createDraft(R"({"width":1920,"height":1080})");
        const QString failed = createDraft("{}");
        QVERIFY(!saved.isEmpty() && !failed.isEmpty());
        QVERIFY(post(u"/save_draft"_s, QJsonDocument(QJsonObject{{u"draft_id"_s, saved}}).toJson())
                    .json()
                    .value(u"success"_s)
                    .toBool());
        // A file where the draft's folder would go: the write fails and says so.
        QFile blocker(QDir(allowedFolder()).filePath(failed));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const HttpResult write = post(
            u"/save_draft"_s, QJsonDocument(QJsonObject{{u"draft_id"_s, failed},
                                                        {u"draft_folder"_s, allowedFolder()}})
                                  .toJson());
        QCOMPARE(write.json().value(u"success"_s).toBool(), false);

        startServer(); // CutPilot restarts on the same data
        const auto status = [this](const QString &id) {
            return post(u"/query_draft_status"_s,
                        QJsonDocument(QJsonObject{{u"task_id"_s, id}}).toJson())
                .json();
        };
        const QJsonObject done = status(saved);
        QCOMPARE(done.value(u"success"_s).toBool(), true);
        QCOMPARE(done.value(u"output"_s).toObject().value(u"status"_s).toString(), u"completed"_s);
        QCOMPARE(done.value(u"output"_s).toObject().value(u"progress"_s).toInt(), 100);
        const QJsonObject lost = status(failed);
        QCOMPARE(lost.value(u"success"_s).toBool(), true); // KEEP: the query itself succeeded
        const QJsonObject task = lost.value(u"output"_s).toObject();
        QCOMPARE(task.value(u"status"_s).toString(), u"failed"_s);
        QCOMPARE(task.value(u"progress"_s).toInt(), 0);
        QVERIFY2(task.value(u"message"_s).toString().startsWith(u"Failed to save draft: "_s),
                 qPrintable(task.value(u"message"_s).toString()));
        QCOMPARE(task.value(u"total_files"_s).toInt(), 0);
        QCOMPARE(task.value(u"draft_url"_s).toString(), QString());

        // Deleting the draft deletes its record.
        QVERIFY(m_store->remove(saved));
        QCOMPARE(
            status(saved).value(u"error"_s).toString(),
            u"Task with ID %1 not found. Please check if the task ID is correct."_s.arg(saved));
    }

    void unknownDraftsAreReportedHonestly()
    {
        const QByteArray unknown = R"({"draft_id":"dfd_cat_1_deadbeef"})";
        const HttpResult save = post(u"/save_draft"_s, unknown); // FIX: CapCutAPI said success
        QCOMPARE(save.json().value(u"success"_s).toBool(), false);
        QCOMPARE(save.json().value(u"error"_s).toString(),
                 u"Draft dfd_cat_1_deadbeef does not exist"_s);
        const HttpResult script = post(u"/query_script"_s, unknown);
        QCOMPARE(script.json().value(u"error"_s).toString(),
                 u"Draft dfd_cat_1_deadbeef does not exist in cache."_s);
        QCOMPARE(post(u"/generate_draft_url"_s, unknown).json().value(u"success"_s).toBool(),
                 false);
        const HttpResult task = post(u"/query_draft_status"_s, R"({"task_id":"nope"})");
        QCOMPARE(task.json().value(u"error"_s).toString(),
                 u"Task with ID nope not found. Please check if the task ID is correct."_s);
    }

    void requiredParameterMessagesAreExact()
    {
        const QString missing
            = u"Hi, the required parameter 'draft_id' is missing. Please add it and try again."_s;
        for (const QString &route :
             {u"/save_draft"_s, u"/query_script"_s, u"/generate_draft_url"_s}) {
            QCOMPARE(post(route, "{}").json().value(u"error"_s).toString(), missing);
            QCOMPARE(post(route, R"({"draft_id":""})").json().value(u"error"_s).toString(),
                     missing);
        }
        QCOMPARE(
            post(u"/query_draft_status"_s, "{}").json().value(u"error"_s).toString(),
            u"Hi, the required parameter 'task_id' is missing. Please add it and try again."_s);
    }

    void queryScriptIsTheContentDocument()
    {
        const QString id = createDraft(R"({"width":720,"height":1280})");
        const HttpResult r
            = post(u"/query_script"_s, QJsonDocument(QJsonObject{{u"draft_id"_s, id}}).toJson());
        QCOMPARE(r.json().value(u"success"_s).toBool(), true);
        const QString script = r.json().value(u"output"_s).toString();
        const QJsonObject document = QJsonDocument::fromJson(script.toUtf8()).object();
        QCOMPARE(document.value(u"canvas_config"_s).toObject().value(u"width"_s).toInt(), 720);
        QVERIFY(document.contains(u"materials"_s));
        QVERIFY(document.contains(u"tracks"_s));
    }

    void createsInFlightWhenTheApiGoes()
    {
        // CutPilot stops while creates are in flight: the DraftCreator outlives the API and
        // delivers their results after it is gone. Nothing of the deleted API may be called then
        // (the ASan run reports a use after free otherwise).
        const QString blockerName = u"blocker"_s;
        {
            QSqlDatabase blocker = QSqlDatabase::addDatabase(u"QSQLITE"_s, blockerName);
            blocker.setDatabaseName(m_dir.filePath(u"data/drafts/drafts.sqlite"_s));
            QVERIFY(blocker.open());
            QSqlQuery lock(blocker);
            QVERIFY(lock.exec(u"BEGIN IMMEDIATE"_s)); // the creator's commit waits for this

            QTcpSocket client;
            client.connectToHost(QHostAddress::LocalHost, m_server->address().port());
            QVERIFY(client.waitForConnected(5000));
            const QByteArray port = QByteArray::number(m_server->address().port());
            client.write("POST /create_draft HTTP/1.1\r\nHost: 127.0.0.1:" + port
                         + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
            // The gate has seen the request, so the create is queued; let the batch start.
            QTRY_COMPARE(m_server->security().trackedClients(), 1);
            QTest::qWait(50);
            QCOMPARE(client.bytesAvailable(), 0); // not answered: still in flight

            m_server.reset();
            QVERIFY(lock.exec(u"ROLLBACK"_s));
        }
        QSqlDatabase::removeDatabase(blockerName);
        m_creator.reset(); // finishes the batch and delivers (here: drops) its answer
    }

    void draftsSurviveARestart()
    {
        const QString id = createDraft();
        m_server.reset();
        m_creator.reset();
        m_workspace.reset();
        m_store.reset();
        Core::DraftStore reopened(m_dir.filePath(u"data/drafts"_s));
        QVERIFY(reopened.open());
        QVERIFY(reopened.contains(id));
    }
};

QTEST_GUILESS_MAIN(tst_CompatApi)
#include "tst_compatapi.moc"
