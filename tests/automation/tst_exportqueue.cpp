// End to end: ExportQueue + EditorSupervisor + EditorDriverThread + AtspiBackend drive the
// stand-in editor (tools/standin-editor) over the real accessibility bus: a job done and moved,
// a crash on the first launch retried after the restart, a VIP prompt as a final failure, a
// cancelled queued job, and a CutPilot killed with SIGKILL mid-export that resumes on the next
// start (the test binary re-invoked with --queue-child is the CutPilot that gets killed).
#include "automation/atspibackend.h"
#include "core/draft/draftfolderwriter.h"
#include "core/editor/exportqueue.h"
#include "core/media/mediaprobe.h"
#include "core/services/draftplan.h"
#include "standindraft.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

#include <csignal>
#include <memory>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Core::Editor;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using State = ExportJobState;

namespace {

/// The stand-in profile with shorter waits, so fault tests end in seconds (as tst_exportdriver).
AutomationProfile fastProfile()
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

/// Counts launches in `dir`; `firstFaults` apply to the first launch only, `faults` to all.
const QString kLauncher = uR"(n=$(cat "$0/launches" 2>/dev/null || echo 0); n=$((n+1))
echo $n > "$0/launches"
f="$2"; if [ "$n" -le 1 ] && [ -n "$1" ]; then f="$1${f:+,$f}"; fi
shift 2
if [ -n "$f" ]; then export CUTPILOT_STANDIN_FAULTS="$f"; fi
exec "$@")"_s;

struct RigOptions
{
    QString root; ///< store/, exports/, out/, state/ and exports.sqlite live here
    QString firstLaunchFaults;
    QString faults;
    QString exportSpeed = u"4"_s;
};

/// One CutPilot's export machinery against the stand-in.
struct Rig
{
    explicit Rig(const RigOptions &o)
        : store(QDir(o.root).filePath(u"exports.sqlite"_s))
        , driver([](qint64 pid) { return std::make_unique<Automation::AtspiBackend>(pid); },
                 driverOptions())
        , supervisor(supervisorOptions(o), [this](qint64 pid) { return driver.probe(pid); })
    {
        if (Result<ExportQueueStore::OpenReport> opened = store.open(); !opened)
            qFatal("%s", qPrintable(opened.error().message()));
        else
            report = *opened;
        ExportQueue::Options q;
        q.profile = fastProfile();
        q.exportFolder = QDir(o.root).filePath(u"exports"_s);
        q.backoffBase = 200ms;
        q.backoffMax = 1000ms;
        q.stableGap = 300ms;
        queue = std::make_unique<ExportQueue>(store, supervisor, driver, q);
    }
    ~Rig()
    {
        queue.reset();
        supervisor.stop();
    }

    static EditorDriverThread::Options driverOptions()
    {
        EditorDriverThread::Options d;
        d.driver.poll = 100ms;
        d.driver.fileStable = 1500ms;
        return d;
    }
    static EditorSupervisor::Options supervisorOptions(const RigOptions &o)
    {
        const QDir root(o.root);
        EditorSupervisor::Options s;
        s.program = u"/bin/sh"_s;
        s.arguments = QStringList{u"-c"_s,
                                  kLauncher,
                                  root.filePath(u"state"_s),
                                  o.firstLaunchFaults,
                                  o.faults,
                                  QStringLiteral(CUTPILOT_STANDIN_EDITOR),
                                  u"--store"_s,
                                  root.filePath(u"store"_s),
                                  u"--export-folder"_s,
                                  root.filePath(u"exports"_s),
                                  u"--state-dir"_s,
                                  root.filePath(u"state"_s),
                                  u"--expose-actions"_s,
                                  u"--open-delay-ms"_s,
                                  u"300"_s,
                                  u"--export-speed"_s,
                                  o.exportSpeed};
        s.environment.insert(u"QT_LINUX_ACCESSIBILITY_ALWAYS_ON"_s, u"1"_s);
        s.environment.remove(u"QT_QPA_PLATFORM"_s); // xcb: offscreen has no accessibility bridge
        s.environment.remove(u"CUTPILOT_STANDIN_FAULTS"_s);
        s.heartbeat = 250ms;
        s.readyTimeout = 30'000ms;
        s.missedHeartbeats = 4;
        s.restart.base = 200ms;
        s.restart.max = 1000ms;
        s.restart.breakerFailures = 10;
        return s;
    }

    void start()
    {
        supervisor.start();
        queue->start();
    }

    ExportQueueStore store;
    ExportQueueStore::OpenReport report;
    EditorDriverThread driver;
    EditorSupervisor supervisor;
    std::unique_ptr<ExportQueue> queue;
};

void makeRoot(const QString &root)
{
    for (const char *sub : {"store", "exports", "out", "state"})
        QDir().mkpath(QDir(root).filePath(QString::fromLatin1(sub)));
}

ExportJobRequest requestFor(const QString &root, const QString &draft, const QString &output,
                            std::chrono::milliseconds duration)
{
    ExportJobRequest r;
    r.draftName = draft;
    r.draftFolder = QDir(root).filePath(u"store/"_s + draft);
    r.outputPath = QDir(root).filePath(u"out/"_s + output);
    r.resolution = u"720P"_s;
    r.fps = u"25fps"_s;
    r.draftDuration = duration;
    return r;
}

/// --queue-child <root> <jobId>: the CutPilot that the kill -9 test kills. Prints the editor's
/// pid and the job's progress on stdout.
int runChild(const QString &root)
{
    QTextStream out(stdout);
    RigOptions o;
    o.root = root;
    o.exportSpeed = u"0.5"_s; // slow enough to be killed mid-export
    Rig rig(o);
    QObject::connect(rig.queue.get(), &ExportQueue::jobChanged, [&](const ExportJob &job) {
        out << "JOB " << exportJobStateName(job.state) << ' ' << job.progress << ' '
            << rig.supervisor.pid() << Qt::endl;
    });
    rig.start();
    return QCoreApplication::exec();
}

} // namespace

class tst_ExportQueue : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void doneAndMovedInPriorityOrder();
    void crashOnFirstLaunchIsRetried();
    void vipIsFinalAfterOneAttempt();
    void missingDraftIsRetriedOnceAfterARestart();
    void cancelQueued();
    void cancelRunning();
    void killedMidExportResumes();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_root;
};

void tst_ExportQueue::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DISPLAY")
        || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("needs an X display and a D-Bus session with the accessibility bus "
              "(run inside xvfb-run -a dbus-run-session, as ./cutpilot.sh test does)");
    QVERIFY(QFileInfo::exists(QStringLiteral(CUTPILOT_STANDIN_EDITOR)));
}

void tst_ExportQueue::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_root = m_dir->path();
    makeRoot(m_root);
}

void tst_ExportQueue::doneAndMovedInPriorityOrder()
{
    const QString store = QDir(m_root).filePath(u"store"_s);
    const QString a = Test::writeStandinDraft(store, m_root, u"Alpha"_s, 1'000'000);
    const QString b = Test::writeStandinDraft(store, m_root, u"Beta"_s, 1'500'000);
    RigOptions o;
    o.root = m_root;
    Rig rig(o);
    QStringList started;
    connect(rig.queue.get(), &ExportQueue::jobChanged, this, [&](const ExportJob &job) {
        if (job.state == State::Running && job.progress == 0)
            started.append(job.draftName);
    });
    // Both want the same file: the second one gets " (1)", nothing is overwritten.
    Result<QString> low = rig.queue->enqueue(requestFor(m_root, a, u"movie.mp4"_s, 1000ms), 0);
    Result<QString> high = rig.queue->enqueue(requestFor(m_root, b, u"movie.mp4"_s, 1500ms), 5);
    QVERIFY(low && high);
    rig.start();
    QTRY_VERIFY_WITH_TIMEOUT(rig.queue->get(*low)->state == State::Done, 40'000);
    QCOMPARE(started, (QStringList{b, a}));
    const ExportJob first = *rig.queue->get(*high);
    const ExportJob second = *rig.queue->get(*low);
    QCOMPARE(first.state, State::Done);
    QCOMPARE(first.finalPath, QDir(m_root).filePath(u"out/movie.mp4"_s));
    QCOMPARE(second.finalPath, QDir(m_root).filePath(u"out/movie (1).mp4"_s));
    QCOMPARE(first.attempts, 1);
    QCOMPARE(second.progress, 100);
    Result<MediaInfo> info = probeMedia(second.finalPath);
    QVERIFY2(info, qPrintable(info ? QString() : info.error().message()));
    QVERIFY(qAbs(info->durationUs - 1'000'000) <= 100'000);
    QCOMPARE(info->height, 720);
    QVERIFY(probeMedia(first.finalPath));
    // Moved, not copied: nothing left in the editor's export folder.
    QCOMPARE(QDir(QDir(m_root).filePath(u"exports"_s)).entryList(QDir::Files), QStringList());
}

void tst_ExportQueue::crashOnFirstLaunchIsRetried()
{
    const QString draft = Test::writeStandinDraft(QDir(m_root).filePath(u"store"_s), m_root,
                                                  u"Crashy"_s, 2'000'000);
    RigOptions o;
    o.root = m_root;
    o.firstLaunchFaults = u"crash@export:50"_s;
    Rig rig(o);
    Result<QString> id = rig.queue->enqueue(requestFor(m_root, draft, u"c.mp4"_s, 2000ms));
    QVERIFY(id);
    QList<ExportJob> seen;
    connect(rig.queue.get(), &ExportQueue::jobChanged, this,
            [&](const ExportJob &job) { seen.append(job); });
    rig.start();
    QTRY_VERIFY_WITH_TIMEOUT(isFinished(rig.queue->get(*id)->state), 40'000);
    const ExportJob job = *rig.queue->get(*id);
    QVERIFY2(job.state == State::Done, qPrintable(job.message));
    QCOMPARE(job.attempts, 2);
    QVERIFY(rig.supervisor.restarts() >= 1);
    QVERIFY(std::any_of(seen.begin(), seen.end(), [](const ExportJob &j) {
        return j.state == State::Queued && j.reason == u"crash" && j.nextAttemptAt.isValid();
    }));
    QVERIFY(probeMedia(job.finalPath));
    // The crashed attempt's partial file was deleted before the retry.
    QCOMPARE(QDir(QDir(m_root).filePath(u"exports"_s)).entryList(QDir::Files), QStringList());
}

void tst_ExportQueue::vipIsFinalAfterOneAttempt()
{
    const QString draft = Test::writeStandinDraft(QDir(m_root).filePath(u"store"_s), m_root,
                                                  u"Premium"_s, 1'000'000);
    RigOptions o;
    o.root = m_root;
    o.faults = u"vip-prompt"_s;
    Rig rig(o);
    Result<QString> id = rig.queue->enqueue(requestFor(m_root, draft, u"v.mp4"_s, 1000ms));
    QVERIFY(id);
    rig.start();
    QTRY_VERIFY_WITH_TIMEOUT(isFinished(rig.queue->get(*id)->state), 30'000);
    const ExportJob job = *rig.queue->get(*id);
    QCOMPARE(job.state, State::Failed);
    QCOMPARE(job.reason, u"vip"_s);
    QCOMPARE(job.attempts, 1);
    QVERIFY2(job.message.contains(u"VIP"_s), qPrintable(job.message));
    QVERIFY(!QFileInfo::exists(job.requestedPath));
}

void tst_ExportQueue::missingDraftIsRetriedOnceAfterARestart()
{
    Test::writeStandinDraft(QDir(m_root).filePath(u"store"_s), m_root, u"Present"_s, 1'000'000);
    RigOptions o;
    o.root = m_root;
    Rig rig(o);
    ExportJobRequest request = requestFor(m_root, u"Absent"_s, u"a.mp4"_s, 1000ms);
    request.maxAttempts = 1; // the draftNotFound retry is granted anyway, once
    Result<QString> id = rig.queue->enqueue(request);
    QVERIFY(id);
    rig.start();
    QTRY_VERIFY_WITH_TIMEOUT(isFinished(rig.queue->get(*id)->state), 40'000);
    const ExportJob job = *rig.queue->get(*id);
    QCOMPARE(job.state, State::Failed);
    QCOMPARE(job.reason, u"draftNotFound"_s);
    QCOMPARE(job.attempts, 2);
    QVERIFY(rig.supervisor.restarts() >= 1);
    QVERIFY2(job.message.contains(u"Absent"_s), qPrintable(job.message));
}

void tst_ExportQueue::cancelQueued()
{
    RigOptions o;
    o.root = m_root;
    Rig rig(o); // not started: the job stays queued
    QSignalSpy changed(rig.queue.get(), &ExportQueue::jobChanged);
    Result<QString> id = rig.queue->enqueue(requestFor(m_root, u"Nope"_s, u"n.mp4"_s, 1000ms));
    QVERIFY(id);
    QVERIFY(rig.queue->cancel(*id));
    const ExportJob job = *rig.queue->get(*id);
    QCOMPARE(job.state, State::Cancelled);
    QCOMPARE(job.attempts, 0);
    QCOMPARE(changed.count(), 2);
    Result<> again = rig.queue->cancel(*id);
    QVERIFY(!again);
    QCOMPARE(again.error().code(), ErrorCode::Conflict);
    QCOMPARE(rig.queue->cancel(u"unknown"_s).error().code(), ErrorCode::NotFound);
    ExportJobRequest relative = requestFor(m_root, u"x"_s, u"x.mp4"_s, 1000ms);
    relative.outputPath = u"relative.mp4"_s;
    QCOMPARE(rig.queue->enqueue(relative).error().code(), ErrorCode::InvalidArgument);
}

void tst_ExportQueue::cancelRunning()
{
    const QString draft
        = Test::writeStandinDraft(QDir(m_root).filePath(u"store"_s), m_root, u"Long"_s, 3'000'000);
    RigOptions o;
    o.root = m_root;
    o.exportSpeed = u"1"_s;
    Rig rig(o);
    Result<QString> id = rig.queue->enqueue(requestFor(m_root, draft, u"l.mp4"_s, 3000ms));
    QVERIFY(id);
    rig.start();
    QTRY_VERIFY_WITH_TIMEOUT(
        rig.queue->get(*id)->state == State::Running && rig.queue->get(*id)->progress > 25, 30'000);
    QVERIFY(rig.queue->cancel(*id));
    QCOMPARE(rig.queue->get(*id)->state, State::Cancelled); // written before acted on
    QTRY_VERIFY_WITH_TIMEOUT(rig.queue->currentId().isEmpty(), 10'000);
    QTRY_COMPARE(QDir(QDir(m_root).filePath(u"exports"_s)).entryList(QDir::Files), QStringList());
    const ExportJob job = *rig.queue->get(*id);
    QCOMPARE(job.state, State::Cancelled);
    QCOMPARE(job.attempts, 1);
    QVERIFY(!QFileInfo::exists(job.requestedPath));
}

void tst_ExportQueue::killedMidExportResumes()
{
    const QString draft = Test::writeStandinDraft(QDir(m_root).filePath(u"store"_s), m_root,
                                                  u"Survivor"_s, 2'000'000);
    QString id;
    {
        // Enqueued by one CutPilot, which then quits before anything ran.
        RigOptions o;
        o.root = m_root;
        Rig rig(o);
        Result<QString> enqueued
            = rig.queue->enqueue(requestFor(m_root, draft, u"s.mp4"_s, 2000ms));
        QVERIFY(enqueued);
        id = *enqueued;
    }
    QProcess child;
    child.setProgram(QCoreApplication::applicationFilePath());
    child.setArguments({u"--queue-child"_s, m_root});
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start();
    QVERIFY(child.waitForStarted(10'000));
    qint64 editorPid = 0;
    bool midExport = false;
    QByteArray out;
    QDeadlineTimer deadline(40'000);
    while (!midExport && !deadline.hasExpired() && child.state() == QProcess::Running) {
        child.waitForReadyRead(100);
        out += child.readAllStandardOutput();
        qsizetype nl;
        while ((nl = out.indexOf('\n')) >= 0) {
            const QList<QByteArray> f = out.left(nl).trimmed().split(' ');
            out.remove(0, nl + 1);
            if (f.size() == 4 && f.at(0) == "JOB") {
                editorPid = f.at(3).toLongLong();
                midExport = f.at(1) == "running" && f.at(2).toInt() >= 30;
            }
        }
    }
    QVERIFY2(midExport, "the child never got to the middle of the export");
    ::kill(pid_t(child.processId()), SIGKILL); // CutPilot dies …
    QVERIFY(child.waitForFinished(5000));
    if (editorPid > 0)
        ::kill(pid_t(editorPid), SIGKILL); // … and its orphaned editor is cleaned up by hand
    QTest::qWait(300);

    RigOptions o;
    o.root = m_root;
    Rig rig(o);
    QCOMPARE(rig.report.requeued, 1);
    QCOMPARE(rig.queue->get(id)->state, State::Queued);
    rig.start();
    QTRY_VERIFY_WITH_TIMEOUT(isFinished(rig.queue->get(id)->state), 40'000);
    const ExportJob job = *rig.queue->get(id);
    QVERIFY2(job.state == State::Done, qPrintable(job.message));
    QCOMPARE(job.attempts, 2);
    QCOMPARE(job.finalPath, QDir(m_root).filePath(u"out/s.mp4"_s));
    Result<MediaInfo> info = probeMedia(job.finalPath);
    QVERIFY(info);
    QVERIFY(qAbs(info->durationUs - 2'000'000) <= 100'000);
    QCOMPARE(rig.queue->list()->size(), 1); // 0 jobs lost, none duplicated
    QCOMPARE(QDir(QDir(m_root).filePath(u"exports"_s)).entryList(QDir::Files), QStringList());
}

int main(int argc, char **argv)
{
    if (argc >= 3 && qstrcmp(argv[1], "--queue-child") == 0) {
        QCoreApplication app(argc, argv);
        return runChild(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    tst_ExportQueue test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_exportqueue.moc"
