#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QLatin1String>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <vector>

namespace CutPilot::Core {

/// The topics of the event feed (docs/api.md, "Events"). Publishing on another topic is allowed
/// (a client can only subscribe to these).
namespace EventTopic {
inline constexpr QLatin1String Jobs("jobs");           ///< job state and progress (throttled)
inline constexpr QLatin1String Editor("editor");       ///< editor health (reserved)
inline constexpr QLatin1String Drafts("drafts");       ///< a draft was opened, changed, closed
inline constexpr QLatin1String Downloads("downloads"); ///< download progress and outcome
} // namespace EventTopic

/// One published event. `seq` is unique and increases by one per publish on a hub.
struct Event
{
    quint64 seq = 0;
    QString topic;
    QJsonObject data;
};

/// The domain event feed both front doors can follow (house style: "a GUI edit shows up on the
/// WebSocket feed"). Services' signals are bridged into it (EventBridge); the API's WebSocket
/// endpoint fans it out.
///
/// Every publish gets the next sequence number (the first is 1) and is kept in a bounded ring
/// buffer, so a client that reconnects with the last seq it saw gets exactly what it missed, or
/// is told to re-sync over REST when that is no longer in the buffer (since()).
///
/// High-rate sources (job progress, downloads) go through publishThrottled(): at most one event
/// per key and interval (100 ms: ≤ 10 Hz a job), and the last value of a burst is always
/// published when its interval ends, so a final state or 100 % is never lost.
///
/// Lives on the main thread; not thread-safe (connect worker signals with a context object).
class EventHub final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int capacity = 1024;          ///< events kept for replay (at least 1)
        int throttleIntervalMs = 100; ///< publishThrottled(): ≤ 1 event per key per interval
    };

    /// What a reconnecting client missed.
    struct Replay
    {
        /// false: events after the client's seq are gone from the buffer (or the seq is not one
        /// this hub gave out, e.g. after a restart); the client must re-sync over REST.
        bool complete = true;
        QList<Event> events; ///< seq > lastSeq, oldest first (empty when !complete)
    };

    explicit EventHub(QObject *parent = nullptr);
    explicit EventHub(Options options, QObject *parent = nullptr);
    ~EventHub() override;

    static QList<QLatin1String> topics();
    static bool isTopic(QStringView topic);

    /// Publishes at once; returns the event's seq.
    quint64 publish(const QString &topic, const QJsonObject &data);
    /// Publishes at most once per `key` (e.g. a job id) and throttle interval. A call inside the
    /// interval replaces the pending data, which is published when the interval ends (trailing).
    void publishThrottled(const QString &topic, const QString &key, const QJsonObject &data);
    /// Publishes the pending data for `key` now, if any (e.g. before a terminal state).
    void flushThrottled(const QString &topic, const QString &key);

    /// The seq of the newest event; 0 before the first.
    quint64 lastSeq() const { return m_nextSeq - 1; }
    /// The seq of the oldest event still buffered; 0 when none is.
    quint64 oldestSeq() const;
    int capacity() const { return m_options.capacity; }
    int bufferedCount() const { return int(m_count); }
    int pendingThrottled() const { return int(m_pending.size()); }

    /// The events after `lastSeq`. lastSeq == lastSeq() gives a complete, empty replay.
    Replay since(quint64 lastSeq) const;

Q_SIGNALS:
    void published(const CutPilot::Core::Event &event);

private:
    struct Throttle
    {
        qint64 lastPublishMs = -1;
        bool hasPending = false;
        QString topic;
        QJsonObject pending;
    };

    void publishDue();
    void schedule();
    qint64 now() const { return m_clock.elapsed(); }

    Options m_options;
    std::vector<Event> m_ring;
    std::size_t m_head = 0; ///< index of the oldest event
    std::size_t m_count = 0;
    quint64 m_nextSeq = 1;

    QElapsedTimer m_clock;
    QTimer m_timer;
    QHash<QString, Throttle> m_throttles; ///< by topic + '\n' + key
    QHash<QString, qint64> m_pending;     ///< throttle keys with pending data -> due time
};

} // namespace CutPilot::Core

Q_DECLARE_METATYPE(CutPilot::Core::Event)
