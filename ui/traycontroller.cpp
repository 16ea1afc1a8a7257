#include "traycontroller.h"

#include "core/editor/editorsupervisor.h"
#include "core/editor/exportqueue.h"
#include "core/support/apitokenstore.h"
#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QMenu>
#include <QPointer>
#include <QSystemTrayIcon>
#include <QUrl>

namespace CutPilot::Ui {

using namespace Qt::StringLiterals;
using Core::Editor::ExportJob;
using Core::Editor::ExportJobState;

TrayController::TrayController(const UiServices &services, MainWindow *window, QString logsFolder,
                               QObject *parent)
    : QObject(parent)
    , m_services(services)
    , m_window(window)
    , m_logsFolder(std::move(logsFolder))
    , m_tray(new QSystemTrayIcon(this))
    , m_menu(std::make_unique<QMenu>())
{
    setObjectName(u"trayController"_s);
    m_menu->setObjectName(u"trayMenu"_s);
    const auto action = [this](const QString &name) {
        auto *created = m_menu->addAction(QString());
        created->setObjectName(name);
        return created;
    };
    m_show = action(u"trayShowWindow"_s);
    m_menu->addSeparator();
    m_pause = action(u"trayPauseQueue"_s);
    m_restart = action(u"trayRestartEditor"_s);
    m_check = action(u"trayCheckEditor"_s);
    m_menu->addSeparator();
    m_copyAddress = action(u"trayCopyApiAddress"_s);
    m_copyToken = action(u"trayCopyApiToken"_s);
    m_openLogs = action(u"trayOpenLogs"_s);
    m_menu->addSeparator();
    m_quit = action(u"trayQuit"_s);

    connect(m_show, &QAction::triggered, this, [this] {
        if (m_window)
            m_window->activate();
    });
    m_pause->setCheckable(true);
    m_pause->setEnabled(m_services.exports != nullptr);
    connect(m_pause, &QAction::triggered, this, [this] {
        if (!m_services.exports)
            return;
        Core::Result<> done = m_services.exports->isPaused() ? m_services.exports->resume()
                                                             : m_services.exports->pause();
        if (!done)
            notify(tr("Export queue"), done.error().message(), true);
        updatePauseAction();
    });
    m_restart->setEnabled(m_services.editor != nullptr);
    connect(m_restart, &QAction::triggered, this, [this] {
        if (m_services.editor)
            m_services.editor->restart(u"restart requested from the tray"_s);
    });
    // The doctor (editor-automation.md §10.6): after an editor update it is what lets held
    // exports resume.
    m_check->setEnabled(bool(m_services.runDoctor));
    connect(m_check, &QAction::triggered, this, [this] {
        if (!m_services.runDoctor)
            return;
        m_check->setEnabled(false);
        m_services.runDoctor(
            [self = QPointer<TrayController>(this)](const Core::Result<QJsonObject> &report) {
                if (!self)
                    return;
                self->m_check->setEnabled(true);
                bool failed = false;
                const QString text = doctorResultText(report, &failed);
                self->notify(tr("Editor check"), text, failed);
            });
    });
    connect(m_copyAddress, &QAction::triggered, this, [this] {
        const QString address = m_services.apiAddress ? m_services.apiAddress() : QString();
        if (!address.isEmpty())
            QApplication::clipboard()->setText(address);
    });
    connect(m_copyToken, &QAction::triggered, this, [this] {
        if (m_services.apiToken && m_services.apiToken->isReady())
            QApplication::clipboard()->setText(m_services.apiToken->token());
    });
    connect(m_openLogs, &QAction::triggered, this, [this] {
        QDir().mkpath(m_logsFolder);
        QDesktopServices::openUrl(QUrl::fromLocalFile(m_logsFolder));
    });
    connect(m_quit, &QAction::triggered, this, &TrayController::quitRequested);
    // The address and token may arrive after start: the menu is checked each time it opens.
    connect(m_menu.get(), &QMenu::aboutToShow, this, [this] {
        m_copyAddress->setEnabled(m_services.apiAddress && !m_services.apiAddress().isEmpty());
        m_copyToken->setEnabled(m_services.apiToken && m_services.apiToken->isReady());
    });
    m_copyAddress->setEnabled(m_services.apiAddress && !m_services.apiAddress().isEmpty());
    m_copyToken->setEnabled(m_services.apiToken && m_services.apiToken->isReady());

    connect(m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (!m_window || reason != QSystemTrayIcon::Trigger)
                    return;
                if (m_window->isVisible() && !m_window->isMinimized())
                    m_window->hide();
                else
                    m_window->activate();
            });
    m_tray->setContextMenu(m_menu.get());

    if (m_services.editor) {
        connect(m_services.editor, &Core::Editor::EditorSupervisor::stateChanged, this,
                &TrayController::updateHealth);
        connect(m_services.editor, &Core::Editor::EditorSupervisor::editorRestarted, this,
                [this](int restarts, const QString &reason) {
                    notify(tr("Editor restarted"), tr("Restart %1: %2").arg(restarts).arg(reason),
                           true);
                });
    }
    if (m_services.exports) {
        connect(m_services.exports, &Core::Editor::ExportQueue::jobChanged, this,
                &TrayController::onJobChanged);
        connect(m_services.exports, &Core::Editor::ExportQueue::pausedChanged, this,
                &TrayController::updatePauseAction);
        connect(m_services.exports, &Core::Editor::ExportQueue::holdChanged, this,
                &TrayController::updateToolTip);
    }
    // The menu is a top-level widget: it gets LanguageChange itself.
    m_menu->installEventFilter(this);
    retranslateUi();
    updateHealth();
    m_tray->show();
}

TrayController::~TrayController()
{
    m_tray->setContextMenu(nullptr);
}

bool TrayController::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

QString TrayController::toolTip() const
{
    return m_tray->toolTip();
}

void TrayController::updateHealth()
{
    m_health = editorHealth(m_services.editor);
    m_tray->setIcon(editorHealthIcon(m_health));
    updateToolTip();
}

void TrayController::updatePauseAction()
{
    const bool paused = m_services.exports && m_services.exports->isPaused();
    m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("Resume export queue") : tr("Pause export queue"));
    updateToolTip();
}

void TrayController::updateToolTip()
{
    QString tip = tr("CutPilot") + u'\n'
                  + (m_services.editorStatusText ? m_services.editorStatusText()
                                                 : editorHealthText(m_health));
    if (!m_currentJob.isEmpty())
        tip += u'\n' + m_currentJob;
    if (m_services.exports && !m_services.exports->holdReason().isEmpty())
        tip += u'\n' + tr("Export queue held until the editor check passes");
    else if (m_services.exports && m_services.exports->isPaused())
        tip += u'\n' + tr("Export queue paused");
    m_tray->setToolTip(tip);
}

void TrayController::onJobChanged(const ExportJob &job)
{
    const int previous = m_jobStates.value(job.id, -1);
    m_jobStates.insert(job.id, int(job.state));
    if (job.state == ExportJobState::Running || job.state == ExportJobState::Verifying) {
        m_currentJobId = job.id;
        m_currentJob = tr("Exporting %1 — %2 %").arg(job.draftName).arg(job.progress);
    } else if (job.id == m_currentJobId) {
        m_currentJobId.clear();
        m_currentJob.clear();
    }
    if (previous != int(job.state)) {
        if (job.state == ExportJobState::Done) {
            notify(tr("Export finished"),
                   tr("%1 → %2").arg(job.draftName, QDir::toNativeSeparators(job.finalPath)),
                   false);
        } else if (job.state == ExportJobState::Failed) {
            notify(tr("Export failed"), tr("%1: %2").arg(job.draftName, job.message), true);
        }
    }
    updateToolTip();
}

void TrayController::notify(const QString &title, const QString &message, bool warning)
{
    m_lastNotification = title + u": "_s + message;
    m_tray->showMessage(title, message,
                        warning ? QSystemTrayIcon::Warning : QSystemTrayIcon::Information, 8000);
}

bool TrayController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_menu.get() && event->type() == QEvent::LanguageChange)
        retranslateUi();
    return QObject::eventFilter(watched, event);
}

void TrayController::retranslateUi()
{
    m_show->setText(tr("Show CutPilot"));
    updatePauseAction();
    m_restart->setText(tr("Restart editor"));
    m_check->setText(tr("Check editor"));
    m_copyAddress->setText(tr("Copy API address"));
    m_copyToken->setText(tr("Copy API token"));
    m_openLogs->setText(tr("Open logs folder"));
    m_quit->setText(tr("Quit CutPilot"));
    updateToolTip();
}

} // namespace CutPilot::Ui
