// The tray under a real tray host: `trayer` (an XEmbed tray) on the suite's Xvfb
// (toolchain.md §2.4). The menu's actions are clicked in the popped-up menu; the icon colour
// follows a real EditorSupervisor and the pause action a real ExportQueue. Without trayer (or
// when it gives no tray) only the tray part is skipped: the window-only fallback is checked
// in tst_mainwindow (closeQuitsWithoutTrayAndHidesWithTray) and here (noTrayMeansWindowOnly).
#include "core/support/apitokenstore.h"
#include "ui/mainwindow.h"
#include "ui/traycontroller.h"
#include "uitestfixture.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QJsonArray>
#include <QMenu>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTimer>

#include <chrono>

using namespace CutPilot;
using namespace CutPilot::Core::Editor;
using namespace CutPilot::Ui;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

/// Opens the menu where a tray would and clicks the action like a user.
void clickMenuAction(QMenu *menu, const QString &name)
{
    QAction *action = menu->findChild<QAction *>(name);
    QVERIFY2(action, qPrintable(name));
    menu->popup(QPoint(40, 40));
    QVERIFY(QTest::qWaitForWindowExposed(menu));
    const QRect rect = menu->actionGeometry(action);
    QVERIFY(!rect.isEmpty());
    QTest::mouseMove(menu, rect.center());
    QTest::mouseClick(menu, Qt::LeftButton, {}, rect.center());
    QTRY_VERIFY(!menu->isVisible());
}

} // namespace

class tst_TrayController : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void iconColoursAreDistinct();
    void menuActionsWork();
    void pauseAndResumeTheQueue();
    void checkEditorRunsTheDoctor();
    void tooltipAndNotificationsFollowJobs();
    void noTrayMeansWindowOnly();

private:
    QProcess m_trayer;
    bool m_trayAvailable = false;
};

void tst_TrayController::initTestCase()
{
    const QString trayer = QStandardPaths::findExecutable(u"trayer"_s);
    if (!trayer.isEmpty() && !qEnvironmentVariableIsEmpty("DISPLAY")) {
        m_trayer.start(trayer, {u"--edge"_s, u"top"_s, u"--align"_s, u"right"_s, u"--widthtype"_s,
                                u"pixel"_s, u"--width"_s, u"200"_s, u"--height"_s, u"24"_s});
        m_trayer.waitForStarted(5000);
        m_trayAvailable = QTest::qWaitFor([] { return TrayController::isAvailable(); }, 5000);
    }
    qInfo("system tray available: %s", m_trayAvailable ? "yes (trayer)" : "no");
}

void tst_TrayController::cleanupTestCase()
{
    if (m_trayer.state() != QProcess::NotRunning) {
        m_trayer.terminate();
        m_trayer.waitForFinished(3000);
    }
}

void tst_TrayController::iconColoursAreDistinct()
{
    // Each health has its own colour, and the icon's dot carries it.
    const QList<EditorHealth> all{EditorHealth::None, EditorHealth::Ready, EditorHealth::Busy,
                                  EditorHealth::Degraded, EditorHealth::Down};
    QSet<QRgb> colours;
    for (EditorHealth health : all) {
        colours.insert(editorHealthColor(health).rgb());
        const QImage image = editorHealthIcon(health).pixmap(32, 32).toImage();
        // The dot's centre: bottom right quarter.
        QCOMPARE(QColor(image.pixel(24, 24)).rgb(), editorHealthColor(health).rgb());
    }
    QCOMPARE(colours.size(), all.size());
    QCOMPARE(editorHealth(nullptr), EditorHealth::None);
}

void tst_TrayController::menuActionsWork()
{
    if (!m_trayAvailable)
        QSKIP("no system tray (trayer missing or not answering): tray menu not tested; the "
              "window-only fallback is tested in noTrayMeansWindowOnly");
    UiTestFixture f;
    QueueRig rig(f.dir.path());
    f.services.exports = rig.queue.get();
    f.services.editor = &rig.supervisor;
    MainWindow window(f.services);
    window.setCloseToTray(true);
    TrayController tray(f.services, &window, f.logsFolder());
    QVERIFY(tray.trayIcon()->isVisible());
    QCOMPARE(tray.health(), EditorHealth::Down); // a supervisor that was never started
    QVERIFY(tray.toolTip().contains(u"Editor down"_s));

    // Show window: from hidden (closed to the tray) to shown.
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.close();
    QVERIFY(!window.isVisible());
    clickMenuAction(tray.menu(), u"trayShowWindow"_s);
    QTRY_VERIFY(window.isVisible());

    // Copy API address.
    QApplication::clipboard()->clear();
    clickMenuAction(tray.menu(), u"trayCopyApiAddress"_s);
    QTRY_COMPARE(QApplication::clipboard()->text(), u"http://127.0.0.1:9001"_s);

    // Copy API token: disabled without a token store …
    QVERIFY(!tray.menu()->findChild<QAction *>(u"trayCopyApiToken"_s)->isEnabled());
    // … and copies the token once there is one (a tray with the token store, as the app has).
    Core::ApiTokenStore::Options tokenOptions;
    tokenOptions.dataDir = f.dir.path();
    tokenOptions.useKeychain = false;
    Core::ApiTokenStore tokens(tokenOptions);
    QSignalSpy ready(&tokens, &Core::ApiTokenStore::ready);
    tokens.load();
    QTRY_COMPARE(ready.size(), 1);
    UiServices withToken = f.services;
    withToken.apiToken = &tokens;
    TrayController tokenTray(withToken, &window, f.logsFolder());
    clickMenuAction(tokenTray.menu(), u"trayCopyApiToken"_s);
    QTRY_COMPARE(QApplication::clipboard()->text(), tokens.token());

    // Restart editor: the supervisor launches (its program is empty, so it fails to start, but
    // it leaves "stopped").
    QSignalSpy states(&rig.supervisor, &EditorSupervisor::stateChanged);
    clickMenuAction(tray.menu(), u"trayRestartEditor"_s);
    QTRY_VERIFY(!states.isEmpty());

    // Quit.
    QSignalSpy quit(&tray, &TrayController::quitRequested);
    clickMenuAction(tray.menu(), u"trayQuit"_s);
    QCOMPARE(quit.size(), 1);
    rig.supervisor.stop();
}

void tst_TrayController::pauseAndResumeTheQueue()
{
    if (!m_trayAvailable)
        QSKIP("no system tray: pause/resume from the tray not tested");
    UiTestFixture f;
    QueueRig rig(f.dir.path());
    f.services.exports = rig.queue.get();
    MainWindow window(f.services);
    TrayController tray(f.services, &window, f.logsFolder());
    QAction *pause = tray.menu()->findChild<QAction *>(u"trayPauseQueue"_s);
    QVERIFY(pause->isEnabled());
    QCOMPARE(pause->text(), u"Pause export queue"_s);
    clickMenuAction(tray.menu(), u"trayPauseQueue"_s);
    QVERIFY(rig.queue->isPaused());
    QCOMPARE(pause->text(), u"Resume export queue"_s);
    QVERIFY(tray.toolTip().contains(u"paused"_s));
    clickMenuAction(tray.menu(), u"trayPauseQueue"_s);
    QVERIFY(!rig.queue->isPaused());
    QCOMPARE(pause->text(), u"Pause export queue"_s);
}

void tst_TrayController::checkEditorRunsTheDoctor()
{
    if (!m_trayAvailable)
        QSKIP("no system tray: the tray's editor check not tested");
    UiTestFixture f;
    QueueRig rig(f.dir.path());
    f.services.exports = rig.queue.get();
    {
        TrayController tray(f.services, nullptr, f.logsFolder());
        QVERIFY(!tray.menu()->findChild<QAction *>(u"trayCheckEditor"_s)->isEnabled());
    }
    // The doctor answers later, like the real one (a snapshot on the driver's thread).
    QJsonObject answer;
    int runs = 0;
    f.services.runDoctor = [&](std::function<void(const Core::Result<QJsonObject> &)> done) {
        ++runs;
        QTimer::singleShot(10, [done, &answer] { done(answer); });
    };
    QVERIFY(rig.queue->hold(u"the editor changed from standin 5.9 to standin 10.8"_s));
    TrayController tray(f.services, nullptr, f.logsFolder());
    QVERIFY2(tray.toolTip().contains(u"Export queue held until the editor check passes"_s),
             qPrintable(tray.toolTip()));
    QAction *check = tray.menu()->findChild<QAction *>(u"trayCheckEditor"_s);
    QVERIFY(check->isEnabled());
    QCOMPARE(check->text(), u"Check editor"_s);

    answer = QJsonObject{{u"passed"_s, false},
                         {u"problems"_s, QJsonArray{u"element 'exportButton' is missing"_s}}};
    clickMenuAction(tray.menu(), u"trayCheckEditor"_s);
    QCOMPARE(runs, 1);
    QVERIFY(!check->isEnabled()); // while it runs
    QTRY_VERIFY(check->isEnabled());
    QVERIFY2(tray.lastNotification().contains(u"element 'exportButton' is missing"_s),
             qPrintable(tray.lastNotification()));

    answer = QJsonObject{{u"passed"_s, true}, {u"released"_s, true}};
    QVERIFY(rig.queue->releaseHold());
    clickMenuAction(tray.menu(), u"trayCheckEditor"_s);
    QTRY_VERIFY2(tray.lastNotification().contains(u"held exports resume"_s),
                 qPrintable(tray.lastNotification()));
    QVERIFY(!tray.toolTip().contains(u"held"_s));
}

void tst_TrayController::tooltipAndNotificationsFollowJobs()
{
    // Works with or without a tray host (the icon is then just not shown). The queue's signal is
    // emitted here as a running export emits it: a real run needs the stand-in editor.
    UiTestFixture f;
    QueueRig rig(f.dir.path());
    f.services.exports = rig.queue.get();
    f.services.editor = &rig.supervisor;
    MainWindow window(f.services);
    TrayController tray(f.services, &window, f.logsFolder());
    ExportJob job;
    job.id = u"0123456789abcdef0123456789abcdef"_s;
    job.draftName = u"Promo"_s;
    job.state = ExportJobState::Running;
    job.progress = 42;
    Q_EMIT rig.queue->jobChanged(job);
    QVERIFY(tray.toolTip().contains(u"Promo — 42 %"_s));
    QVERIFY(tray.lastNotification().isEmpty());

    job.state = ExportJobState::Done;
    job.progress = 100;
    job.finalPath = u"/videos/Promo.mp4"_s;
    Q_EMIT rig.queue->jobChanged(job);
    QVERIFY(!tray.toolTip().contains(u"Promo"_s));
    QVERIFY(tray.lastNotification().startsWith(u"Export finished"_s));
    QVERIFY(tray.lastNotification().contains(u"Promo.mp4"_s));

    job.id = u"fedcba9876543210fedcba9876543210"_s;
    job.state = ExportJobState::Failed;
    job.message = u"a VIP feature is used"_s;
    Q_EMIT rig.queue->jobChanged(job);
    QVERIFY(tray.lastNotification().startsWith(u"Export failed"_s));
    QVERIFY(tray.lastNotification().contains(u"VIP"_s));

    Q_EMIT rig.supervisor.editorRestarted(2, u"crash"_s);
    QVERIFY(tray.lastNotification().startsWith(u"Editor restarted"_s));
}

void tst_TrayController::noTrayMeansWindowOnly()
{
    // What Application does without a tray: no TrayController, and closing the window quits.
    UiTestFixture f;
    MainWindow window(f.services);
    QVERIFY(!window.closeToTray());
    QSignalSpy quit(&window, &MainWindow::quitRequested);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.close();
    QCOMPARE(quit.size(), 1);
}

QTEST_MAIN(tst_TrayController)
#include "tst_traycontroller.moc"
