// Editor health bench (issue 6): how fast the supervisor sees a crash (SIGKILL) and a hang
// (SIGSTOP: the editor stops answering the accessibility bus), and how long a restart takes until
// the editor answers again. Uses the stand-in editor, the real AT-SPI bus and the real supervisor;
// run inside Xvfb + D-Bus:
//   xvfb-run -a dbus-run-session -- bench_editor_health [--runs N]
// Goals: crash seen <= 2 s, hang seen <= 10 s.
#include "automation/atspibackend.h"
#include "core/editor/editorsupervisor.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtConcurrent>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <memory>

using namespace CutPilot;
using namespace CutPilot::Core::Editor;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

/// Waits (with the event loop running) until `done` or `timeoutMs`; returns the elapsed ms.
qint64 waitFor(const std::function<bool()> &done, qint64 timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    return done() ? timer.elapsed() : -1;
}

void printStats(const char *what, QList<qint64> values, const char *goal)
{
    values.removeAll(-1);
    if (values.isEmpty()) {
        std::printf("| %s | 0 | - | - | - | %s |\n", what, goal);
        return;
    }
    std::sort(values.begin(), values.end());
    std::printf("| %s | %lld | %lld ms | %lld ms | %lld ms | %s |\n", what,
                qlonglong(values.size()), qlonglong(values.first()),
                qlonglong(values.at(values.size() / 2)), qlonglong(values.last()), goal);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int runs = 5;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == u"--runs")
            runs = std::max(1, args.at(i + 1).toInt());
    }
    if (qEnvironmentVariableIsEmpty("DISPLAY") || !Automation::AtspiBackend::busAvailable()) {
        std::fprintf(stderr, "needs an X display and the accessibility bus: run inside "
                             "xvfb-run -a dbus-run-session --\n");
        return 77;
    }
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath(u"store"_s));

    // The probe runs on one thread of its own, where the backend lives (as on the driver thread).
    QThreadPool probes;
    probes.setMaxThreadCount(1);
    probes.setExpiryTimeout(-1);
    const EditorSupervisor::Probe probe = [&probes](qint64 pid) {
        return QtConcurrent::run(&probes, [pid] {
            thread_local std::unique_ptr<Automation::AtspiBackend> backend;
            if (!backend)
                backend = std::make_unique<Automation::AtspiBackend>(pid);
            backend->setPid(pid);
            return backend->isResponsive();
        });
    };

    EditorSupervisor::Options options;
    options.program = QStringLiteral(CUTPILOT_STANDIN_EDITOR);
    options.arguments = {u"--store"_s, dir.filePath(u"store"_s)};
    options.environment.insert(u"QT_LINUX_ACCESSIBILITY_ALWAYS_ON"_s, u"1"_s);
    options.environment.remove(u"QT_QPA_PLATFORM"_s);
    options.heartbeat = 1000ms; // the defaults of the app
    options.missedHeartbeats = 3;
    options.restart.breakerFailures = 0; // no breaker while benchmarking
    EditorSupervisor supervisor(options, probe);
    int failures = 0;
    QObject::connect(&supervisor, &EditorSupervisor::editorFailed, &app, [&] { ++failures; });

    QList<qint64> startToReady, crashSeen, hangSeen, restartToReady;
    QElapsedTimer start;
    start.start();
    supervisor.start();
    startToReady.append(
        waitFor([&] { return supervisor.state() == EditorSupervisor::State::Ready; }, 60'000));
    for (int run = 0; run < runs; ++run) {
        // Crash: SIGKILL, seen when the supervisor reports the failure.
        int before = failures;
        ::kill(pid_t(supervisor.pid()), SIGKILL);
        crashSeen.append(waitFor([&] { return failures > before; }, 10'000));
        restartToReady.append(
            waitFor([&] { return supervisor.state() == EditorSupervisor::State::Ready; }, 60'000));
        // Hang: SIGSTOP keeps the process alive but silent on the bus.
        before = failures;
        ::kill(pid_t(supervisor.pid()), SIGSTOP);
        hangSeen.append(waitFor([&] { return failures > before; }, 30'000));
        restartToReady.append(
            waitFor([&] { return supervisor.state() == EditorSupervisor::State::Ready; }, 60'000));
    }
    supervisor.stop();
    std::printf("| measure | runs | min | median | max | goal |\n|---|---:|---:|---:|---:|---|\n");
    printStats("start to ready (stand-in, first)", startToReady, "-");
    printStats("crash (SIGKILL) seen", crashSeen, "<= 2 s");
    printStats("hang (SIGSTOP) seen", hangSeen, "<= 10 s");
    printStats("restart to ready", restartToReady, "-");
    return 0;
}
