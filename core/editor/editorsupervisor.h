#pragma once

#include "restartpolicy.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QObject>
#include <QProcess>
#include <QTimer>

#include <chrono>
#include <functional>

namespace CutPilot::Core::Editor {

/// Keeps the editor running (issue 6): starts it, watches the process (exit, memory) and the UI
/// (heartbeat probes answered in time), and restarts it with exponential backoff behind a
/// circuit breaker. Lives on the main thread and never blocks it: probes are futures (the UI
/// backend runs on the driver's thread).
///
/// States: stopped → starting → ready ⇄ busy; unresponsive and restarting on the way back to
/// starting; failed when the breaker is open (only restart() leaves it).
class EditorSupervisor final : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Stopped,
        Starting,
        Ready,
        Busy,
        Unresponsive,
        Restarting,
        Failed
    };
    Q_ENUM(State)

    struct Options
    {
        QString program;
        QStringList arguments;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        std::chrono::milliseconds heartbeat{1000};
        std::chrono::milliseconds readyTimeout{120'000};
        int missedHeartbeats = 3; ///< unresponsive after this many failed probes in a row
        qint64 memoryLimitBytes = qint64(1) << 30; ///< restart between jobs above this
        RestartPolicy::Options restart;
        /// Where the editor's stdout goes, appended (empty: discarded). The stand-in writes its
        /// event lines there (docs/automation.md, "Stdout protocol").
        QString standardOutputFile;
        /// Runs in the child between fork and exec (Unix only; ignored elsewhere), e.g. so that
        /// the editor dies with CutPilot (PR_SET_PDEATHSIG).
        std::function<void()> childProcessModifier;
    };
    /// Whether the editor of process `pid` answers its accessibility tree (true) or not.
    using Probe = std::function<QFuture<bool>(qint64 pid)>;

    EditorSupervisor(Options options, Probe probe, QObject *parent = nullptr);
    ~EditorSupervisor() override;

    void start();
    void stop();
    /// An operator's restart: also closes the circuit breaker.
    void restart(const QString &reason);
    /// The export queue marks the editor busy while a job runs (ready ⇄ busy).
    void setBusy(bool busy);
    /// Between jobs: restarts when the editor's memory passed the limit. True when it did.
    bool restartIfOverMemory();

    State state() const { return m_state; }
    static QString stateName(State state);
    qint64 pid() const;
    int restarts() const { return m_restarts; }
    qint64 residentBytes() const;
    /// The resident memory of any process (Linux: /proc; Windows: the working set), -1 unknown.
    static qint64 processResidentBytes(qint64 pid);

Q_SIGNALS:
    void stateChanged(CutPilot::Core::Editor::EditorSupervisor::State state, const QString &reason);
    /// A crash or hang was seen (before the restart).
    void editorFailed(const QString &reason);
    void editorRestarted(int restarts, const QString &reason);

private:
    void setState(State state, const QString &reason);
    void launch();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onHeartbeat();
    void onProbe(bool answered);
    void fail(const QString &reason);
    void killProcess();

    Options m_options;
    Probe m_probe;
    RestartPolicy m_policy;
    QProcess *m_process = nullptr;
    QTimer m_heartbeat;
    QTimer m_restartTimer;
    QElapsedTimer m_startedAt;
    QElapsedTimer m_probeSentAt;
    QElapsedTimer m_lastAnswer; ///< since the last probe that answered (or busy ended)
    State m_state = State::Stopped;
    bool m_probeInFlight = false;
    bool m_expectExit = false;
    int m_missed = 0;
    int m_restarts = 0;
    quint64 m_generation = 0; ///< probes of an earlier process are ignored
    QString m_pendingReason;
};

} // namespace CutPilot::Core::Editor
