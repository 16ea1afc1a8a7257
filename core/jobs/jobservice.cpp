#include "jobservice.h"

#include "core/support/log.h"
#include "core/support/utctime.h"

#include <QDateTime>
#include <QUuid>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

QDateTime nowUtc()
{
    // Millisecond precision, like the store keeps it: a job reads back equal to what was emitted.
    return utcFromMSecs(QDateTime::currentMSecsSinceEpoch());
}

} // namespace

JobService::JobService(JobStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
    qRegisterMetaType<CutPilot::Core::Job>();
    m_flush.setInterval(ProgressIntervalMs);
    connect(&m_flush, &QTimer::timeout, this, &JobService::flushPending);
}

JobService::~JobService() = default;

Result<Job> JobService::create(const QString &kind, const QJsonObject &params, Canceller cancel)
{
    Active active;
    active.job.id = QUuid::createUuid().toString(QUuid::Id128);
    active.job.kind = kind;
    active.job.state = JobState::Queued;
    active.job.params = params;
    active.job.created = nowUtc();
    active.job.updated = active.job.created;
    active.cancel = std::move(cancel);
    if (Result<> stored = m_store.put(active.job); !stored)
        return stored.error();
    active.lastEmitMs = QDateTime::currentMSecsSinceEpoch();
    const Job job = active.job;
    m_active.insert(job.id, std::move(active));
    Q_EMIT jobChanged(job);
    return job;
}

void JobService::setCanceller(const QString &id, Canceller cancel)
{
    if (auto it = m_active.find(id); it != m_active.end())
        it->cancel = std::move(cancel);
}

Result<> JobService::start(const QString &id)
{
    return transition(id, JobState::Running, {}, {});
}

void JobService::setProgress(const QString &id, int progress)
{
    auto it = m_active.find(id);
    if (it == m_active.end())
        return;
    progress = std::clamp(progress, 0, 100);
    if (progress == it->job.progress)
        return;
    it->job.progress = progress;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - it->lastEmitMs >= ProgressIntervalMs) {
        publish(*it);
        return;
    }
    it->pending = true;
    if (!m_flush.isActive())
        m_flush.start();
}

Result<> JobService::finish(const QString &id, const QJsonObject &result)
{
    return transition(id, JobState::Done, result, {});
}

Result<> JobService::fail(const QString &id, const Error &error)
{
    return transition(id, JobState::Failed, {}, error.toJson());
}

Result<Job> JobService::cancel(const QString &id)
{
    auto it = m_active.find(id);
    if (it == m_active.end()) {
        Result<Job> stored = m_store.get(id);
        if (!stored)
            return stored.error();
        return Error(ErrorCode::Conflict,
                     u"job %1 is already %2"_s.arg(id, jobStateName(stored->state)),
                     {{u"field"_s, u"id"_s}, {u"state"_s, jobStateName(stored->state)}});
    }
    Canceller cancelWork = std::move(it->cancel);
    if (Result<> changed
        = transition(id, JobState::Cancelled, {},
                     Error(ErrorCode::Cancelled, u"cancelled by request"_s).toJson());
        !changed)
        return changed.error();
    if (cancelWork)
        cancelWork(); // after the record: a canceller that reports failure finds it finished
    return m_store.get(id);
}

Result<Job> JobService::job(const QString &id) const
{
    if (auto it = m_active.constFind(id); it != m_active.constEnd())
        return it->job; // progress not yet flushed to the store is current here
    return m_store.get(id);
}

Result<QList<Job>> JobService::list(int offset, int limit, const QString &kind,
                                    std::optional<JobState> state, qint64 *total) const
{
    Result<QList<Job>> jobs = m_store.list(offset, limit, kind, state, total);
    if (!jobs)
        return jobs;
    for (Job &job : *jobs) {
        if (auto it = m_active.constFind(job.id); it != m_active.constEnd())
            job = it->job;
    }
    return jobs;
}

Result<> JobService::transition(const QString &id, JobState state, const QJsonObject &result,
                                const QJsonObject &error)
{
    auto it = m_active.find(id);
    if (it == m_active.end()) {
        Result<Job> stored = m_store.get(id);
        if (!stored)
            return stored.error();
        return Error(ErrorCode::Conflict,
                     u"job %1 is already %2"_s.arg(id, jobStateName(stored->state)),
                     {{u"state"_s, jobStateName(stored->state)}});
    }
    // Finished jobs leave m_active before anyone hears of it (a slot may start new jobs).
    Active finished;
    Active &active = isFinished(state) ? (finished = m_active.take(id)) : *it;
    active.job.state = state;
    if (state == JobState::Done)
        active.job.progress = 100;
    active.job.result = result;
    active.job.error = error;
    publish(active);
    if (isFinished(state)) {
        if (Result<int> pruned = m_store.prune(); !pruned)
            Log::get(Log::Jobs)->warn("{}", pruned.error().message());
    }
    return {};
}

void JobService::publish(Active &active)
{
    active.job.updated = nowUtc();
    active.lastEmitMs = QDateTime::currentMSecsSinceEpoch();
    active.pending = false;
    if (Result<> stored = m_store.put(active.job); !stored)
        Log::get(Log::Jobs)->warn("job {}: {}", active.job.id, stored.error().message());
    const Job copy = active.job; // a slot may create or finish jobs (m_active may rehash)
    Q_EMIT jobChanged(copy);
}

void JobService::flushPending()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    bool waiting = false;
    const QStringList ids = m_active.keys();
    for (const QString &id : ids) {
        auto it = m_active.find(id);
        if (it == m_active.end() || !it->pending)
            continue;
        if (now - it->lastEmitMs >= ProgressIntervalMs)
            publish(*it);
        else
            waiting = true;
    }
    if (!waiting)
        m_flush.stop();
}

} // namespace CutPilot::Core
