#pragma once

#include "core/support/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace CutPilot::Core {

enum class JobState {
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,
};
/// "queued", "running", "done", "failed", "cancelled" (the API's and the database's spelling).
QString jobStateName(JobState state);
std::optional<JobState> jobStateFromName(QStringView name);
inline bool isFinished(JobState state)
{
    return state == JobState::Done || state == JobState::Failed || state == JobState::Cancelled;
}

/// One piece of long work (save, probe, download, export) as the API and the GUI see it.
struct Job
{
    QString id;   ///< 32 lowercase hex
    QString kind; ///< "save", "probe", "download", "export"
    JobState state = JobState::Queued;
    int progress = 0;   ///< 0..100
    QJsonObject params; ///< what was asked (draft id, path, url …), for display and restarts
    QJsonObject result; ///< set when done
    QJsonObject error;  ///< Error::toJson() when failed or cancelled
    QDateTime created;  ///< UTC, ms precision
    QDateTime updated;  ///< UTC, ms precision

    /// {"id","kind","state","progress","params","result"?,"error"?,"created","updated"}
    QJsonObject toJson() const;
    friend bool operator==(const Job &, const Job &) = default;
};

/// Jobs persisted in one SQLite database (`<data-dir>/jobs.sqlite` by default), WAL with
/// synchronous=NORMAL like the draft store: a recorded state change survives a killed process.
///
///     jobs(id TEXT PRIMARY KEY, kind, state, progress, params, result, error,
///          created_ms, updated_ms)
///
/// On open(), jobs a previous run left `queued` or `running` (a crash or a quit while working)
/// become `failed` with the error "interrupted by restart" (code Cancelled): no kind is resumed
/// (a save or probe is cheap to ask again, a half-written download is discarded by the
/// downloader). Finished jobs beyond `maxFinished` are deleted, oldest first, by open() and by
/// prune(). One thread (the one that opened it) uses a store.
class JobStore final
{
public:
    static constexpr int SchemaVersion = 1;

    struct OpenReport
    {
        int interrupted = 0; ///< jobs marked failed because a previous run did not finish them
        int pruned = 0;
    };

    explicit JobStore(QString databasePath, int maxFinished = 1000);
    ~JobStore();
    JobStore(const JobStore &) = delete;
    JobStore &operator=(const JobStore &) = delete;

    /// Creates or opens the database and handles what a previous run left unfinished.
    Result<OpenReport> open();
    bool isOpen() const;
    QString databasePath() const { return m_path; }
    int maxFinished() const { return m_maxFinished; }

    /// Inserts or replaces the job by id.
    Result<> put(const Job &job);
    Result<Job> get(const QString &id) const;
    /// Newest (created) first; `kind`/`state` filter when set. `total` gets the filtered count.
    Result<QList<Job>> list(int offset, int limit, const QString &kind = {},
                            std::optional<JobState> state = std::nullopt,
                            qint64 *total = nullptr) const;
    /// Deletes the oldest finished jobs beyond maxFinished(); returns how many went.
    Result<int> prune();

private:
    Result<> migrate();

    QString m_path;
    QString m_connection;
    int m_maxFinished;
    bool m_open = false;
};

} // namespace CutPilot::Core
