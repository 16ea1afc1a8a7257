#include "eventhub.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

/// Throttle entries are kept per key only while they can still matter (within the interval or
/// with pending data); past this many the idle ones are dropped.
constexpr qsizetype kPruneThrottlesAbove = 256;

QString throttleKey(const QString &topic, const QString &key)
{
    return topic + u'\n' + key;
}

} // namespace

EventHub::EventHub(QObject *parent)
    : EventHub(Options{}, parent)
{
}

EventHub::EventHub(Options options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_options.capacity = std::max(1, m_options.capacity);
    m_options.throttleIntervalMs = std::max(0, m_options.throttleIntervalMs);
    m_ring.resize(std::size_t(m_options.capacity));
    m_clock.start();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &EventHub::publishDue);
}

EventHub::~EventHub() = default;

QList<QLatin1String> EventHub::topics()
{
    return {EventTopic::Jobs, EventTopic::Editor, EventTopic::Drafts, EventTopic::Downloads};
}

bool EventHub::isTopic(QStringView topic)
{
    const QList<QLatin1String> all = topics();
    return std::any_of(all.cbegin(), all.cend(),
                       [topic](QLatin1String known) { return topic == known; });
}

quint64 EventHub::publish(const QString &topic, const QJsonObject &data)
{
    const quint64 seq = m_nextSeq++;
    const std::size_t capacity = m_ring.size();
    std::size_t slot = 0;
    if (m_count < capacity) {
        slot = (m_head + m_count) % capacity;
        ++m_count;
    } else {
        slot = m_head; // overwrite the oldest
        m_head = (m_head + 1) % capacity;
    }
    Event &event = m_ring[slot];
    event.seq = seq;
    event.topic = topic;
    event.data = data;
    Q_EMIT published(event);
    return seq;
}

quint64 EventHub::oldestSeq() const
{
    return m_count == 0 ? 0 : m_ring[m_head].seq;
}

EventHub::Replay EventHub::since(quint64 lastSeq) const
{
    Replay replay;
    const quint64 newest = this->lastSeq();
    if (lastSeq > newest) {
        // Not a seq this hub gave out (a restarted server): nothing can be replayed.
        replay.complete = false;
        return replay;
    }
    if (lastSeq == newest)
        return replay;
    const quint64 oldest = oldestSeq();
    if (oldest == 0 || lastSeq + 1 < oldest) {
        replay.complete = false; // some of what the client missed has been overwritten
        return replay;
    }
    const std::size_t skip = std::size_t(lastSeq + 1 - oldest);
    replay.events.reserve(qsizetype(m_count - skip));
    for (std::size_t i = skip; i < m_count; ++i)
        replay.events.append(m_ring[(m_head + i) % m_ring.size()]);
    return replay;
}

void EventHub::publishThrottled(const QString &topic, const QString &key, const QJsonObject &data)
{
    const QString id = throttleKey(topic, key);
    const qint64 t = now();
    auto it = m_throttles.find(id);
    if (it == m_throttles.end()) {
        if (m_throttles.size() > kPruneThrottlesAbove) {
            for (auto c = m_throttles.begin(); c != m_throttles.end();) {
                if (!c->hasPending && t - c->lastPublishMs >= m_options.throttleIntervalMs)
                    c = m_throttles.erase(c);
                else
                    ++c;
            }
        }
        it = m_throttles.insert(id, Throttle{});
    }
    Throttle &throttle = *it;
    if (throttle.lastPublishMs < 0 || t - throttle.lastPublishMs >= m_options.throttleIntervalMs) {
        throttle.lastPublishMs = t;
        throttle.hasPending = false;
        throttle.pending = {};
        m_pending.remove(id);
        publish(topic, data);
        return;
    }
    // Inside the interval: keep only the newest value; it goes out when the interval ends.
    throttle.hasPending = true;
    throttle.topic = topic;
    throttle.pending = data;
    if (!m_pending.contains(id)) {
        m_pending.insert(id, throttle.lastPublishMs + m_options.throttleIntervalMs);
        schedule();
    }
}

void EventHub::flushThrottled(const QString &topic, const QString &key)
{
    const QString id = throttleKey(topic, key);
    auto it = m_throttles.find(id);
    if (it == m_throttles.end() || !it->hasPending)
        return;
    it->hasPending = false;
    it->lastPublishMs = now();
    const QJsonObject data = std::exchange(it->pending, {});
    m_pending.remove(id);
    publish(topic, data);
    schedule();
}

void EventHub::publishDue()
{
    const qint64 t = now();
    // Collect first: publishing runs slots that may call publishThrottled() again.
    QList<QString> due;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it.value() <= t)
            due.append(it.key());
    }
    for (const QString &id : std::as_const(due)) {
        m_pending.remove(id);
        auto it = m_throttles.find(id);
        if (it == m_throttles.end() || !it->hasPending)
            continue;
        it->hasPending = false;
        it->lastPublishMs = t;
        const QString topic = it->topic;
        const QJsonObject data = std::exchange(it->pending, {});
        publish(topic, data);
    }
    schedule();
}

void EventHub::schedule()
{
    if (m_pending.isEmpty()) {
        m_timer.stop();
        return;
    }
    qint64 next = std::numeric_limits<qint64>::max();
    for (const qint64 due : std::as_const(m_pending))
        next = std::min(next, due);
    m_timer.start(int(std::max<qint64>(0, next - now())));
}

} // namespace CutPilot::Core
