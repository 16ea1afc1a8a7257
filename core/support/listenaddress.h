#pragma once

#include "result.h"

#include <QHostAddress>
#include <QMetaType>
#include <QString>

namespace CutPilot::Core {

/// Where the local API listens: an IP address and a TCP port ("127.0.0.1:9001", "[::1]:9001").
class ListenAddress final
{
public:
    static constexpr quint16 DefaultPort = 9001;

    ListenAddress() = default;
    ListenAddress(QHostAddress host, quint16 port);

    /// The default: loopback only (security first; see spec/capcutapi-compat.md §1).
    static ListenAddress defaultAddress();

    enum class PortPolicy {
        AllowEphemeral, ///< port 0 = "any free port" (tests, scripts)
        RequireFixed,   ///< 1..65535 (what settings store)
    };
    /// Parses "ADDR:PORT". ADDR is an IPv4 address, a bracketed IPv6 address or "localhost".
    static Result<ListenAddress> parse(const QString &text,
                                       PortPolicy policy = PortPolicy::AllowEphemeral);

    const QHostAddress &host() const { return m_host; }
    quint16 port() const { return m_port; }
    bool isLoopback() const { return m_host.isLoopback(); }
    bool isNull() const { return m_host.isNull(); }

    /// "127.0.0.1:9001", "[::1]:9001"
    QString toString() const;
    /// "http://127.0.0.1:9001"
    QString toUrl() const;

    friend bool operator==(const ListenAddress &a, const ListenAddress &b)
    {
        return a.m_host == b.m_host && a.m_port == b.m_port;
    }

private:
    QHostAddress m_host;
    quint16 m_port = 0;
};

} // namespace CutPilot::Core

Q_DECLARE_METATYPE(CutPilot::Core::ListenAddress)
