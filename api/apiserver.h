#pragma once

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
    };

    explicit ApiServer(Dependencies dependencies, QObject *parent = nullptr);
    ~ApiServer() override;

    /// Binds and starts serving. On error nothing listens (e.g. AddressInUse).
    Core::Result<Core::ListenAddress> start(const Core::ListenAddress &address);
    void stop();
    bool isListening() const;
    Core::ListenAddress address() const;

    const Router &router() const { return m_router; }

Q_SIGNALS:
    void requestServed(const QByteArray &method, const QString &path, int status);

private:
    void registerSystemRoutes();
    void onSent(const HttpRequest &request, const HttpResponse &response);

    Dependencies m_deps;
    Router m_router;
    std::unique_ptr<HttpServerAdapter> m_http;
};

} // namespace CutPilot::Api
