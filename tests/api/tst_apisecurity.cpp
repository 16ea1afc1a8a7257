// The API's security over real loopback HTTP (issue 5): token rules per route class, DNS-rebinding
// (Host) and cross-site (Origin) refusals, the ban after repeated wrong tokens. Raw sockets, so the
// test controls every header (a browser's or an attacker's).

#include "api/apiserver.h"
#include "core/draft/draftstore.h"
#include "core/services/draftworkspace.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Api;
using namespace Qt::StringLiterals;

namespace {

const QByteArray Token = "security-test-token-0123456789";

struct Raw
{
    int status = 0;
    QByteArray head;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

/// One request on its own connection ("Connection: close"), headers exactly as given. The server
/// runs in this thread, so waiting keeps the event loop going (QTest::qWaitFor).
Raw rawRequest(quint16 port, const QByteArray &method, const QByteArray &path,
               const QList<QByteArray> &headers, const QByteArray &body = {})
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 3000))
        return {};
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\n";
    for (const QByteArray &h : headers)
        request += h + "\r\n";
    if (!body.isEmpty())
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    request += "Connection: close\r\n\r\n" + body;
    socket.write(request);
    QByteArray response;
    // Until the whole response is in (Content-Length) or the server closes the connection.
    const auto complete = [&response] {
        const qsizetype end = response.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        for (const QByteArray &line : response.left(end).split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                return response.size() - end - 4 >= line.mid(15).trimmed().toLongLong();
        }
        return false;
    };
    (void)QTest::qWaitFor(
        [&] {
            response += socket.readAll();
            return complete() || socket.state() == QAbstractSocket::UnconnectedState;
        },
        5000);
    response += socket.readAll();
    Raw raw;
    const qsizetype split = response.indexOf("\r\n\r\n");
    raw.head = response.left(split);
    raw.body = split < 0 ? QByteArray() : response.mid(split + 4);
    raw.status = raw.head.split(' ').value(1).toInt();
    return raw;
}

} // namespace

class tst_ApiSecurity : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Core::DraftStore> m_store;
    std::unique_ptr<Core::DraftWorkspace> m_workspace;
    std::unique_ptr<ApiServer> m_server;
    quint16 m_port = 0;
    QByteArray host() const { return "Host: 127.0.0.1:" + QByteArray::number(m_port); }

private Q_SLOTS:
    void init()
    {
        m_server.reset();
        m_workspace.reset();
        m_store.reset();
        QDir(m_dir.path()).removeRecursively();
        m_store = std::make_unique<Core::DraftStore>(m_dir.filePath(u"drafts"_s));
        QVERIFY(m_store->open());
        m_workspace = std::make_unique<Core::DraftWorkspace>(*m_store);
        CompatServices compat;
        compat.workspace = m_workspace.get();
        compat.profileId = [] {
            return u"jy5-win"_s;
        };
        compat.draftsFolder = [this] {
            return m_dir.filePath(u"store"_s);
        };
        compat.pathPolicy = [] {
            return Core::PathPolicy();
        };
        SecurityOptions security;
        security.banAfterFailures = 5;
        m_server = std::make_unique<ApiServer>(
            ApiServer::Dependencies{Core::BuildInfo::current(), security, compat});
        auto bound = m_server->start(*Core::ListenAddress::parse(u"127.0.0.1:0"_s));
        QVERIFY(bound);
        m_port = bound->port();
        m_server->setToken(QString::fromLatin1(Token));
    }

    void v1NeedsTheToken()
    {
        QCOMPARE(rawRequest(m_port, "GET", "/api/v1/version", {host()}).status, 401);
        const Raw wrong
            = rawRequest(m_port, "GET", "/api/v1/version", {host(), "Authorization: Bearer nope"});
        QCOMPARE(wrong.status, 401);
        QVERIFY(
            wrong.head.toLower().contains("www-authenticate: bearer")); // any case (Qt 6.8: lower)
        QCOMPARE(wrong.json().value(u"error"_s).toObject().value(u"name"_s).toString(),
                 u"Unauthorized"_s);
        const Raw ok = rawRequest(m_port, "GET", "/api/v1/version",
                                  {host(), "Authorization: Bearer " + Token});
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.json().value(u"api"_s).toString(), u"v1"_s);
        // Unknown /api/v1 paths do not tell an unauthenticated client what exists.
        QCOMPARE(rawRequest(m_port, "GET", "/api/v1/nothing-here", {host()}).status, 401);
        QVERIFY(!ok.body.contains(Token));
    }

    void tokenNotYetLoadedIs503()
    {
        m_server->setToken(QString());
        const Raw r = rawRequest(m_port, "GET", "/api/v1/version",
                                 {host(), "Authorization: Bearer " + Token});
        QCOMPARE(r.status, 503);
        QVERIFY(r.head.toLower().contains("retry-after: 1"));
    }

    void compatFromAPlainScriptNeedsNoToken()
    {
        const Raw r = rawRequest(m_port, "POST", "/create_draft",
                                 {host(), "Content-Type: application/json"}, "{}");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"success"_s).toBool(), true);
    }

    void requireTokenEverywhere()
    {
        m_server->setRequireTokenEverywhere(true);
        const Raw refused = rawRequest(m_port, "POST", "/create_draft",
                                       {host(), "Content-Type: application/json"}, "{}");
        QCOMPARE(refused.status, 401);
        // Compat refusals keep CapCutAPI's envelope.
        QCOMPARE(refused.json().value(u"success"_s).toBool(), false);
        QVERIFY(refused.json().value(u"error"_s).toString().contains(u"token"_s));
        const Raw ok = rawRequest(
            m_port, "POST", "/create_draft",
            {host(), "Content-Type: application/json", "Authorization: Bearer " + Token}, "{}");
        QCOMPARE(ok.status, 200);
    }

    void foreignHostIsRefused()
    {
        const QByteArray port = QByteArray::number(m_port);
        const QList<QByteArray> hosts{"Host: evil.example:" + port,
                                      "Host: 127.0.0.1.nip.io:" + port, "Host: localhost:1",
                                      "Host: "};
        for (const QByteArray &h : hosts) {
            const Raw r = rawRequest(m_port, "GET", "/api/v1/version",
                                     {h, "Authorization: Bearer " + Token});
            QVERIFY2(r.status == 403 || r.status == 400, h.constData());
            const Raw compat = rawRequest(m_port, "POST", "/create_draft",
                                          {h, "Content-Type: application/json"}, "{}");
            QVERIFY2(compat.status == 403 || compat.status == 400, h.constData());
        }
        QCOMPARE(rawRequest(m_port, "GET", "/health", {"Host: localhost:" + port}).status, 200);
    }

    void foreignOriginIsRefused()
    {
        const Raw r = rawRequest(
            m_port, "POST", "/create_draft",
            {host(), "Content-Type: application/json", "Origin: http://evil.example"}, "{}");
        QCOMPARE(r.status, 403);
        QCOMPARE(r.json().value(u"success"_s).toBool(), false);
        // A page served from this very origin still counts as a browser: it needs the token.
        const QByteArray own = "Origin: http://127.0.0.1:" + QByteArray::number(m_port);
        QCOMPARE(rawRequest(m_port, "POST", "/create_draft",
                            {host(), "Content-Type: application/json", own}, "{}")
                     .status,
                 401);
        QCOMPARE(rawRequest(
                     m_port, "POST", "/create_draft",
                     {host(), "Content-Type: application/json", "Sec-Fetch-Site: cross-site"}, "{}")
                     .status,
                 401);
        QCOMPARE(rawRequest(m_port, "POST", "/create_draft",
                            {host(), "Content-Type: application/json", own,
                             "Authorization: Bearer " + Token},
                            "{}")
                     .status,
                 200);
    }

    void repeatedWrongTokensBan()
    {
        for (int i = 0; i < 5; ++i)
            QCOMPARE(rawRequest(m_port, "GET", "/api/v1/version",
                                {host(), "Authorization: Bearer guess"})
                         .status,
                     401);
        const Raw banned = rawRequest(m_port, "GET", "/api/v1/version",
                                      {host(), "Authorization: Bearer " + Token});
        QCOMPARE(banned.status, 403);
        QVERIFY(banned.head.toLower().contains("retry-after:"));
        QVERIFY(banned.json()
                    .value(u"error"_s)
                    .toObject()
                    .value(u"message"_s)
                    .toString()
                    .contains(u"banned"_s));
    }
};

QTEST_GUILESS_MAIN(tst_ApiSecurity)
#include "tst_apisecurity.moc"
