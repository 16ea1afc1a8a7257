#pragma once

#include "core/support/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace CutPilot::Core::Editor {

enum class ExportJobState {
    Queued,
    Running,
    Verifying,
    Done,
    Failed,
    Cancelled,
};
/// "queued", "running", "verifying", "done", "failed", "cancelled".
QString exportJobStateName(ExportJobState state);
std::optional<ExportJobState> exportJobStateFromName(QStringView name);
inline bool isFinished(ExportJobState state)
{
    return state == ExportJobState::Done || state == ExportJobState::Failed
           || state == ExportJobState::Cancelled;
}

/// One export of the queue (issue 6), as persisted and as the GUI/API see it.
struct ExportJob
{
    QString id; ///< 32 lowercase hex
    QString draftName;
    QString draftFolder;
    QString requestedPath; ///< where the verified file is moved to
    QString resolution;
    QString fps;
    qint64 draftDurationMs = 0;
    int priority = 0; ///< higher runs first
    ExportJobState state = ExportJobState::Queued;
    int attempts = 0;
    int maxAttempts = 3;
    QDateTime nextAttemptAt; ///< UTC; null: now
    int progress = 0;        ///< 0..100
    QString reason;          ///< machine reason of the last failure ("vip", "crash" …)
    QString message;         ///< human text of the last failure (the final one when failed)
    QString outputPath;      ///< the file the editor wrote in this attempt, when known
    QString finalPath;       ///< chosen destination (written before the move), then the result
    QDateTime attemptStartedAt;
    QDateTime created;
    QDateTime updated;

    QJsonObject toJson() const;
    friend bool operator==(const ExportJob &, const ExportJob &) = default;
};

/// The export queue's jobs in their own SQLite database (`<data-dir>/exports.sqlite`), WAL with
/// synchronous=NORMAL like core/jobs/jobstore: a written state survives a killed CutPilot.
///
/// On open(), jobs a previous run left running or verifying are resumable: they go back to
/// queued (the export is redone; the queue deletes the partial output before the next attempt).
/// A verifying job whose file had already been moved (the final path exists, the editor's output
/// does not) is done. Finished jobs (done, failed, cancelled) beyond the newest `maxFinished` are
/// deleted, the least recently updated first, by open() and by prune(); queued and running jobs
/// never are. One thread (the one that opened it) uses a store.
class ExportQueueStore final
{
public:
    static constexpr int SchemaVersion = 2; ///< 2: the queue_state table (pause)

    struct OpenReport
    {
        int requeued = 0;  ///< running/verifying jobs put back in the queue
        int completed = 0; ///< verifying jobs whose move had finished
        int pruned = 0;    ///< finished jobs over the limit, deleted
    };

    explicit ExportQueueStore(QString databasePath, int maxFinished = 1000);
    ~ExportQueueStore();
    ExportQueueStore(const ExportQueueStore &) = delete;
    ExportQueueStore &operator=(const ExportQueueStore &) = delete;

    Result<OpenReport> open();
    bool isOpen() const { return m_open; }
    QString databasePath() const { return m_path; }

    /// Inserts or replaces the job by id (stamps `updated`).
    Result<> put(ExportJob &job);
    Result<ExportJob> get(const QString &id) const;
    /// All jobs, in run order: priority (high first), then oldest first.
    Result<QList<ExportJob>> list() const;
    struct Page
    {
        QList<ExportJob> jobs;
        qint64 total = 0; ///< jobs matching, on every page
    };
    /// `limit` jobs from `offset` in run order, only those in `state` when given: one page read
    /// from the database, not the whole table.
    Result<Page> page(std::optional<ExportJobState> state, qint64 offset, qint64 limit) const;
    /// How many jobs are in each state (every state listed, 0 included), counted by the database.
    Result<QList<QPair<ExportJobState, qint64>>> countByState() const;
    /// The queued job to run next at `now`: highest priority, then oldest, whose next attempt is
    /// due. `nextDue` gets the earliest future attempt time of a queued job (null when none).
    Result<std::optional<ExportJob>> nextDue(const QDateTime &now,
                                             QDateTime *nextDue = nullptr) const;

    /// The queue's own persisted state (e.g. "paused" = "1"); empty when never set.
    Result<QString> stateValue(const QString &key) const;
    Result<> setStateValue(const QString &key, const QString &value);

    /// Deletes the finished jobs beyond the newest `maxFinished`; returns how many.
    Result<int> prune();

private:
    Result<> migrate();

    QString m_path;
    QString m_connection;
    int m_maxFinished;
    bool m_open = false;
};

} // namespace CutPilot::Core::Editor
