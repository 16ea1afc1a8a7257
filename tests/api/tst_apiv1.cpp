// /api/v1 over real HTTP on 127.0.0.1:0 (docs/api.md): auth, the error body, drafts, tracks,
// segments, pagination, catalogs, settings, the editor status and the OpenAPI document.
#include "../media/mediafixtures.h"
#include "tst_apiv1_fixture.h"

#include <QImage>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace CutPilot;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

class tst_ApiV1 : public QObject
{
    Q_OBJECT

private:
    ApiV1Fixture f;

    QString image()
    {
        const QString path = f.allowed() + u"/红色 image.png"_s;
        if (!QFile::exists(path)) {
            QImage picture(64, 32, QImage::Format_RGB32);
            picture.fill(Qt::red);
            picture.save(path);
        }
        return path;
    }

private Q_SLOTS:
    void init() { QVERIFY(f.start()); }
    void cleanup() { f.stop(); }

    void tokenIsRequired_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::newRow("list drafts") << QByteArray("GET") << u"/api/v1/drafts"_s;
        QTest::newRow("create draft") << QByteArray("POST") << u"/api/v1/drafts"_s;
        QTest::newRow("openapi") << QByteArray("GET") << u"/api/v1/openapi.json"_s;
        QTest::newRow("jobs") << QByteArray("GET") << u"/api/v1/jobs"_s;
        QTest::newRow("settings") << QByteArray("PATCH") << u"/api/v1/settings"_s;
        QTest::newRow("unknown") << QByteArray("GET") << u"/api/v1/nothing-here"_s;
    }
    void tokenIsRequired()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        const HttpResult missing = f.call(method, path, "{}", false);
        QCOMPARE(missing.status, 401);
        QCOMPARE(missing.header("WWW-Authenticate").left(6), QByteArray("Bearer"));
        QCOMPARE(missing.json().value(u"error"_s).toObject().value(u"code"_s).toInt(), 110);
        const HttpResult wrong = httpRequest(
            method, f.url(path), "{}",
            {{"Authorization", "Bearer wrong"}, {"Content-Type", "application/json"}});
        QCOMPARE(wrong.status, 401);
    }

    void versionListsCapabilities()
    {
        const HttpResult r = f.get(u"/api/v1/version"_s);
        QCOMPARE(r.status, 200);
        const QJsonArray capabilities = r.json().value(u"capabilities"_s).toArray();
        for (const QString &capability :
             {u"capcutapi-compat"_s, u"drafts"_s, u"tracks"_s, u"segments"_s, u"media"_s,
              u"catalogs"_s, u"jobs"_s, u"openapi"_s, u"settings"_s, u"editor"_s})
            QVERIFY2(capabilities.contains(capability), qPrintable(capability));
    }

    void openApiDocumentsEveryRoute()
    {
        const HttpResult r = f.get(u"/api/v1/openapi.json"_s);
        QCOMPARE(r.status, 200);
        const QJsonObject doc = r.json();
        QCOMPARE(doc.value(u"openapi"_s).toString(), u"3.1.0"_s);
        const QJsonObject paths = doc.value(u"paths"_s).toObject();
        int routes = 0;
        for (const Api::Router::Route &route : f.server->router().routes()) {
            const QJsonObject op = paths.value(route.pattern)
                                       .toObject()
                                       .value(QString::fromLatin1(route.method).toLower())
                                       .toObject();
            QVERIFY2(!op.isEmpty(),
                     QByteArray(route.method + ' ' + route.pattern.toUtf8()).constData());
            QCOMPARE(op.value(u"operationId"_s).toString(), route.name);
            QCOMPARE(op.value(u"summary"_s).toString(), route.summary);
            const bool bearer
                = !op.value(u"security"_s).toArray().isEmpty()
                  && op.value(u"security"_s).toArray().last().toObject().contains(u"bearer"_s);
            QCOMPARE(bearer, route.access != Api::Access::Public);
            if (route.pattern.startsWith(u"/api/v1"_s)) {
                QCOMPARE(route.access, Api::Access::Token);
                QVERIFY2(op.value(u"responses"_s).toObject().contains(u"401"_s),
                         qPrintable(route.pattern));
            }
            ++routes;
        }
        QVERIFY(routes > 40); // system + compat + v1
        // Path parameters come from the pattern.
        const QJsonArray parameters = paths.value(u"/api/v1/drafts/{id}/segments/{segmentId}"_s)
                                          .toObject()
                                          .value(u"patch"_s)
                                          .toObject()
                                          .value(u"parameters"_s)
                                          .toArray();
        QCOMPARE(parameters.size(), 2);
        QCOMPARE(parameters.at(1).toObject().value(u"name"_s).toString(), u"segmentId"_s);
        QVERIFY(doc.value(u"components"_s)
                    .toObject()
                    .value(u"securitySchemes"_s)
                    .toObject()
                    .contains(u"bearer"_s));
    }

    void draftLifecycle()
    {
        const HttpResult created
            = f.post(u"/api/v1/drafts"_s, R"({"name":"我的草稿 🎬","width":1920,"height":1080})");
        QCOMPARE(created.status, 201);
        const QString id = created.json().value(u"id"_s).toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(created.header("Location"), "/api/v1/drafts/" + id.toUtf8());
        QCOMPARE(created.json().value(u"name"_s).toString(), u"我的草稿 🎬"_s);
        QCOMPARE(created.json().value(u"width"_s).toInt(), 1920);
        QVERIFY(f.store->contains(id)); // the same store the GUI reads

        const HttpResult got = f.get(u"/api/v1/drafts/"_s + id);
        QCOMPARE(got.status, 200);
        QCOMPARE(got.json().value(u"tracks"_s).toArray().size(), 0);
        QCOMPARE(got.json().value(u"canUndo"_s).toBool(), false);
        const QString defaults = f.createDraft(); // an empty body takes the defaults
        QVERIFY(f.store->contains(defaults));
        QCOMPARE(f.get(u"/api/v1/drafts/"_s + defaults).json().value(u"height"_s).toInt(), 1920);

        QCOMPARE(f.del(u"/api/v1/drafts/"_s + id).status, 204);
        QVERIFY(!f.store->contains(id));
        const HttpResult gone = f.get(u"/api/v1/drafts/"_s + id);
        QCOMPARE(gone.status, 404);
        QCOMPARE(gone.json().value(u"error"_s).toObject().value(u"name"_s).toString(),
                 u"NotFound"_s);
        QCOMPARE(errorField(gone), u"id"_s);
        QCOMPARE(f.del(u"/api/v1/drafts/"_s + id).status, 404);
        QCOMPARE(f.get(u"/api/v1/drafts/..%2F..%2Fetc"_s).status, 404);
    }

    void createDraftRejectsBadInput_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("field");
        const QByteArray json = "application/json";
        QTest::newRow("invalid json") << QByteArray("{\"width\":") << json << 400 << QString();
        QTest::newRow("array") << QByteArray("[1,2]") << json << 400 << QString();
        QTest::newRow("text/plain")
            << QByteArray("{}") << QByteArray("text/plain") << 415 << QString();
        QTest::newRow("string width")
            << QByteArray(R"({"width":"wide"})") << json << 422 << u"width"_s;
        QTest::newRow("numeric string")
            << QByteArray(R"({"width":"1080"})") << json << 422 << u"width"_s;
        QTest::newRow("huge width")
            << QByteArray(R"({"width":1e300})") << json << 422 << u"width"_s;
        QTest::newRow("negative") << QByteArray(R"({"height":-5})") << json << 422 << u"height"_s;
        QTest::newRow("fraction") << QByteArray(R"({"width":1080.5})") << json << 422 << u"width"_s;
        QTest::newRow("fps 0") << QByteArray(R"({"fps":0})") << json << 422 << u"fps"_s;
        QTest::newRow("name object") << QByteArray(R"({"name":{}})") << json << 422 << u"name"_s;
        QTest::newRow("long name")
            << ("{\"name\":\"" + QByteArray(300, 'x') + "\"}") << json << 422 << u"name"_s;
        QTest::newRow("unknown profile")
            << QByteArray(R"({"profile":"../../x"})") << json << 422 << u"profile"_s;
        QTest::newRow("unknown field")
            << QByteArray(R"({"widht":100})") << json << 422 << u"widht"_s;
    }
    void createDraftRejectsBadInput()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        QFETCH(QString, field);
        const qint64 before = f.store->count();
        const HttpResult r = f.call("POST", u"/api/v1/drafts"_s, body, true, contentType);
        QCOMPARE(r.status, status);
        const QJsonObject error = r.json().value(u"error"_s).toObject();
        QVERIFY(error.value(u"code"_s).toInt() > 0);
        QVERIFY(!error.value(u"message"_s).toString().isEmpty());
        QCOMPARE(error.value(u"field"_s).toString(), field);
        QCOMPARE(f.store->count(), before);
    }

    void limitsAreNamedInTheMessage()
    {
        const HttpResult r = f.post(u"/api/v1/drafts"_s, R"({"width":100000})");
        QCOMPARE(r.status, 422);
        QVERIFY2(errorMessage(r).contains(u"16..8192"_s), qPrintable(errorMessage(r)));
    }

    void pagination()
    {
        for (int i = 0; i < 5; ++i)
            QVERIFY(!f.createDraft(u"{\"name\":\"d%1\"}"_s.arg(i).toUtf8()).isEmpty());
        HttpResult r = f.get(u"/api/v1/drafts?limit=2"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"items"_s).toArray().size(), 2);
        QCOMPARE(r.json().value(u"total"_s).toInt(), 5);
        QCOMPARE(r.json().value(u"next"_s).toInt(), 2);
        QStringList seen;
        QJsonValue next = 0;
        while (!next.isNull()) {
            r = f.get(u"/api/v1/drafts?limit=2&offset=%1"_s.arg(next.toInt()));
            QCOMPARE(r.status, 200);
            for (const QJsonValue &item : r.json().value(u"items"_s).toArray())
                seen << item.toObject().value(u"id"_s).toString();
            next = r.json().value(u"next"_s);
        }
        QCOMPARE(seen.size(), 5);
        seen.removeDuplicates();
        QCOMPARE(seen.size(), 5);
        QCOMPARE(f.get(u"/api/v1/drafts?offset=100"_s).json().value(u"items"_s).toArray().size(),
                 0);
        for (const QString &query : {u"limit=0"_s, u"limit=501"_s, u"limit=abc"_s, u"offset=-1"_s,
                                     u"limit=99999999999999999999"_s}) {
            r = f.get(u"/api/v1/drafts?"_s + query);
            QCOMPARE(r.status, 422);
            QCOMPARE(errorField(r), query.section(u'=', 0, 0));
        }
    }

    void tracks()
    {
        const QString draft = f.createDraft();
        const HttpResult added
            = f.post(u"/api/v1/drafts/%1/tracks"_s.arg(draft), R"({"type":"text","name":"字幕"})");
        QCOMPARE(added.status, 201);
        const QString track = added.json().value(u"id"_s).toString();
        QCOMPARE(added.json().value(u"type"_s).toString(), u"text"_s);
        QCOMPARE(added.json().value(u"name"_s).toString(), u"字幕"_s);
        QCOMPARE(f.get(u"/api/v1/drafts/%1/tracks/%2"_s.arg(draft, track)).status, 200);
        // Mute: the same DraftService call as the timeline's toggle, and it undoes.
        const QString trackUrl = u"/api/v1/drafts/%1/tracks/%2"_s.arg(draft, track);
        HttpResult muted = f.patch(trackUrl, R"({"muted":true})");
        QCOMPARE(muted.status, 200);
        QCOMPARE(muted.json().value(u"muted"_s).toBool(), true);
        QCOMPARE(f.patch(trackUrl, R"({"muted":"yes"})").status, 422);
        QCOMPARE(f.patch(trackUrl, R"({"hidden":true})").status, 422);
        QCOMPARE(f.post(u"/api/v1/drafts/%1/undo"_s.arg(draft)).status, 200);
        QCOMPARE(f.get(trackUrl).json().value(u"muted"_s).toBool(), false);
        const HttpResult list = f.get(u"/api/v1/drafts/%1/tracks"_s.arg(draft));
        QCOMPARE(list.json().value(u"total"_s).toInt(), 1);

        for (const QByteArray &bad :
             {QByteArray(R"({"type":"adjust"})"), QByteArray(R"({})"), QByteArray(R"({"type":7})"),
              QByteArray(R"({"type":"video","relativeIndex":1e9})")}) {
            const HttpResult r = f.post(u"/api/v1/drafts/%1/tracks"_s.arg(draft), bad);
            QCOMPARE(r.status, 422);
            QVERIFY(!errorField(r).isEmpty());
        }
        QCOMPARE(f.post(u"/api/v1/drafts/nope/tracks"_s, R"({"type":"video"})").status, 404);
        QCOMPARE(f.del(u"/api/v1/drafts/%1/tracks/%2"_s.arg(draft, track)).status, 204);
        QCOMPARE(f.del(u"/api/v1/drafts/%1/tracks/%2"_s.arg(draft, track)).status, 404);
        QCOMPARE(f.get(u"/api/v1/drafts/%1/tracks"_s.arg(draft)).json().value(u"total"_s).toInt(),
                 0);
    }

    void textSegments()
    {
        const QString draft = f.createDraft();
        const QString track = f.addTrack(draft, u"text"_s);
        const QString base = u"/api/v1/drafts/%1/tracks/%2/segments"_s.arg(draft, track);
        const HttpResult added
            = f.post(base, R"({"type":"text","start":0,"duration":2000000,"text":"你好 👋"})");
        QCOMPARE(added.status, 201);
        const QString segment = added.json().value(u"id"_s).toString();
        QCOMPARE(added.json().value(u"text"_s).toString(), u"你好 👋"_s);
        QCOMPARE(added.json().value(u"duration"_s).toInteger(), 2000000);
        QCOMPARE(added.header("Location"),
                 u"/api/v1/drafts/%1/segments/%2"_s.arg(draft, segment).toUtf8());

        // Overlap: 409, nothing added.
        HttpResult r = f.post(base, R"({"type":"text","start":1000000,"duration":5,"text":"x"})");
        QCOMPARE(r.status, 409);
        QCOMPARE(f.get(base).json().value(u"total"_s).toInt(), 1);
        const HttpResult second
            = f.post(base, R"({"type":"text","start":3000000,"duration":1000000,"text":"b"})");
        QCOMPARE(second.status, 201);

        struct Bad
        {
            QByteArray body;
            QString field;
        };
        const QList<Bad> bad{
            {R"({"type":"video","start":0,"path":"x"})", u"type"_s},
            {R"({"type":"sticker","start":0})", u"type"_s},
            {R"({"type":"text","duration":5,"text":"x"})", u"start"_s},
            {R"({"type":"text","start":1e300,"duration":5,"text":"x"})", u"start"_s},
            {R"({"type":"text","start":9000000,"duration":0,"text":"x"})", u"duration"_s},
            {R"({"type":"text","start":9000000,"duration":5,"text":""})", u"text"_s},
            {R"({"type":"text","start":9000000,"duration":5,"text":["x"]})", u"text"_s},
            {R"({"type":"text","start":9000000,"duration":5,"text":"x","path":"/x"})", u"path"_s},
        };
        for (const Bad &b : bad) {
            r = f.post(base, b.body);
            QVERIFY2(r.status == 422, b.body.constData());
            QCOMPARE(errorField(r), b.field);
        }
        QCOMPARE(f.post(u"/api/v1/drafts/%1/tracks/nope/segments"_s.arg(draft),
                        R"({"type":"text","start":0,"duration":5,"text":"x"})")
                     .status,
                 404);

        // PATCH: all or nothing, one undo step.
        const QString one = u"/api/v1/drafts/%1/segments/%2"_s.arg(draft, segment);
        r = f.patch(one, R"({"start":500000,"text":"改了","transform":{"x":0.5,"alpha":0.5}})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"start"_s).toInteger(), 500000);
        QCOMPARE(r.json().value(u"text"_s).toString(), u"改了"_s);
        QCOMPARE(r.json().value(u"transform"_s).toObject().value(u"alpha"_s).toDouble(), 0.5);
        // Moving into the second segment conflicts; the text change before it is not kept.
        r = f.patch(one, R"({"text":"lost","start":2800000})");
        QCOMPARE(r.status, 409);
        QCOMPARE(f.get(one).json().value(u"text"_s).toString(), u"改了"_s);
        QCOMPARE(f.get(one).json().value(u"start"_s).toInteger(), 500000);
        r = f.patch(one, R"({"transform":{"alpha":2}})");
        QCOMPARE(r.status, 422);
        QCOMPARE(errorField(r), u"transform.alpha"_s);
        r = f.patch(one, R"({"volume":"loud"})");
        QCOMPARE(r.status, 422);
        QCOMPARE(errorField(r), u"volume"_s);
        QCOMPARE(f.patch(u"/api/v1/drafts/%1/segments/nope"_s.arg(draft), R"({"start":1})").status,
                 404);

        // Undo the PATCH (one step), redo it.
        r = f.post(u"/api/v1/drafts/%1/undo"_s.arg(draft));
        QCOMPARE(r.status, 200);
        QCOMPARE(f.get(one).json().value(u"start"_s).toInteger(), 0);
        QCOMPARE(f.get(one).json().value(u"text"_s).toString(), u"你好 👋"_s);
        QCOMPARE(f.post(u"/api/v1/drafts/%1/redo"_s.arg(draft)).status, 200);
        QCOMPARE(f.get(one).json().value(u"start"_s).toInteger(), 500000);
        QCOMPARE(f.post(u"/api/v1/drafts/%1/redo"_s.arg(draft)).status, 409);

        QCOMPARE(f.del(one).status, 204);
        QCOMPARE(f.get(one).status, 404);
        QCOMPARE(f.get(base).json().value(u"total"_s).toInt(), 1);
        // The store has what the API acknowledged.
        Core::Result<Core::Draft> stored = f.store->load(draft);
        QVERIFY(stored);
        QCOMPARE(stored->track(track)->segments.size(), 1);
    }

    void anEditIsAnsweredOnlyOnceItIsDurable()
    {
        // The workspace writes edits behind the API thread; the answer waits for the write. While
        // another connection holds the database's write lock the edit cannot be written, so no
        // answer may come; once the lock goes, the answer comes and the store has the edit.
        const QString draft = f.createDraft();
        QVERIFY(!draft.isEmpty());
        const QString connection = u"tst_apiv1_write_lock"_s;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
            db.setDatabaseName(f.store->databasePath());
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(u"BEGIN IMMEDIATE"_s));
        }
        QNetworkAccessManager manager;
        const auto send = [&](const QString &path, const QByteArray &body) {
            QNetworkRequest request(f.url(path));
            request.setRawHeader("Authorization", "Bearer " + V1Token);
            request.setRawHeader("Content-Type", "application/json");
            return manager.post(request, body);
        };
        QNetworkReply *track = send(u"/api/v1/drafts/%1/tracks"_s.arg(draft), R"({"type":"text"})");
        QNetworkReply *text = send(
            u"/add_text"_s, QStringLiteral(R"({"draft_id":"%1","text":"held","start":0,"end":1})")
                                .arg(draft)
                                .toUtf8());
        QTest::qWait(400);
        QVERIFY(!track->isFinished());
        QVERIFY(!text->isFinished());
        {
            QSqlDatabase db = QSqlDatabase::database(connection);
            QVERIFY(QSqlQuery(db).exec(u"ROLLBACK"_s));
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        QTRY_VERIFY(track->isFinished() && text->isFinished());
        QCOMPARE(track->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
        const QByteArray textBody = text->readAll();
        QVERIFY2(textBody.contains(R"("success":true)"), textBody.constData());
        QCOMPARE(f.store->load(draft)->tracks.size(), 2);
        delete track;
        delete text;
    }

    void aChangeThatCannotBeStoredIsNotAnsweredDone()
    {
        // QUndoStack cannot refuse an undo: when the store does not take it, the route must not
        // answer 200 for a state that a restart would lose. The step stays in the open draft
        // (as the GUI shows it) and is written once the store takes writes again.
        const QString draft = f.createDraft();
        QVERIFY(!f.addTrack(draft, u"text"_s).isEmpty());
        const QString connection = u"tst_apiv1_refuse_updates"_s;
        const auto trigger = [&](const QString &statement) {
            bool ok = false;
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
                db.setDatabaseName(f.store->databasePath());
                ok = db.open() && QSqlQuery(db).exec(statement);
            }
            QSqlDatabase::removeDatabase(connection);
            return ok;
        };
        QVERIFY(trigger(u"CREATE TRIGGER refuse BEFORE UPDATE ON drafts "
                        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"_s));
        const HttpResult r = f.post(u"/api/v1/drafts/%1/undo"_s.arg(draft));
        QVERIFY2(r.status >= 500, r.body.constData());
        QVERIFY2(r.body.contains("could not be saved") && r.body.contains("disk full"),
                 r.body.constData());
        // An add through the compat route is refused the same way, in its envelope.
        const HttpResult text
            = f.post(u"/add_text"_s, QJsonDocument(QJsonObject{{u"draft_id"_s, draft},
                                                               {u"text"_s, u"hi"_s},
                                                               {u"start"_s, 0},
                                                               {u"end"_s, 1}})
                                         .toJson());
        QCOMPARE(text.status, 200);
        QCOMPARE(text.json().value(u"success"_s).toBool(), false);
        QVERIFY2(text.json().value(u"error"_s).toString().contains(u"could not be saved"_s),
                 text.body.constData());
        // The store still has the track; the open draft has the undo and the text.
        Core::Result<Core::Draft> stored = f.store->load(draft);
        QVERIFY(stored);
        QCOMPARE(stored->tracks.size(), 1);
        QVERIFY(trigger(u"DROP TRIGGER refuse"_s));
        // Retried without another request: the store catches up with the open draft.
        QTRY_COMPARE_WITH_TIMEOUT(f.store->load(draft)->tracks.size(), 1 /* the text track */,
                                  Core::DraftWorkspace::RetryMs * 3);
        QTRY_COMPARE_WITH_TIMEOUT(f.store->load(draft)->tracks.constFirst().name, u"text_main"_s,
                                  Core::DraftWorkspace::RetryMs * 3);
        QCOMPARE(f.post(u"/api/v1/drafts/%1/undo"_s.arg(draft)).status, 200);
        QCOMPARE(f.store->load(draft)->tracks.size(), 0); // answered once durable
    }

    void mediaSegments()
    {
        const QString draft = f.createDraft();
        const QString video = f.addTrack(draft, u"video"_s);
        const QString base = u"/api/v1/drafts/%1/tracks/%2/segments"_s.arg(draft, video);
        const QString path = image();
        HttpResult r = f.post(
            base,
            QJsonDocument(QJsonObject{{u"type"_s, u"image"_s}, {u"start"_s, 0}, {u"path"_s, path}})
                .toJson());
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value(u"duration"_s).toInteger(), 5000000);
        QCOMPARE(r.json().value(u"media"_s).toObject().value(u"kind"_s).toString(), u"image"_s);

        // Outside the allowed folders: 403 naming the field; nothing is read.
        QFile::copy(path, f.outside() + u"/x.png"_s);
        r = f.post(base, QJsonDocument(QJsonObject{{u"type"_s, u"image"_s},
                                                   {u"start"_s, 9000000},
                                                   {u"path"_s, QString(f.outside() + u"/x.png"_s)}})
                             .toJson());
        QCOMPARE(r.status, 403);
        QCOMPARE(errorField(r), u"path"_s);
        r = f.post(base, QJsonDocument(QJsonObject{{u"type"_s, u"image"_s},
                                                   {u"start"_s, 9000000},
                                                   {u"path"_s,
                                                    QString(f.allowed() + u"/../outside/x.png"_s)}})
                             .toJson());
        QCOMPARE(r.status, 403);
        // Not a picture: the probe's error, with the field.
        MediaFixtures fixtures(f.allowed());
        const QString junk = fixtures.writeFile(u"junk.png"_s, QByteArray(4096, 'j'));
        r = f.post(base, QJsonDocument(QJsonObject{{u"type"_s, u"image"_s},
                                                   {u"start"_s, 9000000},
                                                   {u"path"_s, junk}})
                             .toJson());
        QVERIFY2(r.status == 422 || r.status == 415, r.body.constData());
        QCOMPARE(errorField(r), u"path"_s);
        // A video segment from a picture is refused.
        r = f.post(base, QJsonDocument(QJsonObject{{u"type"_s, u"video"_s},
                                                   {u"start"_s, 9000000},
                                                   {u"path"_s, path}})
                             .toJson());
        QCOMPARE(r.status, 422);
        QCOMPARE(errorField(r), u"path"_s);

        if (!MediaFixtures::haveFfmpeg())
            QSKIP("ffmpeg is needed for the audio part");
        const QString tone = fixtures.make(
            u"tone.wav"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s, u"sine=frequency=440:duration=2"_s});
        QVERIFY(!tone.isEmpty());
        const QString audio = f.addTrack(draft, u"audio"_s);
        r = f.post(u"/api/v1/drafts/%1/tracks/%2/segments"_s.arg(draft, audio),
                   QJsonDocument(QJsonObject{{u"type"_s, u"audio"_s},
                                             {u"start"_s, 0},
                                             {u"sourceStart"_s, 500000},
                                             {u"path"_s, tone}})
                       .toJson());
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json().value(u"sourceStart"_s).toInteger(), 500000);
        QVERIFY(qAbs(r.json().value(u"duration"_s).toInteger() - 1500000) < 50000);
        const QString segment = r.json().value(u"id"_s).toString();
        r = f.patch(u"/api/v1/drafts/%1/segments/%2"_s.arg(draft, segment),
                    R"({"volume":0.5,"speed":0.5})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"volume"_s).toDouble(), 0.5);
        QCOMPARE(r.json().value(u"speed"_s).toDouble(), 0.5);
        // Twice as fast would read past the end of the 2 s tone: refused, nothing changed.
        r = f.patch(u"/api/v1/drafts/%1/segments/%2"_s.arg(draft, segment),
                    R"({"volume":1.5,"speed":2})");
        QCOMPARE(r.status, 422);
        QCOMPARE(errorField(r), u"source"_s);
        QCOMPARE(f.get(u"/api/v1/drafts/%1/segments/%2"_s.arg(draft, segment))
                     .json()
                     .value(u"volume"_s)
                     .toDouble(),
                 0.5);
    }

    void catalogs()
    {
        Core::CatalogEntry entry;
        entry.kind = Core::CatalogKind::Transition;
        entry.ns = Core::CatalogNamespace::JianYing;
        entry.name = u"叠化"_s;
        entry.nameEn = u"Dissolve"_s;
        entry.resourceId = u"6724845717472416269"_s;
        Core::CatalogEntry other = entry;
        other.name = u"闪白"_s;
        other.nameEn = u"Flash"_s;
        other.resourceId = u"6724845717472416270"_s;
        f.catalogs->add({entry, other});

        HttpResult r = f.get(u"/api/v1/catalogs?limit=500"_s);
        QCOMPARE(r.status, 200);
        bool found = false;
        for (const QJsonValue &kind : r.json().value(u"items"_s).toArray()) {
            if (kind.toObject().value(u"kind"_s).toString() == u"transition") {
                QCOMPARE(kind.toObject().value(u"entries"_s).toInt(), 2);
                found = true;
            }
        }
        QVERIFY(found);
        r = f.get(u"/api/v1/catalogs/transition?q=dissol"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"total"_s).toInt(), 1);
        QCOMPARE(
            r.json().value(u"items"_s).toArray().first().toObject().value(u"name"_s).toString(),
            u"叠化"_s);
        QCOMPARE(f.get(u"/api/v1/catalogs/transition?limit=1"_s).json().value(u"next"_s).toInt(),
                 1);
        QCOMPARE(
            f.get(u"/api/v1/catalogs/transition?namespace=cc"_s).json().value(u"total"_s).toInt(),
            0);
        r = f.get(u"/api/v1/catalogs/transition?namespace=xx"_s);
        QCOMPARE(r.status, 422);
        QCOMPARE(errorField(r), u"namespace"_s);
        r = f.get(u"/api/v1/catalogs/no_such_kind"_s);
        QCOMPARE(r.status, 404);
        QCOMPARE(errorField(r), u"kind"_s);
    }

    void settings()
    {
        HttpResult r = f.get(u"/api/v1/settings"_s);
        QCOMPARE(r.status, 200);
        const QJsonObject values = r.json().value(u"values"_s).toObject();
        QVERIFY(values.contains(u"language"_s));
        QVERIFY(values.contains(u"allowedFolders"_s));
        QVERIFY(!values.contains(u"editorExecutable"_s));
        QVERIFY(!r.json().value(u"writable"_s).toArray().contains(u"allowedFolders"_s));

        r = f.patch(u"/api/v1/settings"_s, R"({"language":"en","downloadMaxBytes":10485760})");
        QCOMPARE(r.status, 200);
        QCOMPARE(f.settings->language(), u"en"_s);
        QCOMPARE(f.settings->downloadMaxBytes(), 10485760);

        struct Bad
        {
            QByteArray body;
            int status;
            QString field;
        };
        const QList<Bad> bad{
            {R"({"allowedFolders":["/"]})", 403, u"allowedFolders"_s},
            {R"({"requireTokenEverywhere":false})", 403, u"requireTokenEverywhere"_s},
            {R"({"editorExecutable":"/bin/sh"})", 422, u"editorExecutable"_s},
            {R"({"language":"zh_CN","logLevel":"loudest"})", 422, u"logLevel"_s},
            {R"({"language":"zh_CN","startMinimized":"yes"})", 422, u"startMinimized"_s},
            {R"({"downloadMaxBytes":1e300})", 422, u"downloadMaxBytes"_s},
            {R"({"downloadMaxBytes":5})", 422, u"downloadMaxBytes"_s},
            {R"({"language":5})", 422, u"language"_s},
        };
        for (const Bad &b : bad) {
            r = f.patch(u"/api/v1/settings"_s, b.body);
            QVERIFY2(r.status == b.status, b.body.constData());
            QCOMPARE(errorField(r), b.field);
        }
        QCOMPARE(f.settings->language(), u"en"_s); // all or nothing
        QCOMPARE(f.patch(u"/api/v1/settings"_s, "not json").status, 400);
    }

    void editorStatusIsHonest()
    {
        const HttpResult r = f.get(u"/api/v1/editor"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"state"_s).toString(), u"not-configured"_s);
        QCOMPARE(r.json().value(u"supervisor"_s).toBool(), false);
    }

    void methodsAndUnknownPaths()
    {
        HttpResult r = f.call("PUT", u"/api/v1/drafts"_s, "{}");
        QCOMPARE(r.status, 405);
        QVERIFY(r.header("Allow").contains("POST"));
        r = f.get(u"/api/v1/drafts/x/y/z/w"_s);
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"name"_s).toString(), u"NotFound"_s);
    }
};

QTEST_GUILESS_MAIN(tst_ApiV1)
#include "tst_apiv1.moc"
