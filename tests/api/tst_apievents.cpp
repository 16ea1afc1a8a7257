// The WebSocket event feed /api/v1/events over real loopback (docs/api.md, "Events"):
// hello → identify → events with seq, reconnect with `since`, re-sync, topic filtering,
// throttling, and the security of the upgrade (token, ban, Host, Origin) and of the socket
// (identify timeout, message size, slow consumer, client cap). A real QWebSocket client where a
// client can do it, raw TCP where the test must control every header of the upgrade.

#include "api/apiserver.h"
#include "core/services/eventhub.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include <algorithm>
#include <chrono>
#include <memory>

using namespace CutPilot;
using namespace CutPilot::Api;
using namespace Qt::StringLiterals;

namespace {

const QByteArray Token = "events-test-token-0123456789";

/// A WebSocket client that records every message and how the connection ended.
class Client
{
public:
    explicit Client(const QString &origin = {})
        : m_socket(origin)
    {
        QObject::connect(&m_socket, &QWebSocket::textMessageReceived, &m_socket,
                         [this](const QString &text) {
                             messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
                         });
        QObject::connect(&m_socket, &QWebSocket::disconnected, &m_socket,
                         [this] { closed = true; });
    }

    bool open(quint16 port, const QByteArray &authorization = {})
    {
        QNetworkRequest request(QUrl(u"ws://127.0.0.1:%1/api/v1/events"_s.arg(port)));
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        m_socket.open(request);
        return QTest::qWaitFor(
                   [this] {
                       return m_socket.state() == QAbstractSocket::ConnectedState || closed
                              || m_socket.state() == QAbstractSocket::UnconnectedState;
                   },
                   3000)
               && m_socket.state() == QAbstractSocket::ConnectedState;
    }
    void send(const QJsonObject &message)
    {
        m_socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    }
    void identify(const QJsonObject &extra = {}, bool withToken = true)
    {
        QJsonObject message = extra;
        message.insert(u"type"_s, u"identify"_s);
        if (withToken)
            message.insert(u"token"_s, QString::fromLatin1(Token));
        send(message);
    }
    bool waitFor(qsizetype count, int timeoutMs = 3000)
    {
        return QTest::qWaitFor([&] { return messages.size() >= count; }, timeoutMs);
    }
    bool waitClosed(int timeoutMs = 3000)
    {
        return QTest::qWaitFor([&] { return closed; }, timeoutMs);
    }
    /// The messages of one type, in order.
    QList<QJsonObject> ofType(const QString &type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &message : messages) {
            if (message.value(u"type"_s).toString() == type)
                out.append(message);
        }
        return out;
    }
    int closeCode() const { return int(m_socket.closeCode()); }
    QWebSocket &socket() { return m_socket; }

    QList<QJsonObject> messages;
    bool closed = false;

private:
    QWebSocket m_socket;
};

/// A WebSocket upgrade over raw TCP with exactly the given extra headers; returns the status line
/// and headers of the answer.
QByteArray rawUpgrade(quint16 port, const QList<QByteArray> &headers, bool defaultHost = true)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 3000))
        return {};
    QByteArray request = "GET /api/v1/events HTTP/1.1\r\n";
    if (defaultHost)
        request += "Host: 127.0.0.1:" + QByteArray::number(port) + "\r\n";
    request += "Upgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    for (const QByteArray &header : headers)
        request += header + "\r\n";
    request += "\r\n";
    socket.write(request);
    QByteArray answer;
    (void)QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            return answer.contains("\r\n\r\n") || socket.state() != QAbstractSocket::ConnectedState;
        },
        3000);
    answer += socket.readAll();
    return answer;
}

QByteArray statusLine(const QByteArray &answer)
{
    return answer.left(answer.indexOf("\r\n"));
}

} // namespace

class tst_ApiEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();

    void helloIdentifyEventsInOrder();
    void tokenInUpgradeHeader();
    void wrongTokenInUpgradeHeaderIsRefused();
    void wrongTokenClosesAndCountsTowardsBan();
    void missingTokenCloses();
    void identifyTimeoutCloses();
    void foreignOriginUpgradeRefused();
    void foreignHostUpgradeRefused();
    void reconnectWithSinceGetsExactlyMissed();
    void sinceTooOldAsksForResync();
    void topicFiltering();
    void unknownTopicCloses();
    void throttledJobProgress();
    void slowConsumerIsClosedWithResync();
    void clientCap();
    void oversizedAndBinaryMessagesClose();
    void plainGetIsToldToUpgrade();
    void closedWebSocketsLeaveTheConnectionCap();
    void silentPeerIsDroppedByHeartbeat();

private:
    void start(Core::EventHub::Options hubOptions = {}, EventsOptions events = {},
               SecurityOptions security = {});
    quint16 port() const { return m_port; }

    std::unique_ptr<Core::EventHub> m_hub;
    std::unique_ptr<ApiServer> m_server;
    quint16 m_port = 0;
};

void tst_ApiEvents::start(Core::EventHub::Options hubOptions, EventsOptions events,
                          SecurityOptions security)
{
    m_hub = std::make_unique<Core::EventHub>(hubOptions);
    security.token = QString::fromLatin1(Token);
    if (events.identifyTimeout == EventsOptions{}.identifyTimeout)
        events.identifyTimeout = std::chrono::milliseconds(400); // keep the suite fast
    ApiServer::Dependencies deps;
    deps.buildInfo = Core::BuildInfo::current();
    deps.security = security;
    deps.events = m_hub.get();
    deps.eventsOptions = events;
    m_server = std::make_unique<ApiServer>(std::move(deps));
    auto bound = m_server->start(Core::ListenAddress(QHostAddress::LocalHost, 0));
    QVERIFY2(bound, bound ? "" : qPrintable(bound.error().message()));
    m_port = bound->port();
}

void tst_ApiEvents::cleanup()
{
    m_server.reset();
    m_hub.reset();
}

void tst_ApiEvents::helloIdentifyEventsInOrder()
{
    start();
    m_hub->publish(u"jobs"_s, QJsonObject{{u"before"_s, true}}); // seq 1, before the client
    Client client;
    QVERIFY(client.open(port()));
    QVERIFY(client.waitFor(1));
    const QJsonObject hello = client.messages.at(0);
    QCOMPARE(hello.value(u"type"_s).toString(), u"hello"_s);
    QCOMPARE(hello.value(u"api"_s).toString(), u"v1"_s);
    QCOMPARE(hello.value(u"seq"_s).toInteger(), 1);
    QVERIFY(hello.value(u"heartbeatMs"_s).toInteger() > 0);

    client.identify(QJsonObject{{u"topics"_s, QJsonArray{u"jobs"_s, u"drafts"_s}}});
    QVERIFY(client.waitFor(2));
    QCOMPARE(client.messages.at(1).value(u"type"_s).toString(), u"ready"_s);
    QCOMPARE(client.messages.at(1).value(u"seq"_s).toInteger(), 1);
    QCOMPARE(m_server->events()->clientCount(), 1);

    m_hub->publish(u"jobs"_s, QJsonObject{{u"jobId"_s, u"j1"_s}, {u"progress"_s, 10}});
    m_hub->publish(u"drafts"_s, QJsonObject{{u"draftId"_s, u"d1"_s}});
    m_hub->publish(u"jobs"_s, QJsonObject{{u"jobId"_s, u"j1"_s}, {u"progress"_s, 20}});
    QVERIFY(client.waitFor(5));
    const QList<QJsonObject> events = client.ofType(u"event"_s);
    QCOMPARE(events.size(), 3); // no replay without `since`: seq 1 is not sent
    QCOMPARE(events.at(0).value(u"seq"_s).toInteger(), 2);
    QCOMPARE(events.at(1).value(u"seq"_s).toInteger(), 3);
    QCOMPARE(events.at(2).value(u"seq"_s).toInteger(), 4);
    QCOMPARE(events.at(0).value(u"topic"_s).toString(), u"jobs"_s);
    QCOMPARE(events.at(1).value(u"topic"_s).toString(), u"drafts"_s);
    QCOMPARE(events.at(0).value(u"data"_s).toObject().value(u"progress"_s).toInt(), 10);
    QCOMPARE(events.at(2).value(u"data"_s).toObject().value(u"progress"_s).toInt(), 20);
    QCOMPARE(events.at(1).value(u"data"_s).toObject().value(u"draftId"_s).toString(), u"d1"_s);
    QVERIFY(!client.closed);

    client.socket().close();
    QTRY_COMPARE(m_server->events()->clientCount(), 0);
}

void tst_ApiEvents::tokenInUpgradeHeader()
{
    start();
    Client client;
    QVERIFY(client.open(port(), "Bearer " + Token));
    QVERIFY(client.waitFor(1));
    client.identify({}, /*withToken=*/false); // the upgrade carried it
    QVERIFY(client.waitFor(2));
    QCOMPARE(client.messages.at(1).value(u"type"_s).toString(), u"ready"_s);
    m_hub->publish(u"editor"_s, QJsonObject{{u"state"_s, u"ok"_s}});
    QVERIFY(client.waitFor(3));
    QCOMPARE(client.messages.at(2).value(u"topic"_s).toString(), u"editor"_s);
}

void tst_ApiEvents::wrongTokenInUpgradeHeaderIsRefused()
{
    start();
    const QByteArray answer = rawUpgrade(port(), {"Authorization: Bearer wrong"});
    QCOMPARE(statusLine(answer), QByteArray("HTTP/1.1 401 Unauthorized"));
    QCOMPARE(m_server->events()->clientCount(), 0);
}

void tst_ApiEvents::wrongTokenClosesAndCountsTowardsBan()
{
    SecurityOptions security;
    security.banAfterFailures = 3;
    start({}, {}, security);
    for (int attempt = 0; attempt < 3; ++attempt) {
        Client client;
        QVERIFY(client.open(port()));
        QVERIFY(client.waitFor(1));
        client.send(QJsonObject{{u"type"_s, u"identify"_s}, {u"token"_s, u"wrong"_s}});
        QVERIFY(client.waitClosed());
        QCOMPARE(client.closeCode(), int(EventsEndpoint::PolicyViolation));
        QVERIFY(client.ofType(u"ready"_s).isEmpty());
    }
    // Banned now: the upgrade is refused before the handshake, even with the right token...
    QCOMPARE(statusLine(rawUpgrade(port(), {"Authorization: Bearer " + Token})),
             QByteArray("HTTP/1.1 403 Forbidden"));
    QCOMPARE(statusLine(rawUpgrade(port(), {})), QByteArray("HTTP/1.1 403 Forbidden"));
    // ...and so are plain HTTP requests of this client.
    QVERIFY(m_server->security().isBanned(QHostAddress::LocalHost,
                                          std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::steady_clock::now().time_since_epoch())
                                              .count()));
}

void tst_ApiEvents::missingTokenCloses()
{
    start();
    Client client;
    QVERIFY(client.open(port()));
    QVERIFY(client.waitFor(1));
    client.identify({}, /*withToken=*/false);
    QVERIFY(client.waitClosed());
    QCOMPARE(client.closeCode(), int(EventsEndpoint::PolicyViolation));
    QVERIFY(client.ofType(u"ready"_s).isEmpty());
}

void tst_ApiEvents::identifyTimeoutCloses()
{
    EventsOptions options;
    options.identifyTimeout = std::chrono::milliseconds(300);
    start({}, options);
    Client client;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(client.open(port()));
    QVERIFY(client.waitFor(1)); // hello
    QVERIFY(client.waitClosed(3000));
    QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(client.closeCode(), int(EventsEndpoint::PolicyViolation));
    QTRY_COMPARE(m_server->events()->clientCount(), 0);
}

void tst_ApiEvents::foreignOriginUpgradeRefused()
{
    start();
    // Positive control: the same raw upgrade without Origin (or with our own) is accepted.
    QCOMPARE(statusLine(rawUpgrade(port(), {})), QByteArray("HTTP/1.1 101 Switching Protocols"));
    const QByteArray own = "Origin: http://127.0.0.1:" + QByteArray::number(port());
    QCOMPARE(statusLine(rawUpgrade(port(), {own})), QByteArray("HTTP/1.1 101 Switching Protocols"));

    const QByteArray answer = rawUpgrade(port(), {"Origin: http://evil.example"});
    QCOMPARE(statusLine(answer), QByteArray("HTTP/1.1 403 Forbidden"));
    QVERIFY(!answer.toLower().contains("sec-websocket-accept"));
    QCOMPARE(statusLine(rawUpgrade(port(), {"Origin: null"})),
             QByteArray("HTTP/1.1 403 Forbidden"));

    // A browser-like client with a foreign origin never gets a socket.
    Client browser(u"http://evil.example"_s);
    QVERIFY(!browser.open(port()));
    QVERIFY(browser.messages.isEmpty());
    QTRY_COMPARE(m_server->events()->clientCount(), 0);
}

void tst_ApiEvents::foreignHostUpgradeRefused()
{
    start();
    const QByteArray port_ = QByteArray::number(port());
    QCOMPARE(statusLine(rawUpgrade(port(), {"Host: evil.example:" + port_}, false)),
             QByteArray("HTTP/1.1 403 Forbidden"));
    QCOMPARE(statusLine(rawUpgrade(port(), {"Host: localhost:" + port_}, false)),
             QByteArray("HTTP/1.1 101 Switching Protocols"));
    QCOMPARE(m_server->events()->clientCount() <= 1, true);
}

void tst_ApiEvents::reconnectWithSinceGetsExactlyMissed()
{
    start();
    quint64 lastSeen = 0;
    {
        Client first;
        QVERIFY(first.open(port()));
        first.identify();
        QVERIFY(first.waitFor(2));
        for (int i = 1; i <= 3; ++i)
            m_hub->publish(u"jobs"_s, QJsonObject{{u"n"_s, i}});
        QVERIFY(first.waitFor(5));
        lastSeen = quint64(first.ofType(u"event"_s).last().value(u"seq"_s).toInteger());
        QCOMPARE(lastSeen, quint64(3));
        first.socket().close();
        QVERIFY(first.waitClosed());
    }
    // Missed while away.
    for (int i = 4; i <= 6; ++i)
        m_hub->publish(u"jobs"_s, QJsonObject{{u"n"_s, i}});

    Client second;
    QVERIFY(second.open(port()));
    second.identify(QJsonObject{{u"since"_s, qint64(lastSeen)}});
    QVERIFY(second.waitFor(5)); // hello, ready, 4, 5, 6
    QCOMPARE(second.messages.at(1).value(u"type"_s).toString(), u"ready"_s);
    m_hub->publish(u"jobs"_s, QJsonObject{{u"n"_s, 7}}); // live after the replay
    QVERIFY(second.waitFor(6));
    QTest::qWait(50);
    const QList<QJsonObject> events = second.ofType(u"event"_s);
    QList<qint64> seqs;
    QList<int> values;
    for (const QJsonObject &event : events) {
        seqs.append(event.value(u"seq"_s).toInteger());
        values.append(event.value(u"data"_s).toObject().value(u"n"_s).toInt());
    }
    QCOMPARE(seqs, (QList<qint64>{4, 5, 6, 7}));
    QCOMPARE(values, (QList<int>{4, 5, 6, 7}));
    QVERIFY(second.ofType(u"resync"_s).isEmpty());
}

void tst_ApiEvents::sinceTooOldAsksForResync()
{
    start(Core::EventHub::Options{4, 100});
    for (int i = 1; i <= 10; ++i)
        m_hub->publish(u"jobs"_s, QJsonObject{{u"n"_s, i}});

    Client old;
    QVERIFY(old.open(port()));
    old.identify(QJsonObject{{u"since"_s, 5}}); // 6 was overwritten (buffer holds 7..10)
    QVERIFY(old.waitFor(3));
    QTest::qWait(50);
    QCOMPARE(old.messages.at(1).value(u"type"_s).toString(), u"ready"_s);
    QCOMPARE(old.messages.at(2).value(u"type"_s).toString(), u"resync"_s);
    QCOMPARE(old.messages.at(2).value(u"seq"_s).toInteger(), 10);
    QVERIFY(old.ofType(u"event"_s).isEmpty()); // no partial replay
    QVERIFY(!old.closed);                      // still subscribed for live events

    Client edge;
    QVERIFY(edge.open(port()));
    edge.identify(QJsonObject{{u"since"_s, 6}}); // 7..10 all buffered: complete replay
    QVERIFY(edge.waitFor(6));
    QCOMPARE(edge.ofType(u"event"_s).size(), 4);
    QVERIFY(edge.ofType(u"resync"_s).isEmpty());

    Client future;
    QVERIFY(future.open(port()));
    future.identify(QJsonObject{{u"since"_s, 99}}); // a seq of an earlier server run
    QVERIFY(future.waitFor(3));
    QCOMPARE(future.messages.at(2).value(u"type"_s).toString(), u"resync"_s);
}

void tst_ApiEvents::topicFiltering()
{
    start();
    Client drafts;
    QVERIFY(drafts.open(port()));
    drafts.identify(QJsonObject{{u"topics"_s, QJsonArray{u"drafts"_s}}});
    Client all;
    QVERIFY(all.open(port()));
    all.identify(); // no topics: all of them
    QVERIFY(drafts.waitFor(2));
    QVERIFY(all.waitFor(2));
    QCOMPARE(drafts.messages.at(1).value(u"topics"_s).toArray(), QJsonArray{u"drafts"_s});

    m_hub->publish(u"jobs"_s, {});
    m_hub->publish(u"drafts"_s, QJsonObject{{u"draftId"_s, u"x"_s}});
    m_hub->publish(u"downloads"_s, {});
    m_hub->publish(u"editor"_s, {});
    QVERIFY(all.waitFor(6));
    QTest::qWait(100);
    const QList<QJsonObject> got = drafts.ofType(u"event"_s);
    QCOMPARE(got.size(), 1);
    QCOMPARE(got.first().value(u"topic"_s).toString(), u"drafts"_s);
    QCOMPARE(got.first().value(u"seq"_s).toInteger(), 2);
    QCOMPARE(all.ofType(u"event"_s).size(), 4);
}

void tst_ApiEvents::unknownTopicCloses()
{
    start();
    Client client;
    QVERIFY(client.open(port()));
    client.identify(QJsonObject{{u"topics"_s, QJsonArray{u"jobs"_s, u"secrets"_s}}});
    QVERIFY(client.waitClosed());
    QCOMPARE(client.closeCode(), int(EventsEndpoint::ProtocolError));
    QVERIFY(client.ofType(u"ready"_s).isEmpty());
}

void tst_ApiEvents::throttledJobProgress()
{
    start();
    Client client;
    QVERIFY(client.open(port()));
    client.identify(QJsonObject{{u"topics"_s, QJsonArray{u"jobs"_s}}});
    QVERIFY(client.waitFor(2));

    QElapsedTimer clock;
    clock.start();
    // Two jobs reporting every 5 ms for ~400 ms: 162 updates.
    for (int step = 0; step <= 80; ++step) {
        const int progress = step * 100 / 80;
        m_hub->publishThrottled(u"jobs"_s, u"job-a"_s,
                                QJsonObject{{u"jobId"_s, u"job-a"_s}, {u"progress"_s, progress}});
        m_hub->publishThrottled(u"jobs"_s, u"job-b"_s,
                                QJsonObject{{u"jobId"_s, u"job-b"_s}, {u"progress"_s, progress}});
        QTest::qWait(5);
    }
    const qint64 updatingMs = clock.elapsed(); // longer on a loaded machine
    QTRY_COMPARE_WITH_TIMEOUT(m_hub->pendingThrottled(), 0, 1000);
    QTest::qWait(100);

    QHash<QString, QList<int>> progress;
    for (const QJsonObject &event : client.ofType(u"event"_s)) {
        const QJsonObject data = event.value(u"data"_s).toObject();
        progress[data.value(u"jobId"_s).toString()].append(data.value(u"progress"_s).toInt());
    }
    for (const QString &job : {u"job-a"_s, u"job-b"_s}) {
        const QList<int> values = progress.value(job);
        QVERIFY2(!values.isEmpty(), qPrintable(job));
        QCOMPARE(values.last(), 100); // the final value is delivered
        // ≤ 10 Hz a job: one event per started 100 ms plus the trailing one, not 81.
        const qsizetype allowed = updatingMs / 100 + 2;
        QVERIFY2(
            values.size() <= allowed && values.size() < 40,
            qPrintable(u"%1: %2 events in %3 ms"_s.arg(job).arg(values.size()).arg(updatingMs)));
        QVERIFY(std::is_sorted(values.cbegin(), values.cend()));
    }
}

void tst_ApiEvents::slowConsumerIsClosedWithResync()
{
    EventsOptions options;
    options.maxQueuedBytes = 4096;
    start({}, options);
    Client client;
    QVERIFY(client.open(port()));
    client.identify();
    QVERIFY(client.waitFor(2));
    // A burst larger than the client's outgoing bound, without returning to the event loop in
    // between (the socket cannot drain): the client is cut off instead of buffering forever.
    const QString filler(200, u'x');
    for (int i = 0; i < 200; ++i)
        m_hub->publish(u"downloads"_s, QJsonObject{{u"filler"_s, filler}});
    QVERIFY(client.waitClosed(5000));
    QCOMPARE(client.closeCode(), int(EventsEndpoint::Resync));
    QCOMPARE(client.ofType(u"resync"_s).size(), 1);
    QVERIFY(client.ofType(u"event"_s).size() < 200);
}

void tst_ApiEvents::clientCap()
{
    EventsOptions options;
    options.maxClients = 2;
    options.identifyTimeout = std::chrono::milliseconds(5000);
    start({}, options);
    Client a;
    Client b;
    QVERIFY(a.open(port()));
    QVERIFY(b.open(port()));
    QTRY_COMPARE(m_server->events()->clientCount(), 2);
    const QByteArray answer = rawUpgrade(port(), {});
    QCOMPARE(statusLine(answer), QByteArray("HTTP/1.1 503 Service Unavailable"));
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
    QVERIFY(answer.contains("Retry-After"));
#else
    // Qt 6.8's upgrade verifier can refuse with a status only (docs/api.md).
#endif
    a.socket().close();
    QTRY_COMPARE(m_server->events()->clientCount(), 1);
    Client c;
    QVERIFY(c.open(port()));
}

void tst_ApiEvents::oversizedAndBinaryMessagesClose()
{
    EventsOptions options;
    options.maxMessageBytes = 1024;
    start({}, options);
    Client big;
    QVERIFY(big.open(port()));
    big.identify(QJsonObject{{u"padding"_s, QString(4000, u'p')}});
    QVERIFY(big.waitClosed());
    QCOMPARE(big.closeCode(), int(EventsEndpoint::TooBig));
    QVERIFY(big.ofType(u"ready"_s).isEmpty());

    Client binary;
    QVERIFY(binary.open(port()));
    binary.socket().sendBinaryMessage("\x01\x02");
    QVERIFY(binary.waitClosed());
    QCOMPARE(binary.closeCode(), int(EventsEndpoint::UnsupportedData));

    Client garbage;
    QVERIFY(garbage.open(port()));
    garbage.socket().sendTextMessage(u"not json"_s);
    QVERIFY(garbage.waitClosed());
    QCOMPARE(garbage.closeCode(), int(EventsEndpoint::ProtocolError));
}

void tst_ApiEvents::plainGetIsToldToUpgrade()
{
    start();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port());
    QVERIFY(socket.waitForConnected(3000));
    socket.write("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port())
                 + "\r\nAuthorization: Bearer " + Token + "\r\nConnection: close\r\n\r\n");
    QByteArray answer;
    QVERIFY(QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            return answer.contains("\r\n\r\n");
        },
        3000));
    QCOMPARE(statusLine(answer), QByteArray("HTTP/1.1 426 Upgrade Required"));
}

void tst_ApiEvents::closedWebSocketsLeaveTheConnectionCap()
{
    // The adapter's connection cap counts sockets until they are destroyed; an upgraded socket
    // (handed to QWebSocketServer) must still leave the count when it closes, or the API would
    // refuse everything after `maxConnections` WebSocket sessions.
    HttpServerAdapter adapter([](HttpRequest, HttpResponder responder) {
        responder.send(HttpResponse::json(QJsonObject{{u"ok"_s, true}}));
    });
    HttpServerAdapter::Limits limits;
    limits.maxConnections = 2;
    adapter.setLimits(limits);
    std::vector<std::unique_ptr<QWebSocket>> accepted;
    adapter.setWebSocketHandlers(
        [](const HttpRequest &) { return std::optional<HttpResponse>(); },
        [&accepted](std::unique_ptr<QWebSocket> socket) { accepted.push_back(std::move(socket)); });
    auto bound = adapter.listen(Core::ListenAddress(QHostAddress::LocalHost, 0));
    QVERIFY(bound);
    for (int round = 0; round < 4; ++round) {
        Client client;
        QVERIFY2(client.open(bound->port()), qPrintable(u"round %1"_s.arg(round)));
        QTRY_COMPARE(accepted.size(), std::size_t(1));
        client.socket().close();
        QVERIFY(client.waitClosed());
        accepted.clear(); // the server side lets go of it
        QTest::qWait(20);
    }
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, bound->port());
    QVERIFY(plain.waitForConnected(3000));
    plain.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray answer;
    QVERIFY(QTest::qWaitFor(
        [&] {
            answer += plain.readAll();
            return answer.contains("\r\n\r\n");
        },
        3000));
    QCOMPARE(statusLine(answer), QByteArray("HTTP/1.1 200 OK"));
}

void tst_ApiEvents::silentPeerIsDroppedByHeartbeat()
{
    EventsOptions options;
    options.heartbeat = std::chrono::milliseconds(100);
    options.identifyTimeout = std::chrono::milliseconds(10'000);
    start({}, options);
    // A QWebSocket answers pings by itself and stays.
    Client live;
    QVERIFY(live.open(port()));
    live.identify();
    QVERIFY(live.waitFor(2));
    // A peer that completed the handshake and then went silent never answers a ping.
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, port());
    QVERIFY(silent.waitForConnected(3000));
    silent.write(
        "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port())
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QTRY_COMPARE(m_server->events()->clientCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->events()->clientCount(), 1, 3000);
    QTRY_COMPARE(silent.state(), QAbstractSocket::UnconnectedState);
    QVERIFY(!live.closed);
}

QTEST_GUILESS_MAIN(tst_ApiEvents)
#include "tst_apievents.moc"
