#pragma once

#include "core/draft/draftmodel.h"
#include "core/support/result.h"

#include <QAtomicInt>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QWaitCondition>

#include <functional>
#include <memory>

class QThreadPool;

namespace CutPilot::Core {

class DraftStore;

/// Writes edited drafts to the DraftStore off the thread that edits them (write-behind with group
/// commit). The editing thread (the GUI/API thread, which must not block on disk) queues a
/// snapshot of the draft (a cheap copy: the model's containers are implicitly shared) and goes on;
/// a worker serializes the queued drafts and stores them in one transaction
/// (DraftStore::saveBatch), and every result is reported back on the saver's thread.
///
/// Saves of one draft coalesce: a snapshot queued while an older one of the same draft still
/// waits replaces it (a drag that moves a segment 60 times a second writes the draft once per
/// batch, not 60 times), and the report names the newest revision written.
///
/// Lives on one thread (the workspace's); the store below it is thread-safe.
class DraftSaver final : public QObject
{
    Q_OBJECT

public:
    /// One draft of a written batch: `revision` of `key` is durable (result ok) or could not be
    /// written (the error). Revisions are the caller's numbers.
    struct Outcome
    {
        QString key;
        quint64 revision = 0;
        Result<> result;
    };
    /// Called on the saver's thread once per batch, with every draft of it.
    using Report = std::function<void(const QList<Outcome> &)>;

    DraftSaver(DraftStore &store, Report report, QObject *parent = nullptr);
    /// flush(): what was queued is written before the saver goes.
    ~DraftSaver() override;

    /// Queues `draft` as `revision` of the stored draft `key` (replacing a queued older one).
    void save(const QString &key, Draft draft, quint64 revision);
    /// Forgets a queued save of `key` and waits while one is being written (before the draft is
    /// removed: a late write must not land after the removal). No report comes for a dropped save.
    void drop(const QString &key);
    /// Writes everything queued and waits until it is written; the reports are delivered before
    /// it returns. For shutdown and close: it blocks on disk.
    void flush();

    /// Transactions committed so far: for tests and the bench.
    int batchesCommitted() const { return m_batches.loadRelaxed(); }

private:
    struct Item
    {
        Draft draft;
        quint64 revision = 0;
    };
    /// On the saver's thread: starts the worker for what is queued.
    void startBatch();
    /// On the worker: writes batches until the queue is empty.
    void drain();
    /// Takes the queue (under m_mutex), in the order the drafts were first queued.
    QList<std::pair<QString, Item>> takeQueueLocked();
    QList<Outcome> write(QList<std::pair<QString, Item>> batch);
    void deliver(const QList<Outcome> &outcomes);

    DraftStore &m_store;
    Report m_report;
    std::unique_ptr<QThreadPool> m_pool;
    QMutex m_mutex;
    QWaitCondition m_written; ///< a batch finished, or the worker stopped
    QHash<QString, Item> m_queue;
    QStringList m_order;     ///< keys of m_queue, first queued first
    QSet<QString> m_writing; ///< keys of the batch being written
    bool m_draining = false;
    bool m_scheduled = false; ///< a startBatch() is posted
    QAtomicInt m_batches;
};

} // namespace CutPilot::Core
