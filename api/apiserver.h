#pragma once

#include "compat/compatapi.h"
#include "core/support/buildinfo.h"
#include "core/support/listenaddress.h"
#include "core/support/log.h"
#include "core/support/result.h"
#include "events.h"
#include "metrics.h"
#include "router.h"
#include "v1/v1support.h"

#include <QHostAddress>
#include <QObject>

#include <memory>
#include <string>

namespace CutPilot::Api {

class HttpServerAdapter;

/// The local API: one HTTP listener with the route table. Created by the composition root with
/// the services it exposes; routes only parse, call a service and serialize (house style).
class ApiServer final : public QObject
{
    Q_OBJECT

public:
    struct Dependencies
    {
        Core::BuildInfo buildInfo;
        /// Token, rate limits, bans; port and listen address are filled in by start().
        SecurityOptions security;
        /// The CapCutAPI drop-in routes are registered when compat.workspace is set.
        CompatServices compat;
        /// /api/v1 resources (registered when compat.workspace is set; they share its workspace,
        /// profile, drafts folder, path policy and catalogs). Null services answer 503.
        V1Services v1 = {};
        /// The WebSocket event feed at /api/v1/events is served when set (api/events.h).
        Core::EventHub *events = nullptr;
        EventsEndpoint::Options eventsOptions = {};
        /// What /ready and /metrics ask the application (api/metrics.h).
        OperationsHooks operations = {};
    };

    explicit ApiServer(Dependencies dependencies, QObject *parent = nullptr);
    ~ApiServer() override;

    /// Binds and starts serving. On error nothing listens (e.g. AddressInUse).
    Core::Result<Core::ListenAddress> start(const Core::ListenAddress &address);
    void stop();
    bool isListening() const;
    Core::ListenAddress address() const;

    const Router &router() const { return m_router; }
    Router &router() { return m_router; }

    /// The API token (from ApiTokenStore); until it is set, token routes answer 503.
    void setToken(const QString &token);
    void setRequireTokenEverywhere(bool required);
    SecurityPolicy &security() { return m_security; }
    /// The /metrics registry (e.g. for recordDownload()).
    Metrics &metrics() { return *m_metrics; }
    /// The WebSocket event feed; nullptr without Dependencies::events.
    EventsEndpoint *events() { return m_events.get(); }

Q_SIGNALS:
    void requestServed(const QByteArray &method, const QString &path, int status);

private:
    void registerSystemRoutes();
    void registerOperationsRoutes();
    std::optional<HttpResponse> gate(const HttpRequest &request, const Router::Route *route);
    void onSent(const HttpRequest &request, const HttpResponse &response);

    /// Expires when destruction starts; answers sent after that are not logged or counted.
    std::shared_ptr<const bool> m_alive = std::make_shared<const bool>(true);
    Dependencies m_deps;
    Router m_router;
    SecurityPolicy m_security;
    /// "http://<listen address>/api/v1/drafts/" once listening (the compat routes' draft_url;
    /// declared before them, so it outlives them).
    QString m_draftUrlBase;
    std::unique_ptr<CompatApi> m_compat;
    std::unique_ptr<V1::Context> m_v1; ///< referenced by the /api/v1 routes
    std::unique_ptr<HttpServerAdapter> m_http;
    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<EventsEndpoint> m_events;
    Core::Log::CachedLogger m_accessLog{Core::Log::Access};
    QHostAddress m_lastPeer;    ///< the access log's last client address ...
    std::string m_lastPeerText; ///< ... as text (clients are few, requests many)
};

} // namespace CutPilot::Api
