// The export queue's SQLite store: persistence across reopen, resumption of interrupted jobs,
// run order by priority, cancellation as a written state.
#include "core/editor/exportqueuestore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot::Core;
using namespace CutPilot::Core::Editor;
using namespace Qt::StringLiterals;

namespace {

ExportJob makeJob(const QString &id, int priority, const QDateTime &created)
{
    ExportJob job;
    job.id = id;
    job.draftName = u"Draft "_s + id;
    job.draftFolder = u"/store/"_s + id;
    job.requestedPath = u"/out/"_s + id + u".mp4"_s;
    job.resolution = u"720P"_s;
    job.fps = u"25fps"_s;
    job.draftDurationMs = 1500;
    job.priority = priority;
    job.created = created;
    return job;
}

} // namespace

class tst_ExportQueueStore : public QObject
{
    Q_OBJECT

private slots:
    void persistsAcrossReopen();
    void interruptedJobsAreResumed();
    void movedBeforeTheKillIsDone();
    void priorityThenAgeOrder();
    void backoffDelaysTheNextAttempt();
    void cancelIsFinal();
    void pagesAndCountsComeFromTheDatabase();
    void finishedJobsAreKeptUpToTheLimit();
};

void tst_ExportQueueStore::persistsAcrossReopen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"exports.sqlite"_s);
    ExportJob written = makeJob(u"a"_s, 3, QDateTime::currentDateTimeUtc());
    written.attempts = 2;
    written.reason = u"crash"_s;
    written.message = u"the editor crashed"_s;
    written.nextAttemptAt = QDateTime::currentDateTimeUtc().addSecs(5);
    {
        ExportQueueStore store(path);
        QVERIFY(store.open());
        QVERIFY(store.put(written));
    }
    ExportQueueStore again(path);
    Result<ExportQueueStore::OpenReport> report = again.open();
    QVERIFY(report);
    QCOMPARE(report->requeued, 0);
    Result<ExportJob> read = again.get(u"a"_s);
    QVERIFY(read);
    // Times are stored with ms precision.
    written.nextAttemptAt
        = QDateTime::fromMSecsSinceEpoch(written.nextAttemptAt.toMSecsSinceEpoch(), Qt::UTC);
    QCOMPARE(*read, written);
    QCOMPARE(read->toJson().value(u"state"_s).toString(), u"queued"_s);
    QVERIFY(!again.get(u"missing"_s));
    QCOMPARE(again.get(u"missing"_s).error().code(), ErrorCode::NotFound);
}

void tst_ExportQueueStore::interruptedJobsAreResumed()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"exports.sqlite"_s);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    {
        ExportQueueStore store(path);
        QVERIFY(store.open());
        ExportJob running = makeJob(u"run"_s, 0, now);
        running.state = ExportJobState::Running;
        running.attempts = 1;
        running.progress = 55;
        ExportJob verifying = makeJob(u"ver"_s, 0, now.addMSecs(1));
        verifying.state = ExportJobState::Verifying;
        verifying.attempts = 1;
        verifying.outputPath = dir.filePath(u"partial.mp4"_s); // still there: not moved
        QFile partial(verifying.outputPath);
        QVERIFY(partial.open(QIODevice::WriteOnly));
        partial.write("x");
        partial.close();
        ExportJob done = makeJob(u"done"_s, 0, now.addMSecs(2));
        done.state = ExportJobState::Done;
        QVERIFY(store.put(running) && store.put(verifying) && store.put(done));
    } // like a kill -9: nothing else is written
    ExportQueueStore store(path);
    Result<ExportQueueStore::OpenReport> report = store.open();
    QVERIFY(report);
    QCOMPARE(report->requeued, 2);
    for (const QString &id : {u"run"_s, u"ver"_s}) {
        Result<ExportJob> job = store.get(id);
        QVERIFY(job);
        QCOMPARE(job->state, ExportJobState::Queued);
        QCOMPARE(job->attempts, 1); // the attempt counts; the next one redoes the export
        QCOMPARE(job->progress, 0);
    }
    QCOMPARE(store.get(u"done"_s)->state, ExportJobState::Done);
}

void tst_ExportQueueStore::movedBeforeTheKillIsDone()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"exports.sqlite"_s);
    {
        ExportQueueStore store(path);
        QVERIFY(store.open());
        ExportJob job = makeJob(u"m"_s, 0, QDateTime::currentDateTimeUtc());
        job.state = ExportJobState::Verifying;
        job.outputPath = dir.filePath(u"gone.mp4"_s); // moved away …
        job.finalPath = dir.filePath(u"final.mp4"_s); // … to here
        QFile moved(job.finalPath);
        QVERIFY(moved.open(QIODevice::WriteOnly));
        moved.write("video");
        QVERIFY(store.put(job));
    }
    ExportQueueStore store(path);
    Result<ExportQueueStore::OpenReport> report = store.open();
    QVERIFY(report);
    QCOMPARE(report->completed, 1);
    QCOMPARE(store.get(u"m"_s)->state, ExportJobState::Done);
}

void tst_ExportQueueStore::priorityThenAgeOrder()
{
    QTemporaryDir dir;
    ExportQueueStore store(dir.filePath(u"exports.sqlite"_s));
    QVERIFY(store.open());
    const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-10);
    ExportJob low = makeJob(u"low"_s, 0, t0);
    ExportJob highOld = makeJob(u"highOld"_s, 5, t0.addMSecs(10));
    ExportJob highNew = makeJob(u"highNew"_s, 5, t0.addMSecs(20));
    ExportJob finished = makeJob(u"finished"_s, 9, t0);
    finished.state = ExportJobState::Done;
    QVERIFY(store.put(low) && store.put(highNew) && store.put(highOld) && store.put(finished));
    Result<QList<ExportJob>> all = store.list();
    QVERIFY(all);
    QStringList order;
    for (const ExportJob &job : *all)
        order.append(job.id);
    QCOMPARE(order, (QStringList{u"finished"_s, u"highOld"_s, u"highNew"_s, u"low"_s}));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList picked;
    while (true) {
        Result<std::optional<ExportJob>> next = store.nextDue(now);
        QVERIFY(next);
        if (!*next)
            break;
        picked.append((*next)->id);
        ExportJob job = **next;
        job.state = ExportJobState::Done;
        QVERIFY(store.put(job));
    }
    QCOMPARE(picked, (QStringList{u"highOld"_s, u"highNew"_s, u"low"_s}));
}

void tst_ExportQueueStore::backoffDelaysTheNextAttempt()
{
    QTemporaryDir dir;
    ExportQueueStore store(dir.filePath(u"exports.sqlite"_s));
    QVERIFY(store.open());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    ExportJob waiting = makeJob(u"w"_s, 9, now.addSecs(-1));
    waiting.nextAttemptAt = now.addSecs(4);
    QVERIFY(store.put(waiting));
    QDateTime next;
    Result<std::optional<ExportJob>> due = store.nextDue(now, &next);
    QVERIFY(due);
    QVERIFY(!*due);
    QCOMPARE(next.toMSecsSinceEpoch(), waiting.nextAttemptAt.toMSecsSinceEpoch());
    due = store.nextDue(now.addSecs(5), &next);
    QVERIFY(due && *due);
    QCOMPARE((*due)->id, u"w"_s);
}

void tst_ExportQueueStore::cancelIsFinal()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"exports.sqlite"_s);
    {
        ExportQueueStore store(path);
        QVERIFY(store.open());
        ExportJob job = makeJob(u"c"_s, 0, QDateTime::currentDateTimeUtc());
        QVERIFY(store.put(job));
        job.state = ExportJobState::Cancelled;
        job.reason = u"cancelled"_s;
        QVERIFY(store.put(job));
        QVERIFY(!*store.nextDue(QDateTime::currentDateTimeUtc()));
    }
    ExportQueueStore store(path);
    QVERIFY(store.open());
    QCOMPARE(store.get(u"c"_s)->state, ExportJobState::Cancelled);
    QVERIFY(isFinished(ExportJobState::Cancelled));
    QVERIFY(!*store.nextDue(QDateTime::currentDateTimeUtc()));
}

QTEST_GUILESS_MAIN(tst_ExportQueueStore)
void tst_ExportQueueStore::pagesAndCountsComeFromTheDatabase()
{
    // What GET /api/v1/exports and /metrics read: one page in run order, and counts per state.
    QTemporaryDir dir;
    ExportQueueStore store(dir.filePath(u"exports.sqlite"_s));
    QVERIFY(store.open());
    const QDateTime t0 = QDateTime::currentDateTimeUtc();
    for (int i = 0; i < 25; ++i) {
        ExportJob job = makeJob(u"job%1"_s.arg(i, 2, 10, QLatin1Char('0')), i % 2, t0.addMSecs(i));
        job.state = i < 10   ? ExportJobState::Done
                    : i < 13 ? ExportJobState::Failed
                             : ExportJobState::Queued;
        QVERIFY(store.put(job));
    }

    // Run order: priority 1 first (odd ids, oldest first), then priority 0.
    Result<ExportQueueStore::Page> first = store.page(std::nullopt, 0, 5);
    QVERIFY(first);
    QCOMPARE(first->total, 25);
    QCOMPARE(first->jobs.size(), 5);
    QCOMPARE(first->jobs.at(0).id, u"job01"_s);
    QCOMPARE(first->jobs.at(4).id, u"job09"_s);
    Result<ExportQueueStore::Page> last = store.page(std::nullopt, 22, 5);
    QCOMPARE(last->jobs.size(), 3);
    QCOMPARE(last->jobs.at(2).id, u"job24"_s);
    QCOMPARE(store.page(std::nullopt, 100, 5)->jobs.size(), 0);
    QCOMPARE(store.page(std::nullopt, 100, 5)->total, 25);

    // Filtered by state: the total is the filtered one.
    Result<ExportQueueStore::Page> failed = store.page(ExportJobState::Failed, 0, 50);
    QCOMPARE(failed->total, 3);
    QCOMPARE(failed->jobs.size(), 3);
    for (const ExportJob &job : std::as_const(failed->jobs))
        QCOMPARE(job.state, ExportJobState::Failed);
    QCOMPARE(failed->jobs.at(0).id, u"job11"_s); // priority 1 first
    QCOMPARE(store.page(ExportJobState::Running, 0, 50)->total, 0);

    Result<QList<QPair<ExportJobState, qint64>>> counts = store.countByState();
    QVERIFY(counts);
    QCOMPARE(counts->size(), 6); // every state, zeros included
    const auto count = [&](ExportJobState state) {
        for (const auto &[s, n] : std::as_const(*counts))
            if (s == state)
                return n;
        return qint64(-1);
    };
    QCOMPARE(count(ExportJobState::Done), 10);
    QCOMPARE(count(ExportJobState::Failed), 3);
    QCOMPARE(count(ExportJobState::Queued), 12);
    QCOMPARE(count(ExportJobState::Running), 0);
    QCOMPARE(count(ExportJobState::Cancelled), 0);
}

#include "tst_exportqueuestore.moc"

// Retention: finished jobs beyond the limit go, the least recently updated first; queued and
// running jobs stay whatever their number; open() prunes too.
void tst_ExportQueueStore::finishedJobsAreKeptUpToTheLimit()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"exports.sqlite"_s);
    const QDateTime created = QDateTime::currentDateTimeUtc();
    const ExportJobState finished[]
        = {ExportJobState::Done, ExportJobState::Failed, ExportJobState::Cancelled,
           ExportJobState::Done, ExportJobState::Done,   ExportJobState::Failed};
    {
        ExportQueueStore store(path, 3);
        QVERIFY(store.open());
        for (int i = 0; i < 4; ++i) {
            ExportJob waiting = makeJob(u"q%1"_s.arg(i), 0, created);
            waiting.state = i == 0 ? ExportJobState::Running : ExportJobState::Queued;
            QVERIFY(store.put(waiting));
        }
        for (int i = 0; i < 6; ++i) {
            ExportJob job = makeJob(u"f%1"_s.arg(i), 0, created);
            job.state = finished[i];
            QVERIFY(store.put(job));
        }
        QCOMPARE(*store.prune(), 3);
        QCOMPARE(*store.prune(), 0);
        for (const QString &gone : {u"f0"_s, u"f1"_s, u"f2"_s})
            QCOMPARE(store.get(gone).error().code(), ErrorCode::NotFound);
        for (const QString &kept : {u"f3"_s, u"f4"_s, u"f5"_s, u"q0"_s, u"q1"_s, u"q2"_s, u"q3"_s})
            QVERIFY2(store.get(kept), qPrintable(kept));

        // An older finished job updated again is the newest: it stays, the oldest goes.
        ExportJob again = *store.get(u"f3"_s);
        again.message = u"seen"_s;
        QVERIFY(store.put(again));
        ExportJob newest = makeJob(u"f6"_s, 0, created);
        newest.state = ExportJobState::Done;
        QVERIFY(store.put(newest));
        QCOMPARE(*store.prune(), 1);
        QCOMPARE(store.get(u"f4"_s).error().code(), ErrorCode::NotFound);
        QVERIFY(store.get(u"f3"_s));
    }
    ExportQueueStore smaller(path, 1);
    Result<ExportQueueStore::OpenReport> report = smaller.open();
    QVERIFY(report);
    QCOMPARE(report->pruned, 2);
    QVERIFY(smaller.get(u"f6"_s));
    Result<QList<ExportJob>> all = smaller.list();
    QVERIFY(all);
    QCOMPARE(all->size(), 5); // four waiting (the running one requeued) and the newest finished
}
