#include "securitypolicy.h"

#include "core/support/apitokenstore.h"
#include "core/support/log.h"

#include <QUrl>

#include <cmath>

namespace CutPilot::Api {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::ErrorCode;

namespace {

/// The address a client is tracked by: IPv4-mapped IPv6 folded to IPv4. No text: this runs for
/// every request.
QHostAddress clientKey(const QHostAddress &address)
{
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return address;
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    return mapped ? QHostAddress(v4) : address;
}

bool isLoopback(const QHostAddress &address)
{
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    return mapped ? QHostAddress(v4).isLoopback() : address.isLoopback();
}

/// Splits "host[:port]" / "[v6]:port"; port -1 when absent, -2 when malformed.
std::pair<QString, int> splitHostPort(QByteArrayView value)
{
    const QString text = QString::fromLatin1(value).trimmed();
    QString host = text;
    QString port;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0)
            return {QString(), -2};
        host = text.mid(1, close - 1);
        const QString rest = text.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(u':'))
                return {QString(), -2};
            port = rest.mid(1);
        }
    } else if (const qsizetype colon = text.lastIndexOf(u':'); colon >= 0) {
        if (text.indexOf(u':') != colon)
            return {QString(), -2}; // bare IPv6 without brackets is not a valid Host
        host = text.left(colon);
        port = text.mid(colon + 1);
    }
    if (port.isNull())
        return {host.toLower(), -1};
    bool ok = false;
    const int p = port.toInt(&ok);
    if (!ok || p < 0 || p > 65535)
        return {QString(), -2};
    return {host.toLower(), p};
}

Refusal refuse(int status, ErrorCode code, const QString &message, HeaderList headers = {})
{
    return Refusal{status, Error(code, message), std::move(headers)};
}

} // namespace

SecurityPolicy::SecurityPolicy(SecurityOptions options)
    : m_options(std::move(options))
{
}

void SecurityPolicy::setOptions(SecurityOptions options)
{
    m_options = std::move(options);
    m_lastAllowedHost.clear(); // the port or the extra host names may have changed
}

bool SecurityPolicy::hasBrowserMarkers(const HttpRequest &request)
{
    if (request.hasHeader("Origin"))
        return true;
    const QByteArray site = request.header("Sec-Fetch-Site").trimmed().toLower();
    return !site.isEmpty() && site != "none";
}

bool SecurityPolicy::isOwnHostName(const QString &name) const
{
    if (name == u"localhost")
        return true;
    for (const QString &extra : m_options.extraHosts) {
        if (name.compare(extra, Qt::CaseInsensitive) == 0)
            return true;
    }
    QHostAddress literal;
    if (!literal.setAddress(name))
        return false; // another name: could be an attacker's domain rebound to 127.0.0.1
    if (literal.isLoopback())
        return true;
    const QHostAddress &listen = m_options.listenAddress;
    if (listen == QHostAddress::Any || listen == QHostAddress::AnyIPv4
        || listen == QHostAddress::AnyIPv6)
        return true; // any of this machine's addresses, as an IP literal
    return literal.isEqual(listen, QHostAddress::TolerantConversion);
}

bool SecurityPolicy::isAllowedHost(QByteArrayView host) const
{
    // Every request names the same host or two: the last one allowed is remembered as sent.
    if (!m_lastAllowedHost.isNull() && host == m_lastAllowedHost)
        return true;
    const auto [name, port] = splitHostPort(host);
    if (port == -2 || name.isEmpty())
        return false;
    const int expected = m_options.port;
    if (port == -1 ? expected != 80 : port != expected)
        return false;
    if (!isOwnHostName(name))
        return false;
    m_lastAllowedHost = host.toByteArray();
    return true;
}

bool SecurityPolicy::isAllowedOrigin(QByteArrayView origin) const
{
    const QUrl url(QString::fromLatin1(origin).trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != u"http"_s || !url.path().isEmpty()
        || !url.userInfo().isEmpty())
        return false;
    if (url.port(80) != m_options.port)
        return false;
    return isOwnHostName(url.host().toLower());
}

bool SecurityPolicy::isBanned(const QHostAddress &address, qint64 nowMs) const
{
    const auto it = m_clients.constFind(clientKey(address));
    return it != m_clients.constEnd() && it->bannedUntil > nowMs;
}

SecurityPolicy::Client &SecurityPolicy::client(const QHostAddress &address, qint64 nowMs)
{
    const QHostAddress key = clientKey(address);
    auto it = m_clients.find(key);
    if (it == m_clients.end()) {
        if (m_clients.size() >= m_options.maxTrackedClients) {
            // Forget clients that are neither banned nor recently seen; a flood of new
            // addresses cannot grow this map without bound.
            for (auto c = m_clients.begin(); c != m_clients.end();) {
                if (c->bannedUntil <= nowMs && nowMs - c->lastSeen > 60'000)
                    c = m_clients.erase(c);
                else
                    ++c;
            }
            if (m_clients.size() >= m_options.maxTrackedClients)
                m_clients.erase(m_clients.begin());
        }
        it = m_clients.insert(key, Client{});
    }
    it->lastSeen = nowMs;
    return *it;
}

std::optional<Refusal> SecurityPolicy::rateLimit(Client &c, bool loopback, qint64 nowMs)
{
    const double rate = loopback ? m_options.loopbackRatePerSecond : m_options.remoteRatePerSecond;
    const int burst = std::max(1, loopback ? m_options.loopbackBurst : m_options.remoteBurst);
    if (rate <= 0)
        return std::nullopt;
    if (c.tokens < 0) {
        c.tokens = burst;
        c.refilledAt = nowMs;
    }
    c.tokens = std::min<double>(burst, c.tokens + (nowMs - c.refilledAt) * rate / 1000.0);
    c.refilledAt = nowMs;
    if (c.tokens >= 1) {
        c.tokens -= 1;
        return std::nullopt;
    }
    const int retryAfter = std::max(1, int(std::ceil((1 - c.tokens) / rate)));
    return refuse(
        429, ErrorCode::RateLimited,
        u"too many requests: at most %1 a second from one client; retry in %2 s"_s.arg(rate).arg(
            retryAfter),
        {{"Retry-After", QByteArray::number(retryAfter)}});
}

std::optional<Refusal> SecurityPolicy::authenticate(const HttpRequest &request, Client &c,
                                                    qint64 nowMs)
{
    const HeaderList challenge{{"WWW-Authenticate", "Bearer realm=\"CutPilot\""}};
    if (m_options.token.isEmpty())
        return refuse(503, ErrorCode::Unavailable,
                      u"the API token is not ready yet (the keychain is still answering); retry in "
                      "a moment"_s,
                      {{"Retry-After", "1"}});
    const QByteArray header = request.header("Authorization").trimmed();
    if (header.isEmpty())
        return refuse(401, ErrorCode::Unauthorized,
                      u"this request needs the API token: send 'Authorization: Bearer <token>' "
                      "(the token is in CutPilot's settings, or set CUTPILOT_API_TOKEN)"_s,
                      challenge);
    const QByteArray given = header.size() > 7 && header.first(7).toLower() == "bearer "
                                 ? header.mid(7).trimmed()
                                 : QByteArray();
    if (Core::ApiTokenStore::equals(given, m_options.token.toUtf8()))
        return std::nullopt;
    c.failures.push_back(nowMs);
    while (!c.failures.empty() && nowMs - c.failures.front() > m_options.banWindowMs)
        c.failures.pop_front();
    if (int(c.failures.size()) >= m_options.banAfterFailures) {
        c.bannedUntil = nowMs + m_options.banMs;
        c.failures.clear();
        Core::Log::get(Core::Log::Api)
            ->warn("client {} banned for {} s after {} wrong API tokens",
                   clientKey(request.remoteAddress).toString(), m_options.banMs / 1000,
                   m_options.banAfterFailures);
    }
    return refuse(401, ErrorCode::Unauthorized,
                  given.isEmpty() ? u"the Authorization header must be 'Bearer <token>'"_s
                                  : u"wrong API token"_s,
                  challenge);
}

std::optional<Refusal> SecurityPolicy::admit(const HttpRequest &request, Access access,
                                             qint64 nowMs)
{
    Client &c = client(request.remoteAddress, nowMs);
    if (c.bannedUntil > nowMs) {
        const qint64 seconds = (c.bannedUntil - nowMs + 999) / 1000;
        return refuse(
            403, ErrorCode::Forbidden,
            u"this client is banned for %1 s after repeated wrong API tokens"_s.arg(seconds),
            {{"Retry-After", QByteArray::number(seconds)}});
    }
    const QByteArray host = request.header("Host");
    if (host.isEmpty())
        return refuse(400, ErrorCode::BadRequest, u"the Host header is missing"_s);
    if (!isAllowedHost(host))
        return refuse(403, ErrorCode::Forbidden,
                      u"Host '%1' is not this server (only localhost and this machine's addresses "
                      "with port %2 are answered: DNS-rebinding protection)"_s
                          .arg(QString::fromLatin1(host.left(200)))
                          .arg(m_options.port));
    const QByteArray origin = request.header("Origin");
    if (!origin.isEmpty() && !isAllowedOrigin(origin))
        return refuse(403, ErrorCode::Forbidden,
                      u"cross-site requests are refused (Origin '%1')"_s.arg(
                          QString::fromLatin1(origin.left(200))));
    const bool loopback = isLoopback(request.remoteAddress);
    if (std::optional<Refusal> limited = rateLimit(c, loopback, nowMs))
        return limited;

    bool needsToken = access == Access::Token;
    if (access == Access::Compat) {
        const bool listenLoopback = m_options.listenAddress.isLoopback();
        needsToken = m_options.requireTokenEverywhere || !loopback || !listenLoopback
                     || hasBrowserMarkers(request);
    }
    if (access == Access::Public)
        needsToken = false;
    return needsToken ? authenticate(request, c, nowMs) : std::nullopt;
}

} // namespace CutPilot::Api
