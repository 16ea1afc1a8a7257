#pragma once

#include "compat/compatapi.h"
#include "core/support/buildinfo.h"
#include "core/support/listenaddress.h"
#include "core/support/result.h"
#include "router.h"

#include <QObject>

#include <memory>

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

Q_SIGNALS:
    void requestServed(const QByteArray &method, const QString &path, int status);

private:
    void registerSystemRoutes();
    std::optional<HttpResponse> gate(const HttpRequest &request, const Router::Route *route);
    void onSent(const HttpRequest &request, const HttpResponse &response);

    Dependencies m_deps;
    Router m_router;
    SecurityPolicy m_security;
    std::unique_ptr<CompatApi> m_compat;
    std::unique_ptr<HttpServerAdapter> m_http;
};

} // namespace CutPilot::Api
