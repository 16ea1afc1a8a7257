#pragma once

#include "core/editor/exportqueuestore.h"
#include "core/support/result.h"

#include <QHash>
#include <QJsonObject>
#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace CutPilot::Core::Editor {
class EditorSupervisor;
class ExportQueue;
} // namespace CutPilot::Core::Editor

namespace CutPilot::Ui {

/// The export queue dock: one row per export job (ExportQueue::list(), then jobChanged) with a
/// progress bar, ETA, state and final reason; retry, cancel and "open folder"; the editor's
/// health and profile above. Without a queue (no editor configured) it says so and offers the
/// settings.
class ExportQueuePanel final : public QWidget
{
    Q_OBJECT

public:
    /// Both may be null (no editor configured). `profile` is shown as is (e.g. "jy5-win").
    ExportQueuePanel(Core::Editor::ExportQueue *queue, Core::Editor::EditorSupervisor *editor,
                     QWidget *parent = nullptr);
    ~ExportQueuePanel() override;

    void setProfileName(const QString &profile);
    /// The editor check (UiServices::runDoctor): a "Check editor" button appears; its answer
    /// shows in the panel's message line. Unset: no button.
    using DoctorFn = std::function<void(std::function<void(const Core::Result<QJsonObject> &)>)>;
    void setDoctor(DoctorFn runDoctor);
    /// Job ids in row order.
    QStringList jobIds() const;
    int rowOf(const QString &id) const;

    enum Column {
        DraftColumn,
        StateColumn,
        ProgressColumn,
        EtaColumn,
        AttemptsColumn,
        ReasonColumn,
        OutputColumn,
        ColumnCount
    };

    /// Time left for a job that went from `fromProgress` to `toProgress` percent in `elapsedMs`;
    /// nothing until it has moved (a rate needs two points).
    static std::optional<qint64> estimateRemainingMs(qint64 elapsedMs, int fromProgress,
                                                     int toProgress);
    /// "1:05", "1:02:03"
    static QString formatEta(qint64 ms);

Q_SIGNALS:
    void settingsRequested();
    /// Retry queued a failed or cancelled job again.
    void retried(const QString &id);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Rate
    {
        qint64 startedMs = -1; ///< clock time at the first progress seen while running
        int startProgress = 0;
    };

    void reload();
    void updateJob(const Core::Editor::ExportJob &job);
    void fillRow(int row, const Core::Editor::ExportJob &job);
    void updateButtons();
    void updateHealth();
    void retrySelected();
    void cancelSelected();
    void openSelectedFolder();
    std::optional<Core::Editor::ExportJob> selectedJob() const;
    void retranslateUi();
    QString stateText(Core::Editor::ExportJobState state) const;

    Core::Editor::ExportQueue *m_queue;
    Core::Editor::EditorSupervisor *m_editor;
    QString m_profile;
    QHash<QString, Core::Editor::ExportJob> m_jobs;
    QHash<QString, Rate> m_rates;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_noEditor = nullptr;
    QPushButton *m_openSettings = nullptr;
    QLabel *m_health = nullptr;
    QTableWidget *m_table = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_openFolder = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_check = nullptr;
    DoctorFn m_runDoctor;
};

} // namespace CutPilot::Ui
