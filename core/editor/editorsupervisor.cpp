#include "editorsupervisor.h"

#include "core/support/futurewatch.h"
#include "core/support/log.h"

#include <QDateTime>
#include <QFile>

#if defined(Q_OS_UNIX)
#include <unistd.h>
#endif
#if defined(Q_OS_WIN)
#include <psapi.h>
#include <windows.h>
#endif

namespace CutPilot::Core::Editor {

using namespace Qt::StringLiterals;

EditorSupervisor::EditorSupervisor(Options options, Probe probe, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_probe(std::move(probe))
    , m_policy(m_options.restart)
{
    m_heartbeat.setInterval(m_options.heartbeat);
    connect(&m_heartbeat, &QTimer::timeout, this, &EditorSupervisor::onHeartbeat);
    m_restartTimer.setSingleShot(true);
    connect(&m_restartTimer, &QTimer::timeout, this, &EditorSupervisor::launch);
}

EditorSupervisor::~EditorSupervisor()
{
    m_heartbeat.stop();
    m_restartTimer.stop();
    if (m_process) {
        m_process->disconnect(this);
        killProcess();
        m_process->waitForFinished(3000); // shutdown only: the event loop is gone
    }
}

QString EditorSupervisor::stateName(State state)
{
    switch (state) {
    case State::Stopped:
        return u"stopped"_s;
    case State::Starting:
        return u"starting"_s;
    case State::Ready:
        return u"ready"_s;
    case State::Busy:
        return u"busy"_s;
    case State::Unresponsive:
        return u"unresponsive"_s;
    case State::Restarting:
        return u"restarting"_s;
    case State::Failed:
        return u"failed"_s;
    }
    return {};
}

void EditorSupervisor::setState(State state, const QString &reason)
{
    if (m_state == state)
        return;
    m_state = state;
    Log::get(Log::Editor)
        ->info("editor {}{}{}", stateName(state), reason.isEmpty() ? "" : ": ", reason);
    Q_EMIT stateChanged(state, reason);
}

void EditorSupervisor::start()
{
    if (m_process || m_restartTimer.isActive())
        return;
    launch();
}

void EditorSupervisor::launch()
{
    ++m_generation;
    m_missed = 0;
    m_probeInFlight = false;
    m_expectExit = false;
    m_process = new QProcess(this);
    m_process->setProgram(m_options.program);
    m_process->setArguments(m_options.arguments);
    m_process->setProcessEnvironment(m_options.environment);
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    if (m_options.standardOutputFile.isEmpty())
        m_process->setStandardOutputFile(QProcess::nullDevice());
    else
        m_process->setStandardOutputFile(m_options.standardOutputFile, QIODevice::Append);
#ifdef Q_OS_UNIX
    if (m_options.childProcessModifier)
        m_process->setChildProcessModifier(m_options.childProcessModifier);
#endif
    connect(m_process, &QProcess::finished, this, &EditorSupervisor::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(u"the editor could not be started: %1"_s.arg(m_process->errorString()));
    });
    setState(State::Starting, m_pendingReason);
    m_startedAt.start();
    m_lastAnswer.start();
    m_process->start();
    m_heartbeat.start();
}

void EditorSupervisor::stop()
{
    m_restartTimer.stop();
    m_heartbeat.stop();
    if (m_process) {
        m_expectExit = true;
        killProcess();
    }
    setState(State::Stopped, {});
}

void EditorSupervisor::restart(const QString &reason)
{
    m_policy.reset();
    m_pendingReason = reason;
    m_restartTimer.stop();
    if (m_process) {
        m_expectExit = true;
        setState(State::Restarting, reason);
        ++m_restarts;
        Q_EMIT editorRestarted(m_restarts, reason);
        killProcess(); // onFinished launches again
    } else {
        launch();
    }
}

void EditorSupervisor::setBusy(bool busy)
{
    m_lastAnswer.start();
    if (busy && m_state == State::Ready)
        setState(State::Busy, {});
    else if (!busy && m_state == State::Busy)
        setState(State::Ready, {});
}

bool EditorSupervisor::restartIfOverMemory()
{
    const qint64 bytes = residentBytes();
    if (m_options.memoryLimitBytes <= 0 || bytes < m_options.memoryLimitBytes
        || m_state != State::Ready)
        return false;
    restart(u"memory %1 MiB over the limit of %2 MiB"_s.arg(bytes >> 20)
                .arg(m_options.memoryLimitBytes >> 20));
    return true;
}

qint64 EditorSupervisor::pid() const
{
    return m_process ? m_process->processId() : 0;
}

qint64 EditorSupervisor::residentBytes() const
{
    return processResidentBytes(pid());
}

qint64 EditorSupervisor::processResidentBytes(qint64 pid)
{
    if (pid <= 0)
        return -1;
#if defined(Q_OS_LINUX)
    QFile statm(u"/proc/%1/statm"_s.arg(pid));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * sysconf(_SC_PAGESIZE) : -1;
#elif defined(Q_OS_WIN)
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, DWORD(pid));
    if (!process)
        return -1;
    PROCESS_MEMORY_COUNTERS counters{};
    const bool ok = GetProcessMemoryInfo(process, &counters, sizeof counters);
    CloseHandle(process);
    return ok ? qint64(counters.WorkingSetSize) : -1;
#else
    return -1;
#endif
}

void EditorSupervisor::killProcess()
{
    if (m_process && m_process->state() != QProcess::NotRunning)
        m_process->kill();
}

void EditorSupervisor::onFinished(int exitCode, QProcess::ExitStatus status)
{
    QProcess *finished = m_process;
    m_process = nullptr;
    if (finished)
        finished->deleteLater();
    m_heartbeat.stop();
    if (m_expectExit) {
        m_expectExit = false;
        if (m_state == State::Restarting)
            m_restartTimer.start(0);
        return;
    }
    fail(status == QProcess::CrashExit
             ? u"the editor crashed (exit status %1)"_s.arg(exitCode)
             : u"the editor exited unexpectedly with code %1"_s.arg(exitCode));
}

void EditorSupervisor::fail(const QString &reason)
{
    Q_EMIT editorFailed(reason);
    m_heartbeat.stop();
    if (m_process) {
        m_expectExit = true;
        killProcess();
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto delay = m_policy.recordFailure(now);
    if (m_policy.isOpen(now)) {
        setState(State::Failed,
                 u"%1; %2 failures within %3 s: not restarting (restart it by hand)"_s.arg(reason)
                     .arg(m_policy.options().breakerFailures)
                     .arg(m_policy.options().breakerWindow.count() / 1000));
        return;
    }
    setState(State::Restarting,
             u"%1; restarting in %2 s"_s.arg(reason).arg(delay.count() / 1000.0));
    ++m_restarts;
    Q_EMIT editorRestarted(m_restarts, reason);
    m_pendingReason = reason;
    if (!m_process)
        m_restartTimer.start(delay);
    else
        m_restartTimer.start(std::max<qint64>(delay.count(), 50)); // after the kill is through
}

void EditorSupervisor::onHeartbeat()
{
    if (!m_process || m_state == State::Restarting || m_state == State::Failed)
        return;
    if (m_state == State::Starting && m_startedAt.elapsed() > m_options.readyTimeout.count()) {
        fail(u"the editor did not become ready within %1 s"_s.arg(m_options.readyTimeout.count()
                                                                  / 1000));
        return;
    }
    if (m_state == State::Busy) {
        // The export driver has the UI (and the driver thread) now; it sees a hung editor itself
        // (snapshots fail, progress stalls). Heartbeats resume when the job ends.
        m_lastAnswer.start();
        m_missed = 0;
        return;
    }
    if (m_state == State::Ready
        && m_lastAnswer.elapsed()
               > (m_options.missedHeartbeats + 1) * m_options.heartbeat.count()) {
        // No answer for that long, whatever the probes are doing (a hung editor may hold a bus
        // call until its timeout).
        setState(State::Unresponsive, u"no answer for %1 s"_s.arg(m_lastAnswer.elapsed() / 1000.0));
        fail(u"the editor stopped answering (no answer for %1 s)"_s.arg(m_lastAnswer.elapsed()
                                                                        / 1000.0));
        return;
    }
    if (m_probeInFlight) {
        // A probe that has not come back within two beats counts as missed.
        if (m_probeSentAt.elapsed() > 2 * m_options.heartbeat.count()) {
            m_probeSentAt.start();
            onProbe(false);
        }
        return;
    }
    if (!m_probe)
        return;
    m_probeInFlight = true;
    m_probeSentAt.start();
    const quint64 generation = m_generation;
    // A watcher, not then(this): the supervisor goes at shutdown while a probe may still be on
    // the driver thread, and Qt 6.4's then() asserts (aborts) on a destroyed context.
    Core::whenResult(this, m_probe(pid()), [this, generation](bool answered) {
        if (generation != m_generation)
            return;
        m_probeInFlight = false;
        onProbe(answered);
    });
}

void EditorSupervisor::onProbe(bool answered)
{
    if (answered) {
        m_missed = 0;
        m_lastAnswer.start();
        if (m_state == State::Starting || m_state == State::Unresponsive) {
            m_policy.recordSuccess();
            m_pendingReason.clear();
            setState(State::Ready, {});
        }
        return;
    }
    if (m_state == State::Starting)
        return; // not up yet: readyTimeout decides
    ++m_missed;
    if (m_missed >= m_options.missedHeartbeats) {
        setState(State::Unresponsive, u"%1 heartbeats missed"_s.arg(m_missed));
        fail(u"the editor stopped answering (%1 heartbeats missed)"_s.arg(m_missed));
    }
}

} // namespace CutPilot::Core::Editor
