#include "editordriverthread.h"

#include "core/support/log.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QPromise>

namespace CutPilot::Core::Editor {

using namespace Qt::StringLiterals;

namespace {

/// Records when the wrapped backend last answered a snapshot, for heartbeats during an export.
class WatchedBackend final : public UiBackend
{
public:
    WatchedBackend(UiBackend &inner, std::atomic<qint64> &lastAnswerMs)
        : m_inner(inner)
        , m_lastAnswerMs(lastAnswerMs)
    {
    }
    QString name() const override { return m_inner.name(); }
    Result<QList<UiNode>> snapshot(int maxDepth) override
    {
        Result<QList<UiNode>> windows = m_inner.snapshot(maxDepth);
        if (windows && !windows->isEmpty())
            m_lastAnswerMs.store(QDateTime::currentMSecsSinceEpoch());
        return windows;
    }
    Result<> activate(const UiNode &node, bool clickAllowed) override
    {
        return m_inner.activate(node, clickAllowed);
    }
    Result<> sendKeys(const UiNode &window, const QString &keys) override
    {
        return m_inner.sendKeys(window, keys);
    }
    bool isResponsive() override { return m_inner.isResponsive(); }

private:
    UiBackend &m_inner;
    std::atomic<qint64> &m_lastAnswerMs;
};

} // namespace

class EditorDriverThread::Worker final : public QObject
{
public:
    explicit Worker(BackendFactory factory)
        : m_factory(std::move(factory))
    {
    }

    UiBackend *backendFor(qint64 pid)
    {
        if (!m_backend || pid != m_pid) {
            m_backend.reset();
            m_backend = m_factory(pid);
            m_pid = pid;
        }
        return m_backend.get();
    }

    void release() { m_backend.reset(); }

private:
    BackendFactory m_factory;
    std::unique_ptr<UiBackend> m_backend;
    qint64 m_pid = 0;
};

EditorDriverThread::EditorDriverThread(BackendFactory factory, Options options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_thread.setObjectName(u"editor-driver"_s);
    m_worker = new Worker(std::move(factory));
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

EditorDriverThread::~EditorDriverThread()
{
    // The backend is destroyed on its own thread, then the thread ends (shutdown only). The
    // thread quits from inside that call: a quit() from here could reach the thread before its
    // event loop runs the call (QThread::exec() returns at once), leaking the worker and backend.
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] {
        worker->release();
        delete worker;
        QThread::currentThread()->quit();
    });
    m_thread.wait();
}

QFuture<Result<ExportRun>> EditorDriverThread::exportDraft(qint64 pid,
                                                           const AutomationProfile &profile,
                                                           const ExportRequest &request,
                                                           QObject *context, ProgressFn onProgress,
                                                           CancelFlag cancelFlag)
{
    auto promise = std::make_shared<QPromise<Result<ExportRun>>>();
    promise->start();
    QFuture<Result<ExportRun>> future = promise->future();
    QPointer<QObject> receiver(context);
    // Busy from now on: a heartbeat probe posted behind this export would wait for its end.
    m_exporting.store(true);
    m_lastAnswerMs.store(QDateTime::currentMSecsSinceEpoch());
    [[maybe_unused]] const bool posted = QMetaObject::invokeMethod(
        m_worker, [this, promise, pid, profile, request, receiver, progress = std::move(onProgress),
                   cancel = std::move(cancelFlag)] {
            m_lastAnswerMs.store(QDateTime::currentMSecsSinceEpoch());
            UiBackend *backend = m_worker->backendFor(pid);
            Result<ExportRun> result
                = Error(ErrorCode::EditorNotRunning, u"no UI backend for process %1"_s.arg(pid));
            if (backend) {
                WatchedBackend watched(*backend, m_lastAnswerMs);
                ExportDriver driver(profile, watched, m_options.driver);
                // Throttled: a new stage, the end, or ≥ progressInterval since the last one.
                QElapsedTimer sinceLast;
                QString lastStage;
                auto forward = [&](const ExportProgress &p) {
                    if (!progress)
                        return;
                    const bool due = !sinceLast.isValid() || p.stage != lastStage || p.percent >= 99
                                     || sinceLast.elapsed() >= m_options.progressInterval.count();
                    if (!due)
                        return;
                    sinceLast.start();
                    lastStage = p.stage;
                    // Posted to this object (it outlives the run; its destructor waits for
                    // this thread), and the receiver is checked there, on its own thread: from
                    // here it could be deleted between a check and the post.
                    QMetaObject::invokeMethod(this, [receiver, progress, p] {
                        if (receiver)
                            progress(p);
                    });
                };
                result = driver.run(request, forward, cancel.get());
            }
            m_exporting.store(false);
            promise->addResult(std::move(result));
            promise->finish();
        });
    Q_ASSERT(posted);
    return future;
}

QFuture<bool> EditorDriverThread::probe(qint64 pid)
{
    auto promise = std::make_shared<QPromise<bool>>();
    promise->start();
    QFuture<bool> future = promise->future();
    if (m_exporting.load()) {
        const qint64 age = QDateTime::currentMSecsSinceEpoch() - m_lastAnswerMs.load();
        promise->addResult(age <= m_options.busyProbeFreshness.count());
        promise->finish();
        return future;
    }
    QMetaObject::invokeMethod(m_worker, [this, promise, pid] {
        UiBackend *backend = m_worker->backendFor(pid);
        bool answered = false;
        if (backend) {
            Result<QList<UiNode>> windows = backend->snapshot(0);
            answered = windows && !windows->isEmpty();
        }
        promise->addResult(answered);
        promise->finish();
    });
    return future;
}

QFuture<Result<QList<UiNode>>> EditorDriverThread::snapshot(qint64 pid, int maxDepth)
{
    auto promise = std::make_shared<QPromise<Result<QList<UiNode>>>>();
    promise->start();
    QFuture<Result<QList<UiNode>>> future = promise->future();
    QMetaObject::invokeMethod(m_worker, [this, promise, pid, maxDepth] {
        UiBackend *backend = m_worker->backendFor(pid);
        promise->addResult(backend ? backend->snapshot(maxDepth)
                                   : Result<QList<UiNode>>(
                                       Error(ErrorCode::AutomationFailed,
                                             u"no accessibility backend reaches the editor"_s)));
        promise->finish();
    });
    return future;
}

} // namespace CutPilot::Core::Editor
