// EventHub: seq numbering, the bounded replay buffer (since / re-sync) and per-key throttling
// with a trailing publish (≤ 10 Hz a job, the last value never dropped).

#include "core/draft/draftstore.h"
#include "core/jobs/jobservice.h"
#include "core/jobs/jobstore.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "core/services/eventbridge.h"
#include "core/services/eventhub.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

class tst_EventHub : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seqStartsAtOneAndIncreases();
    void publishedSignalCarriesEvent();
    void since_data();
    void since();
    void ringOverwritesOldest();
    void topics();
    void throttleLimitsRateAndKeepsLast();
    void throttleKeysAreIndependent();
    void flushPublishesPendingNow();
    void bridgePublishesDraftChanges();
    void bridgePublishesJobChanges();
};

void tst_EventHub::seqStartsAtOneAndIncreases()
{
    EventHub hub;
    QCOMPARE(hub.lastSeq(), quint64(0));
    QCOMPARE(hub.oldestSeq(), quint64(0));
    QCOMPARE(hub.publish(u"jobs"_s, {}), quint64(1));
    QCOMPARE(hub.publish(u"drafts"_s, {}), quint64(2));
    QCOMPARE(hub.lastSeq(), quint64(2));
    QCOMPARE(hub.oldestSeq(), quint64(1));
}

void tst_EventHub::publishedSignalCarriesEvent()
{
    EventHub hub;
    QList<Event> seen;
    connect(&hub, &EventHub::published, this, [&seen](const Event &event) { seen.append(event); });
    hub.publish(u"drafts"_s, QJsonObject{{u"draftId"_s, u"a"_s}});
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen.first().seq, quint64(1));
    QCOMPARE(seen.first().topic, u"drafts"_s);
    QCOMPARE(seen.first().data.value(u"draftId"_s).toString(), u"a"_s);
}

void tst_EventHub::since_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("published");
    QTest::addColumn<quint64>("lastSeq");
    QTest::addColumn<bool>("complete");
    QTest::addColumn<QList<quint64>>("expected");

    QTest::newRow("nothing missed") << 8 << 5 << quint64(5) << true << QList<quint64>{};
    QTest::newRow("two missed") << 8 << 5 << quint64(3) << true << QList<quint64>{4, 5};
    QTest::newRow("from zero, all buffered")
        << 8 << 3 << quint64(0) << true << QList<quint64>{1, 2, 3};
    QTest::newRow("oldest still buffered")
        << 4 << 10 << quint64(6) << true << QList<quint64>{7, 8, 9, 10};
    QTest::newRow("one too old") << 4 << 10 << quint64(5) << false << QList<quint64>{};
    QTest::newRow("from zero, evicted") << 4 << 10 << quint64(0) << false << QList<quint64>{};
    QTest::newRow("from the future") << 4 << 3 << quint64(9) << false << QList<quint64>{};
    QTest::newRow("empty hub, zero") << 4 << 0 << quint64(0) << true << QList<quint64>{};
}

void tst_EventHub::since()
{
    QFETCH(int, capacity);
    QFETCH(int, published);
    QFETCH(quint64, lastSeq);
    QFETCH(bool, complete);
    QFETCH(QList<quint64>, expected);

    EventHub hub(EventHub::Options{capacity, 100});
    for (int i = 0; i < published; ++i)
        hub.publish(u"jobs"_s, QJsonObject{{u"i"_s, i}});
    const EventHub::Replay replay = hub.since(lastSeq);
    QCOMPARE(replay.complete, complete);
    QList<quint64> seqs;
    for (const Event &event : replay.events) {
        seqs.append(event.seq);
        QCOMPARE(event.data.value(u"i"_s).toInt(), int(event.seq) - 1); // the right payload
    }
    QCOMPARE(seqs, expected);
}

void tst_EventHub::ringOverwritesOldest()
{
    EventHub hub(EventHub::Options{3, 100});
    for (int i = 0; i < 7; ++i)
        hub.publish(u"jobs"_s, {});
    QCOMPARE(hub.bufferedCount(), 3);
    QCOMPARE(hub.oldestSeq(), quint64(5));
    QCOMPARE(hub.lastSeq(), quint64(7));
}

void tst_EventHub::topics()
{
    QVERIFY(EventHub::isTopic(u"jobs"));
    QVERIFY(EventHub::isTopic(u"editor"));
    QVERIFY(EventHub::isTopic(u"drafts"));
    QVERIFY(EventHub::isTopic(u"downloads"));
    QVERIFY(!EventHub::isTopic(u"Jobs"));
    QVERIFY(!EventHub::isTopic(u""));
    QCOMPARE(EventHub::topics().size(), 4);
}

void tst_EventHub::throttleLimitsRateAndKeepsLast()
{
    EventHub hub(EventHub::Options{1024, 100});
    QList<qint64> times;
    QList<int> values;
    QElapsedTimer clock;
    clock.start();
    connect(&hub, &EventHub::published, this, [&](const Event &event) {
        times.append(clock.elapsed());
        values.append(event.data.value(u"progress"_s).toInt());
    });
    // 0..100 % over about 500 ms, one update every 5 ms: far above 10 Hz.
    for (int progress = 0; progress <= 100; ++progress) {
        hub.publishThrottled(u"jobs"_s, u"job-1"_s, QJsonObject{{u"progress"_s, progress}});
        QTest::qWait(5);
    }
    const qint64 updatingMs = clock.elapsed(); // longer on a loaded machine
    QTRY_COMPARE_WITH_TIMEOUT(hub.pendingThrottled(), 0, 1000);
    QVERIFY2(!values.isEmpty(), "nothing was published");
    QCOMPARE(values.first(), 0);  // leading edge: the first update goes out at once
    QCOMPARE(values.last(), 100); // trailing edge: the final value is never dropped
    // ≤ 10 Hz: consecutive events at least ~100 ms apart (timer slack allowed).
    for (qsizetype i = 1; i < times.size(); ++i)
        QVERIFY2(times[i] - times[i - 1] >= 90,
                 qPrintable(u"events %1 ms apart"_s.arg(times[i] - times[i - 1])));
    // One event per started 100 ms plus the trailing one, not 101.
    QVERIFY2(values.size() >= 3 && values.size() <= updatingMs / 100 + 2 && values.size() < 50,
             qPrintable(u"%1 events in %2 ms"_s.arg(values.size()).arg(updatingMs)));
    // Values only move forward.
    QVERIFY(std::is_sorted(values.cbegin(), values.cend()));
}

void tst_EventHub::throttleKeysAreIndependent()
{
    EventHub hub(EventHub::Options{1024, 200});
    QSignalSpy spy(&hub, &EventHub::published);
    hub.publishThrottled(u"jobs"_s, u"a"_s, QJsonObject{{u"v"_s, 1}});
    hub.publishThrottled(u"jobs"_s, u"b"_s, QJsonObject{{u"v"_s, 1}});
    hub.publishThrottled(u"downloads"_s, u"a"_s, QJsonObject{{u"v"_s, 1}});
    QCOMPARE(spy.size(), 3); // different keys (and topics) do not throttle each other
    hub.publishThrottled(u"jobs"_s, u"a"_s, QJsonObject{{u"v"_s, 2}});
    hub.publishThrottled(u"jobs"_s, u"a"_s, QJsonObject{{u"v"_s, 3}});
    QCOMPARE(spy.size(), 3); // inside the interval: pending
    QCOMPARE(hub.pendingThrottled(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 4, 1000);
    const Event last = spy.last().first().value<Event>();
    QCOMPARE(last.data.value(u"v"_s).toInt(), 3); // only the newest pending value
    QCOMPARE(last.topic, u"jobs"_s);
    QTest::qWait(300);
    QCOMPARE(spy.size(), 4);
}

void tst_EventHub::flushPublishesPendingNow()
{
    EventHub hub(EventHub::Options{1024, 10'000});
    QSignalSpy spy(&hub, &EventHub::published);
    hub.publishThrottled(u"jobs"_s, u"a"_s, QJsonObject{{u"state"_s, u"running"_s}});
    hub.publishThrottled(u"jobs"_s, u"a"_s, QJsonObject{{u"state"_s, u"done"_s}});
    QCOMPARE(spy.size(), 1);
    hub.flushThrottled(u"jobs"_s, u"a"_s);
    QCOMPARE(spy.size(), 2);
    QCOMPARE(spy.last().first().value<Event>().data.value(u"state"_s).toString(), u"done"_s);
    QCOMPARE(hub.pendingThrottled(), 0);
    hub.flushThrottled(u"jobs"_s, u"a"_s); // nothing pending: nothing published
    QCOMPARE(spy.size(), 2);
}

void tst_EventHub::bridgePublishesDraftChanges()
{
    // The real workspace and store: an edit through the service (as the GUI or the API makes
    // it) reaches the "drafts" topic.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    DraftStore store(dir.path());
    QVERIFY(store.open());
    DraftWorkspace workspace(store);
    EventHub hub;
    EventBridge bridge(hub);
    bridge.connectWorkspace(workspace);
    QList<Event> seen;
    connect(&hub, &EventHub::published, this, [&seen](const Event &event) { seen.append(event); });

    Draft draft;
    draft.name = u"bridge"_s;
    const Result<QString> key = workspace.create(draft, u"jy6-win"_s, u"bridge-key"_s);
    QVERIFY2(key, qPrintable(key ? QString() : key.error().message()));
    DraftService *service = workspace.service(*key);
    QVERIFY(service);
    QVERIFY(service->addTrack(TrackType::Video, u"v"_s));
    workspace.close(*key);

    QStringList changes;
    for (const Event &event : std::as_const(seen)) {
        QCOMPARE(event.topic, u"drafts"_s);
        QCOMPARE(event.data.value(u"draftId"_s).toString(), u"bridge-key"_s);
        changes.append(event.data.value(u"change"_s).toString());
    }
    QVERIFY2(changes.contains(u"opened"_s), qPrintable(changes.join(u',')));
    QVERIFY2(changes.contains(u"changed"_s), qPrintable(changes.join(u',')));
    QCOMPARE(changes.last(), u"closed"_s);
}

QTEST_GUILESS_MAIN(tst_EventHub)
#include "tst_eventhub.moc"

void tst_EventHub::bridgePublishesJobChanges()
{
    // docs/api.md: the "jobs" topic carries a job's state and progress, the last state always.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    JobStore store(dir.filePath(u"jobs.sqlite"_s));
    QVERIFY(store.open());
    JobService jobs(store);
    EventHub hub;
    EventBridge bridge(hub);
    bridge.connectJobs(jobs);
    QList<Event> seen;
    connect(&hub, &EventHub::published, this, [&seen](const Event &event) { seen.append(event); });

    Result<Job> job = jobs.create(u"probe"_s, {});
    QVERIFY(job);
    QVERIFY(jobs.start(job->id));
    jobs.setProgress(job->id, 50);
    QVERIFY(jobs.finish(job->id, QJsonObject{{u"ok"_s, true}}));
    QTRY_VERIFY(!seen.isEmpty() && seen.last().data.value(u"state"_s).toString() == u"done"_s);
    for (const Event &event : std::as_const(seen)) {
        QCOMPARE(event.topic, u"jobs"_s);
        QCOMPARE(event.data.value(u"id"_s).toString(), job->id);
    }
    QCOMPARE(seen.last().data.value(u"progress"_s).toInt(), 100);
}
