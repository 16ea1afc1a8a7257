#pragma once

#include "automationprofile.h"
#include "editordriverthread.h"
#include "editorsupervisor.h"
#include "exportqueuestore.h"

#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <chrono>
#include <optional>

namespace CutPilot::Core::Editor {

/// What a caller asks the queue to export.
struct ExportJobRequest
{
    QString draftName;   ///< the draft's folder name (its home-page card)
    QString draftFolder; ///< for display and logs
    QString outputPath;  ///< where the verified file goes (never overwritten: " (1)" is added)
    QString resolution;  ///< option string ("720P"); empty: the editor's default
    QString fps;         ///< option string ("25fps"); empty: the editor's default
    std::chrono::milliseconds draftDuration{0};
    int maxAttempts = 0; ///< 0: the queue's default
};

/// The export queue (issue 6, editor-automation.md §6 and §10.4): persisted jobs, one at a time
/// on the one editor, highest priority first; failures classified into a final reason or a retry
/// with backoff; the result verified on the file and moved to the requested path.
///
/// Lives on the main thread and never blocks it: the export runs on the EditorDriverThread, the
/// file checks and the move on a pool of one thread. Every state change is written to the store
/// before it is acted on, so a killed CutPilot resumes its jobs on the next start.
class ExportQueue final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        AutomationProfile profile;
        QString exportFolder; ///< the editor's export folder (for partial-output cleanup)
        int maxAttempts = 3;
        std::chrono::milliseconds backoffBase{2000};  ///< × 2 per attempt …
        std::chrono::milliseconds backoffMax{60'000}; ///< … up to this
        std::chrono::milliseconds stableGap{500};     ///< the two size checks of verification
        double toleranceSeconds = 0.5;                ///< duration: ±0.5 s …
        double tolerancePercent = 2.0;                ///< … or ±2 %, whichever is larger
    };

    ExportQueue(ExportQueueStore &store, EditorSupervisor &supervisor, EditorDriverThread &driver,
                Options options, QObject *parent = nullptr);
    ~ExportQueue() override;

    /// Starts picking jobs (resumed ones included) whenever the editor is ready.
    void start();
    Result<QString> enqueue(const ExportJobRequest &request, int priority = 0);
    /// A queued job is cancelled at once; a running one is stopped (the editor is restarted).
    Result<> cancel(const QString &id);
    /// A failed or cancelled job is queued again with its attempts reset (Conflict otherwise).
    Result<ExportJob> retry(const QString &id);
    /// Paused: no new job starts (a running one finishes). Persisted in the store, so a paused
    /// queue stays paused after a restart of CutPilot. Both are no-ops when already so.
    Result<> pause();
    /// Conflict while the queue is held (holdReason()).
    Result<> resume();
    bool isPaused() const { return m_paused; }
    /// Holds the queue: no job starts (a running one finishes) and resume() refuses (Conflict,
    /// naming `reason`) until releaseHold(). For what must be checked first, e.g. a changed editor
    /// version (editor-automation.md §10.5). A gate of its own: the operator's pause is left as
    /// it is, before and after. Persisted like the pause; held in memory even when the store
    /// cannot record it (the error is returned).
    Result<> hold(const QString &reason);
    /// Ends the hold (no-op without one); the queue runs again unless it is paused.
    Result<> releaseHold();
    QString holdReason() const { return m_holdReason; }
    Result<QList<ExportJob>> list() const { return m_store.list(); }
    Result<ExportQueueStore::Page> page(std::optional<ExportJobState> state, qint64 offset,
                                        qint64 limit) const
    {
        return m_store.page(state, offset, limit);
    }
    Result<QList<QPair<ExportJobState, qint64>>> countByState() const
    {
        return m_store.countByState();
    }
    Result<ExportJob> get(const QString &id) const { return m_store.get(id); }
    /// The running or verifying job's id, empty when idle.
    QString currentId() const { return m_current ? m_current->job.id : QString(); }

    /// Backoff before attempt `attempts + 1` (base × 2^(attempts-1), at most backoffMax).
    static std::chrono::milliseconds backoff(const Options &options, int attempts);

Q_SIGNALS:
    /// Any change of a job (state, progress, attempts); for the GUI, the API and the WebSocket.
    void jobChanged(const CutPilot::Core::Editor::ExportJob &job);
    void pausedChanged(bool paused);
    void holdChanged(const QString &reason);

private:
    struct Current
    {
        ExportJob job; ///< as last written
        EditorDriverThread::CancelFlag cancel;
        qint64 lastPersistMs = 0;
    };

    void schedule();
    void run(ExportJob job);
    void onProgress(const QString &id, const ExportProgress &progress);
    void onRunFinished(const QString &id, const Result<ExportRun> &result);
    void onVerified(const QString &id, const Result<QString> &finalPath);
    void onMoved(const QString &id, const Result<QString> &moved);
    void failAttempt(ExportJob job, const QString &reason, const QString &message, bool retry,
                     bool restartEditor);
    void finishCurrent();
    bool write(ExportJob &job);
    Result<> setPaused(bool paused);

    ExportQueueStore &m_store;
    EditorSupervisor &m_supervisor;
    EditorDriverThread &m_driver;
    Options m_options;
    QThreadPool m_files; ///< verification, cleanup and moves
    QTimer m_wake;
    std::optional<Current> m_current;
    bool m_started = false;
    bool m_paused = false;
    QString m_holdReason; ///< empty: not held
};

} // namespace CutPilot::Core::Editor
