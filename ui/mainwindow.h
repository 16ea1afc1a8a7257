#pragma once

#include "core/support/result.h"
#include "uiservices.h"

#include <QByteArray>
#include <QMainWindow>
#include <QPointer>
#include <QThreadPool>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QStackedWidget;
class QTimer;

namespace CutPilot::Core {
class DraftService;
}

namespace CutPilot::Ui {

class DraftBrowser;
class ExportQueuePanel;
class InspectorWidget;
class LogPanel;
class MediaBinWidget;
class PreviewWidget;
class TimelineWidget;
class SettingsDialog;
class Translations;

struct MainWindowOptions
{
    /// <data-dir>/logs: the log panel tails cutpilot.log there. Empty: no log panel content.
    QString logsFolder;
    /// Window geometry and dock layout (a small JSON file in the data folder). Empty: not kept.
    QString stateFile;
    /// The media bin's items (MediaBinWidget::saveState). Empty: not kept.
    QString mediaBinStateFile;
    /// Applies the language setting live (Settings::languageChanged). May be null.
    Translations *translations = nullptr;
};

/// The main window. It only assembles docks around the services it is given (drafts, media bin,
/// timeline, inspector, preview, export queue, log), keeps the open draft (pinned in the
/// workspace while shown), its menus and its status bar.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(UiServices services, MainWindowOptions options = {},
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Shows where the local API listens, or why it does not.
    void setApiStatus(bool listening, const QString &detail);
    QString apiStatusText() const;
    QString editorStatusText() const;

    /// Brings the window to the front (second instance started, tray "Show window").
    void activate();

    /// Opens the draft `key` from the workspace and shows it in every dock.
    Core::Result<> openDraft(const QString &key);
    void closeDraft();
    QString currentDraftKey() const { return m_draftKey; }
    Core::DraftService *currentDraft() const;

    /// With a tray, closing the window hides it; without one (the default) it quits.
    void setCloseToTray(bool hide) { m_closeToTray = hide; }
    bool closeToTray() const { return m_closeToTray; }

    /// Opens the settings dialog (non-modal; one at a time).
    SettingsDialog *showSettings();
    /// Writes the window geometry and dock layout to the state file.
    void saveLayout() const;
    void resetLayout();

    DraftBrowser *draftBrowser() const { return m_drafts; }
    ExportQueuePanel *exportQueuePanel() const { return m_exports; }
    TimelineWidget *timeline() const { return m_timeline; }
    InspectorWidget *inspector() const { return m_inspector; }
    PreviewWidget *preview() const { return m_preview; }
    MediaBinWidget *mediaBin() const { return m_mediaBin; } ///< null without a MediaService

Q_SIGNALS:
    /// File → Quit, or the window closed without a tray.
    void quitRequested();
    void currentDraftChanged(const QString &key);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QDockWidget *addDock(const QString &name, QWidget *content, Qt::DockWidgetArea area);
    void createDocks();
    void createMenus();
    void createStatusBar();
    void restoreLayout();
    /// Writes the media bin's list now (MediaBinWidget::saveState); also on a timer after changes.
    void saveMediaBin();
    void rebindUndo();
    void detachDraft();
    void updateTitle();
    void updateEditorStatus();
    void updateActions();
    void createDraft(const QString &name);
    void deleteDraft(const QString &key);
    void importMedia();
    void importUrl();
    void queueExport();
    void showAbout();
    void showMessage(const QString &message);
    void retranslateUi();

    UiServices m_services;
    MainWindowOptions m_options;
    QString m_draftKey;
    QPointer<Core::DraftService> m_draft;
    bool m_closeToTray = false;
    QByteArray m_defaultState;
    QPointer<SettingsDialog> m_settingsDialog;

    QStackedWidget *m_center = nullptr;
    QLabel *m_placeholder = nullptr;
    TimelineWidget *m_timeline = nullptr;
    DraftBrowser *m_drafts = nullptr;
    ExportQueuePanel *m_exports = nullptr;
    LogPanel *m_log = nullptr;
    MediaBinWidget *m_mediaBin = nullptr;
    QTimer *m_mediaBinSave = nullptr; ///< debounces saveMediaBin() after the bin changed
    QLabel *m_mediaPlaceholder = nullptr;
    InspectorWidget *m_inspector = nullptr;
    PreviewWidget *m_preview = nullptr;
    QList<QDockWidget *> m_docks;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_editMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_exportMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_newDraft = nullptr;
    QAction *m_openDraft = nullptr;
    QAction *m_closeDraft = nullptr;
    QAction *m_importMedia = nullptr;
    QAction *m_importUrl = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_quit = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    QAction *m_resetLayout = nullptr;
    QAction *m_queueExport = nullptr;
    QAction *m_about = nullptr;

    QLabel *m_apiStatus = nullptr;
    QLabel *m_editorStatus = nullptr;
    bool m_apiListening = false;
    QString m_apiDetail;
};

} // namespace CutPilot::Ui
