// Export queue soak (issue 6: "over a run of 100 exports with randomly injected faults, 0 jobs
// are lost"). Runs N exports through ExportQueue + EditorSupervisor + EditorDriverThread +
// AtspiBackend against the stand-in editor, each editor launch with a fault drawn from a seeded
// generator (crash, stall, export error, hang, VIP prompt, or none), and reports jobs done,
// failed (by reason), lost, editor restarts and time. Lost: a job missing from the store, not
// finished at the end, or done without its file at the final path.
// Needs an X display and a D-Bus session: xvfb-run -a dbus-run-session -- …
// Usage: bench_export_soak [--jobs N] [--seed S] [--fault-rate R] [--speed X] [--dir PATH]
//                          [--timeout-s T]
#include "automation/atspibackend.h"
#include "core/draft/draftfolderwriter.h"
#include "core/editor/exportqueue.h"
#include "core/services/draftplan.h"
#include "standindraft.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <map>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Core::Editor;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

/// Launch n reads its faults from "<state>/faults-<n>" (written up front from the seed).
const QString kLauncher = uR"sh(n=$(cat "$0/launches" 2>/dev/null || echo 0); n=$((n+1))
echo $n > "$0/launches"
if [ -s "$0/faults-$n" ]; then export CUTPILOT_STANDIN_FAULTS="$(cat "$0/faults-$n")"; fi
exec "$@")sh"_s;

AutomationProfile soakProfile()
{
    QFile file(u":/automation-profiles/standin-jianying-5.9.json"_s);
    QJsonObject json = file.open(QIODevice::ReadOnly)
                           ? QJsonDocument::fromJson(file.readAll()).object()
                           : QJsonObject();
    QJsonArray flow = json.value(u"flow"_s).toArray();
    for (qsizetype i = 0; i < flow.size(); ++i) {
        QJsonObject step = flow.at(i).toObject();
        if (step.value(u"do"_s) == u"waitExport"_s) {
            step.insert(u"stall"_s, u"4s"_s);
            step.insert(u"timeout"_s, u"60s"_s);
        }
        if (step.value(u"do"_s) == u"waitState"_s)
            step.insert(u"timeout"_s, u"20s"_s);
        flow[i] = step;
    }
    json.insert(u"flow"_s, flow);
    Result<AutomationProfile> profile = AutomationProfile::fromJson(json);
    if (!profile)
        qFatal("%s", qPrintable(profile.error().message()));
    return *profile;
}

/// One launch's fault: a kind drawn per launch, firing on each export of that launch with
/// probability `rate` (deterministic per the drawn seed and the export's index).
QString drawFault(QRandomGenerator &rng, double rate)
{
    const QString when = u"?p=%1&seed=%2"_s.arg(rate).arg(rng.bounded(1'000'000));
    const int percent = 10 + int(rng.bounded(80));
    const double pick = rng.generateDouble();
    if (pick < 0.35)
        return u"crash@%1"_s.arg(percent) + when;
    if (pick < 0.55)
        return u"stall@%1:30"_s.arg(percent) + when;
    if (pick < 0.75)
        return u"export-error@%1"_s.arg(percent) + when;
    if (pick < 0.92)
        return u"hang@%1:6"_s.arg(percent) + when;
    return u"vip-prompt"_s + when;
}

QString argValue(const QStringList &args, const QString &name, const QString &fallback)
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int jobs = argValue(args, u"--jobs"_s, u"100"_s).toInt();
    const quint32 seed = argValue(args, u"--seed"_s, u"1"_s).toUInt();
    const double rate = argValue(args, u"--fault-rate"_s, u"0.2"_s).toDouble();
    const QString speed = argValue(args, u"--speed"_s, u"8"_s);
    const int timeoutS = argValue(args, u"--timeout-s"_s, QString::number(60 + jobs * 20)).toInt();
    QTemporaryDir temp;
    const QString root = argValue(args, u"--dir"_s, temp.path());
    const QDir dir(root);
    for (const char *sub : {"store", "exports", "out", "state"})
        dir.mkpath(QString::fromLatin1(sub));

    QRandomGenerator rng(seed);
    for (int launch = 1; launch <= jobs * 4 + 10; ++launch) {
        QFile faults(dir.filePath(u"state/faults-%1"_s.arg(launch)));
        if (!faults.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(faults.fileName()));
        faults.write(drawFault(rng, rate).toUtf8());
    }
    QStringList drafts;
    for (int i = 0; i < 4; ++i)
        drafts.append(Test::writeStandinDraft(dir.filePath(u"store"_s), root, u"Soak %1"_s.arg(i),
                                              1'000'000 + 250'000 * i, 640, 360));

    ExportQueueStore store(dir.filePath(u"exports.sqlite"_s));
    if (Result<ExportQueueStore::OpenReport> opened = store.open(); !opened)
        qFatal("%s", qPrintable(opened.error().message()));
    EditorDriverThread::Options driverOptions;
    driverOptions.driver.poll = 100ms;
    driverOptions.driver.fileStable = 1500ms;
    EditorDriverThread driver(
        [](qint64 pid) { return std::make_unique<Automation::AtspiBackend>(pid); }, driverOptions);
    EditorSupervisor::Options s;
    s.program = u"/bin/sh"_s;
    s.arguments = QStringList{u"-c"_s,
                              kLauncher,
                              dir.filePath(u"state"_s),
                              QStringLiteral(CUTPILOT_STANDIN_EDITOR),
                              u"--store"_s,
                              dir.filePath(u"store"_s),
                              u"--export-folder"_s,
                              dir.filePath(u"exports"_s),
                              u"--state-dir"_s,
                              dir.filePath(u"state"_s),
                              u"--expose-actions"_s,
                              u"--open-delay-ms"_s,
                              u"300"_s,
                              u"--export-speed"_s,
                              speed};
    s.environment.insert(u"QT_LINUX_ACCESSIBILITY_ALWAYS_ON"_s, u"1"_s);
    s.environment.remove(u"QT_QPA_PLATFORM"_s);
    s.environment.remove(u"CUTPILOT_STANDIN_FAULTS"_s);
    s.heartbeat = 250ms;
    s.readyTimeout = 30'000ms;
    s.missedHeartbeats = 4;
    s.restart.base = 200ms;
    s.restart.max = 2000ms;
    s.restart.breakerFailures = 20;
    s.restart.breakerWindow = 60'000ms;
    EditorSupervisor supervisor(s, [&driver](qint64 pid) { return driver.probe(pid); });
    ExportQueue::Options q;
    q.profile = soakProfile();
    q.exportFolder = dir.filePath(u"exports"_s);
    q.backoffBase = 500ms;
    q.backoffMax = 4000ms;
    ExportQueue queue(store, supervisor, driver, q);

    QStringList ids;
    for (int i = 0; i < jobs; ++i) {
        const int d = int(rng.bounded(drafts.size()));
        ExportJobRequest request;
        request.draftName = drafts.at(d);
        request.outputPath = dir.filePath(u"out/job-%1.mp4"_s.arg(i, 3, 10, QChar(u'0')));
        request.resolution = u"480P"_s;
        request.fps = u"25fps"_s;
        request.draftDuration = std::chrono::milliseconds(1000 + 250 * d);
        Result<QString> id = queue.enqueue(request, int(rng.bounded(3)));
        if (!id)
            qFatal("%s", qPrintable(id.error().message()));
        ids.append(*id);
    }

    QElapsedTimer timer;
    timer.start();
    int finished = 0;
    QObject::connect(&queue, &ExportQueue::jobChanged, &app, [&](const ExportJob &job) {
        if (!isFinished(job.state))
            return;
        ++finished;
        std::printf("[%6.1f s] %d/%d %s %s attempts %d %s\n", timer.elapsed() / 1000.0, finished,
                    jobs, qPrintable(job.id.left(8)), qPrintable(exportJobStateName(job.state)),
                    job.attempts, qPrintable(job.reason));
        std::fflush(stdout);
        if (finished >= jobs)
            QTimer::singleShot(0, &app, &QCoreApplication::quit);
    });
    QTimer::singleShot(timeoutS * 1000, &app, [&] {
        std::printf("timeout after %d s\n", timeoutS);
        QCoreApplication::quit();
    });
    supervisor.start();
    queue.start();
    app.exec();
    const double seconds = timer.elapsed() / 1000.0;

    int done = 0;
    int failed = 0;
    int lost = 0;
    int attempts = 0;
    std::map<QString, int> reasons;
    for (const QString &id : std::as_const(ids)) {
        Result<ExportJob> job = store.get(id);
        if (!job || !isFinished(job->state)
            || (job->state == ExportJobState::Done && !QFileInfo::exists(job->finalPath))) {
            ++lost;
            continue;
        }
        attempts += job->attempts;
        if (job->state == ExportJobState::Done) {
            ++done;
        } else {
            ++failed;
            ++reasons[job->reason];
        }
    }
    QString failedBy;
    for (const auto &[reason, count] : reasons)
        failedBy += u" %1=%2"_s.arg(reason).arg(count);
    QFile launches(dir.filePath(u"state/launches"_s));
    const int launched
        = launches.open(QIODevice::ReadOnly) ? launches.readAll().trimmed().toInt() : 0;
    std::printf("jobs %d seed %u fault-rate %.2f: done %d, failed %d (%s ), lost %d; attempts %d, "
                "editor launches %d, restarts %d; %.1f s (%.2f s a job)\n",
                jobs, seed, rate, done, failed, qPrintable(failedBy), lost, attempts, launched,
                supervisor.restarts(), seconds, seconds / std::max(1, jobs));
    supervisor.stop();
    return lost == 0 ? 0 : 1;
}
