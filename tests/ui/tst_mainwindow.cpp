// The main window over real services (Settings, DraftStore, DraftWorkspace, EventHub): its title
// follows the open draft, new and delete go through the drafts browser's buttons and dialogs,
// undo/redo act on the open draft's stack, the window quits or hides on close, the language
// switches live from the settings dialog, and the screenshots of docs/screenshots are taken here.
#include "core/editor/draftexporter.h"
#include "core/media/downloader.h"
#include "core/media/mediacache.h"
#include "core/services/mediaservice.h"
#include "draftlisttesting.h"
#include "ui/draftbrowser.h"
#include "ui/exportqueuepanel.h"
#include "ui/mainwindow.h"
#include "ui/media/mediabinmodel.h"
#include "ui/media/mediabinwidget.h"
#include "ui/settingsdialog.h"
#include "ui/timeline/inspectorwidget.h"
#include "ui/timeline/timelinewidget.h"
#include "ui/translations.h"
#include "uitestfixture.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>

using namespace CutPilot;
using namespace CutPilot::Ui;
using namespace DraftListTesting;
using namespace Qt::StringLiterals;

namespace {

template<typename T>
T *waitForModal()
{
    T *found = nullptr;
    const bool appeared = QTest::qWaitFor([&] {
        found = qobject_cast<T *>(QApplication::activeModalWidget());
        return found != nullptr;
    });
    return appeared ? found : nullptr;
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void titleFollowsTheOpenDraft();
    void newAndDeleteThroughTheBrowser();
    void undoRedoActOnTheOpenDraft();
    void apiStatusAndEditorStatus();
    void exportQueuesTheOpenDraft();
    void showsQuickly();
    void closeQuitsWithoutTrayAndHidesWithTray();
    void layoutPersists();
    void mediaBinIsSavedSoonAfterAChange();
    void languageSwitchRetranslatesTheWindow();
    void activateRestoresAMinimizedWindow();
    void screenshots_data();
    void screenshots();
};

void tst_MainWindow::titleFollowsTheOpenDraft()
{
    UiTestFixture f;
    const QString key = f.createDraft(u"Spring promo"_s);
    MainWindow window(f.services);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.windowTitle(), u"CutPilot"_s);

    auto *list = window.findChild<QTableView *>(u"draftList"_s);
    QTRY_VERIFY(itemFor(list, u"Spring promo"_s).isValid());
    clickItem(list, itemFor(list, u"Spring promo"_s));
    QTest::mouseClick(window.findChild<QPushButton *>(u"openDraft"_s), Qt::LeftButton);
    QCOMPARE(window.windowTitle(), u"CutPilot — Spring promo"_s);
    QCOMPARE(window.currentDraftKey(), key);
    QVERIFY(window.findChild<QWidget *>(u"timeline"_s)->isVisible());

    // Open the other draft with the keyboard (Return on the list).
    f.createDraft(u"Second"_s);
    QTRY_VERIFY(itemFor(list, u"Second"_s).isValid());
    clickItem(list, itemFor(list, u"Second"_s));
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(window.windowTitle(), u"CutPilot — Second"_s);

    // The open draft is pinned: filling the workspace does not close it.
    f.workspace->setMaxOpen(1);
    for (int i = 0; i < 3; ++i)
        QVERIFY(f.workspace->open(f.createDraft(u"filler %1"_s.arg(i))));
    QVERIFY(window.currentDraft());
    QCOMPARE(window.currentDraft()->draft().name, u"Second"_s);

    // File → Close draft.
    window.findChild<QAction *>(u"actionCloseDraft"_s)->trigger();
    QCOMPARE(window.windowTitle(), u"CutPilot"_s);
    QVERIFY(window.findChild<QLabel *>(u"placeholder"_s)->isVisible());

    // A draft deleted through the API while shown: the window lets go of it.
    clickItem(list, itemFor(list, u"Spring promo"_s));
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(window.windowTitle(), u"CutPilot — Spring promo"_s);
    QVERIFY(f.workspace->remove(key));
    QCOMPARE(window.windowTitle(), u"CutPilot"_s);
    QVERIFY(!window.currentDraft());
}

void tst_MainWindow::newAndDeleteThroughTheBrowser()
{
    UiTestFixture f;
    MainWindow window(f.services);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *list = window.findChild<QTableView *>(u"draftList"_s);

    QTest::mouseClick(window.findChild<QPushButton *>(u"newDraft"_s), Qt::LeftButton);
    auto *input = waitForModal<QInputDialog>();
    QVERIFY(input);
    auto *name = input->findChild<QLineEdit *>();
    name->selectAll();
    QTest::keyClicks(name, u"Trailer cut"_s);
    QTest::keyClick(name, Qt::Key_Return);
    QCOMPARE(window.windowTitle(), u"CutPilot — Trailer cut"_s);
    QCOMPARE(f.store.count(), 1);
    QTRY_VERIFY(itemFor(list, u"Trailer cut"_s).isValid());

    // Delete asks first: Cancel keeps the draft.
    clickItem(list, itemFor(list, u"Trailer cut"_s));
    QTest::mouseClick(window.findChild<QPushButton *>(u"deleteDraft"_s), Qt::LeftButton);
    auto *box = waitForModal<QMessageBox>();
    QVERIFY(box);
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!QApplication::activeModalWidget());
    QCOMPARE(f.store.count(), 1);
    QCOMPARE(window.windowTitle(), u"CutPilot — Trailer cut"_s);

    // Yes deletes it, and the window closes the draft first.
    QTest::mouseClick(window.findChild<QPushButton *>(u"deleteDraft"_s), Qt::LeftButton);
    box = waitForModal<QMessageBox>();
    QVERIFY(box);
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_COMPARE(f.store.count(), 0);
    QCOMPARE(window.windowTitle(), u"CutPilot"_s);
    QTRY_COMPARE(list->model()->rowCount(), 0);
}

void tst_MainWindow::undoRedoActOnTheOpenDraft()
{
    UiTestFixture f;
    const QString key = f.createDraft(u"Undo me"_s);
    MainWindow window(f.services);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *undo = window.findChild<QAction *>(u"actionUndo"_s);
    QVERIFY(undo);
    QVERIFY(!undo->isEnabled()); // no draft

    QVERIFY(window.openDraft(key));
    window.activateWindow(); // window shortcuts need the active window
    QVERIFY(QTest::qWaitForWindowActive(&window));
    CutPilot::Core::DraftService *service = window.currentDraft();
    // An edit made through the service (as the API makes it).
    auto track = service->addTrack(CutPilot::Core::TrackType::Text, u"titles"_s);
    QVERIFY(track);
    QVERIFY(service->addTextSegment(*track, u"Hello"_s, {0, 2'000'000}));
    QCOMPARE(service->draft().track(*track)->segments.size(), 1);

    undo = window.findChild<QAction *>(u"actionUndo"_s);
    QVERIFY(undo->isEnabled());
    // The window's shortcuts (Ctrl+Z, and Redo's), focus in the drafts list, not in the timeline.
    auto *redo = window.findChild<QAction *>(u"actionRedo"_s);
    auto *list = window.findChild<QTableView *>(u"draftList"_s);
    list->setFocus();
    QTest::keySequence(list, undo->shortcut());
    QCOMPARE(service->draft().track(*track)->segments.size(), 0);
    // The undo is written behind: the stored draft follows (-1: not written yet).
    const auto stored = [&]() -> qsizetype {
        const CutPilot::Core::Result<CutPilot::Core::Draft> d = f.store.load(key);
        const CutPilot::Core::Track *t = d ? d->track(*track) : nullptr;
        return t ? t->segments.size() : -1;
    };
    QTRY_COMPARE(stored(), 0);
    QVERIFY(redo->isEnabled());
    QTest::keySequence(list, redo->shortcut());
    QCOMPARE(service->draft().track(*track)->segments.size(), 1);
    QTRY_COMPARE(stored(), 1);

    window.closeDraft();
    QVERIFY(!window.findChild<QAction *>(u"actionUndo"_s)->isEnabled());
}

void tst_MainWindow::apiStatusAndEditorStatus()
{
    UiTestFixture f;
    MainWindow window(f.services);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.apiStatusText(), u"API: not started"_s);
    window.setApiStatus(true, u"http://127.0.0.1:9001"_s);
    QCOMPARE(window.apiStatusText(), u"API: http://127.0.0.1:9001"_s);
    window.setApiStatus(false, u"address in use"_s);
    QCOMPARE(window.apiStatusText(), u"API unavailable: address in use"_s);
    QVERIFY(window.findChild<QLabel *>(u"apiStatus"_s)->isVisible());
    QVERIFY(window.editorStatusText().contains(u"No editor configured"_s));

    // A refused edit (the timeline's or the inspector's signal) is said in the status bar.
    Q_EMIT window.timeline()->editRefused(u"segments overlap on track video"_s);
    QCOMPARE(window.statusBar()->currentMessage(), u"segments overlap on track video"_s);
    Q_EMIT window.inspector()->editRefused(u"speed must be 0.1 to 100"_s);
    QCOMPARE(window.statusBar()->currentMessage(), u"speed must be 0.1 to 100"_s);
}

void tst_MainWindow::exportQueuesTheOpenDraft()
{
    UiTestFixture f;
    QueueRig rig(f.dir.path());
    f.services.exports = rig.queue.get();
    f.services.editor = &rig.supervisor;
    // The editor's folders, as EditorHost gives them (not the drafts-folder setting, which may
    // change while the editor keeps the folder it started with).
    const QString drafts = QDir(f.dir.path()).filePath(u"editor-drafts"_s);
    const QString outputs = QDir(f.dir.path()).filePath(u"exports"_s);
    Core::Editor::DraftExporter exporter(*rig.queue, {drafts, outputs});
    f.services.exporter = &exporter;
    const QString key = f.createDraft(u"Export me"_s);
    MainWindow window(f.services);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *queueExport = window.findChild<QAction *>(u"actionQueueExport"_s);
    QVERIFY(!queueExport->isEnabled());                            // no draft open
    QVERIFY(window.editorStatusText().contains(u"Editor down"_s)); // never started
    {
        // The editor's own line (EditorHost::statusText) names the stand-in as such.
        UiServices named = f.services;
        named.editorStatusText = [] {
            return u"Stand-in editor (test tool, not JianYing): ready"_s;
        };
        named.automationProfile = u"standin-jianying-5.9"_s;
        MainWindow labelled(named);
        QVERIFY(
            labelled.editorStatusText().contains(u"Stand-in editor (test tool, not JianYing)"_s));
        auto *health = labelled.findChild<QLabel *>(u"editorHealth"_s);
        QVERIFY(health);
        QVERIFY2(health->text().contains(u"standin-jianying-5.9"_s), qPrintable(health->text()));
    }

    QVERIFY(window.openDraft(key));
    QVERIFY(queueExport->isEnabled());
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keySequence(&window, queueExport->shortcut()); // Ctrl+E
    // The draft folder is written for the editor, then the job is queued and listed.
    QTRY_COMPARE(rig.queue->list()->size(), 1);
    const auto job = rig.queue->list()->first();
    QVERIFY(job.draftFolder.startsWith(drafts));
    QVERIFY(QFileInfo::exists(job.draftFolder));
    QCOMPARE(QFileInfo(job.requestedPath).absolutePath(), QFileInfo(outputs).absoluteFilePath());
    QVERIFY(job.requestedPath.endsWith(u".mp4"_s));
    QCOMPARE(window.exportQueuePanel()->jobIds(), QStringList{job.id});

    // Exporting the same draft again rewrites its own folder (a stable owner id) instead of
    // failing on "another draft of that name".
    QTest::keySequence(&window, queueExport->shortcut());
    QTRY_COMPARE(rig.queue->list()->size(), 2);
    QCOMPARE(rig.queue->list()->first().draftFolder, job.draftFolder);
    QVERIFY2(!window.statusBar()->currentMessage().contains(u"could not"_s),
             qPrintable(window.statusBar()->currentMessage()));
}

void tst_MainWindow::showsQuickly()
{
    // The window is built and shown with 50 drafts in the store. The start-up goal (shown within
    // 1 s, issue 7) is measured by the benchmark, not here: `bench_startup --gui`
    // (bench/startup.cpp). This bound is only a sanity limit that a loaded 2-core CI machine
    // still meets; it catches a window that hangs on something synchronous.
    UiTestFixture f;
    for (int i = 0; i < 50; ++i)
        f.createDraft(u"draft %1"_s.arg(i));
    QElapsedTimer timer;
    timer.start();
    MainWindow window(f.services);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const qint64 ms = timer.elapsed();
    qInfo("main window constructed and exposed in %lld ms", ms);
    QVERIFY2(ms < 10'000,
             qPrintable(u"%1 ms (bench_startup --gui measures the 1 s goal)"_s.arg(ms)));
}

void tst_MainWindow::closeQuitsWithoutTrayAndHidesWithTray()
{
    UiTestFixture f;
    MainWindow window(f.services);
    QSignalSpy quit(&window, &MainWindow::quitRequested);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // With a tray: close hides, CutPilot keeps running.
    window.setCloseToTray(true);
    QVERIFY(!window.close());
    QVERIFY(!window.isVisible());
    QCOMPARE(quit.size(), 0);

    // Without one (the default): the window is the app, close quits.
    window.show();
    window.setCloseToTray(false);
    QVERIFY(window.close());
    QCOMPARE(quit.size(), 1);

    // File → Quit (Ctrl+Q).
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keySequence(&window, window.findChild<QAction *>(u"actionQuit"_s)->shortcut());
    QCOMPARE(quit.size(), 2);
}

void tst_MainWindow::layoutPersists()
{
    UiTestFixture f;
    MainWindowOptions options;
    options.stateFile = QDir(f.dir.path()).filePath(u"window-state.json"_s);
    {
        MainWindow window(f.services, options);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QDockWidget *>(u"logDock"_s)->toggleViewAction()->trigger();
        window.resize(1111, 777);
        QVERIFY(!window.findChild<QDockWidget *>(u"logDock"_s)->isVisible());
        window.setCloseToTray(false);
        window.close(); // saves
    }
    QVERIFY(QFile::exists(options.stateFile));
    MainWindow again(f.services, options);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.size(), QSize(1111, 777));
    QVERIFY(!again.findChild<QDockWidget *>(u"logDock"_s)->isVisible());
    again.findChild<QAction *>(u"actionResetLayout"_s)->trigger();
    QTRY_VERIFY(!again.findChild<QDockWidget *>(u"logDock"_s)->isHidden());
}

void tst_MainWindow::mediaBinIsSavedSoonAfterAChange()
{
    // media-bin.json is written about a second after the bin changes, while the window lives: a
    // crash later loses no import (not only in ~MainWindow).
    using namespace CutPilot::Core;
    UiTestFixture f;
    MediaCache cache(QDir(f.dir.path()).filePath(u"media-cache"_s));
    QVERIFY(cache.open());
    Downloader downloader(QDir(f.dir.path()).filePath(u"downloads"_s));
    MediaService media(cache, downloader, MediaService::Options{});
    media.setPathPolicy(PathPolicy({f.dir.path()}));
    f.services.media = &media;
    const QString clip = QDir(f.dir.path()).filePath(u"clip.mp4"_s);
    QFile file(clip);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(2048, 'x')); // listed even though it does not probe
    file.close();

    MainWindowOptions options;
    options.mediaBinStateFile = QDir(f.dir.path()).filePath(u"media-bin.json"_s);
    MainWindow window(f.services, options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.mediaBin());
    const auto listed = [&options]() {
        QFile saved(options.mediaBinStateFile);
        if (!saved.open(QIODevice::ReadOnly))
            return QStringList();
        QStringList paths;
        const QJsonArray items
            = QJsonDocument::fromJson(saved.readAll()).object().value(u"items"_s).toArray();
        for (const QJsonValue &item : items)
            paths.append(item.toObject().value(u"path"_s).toString());
        return paths;
    };
    QCOMPARE(window.mediaBin()->importFiles({clip}), 1);
    QTRY_COMPARE_WITH_TIMEOUT(listed(), QStringList{clip}, 5000);

    window.mediaBin()->model()->removeRows({0});
    QTRY_COMPARE_WITH_TIMEOUT(listed(), QStringList(), 5000);
    QVERIFY(QFile::exists(options.mediaBinStateFile));
}

void tst_MainWindow::languageSwitchRetranslatesTheWindow()
{
    QVERIFY(Translations::available().contains(u"zh_CN"_s));
    UiTestFixture f;
    Translations translations(qApp);
    MainWindowOptions options;
    options.translations = &translations;
    MainWindow window(f.services, options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *placeholder = window.findChild<QLabel *>(u"placeholder"_s);
    QCOMPARE(placeholder->text(), u"No draft open"_s);

    // Settings → Language: 中文（简体）→ OK, with the keyboard.
    SettingsDialog *dialog = window.showSettings();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    auto *language = dialog->findChild<QComboBox *>(u"language"_s);
    language->setFocus();
    while (language->currentData().toString() != u"zh_CN"_s) {
        const int before = language->currentIndex();
        QTest::keyClick(language, Qt::Key_Down);
        QVERIFY(language->currentIndex() != before);
    }
    auto *buttons = dialog->findChild<QDialogButtonBox *>(u"buttons"_s);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QCOMPARE(f.settings.language(), u"zh_CN"_s);
    QTRY_COMPARE(placeholder->text(), u"未打开草稿"_s);
    QCOMPARE(window.apiStatusText(), u"API：未启动"_s);

    dialog = window.showSettings();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    language = dialog->findChild<QComboBox *>(u"language"_s);
    language->setFocus();
    while (language->currentData().toString() != u"en"_s)
        QTest::keyClick(language, Qt::Key_Down);
    buttons = dialog->findChild<QDialogButtonBox *>(u"buttons"_s);
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(placeholder->text(), u"No draft open"_s);
    QCOMPARE(window.apiStatusText(), u"API: not started"_s);
}

void tst_MainWindow::activateRestoresAMinimizedWindow()
{
    UiTestFixture f;
    MainWindow window(f.services);
    window.showMinimized();
    QTRY_VERIFY(window.isMinimized());
    window.activate();
    QTRY_VERIFY(!window.isMinimized());
    QVERIFY(window.isVisible());
}

void tst_MainWindow::screenshots_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << u"en"_s;
    QTest::newRow("zh_CN") << u"zh_CN"_s;
}

void tst_MainWindow::screenshots()
{
    QFETCH(QString, language);
    using namespace CutPilot::Core;
    UiTestFixture f;
    Translations translations(qApp);
    QCOMPARE(translations.apply(language), language);
    for (const QString &name : {u"Product launch"_s, u"Weekly vlog"_s, u"Tutorial, part 2"_s})
        f.createDraft(name);
    const QString key = f.createDraft(language == u"en" ? u"Travel highlights"_s : u"旅行集锦"_s);

    // Real media when ffmpeg is installed (filmstrips, waveform, a preview frame); else the clips
    // name files that do not exist and show their names only.
    MediaCache cache(QDir(f.dir.path()).filePath(u"media-cache"_s));
    QVERIFY(cache.open());
    Downloader downloader(QDir(f.dir.path()).filePath(u"downloads"_s));
    auto media = std::make_unique<MediaService>(cache, downloader, MediaService::Options{});
    f.services.media = media.get();
    const QString ffmpeg = QStandardPaths::findExecutable(u"ffmpeg"_s);
    const auto generate = [&](const QString &name, const QString &source) {
        const QString path = QDir(f.dir.path()).filePath(name);
        if (!ffmpeg.isEmpty()) {
            QProcess process;
            process.start(ffmpeg, {u"-v"_s, u"error"_s, u"-y"_s, u"-f"_s, u"lavfi"_s, u"-i"_s,
                                   source, u"-pix_fmt"_s, u"yuv420p"_s, path});
            process.waitForFinished(60'000);
        }
        return path;
    };
    const QString beach = generate(u"beach.mp4"_s, u"testsrc2=size=640x360:rate=25:duration=8"_s);
    const QString market = generate(u"market.mp4"_s, u"smptehdbars=size=640x360:duration=8"_s);
    const QString sunset = generate(u"sunset.mp4"_s, u"testsrc=size=640x360:rate=25:duration=8"_s);
    const QString theme
        = generate(u"theme.wav"_s, u"aevalsrc=sin(2*PI*220*t)*abs(sin(PI*t/3)):d=20"_s);

    // An export queue with jobs (no editor behind it: the health shows "down").
    QueueRig rig(f.dir.path());
    f.services.exports = rig.queue.get();
    f.services.editor = &rig.supervisor;
    for (const QString &name : {u"Weekly vlog"_s, u"Product launch"_s}) {
        Editor::ExportJobRequest request;
        request.draftName = name;
        request.outputPath = u"/home/me/Videos/%1.mp4"_s.arg(name);
        QVERIFY(rig.queue->enqueue(request));
    }
    QVERIFY(rig.queue->cancel(rig.queue->list()->last().id));

    MainWindowOptions options;
    options.logsFolder = f.logsFolder();
    QDir().mkpath(options.logsFolder);
    QFile log(QDir(options.logsFolder).filePath(u"cutpilot.log"_s));
    QVERIFY(log.open(QIODevice::WriteOnly));
    log.write("[2026-11-29 10:00:00.120] [app] [info] CutPilot 0.1.0 starting: GUI mode\n"
              "[2026-11-29 10:00:00.410] [api] [info] listening on http://127.0.0.1:9001\n"
              "[2026-11-29 10:00:01.002] [draft] [info] loaded 1240 catalog entries\n");
    log.close();
    MainWindow window(f.services, options);
    window.setApiStatus(true, u"http://127.0.0.1:9001"_s);
    window.resize(1600, 1000);
    QVERIFY(window.openDraft(key));

    DraftService *draft = window.currentDraft();
    const auto material = [](const QString &path, MediaKind kind, qint64 durationUs) {
        MediaMaterial m;
        m.id = newDraftGuid();
        m.kind = kind;
        m.path = path;
        m.name = QFileInfo(path).fileName();
        m.durationUs = durationUs;
        m.width = kind == MediaKind::Audio ? 0 : 640;
        m.height = kind == MediaKind::Audio ? 0 : 360;
        return m;
    };
    auto video = draft->addTrack(TrackType::Video, u"video"_s);
    QVERIFY(video);
    qint64 at = 0;
    QString firstClip;
    for (const auto &[path, length] :
         {std::pair{beach, 6'000'000LL}, std::pair{market, 4'500'000LL},
          std::pair{sunset, 7'000'000LL}}) {
        auto clip = draft->addMediaSegment(*video, material(path, MediaKind::Video, 8'000'000),
                                           {at, length}, 0);
        QVERIFY(clip);
        if (firstClip.isEmpty())
            firstClip = *clip;
        at += length;
    }
    auto audio = draft->addTrack(TrackType::Audio, u"music"_s);
    QVERIFY(audio);
    QVERIFY(
        draft->addMediaSegment(*audio, material(theme, MediaKind::Audio, 20'000'000), {0, at}, 0));
    auto text = draft->addTrack(TrackType::Text, u"titles"_s);
    QVERIFY(text);
    QVERIFY(draft->addTextSegment(*text, language == u"en" ? u"Day one"_s : u"第一天"_s,
                                  {500'000, 3'000'000}));
    QVERIFY(draft->addTextSegment(*text, language == u"en" ? u"The market"_s : u"集市"_s,
                                  {6'500'000, 3'000'000}));

    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.timeline()->setSelectedSegments({firstClip});
    window.timeline()->setPlayhead(2'000'000);
    QTest::qWait(2000); // lists, log tail, filmstrips and the preview frame settle
    QVERIFY(window.windowTitle().startsWith(u"CutPilot — "_s));
    QVERIFY(window.windowTitle().endsWith(draft->draft().name));

    const QPixmap shot = window.grab();
    QVERIFY(!shot.isNull());
    QCOMPARE(shot.size(), QSize(1600, 1000) * shot.devicePixelRatio());
    const bool write = qEnvironmentVariable("CUTPILOT_WRITE_SCREENSHOTS") == u"1";
    const QString folder
        = write ? QStringLiteral(CUTPILOT_SOURCE_DIR "/docs/screenshots") : f.dir.path();
    QDir().mkpath(folder);
    const QString file = QDir(folder).filePath(u"main-%1.png"_s.arg(language));
    QVERIFY2(shot.save(file), qPrintable(file));
    QVERIFY(QFileInfo(file).size() > 10'000);
    window.closeDraft();
    // The media service goes first, while the timeline that asked for filmstrips still exists:
    // its stop finishes what is pending, and Qt 6.4 asserts when a continuation's context is
    // gone by then (debug builds).
    media.reset();
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
