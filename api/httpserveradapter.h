#pragma once

#include "core/support/listenaddress.h"
#include "core/support/result.h"
#include "httpmessage.h"

#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class QHttpServerResponder;
class QTcpSocket;
class QWebSocket;

namespace CutPilot::Api {

class GuardedTcpServer;

/// Answers one request exactly once. Move-only; may be kept and used later (asynchronous work).
/// A responder dropped without an answer sends 500, so a client never hangs on a lost request.
class HttpResponder final
{
public:
    using SentCallback = std::function<void(const HttpRequest &, const HttpResponse &)>;

    /// `serverAlive` expires with the adapter: an answer after that is not written (see send()).
    HttpResponder(std::unique_ptr<QHttpServerResponder> responder, HttpRequest request,
                  SentCallback onSent, std::weak_ptr<const bool> serverAlive);
    HttpResponder(HttpResponder &&) noexcept;
    HttpResponder &operator=(HttpResponder &&) noexcept;
    ~HttpResponder();

    /// Writes the answer and reports it to the sent callback. Once the adapter is gone (a service
    /// answering after the API was deleted, at shutdown) nothing is written or reported.
    void send(HttpResponse response);
    bool isSent() const { return !m_responder; }
    /// Runs once, inside the first send() and before anything is written (the router's durability
    /// barrier, Router::Barrier): returns true when it took the answer over, having moved this
    /// responder away to send it later.
    using BeforeSend = std::function<bool(HttpResponder &self, HttpResponse &response)>;
    void setBeforeSend(BeforeSend hook) { m_beforeSend = std::move(hook); }
    const HttpRequest &request() const { return m_request; }
    /// The route that answers (metrics label it by name); set by the router.
    void setRouteName(const QString &name) { m_request.routeName = name; }

private:
    std::unique_ptr<QHttpServerResponder> m_responder;
    QPointer<QTcpSocket> m_socket;
    HttpRequest m_request;
    SentCallback m_onSent;
    std::weak_ptr<const bool> m_serverAlive;
    BeforeSend m_beforeSend;
};

/// The only place that knows how QHttpServer differs between Qt 6.4 (Debian 12, CI) and Qt 6.8+
/// (Windows/macOS users): request and header types, the responder API, and binding. It always binds
/// a QTcpServer of its own (the pattern that works in both, toolchain.md §2.3) and hands every
/// request to one callback; routing, 404/405 and security checks live above it, in
/// Router/ApiServer. Its QTcpServer puts a request guard in front of QHttpServer on every
/// connection (Limits; guardedtcpserver_p.h): size limits, timeouts and a connection cap.
class HttpServerAdapter final : public QObject
{
    Q_OBJECT

public:
    using RequestHandler = std::function<void(HttpRequest, HttpResponder)>;

    /// What one connection may cost, enforced at the socket before QHttpServer buffers anything
    /// (QHttpServer 6.4 has no limits of its own, toolchain.md §2.3). Refused requests get a JSON
    /// error (413, 431, 400, 501, 408; 503 over the connection cap) and the connection is closed.
    struct Limits
    {
        qint64 maxBodyBytes = 8 * 1024 * 1024; ///< Content-Length, or the sum of the chunks
        int maxHeaderBytes = 64 * 1024;        ///< request line and header fields
        int maxHeaderCount = 100;
        /// Open connections; the next ones get 503 (0: no cap). listen() raises the process's
        /// open-file limit to fit them where the system allows (POSIX soft RLIMIT_NOFILE).
        int maxConnections = 2048;
        /// No request in progress and no answer pending for this long: the connection is closed.
        std::chrono::milliseconds idleTimeout{30'000};
        /// From the first byte of a request: its headers must be complete within headerTimeout
        /// and the whole request within requestTimeout, or it gets 408 (a slow client).
        std::chrono::milliseconds headerTimeout{10'000};
        std::chrono::milliseconds requestTimeout{60'000};
        /// A refused connection is drained (so the peer reads the answer rather than a reset)
        /// for at most this long, then aborted.
        std::chrono::milliseconds lingerTimeout{2'000};
    };

    explicit HttpServerAdapter(RequestHandler handler, QObject *parent = nullptr);
    ~HttpServerAdapter() override;

    /// Applies to connections accepted afterwards; call it before listen().
    void setLimits(const Limits &limits);
    const Limits &limits() const { return m_limits; }

    /// Starts listening; port 0 picks a free port. Returns the address actually bound.
    Core::Result<Core::ListenAddress> listen(const Core::ListenAddress &address);
    /// Stops accepting new connections (open keep-alive connections finish their requests).
    void close();
    bool isListening() const;
    Core::ListenAddress address() const;

    /// Called after every response is written (request logging, metrics).
    void setSentCallback(HttpResponder::SentCallback callback);

    /// Decides on a WebSocket upgrade request before its handshake is answered: nullopt accepts
    /// it, a response refuses it (the response is written and the connection closed).
    using UpgradeVerifier = std::function<std::optional<HttpResponse>(const HttpRequest &)>;
    /// Takes an accepted WebSocket (already past the handshake).
    using WebSocketHandler = std::function<void(std::unique_ptr<QWebSocket>)>;
    /// WebSocket upgrades (`Upgrade: websocket` with `Connection: upgrade`). The verifier sees
    /// every upgrade request before QWebSocketServer answers it, the same way on Qt 6.4 (through
    /// handleRequest/missingHandler) and 6.8+ (addWebSocketUpgradeVerifier). Without handlers
    /// every upgrade is refused with 404. An accepted upgrade is reported to the sent callback
    /// as status 101 (one log line per request).
    void setWebSocketHandlers(UpgradeVerifier verify, WebSocketHandler accept);

    /// Headers every response gets unless the handler set them (security headers).
    static const HeaderList &defaultHeaders();

private:
    class Server;
    std::unique_ptr<Server> m_server;
    GuardedTcpServer *m_tcpServer = nullptr;
    Limits m_limits;
    RequestHandler m_handler;
    HttpResponder::SentCallback m_onSent;
    quint64 m_nextRequestId = 1;
    UpgradeVerifier m_upgradeVerifier;
    WebSocketHandler m_webSocketHandler;
    /// Responders hold it weakly. Declared after m_server, so it expires before the server and
    /// its connections are destroyed.
    std::shared_ptr<const bool> m_alive = std::make_shared<const bool>(true);

    friend class Server;
    void dispatch(HttpRequest request, std::unique_ptr<QHttpServerResponder> responder);
    /// Gives the request its id and arrival time.
    void stamp(HttpRequest &request);
    /// nullopt: accepted (and reported as 101); otherwise the refusal to write.
    std::optional<HttpResponse> verifyUpgrade(const HttpRequest &request);
    void takeWebSockets();
};

} // namespace CutPilot::Api
