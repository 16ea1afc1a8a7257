#pragma once

#include "httpmessage.h"

#include <QHostAddress>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>
#include <unordered_map>

class QWebSocket;

namespace CutPilot::Core {
class EventHub;
struct Event;
} // namespace CutPilot::Core

namespace CutPilot::Api {

class SecurityPolicy;

/// Limits of the event feed (EventsEndpoint::Options).
struct EventsOptions
{
    std::chrono::milliseconds identifyTimeout{10'000};
    /// A ping every interval; a client silent (no pong, no message) for two is dropped.
    std::chrono::milliseconds heartbeat{30'000};
    int maxClients = 32;
    qint64 maxMessageBytes = 4096;           ///< incoming frames and messages
    qint64 maxQueuedBytes = 4 * 1024 * 1024; ///< unsent bytes before a client is dropped
};

/// The WebSocket event feed at /api/v1/events (docs/api.md, "Events"): fans the EventHub out to
/// identified clients.
///
///     server:
///     {"type":"hello","api":"v1","seq":N,"heartbeatMs":…,"identifyTimeoutMs":…,"topics":[…]}
///     client: {"type":"identify","token":"…","topics":["jobs",…],"since":<last seq>}
///     server: {"type":"ready","seq":N,"topics":[…]}, then the missed events (since) or
///             {"type":"resync","reason":…,"seq":N}, then live
///             {"type":"event","topic","seq","data"}
///
/// Security: the upgrade request passes SecurityPolicy (Host, Origin, ban, rate limit; a token in
/// its Authorization header is checked there) in verifyUpgrade(), before the handshake is
/// answered. The token may instead come in `identify`: compared in constant time, and a wrong one
/// counts towards the client's ban. Limits: identify timeout, incoming message size, client cap,
/// ping/pong keepalive, and a bound on unsent bytes per client (a slow consumer gets a `resync`
/// message and is closed with 4000).
///
/// Lives on the API thread.
class EventsEndpoint final : public QObject
{
    Q_OBJECT

public:
    /// Close codes sent to clients (RFC 6455 §7.4). QWebSocket clients treat 1012-2999 as a
    /// protocol error, so "try again later" and "re-sync" use the private range 4000-4999.
    enum CloseCode : quint16 {
        Normal = 1000,
        GoingAway = 1001,
        ProtocolError = 1002,   ///< not JSON, unknown message type, unknown topic, bad `since`
        UnsupportedData = 1003, ///< a binary message
        PolicyViolation = 1008, ///< wrong or missing token, banned client, no identify in time
        TooBig = 1009,
        Resync = 4000,        ///< read too slowly (a resync message came first)
        TryAgainLater = 4013, ///< too many clients, the token is not ready yet
    };

    using Options = EventsOptions;

    static QString path(); ///< "/api/v1/events"

    EventsEndpoint(Core::EventHub &hub, SecurityPolicy &security, Options options = {},
                   QObject *parent = nullptr);
    ~EventsEndpoint() override;

    /// For HttpServerAdapter::setWebSocketHandlers: nullopt lets the handshake go ahead.
    std::optional<HttpResponse> verifyUpgrade(const HttpRequest &request);
    /// Takes an accepted socket: sends hello and waits for identify.
    void accept(std::unique_ptr<QWebSocket> socket);

    int clientCount() const { return int(m_clients.size()); }
    /// Closes every client (1001), e.g. before the server stops.
    void closeAll();

Q_SIGNALS:
    void clientCountChanged(int count);

private:
    enum class State {
        AwaitingIdentify,
        Ready,
        Closing,
    };
    struct Client
    {
        QWebSocket *socket = nullptr;
        QHostAddress address;
        State state = State::AwaitingIdentify;
        bool preAuthenticated = false; ///< the upgrade carried the right token
        QStringList topics;
        qint64 lastSeenMs = 0;
    };

    void onMessage(QWebSocket *socket, const QString &message);
    void identify(Client &client, const QJsonObject &message);
    void onPublished(const Core::Event &event);
    void onHeartbeat();
    bool send(Client &client, const QByteArray &json);
    void drop(Client &client, CloseCode code, const QString &reason);
    void forget(QWebSocket *socket);
    Client *find(QWebSocket *socket);
    qint64 now() const;

    Core::EventHub &m_hub;
    SecurityPolicy &m_security;
    Options m_options;
    std::unordered_map<QWebSocket *, Client> m_clients;
    QTimer m_heartbeat;
};

} // namespace CutPilot::Api
