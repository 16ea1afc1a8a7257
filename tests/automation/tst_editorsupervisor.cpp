// The supervisor with real child processes (sh, sleep): crash, exit, hang (probes that stop
// answering), ready timeout, the backoff and the circuit breaker, memory restarts. The probe
// over the accessibility bus is exercised against the stand-in in tst_exportdriver.
#include "core/editor/editorsupervisor.h"

#include <QCoreApplication>
#include <QPromise>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace CutPilot::Core::Editor;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using State = EditorSupervisor::State;

namespace {

EditorSupervisor::Options shell(const QString &script)
{
    EditorSupervisor::Options o;
    o.program = u"/bin/sh"_s;
    o.arguments = {u"-c"_s, script};
    o.heartbeat = 50ms;
    o.readyTimeout = 2000ms;
    o.missedHeartbeats = 3;
    o.restart.base = 100ms;
    o.restart.max = 400ms;
    o.restart.breakerFailures = 3;
    o.restart.breakerWindow = 60'000ms;
    return o;
}

QFuture<bool> answered(bool value)
{
    QPromise<bool> promise;
    promise.start();
    promise.addResult(value);
    promise.finish();
    return promise.future();
}

/// Probes that never answer (a hung editor holding the bus call); released at the end of the
/// test, while the supervisor still exists.
using Held = std::vector<std::unique_ptr<QPromise<bool>>>;
QFuture<bool> never(Held &held)
{
    held.push_back(std::make_unique<QPromise<bool>>());
    held.back()->start();
    return held.back()->future();
}

QList<State> states(const QSignalSpy &spy)
{
    QList<State> list;
    for (const QList<QVariant> &args : spy)
        list.append(args.at(0).value<State>());
    return list;
}

} // namespace

class tst_EditorSupervisor : public QObject
{
    Q_OBJECT

private slots:
    void backoffAndBreaker();
    void crashIsRestarted();
    void breakerStopsRestartsUntilAnOperatorRestarts();
    void hangIsDetectedAndRestarted();
    void readyTimeout();
    void memoryRestartBetweenJobs();
    void busyAndStop();
    void noHeartbeatVerdictWhileBusy();
};

void tst_EditorSupervisor::backoffAndBreaker()
{
    RestartPolicy policy; // base 1 s, factor 2, max 10 s, 5 failures in 5 min
    QList<qint64> delays;
    for (int i = 0; i < 6; ++i)
        delays.append(policy.recordFailure(1000 + i).count());
    QCOMPARE(delays, (QList<qint64>{1000, 2000, 4000, 8000, 10'000, 10'000}));
    QVERIFY(policy.isOpen(2000));
    QVERIFY(!policy.isOpen(1000 + 300'001 + 5)); // the window passed
    policy.recordSuccess();
    QCOMPARE(policy.recordFailure(400'000).count(), 1000);
    policy.reset();
    QVERIFY(!policy.isOpen(400'000));
}

void tst_EditorSupervisor::crashIsRestarted()
{
    // The "editor" kills itself with SIGKILL after 300 ms, every time.
    EditorSupervisor supervisor(shell(u"sleep 0.3; kill -9 $$"_s),
                                [](qint64) { return answered(true); });
    QSignalSpy changed(&supervisor, &EditorSupervisor::stateChanged);
    QSignalSpy failed(&supervisor, &EditorSupervisor::editorFailed);
    supervisor.start();
    QTRY_COMPARE(supervisor.state(), State::Ready);
    const qint64 firstPid = supervisor.pid();
    QVERIFY(firstPid > 0);
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() >= 1, 5000);
    QVERIFY2(failed.first().at(0).toString().contains(u"crashed"_s),
             qPrintable(failed.first().at(0).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(supervisor.state(), State::Ready, 5000);
    QVERIFY(supervisor.pid() != firstPid);
    QVERIFY(supervisor.restarts() >= 1);
    const QList<State> seen = states(changed);
    QVERIFY(seen.contains(State::Restarting));
    QCOMPARE(seen.first(), State::Starting);
    supervisor.stop();
    QCOMPARE(supervisor.state(), State::Stopped);
}

void tst_EditorSupervisor::breakerStopsRestartsUntilAnOperatorRestarts()
{
    EditorSupervisor supervisor(shell(u"exit 3"_s), [](qint64) { return answered(false); });
    QSignalSpy failed(&supervisor, &EditorSupervisor::editorFailed);
    supervisor.start();
    QTRY_COMPARE_WITH_TIMEOUT(supervisor.state(), State::Failed, 10'000);
    QCOMPARE(failed.count(), 3); // breakerFailures
    QVERIFY(failed.first().at(0).toString().contains(u"code 3"_s));
    // Backoff between them: 100 ms then 200 ms; no more starts while the breaker is open.
    QTest::qWait(600);
    QCOMPARE(failed.count(), 3);
    QCOMPARE(supervisor.state(), State::Failed);
    supervisor.restart(u"operator"_s);
    QTRY_VERIFY(failed.count() >= 4); // it started again (and failed again)
}

void tst_EditorSupervisor::hangIsDetectedAndRestarted()
{
    auto hung = std::make_shared<bool>(false);
    auto held = std::make_shared<Held>();
    EditorSupervisor supervisor(shell(u"sleep 60"_s), [hung, held](qint64) {
        return *hung ? never(*held) : answered(true);
    });
    QSignalSpy failed(&supervisor, &EditorSupervisor::editorFailed);
    QSignalSpy changed(&supervisor, &EditorSupervisor::stateChanged);
    supervisor.start();
    QTRY_COMPARE(supervisor.state(), State::Ready);
    const qint64 pid = supervisor.pid();
    QElapsedTimer seen;
    seen.start();
    *hung = true;
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 5000);
    QVERIFY(seen.elapsed() < 2000); // 3 missed beats of 50 ms (+ 2 beats for the held probe)
    QVERIFY(failed.first().at(0).toString().contains(u"stopped answering"_s));
    QVERIFY(states(changed).contains(State::Unresponsive));
    *hung = false;
    QTRY_COMPARE_WITH_TIMEOUT(supervisor.state(), State::Ready, 5000);
    QVERIFY(supervisor.pid() != pid); // the hung one was killed
    supervisor.stop();
    for (auto &promise : *held) {
        promise->addResult(false);
        promise->finish();
    }
    held->clear();
    QCoreApplication::processEvents();
}

void tst_EditorSupervisor::readyTimeout()
{
    EditorSupervisor::Options options = shell(u"sleep 60"_s);
    options.readyTimeout = 300ms;
    EditorSupervisor supervisor(options, [](qint64) { return answered(false); });
    QSignalSpy failed(&supervisor, &EditorSupervisor::editorFailed);
    supervisor.start();
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() >= 1, 5000);
    QVERIFY(failed.first().at(0).toString().contains(u"did not become ready"_s));
    supervisor.stop();
}

void tst_EditorSupervisor::memoryRestartBetweenJobs()
{
    EditorSupervisor::Options options = shell(u"sleep 60"_s);
    options.memoryLimitBytes = qint64(1) << 40; // far above a sleeping shell
    EditorSupervisor supervisor(options, [](qint64) { return answered(true); });
    QSignalSpy restarted(&supervisor, &EditorSupervisor::editorRestarted);
    supervisor.start();
    QTRY_COMPARE(supervisor.state(), State::Ready);
    QVERIFY(supervisor.residentBytes() > 0);
    QVERIFY(!supervisor.restartIfOverMemory());
    QCOMPARE(restarted.count(), 0);

    EditorSupervisor::Options tight = shell(u"sleep 60"_s);
    tight.memoryLimitBytes = 4096; // any process is above this
    EditorSupervisor small(tight, [](qint64) { return answered(true); });
    QSignalSpy smallRestarted(&small, &EditorSupervisor::editorRestarted);
    small.start();
    QTRY_COMPARE(small.state(), State::Ready);
    const qint64 pid = small.pid();
    QVERIFY(small.restartIfOverMemory());
    QCOMPARE(smallRestarted.count(), 1);
    QVERIFY(smallRestarted.first().at(1).toString().contains(u"memory"_s));
    QTRY_COMPARE(small.state(), State::Ready);
    QVERIFY(small.pid() != pid);
}

void tst_EditorSupervisor::busyAndStop()
{
    EditorSupervisor supervisor(shell(u"sleep 60"_s), [](qint64) { return answered(true); });
    supervisor.start();
    QTRY_COMPARE(supervisor.state(), State::Ready);
    supervisor.setBusy(true);
    QCOMPARE(supervisor.state(), State::Busy);
    supervisor.setBusy(false);
    QCOMPARE(supervisor.state(), State::Ready);
    QSignalSpy failed(&supervisor, &EditorSupervisor::editorFailed);
    supervisor.stop();
    QTest::qWait(300);
    QCOMPARE(failed.count(), 0); // a stop is not a crash
    QCOMPARE(supervisor.state(), State::Stopped);
    QCOMPARE(EditorSupervisor::processResidentBytes(0), qint64(-1));
}

void tst_EditorSupervisor::noHeartbeatVerdictWhileBusy()
{
    // During a job the driver has the UI; silent heartbeats then are not a hang. Once the job
    // ends, silence is a hang again.
    auto silent = std::make_shared<bool>(false);
    auto held = std::make_shared<Held>();
    EditorSupervisor supervisor(shell(u"sleep 60"_s), [silent, held](qint64) {
        return *silent ? never(*held) : answered(true);
    });
    QSignalSpy failed(&supervisor, &EditorSupervisor::editorFailed);
    supervisor.start();
    QTRY_COMPARE(supervisor.state(), State::Ready);
    supervisor.setBusy(true);
    *silent = true;
    QTest::qWait(600); // 12 beats of 50 ms
    QCOMPARE(failed.count(), 0);
    QCOMPARE(supervisor.state(), State::Busy);
    supervisor.setBusy(false);
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 3000);
    supervisor.stop();
    for (auto &promise : *held) {
        promise->addResult(false);
        promise->finish();
    }
    held->clear();
    QCoreApplication::processEvents();
}

QTEST_GUILESS_MAIN(tst_EditorSupervisor)
#include "tst_editorsupervisor.moc"
