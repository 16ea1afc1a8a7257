#include "exportqueue.h"

#include "core/media/mediaprobe.h"
#include "core/support/futurewatch.h"
#include "core/support/log.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QThread>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace CutPilot::Core::Editor {

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

Error fileError(const QString &reason, const QString &message)
{
    return Error(ErrorCode::ExportFailed, message, {{u"reason"_s, reason}});
}

/// `requested`, or "name (1).ext", "name (2).ext" … when taken: an existing file is never
/// overwritten.
QString freePath(const QString &requested)
{
    if (!QFileInfo::exists(requested))
        return requested;
    const QFileInfo info(requested);
    const QString suffix = info.suffix().isEmpty() ? QString() : u"."_s + info.suffix();
    const QString base = info.suffix().isEmpty() ? info.fileName() : info.completeBaseName();
    for (int n = 1;; ++n) {
        const QString candidate = info.dir().filePath(u"%1 (%2)%3"_s.arg(base).arg(n).arg(suffix));
        if (!QFileInfo::exists(candidate))
            return candidate;
    }
}

/// Deletes what an earlier attempt of `job` left: its output, and files of this draft that the
/// editor started in the export folder since that attempt began (a crash leaves them partial).
int removePartials(const ExportJob &job, const QString &exportFolder)
{
    int removed = 0;
    if (!job.outputPath.isEmpty() && job.outputPath != job.finalPath
        && QFile::remove(job.outputPath))
        ++removed;
    if (exportFolder.isEmpty() || !job.attemptStartedAt.isValid())
        return removed;
    const QRegularExpression ours(u"^\\.?%1(\\(\\d+\\))?\\.(mp4|mov)(\\.part)?$"_s.arg(
        QRegularExpression::escape(job.draftName)));
    const QDateTime since = job.attemptStartedAt.addSecs(-2);
    const QFileInfoList files
        = QDir(exportFolder).entryInfoList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QFileInfo &file : files) {
        if (ours.match(file.fileName()).hasMatch() && file.lastModified() >= since
            && QFile::remove(file.absoluteFilePath()))
            ++removed;
    }
    return removed;
}

/// §6: the file exists, its size is stable across two checks, it probes, and its duration
/// matches the draft within tolerance. Returns the destination to move it to.
Result<QString> verifyOutput(const QString &path, qint64 expectedMs, const QString &requested,
                             const ExportQueue::Options &options)
{
    if (path.isEmpty() || !QFileInfo::exists(path))
        return fileError(u"outputMissing"_s,
                         u"the editor reported success but the file %1 does not exist"_s.arg(path));
    const qint64 first = QFileInfo(path).size();
    QThread::msleep(quint64(options.stableGap.count()));
    const qint64 second = QFileInfo(path).size();
    if (first <= 0 || first != second)
        return fileError(
            u"outputUnstable"_s,
            u"the output %1 is still changing (%2 then %3 bytes)"_s.arg(path).arg(first).arg(
                second));
    Result<MediaInfo> info = probeMedia(path);
    if (!info)
        return fileError(u"outputInvalid"_s,
                         u"the output does not probe: %1"_s.arg(info.error().message()));
    if (expectedMs > 0) {
        const double actualMs = double(info->durationUs) / 1000.0;
        const double tolerance = std::max(options.toleranceSeconds * 1000.0,
                                          double(expectedMs) * options.tolerancePercent / 100.0);
        if (std::abs(actualMs - double(expectedMs)) > tolerance)
            return fileError(u"durationMismatch"_s,
                             u"the output lasts %1 s, the draft %2 s (tolerance %3 s)"_s
                                 .arg(actualMs / 1000.0, 0, 'f', 3)
                                 .arg(double(expectedMs) / 1000.0, 0, 'f', 3)
                                 .arg(tolerance / 1000.0, 0, 'f', 3));
    }
    return freePath(requested);
}

/// Moves atomically when on one filesystem (rename), else copies then removes; never overwrites.
Result<QString> moveOutput(const QString &from, const QString &to)
{
    const QString target = freePath(to);
    if (!QDir().mkpath(QFileInfo(target).absolutePath()))
        return fileError(u"moveFailed"_s,
                         u"cannot create the folder of %1"_s.arg(QFileInfo(target).absolutePath()));
    if (QFile::rename(from, target))
        return target;
    // Qt's rename already copies across filesystems; this is the explicit second chance.
    const QString temp = target + u".cutpilot-part"_s;
    QFile::remove(temp);
    if (QFile::copy(from, temp) && !QFileInfo::exists(target) && QFile::rename(temp, target)) {
        QFile::remove(from);
        return target;
    }
    QFile::remove(temp);
    return fileError(u"moveFailed"_s, u"cannot move %1 to %2"_s.arg(from, target));
}

/// Bytes a second of the editor's output, for the growth estimate when no % is readable.
double expectedBytesPerSecond(const QString &resolution)
{
    if (resolution.startsWith(u"4K"_s) || resolution.startsWith(u"8K"_s))
        return 4.0e6;
    if (resolution.startsWith(u"2K"_s))
        return 2.0e6;
    if (resolution.startsWith(u"720"_s) || resolution.startsWith(u"480"_s))
        return 0.5e6;
    return 1.0e6;
}

} // namespace

ExportQueue::ExportQueue(ExportQueueStore &store, EditorSupervisor &supervisor,
                         EditorDriverThread &driver, Options options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_supervisor(supervisor)
    , m_driver(driver)
    , m_options(std::move(options))
{
    m_files.setObjectName(u"export-files"_s);
    m_files.setMaxThreadCount(1);
    m_wake.setSingleShot(true);
    connect(&m_wake, &QTimer::timeout, this, &ExportQueue::schedule);
    connect(
        &m_supervisor, &EditorSupervisor::stateChanged, this,
        [this](EditorSupervisor::State state) {
            if (state == EditorSupervisor::State::Ready)
                schedule();
        },
        Qt::QueuedConnection);
    if (m_store.isOpen()) {
        Result<QString> paused = m_store.stateValue(u"paused"_s);
        m_paused = paused && *paused == u"1";
        m_holdReason = m_store.stateValue(u"hold"_s).valueOr(QString());
    }
}

ExportQueue::~ExportQueue()
{
    if (m_current && m_current->cancel)
        m_current->cancel->store(true);
    m_files.waitForDone(); // shutdown only
}

std::chrono::milliseconds ExportQueue::backoff(const Options &options, int attempts)
{
    const double delay
        = double(options.backoffBase.count()) * std::pow(2.0, std::max(0, attempts - 1));
    return std::chrono::milliseconds(qint64(std::min(delay, double(options.backoffMax.count()))));
}

bool ExportQueue::write(ExportJob &job)
{
    if (Result<> stored = m_store.put(job); !stored) {
        Log::get(Log::Editor)->error("export job {}: {}", job.id, stored.error().message());
        return false;
    }
    if (m_current && m_current->job.id == job.id)
        m_current->job = job;
    Q_EMIT jobChanged(job);
    if (isFinished(job.state)) {
        // Finished jobs are kept up to the store's limit, the oldest deleted first.
        if (Result<int> pruned = m_store.prune(); !pruned)
            Log::get(Log::Editor)->warn("export jobs: {}", pruned.error().message());
    }
    return true;
}

void ExportQueue::start()
{
    if (Result<QString> paused = m_store.stateValue(u"paused"_s); paused) {
        const bool wasPaused = m_paused;
        m_paused = *paused == u"1";
        if (wasPaused != m_paused)
            Q_EMIT pausedChanged(m_paused);
    }
    // Only a stored hold is taken over: one held in memory (not recorded) stays.
    if (Result<QString> hold = m_store.stateValue(u"hold"_s);
        hold && !hold->isEmpty() && *hold != m_holdReason) {
        m_holdReason = *hold;
        Q_EMIT holdChanged(m_holdReason);
    }
    m_started = true;
    schedule();
}

Result<QString> ExportQueue::enqueue(const ExportJobRequest &request, int priority)
{
    if (request.draftName.isEmpty())
        return Error::missingField(u"draftName"_s);
    if (request.outputPath.isEmpty() || QFileInfo(request.outputPath).isRelative())
        return Error::invalidArgument(u"outputPath"_s, u"an absolute file path is required"_s);
    ExportJob job;
    job.id = QUuid::createUuid().toString(QUuid::Id128);
    job.draftName = request.draftName;
    job.draftFolder = request.draftFolder;
    job.requestedPath = request.outputPath;
    job.resolution = request.resolution;
    job.fps = request.fps;
    job.draftDurationMs = request.draftDuration.count();
    job.priority = priority;
    job.maxAttempts = request.maxAttempts > 0 ? request.maxAttempts : m_options.maxAttempts;
    if (Result<> stored = m_store.put(job); !stored)
        return stored.error();
    Q_EMIT jobChanged(job);
    QTimer::singleShot(0, this, &ExportQueue::schedule);
    return job.id;
}

Result<> ExportQueue::cancel(const QString &id)
{
    Result<ExportJob> found = m_store.get(id);
    if (!found)
        return found.error();
    ExportJob job = m_current && m_current->job.id == id ? m_current->job : *found;
    if (isFinished(job.state))
        return Error(ErrorCode::Conflict,
                     u"export job %1 is already %2"_s.arg(id, exportJobStateName(job.state)));
    job.state = ExportJobState::Cancelled;
    job.reason = u"cancelled"_s;
    job.message = u"cancelled by the user"_s;
    if (!write(job))
        return Error(ErrorCode::DatabaseError,
                     u"could not record the cancellation of %1"_s.arg(id));
    // Written first, then acted on: the running export stops at its next poll.
    if (m_current && m_current->job.id == id)
        m_current->cancel->store(true);
    return {};
}

Result<ExportJob> ExportQueue::retry(const QString &id)
{
    Result<ExportJob> found = m_store.get(id);
    if (!found)
        return found.error();
    ExportJob job = *found;
    if (m_current && m_current->job.id == id)
        return Error(ErrorCode::Conflict,
                     u"export job %1 is still stopping; retry it once it has stopped"_s.arg(id));
    if (job.state != ExportJobState::Failed && job.state != ExportJobState::Cancelled)
        return Error(ErrorCode::Conflict,
                     u"export job %1 is %2: only failed or cancelled jobs can be retried"_s.arg(
                         id, exportJobStateName(job.state)));
    job.state = ExportJobState::Queued;
    job.attempts = 0;
    job.nextAttemptAt = {};
    job.progress = 0;
    job.reason.clear();
    job.message = u"retried by the user"_s;
    job.finalPath.clear();
    if (!write(job))
        return Error(ErrorCode::DatabaseError, u"could not record the retry of %1"_s.arg(id));
    QTimer::singleShot(0, this, &ExportQueue::schedule);
    return job;
}

Result<> ExportQueue::pause()
{
    return setPaused(true);
}

Result<> ExportQueue::resume()
{
    if (!m_holdReason.isEmpty())
        return Error(ErrorCode::Conflict, u"the export queue is held: %1"_s.arg(m_holdReason),
                     {{u"hold"_s, m_holdReason}});
    return setPaused(false);
}

Result<> ExportQueue::hold(const QString &reason)
{
    Q_ASSERT(!reason.isEmpty());
    if (reason == m_holdReason)
        return {};
    // Held in memory even when the store cannot record it: no job starts on an unchecked
    // editor. The hold is a gate of its own beside the operator's pause, which it leaves as is.
    m_holdReason = reason;
    Log::get(Log::Editor)->warn("export queue held: {}", reason.toStdString());
    Q_EMIT holdChanged(reason);
    return m_store.setStateValue(u"hold"_s, reason);
}

Result<> ExportQueue::releaseHold()
{
    if (m_holdReason.isEmpty())
        return {};
    // Written first: a hold that could not be cleared in the store stays (it would come back
    // after a restart otherwise).
    if (Result<> stored = m_store.setStateValue(u"hold"_s, QString()); !stored)
        return stored;
    m_holdReason.clear();
    Log::get(Log::Editor)->info("export queue: hold released");
    Q_EMIT holdChanged(QString());
    QTimer::singleShot(0, this, &ExportQueue::schedule);
    return {};
}

Result<> ExportQueue::setPaused(bool paused)
{
    if (paused == m_paused)
        return {};
    // Written first: a paused queue stays paused after a restart of CutPilot.
    if (Result<> stored = m_store.setStateValue(u"paused"_s, paused ? u"1"_s : u"0"_s); !stored)
        return stored;
    m_paused = paused;
    Log::get(Log::Editor)->info("export queue {}", paused ? "paused" : "resumed");
    Q_EMIT pausedChanged(paused);
    if (!paused)
        QTimer::singleShot(0, this, &ExportQueue::schedule);
    return {};
}

void ExportQueue::schedule()
{
    if (!m_started || m_paused || !m_holdReason.isEmpty() || m_current
        || m_supervisor.state() != EditorSupervisor::State::Ready)
        return;
    // Between jobs (house style: the supervisor restarts a bloated editor, the queue waits).
    if (m_supervisor.restartIfOverMemory())
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QDateTime next;
    Result<std::optional<ExportJob>> due = m_store.nextDue(now, &next);
    if (!due) {
        Log::get(Log::Editor)->error("export queue: {}", due.error().message());
        m_wake.start(1000);
        return;
    }
    if (*due) {
        m_wake.stop();
        run(**due);
    } else if (next.isValid()) {
        m_wake.start(std::max<qint64>(0, now.msecsTo(next)) + 10);
    }
}

void ExportQueue::run(ExportJob job)
{
    const ExportJob previous = job; // what an earlier attempt left behind
    job.state = ExportJobState::Running;
    ++job.attempts;
    job.attemptStartedAt = QDateTime::currentDateTimeUtc();
    job.nextAttemptAt = {};
    job.progress = 0;
    job.outputPath.clear();
    job.finalPath.clear();
    m_current = Current{job, std::make_shared<std::atomic_bool>(false), 0};
    if (!write(job)) {
        m_current.reset();
        m_wake.start(1000);
        return;
    }
    m_supervisor.setBusy(true);
    Log::get(Log::Editor)
        ->info("export job {} ('{}') attempt {}/{}", job.id, job.draftName, job.attempts,
               job.maxAttempts);
    const QString id = job.id;
    // Watchers owned by the queue, not then(this): the queue may be destroyed (CutPilot
    // quitting) while the driver or a file check is still running (futurewatch.h).
    whenResult(this, QtConcurrent::run(&m_files, removePartials, previous, m_options.exportFolder),
               [this, id](int removed) {
                   if (!m_current || m_current->job.id != id)
                       return;
                   if (removed > 0)
                       Log::get(Log::Editor)
                           ->info("export job {}: removed {} partial file(s)", id, removed);
                   if (m_current->job.state == ExportJobState::Cancelled)
                       return finishCurrent();
                   const ExportJob &current = m_current->job;
                   ExportRequest request;
                   request.draftName = current.draftName;
                   request.resolution = current.resolution;
                   request.fps = current.fps;
                   request.draftDuration = std::chrono::milliseconds(current.draftDurationMs);
                   request.exportFolder = m_options.exportFolder;
                   whenResult(
                       this,
                       m_driver.exportDraft(
                           m_supervisor.pid(), m_options.profile, request, this,
                           [this, id](const ExportProgress &p) { onProgress(id, p); },
                           m_current->cancel),
                       [this, id](const Result<ExportRun> &result) { onRunFinished(id, result); });
               });
}

void ExportQueue::onProgress(const QString &id, const ExportProgress &progress)
{
    if (!m_current || m_current->job.id != id || m_current->job.state != ExportJobState::Running)
        return;
    int percent = progress.percent;
    // No readable % (it stays at the export's 20 %): estimate from the output file's growth.
    if (progress.stage == u"exporting" && percent <= 20 && progress.outputBytes > 0
        && m_current->job.draftDurationMs > 0) {
        const double expected = expectedBytesPerSecond(m_current->job.resolution)
                                * double(m_current->job.draftDurationMs) / 1000.0;
        percent = 20 + int(80.0 * std::min(0.95, double(progress.outputBytes) / expected));
    }
    percent = std::clamp(percent, 0, 99); // 100 only when verified and moved
    if (percent == m_current->job.progress)
        return;
    ExportJob job = m_current->job;
    job.progress = percent;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_current->lastPersistMs >= 1000) {
        m_current->lastPersistMs = now;
        write(job);
    } else {
        m_current->job = job;
        Q_EMIT jobChanged(job);
    }
}

void ExportQueue::onRunFinished(const QString &id, const Result<ExportRun> &result)
{
    if (!m_current || m_current->job.id != id)
        return;
    ExportJob job = m_current->job;
    if (job.state == ExportJobState::Cancelled) {
        if (result)
            QFile::remove(result->outputPath);
        // The editor is somewhere in its export flow: start it afresh for the next job (the
        // kill is sent at once), then drop what this attempt wrote.
        if (m_supervisor.state() == EditorSupervisor::State::Busy)
            m_supervisor.restart(u"export job %1 was cancelled"_s.arg(id));
        (void)QtConcurrent::run(&m_files, removePartials, job, m_options.exportFolder);
        finishCurrent();
        return;
    }
    if (result) {
        job.state = ExportJobState::Verifying;
        job.outputPath = result->outputPath;
        job.progress = 99;
        if (!write(job))
            return finishCurrent();
        m_supervisor.setBusy(false); // the editor is free; the file checks run on their own
        const qint64 expected = job.draftDurationMs;
        whenResult(this,
                   QtConcurrent::run(&m_files, verifyOutput, job.outputPath, expected,
                                     job.requestedPath, m_options),
                   [this, id](const Result<QString> &finalPath) { onVerified(id, finalPath); });
        return;
    }
    const Error &error = result.error();
    const QString detail = error.details().value(u"reason"_s).toString();
    if (detail == u"vip")
        return failAttempt(
            job, u"vip"_s,
            u"draft uses VIP resources (the editor asks for a VIP membership): %1"_s.arg(
                error.message()),
            false, true);
    if (detail == u"draftNotFound") {
        // The home list refreshes on restart: one more try after one, then it is final.
        const bool again = job.reason != u"draftNotFound";
        if (again)
            job.maxAttempts = std::max(job.maxAttempts, job.attempts + 1);
        return failAttempt(job, detail, error.message(), again, true);
    }
    QString reason = u"automation"_s;
    if (error.code() == ErrorCode::EditorNotRunning)
        reason = u"crash"_s;
    else if (error.code() == ErrorCode::EditorUnresponsive
             || m_supervisor.state() == EditorSupervisor::State::Unresponsive)
        reason = u"hang"_s;
    else if (detail == u"stalled")
        reason = u"stall"_s;
    else if (!detail.isEmpty())
        reason = detail; // exportError, timeout
    else if (error.code() == ErrorCode::Timeout)
        reason = u"timeout"_s;
    failAttempt(job, reason, error.message(), true, true);
}

void ExportQueue::failAttempt(ExportJob job, const QString &reason, const QString &message,
                              bool retry, bool restartEditor)
{
    job.reason = reason;
    if (retry && job.attempts < job.maxAttempts) {
        job.state = ExportJobState::Queued;
        job.message = message;
        const auto delay = reason == u"draftNotFound" ? 0ms : backoff(m_options, job.attempts);
        job.nextAttemptAt = QDateTime::currentDateTimeUtc().addMSecs(delay.count());
        Log::get(Log::Editor)
            ->warn("export job {} attempt {} failed ({}): {}; retry in {} ms", job.id, job.attempts,
                   reason, message, delay.count());
    } else {
        job.state = ExportJobState::Failed;
        job.message
            = retry ? u"%1 (gave up after %2 attempts)"_s.arg(message).arg(job.attempts) : message;
        Log::get(Log::Editor)->warn("export job {} failed ({}): {}", job.id, reason, job.message);
    }
    write(job);
    // After a failure the editor's UI state is unknown (a dialog may be left open): restart it
    // unless the supervisor is already doing so (crash, hang).
    const auto state = m_supervisor.state();
    if (restartEditor
        && (state == EditorSupervisor::State::Busy || state == EditorSupervisor::State::Ready))
        m_supervisor.restart(u"after a failed export (%1)"_s.arg(reason));
    finishCurrent();
}

void ExportQueue::onVerified(const QString &id, const Result<QString> &finalPath)
{
    if (!m_current || m_current->job.id != id)
        return;
    ExportJob job = m_current->job;
    if (job.state == ExportJobState::Cancelled) {
        QFile::remove(job.outputPath);
        return finishCurrent();
    }
    if (!finalPath)
        return failAttempt(job, finalPath.error().details().value(u"reason"_s).toString(),
                           finalPath.error().message(), true, false);
    job.finalPath = *finalPath; // written before the move: a resume can tell it happened
    if (!write(job))
        return finishCurrent();
    whenResult(this, QtConcurrent::run(&m_files, moveOutput, job.outputPath, job.finalPath),
               [this, id](const Result<QString> &moved) { onMoved(id, moved); });
}

void ExportQueue::onMoved(const QString &id, const Result<QString> &moved)
{
    if (!m_current || m_current->job.id != id)
        return;
    ExportJob job = m_current->job;
    if (!moved)
        return failAttempt(job, u"moveFailed"_s, moved.error().message(), true, false);
    job.finalPath = *moved;
    if (job.state == ExportJobState::Cancelled) {
        QFile::remove(job.finalPath);
    } else {
        job.state = ExportJobState::Done;
        job.progress = 100;
        job.reason.clear();
        job.message.clear();
        write(job);
        Log::get(Log::Editor)->info("export job {} done: {}", id, job.finalPath);
    }
    finishCurrent();
}

void ExportQueue::finishCurrent()
{
    m_current.reset();
    m_supervisor.setBusy(false);
    QTimer::singleShot(0, this, &ExportQueue::schedule);
}

} // namespace CutPilot::Core::Editor
