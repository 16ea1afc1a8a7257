#include "singleinstance.h"

#include "core/support/log.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>

namespace CutPilot::App {

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 MaxMessageSize = 64 * 1024;
}

SingleInstance::SingleInstance(QString serverName, QObject *parent)
    : QObject(parent)
    , m_serverName(std::move(serverName))
{
}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::serverNameFor(const QString &dataDir)
{
    const QByteArray user = qgetenv("USER") + qgetenv("USERNAME");
    const QByteArray key = user + '\0' + QDir::cleanPath(dataDir).toUtf8();
    return u"cutpilot-"_s
           + QString::fromLatin1(
               QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16));
}

Core::Result<> SingleInstance::listen()
{
    if (m_server)
        return {};
    QLocalServer::removeServer(m_serverName); // stale: we hold the data folder's lock
    auto *server = new QLocalServer(this);
    server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!server->listen(m_serverName)) {
        const QString reason = server->errorString();
        delete server;
        return Core::Error(
            Core::ErrorCode::Unavailable,
            u"cannot open the single-instance socket %1: %2"_s.arg(m_serverName, reason));
    }
    m_server = server;
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    return {};
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (socket->bytesAvailable() > MaxMessageSize) {
                socket->abort();
                return;
            }
            if (!socket->canReadLine())
                return;
            const QJsonDocument message = QJsonDocument::fromJson(socket->readLine());
            const QJsonObject object = message.object();
            if (object.value(u"command"_s).toString() != u"activate") {
                Core::Log::get(Core::Log::App)
                    ->warn("single-instance: ignoring an unknown message");
                socket->abort();
                return;
            }
            QStringList arguments;
            for (const QJsonValue &value : object.value(u"arguments"_s).toArray())
                arguments.append(value.toString());
            socket->write("ok\n");
            socket->flush();
            socket->disconnectFromServer();
            Q_EMIT activationRequested(arguments);
        });
    }
}

Core::Result<> SingleInstance::activate(const QString &serverName, const QStringList &arguments,
                                        int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(serverName);
    if (!socket.waitForConnected(timeoutMs))
        return Core::Error(Core::ErrorCode::Unavailable,
                           u"the running CutPilot does not answer: %1"_s.arg(socket.errorString()));
    const QJsonObject message{{u"command"_s, u"activate"_s},
                              {u"arguments"_s, QJsonArray::fromStringList(arguments)}};
    socket.write(QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n');
    if (!socket.waitForBytesWritten(timeoutMs))
        return Core::Error(Core::ErrorCode::Timeout,
                           u"the running CutPilot did not take the request"_s);
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(timeoutMs))
            return Core::Error(Core::ErrorCode::Timeout,
                               u"the running CutPilot did not acknowledge the request"_s);
    }
    if (socket.readLine().trimmed() != "ok")
        return Core::Error(Core::ErrorCode::Unavailable,
                           u"the running CutPilot refused the request"_s);
    return {};
}

} // namespace CutPilot::App
