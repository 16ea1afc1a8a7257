#include "draftsaver.h"

#include "core/draft/draftstore.h"

#include <QCoreApplication>
#include <QThreadPool>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

DraftSaver::DraftSaver(DraftStore &store, Report report, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_report(std::move(report))
    , m_pool(std::make_unique<QThreadPool>())
{
    m_pool->setObjectName(u"draft-saver"_s);
    m_pool->setMaxThreadCount(1);
}

DraftSaver::~DraftSaver()
{
    flush();
}

void DraftSaver::save(const QString &key, Draft draft, quint64 revision)
{
    QMutexLocker lock(&m_mutex);
    auto queued = m_queue.find(key);
    if (queued == m_queue.end()) {
        m_queue.insert(key, Item{std::move(draft), revision});
        m_order.append(key);
    } else {
        *queued = Item{std::move(draft), revision}; // coalesced: the newer snapshot wins
    }
    if (!m_draining && !m_scheduled) {
        // After the rest of this pass of the event loop: the edits of every request that arrived
        // in it go into one transaction.
        m_scheduled = true;
        QMetaObject::invokeMethod(this, &DraftSaver::startBatch, Qt::QueuedConnection);
    }
}

void DraftSaver::drop(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    if (m_queue.remove(key))
        m_order.removeOne(key);
    while (m_writing.contains(key))
        m_written.wait(&m_mutex);
}

void DraftSaver::flush()
{
    QList<std::pair<QString, Item>> rest;
    {
        QMutexLocker lock(&m_mutex);
        // The worker writes until the queue is empty, and nothing is queued meanwhile: this thread
        // is the only one that queues, and it waits here.
        while (m_draining)
            m_written.wait(&m_mutex);
        rest = takeQueueLocked();
    }
    // The worker's reports are posted to this object: deliver them first (they are older).
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    if (!rest.isEmpty())
        deliver(write(std::move(rest)));
}

void DraftSaver::startBatch()
{
    QMutexLocker lock(&m_mutex);
    m_scheduled = false;
    if (m_draining || m_queue.isEmpty())
        return;
    m_draining = true;
    m_pool->start([this] { drain(); });
}

QList<std::pair<QString, DraftSaver::Item>> DraftSaver::takeQueueLocked()
{
    QList<std::pair<QString, Item>> batch;
    batch.reserve(m_order.size());
    for (const QString &key : std::as_const(m_order)) {
        batch.append({key, std::move(m_queue[key])});
        m_writing.insert(key);
    }
    m_queue.clear();
    m_order.clear();
    return batch;
}

void DraftSaver::drain()
{
    while (true) {
        QList<std::pair<QString, Item>> batch;
        {
            QMutexLocker lock(&m_mutex);
            if (m_queue.isEmpty()) {
                m_draining = false;
                m_written.wakeAll();
                return;
            }
            batch = takeQueueLocked();
        }
        QList<Outcome> outcomes = write(std::move(batch));
        // Back on the saver's thread, where the reports' receivers live.
        QMetaObject::invokeMethod(
            this, [this, outcomes = std::move(outcomes)] { deliver(outcomes); },
            Qt::QueuedConnection);
    }
}

QList<DraftSaver::Outcome> DraftSaver::write(QList<std::pair<QString, Item>> batch)
{
    QList<DraftStore::SavedDraft> drafts;
    drafts.reserve(batch.size());
    for (auto &[key, item] : batch)
        drafts.append(DraftStore::SavedDraft{key, std::move(item.draft)});
    const QList<Result<>> results = m_store.saveBatch(drafts);
    m_batches.fetchAndAddRelaxed(1);
    QList<Outcome> outcomes;
    outcomes.reserve(batch.size());
    for (qsizetype i = 0; i < batch.size(); ++i)
        outcomes.append(Outcome{batch.at(i).first, batch.at(i).second.revision, results.at(i)});
    {
        QMutexLocker lock(&m_mutex);
        for (const Outcome &o : std::as_const(outcomes))
            m_writing.remove(o.key);
        m_written.wakeAll();
    }
    return outcomes;
}

void DraftSaver::deliver(const QList<Outcome> &outcomes)
{
    m_report(outcomes);
}

} // namespace CutPilot::Core
