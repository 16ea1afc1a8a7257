#pragma once

#include "trayicons.h"
#include "uiservices.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace CutPilot::Core::Editor {
struct ExportJob;
enum class ExportJobState;
} // namespace CutPilot::Core::Editor

namespace CutPilot::Ui {

class MainWindow;

/// The system tray icon for operators: its colour follows the editor's health, the tooltip shows
/// the running export, notifications report finished and failed exports and editor restarts, and
/// the menu reaches the common actions. Create it only when isAvailable(); without a tray the app
/// works from its window alone (toolchain.md §2.4).
class TrayController final : public QObject
{
    Q_OBJECT

public:
    TrayController(const UiServices &services, MainWindow *window, QString logsFolder,
                   QObject *parent = nullptr);
    ~TrayController() override;

    static bool isAvailable();

    QSystemTrayIcon *trayIcon() const { return m_tray; }
    /// The context menu; its actions are named tray* (trayShowWindow, trayPauseQueue, …).
    QMenu *menu() const { return m_menu.get(); }
    EditorHealth health() const { return m_health; }
    QString toolTip() const;
    /// The last notification shown (title and message), for tests and the log.
    QString lastNotification() const { return m_lastNotification; }

Q_SIGNALS:
    void quitRequested();

private:
    void updateHealth();
    void updatePauseAction();
    void updateToolTip();
    void onJobChanged(const Core::Editor::ExportJob &job);
    void notify(const QString &title, const QString &message, bool warning);
    void retranslateUi();
    bool eventFilter(QObject *watched, QEvent *event) override;

    UiServices m_services;
    QPointer<MainWindow> m_window;
    QString m_logsFolder;
    QSystemTrayIcon *m_tray = nullptr;
    std::unique_ptr<QMenu> m_menu; ///< QSystemTrayIcon does not own its menu
    QAction *m_show = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_restart = nullptr;
    QAction *m_check = nullptr;
    QAction *m_copyAddress = nullptr;
    QAction *m_copyToken = nullptr;
    QAction *m_openLogs = nullptr;
    QAction *m_quit = nullptr;
    EditorHealth m_health = EditorHealth::None;
    QString m_currentJobId;
    QString m_currentJob;            ///< "Exporting draft — 42 %" while an export runs
    QHash<QString, int> m_jobStates; ///< last seen ExportJobState per job id
    QString m_lastNotification;
};

} // namespace CutPilot::Ui
