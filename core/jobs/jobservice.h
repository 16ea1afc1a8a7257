#pragma once

#include "jobstore.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>

namespace CutPilot::Core {

/// Long work as records the API and the GUI can follow (house style: `202 {jobId}`): every job is
/// persisted in a JobStore, its state changes are emitted at once and its progress at most 10
/// times a second per job (jobChanged), for the WebSocket events hub and the GUI.
///
/// The service does not run work itself: whoever starts the work (a route, a GUI action) creates
/// the job, reports start, progress and the outcome, and may give a canceller. Lives on one
/// thread (the main thread); call it from there only.
class JobService final : public QObject
{
    Q_OBJECT

public:
    using Canceller = std::function<void()>;
    static constexpr int ProgressIntervalMs = 100; ///< ≤ 10 Hz a job

    explicit JobService(JobStore &store, QObject *parent = nullptr);
    ~JobService() override;

    /// Records a new `queued` job. `cancel` (optional) stops the work: cancel() calls it once.
    Result<Job> create(const QString &kind, const QJsonObject &params, Canceller cancel = {});
    /// Replaces the canceller of an unfinished job (e.g. once the work's future exists).
    void setCanceller(const QString &id, Canceller cancel);
    Result<> start(const QString &id);
    /// 0..100 (clamped); persisted and emitted at most every ProgressIntervalMs.
    void setProgress(const QString &id, int progress);
    /// `done` with progress 100 and `result`. Conflict when the job already finished (e.g. it was
    /// cancelled while the work was still running: the late result is dropped).
    Result<> finish(const QString &id, const QJsonObject &result);
    Result<> fail(const QString &id, const Error &error);
    /// Cancels a queued or running job (its canceller runs); NotFound, or Conflict when finished.
    Result<Job> cancel(const QString &id);

    Result<Job> job(const QString &id) const;
    Result<QList<Job>> list(int offset, int limit, const QString &kind = {},
                            std::optional<JobState> state = std::nullopt,
                            qint64 *total = nullptr) const;
    /// Jobs not yet finished (in memory).
    int activeCount() const { return int(m_active.size()); }

    JobStore &store() { return m_store; }

Q_SIGNALS:
    /// A state change (always) or progress (throttled). On the service's thread.
    void jobChanged(const CutPilot::Core::Job &job);

private:
    struct Active
    {
        Job job;
        Canceller cancel;
        qint64 lastEmitMs = 0;
        bool pending = false; ///< progress changed since the last emit
    };
    Result<> transition(const QString &id, JobState state, const QJsonObject &result,
                        const QJsonObject &error);
    void publish(Active &active);
    void flushPending();

    JobStore &m_store;
    QHash<QString, Active> m_active;
    QTimer m_flush;
};

} // namespace CutPilot::Core

Q_DECLARE_METATYPE(CutPilot::Core::Job)
