// JobStore and JobService against a real SQLite file: persistence across reopen, jobs a crash
// left running, bounded history, state transitions and throttled progress.
#include "core/jobs/jobservice.h"
#include "core/jobs/jobstore.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

class tst_JobStore : public QObject
{
    Q_OBJECT

private:
    QString path() const { return m_dir.filePath(u"data/jobs.sqlite"_s); }
    QTemporaryDir m_dir;

private Q_SLOTS:
    void init()
    {
        QFile::remove(path());
        QFile::remove(path() + u"-wal"_s);
        QFile::remove(path() + u"-shm"_s);
    }

    void persistsAcrossReopen()
    {
        QString id;
        {
            JobStore store(path());
            QVERIFY(store.open());
            JobService jobs(store);
            Result<Job> job = jobs.create(u"save"_s, {{u"draftId"_s, u"abc"_s}});
            QVERIFY(job);
            id = job->id;
            QCOMPARE(job->state, JobState::Queued);
            QVERIFY(jobs.start(id));
            QVERIFY(jobs.finish(id, {{u"folder"_s, u"/x/我的草稿"_s}}));
        }
        JobStore again(path());
        Result<JobStore::OpenReport> report = again.open();
        QVERIFY(report);
        QCOMPARE(report->interrupted, 0);
        Result<Job> job = again.get(id);
        QVERIFY(job);
        QCOMPARE(job->kind, u"save"_s);
        QCOMPARE(job->state, JobState::Done);
        QCOMPARE(job->progress, 100);
        QCOMPARE(job->params.value(u"draftId"_s).toString(), u"abc"_s);
        QCOMPARE(job->result.value(u"folder"_s).toString(), u"/x/我的草稿"_s);
        QVERIFY(job->created.isValid());
        QVERIFY(job->updated >= job->created);
        QCOMPARE(again.get(u"nope"_s).error().code(), ErrorCode::NotFound);
    }

    void runningJobsFailAfterRestart()
    {
        QString running, queued, done;
        {
            JobStore store(path());
            QVERIFY(store.open());
            JobService jobs(store);
            running = jobs.create(u"download"_s, {})->id;
            QVERIFY(jobs.start(running));
            jobs.setProgress(running, 40);
            queued = jobs.create(u"probe"_s, {})->id;
            done = jobs.create(u"probe"_s, {})->id;
            QVERIFY(jobs.finish(done, {}));
            // The service goes away without finishing: as after a crash or kill.
        }
        JobStore again(path());
        Result<JobStore::OpenReport> report = again.open();
        QVERIFY(report);
        QCOMPARE(report->interrupted, 2);
        for (const QString &id : {running, queued}) {
            Result<Job> job = again.get(id);
            QVERIFY(job);
            QCOMPARE(job->state, JobState::Failed);
            QCOMPARE(job->error.value(u"message"_s).toString(), u"interrupted by restart"_s);
        }
        QCOMPARE(again.get(done)->state, JobState::Done);
    }

    void historyIsBounded()
    {
        JobStore store(path(), 5);
        QVERIFY(store.open());
        JobService jobs(store);
        const QString active = jobs.create(u"save"_s, {})->id;
        QStringList finished;
        for (int i = 0; i < 12; ++i) {
            const QString id = jobs.create(u"probe"_s, {{u"i"_s, i}})->id;
            QVERIFY(jobs.fail(id, Error(ErrorCode::MediaUnreadable, u"bad"_s)));
            finished << id;
            QTest::qWait(2); // distinct update times
        }
        qint64 total = 0;
        Result<QList<Job>> all = store.list(0, 100, {}, std::nullopt, &total);
        QVERIFY(all);
        QCOMPARE(total, 6); // 5 finished + the unfinished one (never pruned)
        QVERIFY(store.get(active));
        for (int i = 0; i < 7; ++i)
            QVERIFY2(!store.get(finished.at(i)), qPrintable(finished.at(i)));
        for (int i = 7; i < 12; ++i)
            QVERIFY(store.get(finished.at(i)));
        // Newest first, filters and paging.
        QCOMPARE(all->first().id, finished.last());
        Result<QList<Job>> page = store.list(1, 2, u"probe"_s, JobState::Failed, &total);
        QVERIFY(page);
        QCOMPARE(total, 5);
        QCOMPARE(page->size(), 2);
        QCOMPARE(page->at(0).id, finished.at(10));
        QCOMPARE(store.list(0, 10, u"save"_s, std::nullopt, &total)->size(), 1);
    }

    void updatesKeepTheListOrder()
    {
        // Jobs created in one millisecond are ordered by insertion; a later update (progress,
        // state) must not move a job in "newest first" (offset pages would repeat or skip it).
        JobStore store(path());
        QVERIFY(store.open());
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
        Job older{u"a"_s, u"probe"_s, JobState::Running, 0, {}, {}, {}, at, at};
        Job newer{u"b"_s, u"probe"_s, JobState::Running, 0, {}, {}, {}, at, at};
        QVERIFY(store.put(older));
        QVERIFY(store.put(newer));
        QCOMPARE(store.list(0, 10)->first().id, u"b"_s);
        older.progress = 50;
        older.updated = at.addMSecs(5);
        QVERIFY(store.put(older));
        const QList<Job> jobs = *store.list(0, 10);
        QCOMPARE(jobs.size(), 2);
        QCOMPARE(jobs.at(0).id, u"b"_s);
        QCOMPARE(jobs.at(1).id, u"a"_s);
        QCOMPARE(jobs.at(1).progress, 50);
    }

    void transitions()
    {
        JobStore store(path());
        QVERIFY(store.open());
        JobService jobs(store);
        QSignalSpy changed(&jobs, &JobService::jobChanged);
        bool cancelled = false;
        const QString id = jobs.create(u"download"_s, {}, [&cancelled] { cancelled = true; })->id;
        QVERIFY(jobs.start(id));
        Result<Job> result = jobs.cancel(id);
        QVERIFY(result);
        QVERIFY(cancelled);
        QCOMPARE(result->state, JobState::Cancelled);
        QCOMPARE(store.get(id)->state, JobState::Cancelled);
        // A late result is refused; cancelling again is a conflict; unknown ids are not found.
        QCOMPARE(jobs.finish(id, {}).error().code(), ErrorCode::Conflict);
        QCOMPARE(jobs.cancel(id).error().code(), ErrorCode::Conflict);
        QCOMPARE(jobs.cancel(u"nope"_s).error().code(), ErrorCode::NotFound);
        QCOMPARE(store.get(id)->state, JobState::Cancelled);
        QCOMPARE(changed.count(), 3); // queued, running, cancelled
        QCOMPARE(changed.last().first().value<Job>().state, JobState::Cancelled);
        QCOMPARE(jobs.activeCount(), 0);
    }

    void progressIsThrottled()
    {
        JobStore store(path());
        QVERIFY(store.open());
        JobService jobs(store);
        const QString id = jobs.create(u"download"_s, {})->id;
        QVERIFY(jobs.start(id));
        QSignalSpy changed(&jobs, &JobService::jobChanged);
        for (int p = 1; p <= 50; ++p)
            jobs.setProgress(id, p);
        QVERIFY(changed.count() <= 1);
        // The last value is not lost: it is flushed within the interval.
        QTRY_VERIFY_WITH_TIMEOUT(
            !changed.isEmpty() && changed.last().first().value<Job>().progress == 50, 1000);
        QVERIFY(changed.count() <= 2);
        QCOMPARE(jobs.job(id)->progress, 50);
        QCOMPARE(store.get(id)->progress, 50);
        jobs.setProgress(id, 500); // clamped
        QCOMPARE(jobs.job(id)->progress, 100);
        QVERIFY(jobs.finish(id, {}));
        QCOMPARE(changed.last().first().value<Job>().state, JobState::Done);
    }

    void newerSchemaIsRefused()
    {
        {
            JobStore store(path());
            QVERIFY(store.open());
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw"_s);
            db.setDatabaseName(path());
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(u"PRAGMA user_version = 99"_s));
        }
        QSqlDatabase::removeDatabase(u"raw"_s);
        JobStore store(path());
        Result<JobStore::OpenReport> report = store.open();
        QVERIFY(!report);
        QCOMPARE(report.error().code(), ErrorCode::DatabaseError);
        QVERIFY(!store.isOpen());
    }
};

QTEST_GUILESS_MAIN(tst_JobStore)
#include "tst_jobstore.moc"
