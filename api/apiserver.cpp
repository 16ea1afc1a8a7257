#include "apiserver.h"

#include "core/support/log.h"
#include "httpserveradapter.h"

#include <QJsonArray>
#include <QJsonObject>

#include <chrono>

namespace CutPilot::Api {

using namespace Qt::StringLiterals;

ApiServer::ApiServer(Dependencies dependencies, QObject *parent)
    : QObject(parent)
    , m_deps(std::move(dependencies))
    , m_security(m_deps.security)
{
    m_router.setGate([this](const HttpRequest &request, const Router::Route *route) {
        return gate(request, route);
    });
    m_http
        = std::make_unique<HttpServerAdapter>([this](HttpRequest request, HttpResponder responder) {
              m_router.dispatch(std::move(request), std::move(responder));
          });
    m_http->setSentCallback([this](const HttpRequest &request, const HttpResponse &response) {
        onSent(request, response);
    });
    registerSystemRoutes();
    if (m_deps.compat.workspace) {
        CompatServices compat = m_deps.compat;
        if (!compat.draftUrl) {
            // §4.7: by default the draft's resource on this API.
            compat.draftUrl = [this](const QString &id) {
                return u"http://%1/api/v1/drafts/%2"_s.arg(address().toString(), id);
            };
        }
        m_compat = std::make_unique<CompatApi>(std::move(compat));
        m_compat->registerRoutes(m_router);
    }
}

ApiServer::~ApiServer() = default;

Core::Result<Core::ListenAddress> ApiServer::start(const Core::ListenAddress &address)
{
    Core::Result<Core::ListenAddress> bound = m_http->listen(address);
    if (bound) {
        SecurityOptions options = m_security.options();
        options.port = bound->port();
        options.listenAddress = bound->host();
        m_security.setOptions(options);
        Core::Log::get(Core::Log::Api)->info("API listening on {}", bound->toUrl());
    }
    return bound;
}

void ApiServer::setToken(const QString &token)
{
    m_security.setToken(token);
}

void ApiServer::setRequireTokenEverywhere(bool required)
{
    SecurityOptions options = m_security.options();
    options.requireTokenEverywhere = required;
    m_security.setOptions(options);
}

std::optional<HttpResponse> ApiServer::gate(const HttpRequest &request, const Router::Route *route)
{
    const bool v1 = request.path == u"/api/v1"_s || request.path.startsWith(u"/api/v1/"_s);
    // Unknown paths under /api/v1 need the token too: no probing for what exists.
    const Access access = route ? route->access : (v1 ? Access::Token : Access::Compat);
    const qint64 nowMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now().time_since_epoch())
                             .count();
    std::optional<Refusal> refused = m_security.admit(request, access, nowMs);
    if (!refused)
        return std::nullopt;
    const bool compat = route && route->style == Router::ErrorStyle::Compat;
    HttpResponse response
        = compat ? HttpResponse::envelope(false, {}, refused->error.message(), refused->status)
                 : HttpResponse::error(refused->error, refused->status);
    for (const auto &[name, value] : std::as_const(refused->headers))
        response.setHeader(name, value);
    return response;
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
    m_router.add(
        "GET", u"/health"_s, u"health"_s, u"Liveness: the process serves requests."_s,
        [this](const HttpRequest &) {
            return HttpResponse::json(QJsonObject{
                {u"status"_s, u"ok"_s},
                {u"version"_s, m_deps.buildInfo.version},
            });
        },
        Access::Public);
    m_router.add(
        "GET", u"/version"_s, u"version"_s, u"Version and build information of this CutPilot."_s,
        [this](const HttpRequest &) { return HttpResponse::json(m_deps.buildInfo.toJson()); });
    m_router.add(
        "GET", u"/api/v1/version"_s, u"v1.version"_s,
        u"Version, build and the capabilities this API offers."_s,
        [this](const HttpRequest &) {
            QJsonObject body = m_deps.buildInfo.toJson();
            body.insert(u"api"_s, u"v1"_s);
            QJsonArray capabilities;
            if (m_compat)
                capabilities.append(u"capcutapi-compat"_s);
            body.insert(u"capabilities"_s, capabilities);
            return HttpResponse::json(body);
        },
        Access::Token);
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
