#pragma once

#include "core/draft/draftstore.h"
#include "core/support/result.h"

#include <QAtomicInt>
#include <QMutex>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QThreadPool;

namespace CutPilot::Core {

/// Creates drafts off the calling thread with group commit: requests that arrive while a batch is
/// being written are stored together in the next transaction, so a burst of `create_draft`
/// requests costs one durable commit per batch instead of one per draft. Each request is answered
/// (on its context object's thread) only after its draft is committed: an acknowledged create
/// survives a crash.
class DraftCreator final : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(Result<QString> key)>;

    explicit DraftCreator(DraftStore &store, int maxBatch = 256, QObject *parent = nullptr);
    ~DraftCreator()
        override; ///< waits for the batch in flight; queued requests are answered Cancelled

    /// Queues one create. Call from the creator's thread; `done` runs there, unless `context` is
    /// gone by then.
    void create(Draft draft, const QString &profile, const QString &key, QObject *context,
                Done done);

    /// Transactions committed so far (each holds one or more drafts): for metrics and tests.
    int batchesCommitted() const { return m_batches.loadRelaxed(); }

private:
    struct Request
    {
        DraftStore::NewDraft item;
        QPointer<QObject> context;
        Done done;
    };
    /// On the creator's thread: hands the queued creates to the pool as one batch.
    void startBatch();
    void drain();

    DraftStore &m_store;
    const int m_maxBatch;
    std::unique_ptr<QThreadPool> m_pool;
    QMutex m_mutex;
    QList<Request> m_queue;
    bool m_draining = false;
    bool m_scheduled = false; ///< a startBatch() is posted
    bool m_stopping = false;
    QAtomicInt m_batches;
};

} // namespace CutPilot::Core
