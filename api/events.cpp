#include "events.h"

#include "core/services/eventhub.h"
#include "core/support/apitokenstore.h"
#include "core/support/log.h"
#include "securitypolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>

#include <cmath>

namespace CutPilot::Api {

using namespace Qt::StringLiterals;

namespace {

/// A closing client whose peer does not answer the close frame is aborted after this long.
constexpr int kCloseGraceMs = 2000;

qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonArray toArray(const QStringList &list)
{
    QJsonArray array;
    for (const QString &item : list)
        array.append(item);
    return array;
}

QStringList allTopics()
{
    QStringList topics;
    for (const QLatin1String topic : Core::EventHub::topics())
        topics.append(topic);
    return topics;
}

QByteArray bearerToken(const QByteArray &authorization)
{
    const QByteArray header = authorization.trimmed();
    return header.size() > 7 && header.first(7).toLower() == "bearer " ? header.mid(7).trimmed()
                                                                       : QByteArray();
}

} // namespace

QString EventsEndpoint::path()
{
    return u"/api/v1/events"_s;
}

EventsEndpoint::EventsEndpoint(Core::EventHub &hub, SecurityPolicy &security, Options options,
                               QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_security(security)
    , m_options(options)
{
    connect(&m_hub, &Core::EventHub::published, this, &EventsEndpoint::onPublished);
    m_heartbeat.setInterval(m_options.heartbeat);
    connect(&m_heartbeat, &QTimer::timeout, this, &EventsEndpoint::onHeartbeat);
}

EventsEndpoint::~EventsEndpoint()
{
    for (auto &[socket, client] : m_clients) {
        Q_UNUSED(client)
        socket->disconnect(this);
        socket->abort();
        delete socket;
    }
}

qint64 EventsEndpoint::now() const
{
    return steadyMs();
}

std::optional<HttpResponse> EventsEndpoint::verifyUpgrade(const HttpRequest &request)
{
    if (request.path != path())
        return HttpResponse::error(Core::Error(Core::ErrorCode::NotFound,
                                               u"no WebSocket endpoint at %1"_s.arg(request.path),
                                               {{u"path"_s, request.path}}));
    // Host (DNS rebinding), Origin (cross-site), ban and rate limit, exactly as for HTTP. The
    // token may come later (identify); when the upgrade carries one, it is checked here and a
    // wrong one counts towards the ban.
    const Access access = request.hasHeader("Authorization") ? Access::Token : Access::Public;
    if (std::optional<Refusal> refused = m_security.admit(request, access, now())) {
        HttpResponse response = HttpResponse::error(refused->error, refused->status);
        for (const auto &[name, value] : std::as_const(refused->headers))
            response.setHeader(name, value);
        return response;
    }
    if (clientCount() >= m_options.maxClients) {
        HttpResponse response = HttpResponse::error(
            Core::Error(Core::ErrorCode::Unavailable,
                        u"too many event clients (the limit is %1); retry later"_s.arg(
                            m_options.maxClients)),
            503);
        response.setHeader("Retry-After", "5");
        return response;
    }
    return std::nullopt;
}

void EventsEndpoint::accept(std::unique_ptr<QWebSocket> owned)
{
    QWebSocket *socket = owned.release();
    socket->setParent(this);
    socket->setMaxAllowedIncomingFrameSize(quint64(m_options.maxMessageBytes));
    socket->setMaxAllowedIncomingMessageSize(quint64(m_options.maxMessageBytes));

    // Forgotten through the event loop: a socket may report its end from inside our own calls.
    connect(
        socket, &QWebSocket::disconnected, this, [this, socket] { forget(socket); },
        Qt::QueuedConnection);
    if (clientCount() >= m_options.maxClients) {
        // Raced past verifyUpgrade(): not counted, closed at once.
        socket->close(QWebSocketProtocol::CloseCode(TryAgainLater), u"too many clients"_s);
        QTimer::singleShot(kCloseGraceMs, socket, [socket] { socket->abort(); });
        return;
    }

    Client client;
    client.socket = socket;
    client.address = socket->peerAddress();
    client.lastSeenMs = now();
    const QByteArray given = bearerToken(socket->request().rawHeader("Authorization"));
    // verifyUpgrade() refused a wrong one; compare again so nothing depends on that order.
    client.preAuthenticated
        = !given.isEmpty()
          && Core::ApiTokenStore::equals(given, m_security.options().token.toUtf8());
    m_clients.emplace(socket, client);
    Q_EMIT clientCountChanged(clientCount());
    if (!m_heartbeat.isActive())
        m_heartbeat.start();

    connect(socket, &QWebSocket::textMessageReceived, this,
            [this, socket](const QString &message) { onMessage(socket, message); });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this, socket] {
        if (Client *c = find(socket))
            drop(*c, UnsupportedData, u"binary messages are not supported"_s);
    });
    connect(socket, &QWebSocket::pong, this, [this, socket] {
        if (Client *c = find(socket))
            c->lastSeenMs = now();
    });
    QTimer::singleShot(m_options.identifyTimeout, socket, [this, socket] {
        Client *c = find(socket);
        if (c && c->state == State::AwaitingIdentify)
            drop(*c, PolicyViolation, u"no identify message in time"_s);
    });

    Core::Log::get(Core::Log::Api)
        ->info("event client from {} connected ({} open)", client.address.toString(),
               clientCount());
    send(m_clients.at(socket),
         compact(QJsonObject{
             {u"type"_s, u"hello"_s},
             {u"api"_s, u"v1"_s},
             {u"seq"_s, qint64(m_hub.lastSeq())},
             {u"heartbeatMs"_s, qint64(m_options.heartbeat.count())},
             {u"identifyTimeoutMs"_s, qint64(m_options.identifyTimeout.count())},
             {u"topics"_s, toArray(allTopics())},
         }));
}

void EventsEndpoint::closeAll()
{
    for (auto &[socket, client] : m_clients) {
        Q_UNUSED(socket)
        drop(client, GoingAway, u"the server is stopping"_s);
    }
}

EventsEndpoint::Client *EventsEndpoint::find(QWebSocket *socket)
{
    const auto it = m_clients.find(socket);
    return it == m_clients.end() ? nullptr : &it->second;
}

void EventsEndpoint::forget(QWebSocket *socket)
{
    const auto it = m_clients.find(socket);
    if (it != m_clients.end()) {
        m_clients.erase(it);
        Core::Log::get(Core::Log::Api)
            ->info("event client from {} disconnected ({} open)", socket->peerAddress().toString(),
                   clientCount());
        Q_EMIT clientCountChanged(clientCount());
    }
    if (m_clients.empty())
        m_heartbeat.stop();
    socket->deleteLater();
}

void EventsEndpoint::onMessage(QWebSocket *socket, const QString &message)
{
    Client *client = find(socket);
    if (!client || client->state == State::Closing)
        return;
    client->lastSeenMs = now();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(message.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        drop(*client, ProtocolError, u"messages are JSON objects"_s);
        return;
    }
    const QJsonObject object = document.object();
    const QString type = object.value(u"type"_s).toString();
    if (client->state == State::AwaitingIdentify) {
        if (type != u"identify"_s) {
            drop(*client, ProtocolError, u"the first message must be identify"_s);
            return;
        }
        identify(*client, object);
        return;
    }
    if (type == u"ping"_s) {
        send(*client, compact(QJsonObject{{u"type"_s, u"pong"_s}}));
        return;
    }
    drop(*client, ProtocolError, u"unexpected message type '%1'"_s.arg(type.left(40)));
}

void EventsEndpoint::identify(Client &client, const QJsonObject &message)
{
    const QJsonValue token = message.value(u"token"_s);
    if (!(client.preAuthenticated && token.isUndefined())) {
        std::optional<Refusal> refused
            = m_security.verifyToken(token.toString().toUtf8(), client.address, now());
        if (refused) {
            Core::Log::get(Core::Log::Api)
                ->warn("event client from {} refused: {}", client.address.toString(),
                       refused->error.message());
            const CloseCode code = refused->status == 503 ? TryAgainLater : PolicyViolation;
            drop(client, code,
                 refused->status == 503   ? u"the API token is not ready yet"_s
                 : refused->status == 403 ? u"banned after repeated wrong tokens"_s
                                          : u"wrong or missing API token"_s);
            return;
        }
    }

    QStringList topics = allTopics();
    if (const QJsonValue wanted = message.value(u"topics"_s); !wanted.isUndefined()) {
        if (!wanted.isArray()) {
            drop(client, ProtocolError, u"topics must be an array of topic names"_s);
            return;
        }
        topics.clear();
        for (const QJsonValue &topic : wanted.toArray()) {
            const QString name = topic.toString();
            if (!Core::EventHub::isTopic(name)) {
                drop(client, ProtocolError, u"unknown topic '%1'"_s.arg(name.left(40)));
                return;
            }
            if (!topics.contains(name))
                topics.append(name);
        }
    }

    std::optional<quint64> since;
    if (const QJsonValue value = message.value(u"since"_s); !value.isUndefined()) {
        const double number = value.toDouble(-1);
        if (!value.isDouble() || number < 0 || number != std::floor(number) || number > 9.0e15) {
            drop(client, ProtocolError, u"since must be the last seq seen (an integer >= 0)"_s);
            return;
        }
        since = quint64(number);
    }

    client.state = State::Ready;
    client.topics = topics;
    const qint64 current = qint64(m_hub.lastSeq());
    if (!send(client,
              compact(QJsonObject{
                  {u"type"_s, u"ready"_s}, {u"seq"_s, current}, {u"topics"_s, toArray(topics)}}))) {
        return;
    }
    if (!since)
        return;
    const Core::EventHub::Replay replay = m_hub.since(*since);
    if (!replay.complete) {
        send(client,
             compact(QJsonObject{
                 {u"type"_s, u"resync"_s},
                 {u"reason"_s, *since > quint64(current)
                                   ? u"seq %1 is newer than this server's"_s.arg(*since)
                                   : u"events after seq %1 are no longer buffered"_s.arg(*since)},
                 {u"seq"_s, current},
             }));
        return;
    }
    for (const Core::Event &event : replay.events) {
        if (!client.topics.contains(event.topic))
            continue;
        if (!send(client, compact(QJsonObject{{u"type"_s, u"event"_s},
                                              {u"topic"_s, event.topic},
                                              {u"seq"_s, qint64(event.seq)},
                                              {u"data"_s, event.data}}))) {
            return;
        }
    }
}

void EventsEndpoint::onPublished(const Core::Event &event)
{
    QByteArray json; // serialized once, for the first subscriber
    for (auto &[socket, client] : m_clients) {
        Q_UNUSED(socket)
        if (client.state != State::Ready || !client.topics.contains(event.topic))
            continue;
        if (json.isEmpty()) {
            json = compact(QJsonObject{{u"type"_s, u"event"_s},
                                       {u"topic"_s, event.topic},
                                       {u"seq"_s, qint64(event.seq)},
                                       {u"data"_s, event.data}});
        }
        send(client, json);
    }
}

bool EventsEndpoint::send(Client &client, const QByteArray &json)
{
    if (client.state == State::Closing)
        return false;
    if (client.socket->bytesToWrite() > m_options.maxQueuedBytes) {
        // It does not read fast enough: rather than buffer without bound (or silently skip
        // events), close; the client reconnects with `since` or re-syncs over REST.
        client.socket->sendTextMessage(QString::fromUtf8(compact(QJsonObject{
            {u"type"_s, u"resync"_s},
            {u"reason"_s, u"too slow to keep up"_s},
            {u"seq"_s, qint64(m_hub.lastSeq())},
        })));
        drop(client, Resync, u"too slow to keep up; re-sync"_s);
        return false;
    }
    client.socket->sendTextMessage(QString::fromUtf8(json));
    return true;
}

void EventsEndpoint::drop(Client &client, CloseCode code, const QString &reason)
{
    if (client.state == State::Closing)
        return;
    client.state = State::Closing;
    Core::Log::get(Core::Log::Api)
        ->info("closing event client from {}: {} ({})", client.address.toString(), reason,
               int(code));
    QWebSocket *socket = client.socket;
    socket->close(QWebSocketProtocol::CloseCode(code), reason);
    QTimer::singleShot(kCloseGraceMs, socket, [socket] { socket->abort(); });
}

void EventsEndpoint::onHeartbeat()
{
    const qint64 t = now();
    const qint64 interval = m_options.heartbeat.count();
    for (auto &[socket, client] : m_clients) {
        if (client.state == State::Closing)
            continue;
        if (t - client.lastSeenMs > 2 * interval) {
            Core::Log::get(Core::Log::Api)
                ->info("event client from {} stopped answering pings", client.address.toString());
            client.state = State::Closing;
            socket->abort(); // its disconnected() is queued: the map is not changed here
            continue;
        }
        socket->ping();
    }
}

} // namespace CutPilot::Api
