#include "apiserver.h"

#include "core/services/draftworkspace.h"
#include "core/services/eventhub.h"
#include "core/support/log.h"
#include "httpserveradapter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QWebSocket>

#include <chrono>

namespace CutPilot::Api {

using namespace Qt::StringLiterals;

namespace {

/// "http://<address>/api/v1/drafts/": a draft's resource on this API is this and its id (§4.7).
QString draftUrlBase(const Core::ListenAddress &address)
{
    return u"http://%1/api/v1/drafts/"_s.arg(address.toString());
}

} // namespace

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
    // A responder may outlive the server (its answer still in a service's hands at shutdown):
    // the access log and metrics are skipped then, and already while ~ApiServer destroys them
    // (a QPointer to this would still be set until ~QObject).
    m_http->setSentCallback([this, alive = std::weak_ptr<const bool>(m_alive)](
                                const HttpRequest &request, const HttpResponse &response) {
        if (!alive.expired())
            onSent(request, response);
    });
    registerSystemRoutes();
    registerOperationsRoutes();
    if (Core::DraftWorkspace *workspace = m_deps.compat.workspace) {
        // An edit is answered once it is durable (the workspace writes behind the edits).
        m_router.setBarrier(Router::Barrier{
            [workspace] { return workspace->editSequence(); },
            [workspace](quint64 mark) { return workspace->hasUnsavedSince(mark); },
            [workspace, this](quint64 mark, Router::Barrier::Release release) {
                workspace->whenSaved(mark, this, [release = std::move(release)](Core::Result<> r) {
                    release(r ? std::nullopt : std::optional<Core::Error>(r.error()));
                });
            }});
    }
    if (m_deps.compat.workspace) {
        CompatServices compat = m_deps.compat;
        if (!compat.draftUrl) {
            // §4.7: by default the draft's resource on this API.
            compat.draftUrl = [this](const QString &id) -> QString {
                // Made once when listening; before that (not listening yet) from the address.
                return (m_draftUrlBase.isEmpty() ? draftUrlBase(address()) : m_draftUrlBase) + id;
            };
        }
        V1Services v1 = m_deps.v1;
        if (!v1.media)
            v1.media = compat.media; // one MediaService for both front doors' routes
        m_v1 = std::make_unique<V1::Context>(
            V1::Context{compat, v1, m_deps.buildInfo, &m_router, this});
        m_compat = std::make_unique<CompatApi>(std::move(compat));
        m_compat->registerRoutes(m_router);
        V1::registerRoutes(m_router, *m_v1);
        V1::registerCompatExportRoutes(m_router, *m_v1); // capcutapi-compat.md §10.2
    }
}

ApiServer::~ApiServer()
{
    m_alive.reset(); // before any member goes
}

Core::Result<Core::ListenAddress> ApiServer::start(const Core::ListenAddress &address)
{
    Core::Result<Core::ListenAddress> bound = m_http->listen(address);
    if (bound) {
        SecurityOptions options = m_security.options();
        options.port = bound->port();
        options.listenAddress = bound->host();
        m_security.setOptions(options);
        m_draftUrlBase = draftUrlBase(*bound);
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
    if (m_events)
        m_events->closeAll();
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
            if (m_v1) {
                for (const QString &capability : V1::capabilities(*m_v1))
                    capabilities.append(capability);
            }
            body.insert(u"capabilities"_s, capabilities);
            return HttpResponse::json(body);
        },
        Access::Token);
}

void ApiServer::registerOperationsRoutes()
{
    if (Core::DraftWorkspace *workspace = m_deps.compat.workspace) {
        OperationsHooks &hooks = m_deps.operations;
        if (!hooks.unsavedDraftChanges)
            hooks.unsavedDraftChanges = [workspace] {
                return workspace->unsavedChanges();
            };
        if (!hooks.draftsFailingToSave)
            hooks.draftsFailingToSave = [workspace] {
                return workspace->draftsFailingToSave();
            };
    }
    m_metrics = std::make_unique<Metrics>(m_deps.operations);
    // Public like /health (a supervisor probes it without the token); it names checks, never
    // paths.
    m_router.add(
        "GET", u"/ready"_s, u"ready"_s,
        u"Readiness: storage (and, once supervised, the editor) can serve requests."_s,
        [this](const HttpRequest &) { return m_metrics->ready(); }, Access::Public);
    // Operational data (routes, volumes, memory): token, like /api/v1.
    m_router.add(
        "GET", u"/metrics"_s, u"metrics"_s, u"Prometheus metrics (text exposition 0.0.4)."_s,
        [this](const HttpRequest &) {
            Metrics::Gauges gauges;
            gauges.webSocketClients = m_events ? m_events->clientCount() : 0;
            gauges.eventsPublished = m_deps.events ? m_deps.events->lastSeq() : 0;
            return HttpResponse::text(m_metrics->render(gauges), 200,
                                      "text/plain; version=0.0.4; charset=utf-8");
        },
        Access::Token);

    if (!m_deps.events)
        return;
    m_events = std::make_unique<EventsEndpoint>(*m_deps.events, m_security, m_deps.eventsOptions);
    m_http->setWebSocketHandlers(
        [this](const HttpRequest &request) { return m_events->verifyUpgrade(request); },
        [this](std::unique_ptr<QWebSocket> socket) { m_events->accept(std::move(socket)); });
    // In the table (and the OpenAPI document) too; a plain GET is told to upgrade.
    m_router.add(
        "GET", EventsEndpoint::path(), u"v1.events"_s,
        u"WebSocket event feed (hello, identify, events with seq; docs/api.md)."_s,
        [](const HttpRequest &) {
            HttpResponse response = HttpResponse::error(
                Core::Error(Core::ErrorCode::BadRequest,
                            u"this is a WebSocket endpoint: send 'Upgrade: websocket'"_s),
                426);
            response.setHeader("Upgrade", "websocket");
            return response;
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
    if (m_lastPeerText.empty() || request.remoteAddress != m_lastPeer) {
        m_lastPeer = request.remoteAddress;
        m_lastPeerText = request.remoteAddress.toString().toStdString();
    }
    m_accessLog->info("#{} {} {} -> {} ({} bytes, {:.2f} ms) from {}", request.id, request.method,
                      request.path, response.status, response.body.size(), ms, m_lastPeerText);
    // Upgrades are verified before routing: label them with the events route.
    static const QString eventsRoute = u"v1.events"_s;
    m_metrics->record(request.routeName.isEmpty() && request.path == EventsEndpoint::path()
                          ? eventsRoute
                          : request.routeName,
                      request.method, response.status, now - request.receivedAtNs);
    Q_EMIT requestServed(request.method, request.path, response.status);
}

} // namespace CutPilot::Api
