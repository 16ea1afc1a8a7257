#include "exportqueuepanel.h"

#include "core/editor/editorsupervisor.h"
#include "core/editor/exportqueue.h"
#include "trayicons.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace CutPilot::Ui {

using namespace Qt::StringLiterals;
using Core::Editor::ExportJob;
using Core::Editor::ExportJobState;

namespace {
constexpr int IdRole = Qt::UserRole;
}

ExportQueuePanel::ExportQueuePanel(Core::Editor::ExportQueue *queue,
                                   Core::Editor::EditorSupervisor *editor, QWidget *parent)
    : QWidget(parent)
    , m_queue(queue)
    , m_editor(editor)
    , m_pages(new QStackedWidget(this))
{
    setObjectName(u"exportQueuePanel"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_pages);

    // Page 0: no editor configured.
    auto *empty = new QWidget(m_pages);
    m_noEditor = new QLabel(empty);
    m_noEditor->setObjectName(u"noEditorMessage"_s);
    m_noEditor->setAlignment(Qt::AlignCenter);
    m_noEditor->setWordWrap(true);
    m_openSettings = new QPushButton(empty);
    m_openSettings->setObjectName(u"openSettings"_s);
    auto *emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch();
    emptyLayout->addWidget(m_noEditor);
    emptyLayout->addWidget(m_openSettings, 0, Qt::AlignHCenter);
    emptyLayout->addStretch();
    connect(m_openSettings, &QPushButton::clicked, this, &ExportQueuePanel::settingsRequested);
    m_pages->addWidget(empty);

    // Page 1: the queue.
    auto *jobs = new QWidget(m_pages);
    m_health = new QLabel(jobs);
    m_health->setObjectName(u"editorHealth"_s);
    m_table = new QTableWidget(0, ColumnCount, jobs);
    m_table->setObjectName(u"exportJobs"_s);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_retry = new QPushButton(jobs);
    m_retry->setObjectName(u"retryExport"_s);
    m_cancel = new QPushButton(jobs);
    m_cancel->setObjectName(u"cancelExport"_s);
    m_openFolder = new QPushButton(jobs);
    m_openFolder->setObjectName(u"openExportFolder"_s);
    m_check = new QPushButton(jobs);
    m_check->setObjectName(u"checkEditor"_s);
    m_check->hide(); // until setDoctor()
    m_message = new QLabel(jobs);
    m_message->setObjectName(u"exportMessage"_s);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_retry);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_openFolder);
    buttons->addWidget(m_check);
    buttons->addWidget(m_message, 1);
    auto *jobsLayout = new QVBoxLayout(jobs);
    jobsLayout->setContentsMargins(0, 0, 0, 0);
    jobsLayout->addWidget(m_health);
    jobsLayout->addWidget(m_table, 1);
    jobsLayout->addLayout(buttons);
    m_pages->addWidget(jobs);

    connect(m_retry, &QPushButton::clicked, this, &ExportQueuePanel::retrySelected);
    connect(m_cancel, &QPushButton::clicked, this, &ExportQueuePanel::cancelSelected);
    connect(m_openFolder, &QPushButton::clicked, this, &ExportQueuePanel::openSelectedFolder);
    connect(m_check, &QPushButton::clicked, this, [this] {
        if (!m_runDoctor)
            return;
        m_check->setEnabled(false);
        m_message->setText(tr("Checking the editor…"));
        m_runDoctor(
            [self = QPointer<ExportQueuePanel>(this)](const Core::Result<QJsonObject> &report) {
                if (!self)
                    return;
                self->m_check->setEnabled(true);
                self->m_message->setText(doctorResultText(report));
            });
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ExportQueuePanel::updateButtons);

    if (m_queue) {
        m_pages->setCurrentIndex(1);
        connect(m_queue, &Core::Editor::ExportQueue::jobChanged, this,
                &ExportQueuePanel::updateJob);
        connect(m_queue, &Core::Editor::ExportQueue::pausedChanged, this,
                &ExportQueuePanel::updateHealth);
        connect(m_queue, &Core::Editor::ExportQueue::holdChanged, this,
                &ExportQueuePanel::updateHealth);
        reload();
    } else {
        m_pages->setCurrentIndex(0);
    }
    if (m_editor) {
        connect(m_editor, &Core::Editor::EditorSupervisor::stateChanged, this,
                &ExportQueuePanel::updateHealth);
    }
    retranslateUi();
    updateButtons();
}

ExportQueuePanel::~ExportQueuePanel() = default;

void ExportQueuePanel::setDoctor(DoctorFn runDoctor)
{
    m_runDoctor = std::move(runDoctor);
    m_check->setVisible(bool(m_runDoctor));
}

void ExportQueuePanel::setProfileName(const QString &profile)
{
    m_profile = profile;
    updateHealth();
}

QStringList ExportQueuePanel::jobIds() const
{
    QStringList ids;
    for (int row = 0; row < m_table->rowCount(); ++row)
        ids.append(m_table->item(row, DraftColumn)->data(IdRole).toString());
    return ids;
}

int ExportQueuePanel::rowOf(const QString &id) const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, DraftColumn)->data(IdRole).toString() == id)
            return row;
    }
    return -1;
}

std::optional<qint64> ExportQueuePanel::estimateRemainingMs(qint64 elapsedMs, int fromProgress,
                                                            int toProgress)
{
    if (elapsedMs <= 0 || toProgress <= fromProgress || toProgress >= 100)
        return std::nullopt;
    const double perPercent = double(elapsedMs) / double(toProgress - fromProgress);
    return qint64(perPercent * double(100 - toProgress));
}

QString ExportQueuePanel::formatEta(qint64 ms)
{
    const qint64 seconds = (ms + 999) / 1000;
    if (seconds >= 3600) {
        return u"%1:%2:%3"_s.arg(seconds / 3600)
            .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    }
    return u"%1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

void ExportQueuePanel::reload()
{
    Core::Result<QList<ExportJob>> jobs = m_queue->list();
    if (!jobs) {
        m_message->setText(tr("Export jobs could not be read: %1").arg(jobs.error().message()));
        return;
    }
    m_table->setRowCount(0);
    m_jobs.clear();
    for (const ExportJob &job : std::as_const(*jobs))
        updateJob(job);
}

void ExportQueuePanel::updateJob(const ExportJob &job)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    Rate &rate = m_rates[job.id];
    if (job.state == ExportJobState::Running) {
        if (rate.startedMs < 0 || job.progress < rate.startProgress) {
            rate.startedMs = now; // a new attempt starts over
            rate.startProgress = job.progress;
        }
    } else {
        rate = Rate{};
    }
    m_jobs.insert(job.id, job);
    int row = rowOf(job.id);
    if (row < 0) {
        row = m_table->rowCount();
        m_table->insertRow(row);
        for (int column = 0; column < ColumnCount; ++column) {
            auto *item = new QTableWidgetItem;
            item->setData(IdRole, job.id);
            m_table->setItem(row, column, item);
        }
        auto *bar = new QProgressBar(m_table);
        bar->setRange(0, 100);
        m_table->setCellWidget(row, ProgressColumn, bar);
    }
    fillRow(row, job);
    updateButtons();
}

void ExportQueuePanel::fillRow(int row, const ExportJob &job)
{
    m_table->item(row, DraftColumn)->setText(job.draftName);
    m_table->item(row, DraftColumn)->setToolTip(job.draftFolder);
    m_table->item(row, StateColumn)->setText(stateText(job.state));
    auto *bar = qobject_cast<QProgressBar *>(m_table->cellWidget(row, ProgressColumn));
    bar->setValue(job.state == ExportJobState::Done ? 100 : job.progress);
    QString eta;
    const Rate rate = m_rates.value(job.id);
    if (job.state == ExportJobState::Running && rate.startedMs >= 0) {
        if (std::optional<qint64> left
            = estimateRemainingMs(QDateTime::currentMSecsSinceEpoch() - rate.startedMs,
                                  rate.startProgress, job.progress))
            eta = formatEta(*left);
    }
    m_table->item(row, EtaColumn)->setText(eta);
    m_table->item(row, AttemptsColumn)->setText(u"%1/%2"_s.arg(job.attempts).arg(job.maxAttempts));
    // The reason's label is translated; the message comes from the core, in English.
    const QString label = exportReasonText(job.reason);
    const QString reason = job.reason.isEmpty()    ? job.message
                           : job.message.isEmpty() ? label
                                                   : tr("%1: %2").arg(label, job.message);
    m_table->item(row, ReasonColumn)->setText(reason);
    m_table->item(row, ReasonColumn)->setToolTip(job.message);
    const QString output = job.finalPath.isEmpty() ? job.requestedPath : job.finalPath;
    m_table->item(row, OutputColumn)->setText(QDir::toNativeSeparators(output));
}

QString ExportQueuePanel::stateText(ExportJobState state) const
{
    switch (state) {
    case ExportJobState::Queued:
        return tr("Queued");
    case ExportJobState::Running:
        return tr("Exporting");
    case ExportJobState::Verifying:
        return tr("Verifying");
    case ExportJobState::Done:
        return tr("Done");
    case ExportJobState::Failed:
        return tr("Failed");
    case ExportJobState::Cancelled:
        return tr("Cancelled");
    }
    return QString();
}

std::optional<ExportJob> ExportQueuePanel::selectedJob() const
{
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    if (items.isEmpty())
        return std::nullopt;
    const QString id = items.first()->data(IdRole).toString();
    const auto it = m_jobs.constFind(id);
    if (it == m_jobs.constEnd())
        return std::nullopt;
    return *it;
}

void ExportQueuePanel::updateButtons()
{
    const std::optional<ExportJob> job = selectedJob();
    const bool finished = job && Core::Editor::isFinished(job->state);
    m_retry->setEnabled(job && finished && job->state != ExportJobState::Done);
    m_cancel->setEnabled(job && !finished);
    m_openFolder->setEnabled(job && !(job->finalPath.isEmpty() && job->requestedPath.isEmpty()));
}

void ExportQueuePanel::updateHealth()
{
    const EditorHealth health = editorHealth(m_editor);
    QString text = editorHealthText(health);
    if (m_editor) {
        text = tr("%1 (%2)").arg(text, editorStateText(int(m_editor->state())));
        if (m_editor->restarts() > 0)
            text += u" · "_s + tr("%n restart(s)", nullptr, m_editor->restarts());
    }
    if (!m_profile.isEmpty())
        text += u" · "_s + tr("profile %1").arg(m_profile);
    if (m_queue && !m_queue->holdReason().isEmpty())
        text += u" · "_s + tr("queue held until the editor check passes");
    else if (m_queue && m_queue->isPaused())
        text += u" · "_s + tr("queue paused");
    m_health->setText(text);
    QPalette palette = m_health->palette();
    palette.setColor(QPalette::WindowText, editorHealthColor(health).darker(120));
    m_health->setPalette(palette);
}

void ExportQueuePanel::retrySelected()
{
    const std::optional<ExportJob> job = selectedJob();
    if (!job || !m_queue)
        return;
    Core::Result<ExportJob> again = m_queue->retry(job->id);
    if (!again) {
        m_message->setText(tr("Could not queue the export again: %1").arg(again.error().message()));
        return;
    }
    m_message->setText(tr("Queued again."));
    Q_EMIT retried(again->id);
}

void ExportQueuePanel::cancelSelected()
{
    const std::optional<ExportJob> job = selectedJob();
    if (!job || !m_queue)
        return;
    if (Core::Result<> cancelled = m_queue->cancel(job->id); !cancelled)
        m_message->setText(tr("Could not cancel: %1").arg(cancelled.error().message()));
}

void ExportQueuePanel::openSelectedFolder()
{
    const std::optional<ExportJob> job = selectedJob();
    if (!job)
        return;
    const QString file = job->finalPath.isEmpty() ? job->requestedPath : job->finalPath;
    const QString folder = QFileInfo(file).absolutePath();
    if (!QDir(folder).exists()) {
        m_message->setText(
            tr("The folder %1 does not exist (yet).").arg(QDir::toNativeSeparators(folder)));
        return;
    }
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(folder)))
        m_message->setText(
            tr("No file manager could open %1.").arg(QDir::toNativeSeparators(folder)));
}

void ExportQueuePanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void ExportQueuePanel::retranslateUi()
{
    m_noEditor->setText(tr("No editor configured. Choose the editor executable in the settings to "
                           "export drafts from CutPilot."));
    m_openSettings->setText(tr("Open settings…"));
    m_table->setHorizontalHeaderLabels({tr("Draft"), tr("State"), tr("Progress"), tr("ETA"),
                                        tr("Attempts"), tr("Reason"), tr("Output")});
    m_retry->setText(tr("Retry"));
    m_cancel->setText(tr("Cancel"));
    m_openFolder->setText(tr("Open folder"));
    m_check->setText(tr("Check editor"));
    m_check->setToolTip(tr("Checks that the editor still matches its automation profile (open a "
                           "draft in the editor first). After an editor update, held exports "
                           "resume when it passes."));
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString id = m_table->item(row, DraftColumn)->data(IdRole).toString();
        fillRow(row, m_jobs.value(id));
    }
    updateHealth();
}

} // namespace CutPilot::Ui
