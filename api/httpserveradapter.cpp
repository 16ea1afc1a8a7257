#include "httpserveradapter.h"

#include "core/support/log.h"
#include "guardedtcpserver_p.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>
#include <QtGlobal>

#include <algorithm>
#include <chrono>

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpHeaders>
#include <QHttpServerWebSocketUpgradeResponse>
#endif

namespace CutPilot::Api {

using namespace Qt::StringLiterals;

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    using M = QHttpServerRequest::Method;
    switch (method) {
    case M::Get:
        return "GET";
    case M::Put:
        return "PUT";
    case M::Delete:
        return "DELETE";
    case M::Post:
        return "POST";
    case M::Head:
        return "HEAD";
    case M::Options:
        return "OPTIONS";
    case M::Patch:
        return "PATCH";
    case M::Connect:
        return "CONNECT";
    case M::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

HttpRequest toHttpRequest(const QHttpServerRequest &request)
{
    HttpRequest out;
    out.method = methodName(request.method());
    const QUrl url = request.url();
    out.path = url.path();
    if (url.hasQuery())
        out.query = QUrlQuery(url);
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    const QHttpHeaders headers = request.headers();
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const QLatin1StringView name = headers.nameAt(i); // 6.8: a view, no toByteArray()
        out.headers.append(
            {QByteArray(name.data(), name.size()), headers.valueAt(i).toByteArray()});
    }
#else
    out.headers = request.headers(); // the same list type: no copy of each header
#endif
    out.body = request.body();
    out.remoteAddress = request.remoteAddress();
    return out;
}

#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
/// What QHttpServer 6.4-6.7 hand to QWebSocketServer: `Upgrade: websocket` with an `upgrade`
/// token in Connection (the parser's upgrade flag, then Qt's case-insensitive "websocket" check).
/// 6.8+ ask the upgrade verifier instead.
bool isWebSocketUpgrade(const HttpRequest &request)
{
    if (request.header("Upgrade").trimmed().compare("websocket", Qt::CaseInsensitive) != 0)
        return false;
    const QList<QByteArray> tokens = request.header("Connection").split(',');
    return std::any_of(tokens.cbegin(), tokens.cend(), [](const QByteArray &token) {
        return token.trimmed().compare("upgrade", Qt::CaseInsensitive) == 0;
    });
}
#endif

void writeResponse(QHttpServerResponder &responder, const HttpResponse &response)
{
    const auto status = QHttpServerResponder::StatusCode(response.status);
    HeaderList headers = response.headers;
    for (const auto &[name, value] : HttpServerAdapter::defaultHeaders()) {
        bool present = false;
        for (const auto &existing : std::as_const(headers))
            present = present || existing.first.compare(name, Qt::CaseInsensitive) == 0;
        if (!present)
            headers.append({name, value});
    }

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    QHttpServerResponse out(response.contentType, response.body, status);
    QHttpHeaders httpHeaders = out.headers();
    for (const auto &[name, value] : std::as_const(headers))
        httpHeaders.append(name, value);
    out.setHeaders(std::move(httpHeaders));
    responder.sendResponse(out);
#elif QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    QHttpServerResponse out(response.contentType, response.body, status);
    if (response.contentType.isEmpty())
        out.clearHeader("Content-Type");
    for (const auto &[name, value] : std::as_const(headers))
        out.addHeader(name, value);
    responder.sendResponse(out);
#else
    // Qt 6.4's responder writes straight to its socket and its destructor does nothing, so the
    // answer is formatted here in one piece: what QHttpServerResponse::write() writes (status
    // line, headers, Content-Length, body) without its header map and forty small writes, which
    // cost about a sixth of the API thread's time under a burst of small answers.
    Q_UNUSED(status);
    if (responder.socket()->state() != QAbstractSocket::ConnectedState)
        return;
    QByteArray out;
    out.reserve(384 + response.contentType.size() + response.body.size());
    out += "HTTP/1.1 ";
    out += QByteArray::number(response.status);
    out += ' ';
    out += reasonPhrase(response.status);
    out += "\r\n";
    const auto put = [&out](QByteArrayView name, QByteArrayView value) {
        out.append(name).append(": ").append(value).append("\r\n");
    };
    if (!response.contentType.isEmpty())
        put("Content-Type", response.contentType);
    for (const auto &[name, value] : std::as_const(headers))
        put(name, value);
    put("Content-Length", QByteArray::number(response.body.size()));
    out += "\r\n";
    out += response.body;
    responder.socket()->write(out);
#endif
}

} // namespace

// --- the QAbstractHttpServer subclass: the version-specific virtuals -------------------------

class HttpServerAdapter::Server final : public QAbstractHttpServer
{
public:
    explicit Server(HttpServerAdapter *owner)
        : m_owner(owner)
    {
    }

protected:
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override
    {
        HttpRequest converted = toHttpRequest(request);
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
        if (isWebSocketUpgrade(converted))
            return acceptsUpgrade(std::move(converted));
#endif
        m_owner->dispatch(std::move(converted),
                          std::make_unique<QHttpServerResponder>(std::move(responder)));
        return true;
    }
#if QT_VERSION >= QT_VERSION_CHECK(6, 7, 0)
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &responder) override
#else
    void missingHandler(const QHttpServerRequest &request,
                        QHttpServerResponder &&responder) override
#endif
    {
        auto answer = std::make_unique<QHttpServerResponder>(std::move(responder));
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
        if (sendRefusedUpgrade(answer))
            return;
#endif
        // Otherwise unreachable: handleRequest() accepts every request.
        m_owner->dispatch(toHttpRequest(request), std::move(answer));
    }
#else
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        HttpRequest converted = toHttpRequest(request);
        if (isWebSocketUpgrade(converted))
            return acceptsUpgrade(std::move(converted));
        m_owner->dispatch(std::move(converted),
                          std::make_unique<QHttpServerResponder>(makeResponder(request, socket)));
        return true;
    }
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        auto answer = std::make_unique<QHttpServerResponder>(makeResponder(request, socket));
        if (sendRefusedUpgrade(answer))
            return;
        m_owner->dispatch(toHttpRequest(request), std::move(answer));
    }
#endif

private:
#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
    /// Qt 6.4-6.7 ask handleRequest() about a WebSocket upgrade before the handshake (and only
    /// while newWebSocketConnection is connected, which the adapter always is): true hands the
    /// socket to QWebSocketServer, so nothing may be written; false makes QHttpServer call
    /// missingHandler() and then close the connection. A refusal waits here for that call.
    bool acceptsUpgrade(HttpRequest request)
    {
        m_owner->stamp(request);
        std::optional<HttpResponse> refusal = m_owner->verifyUpgrade(request);
        if (!refusal)
            return true;
        refusal->setHeader("Connection", "close");
        m_refusedUpgrade.emplace(std::move(request), std::move(*refusal));
        return false;
    }

    bool sendRefusedUpgrade(std::unique_ptr<QHttpServerResponder> &responder)
    {
        if (!m_refusedUpgrade)
            return false;
        auto [request, response] = std::move(*m_refusedUpgrade);
        m_refusedUpgrade.reset();
        HttpResponder answer(std::move(responder), std::move(request), m_owner->m_onSent,
                             m_owner->m_alive);
        answer.send(std::move(response));
        return true;
    }

    std::optional<std::pair<HttpRequest, HttpResponse>> m_refusedUpgrade;
#endif
    HttpServerAdapter *m_owner;
};

// --- HttpResponder -----------------------------------------------------------------------------

HttpResponder::HttpResponder(std::unique_ptr<QHttpServerResponder> responder, HttpRequest request,
                             SentCallback onSent, std::weak_ptr<const bool> serverAlive)
    : m_responder(std::move(responder))
    , m_request(std::move(request))
    , m_onSent(std::move(onSent))
    , m_serverAlive(std::move(serverAlive))
{
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    m_socket = m_responder->socket();
#endif
}

HttpResponder::HttpResponder(HttpResponder &&) noexcept = default;
HttpResponder &HttpResponder::operator=(HttpResponder &&) noexcept = default;

HttpResponder::~HttpResponder()
{
    if (!m_responder)
        return;
    if (m_serverAlive.expired()) { // shutdown with work in flight: expected, not a defect
        Core::Log::get(Core::Log::Api)
            ->info("request {} {} {} not answered: the server stopped first", m_request.id,
                   m_request.method, m_request.path);
    } else {
        Core::Log::get(Core::Log::Api)
            ->error("request {} {} {} was dropped without an answer", m_request.id,
                    m_request.method, m_request.path);
    }
    send(HttpResponse::error(Core::Error::internal(u"the request was not answered"_s)));
}

void HttpResponder::send(HttpResponse response)
{
    if (!m_responder)
        return;
    if (m_beforeSend) {
        const BeforeSend hook = std::exchange(m_beforeSend, nullptr);
        if (hook(*this, response))
            return; // taken over: *this is moved-from now
    }
    std::unique_ptr<QHttpServerResponder> responder = std::move(m_responder);
    if (m_serverAlive.expired()) {
        // The server and its connections are gone: CutPilot is shutting down and a service
        // answered (or dropped its answer) late. From Qt 6.5 the responder points at its
        // connection without a guard, also in its destructor, so it is left alone (a few bytes
        // at exit) rather than made to touch freed memory. Qt 6.4's destructor touches nothing.
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
        (void)responder.release();
#endif
        return;
    }
    response.setHeader("X-Request-Id", QByteArray::number(m_request.id));
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    // Qt 6.4's responder keeps a raw socket pointer: never write after the client went away.
    if (!m_socket)
        return;
#endif
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    // QHttpServer 6.4 writes an answer in many small pieces: sent together, at once.
    auto *guarded = qobject_cast<GuardedSocket *>(m_socket.data());
    if (guarded)
        guarded->cork();
    writeResponse(*responder, response);
    if (guarded)
        guarded->uncork();
#else
    writeResponse(*responder, response);
#endif
    if (m_onSent)
        m_onSent(m_request, response);
}

// --- HttpServerAdapter -------------------------------------------------------------------------

HttpServerAdapter::HttpServerAdapter(RequestHandler handler, QObject *parent)
    : QObject(parent)
    , m_server(std::make_unique<Server>(this))
    , m_handler(std::move(handler))
{
    // Always connected: Qt 6.4-6.7 only offer upgrades to handleRequest() (where they are
    // verified) while this signal has a receiver.
    connect(m_server.get(), &QAbstractHttpServer::newWebSocketConnection, this,
            &HttpServerAdapter::takeWebSockets);
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    m_server->addWebSocketUpgradeVerifier(this, [this](const QHttpServerRequest &request) {
        HttpRequest converted = toHttpRequest(request);
        stamp(converted);
        if (std::optional<HttpResponse> refusal = verifyUpgrade(converted)) {
            // 6.8 writes only a status line for a refusal; log it like any other answer.
            if (m_onSent)
                m_onSent(converted, *refusal);
            return QHttpServerWebSocketUpgradeResponse::deny(refusal->status,
                                                             reasonPhrase(refusal->status));
        }
        return QHttpServerWebSocketUpgradeResponse::accept();
    });
#endif
}

HttpServerAdapter::~HttpServerAdapter() = default;

Core::Result<Core::ListenAddress> HttpServerAdapter::listen(const Core::ListenAddress &address)
{
    if (m_tcpServer && m_tcpServer->isListening())
        return Core::Error(Core::ErrorCode::Conflict, u"the API server already listens on %1"_s.arg(
                                                          this->address().toString()));

    ensureOpenFileLimit(m_limits.maxConnections);
    // Every connection passes the request guard first (guardedtcpserver_p.h): QHttpServer itself
    // has no size limits or timeouts in 6.4.
    auto tcp = std::make_unique<GuardedTcpServer>(m_limits);
    // Room for a burst of handshakes (a script opening a thousand connections at once): with
    // Qt's default backlog of 50 the kernel drops most of such a burst and the clients, which
    // already count those connections as open, wait for TCP retransmissions, for seconds. The
    // system caps it (net.core.somaxconn, SOMAXCONN).
    const int connections = m_limits.maxConnections > 0 ? m_limits.maxConnections : 4096;
    tcp->setListenBacklogSize(std::clamp(connections, 128, 4096));
    if (!tcp->listen(address.host(), address.port())) {
        const bool inUse = tcp->serverError() == QAbstractSocket::AddressInUseError;
        return Core::Error(inUse ? Core::ErrorCode::AddressInUse : Core::ErrorCode::Unavailable,
                           u"cannot listen on %1: %2"_s.arg(address.toString(), tcp->errorString()),
                           {{u"address"_s, address.toString()}});
    }
    m_tcpServer = tcp.release();
    m_tcpServer->setParent(m_server.get());
    m_server->bind(m_tcpServer); // Qt 6.4: void; 6.8+: bool, true for a listening server
    return this->address();
}

void HttpServerAdapter::setLimits(const Limits &limits)
{
    m_limits = limits;
    if (m_tcpServer)
        m_tcpServer->setLimits(limits);
}

void HttpServerAdapter::close()
{
    if (m_tcpServer)
        m_tcpServer->close();
}

bool HttpServerAdapter::isListening() const
{
    return m_tcpServer && m_tcpServer->isListening();
}

Core::ListenAddress HttpServerAdapter::address() const
{
    if (!m_tcpServer)
        return {};
    return Core::ListenAddress(m_tcpServer->serverAddress(), m_tcpServer->serverPort());
}

void HttpServerAdapter::setSentCallback(HttpResponder::SentCallback callback)
{
    m_onSent = std::move(callback);
}

void HttpServerAdapter::setWebSocketHandlers(UpgradeVerifier verify, WebSocketHandler accept)
{
    m_upgradeVerifier = std::move(verify);
    m_webSocketHandler = std::move(accept);
}

std::optional<HttpResponse> HttpServerAdapter::verifyUpgrade(const HttpRequest &request)
{
    std::optional<HttpResponse> refusal;
    if (!m_upgradeVerifier || !m_webSocketHandler) {
        refusal = HttpResponse::error(Core::Error(
            Core::ErrorCode::NotFound, u"no WebSocket endpoint at %1"_s.arg(request.path),
            {{u"path"_s, request.path}}));
    } else {
        refusal = m_upgradeVerifier(request);
    }
    if (refusal) {
        refusal->setHeader("X-Request-Id", QByteArray::number(request.id));
        return refusal;
    }
    if (m_onSent) {
        HttpResponse switching = HttpResponse::noContent(101);
        m_onSent(request, switching);
    }
    return std::nullopt;
}

void HttpServerAdapter::takeWebSockets()
{
    while (m_server->hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_server->nextPendingWebSocketConnection();
        if (socket && m_webSocketHandler)
            m_webSocketHandler(std::move(socket));
    }
}

const HeaderList &HttpServerAdapter::defaultHeaders()
{
    static const HeaderList headers{
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Cache-Control", "no-store"},
        {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
    };
    return headers;
}

void HttpServerAdapter::stamp(HttpRequest &request)
{
    request.id = m_nextRequestId++;
    request.receivedAtNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::steady_clock::now().time_since_epoch())
                               .count();
}

void HttpServerAdapter::dispatch(HttpRequest request,
                                 std::unique_ptr<QHttpServerResponder> responder)
{
    stamp(request);
    HttpResponder answer(std::move(responder), request, m_onSent, m_alive);
    m_handler(std::move(request), std::move(answer));
}

} // namespace CutPilot::Api
