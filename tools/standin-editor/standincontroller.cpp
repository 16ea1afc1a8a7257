#include "standincontroller.h"

#include "accessibility.h"
#include "editwindow.h"
#include "exportdialog.h"
#include "exporter.h"
#include "exportsettings.h"
#include "homewindow.h"
#include "popups.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

using namespace Qt::StringLiterals;

namespace CutPilot::Standin {

namespace {
const QRect kWindowGeometry(40, 40, 1000, 680);
} // namespace

StandinController::StandinController(const StandinOptions &options, EventLog &events,
                                     QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_events(events)
{
}

StandinController::~StandinController()
{
    if (m_worker) {
        m_worker->cancel();
        m_worker->wait();
    }
    delete m_home;
    delete m_edit;
    delete m_thief;
}

void StandinController::start()
{
    playBlockingFaults(Stage::Start, -1.0);
    showHome();
    if (m_options.faults.has(u"update-prompt")) {
        m_events.fault(u"update-prompt"_s);
        auto *update = new PopupDialog(m_options, updateDialogSpec());
        update->setAttribute(Qt::WA_DeleteOnClose);
        connect(update, &PopupDialog::buttonClicked, update, &QWidget::close);
        update->move(kWindowGeometry.center() - QPoint(200, 80));
        update->show();
    }
}

int StandinController::jobFor(Stage stage) const
{
    switch (stage) {
    case Stage::Export:
    case Stage::Exporting:
    case Stage::Success:
        return m_exports;
    case Stage::Open:
    case Stage::Edit:
        return m_opens;
    default:
        return 1;
    }
}

void StandinController::enterStage(Stage stage, const QString &state)
{
    if (!state.isEmpty())
        m_events.state(state);
    playBlockingFaults(stage, -1.0);
}

void StandinController::playBlockingFaults(Stage stage, double percent)
{
    for (const Fault &fault : m_options.faults.faults()) {
        if (fault.name != u"crash" && fault.name != u"hang")
            continue;
        const bool stageHit = percent < 0.0 && !fault.hasPercent() && fault.stage == stage;
        const bool percentHit = percent >= 0.0 && fault.hasPercent() && percent >= fault.percent;
        if (!stageHit && !percentHit)
            continue;
        if (!fault.firesFor(jobFor(stage)))
            continue;
        const QString key = u"%1@%2#%3"_s.arg(fault.name).arg(fault.percent).arg(m_exports);
        if (percentHit) {
            if (m_firedPercentFaults.contains(key))
                continue;
            m_firedPercentFaults.append(key);
        }
        if (fault.name == u"crash")
            crash();
        hang(fault);
    }
}

void StandinController::crash()
{
    m_events.fault(u"crash"_s);
    std::fflush(stdout);
    std::fflush(stderr);
    // No clean-up, no destructors: like a crashed editor (the partial export stays behind).
    std::_Exit(ExitCrash);
}

void StandinController::hang(const Fault &fault)
{
    m_events.fault(u"hang"_s);
    // Deliberately blocks the GUI thread: the window stops answering AT-SPI (§11.7).
    if (fault.endless) {
        for (;;)
            QThread::sleep(3600);
    }
    QThread::msleep(static_cast<unsigned long>(fault.number * 1000.0));
}

void StandinController::showHome()
{
    if (!m_scanned || !m_options.faults.has(u"stale-list")) {
        m_drafts = scanDraftStore(m_options.storePath);
        m_scanned = true;
    } else {
        m_events.fault(u"stale-list"_s);
    }
    m_home = new HomePageWindow(m_options, m_drafts);
    m_home->setGeometry(kWindowGeometry);
    connect(m_home, &HomePageWindow::draftActivated, this, &StandinController::openDraft);
    m_home->show();
    m_home->activateWindow();
    if (m_edit) {
        m_edit->deleteLater();
        m_edit = nullptr;
    }
    enterStage(Stage::Home, u"home"_s);
    if (!m_ready) {
        m_ready = true;
        // After the window is mapped, so that it is on the bus when READY is read.
        QTimer::singleShot(50, this, [this] { m_events.write(u"READY"_s); });
    }
}

void StandinController::openDraft(const DraftEntry &draft)
{
    if (m_opening)
        return;
    m_opening = true;
    ++m_opens;
    m_events.write(u"OPEN "_s + draft.name);
    enterStage(Stage::Open);
    int delayMs = m_options.openDelayMs;
    if (const Fault *slow = m_options.faults.find(u"slow-ui"))
        delayMs += int(slow->number * 1000.0);
    QTimer::singleShot(std::max(0, delayMs), this, [this, draft] { showEdit(draft); });
}

void StandinController::showEdit(const DraftEntry &draft)
{
    m_opening = false;
    m_edit = new MainWindowWindow(m_options, draft);
    m_edit->setGeometry(kWindowGeometry);
    connect(m_edit, &MainWindowWindow::exportRequested, this, &StandinController::openExportDialog);
    connect(m_edit, &MainWindowWindow::homeRequested, this, [this] {
        if (m_dialog || m_popup)
            return; // the editor only goes home from the plain edit state
        showHome();
    });
    connect(m_edit, &MainWindowWindow::closeRequested, qApp, &QCoreApplication::quit);
    m_edit->show();
    m_edit->activateWindow();
    if (m_home) {
        m_home->deleteLater();
        m_home = nullptr;
    }
    if (m_options.faults.has(u"gpu-prompt")) {
        m_events.fault(u"gpu-prompt"_s);
        m_edit->showGpuPrompt();
    }
    if (m_options.faults.has(u"anomaly-dialog")) {
        m_events.fault(u"anomaly-dialog"_s);
        showPopupInEdit(new PopupDialog(m_options, anomalyDialogSpec(), m_edit));
    }
    enterStage(Stage::Edit, u"edit"_s);
}

void StandinController::showPopupInEdit(PopupDialog *popup)
{
    m_popup = popup;
    connect(popup, &PopupDialog::buttonClicked, this, [this, popup] {
        popup->deleteLater();
        if (m_popup == popup)
            m_popup = nullptr;
        m_events.state(u"edit"_s);
    });
    m_edit->placeOverlay(popup);
    popup->show();
}

void StandinController::openExportDialog()
{
    if (!m_edit || m_dialog || m_popup)
        return;
    const auto show = [this] {
        if (!m_edit || m_dialog)
            return;
        const DraftEntry &draft = m_edit->draft();
        const QString folder = m_options.exportFolder;
        QDir().mkpath(folder);
        m_dialog = new ExportDialog(m_options, draft, uniqueOutputPath(folder, draft.name), m_edit);
        connect(m_dialog, &ExportDialog::confirmed, this, &StandinController::confirmExport);
        connect(m_dialog, &ExportDialog::cancelled, this, &StandinController::cancelExport);
        connect(m_dialog, &ExportDialog::closed, this, &StandinController::closeExportDialog);
        m_edit->placeOverlay(m_dialog);
        m_dialog->show();
        m_dialog->setFocus();
        enterStage(Stage::Export, u"export"_s);
    };
    if (const Fault *slow = m_options.faults.find(u"slow-ui"))
        QTimer::singleShot(int(slow->number * 1000.0), this, show);
    else
        show();
}

void StandinController::confirmExport()
{
    if (!m_dialog || m_worker)
        return;
    ++m_exports;
    if (const Fault *vip = m_options.faults.find(u"vip-prompt"); vip && vip->firesFor(m_exports)) {
        // The VIP dialog replaces the export dialog; the export never starts (§4.3).
        m_events.fault(u"vip-prompt"_s);
        m_dialog->deleteLater();
        m_dialog = nullptr;
        showPopupInEdit(new PopupDialog(m_options, vipDialogSpec(), m_edit));
        return;
    }
    if (const Fault *growth = m_options.faults.find(u"memory-growth");
        growth && growth->firesFor(m_exports)) {
        m_events.fault(u"memory-growth"_s);
        const size_t bytes = size_t(growth->number * 1024.0 * 1024.0);
        m_leak.emplace_back(new char[bytes]);
        std::memset(m_leak.back().get(), 0x5a, bytes); // touched, so it counts as resident
    }

    const DraftEntry &draft = m_edit->draft();
    ExportJob job;
    job.path = m_dialog->outputPath();
    const QFileInfo target(job.path);
    job.writePath = m_options.writeTempThenRename
                        ? target.absoluteDir().filePath(u"."_s + target.fileName() + u".part"_s)
                        : job.path;
    job.size = frameSizeFor(m_dialog->resolution(), draft.width, draft.height);
    job.fps = framesPerSecondFor(m_dialog->frameRate());
    job.durationUs = draft.durationUs > 0 ? draft.durationUs : 1'000'000;
    job.speed = m_options.exportSpeed;
    if (const Fault *slow = m_options.faults.find(u"slow-export"))
        job.speed = (job.speed > 0.0 ? job.speed : 1.0) * slow->number;
    for (const Fault &fault : m_options.faults.faults()) {
        if (!fault.firesFor(m_exports))
            continue;
        if (fault.name == u"stall") {
            job.stallAtPercent = fault.percent;
            job.stallSeconds = fault.endless ? 0.0 : fault.number;
        } else if (fault.name == u"export-error" || fault.name == u"disk-full") {
            job.failAtPercent = fault.percent;
            job.failMessage = fault.name == u"disk-full" ? u"磁盘空间不足，导出失败"_s
                                                         : u"导出失败，错误码 -1"_s;
            m_dialog->setProperty("_standinFailure", fault.name);
        }
    }

    m_worker = std::make_unique<ExportWorker>(job);
    connect(m_worker.get(), &ExportWorker::progressed, this, &StandinController::onProgress);
    connect(m_worker.get(), &ExportWorker::succeeded, this, &StandinController::onSucceeded);
    connect(m_worker.get(), &ExportWorker::failed, this, &StandinController::onFailed);
    connect(m_worker.get(), &ExportWorker::stalled, this, [this] { m_events.fault(u"stall"_s); });
    if (const Fault *steal = m_options.faults.find(u"focus-steal");
        steal && steal->firesFor(m_exports)) {
        // Another application's window takes the foreground, over the editor (§11.7).
        m_events.fault(u"focus-steal"_s);
        m_thief = new QWidget;
        setAccessibleRole(m_thief, QAccessible::Window);
        m_thief->setWindowTitle(u"Focus thief"_s);
        auto *text = new QLabel(u"another application took the foreground"_s, m_thief);
        text->move(20, 20);
        m_thief->setGeometry(kWindowGeometry.adjusted(150, 150, -150, -150));
        m_thief->show();
        m_thief->raise();
        m_thief->activateWindow();
    }
    m_lastPercent = -1;
    m_dialog->setExporting();
    m_worker->start();
    enterStage(Stage::Exporting, u"exporting"_s);
    onProgress(0);
}

void StandinController::onProgress(int percent)
{
    if (m_dialog)
        m_dialog->setProgress(percent);
    if (percent != m_lastPercent) {
        m_lastPercent = percent;
        m_events.write(u"PROGRESS %1"_s.arg(percent));
    }
    playBlockingFaults(Stage::Exporting, percent);
}

void StandinController::retireWorker(const QString &removeFile)
{
    delete m_thief;
    // Never wait on the GUI thread: the worker is deleted (and its partial file removed) once
    // its thread has finished.
    ExportWorker *worker = m_worker.release();
    if (!worker)
        return;
    worker->disconnect(this);
    worker->cancel();
    auto retired = std::make_shared<bool>(false);
    const auto finish = [worker, removeFile, retired] {
        if (std::exchange(*retired, true))
            return;
        if (!removeFile.isEmpty())
            QFile::remove(removeFile);
        worker->deleteLater();
    };
    connect(worker, &QThread::finished, worker, finish);
    if (worker->isFinished())
        finish();
}

void StandinController::onSucceeded(const QString &path)
{
    retireWorker();
    m_events.write(u"EXPORT_DONE "_s + QDir::toNativeSeparators(path));
    if (m_dialog)
        m_dialog->showDone();
    enterStage(Stage::Success, u"success"_s);
}

void StandinController::onFailed(const QString &message)
{
    retireWorker();
    QString name = u"export-error"_s;
    if (m_dialog) {
        if (const QString failure = m_dialog->property("_standinFailure").toString();
            !failure.isEmpty())
            name = failure;
        m_dialog->deleteLater();
        m_dialog = nullptr;
    }
    m_events.fault(name);
    if (m_edit)
        showPopupInEdit(new PopupDialog(m_options, exportErrorSpec(message), m_edit));
}

void StandinController::cancelExport()
{
    if (m_worker)
        retireWorker(m_worker->job().writePath);
    closeExportDialog();
}

void StandinController::closeExportDialog()
{
    if (m_dialog) {
        m_dialog->deleteLater();
        m_dialog = nullptr;
    }
    if (m_edit)
        m_events.state(u"edit"_s);
}

} // namespace CutPilot::Standin
