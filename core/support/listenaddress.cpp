#include "listenaddress.h"

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

ListenAddress::ListenAddress(QHostAddress host, quint16 port)
    : m_host(std::move(host))
    , m_port(port)
{
}

ListenAddress ListenAddress::defaultAddress()
{
    return ListenAddress(QHostAddress(QHostAddress::LocalHost), DefaultPort);
}

Result<ListenAddress> ListenAddress::parse(const QString &text, PortPolicy policy)
{
    const QString trimmed = text.trimmed();
    const QString field = u"listen"_s;
    if (trimmed.isEmpty())
        return Error::invalidArgument(field, u"listen address is empty; expected ADDR:PORT"_s);

    QString hostPart;
    QString portPart;
    if (trimmed.startsWith(u'[')) {
        const qsizetype close = trimmed.indexOf(u']');
        if (close < 0 || close + 1 >= trimmed.size() || trimmed.at(close + 1) != u':') {
            return Error::invalidArgument(
                field, u"'%1' is not ADDR:PORT; write IPv6 addresses as [::1]:9001"_s.arg(trimmed));
        }
        hostPart = trimmed.mid(1, close - 1);
        portPart = trimmed.mid(close + 2);
    } else {
        const qsizetype colon = trimmed.lastIndexOf(u':');
        if (colon <= 0) {
            return Error::invalidArgument(
                field, u"'%1' is not ADDR:PORT (example: 127.0.0.1:9001)"_s.arg(trimmed));
        }
        hostPart = trimmed.left(colon);
        portPart = trimmed.mid(colon + 1);
        if (hostPart.contains(u':')) {
            return Error::invalidArgument(
                field, u"'%1': write IPv6 addresses in brackets, e.g. [::1]:9001"_s.arg(trimmed));
        }
    }

    QHostAddress host;
    if (hostPart.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (!host.setAddress(hostPart) || hostPart.contains(u'%'))
        return Error::invalidArgument(
            field,
            u"'%1' is not an IP address (host names other than localhost are not accepted)"_s.arg(
                hostPart));

    bool ok = false;
    const uint port = portPart.toUInt(&ok, 10);
    if (!ok || portPart.startsWith(u'+') || portPart.isEmpty())
        return Error::invalidArgument(
            u"port"_s, u"port '%1' is not a number between 0 and 65535"_s.arg(portPart));
    const uint minPort = policy == PortPolicy::AllowEphemeral ? 0 : 1;
    if (port < minPort || port > 65535)
        return Error::outOfRange(u"port"_s, qint64(port), minPort, 65535);

    return ListenAddress(host, quint16(port));
}

QString ListenAddress::toString() const
{
    if (m_host.protocol() == QAbstractSocket::IPv6Protocol)
        return u"[%1]:%2"_s.arg(m_host.toString()).arg(m_port);
    return u"%1:%2"_s.arg(m_host.toString()).arg(m_port);
}

QString ListenAddress::toUrl() const
{
    return u"http://"_s + toString();
}

} // namespace CutPilot::Core
