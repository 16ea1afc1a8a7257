#pragma once

#include "exportdriver.h"

#include <QFuture>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

namespace CutPilot::Core::Editor {

/// The editor driver's own thread (house style, threads §3; editor-automation.md §10.4): one
/// serialized command queue in front of one UiBackend. The backend is created by the factory ON
/// this thread (libatspi and COM are thread-bound) and again whenever the editor's pid changes
/// (a restart). Exports run one at a time; the caller's thread never blocks: results are futures,
/// progress is delivered to the caller's context object, at most 10 times a second.
///
/// Heartbeats while an export runs: the thread is busy inside the driver, so a probe cannot wait
/// its turn. It is answered at once from the running export's own snapshots instead: true when
/// one succeeded within `busyProbeFreshness` (a hung editor stops answering them).
class EditorDriverThread final : public QObject
{
    Q_OBJECT

public:
    using BackendFactory = std::function<std::unique_ptr<UiBackend>(qint64 pid)>;
    using ProgressFn = std::function<void(const ExportProgress &)>;
    using CancelFlag = std::shared_ptr<std::atomic_bool>;

    struct Options
    {
        ExportDriver::Options driver;
        std::chrono::milliseconds busyProbeFreshness{3000};
        std::chrono::milliseconds progressInterval{100}; ///< ≤ 10 Hz
    };

    EditorDriverThread(BackendFactory factory, Options options, QObject *parent = nullptr);
    /// Cancels nothing by itself: set the running export's cancel flag first, or this waits for
    /// the export to end (shutdown only).
    ~EditorDriverThread() override;

    /// Runs the profile's flow on the editor of process `pid`. `progress` is called on
    /// `context`'s thread (dropped when it is gone); `cancelFlag` stops the run between polls.
    QFuture<Result<ExportRun>> exportDraft(qint64 pid, const AutomationProfile &profile,
                                           const ExportRequest &request, QObject *context,
                                           ProgressFn onProgress, CancelFlag cancelFlag);
    /// Whether the editor of `pid` answers a snapshot (EditorSupervisor's heartbeat).
    QFuture<bool> probe(qint64 pid);
    /// The editor's windows down to `maxDepth` levels (doctor, §10.6); AutomationFailed when no
    /// backend reaches it. Waits behind a running export.
    QFuture<Result<QList<UiNode>>> snapshot(qint64 pid, int maxDepth);

    bool isExporting() const { return m_exporting.load(); }

private:
    class Worker;
    friend class Worker;

    QThread m_thread;
    Worker *m_worker = nullptr; ///< lives on m_thread
    Options m_options;
    std::atomic_bool m_exporting{false};
    std::atomic<qint64> m_lastAnswerMs{0}; ///< last successful snapshot during an export
};

} // namespace CutPilot::Core::Editor
