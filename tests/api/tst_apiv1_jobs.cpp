// /api/v1 long work over real HTTP: 202 {jobId}, polling GET /api/v1/jobs/{id} to the end, the job
// list, cancellation, jobs across a restart, media probe and download jobs.
#include "../media/faultserver.h"
#include "../media/mediafixtures.h"
#include "tst_apiv1_fixture.h"

#include <QImage>
#include <QSignalSpy>

using namespace CutPilot;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

class tst_ApiV1Jobs : public QObject
{
    Q_OBJECT

private:
    ApiV1Fixture f;

    QString draftWithText()
    {
        const QString draft = f.createDraft("{\"name\":\"保存 test\"}");
        const QString track = f.addTrack(draft, u"text"_s);
        const HttpResult r
            = f.post(u"/api/v1/drafts/%1/tracks/%2/segments"_s.arg(draft, track),
                     R"({"type":"text","start":0,"duration":3000000,"text":"hello"})");
        return r.status == 201 ? draft : QString();
    }

private Q_SLOTS:
    void init() { QVERIFY(f.start()); }
    void cleanup() { f.stop(); }

    void saveJobRunsToDone()
    {
        const QString draft = draftWithText();
        QVERIFY(!draft.isEmpty());
        QSignalSpy changed(f.jobs.get(), &Core::JobService::jobChanged);
        const HttpResult accepted = f.post(u"/api/v1/drafts/%1/save"_s.arg(draft), "{}");
        QCOMPARE(accepted.status, 202);
        const QString jobId = accepted.json().value(u"jobId"_s).toString();
        QVERIFY(!jobId.isEmpty());
        QCOMPARE(accepted.header("Location"), "/api/v1/jobs/" + jobId.toUtf8());
        QCOMPARE(accepted.json().value(u"job"_s).toObject().value(u"kind"_s).toString(), u"save"_s);

        const QJsonObject job = f.waitForJob(jobId);
        QCOMPARE(job.value(u"state"_s).toString(), u"done"_s);
        QCOMPARE(job.value(u"progress"_s).toInt(), 100);
        const QString folder = job.value(u"result"_s).toObject().value(u"folder"_s).toString();
        QVERIFY2(folder.startsWith(f.editorStore()), qPrintable(folder));
        QVERIFY(QFileInfo::exists(
            job.value(u"result"_s).toObject().value(u"contentFile"_s).toString()));
        QCOMPARE(job.value(u"params"_s).toObject().value(u"draftId"_s).toString(), draft);
        QVERIFY(changed.count() >= 3); // queued, running, done (for the events hub)
        QCOMPARE(changed.last().first().value<Core::Job>().state, Core::JobState::Done);

        // The draft's save record, which compat query_draft_status reports (§5.11).
        const HttpResult task = f.post(u"/query_draft_status"_s,
                                       QJsonDocument(QJsonObject{{u"task_id"_s, draft}}).toJson());
        QCOMPARE(task.json().value(u"success"_s).toBool(), true);
        QCOMPARE(task.json().value(u"output"_s).toObject().value(u"status"_s).toString(),
                 u"completed"_s);

        // In the list, filtered by kind and state.
        HttpResult list = f.get(u"/api/v1/jobs?kind=save&state=done"_s);
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json().value(u"total"_s).toInt(), 1);
        QCOMPARE(
            list.json().value(u"items"_s).toArray().first().toObject().value(u"id"_s).toString(),
            jobId);
        QCOMPARE(f.get(u"/api/v1/jobs?state=failed"_s).json().value(u"total"_s).toInt(), 0);
        list = f.get(u"/api/v1/jobs?state=finished"_s);
        QCOMPARE(list.status, 422);
        QCOMPARE(errorField(list), u"state"_s);

        // Finished: cancelling is a conflict.
        const HttpResult cancel = f.del(u"/api/v1/jobs/"_s + jobId);
        QCOMPARE(cancel.status, 409);
        QCOMPARE(f.get(u"/api/v1/jobs/"_s + jobId).json().value(u"state"_s).toString(), u"done"_s);
    }

    void saveIntoAnAllowedFolderOnly()
    {
        const QString draft = draftWithText();
        QDir().mkpath(f.allowed() + u"/other-store"_s);
        HttpResult r = f.post(
            u"/api/v1/drafts/%1/save"_s.arg(draft),
            QJsonDocument(QJsonObject{{u"folder"_s, QString(f.allowed() + u"/other-store"_s)}})
                .toJson());
        QCOMPARE(r.status, 202);
        const QJsonObject job = f.waitForJob(r.json().value(u"jobId"_s).toString());
        QCOMPARE(job.value(u"state"_s).toString(), u"done"_s);
        QVERIFY(job.value(u"result"_s)
                    .toObject()
                    .value(u"folder"_s)
                    .toString()
                    .startsWith(f.allowed() + u"/other-store"_s));

        const qint64 before = f.jobStore->list(0, 100)->size();
        for (const QString &folder : {f.outside(), u"/etc"_s, u"relative/folder"_s,
                                      u"file:///tmp"_s, QString(f.allowed() + u"/../outside"_s)}) {
            r = f.post(u"/api/v1/drafts/%1/save"_s.arg(draft),
                       QJsonDocument(QJsonObject{{u"folder"_s, folder}}).toJson());
            QVERIFY2(r.status == 403, qPrintable(folder));
            QCOMPARE(errorField(r), u"folder"_s);
        }
        r = f.post(u"/api/v1/drafts/%1/save"_s.arg(draft), R"({"folder":42})");
        QCOMPARE(r.status, 422);
        QCOMPARE(errorField(r), u"folder"_s);
        QCOMPARE(f.post(u"/api/v1/drafts/nope/save"_s, "{}").status, 404);
        QCOMPARE(f.jobStore->list(0, 100)->size(), before); // refused requests start no job
    }

    void unknownJobs()
    {
        for (const QString &id : {u"0123456789abcdef0123456789abcdef"_s, u"x"_s}) {
            HttpResult r = f.get(u"/api/v1/jobs/"_s + id);
            QCOMPARE(r.status, 404);
            QCOMPARE(errorField(r), u"id"_s);
            QCOMPARE(f.del(u"/api/v1/jobs/"_s + id).status, 404);
        }
        QCOMPARE(f.get(u"/api/v1/jobs?limit=0"_s).status, 422);
    }

    void jobsSurviveARestart()
    {
        const QString draft = draftWithText();
        const HttpResult r = f.post(u"/api/v1/drafts/%1/save"_s.arg(draft), "{}");
        const QString jobId = r.json().value(u"jobId"_s).toString();
        QCOMPARE(f.waitForJob(jobId).value(u"state"_s).toString(), u"done"_s);
        // A job the previous run left running (written as a crash leaves it).
        Core::Job stale;
        stale.id = u"feedfacefeedfacefeedfacefeedface"_s;
        stale.kind = u"download"_s;
        stale.state = Core::JobState::Running;
        stale.progress = 30;
        stale.created = stale.updated = QDateTime::currentDateTimeUtc();
        QVERIFY(f.jobStore->put(stale));

        QVERIFY(f.start(true));
        HttpResult again = f.get(u"/api/v1/jobs/"_s + jobId);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(u"state"_s).toString(), u"done"_s);
        again = f.get(u"/api/v1/jobs/"_s + stale.id);
        QCOMPARE(again.json().value(u"state"_s).toString(), u"failed"_s);
        QCOMPARE(again.json().value(u"error"_s).toObject().value(u"message"_s).toString(),
                 u"interrupted by restart"_s);
    }

    void probeJob()
    {
        const QString path = f.allowed() + u"/pic.png"_s;
        QImage picture(40, 30, QImage::Format_RGB32);
        picture.fill(Qt::blue);
        QVERIFY(picture.save(path));
        HttpResult r = f.post(u"/api/v1/media/probe"_s,
                              QJsonDocument(QJsonObject{{u"path"_s, path}}).toJson());
        QCOMPARE(r.status, 202);
        QJsonObject job = f.waitForJob(r.json().value(u"jobId"_s).toString());
        QCOMPARE(job.value(u"state"_s).toString(), u"done"_s);
        QCOMPARE(job.value(u"kind"_s).toString(), u"probe"_s);
        QCOMPARE(job.value(u"result"_s)
                     .toObject()
                     .value(u"video"_s)
                     .toObject()
                     .value(u"width"_s)
                     .toInt(),
                 40);
        QCOMPARE(job.value(u"result"_s).toObject().value(u"kind"_s).toString(), u"image"_s);

        MediaFixtures fixtures(f.allowed());
        const QString junk = fixtures.writeFile(u"junk.mp4"_s, QByteArray(2048, 'z'));
        r = f.post(u"/api/v1/media/probe"_s,
                   QJsonDocument(QJsonObject{{u"path"_s, junk}}).toJson());
        QCOMPARE(r.status, 202);
        job = f.waitForJob(r.json().value(u"jobId"_s).toString());
        QCOMPARE(job.value(u"state"_s).toString(), u"failed"_s);
        QVERIFY(job.value(u"error"_s).toObject().value(u"code"_s).toInt() >= 400);

        r = f.post(u"/api/v1/media/probe"_s, R"({"path":"/etc/passwd"})");
        QCOMPARE(r.status, 403);
        QCOMPARE(errorField(r), u"path"_s);
        r = f.post(u"/api/v1/media/probe"_s, R"({})");
        QCOMPARE(r.status, 422);
        QCOMPARE(errorField(r), u"path"_s);
        r = f.post(u"/api/v1/media/probe"_s, R"({"path":"x","extra":1})");
        QCOMPARE(r.status, 422);
        QCOMPARE(errorField(r), u"extra"_s);
    }

    void downloadJobWithProgress()
    {
        if (!MediaFixtures::haveFfmpeg())
            QSKIP("ffmpeg makes the media to download");
        MediaFixtures fixtures(f.dir.filePath(u"fixtures"_s));
        QDir().mkpath(f.dir.filePath(u"fixtures"_s));
        const QString clip = fixtures.make(
            u"clip.wav"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s, u"sine=frequency=440:duration=3"_s});
        QVERIFY(!clip.isEmpty());
        QFile file(clip);
        QVERIFY(file.open(QIODevice::ReadOnly));
        FaultServer server;
        QVERIFY(server.listen());
        FaultServer::Route route;
        route.mode = FaultServer::Mode::Slow;
        route.body = file.readAll();
        route.chunkSize = 32 * 1024;
        route.intervalMs = 30;
        server.setRoute("/clip.wav", route);

        HttpResult r = f.post(
            u"/api/v1/media/download"_s,
            QJsonDocument(QJsonObject{{u"url"_s, server.url(u"/clip.wav"_s).toString()}}).toJson());
        QCOMPARE(r.status, 202);
        const QString jobId = r.json().value(u"jobId"_s).toString();
        QSignalSpy changed(f.jobs.get(), &Core::JobService::jobChanged);
        const QJsonObject job = f.waitForJob(jobId);
        QCOMPARE(job.value(u"state"_s).toString(), u"done"_s);
        QVERIFY(job.value(u"result"_s).toObject().value(u"has_audio"_s).toBool());
        int progressReports = 0;
        for (const QList<QVariant> &args : std::as_const(changed)) {
            const Core::Job j = args.first().value<Core::Job>();
            if (j.id == jobId && j.state == Core::JobState::Running && j.progress > 0)
                ++progressReports;
        }
        QVERIFY(progressReports >= 1);

        for (const QByteArray &bad :
             {QJsonDocument(QJsonObject{{u"url"_s, u"ftp://example.com/x"_s}}).toJson(),
              QJsonDocument(QJsonObject{{u"url"_s, u"file:///etc/passwd"_s}}).toJson(),
              QByteArray(R"({"url":"not a url"})"), QByteArray(R"({"url":12})")}) {
            r = f.post(u"/api/v1/media/download"_s, bad);
            QVERIFY2(r.status == 422, bad.constData());
            QCOMPARE(errorField(r), u"url"_s);
        }
    }

    void cancelARunningDownload()
    {
        FaultServer server;
        QVERIFY(server.listen());
        FaultServer::Route route;
        route.mode = FaultServer::Mode::Stall;
        route.body = QByteArray(1024 * 1024, 'a');
        route.chunkSize = 1024;
        server.setRoute("/stall.mp4", route);
        HttpResult r
            = f.post(u"/api/v1/media/download"_s,
                     QJsonDocument(QJsonObject{{u"url"_s, server.url(u"/stall.mp4"_s).toString()}})
                         .toJson());
        QCOMPARE(r.status, 202);
        const QString jobId = r.json().value(u"jobId"_s).toString();
        QCOMPARE(f.get(u"/api/v1/jobs/"_s + jobId).json().value(u"state"_s).toString(),
                 u"running"_s);
        const HttpResult cancelled = f.del(u"/api/v1/jobs/"_s + jobId);
        QCOMPARE(cancelled.status, 200);
        QCOMPARE(cancelled.json().value(u"state"_s).toString(), u"cancelled"_s);
        QTest::qWait(200); // a late outcome of the transfer must not overwrite the record
        QCOMPARE(f.get(u"/api/v1/jobs/"_s + jobId).json().value(u"state"_s).toString(),
                 u"cancelled"_s);
        QCOMPARE(f.del(u"/api/v1/jobs/"_s + jobId).status, 409);

        // The job record (listed to any token holder and on the 'jobs' topic) never carries the
        // URL's credentials or query.
        QUrl secret = server.url(u"/stall.mp4"_s);
        secret.setUserInfo(u"user:PASSWORD1"_s);
        secret.setQuery(u"token=SECRET2"_s);
        r = f.post(u"/api/v1/media/download"_s,
                   QJsonDocument(QJsonObject{{u"url"_s, secret.toString()}}).toJson());
        QCOMPARE(r.status, 202);
        const QString secretJob = r.json().value(u"jobId"_s).toString();
        const QByteArray listed = f.get(u"/api/v1/jobs/"_s + secretJob).body;
        QVERIFY2(listed.contains("/stall.mp4"), listed.constData());
        QVERIFY2(!listed.contains("PASSWORD1") && !listed.contains("SECRET2"), listed.constData());
        QCOMPARE(f.del(u"/api/v1/jobs/"_s + secretJob).status, 200);
    }
};

QTEST_GUILESS_MAIN(tst_ApiV1Jobs)
#include "tst_apiv1_jobs.moc"
