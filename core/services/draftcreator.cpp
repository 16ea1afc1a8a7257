#include "draftcreator.h"

#include <QCoreApplication>
#include <QThreadPool>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

DraftCreator::DraftCreator(DraftStore &store, int maxBatch, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_maxBatch(std::max(1, maxBatch))
    , m_pool(std::make_unique<QThreadPool>())
{
    m_pool->setObjectName(u"draft-creator"_s);
    m_pool->setMaxThreadCount(1);
}

DraftCreator::~DraftCreator()
{
    QList<Request> pending;
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        pending.swap(m_queue);
    }
    m_pool->waitForDone();
    // A batch committed just now has its answers posted to this object: deliver them before the
    // object goes (they are durable; their callers must hear so, not nothing).
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    for (Request &r : pending) {
        if (r.context)
            r.done(Error(ErrorCode::Cancelled, u"CutPilot is shutting down"_s));
    }
}

void DraftCreator::create(Draft draft, const QString &profile, const QString &key, QObject *context,
                          Done done)
{
    QMutexLocker lock(&m_mutex);
    if (m_stopping) {
        lock.unlock();
        done(Error(ErrorCode::Cancelled, u"CutPilot is shutting down"_s));
        return;
    }
    m_queue.append(Request{{std::move(draft), profile, key}, context, std::move(done)});
    if (!m_draining && !m_scheduled) {
        // Not at once: after the rest of this pass of the event loop, so that the creates of every
        // request that arrived in it go into one transaction (a batch of one pays a whole commit,
        // its file locks and two thread wake-ups).
        m_scheduled = true;
        QMetaObject::invokeMethod(this, &DraftCreator::startBatch, Qt::QueuedConnection);
    }
}

void DraftCreator::startBatch()
{
    QMutexLocker lock(&m_mutex);
    m_scheduled = false;
    if (m_draining || m_stopping || m_queue.isEmpty())
        return;
    m_draining = true;
    m_pool->start([this] { drain(); });
}

void DraftCreator::drain()
{
    bool first = true;
    while (true) {
        QList<Request> batch;
        {
            QMutexLocker lock(&m_mutex);
            // After the first batch only a full one is taken right away; a partial one waits for
            // the creator's thread to finish its current pass (startBatch) and fills up meanwhile.
            const bool partial = m_queue.size() < m_maxBatch;
            if (m_queue.isEmpty() || m_stopping || (!first && partial)) {
                m_draining = false;
                if (!m_queue.isEmpty() && !m_stopping && !m_scheduled) {
                    m_scheduled = true;
                    QMetaObject::invokeMethod(this, &DraftCreator::startBatch,
                                              Qt::QueuedConnection);
                }
                return;
            }
            first = false;
            const qsizetype n = std::min<qsizetype>(m_queue.size(), m_maxBatch);
            batch = m_queue.mid(0, n);
            m_queue.remove(0, n);
        }
        QList<DraftStore::NewDraft> items;
        items.reserve(batch.size());
        for (Request &r : batch)
            items.append(std::move(r.item));
        QList<Result<QString>> results = m_store.createBatch(std::move(items));
        m_batches.fetchAndAddRelaxed(1);
        // Back on the creator's thread, where the contexts live and may be checked safely.
        QMetaObject::invokeMethod(
            this,
            [batch = std::move(batch), results = std::move(results)] {
                for (qsizetype i = 0; i < batch.size(); ++i) {
                    if (batch.at(i).context)
                        batch.at(i).done(results.at(i));
                }
            },
            Qt::QueuedConnection);
    }
}

} // namespace CutPilot::Core
