#include "mainwindow.h"

#include "core/draft/draftstore.h"
#include "core/editor/draftexporter.h"
#include "core/editor/editorsupervisor.h"
#include "core/editor/exportqueue.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "core/support/buildinfo.h"
#include "core/support/futurewatch.h"
#include "core/support/settings.h"
#include "draftbrowser.h"
#include "exportqueuepanel.h"
#include "logpanel.h"
#include "media/mediabinmodel.h"
#include "media/mediabinwidget.h"
#include "media/previewwidget.h"
#include "settingsdialog.h"
#include "timeline/inspectorwidget.h"
#include "timeline/timelinewidget.h"
#include "translations.h"
#include "trayicons.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QUndoStack>
#include <QUrl>
#include <QtConcurrent>

#include <chrono>

namespace CutPilot::Ui {

using namespace Qt::StringLiterals;

MainWindow::MainWindow(UiServices services, MainWindowOptions options, QWidget *parent)
    : QMainWindow(parent)
    , m_services(std::move(services))
    , m_options(std::move(options))
{
    setObjectName(u"MainWindow"_s);
    setDockNestingEnabled(true);
    resize(1280, 800);
    createDocks();
    createMenus();
    createStatusBar();
    m_defaultState = saveState();
    restoreLayout();

    if (m_services.workspace) {
        connect(m_services.workspace, &Core::DraftWorkspace::draftClosed, this,
                [this](const QString &key) {
                    if (key == m_draftKey) {
                        detachDraft(); // deleted through the API: nothing to unpin
                        showMessage(tr("The open draft was closed or deleted elsewhere."));
                    }
                });
        connect(m_services.workspace, &Core::DraftWorkspace::draftChanged, this,
                [this](const QString &key) {
                    if (key == m_draftKey)
                        updateTitle();
                });
        connect(m_services.workspace, &Core::DraftWorkspace::persistFailed, this,
                [this](const QString &key, const QString &message) {
                    if (key == m_draftKey)
                        showMessage(tr("The draft could not be saved: %1").arg(message));
                });
    }
    if (m_services.settings && m_options.translations) {
        connect(m_services.settings, &Core::Settings::languageChanged, this,
                [this](const QString &language) { m_options.translations->apply(language); });
    }
    if (m_services.editor) {
        connect(m_services.editor, &Core::Editor::EditorSupervisor::stateChanged, this,
                &MainWindow::updateEditorStatus);
    }
    retranslateUi();
    updateActions();
}

MainWindow::~MainWindow()
{
    saveLayout(); // also when CutPilot quits without closing the window
    saveMediaBin();
    if (m_services.workspace && !m_draftKey.isEmpty())
        m_services.workspace->unpin(m_draftKey);
}

QDockWidget *MainWindow::addDock(const QString &name, QWidget *content, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(this);
    dock->setObjectName(name);
    dock->setWidget(content);
    addDockWidget(area, dock, Qt::Horizontal);
    m_docks.append(dock);
    return dock;
}

void MainWindow::createDocks()
{
    // The timeline is the centre; without an open draft a hint takes its place.
    m_center = new QStackedWidget(this);
    m_center->setObjectName(u"center"_s);
    m_placeholder = new QLabel(m_center);
    m_placeholder->setObjectName(u"placeholder"_s);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_center->addWidget(m_placeholder);
    m_timeline = new TimelineWidget(m_center);
    m_timeline->setObjectName(u"timeline"_s);
    m_timeline->setMediaService(m_services.media);
    m_timeline->setCatalogs(m_services.catalogs);
    m_center->addWidget(m_timeline);
    setCentralWidget(m_center);

    if (m_services.drafts) {
        m_drafts = new DraftBrowser(*m_services.drafts, m_services.events, this);
        connect(m_drafts, &DraftBrowser::openRequested, this, [this](const QString &key) {
            if (Core::Result<> opened = openDraft(key); !opened)
                showMessage(tr("The draft could not be opened: %1").arg(opened.error().message()));
        });
        connect(m_drafts, &DraftBrowser::newDraftRequested, this, &MainWindow::createDraft);
        connect(m_drafts, &DraftBrowser::deleteRequested, this, &MainWindow::deleteDraft);
        addDock(u"draftsDock"_s, m_drafts, Qt::TopDockWidgetArea);
    }

    QWidget *mediaContent = nullptr;
    if (m_services.media) {
        // URL imports are copied where the API's downloads go: the drafts' media folder.
        const QString mediaFolder
            = m_services.drafts ? QDir(m_services.drafts->root()).filePath(u"media"_s) : QString();
        m_mediaBin = new MediaBinWidget(*m_services.media, mediaFolder, this);
        if (!m_options.mediaBinStateFile.isEmpty()
            && QFileInfo::exists(m_options.mediaBinStateFile)) {
            if (Core::Result<> restored = m_mediaBin->restoreState(m_options.mediaBinStateFile);
                !restored)
                showMessage(restored.error().message());
        }
        if (!m_options.mediaBinStateFile.isEmpty()) {
            // Saved about a second after the bin changes (at most once a second while it keeps
            // changing), not only on quit: a crash loses no import.
            m_mediaBinSave = new QTimer(this);
            m_mediaBinSave->setSingleShot(true);
            m_mediaBinSave->setInterval(1000);
            connect(m_mediaBinSave, &QTimer::timeout, this, &MainWindow::saveMediaBin);
            const auto schedule = [this] {
                if (!m_mediaBinSave->isActive())
                    m_mediaBinSave->start();
            };
            const QAbstractItemModel *bin = m_mediaBin->model();
            connect(bin, &QAbstractItemModel::rowsInserted, this, schedule);
            connect(bin, &QAbstractItemModel::rowsRemoved, this, schedule);
            connect(bin, &QAbstractItemModel::modelReset, this, schedule);
            connect(bin, &QAbstractItemModel::dataChanged, this, schedule);
        }
        mediaContent = m_mediaBin;
    } else {
        m_mediaPlaceholder = new QLabel(this);
        m_mediaPlaceholder->setObjectName(u"mediaBinPlaceholder"_s);
        m_mediaPlaceholder->setAlignment(Qt::AlignCenter);
        m_mediaPlaceholder->setWordWrap(true);
        mediaContent = m_mediaPlaceholder;
    }
    QDockWidget *media = addDock(u"mediaDock"_s, mediaContent, Qt::TopDockWidgetArea);
    m_preview = new PreviewWidget(this);
    m_preview->setObjectName(u"preview"_s);
    QDockWidget *preview = addDock(u"previewDock"_s, m_preview, Qt::TopDockWidgetArea);
    m_inspector = new InspectorWidget(this);
    m_inspector->setObjectName(u"inspector"_s);
    m_inspector->setCatalogs(m_services.catalogs);
    QDockWidget *inspector = addDock(u"inspectorDock"_s, m_inspector, Qt::TopDockWidgetArea);
    // Kdenlive's arrangement: drafts and bin, monitor, properties in a row above the timeline
    // (tabbed only after the row is built: a split next to a tabbed dock makes another tab).
    if (m_drafts)
        tabifyDockWidget(findChild<QDockWidget *>(u"draftsDock"_s), media);

    // Timeline, preview and inspector follow one playhead and one current clip.
    connect(m_timeline, &TimelineWidget::playheadChanged, this, [this](qint64 us) {
        if (m_preview->playhead() != us)
            m_preview->setPlayhead(us);
    });
    connect(m_preview, &PreviewWidget::playheadMoved, this, [this](qint64 us) {
        if (m_timeline->playhead() != us)
            m_timeline->setPlayhead(us);
    });
    connect(m_timeline, &TimelineWidget::currentSegmentChanged, this,
            [this](const QString &segmentId) { m_inspector->setSegment(m_draft, segmentId); });
    connect(m_timeline, &TimelineWidget::editRefused, this, &MainWindow::showMessage);
    connect(m_inspector, &InspectorWidget::editRefused, this, &MainWindow::showMessage);

    m_exports = new ExportQueuePanel(m_services.exports, m_services.editor, this);
    if (m_services.runDoctor)
        m_exports->setDoctor(m_services.runDoctor);
    connect(m_exports, &ExportQueuePanel::settingsRequested, this, &MainWindow::showSettings);
    QDockWidget *exports = addDock(u"exportsDock"_s, m_exports, Qt::BottomDockWidgetArea);
    if (!m_services.automationProfile.isEmpty())
        m_exports->setProfileName(m_services.automationProfile);

    const QString logFile = m_options.logsFolder.isEmpty()
                                ? QString()
                                : QDir(m_options.logsFolder).filePath(u"cutpilot.log"_s);
    m_log = new LogPanel(logFile, this);
    QDockWidget *log = addDock(u"logDock"_s, m_log, Qt::BottomDockWidgetArea);
    tabifyDockWidget(exports, log);
    exports->raise();
    QDockWidget *left = m_drafts ? findChild<QDockWidget *>(u"draftsDock"_s) : media;
    left->raise();
    resizeDocks({left, preview, inspector}, {380, 700, 360}, Qt::Horizontal);
    resizeDocks({preview, exports}, {400, 210}, Qt::Vertical);
}

void MainWindow::createMenus()
{
    const auto action = [this](QMenu *menu, const QString &name, const QKeySequence &shortcut) {
        auto *created = menu->addAction(QString());
        created->setObjectName(name);
        if (!shortcut.isEmpty())
            created->setShortcut(shortcut);
        return created;
    };
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->setObjectName(u"menuFile"_s);
    m_newDraft = action(m_fileMenu, u"actionNewDraft"_s, QKeySequence::New);
    m_openDraft = action(m_fileMenu, u"actionOpenDraft"_s, QKeySequence::Open);
    m_closeDraft = action(m_fileMenu, u"actionCloseDraft"_s, QKeySequence::Close);
    m_fileMenu->addSeparator();
    m_importMedia = action(m_fileMenu, u"actionImportMedia"_s, QKeySequence(u"Ctrl+I"_s));
    m_importUrl = action(m_fileMenu, u"actionImportUrl"_s, QKeySequence(u"Ctrl+Shift+I"_s));
    m_fileMenu->addSeparator();
    m_settingsAction = action(m_fileMenu, u"actionSettings"_s, QKeySequence::Preferences);
    m_fileMenu->addSeparator();
    m_quit = action(m_fileMenu, u"actionQuit"_s, QKeySequence::Quit);
    m_quit->setMenuRole(QAction::QuitRole);

    connect(m_newDraft, &QAction::triggered, this, [this] {
        if (m_drafts)
            m_drafts->promptNewDraft();
    });
    connect(m_openDraft, &QAction::triggered, this, [this] {
        if (auto *dock = findChild<QDockWidget *>(u"draftsDock"_s)) {
            dock->show();
            dock->raise();
            dock->widget()->findChild<QWidget *>(u"draftList"_s)->setFocus();
        }
    });
    connect(m_closeDraft, &QAction::triggered, this, &MainWindow::closeDraft);
    connect(m_importMedia, &QAction::triggered, this, &MainWindow::importMedia);
    connect(m_importUrl, &QAction::triggered, this, &MainWindow::importUrl);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
    connect(m_quit, &QAction::triggered, this, &MainWindow::quitRequested);

    m_editMenu = menuBar()->addMenu(QString());
    m_editMenu->setObjectName(u"menuEdit"_s);
    rebindUndo();

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->setObjectName(u"menuView"_s);
    for (QDockWidget *dock : std::as_const(m_docks)) {
        QAction *toggle = dock->toggleViewAction();
        toggle->setObjectName(u"toggle_"_s + dock->objectName());
        m_viewMenu->addAction(toggle);
    }
    m_viewMenu->addSeparator();
    m_resetLayout = action(m_viewMenu, u"actionResetLayout"_s, QKeySequence());
    connect(m_resetLayout, &QAction::triggered, this, &MainWindow::resetLayout);

    m_exportMenu = menuBar()->addMenu(QString());
    m_exportMenu->setObjectName(u"menuExport"_s);
    m_queueExport = action(m_exportMenu, u"actionQueueExport"_s, QKeySequence(u"Ctrl+E"_s));
    connect(m_queueExport, &QAction::triggered, this, &MainWindow::queueExport);

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->setObjectName(u"menuHelp"_s);
    m_about = action(m_helpMenu, u"actionAbout"_s, QKeySequence());
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::rebindUndo()
{
    // Undo and redo act on the open draft's stack: the same stack API edits push to, so an API
    // edit undoes here too.
    QAction *before = m_undo ? m_undo : nullptr;
    QAction *after = nullptr;
    if (before) {
        const QList<QAction *> actions = m_editMenu->actions();
        const qsizetype redoIndex = actions.indexOf(m_redo);
        after = redoIndex + 1 < actions.size() ? actions.at(redoIndex + 1) : nullptr;
        delete m_undo;
        delete m_redo;
    }
    QUndoStack *stack = m_draft ? m_draft->undoStack() : nullptr;
    if (stack) {
        m_undo = stack->createUndoAction(this, tr("Undo"));
        m_redo = stack->createRedoAction(this, tr("Redo"));
    } else {
        m_undo = new QAction(tr("Undo"), this);
        m_redo = new QAction(tr("Redo"), this);
        m_undo->setEnabled(false);
        m_redo->setEnabled(false);
    }
    m_undo->setObjectName(u"actionUndo"_s);
    m_redo->setObjectName(u"actionRedo"_s);
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo->setShortcut(QKeySequence::Redo);
    m_editMenu->insertAction(after, m_undo);
    m_editMenu->insertAction(after, m_redo);
}

void MainWindow::createStatusBar()
{
    m_apiStatus = new QLabel(this);
    m_apiStatus->setObjectName(u"apiStatus"_s);
    m_editorStatus = new QLabel(this);
    m_editorStatus->setObjectName(u"editorStatus"_s);
    statusBar()->addPermanentWidget(m_editorStatus);
    statusBar()->addPermanentWidget(m_apiStatus);
}

void MainWindow::setApiStatus(bool listening, const QString &detail)
{
    m_apiListening = listening;
    m_apiDetail = detail;
    retranslateUi();
}

QString MainWindow::apiStatusText() const
{
    return m_apiStatus->text();
}

QString MainWindow::editorStatusText() const
{
    return m_editorStatus->text();
}

void MainWindow::activate()
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
}

Core::DraftService *MainWindow::currentDraft() const
{
    return m_draft;
}

Core::Result<> MainWindow::openDraft(const QString &key)
{
    if (!m_services.workspace)
        return Core::Error(Core::ErrorCode::Unavailable, tr("No draft workspace."));
    if (key == m_draftKey && m_draft)
        return {};
    Core::Result<Core::DraftService *> service = m_services.workspace->open(key);
    if (!service)
        return service.error();
    closeDraft();
    m_draftKey = key;
    m_draft = *service;
    m_services.workspace->pin(key); // never closed for room while shown
    m_center->setCurrentWidget(m_timeline);
    m_timeline->setDraft(m_draft);
    m_preview->setDraft(m_draft);
    m_inspector->setSegment(m_draft, QString());
    rebindUndo();
    updateTitle();
    updateActions();
    if (m_drafts)
        m_drafts->setCurrentKey(key);
    Q_EMIT currentDraftChanged(key);
    return {};
}

void MainWindow::closeDraft()
{
    if (m_draftKey.isEmpty())
        return;
    if (m_services.workspace)
        m_services.workspace->unpin(m_draftKey);
    detachDraft();
}

void MainWindow::detachDraft()
{
    m_draftKey.clear();
    m_draft = nullptr;
    m_timeline->setDraft(nullptr);
    m_preview->setDraft(nullptr);
    m_inspector->setSegment(nullptr, QString());
    m_center->setCurrentWidget(m_placeholder);
    rebindUndo();
    updateTitle();
    updateActions();
    if (m_drafts)
        m_drafts->setCurrentKey(QString());
    Q_EMIT currentDraftChanged(QString());
}

void MainWindow::updateTitle()
{
    QString title = tr("CutPilot");
    if (m_draft)
        title += u" — "_s + m_draft->draft().name;
    setWindowTitle(title);
}

void MainWindow::updateEditorStatus()
{
    const EditorHealth health = editorHealth(m_services.editor);
    // The editor's own line names it (and says when it is the stand-in, not JianYing).
    const QString text
        = m_services.editorStatusText ? m_services.editorStatusText() : editorHealthText(health);
    m_editorStatus->setText(u"<span style=\"color:%1\">●</span> %2"_s.arg(
        editorHealthColor(health).name(), text.toHtmlEscaped()));
}

void MainWindow::updateActions()
{
    const bool open = m_draft != nullptr;
    m_closeDraft->setEnabled(open);
    m_newDraft->setEnabled(m_drafts != nullptr);
    m_openDraft->setEnabled(m_drafts != nullptr);
    m_importMedia->setEnabled(m_mediaBin != nullptr);
    m_importUrl->setEnabled(m_mediaBin != nullptr);
    m_queueExport->setEnabled(open && m_services.exporter);
    m_settingsAction->setEnabled(m_services.settings != nullptr);
}

void MainWindow::createDraft(const QString &name)
{
    if (!m_services.workspace)
        return;
    Core::Draft draft;
    draft.id = Core::newDraftGuid();
    draft.name = name;
    draft.width = 1920;
    draft.height = 1080;
    draft.fps = 30.0;
    const QString profile = m_services.profileId ? m_services.profileId() : QString();
    Core::Result<QString> key = m_services.workspace->create(draft, profile);
    if (!key) {
        showMessage(tr("The draft could not be created: %1").arg(key.error().message()));
        return;
    }
    if (Core::Result<> opened = openDraft(*key); !opened)
        showMessage(opened.error().message());
    if (m_drafts)
        m_drafts->refresh();
}

void MainWindow::deleteDraft(const QString &key)
{
    if (!m_services.workspace)
        return;
    if (key == m_draftKey)
        closeDraft();
    if (Core::Result<> removed = m_services.workspace->remove(key); !removed)
        showMessage(tr("The draft could not be deleted: %1").arg(removed.error().message()));
    if (m_drafts)
        m_drafts->refresh();
}

void MainWindow::importMedia()
{
    if (!m_mediaBin)
        return;
    if (auto *dock = findChild<QDockWidget *>(u"mediaDock"_s)) {
        dock->show();
        dock->raise();
    }
    m_mediaBin->importFilesWithDialog();
}

void MainWindow::importUrl()
{
    if (!m_mediaBin)
        return;
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(u"importUrlDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Import from URL"));
    dialog->setLabelText(tr("Address of the media file (http or https):"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &text) {
        const QUrl url = QUrl::fromUserInput(text.trimmed());
        if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https")) {
            showMessage(tr("\"%1\" is not an http or https address.").arg(text));
            return;
        }
        if (auto *dock = findChild<QDockWidget *>(u"mediaDock"_s)) {
            dock->show();
            dock->raise();
        }
        if (!m_mediaBin->importUrl(url))
            showMessage(m_mediaBin->statusMessage());
    });
    dialog->open();
}

void MainWindow::queueExport()
{
    if (!m_draft || !m_services.exporter)
        return;
    // The API's export routes use the same DraftExporter: the draft folder is written into the
    // editor's drafts folder off the GUI thread, then the export is queued (an existing output
    // file is never overwritten: the queue adds " (1)").
    const Core::Draft &draft = m_draft->draft();
    showMessage(tr("Writing %1 for the editor…").arg(draft.name));
    QPointer<MainWindow> self(this);
    m_services.exporter->exportDraft(
        draft, m_draft->profile(), {},
        [self, name = draft.name](const Core::Result<Core::Editor::ExportJob> &job) {
            if (!self)
                return;
            if (!job) {
                self->showMessage(tr("The export of %1 could not be queued: %2")
                                      .arg(name, job.error().message()));
                return;
            }
            self->showMessage(tr("Export of %1 queued: %2")
                                  .arg(name, QDir::toNativeSeparators(job->requestedPath)));
            if (auto *dock = self->findChild<QDockWidget *>(u"exportsDock"_s)) {
                dock->show();
                dock->raise();
            }
        });
}

void MainWindow::showAbout()
{
    const Core::BuildInfo build = Core::BuildInfo::current();
    QMessageBox::about(this, tr("About CutPilot"),
                       tr("<b>CutPilot</b> %1<br>A companion for JianYing and CapCut: drafts, "
                          "media, a local API and export automation.<br><br>%2")
                           .arg(build.version, build.summary().toHtmlEscaped()));
}

SettingsDialog *MainWindow::showSettings()
{
    if (!m_services.settings)
        return nullptr;
    if (!m_settingsDialog) {
        m_settingsDialog = new SettingsDialog(*m_services.settings, m_services.apiToken, this);
        m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_settingsDialog->show();
    m_settingsDialog->raise();
    m_settingsDialog->activateWindow();
    return m_settingsDialog;
}

void MainWindow::showMessage(const QString &message)
{
    statusBar()->showMessage(message, 10000);
}

void MainWindow::saveLayout() const
{
    if (m_options.stateFile.isEmpty())
        return;
    QSaveFile file(m_options.stateFile);
    const QJsonObject state{
        {u"geometry"_s, QString::fromLatin1(saveGeometry().toBase64())},
        {u"docks"_s, QString::fromLatin1(saveState().toBase64())},
    };
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(state).toJson()) < 0
        || !file.commit()) {
        qWarning("window layout not saved to %s: %s", qPrintable(m_options.stateFile),
                 qPrintable(file.errorString()));
    }
}

void MainWindow::saveMediaBin()
{
    if (m_mediaBinSave)
        m_mediaBinSave->stop();
    if (!m_mediaBin || m_options.mediaBinStateFile.isEmpty())
        return;
    if (Core::Result<> saved = m_mediaBin->saveState(m_options.mediaBinStateFile); !saved)
        qWarning("media bin not saved: %s", qPrintable(saved.error().message()));
}

void MainWindow::restoreLayout()
{
    if (m_options.stateFile.isEmpty())
        return;
    QFile file(m_options.stateFile);
    if (!file.open(QIODevice::ReadOnly))
        return; // first start
    const QJsonObject state = QJsonDocument::fromJson(file.readAll()).object();
    restoreGeometry(QByteArray::fromBase64(state.value(u"geometry"_s).toString().toLatin1()));
    restoreState(QByteArray::fromBase64(state.value(u"docks"_s).toString().toLatin1()));
}

void MainWindow::resetLayout()
{
    for (QDockWidget *dock : std::as_const(m_docks)) {
        dock->setFloating(false);
        dock->show();
    }
    restoreState(m_defaultState);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    saveMediaBin();
    if (m_closeToTray) {
        hide(); // the tray keeps CutPilot running
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
    Q_EMIT quitRequested();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi()
{
    updateTitle();
    m_placeholder->setText(tr("No draft open"));
    if (m_mediaPlaceholder)
        m_mediaPlaceholder->setText(tr("No media service: the media bin is unavailable."));

    const auto dockTitle = [this](const QString &name, const QString &title) {
        if (auto *dock = findChild<QDockWidget *>(name))
            dock->setWindowTitle(title);
    };
    dockTitle(u"draftsDock"_s, tr("Drafts"));
    dockTitle(u"mediaDock"_s, tr("Media"));
    dockTitle(u"previewDock"_s, tr("Preview"));
    dockTitle(u"inspectorDock"_s, tr("Inspector"));
    dockTitle(u"exportsDock"_s, tr("Exports"));
    dockTitle(u"logDock"_s, tr("Log"));

    m_fileMenu->setTitle(tr("&File"));
    m_newDraft->setText(tr("&New draft…"));
    m_openDraft->setText(tr("&Open draft…"));
    m_closeDraft->setText(tr("&Close draft"));
    m_importMedia->setText(tr("&Import media…"));
    m_importUrl->setText(tr("Import from &URL…"));
    m_settingsAction->setText(tr("&Settings…"));
    m_quit->setText(tr("&Quit"));
    m_editMenu->setTitle(tr("&Edit"));
    rebindUndo(); // the actions' prefixes are translated
    m_viewMenu->setTitle(tr("&View"));
    m_resetLayout->setText(tr("&Reset layout"));
    m_exportMenu->setTitle(tr("E&xport"));
    m_queueExport->setText(tr("&Queue export of this draft"));
    m_helpMenu->setTitle(tr("&Help"));
    m_about->setText(tr("&About CutPilot"));

    if (m_apiDetail.isEmpty())
        m_apiStatus->setText(tr("API: not started"));
    else if (m_apiListening)
        m_apiStatus->setText(tr("API: %1").arg(m_apiDetail));
    else
        m_apiStatus->setText(tr("API unavailable: %1").arg(m_apiDetail));
    updateEditorStatus();
}

} // namespace CutPilot::Ui
