#pragma once

#include "core/support/listenaddress.h"
#include "core/support/result.h"
#include "httpmessage.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QTcpServer;
class QHttpServerResponder;
class QTcpSocket;

namespace CutPilot::Api {

/// Answers one request exactly once. Move-only; may be kept and used later (asynchronous work).
/// A responder dropped without an answer sends 500, so a client never hangs on a lost request.
class HttpResponder final
{
public:
    using SentCallback = std::function<void(const HttpRequest &, const HttpResponse &)>;

    HttpResponder(std::unique_ptr<QHttpServerResponder> responder, HttpRequest request,
                  SentCallback onSent);
    HttpResponder(HttpResponder &&) noexcept;
    HttpResponder &operator=(HttpResponder &&) noexcept;
    ~HttpResponder();

    void send(HttpResponse response);
    bool isSent() const { return !m_responder; }
    const HttpRequest &request() const { return m_request; }

private:
    std::unique_ptr<QHttpServerResponder> m_responder;
    QPointer<QTcpSocket> m_socket;
    HttpRequest m_request;
    SentCallback m_onSent;
};

/// The only place that knows how QHttpServer differs between Qt 6.4 (Debian 12, CI) and Qt 6.8+
/// (Windows/macOS users): request and header types, the responder API, and binding. It always binds
/// a QTcpServer of its own (the pattern that works in both, toolchain.md §2.3) and hands every
/// request to one callback; routing, 404/405 and security checks live above it, in
/// Router/ApiServer.
class HttpServerAdapter final : public QObject
{
    Q_OBJECT

public:
    using RequestHandler = std::function<void(HttpRequest, HttpResponder)>;

    explicit HttpServerAdapter(RequestHandler handler, QObject *parent = nullptr);
    ~HttpServerAdapter() override;

    /// Starts listening; port 0 picks a free port. Returns the address actually bound.
    Core::Result<Core::ListenAddress> listen(const Core::ListenAddress &address);
    /// Stops accepting new connections (open keep-alive connections finish their requests).
    void close();
    bool isListening() const;
    Core::ListenAddress address() const;

    /// Called after every response is written (request logging, metrics).
    void setSentCallback(HttpResponder::SentCallback callback);

    /// Headers every response gets unless the handler set them (security headers).
    static HeaderList defaultHeaders();

private:
    class Server;
    std::unique_ptr<Server> m_server;
    QTcpServer *m_tcpServer = nullptr;
    RequestHandler m_handler;
    HttpResponder::SentCallback m_onSent;
    quint64 m_nextRequestId = 1;

    friend class Server;
    void dispatch(HttpRequest request, std::unique_ptr<QHttpServerResponder> responder);
};

} // namespace CutPilot::Api
