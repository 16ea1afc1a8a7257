// End to end: CutPilot's ExportDriver with the stand-in's automation profile drives the stand-in
// editor (tools/standin-editor) over the real accessibility bus (AtspiBackend) and the export is
// checked on the file with the in-process probe. Runs inside the suite's Xvfb + D-Bus session.
#include "automation/atspibackend.h"
#include "core/draft/draftfolderwriter.h"
#include "core/editor/exportdriver.h"
#include "core/media/mediaprobe.h"
#include "core/services/draftplan.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <optional>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Core::Editor;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

QJsonObject profileJson(const QString &id)
{
    QFile file(u":/automation-profiles/%1.json"_s.arg(id));
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object()
                                          : QJsonObject();
}

/// The stand-in profile with shorter waits, so fault tests end in seconds.
AutomationProfile fastProfile(const QString &id, const QString &stall = u"4s"_s)
{
    QJsonObject json = profileJson(id);
    QJsonArray flow = json.value(u"flow"_s).toArray();
    for (qsizetype i = 0; i < flow.size(); ++i) {
        QJsonObject step = flow.at(i).toObject();
        if (step.value(u"do"_s) == u"waitExport"_s) {
            step.insert(u"stall"_s, stall);
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

struct Outcome
{
    Result<ExportRun> run = Error(ErrorCode::Internal, u"not run"_s);
    QList<ExportProgress> progress;
};

} // namespace

class tst_ExportDriver : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void exportsThroughTheEditorsOwnUi_data();
    void exportsThroughTheEditorsOwnUi();
    void missingDraftIsNamed();
    void vipPromptIsAFinalFailure();
    void crashDuringExportIsReported();
    void stallIsDetected();
    void opaqueBuildByHotkeyAndFile();
    void doctorOnTheRunningEditor();

private:
    QString writeDraft(const QString &name, qint64 durationUs = 2'000'000);
    bool startEditor(const QStringList &extra, const QByteArray &faults = {});
    Outcome exportOn(const AutomationProfile &profile, const ExportRequest &request);

    QTemporaryDir m_dir;
    QString m_store;
    QString m_exports;
    QProcess m_editor;
};

void tst_ExportDriver::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DISPLAY")
        || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("needs an X display and a D-Bus session with the accessibility bus "
              "(run inside xvfb-run -a dbus-run-session, as ./cutpilot.sh test does)");
    QVERIFY(QFileInfo::exists(QStringLiteral(CUTPILOT_STANDIN_EDITOR)));
}

void tst_ExportDriver::init()
{
    QDir(m_dir.path()).removeRecursively();
    m_store = m_dir.filePath(u"store"_s);
    m_exports = m_dir.filePath(u"exports"_s);
    QVERIFY(QDir().mkpath(m_store) && QDir().mkpath(m_exports));
}

void tst_ExportDriver::cleanup()
{
    if (m_editor.state() != QProcess::NotRunning) {
        m_editor.kill();
        m_editor.waitForFinished(5000);
    }
}

QString tst_ExportDriver::writeDraft(const QString &name, qint64 durationUs)
{
    const QJsonObject plan{
        {u"name"_s, name},
        {u"profile"_s, u"jy5-win"_s},
        {u"width"_s, 1920},
        {u"height"_s, 1080},
        {u"fps"_s, 30},
        {u"tracks"_s,
         QJsonArray{QJsonObject{
             {u"type"_s, u"text"_s},
             {u"name"_s, u"title"_s},
             {u"segments"_s,
              QJsonArray{QJsonObject{
                  {u"text"_s, name}, {u"start_us"_s, 0}, {u"duration_us"_s, durationUs}}}}}}},
    };
    Result<DraftPlan> built = buildDraftFromPlan(plan, m_dir.path());
    if (!built)
        qFatal("%s", qPrintable(built.error().message()));
    DraftFolderWriter::Options options;
    options.storePath = m_store;
    Result<DraftFolderWriter::Written> written
        = DraftFolderWriter(*DraftProfile::builtIn(built->profile)).write(built->draft, options);
    if (!written)
        qFatal("%s", qPrintable(written.error().message()));
    return QFileInfo(written->folder).fileName();
}

bool tst_ExportDriver::startEditor(const QStringList &extra, const QByteArray &faults)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_LINUX_ACCESSIBILITY_ALWAYS_ON"_s, u"1"_s);
    env.remove(u"QT_QPA_PLATFORM"_s); // xcb: offscreen has no accessibility bridge
    if (!faults.isEmpty())
        env.insert(u"CUTPILOT_STANDIN_FAULTS"_s, QString::fromUtf8(faults));
    m_editor.setProcessEnvironment(env);
    m_editor.setProgram(QStringLiteral(CUTPILOT_STANDIN_EDITOR));
    m_editor.setArguments(QStringList{u"--store"_s, m_store, u"--export-folder"_s, m_exports,
                                      u"--open-delay-ms"_s, u"300"_s}
                          + extra);
    m_editor.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_editor.start();
    if (!m_editor.waitForStarted(10'000))
        return false;
    // READY on stdout once the home page is up.
    QDeadlineTimer deadline(20'000);
    QByteArray out;
    while (!deadline.hasExpired() && !out.contains("READY")) {
        m_editor.waitForReadyRead(200);
        out += m_editor.readAllStandardOutput();
    }
    return out.contains("READY");
}

Outcome tst_ExportDriver::exportOn(const AutomationProfile &profile, const ExportRequest &request)
{
    Outcome outcome;
    const qint64 pid = m_editor.processId();
    QThread *worker = QThread::create([&] {
        Automation::AtspiBackend backend(pid);
        ExportDriver::Options options;
        options.poll = 100ms;
        options.fileStable = 1500ms;
        ExportDriver driver(profile, backend, options);
        outcome.run
            = driver.run(request, [&](const ExportProgress &p) { outcome.progress.append(p); });
    });
    worker->start();
    // Keep reading the editor's stdout (its pipe must not fill) while the driver works.
    while (!worker->wait(50))
        m_editor.readAllStandardOutput();
    delete worker;
    return outcome;
}

void tst_ExportDriver::exportsThroughTheEditorsOwnUi_data()
{
    QTest::addColumn<bool>("actions");
    QTest::addColumn<QString>("draft");
    QTest::newRow("real clicks (XTest)") << false << u"Travel"_s;
    // §11.2 pitfall: "1080P" is also in the export path text; the option must still be hit.
    QTest::newRow("accessible actions") << true << u"Demo 1080P"_s;
}

void tst_ExportDriver::exportsThroughTheEditorsOwnUi()
{
    QFETCH(bool, actions);
    QFETCH(QString, draft);
    const QString folder = writeDraft(draft);
    // At 2x real time the 2 s export shows progress on the way.
    QStringList options{u"--export-speed"_s, u"2"_s};
    if (actions)
        options.append(u"--expose-actions"_s);
    QVERIFY(startEditor(options));
    ExportRequest request;
    request.draftName = folder;
    request.resolution = u"720P"_s;
    request.fps = u"25fps"_s;
    request.draftDuration = 2000ms;
    const Outcome outcome = exportOn(fastProfile(u"standin-jianying-5.9"_s), request);
    QVERIFY2(outcome.run, qPrintable(outcome.run ? QString() : outcome.run.error().message()));
    const QString output = outcome.run->outputPath;
    QCOMPARE(output, QDir(m_exports).filePath(folder + u".mp4"_s));
    Result<MediaInfo> info = probeMedia(output);
    QVERIFY2(info, qPrintable(info ? QString() : info.error().message()));
    QVERIFY2(qAbs(info->durationUs - 2'000'000) <= 100'000,
             qPrintable(QString::number(info->durationUs)));
    QCOMPARE(info->height, 720);
    QCOMPARE(info->width, 1280);
    QCOMPARE(qRound(info->fps), 25);
    // Progress: navigation stages first, then the export, ending at 100.
    QVERIFY(!outcome.progress.isEmpty());
    QCOMPARE(outcome.progress.constLast().percent, 100);
    QVERIFY(
        std::any_of(outcome.progress.begin(), outcome.progress.end(), [](const ExportProgress &p) {
            return p.stage == u"exporting" && p.percent > 20;
        }));
    for (qsizetype i = 1; i < outcome.progress.size(); ++i)
        QVERIFY(outcome.progress.at(i).percent >= outcome.progress.at(i - 1).percent);
}

void tst_ExportDriver::missingDraftIsNamed()
{
    writeDraft(u"Travel"_s);
    QVERIFY(startEditor({u"--expose-actions"_s}));
    ExportRequest request;
    request.draftName = u"Not There"_s;
    const Outcome outcome = exportOn(fastProfile(u"standin-jianying-5.9"_s), request);
    QVERIFY(!outcome.run);
    QCOMPARE(outcome.run.error().code(), ErrorCode::ElementNotFound);
    QCOMPARE(outcome.run.error().details().value(u"reason"_s).toString(), u"draftNotFound"_s);
    QVERIFY(outcome.run.error().message().contains(u"Not There"_s));
}

void tst_ExportDriver::vipPromptIsAFinalFailure()
{
    const QString folder = writeDraft(u"Travel"_s);
    QVERIFY(startEditor({u"--expose-actions"_s}, "vip-prompt"));
    ExportRequest request;
    request.draftName = folder;
    request.draftDuration = 2000ms;
    const Outcome outcome = exportOn(fastProfile(u"standin-jianying-5.9"_s), request);
    QVERIFY(!outcome.run);
    QCOMPARE(outcome.run.error().code(), ErrorCode::ExportFailed);
    QCOMPARE(outcome.run.error().details().value(u"reason"_s).toString(), u"vip"_s);
}

void tst_ExportDriver::crashDuringExportIsReported()
{
    const QString folder = writeDraft(u"Travel"_s, 4'000'000);
    QVERIFY(startEditor({u"--expose-actions"_s, u"--export-speed"_s, u"4"_s}, "crash@export:50"));
    ExportRequest request;
    request.draftName = folder;
    request.draftDuration = 4000ms;
    const Outcome outcome = exportOn(fastProfile(u"standin-jianying-5.9"_s), request);
    QVERIFY(!outcome.run);
    QVERIFY2(outcome.run.error().code() == ErrorCode::EditorNotRunning,
             qPrintable(outcome.run.error().message()));
    QVERIFY(m_editor.waitForFinished(5000));
    QVERIFY(m_editor.exitCode() != 0);
}

void tst_ExportDriver::stallIsDetected()
{
    const QString folder = writeDraft(u"Travel"_s, 6'000'000);
    QVERIFY(startEditor({u"--expose-actions"_s, u"--export-speed"_s, u"4"_s}, "stall@export:30"));
    ExportRequest request;
    request.draftName = folder;
    request.draftDuration = 6000ms;
    QElapsedTimer timer;
    timer.start();
    const Outcome outcome = exportOn(fastProfile(u"standin-jianying-5.9"_s, u"2s"_s), request);
    QVERIFY(!outcome.run);
    QCOMPARE(outcome.run.error().code(), ErrorCode::ExportFailed);
    QCOMPARE(outcome.run.error().details().value(u"reason"_s).toString(), u"stalled"_s);
    QVERIFY(timer.elapsed() < 30'000);
}

void tst_ExportDriver::opaqueBuildByHotkeyAndFile()
{
    // --ui 10.8: the export dialog shows nothing to accessibility; Ctrl+E opens it, Enter
    // confirms, and completion is seen only on the new file in the export folder.
    const QString folder = writeDraft(u"Travel"_s);
    QVERIFY(startEditor({u"--ui"_s, u"10.8"_s, u"--expose-actions"_s}));
    ExportRequest request;
    request.draftName = folder;
    request.draftDuration = 2000ms;
    request.exportFolder = m_exports;
    const Outcome outcome = exportOn(fastProfile(u"standin-jianying-10.8"_s), request);
    QVERIFY2(outcome.run, qPrintable(outcome.run ? QString() : outcome.run.error().message()));
    Result<MediaInfo> info = probeMedia(outcome.run->outputPath);
    QVERIFY2(info, qPrintable(info ? QString() : info.error().message()));
    QVERIFY(qAbs(info->durationUs - 2'000'000) <= 100'000);
}

void tst_ExportDriver::doctorOnTheRunningEditor()
{
    // cutpilot-cli doctor against the live stand-in: profile, states and the tree dump.
    writeDraft(u"Travel"_s);
    QVERIFY(startEditor({}));
    QProcess cli;
    cli.start(QStringLiteral(CUTPILOT_CLI),
              {u"doctor"_s, u"--pid"_s, QString::number(m_editor.processId()), u"--product"_s,
               u"standin"_s, u"--editor-version"_s, u"5.9"_s});
    QVERIFY(cli.waitForFinished(30'000));
    QCOMPARE(cli.exitCode(), 0);
    const QJsonObject report = QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
    QCOMPARE(report.value(u"profile"_s).toObject().value(u"id"_s).toString(),
             u"standin-jianying-5.9"_s);
    QCOMPARE(report.value(u"states"_s).toObject().value(u"home"_s).toBool(), true);
    QCOMPARE(report.value(u"states"_s).toObject().value(u"edit"_s).toBool(), false);
    QCOMPARE(report.value(u"elements"_s).toObject().value(u"exportButton"_s).toString(),
             u"not-visible-now"_s);
    const QJsonArray windows = report.value(u"windows"_s).toArray();
    QVERIFY(!windows.isEmpty());
    QCOMPARE(windows.first().toObject().value(u"name"_s).toString(), u"剪映专业版"_s);
    QVERIFY(QJsonDocument(windows.first().toObject()).toJson().contains("HomePageDraftTitle:"));
}

QTEST_GUILESS_MAIN(tst_ExportDriver)
#include "tst_exportdriver.moc"
