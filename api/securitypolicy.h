#pragma once

#include "core/support/error.h"
#include "httpmessage.h"

#include <QHash>
#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <deque>
#include <optional>

namespace CutPilot::Api {

/// Who may call a route (issue 5, "Security, on by default").
enum class Access {
    Public, ///< liveness only (/health): no token, still Host/Origin checked
    Compat, ///< CapCutAPI drop-in routes: no token from a plain loopback script, else the token
    Token,  ///< /api/v1 and the WebSocket: always the token
};

struct SecurityOptions
{
    QString token;                       ///< empty: token routes answer 503 until it is known
    bool requireTokenEverywhere = false; ///< the setting: compat routes need the token too
    quint16 port = 0;                    ///< the bound port (Host and Origin must name it)
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    QStringList extraHosts;    ///< host names besides localhost allowed in Host/Origin
    int banAfterFailures = 10; ///< wrong tokens within banWindowMs ban the client
    int banWindowMs = 60'000;
    int banMs = 5 * 60'000;
    double remoteRatePerSecond = 50; ///< per non-loopback client; 0 = unlimited
    int remoteBurst = 100;
    double loopbackRatePerSecond = 0; ///< per loopback client; 0 = unlimited (local batch scripts)
    int loopbackBurst = 0;
    int maxTrackedClients = 10'000; ///< bound on per-client state
};

/// A refused request: status, the error to report and extra headers (Retry-After,
/// WWW-Authenticate).
struct Refusal
{
    int status = 403;
    Core::Error error;
    HeaderList headers;
};

/// Decides, per request and before any route code runs, whether it may proceed: DNS-rebinding
/// protection (Host), cross-site requests (Origin, Sec-Fetch-Site), per-client rate limits, the
/// Bearer token compared in constant time, and a temporary ban after repeated wrong tokens.
/// Lives on the API thread; not thread-safe.
class SecurityPolicy final
{
public:
    explicit SecurityPolicy(SecurityOptions options = {});

    void setOptions(SecurityOptions options);
    const SecurityOptions &options() const { return m_options; }
    void setToken(const QString &token) { m_options.token = token; }

    /// nullopt: go ahead. `nowMs`: a steady clock in milliseconds.
    std::optional<Refusal> admit(const HttpRequest &request, Access access, qint64 nowMs);

    /// Whether a request carries what browsers add to cross-site or scripted page requests.
    static bool hasBrowserMarkers(const HttpRequest &request);
    /// Whether `host` (a Host header value) names this server.
    bool isAllowedHost(QByteArrayView host) const;
    /// Whether `origin` (an Origin header value) is this server's own origin.
    bool isAllowedOrigin(QByteArrayView origin) const;
    bool isBanned(const QHostAddress &client, qint64 nowMs) const;
    /// A token that arrives outside the Authorization header (the WebSocket `identify` message):
    /// the same ban check, constant-time compare and wrong-token counting (towards the ban) as
    /// admit() gives a token route. nullopt: the token is right.
    std::optional<Refusal> verifyToken(QByteArrayView token, const QHostAddress &address,
                                       qint64 nowMs)
    {
        Client &c = client(address, nowMs);
        if (c.bannedUntil > nowMs)
            return Refusal{403,
                           Core::Error(Core::ErrorCode::Forbidden,
                                       QStringLiteral("this client is banned after repeated "
                                                      "wrong API tokens")),
                           {}};
        HttpRequest request;
        request.remoteAddress = address;
        request.headers.append({"Authorization", "Bearer " + token.toByteArray()});
        return authenticate(request, c, nowMs);
    }
    int trackedClients() const { return int(m_clients.size()); }

private:
    struct Client
    {
        std::deque<qint64> failures;
        qint64 bannedUntil = 0;
        double tokens = -1; ///< rate-limit bucket; -1 = full
        qint64 refilledAt = 0;
        qint64 lastSeen = 0;
    };
    Client &client(const QHostAddress &address, qint64 nowMs);
    std::optional<Refusal> rateLimit(Client &c, bool loopback, qint64 nowMs);
    std::optional<Refusal> authenticate(const HttpRequest &request, Client &c, qint64 nowMs);
    bool isOwnHostName(const QString &name) const;

    SecurityOptions m_options;
    /// The Host value isAllowedHost() last accepted, byte for byte; cleared with the options.
    mutable QByteArray m_lastAllowedHost;
    QHash<QHostAddress, Client> m_clients; ///< by address (IPv4-mapped IPv6 folded to IPv4)
};

} // namespace CutPilot::Api
