#include "httpserveradapter.h"

#include "core/support/log.h"
#include "guardedtcpserver_p.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtGlobal>

#include <chrono>

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpHeaders>
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
    out.path = request.url().path();
    out.query = QUrlQuery(request.url());
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    const QHttpHeaders headers = request.headers();
    for (qsizetype i = 0; i < headers.size(); ++i)
        out.headers.append({headers.nameAt(i).toByteArray(), headers.valueAt(i).toByteArray()});
#else
    for (const auto &header : request.headers())
        out.headers.append({header.first, header.second});
#endif
    out.body = request.body();
    out.remoteAddress = request.remoteAddress();
    return out;
}

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
#else
    QHttpServerResponse out(response.contentType, response.body, status);
    if (response.contentType.isEmpty())
        out.clearHeader("Content-Type");
    for (const auto &[name, value] : std::as_const(headers))
        out.addHeader(name, value);
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    responder.sendResponse(out);
#else
    out.write(std::move(responder));
#endif
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
        m_owner->dispatch(toHttpRequest(request),
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
        // Unreachable: handleRequest() accepts every request. Kept for the pure virtual.
        m_owner->dispatch(toHttpRequest(request),
                          std::make_unique<QHttpServerResponder>(std::move(responder)));
    }
#else
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        m_owner->dispatch(toHttpRequest(request),
                          std::make_unique<QHttpServerResponder>(makeResponder(request, socket)));
        return true;
    }
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        m_owner->dispatch(toHttpRequest(request),
                          std::make_unique<QHttpServerResponder>(makeResponder(request, socket)));
    }
#endif

private:
    HttpServerAdapter *m_owner;
};

// --- HttpResponder -----------------------------------------------------------------------------

HttpResponder::HttpResponder(std::unique_ptr<QHttpServerResponder> responder, HttpRequest request,
                             SentCallback onSent)
    : m_responder(std::move(responder))
    , m_request(std::move(request))
    , m_onSent(std::move(onSent))
{
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    m_socket = m_responder->socket();
#endif
}

HttpResponder::HttpResponder(HttpResponder &&) noexcept = default;
HttpResponder &HttpResponder::operator=(HttpResponder &&) noexcept = default;

HttpResponder::~HttpResponder()
{
    if (m_responder) {
        Core::Log::get(Core::Log::Api)
            ->error("request {} {} {} was dropped without an answer", m_request.id,
                    m_request.method, m_request.path);
        send(HttpResponse::error(Core::Error::internal(u"the request was not answered"_s)));
    }
}

void HttpResponder::send(HttpResponse response)
{
    if (!m_responder)
        return;
    std::unique_ptr<QHttpServerResponder> responder = std::move(m_responder);
    response.setHeader("X-Request-Id", QByteArray::number(m_request.id));
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    // Qt 6.4's responder keeps a raw socket pointer: never write after the client went away.
    if (!m_socket)
        return;
#endif
    writeResponse(*responder, response);
    if (m_onSent)
        m_onSent(m_request, response);
}

// --- HttpServerAdapter -------------------------------------------------------------------------

HttpServerAdapter::HttpServerAdapter(RequestHandler handler, QObject *parent)
    : QObject(parent)
    , m_server(std::make_unique<Server>(this))
    , m_handler(std::move(handler))
{
}

HttpServerAdapter::~HttpServerAdapter() = default;

Core::Result<Core::ListenAddress> HttpServerAdapter::listen(const Core::ListenAddress &address)
{
    if (m_tcpServer && m_tcpServer->isListening())
        return Core::Error(Core::ErrorCode::Conflict, u"the API server already listens on %1"_s.arg(
                                                          this->address().toString()));

    // Every connection passes the request guard first (guardedtcpserver_p.h): QHttpServer itself
    // has no size limits or timeouts in 6.4.
    auto tcp = std::make_unique<GuardedTcpServer>(m_limits);
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

HeaderList HttpServerAdapter::defaultHeaders()
{
    return {
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Cache-Control", "no-store"},
        {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
    };
}

void HttpServerAdapter::dispatch(HttpRequest request,
                                 std::unique_ptr<QHttpServerResponder> responder)
{
    request.id = m_nextRequestId++;
    request.receivedAtNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::steady_clock::now().time_since_epoch())
                               .count();
    HttpResponder answer(std::move(responder), request, m_onSent);
    m_handler(std::move(request), std::move(answer));
}

} // namespace CutPilot::Api
