// Export overhead (issue 6: "export overhead over the stand-in's own export time"): N drafts
// exported one after another through the full queue (ExportQueue + EditorSupervisor +
// EditorDriverThread + AtspiBackend, the app's default timings and the shipped stand-in profile),
// each compared with the stand-in's own export time for that job, read from its stdout protocol
// (docs/automation.md): `STATE exporting` → `EXPORT_DONE`, timestamped as the lines appear
// (polled every 5 ms). Overhead per job = (enqueue → verified file at its path) − own time; also
// split into navigation (enqueue → exporting) and verification + move (EXPORT_DONE → done).
// Then the editor is restarted R times: restart → ready.
// Needs an X display and a D-Bus session: xvfb-run -a dbus-run-session -- …
// Usage: bench_export_overhead [--jobs N] [--duration-s D] [--speed X] [--restarts R] [--dir P]
#include "automation/atspibackend.h"
#include "core/draft/draftfolderwriter.h"
#include "core/editor/exportqueue.h"
#include "core/services/draftplan.h"
#include "standindraft.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Core::Editor;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

QString argValue(const QStringList &args, const QString &name, const QString &fallback)
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
}

/// The stand-in's stdout (appended to a file by the supervisor), line by line as it grows.
class LineTail
{
public:
    explicit LineTail(QString path)
        : m_path(std::move(path))
    {
    }
    /// New complete lines since the last call.
    QStringList poll()
    {
        QFile file(m_path);
        if (!file.open(QIODevice::ReadOnly) || file.size() <= m_offset)
            return {};
        file.seek(m_offset);
        m_pending += file.readAll();
        m_offset = file.pos();
        QStringList lines;
        qsizetype newline;
        while ((newline = m_pending.indexOf('\n')) >= 0) {
            lines << QString::fromUtf8(m_pending.left(newline));
            m_pending.remove(0, newline + 1);
        }
        return lines;
    }

private:
    QString m_path;
    qint64 m_offset = 0;
    QByteArray m_pending;
};

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index = qsizetype(std::ceil(p / 100.0 * double(values.size()))) - 1;
    return values.at(std::clamp<qsizetype>(index, 0, values.size() - 1));
}

void report(const char *what, const QList<double> &ms)
{
    std::printf("%-34s median %8.1f ms   p95 %8.1f ms   min %8.1f   max %8.1f   (n=%lld)\n", what,
                percentile(ms, 50), percentile(ms, 95),
                ms.isEmpty() ? 0.0 : *std::min_element(ms.begin(), ms.end()),
                ms.isEmpty() ? 0.0 : *std::max_element(ms.begin(), ms.end()),
                static_cast<long long>(ms.size()));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int jobs = argValue(args, u"--jobs"_s, u"10"_s).toInt();
    const double durationS = argValue(args, u"--duration-s"_s, u"2"_s).toDouble();
    const QString speed = argValue(args, u"--speed"_s, u"1"_s);
    const int restarts = argValue(args, u"--restarts"_s, u"5"_s).toInt();
    QTemporaryDir temp;
    const QString root = argValue(args, u"--dir"_s, temp.path());
    const QDir dir(root);
    for (const char *sub : {"store", "exports", "out", "state"})
        dir.mkpath(QString::fromLatin1(sub));

    // The drafts exist before the editor starts: its home page lists them (no draftNotFound).
    QStringList drafts;
    for (int i = 0; i < jobs; ++i)
        drafts << Test::writeStandinDraft(dir.filePath(u"store"_s), root, u"Overhead %1"_s.arg(i),
                                          qint64(durationS * 1e6));

    ExportQueueStore store(dir.filePath(u"exports.sqlite"_s));
    if (Result<ExportQueueStore::OpenReport> opened = store.open(); !opened)
        qFatal("%s", qPrintable(opened.error().message()));
    // The app's timings (EditorHost): default driver, supervisor and queue options.
    EditorDriverThread driver(
        [](qint64 pid) { return std::make_unique<Automation::AtspiBackend>(pid); }, {});
    const QString log = dir.filePath(u"standin.log"_s);
    EditorSupervisor::Options s;
    s.program = QStringLiteral(CUTPILOT_STANDIN_EDITOR);
    s.arguments = QStringList{u"--store"_s,
                              dir.filePath(u"store"_s),
                              u"--export-folder"_s,
                              dir.filePath(u"exports"_s),
                              u"--state-dir"_s,
                              dir.filePath(u"state"_s),
                              u"--expose-actions"_s,
                              u"--export-speed"_s,
                              speed};
    s.environment.insert(u"QT_LINUX_ACCESSIBILITY_ALWAYS_ON"_s, u"1"_s);
    s.environment.remove(u"QT_QPA_PLATFORM"_s);
    s.environment.remove(u"CUTPILOT_STANDIN_FAULTS"_s);
    s.standardOutputFile = log;
    EditorSupervisor supervisor(s, [&driver](qint64 pid) { return driver.probe(pid); });
    Result<AutomationProfile> profile
        = AutomationProfile::load(u":/automation-profiles/standin-jianying-5.9.json"_s);
    if (!profile)
        qFatal("%s", qPrintable(profile.error().message()));
    ExportQueue::Options q;
    q.profile = *profile;
    q.exportFolder = dir.filePath(u"exports"_s);
    ExportQueue queue(store, supervisor, driver, q);

    QElapsedTimer clock;
    clock.start();
    LineTail tail(log);
    qint64 exportingAt = -1;
    qint64 exportDoneAt = -1;
    QTimer poller;
    poller.setInterval(5);
    QObject::connect(&poller, &QTimer::timeout, &app, [&] {
        for (const QString &line : tail.poll()) {
            if (line == u"STATE exporting")
                exportingAt = clock.elapsed();
            else if (line.startsWith(u"EXPORT_DONE "_s))
                exportDoneAt = clock.elapsed();
        }
    });
    poller.start();

    QList<double> total, own, overhead, navigation, verify, restartToReady;
    int next = 0;
    int failed = 0;
    qint64 enqueuedAt = 0;
    QString currentId;
    std::function<void()> enqueueNext;
    std::function<void()> restartNext;
    int restartsDone = 0;
    qint64 restartAt = -1;

    enqueueNext = [&] {
        if (next >= jobs) {
            restartNext();
            return;
        }
        ExportJobRequest request;
        request.draftName = drafts.at(next);
        request.outputPath = dir.filePath(u"out/job-%1.mp4"_s.arg(next, 3, 10, QChar(u'0')));
        request.resolution = u"720P"_s;
        request.fps = u"25fps"_s;
        request.draftDuration = std::chrono::milliseconds(qint64(durationS * 1000));
        exportingAt = exportDoneAt = -1;
        enqueuedAt = clock.elapsed();
        Result<QString> id = queue.enqueue(request);
        if (!id)
            qFatal("%s", qPrintable(id.error().message()));
        currentId = *id;
        ++next;
    };
    restartNext = [&] {
        if (restartsDone >= restarts) {
            QCoreApplication::quit();
            return;
        }
        restartAt = clock.elapsed();
        supervisor.restart(u"bench"_s);
    };
    QObject::connect(&supervisor, &EditorSupervisor::stateChanged, &app,
                     [&](EditorSupervisor::State state) {
                         if (state != EditorSupervisor::State::Ready || restartAt < 0)
                             return;
                         restartToReady << double(clock.elapsed() - restartAt);
                         restartAt = -1;
                         ++restartsDone;
                         QTimer::singleShot(500, &app, [&] { restartNext(); });
                     });
    QObject::connect(&queue, &ExportQueue::jobChanged, &app, [&](const ExportJob &job) {
        if (job.id != currentId || !isFinished(job.state))
            return;
        // The stand-in's last lines may still be unread: one more poll first.
        for (const QString &line : tail.poll()) {
            if (line.startsWith(u"EXPORT_DONE "_s))
                exportDoneAt = clock.elapsed();
        }
        const qint64 now = clock.elapsed();
        if (job.state != ExportJobState::Done || exportingAt < 0 || exportDoneAt < 0
            || job.attempts != 1) {
            ++failed;
            std::printf("job %d: %s after %d attempt(s) (%s) — left out\n", next - 1,
                        qPrintable(exportJobStateName(job.state)), job.attempts,
                        qPrintable(job.reason));
        } else {
            const double t = double(now - enqueuedAt);
            const double o = double(exportDoneAt - exportingAt);
            total << t;
            own << o;
            overhead << t - o;
            navigation << double(exportingAt - enqueuedAt);
            verify << double(now - exportDoneAt);
            std::printf("job %d: %.0f ms total, stand-in %.0f ms, overhead %.0f ms\n", next - 1, t,
                        o, t - o);
        }
        std::fflush(stdout);
        QTimer::singleShot(0, &app, [&] { enqueueNext(); });
    });
    bool started = false;
    QObject::connect(&supervisor, &EditorSupervisor::stateChanged, &app,
                     [&](EditorSupervisor::State state) {
                         if (state == EditorSupervisor::State::Ready && !started) {
                             started = true;
                             QTimer::singleShot(0, &app, [&] { enqueueNext(); });
                         }
                     });
    QTimer::singleShot((120 + jobs * int(20 + durationS * 4)) * 1000, &app, [&] {
        std::printf("timeout\n");
        QCoreApplication::quit();
    });
    supervisor.start();
    queue.start();
    app.exec();

    std::printf("\n%d jobs of %.1f s drafts (720P 25fps, --export-speed %s), %d left out:\n", jobs,
                durationS, qPrintable(speed), failed);
    report("enqueue -> verified file", total);
    report("stand-in's own export", own);
    report("overhead (total - own)", overhead);
    report("  navigation (enqueue -> exporting)", navigation);
    report("  verify + move (done -> file)", verify);
    report("restart -> ready", restartToReady);
    supervisor.stop();
    return failed == 0 && total.size() == jobs ? 0 : 1;
}
