#include "apiserver.h"

#include "core/support/log.h"
#include "httpserveradapter.h"

#include <QJsonObject>

#include <chrono>

namespace CutPilot::Api {

using namespace Qt::StringLiterals;

ApiServer::ApiServer(Dependencies dependencies, QObject *parent)
    : QObject(parent)
    , m_deps(std::move(dependencies))
{
    m_http
        = std::make_unique<HttpServerAdapter>([this](HttpRequest request, HttpResponder responder) {
              m_router.dispatch(std::move(request), std::move(responder));
          });
    m_http->setSentCallback([this](const HttpRequest &request, const HttpResponse &response) {
        onSent(request, response);
    });
    registerSystemRoutes();
}

ApiServer::~ApiServer() = default;

Core::Result<Core::ListenAddress> ApiServer::start(const Core::ListenAddress &address)
{
    Core::Result<Core::ListenAddress> bound = m_http->listen(address);
    if (bound)
        Core::Log::get(Core::Log::Api)->info("API listening on {}", bound->toUrl());
    return bound;
}

void ApiServer::stop()
{
    m_http->close();
}

bool ApiServer::isListening() const
{
    return m_http->isListening();
}

Core::ListenAddress ApiServer::address() const
{
    return m_http->address();
}

void ApiServer::registerSystemRoutes()
{
    m_router.add("GET", u"/health"_s, u"health"_s, u"Liveness: the process serves requests."_s,
                 [this](const HttpRequest &) {
                     return HttpResponse::json(QJsonObject{
                         {u"status"_s, u"ok"_s},
                         {u"version"_s, m_deps.buildInfo.version},
                     });
                 });
    m_router.add(
        "GET", u"/version"_s, u"version"_s, u"Version and build information of this CutPilot."_s,
        [this](const HttpRequest &) { return HttpResponse::json(m_deps.buildInfo.toJson()); });
}

void ApiServer::onSent(const HttpRequest &request, const HttpResponse &response)
{
    const auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::steady_clock::now().time_since_epoch())
                         .count();
    const double ms = double(now - request.receivedAtNs) / 1e6;
    // One line per request, with its id; never headers (they may carry the token).
    Core::Log::get(Core::Log::Api)
        ->info("#{} {} {} -> {} ({} bytes, {:.2f} ms) from {}", request.id, request.method,
               request.path, response.status, response.body.size(), ms,
               request.remoteAddress.toString());
    Q_EMIT requestServed(request.method, request.path, response.status);
}

} // namespace CutPilot::Api
