#include "api/apiserver.h"
#include "api/router.h"
#include "httptestclient.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Api;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

class tst_ApiServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void health();
    void version();
    void securityHeadersAndRequestIds();
    void unknownPathIs404WithErrorBody();
    void wrongMethodIs405WithAllow();
    void headAndOptions();
    void busyPortIsAddressInUse();
    void stopRefusesNewConnections();
    void routerPlaceholders();

private:
    QUrl url(const QString &path) const { return QUrl(m_server->address().toUrl() + path); }
    std::unique_ptr<ApiServer> m_server;
};

void tst_ApiServer::init()
{
    m_server
        = std::make_unique<ApiServer>(ApiServer::Dependencies{Core::BuildInfo::current(), {}, {}});
    const auto bound = m_server->start(*Core::ListenAddress::parse(u"127.0.0.1:0"_s));
    QVERIFY2(bound, qPrintable(bound ? QString() : bound.error().message()));
    QVERIFY(bound->port() != 0);
    QVERIFY(m_server->isListening());
}

void tst_ApiServer::cleanup()
{
    m_server.reset();
}

void tst_ApiServer::health()
{
    QSignalSpy served(m_server.get(), &ApiServer::requestServed);
    const HttpResult result = httpGet(url(u"/health"_s));
    QCOMPARE(result.status, 200);
    QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(result.json().value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(result.json().value(u"version"_s).toString(), Core::BuildInfo::current().version);
    QCOMPARE(served.count(), 1);
    QCOMPARE(served.at(0).at(1).toString(), u"/health"_s);
    QCOMPARE(served.at(0).at(2).toInt(), 200);
}

void tst_ApiServer::version()
{
    const HttpResult result = httpGet(url(u"/version"_s));
    QCOMPARE(result.status, 200);
    const QJsonObject json = result.json();
    const Core::BuildInfo build = Core::BuildInfo::current();
    QCOMPARE(json.value(u"name"_s).toString(), u"CutPilot"_s);
    QCOMPARE(json.value(u"version"_s).toString(), build.version);
    QCOMPARE(json.value(u"revision"_s).toString(), build.revision);
    QCOMPARE(json.value(u"qt"_s).toObject().value(u"build"_s).toString(),
             QStringLiteral(QT_VERSION_STR));
    QVERIFY(!json.value(u"ffmpeg"_s).toString().isEmpty());
}

void tst_ApiServer::securityHeadersAndRequestIds()
{
    const HttpResult first = httpGet(url(u"/health"_s));
    const HttpResult second = httpGet(url(u"/health"_s));
    QCOMPARE(first.header("X-Content-Type-Options"), QByteArray("nosniff"));
    QCOMPARE(first.header("X-Frame-Options"), QByteArray("DENY"));
    QCOMPARE(first.header("Cache-Control"), QByteArray("no-store"));
    QVERIFY(!first.header("Content-Security-Policy").isEmpty());
    QVERIFY(!first.header("X-Request-Id").isEmpty());
    QCOMPARE(second.header("X-Request-Id").toLongLong(),
             first.header("X-Request-Id").toLongLong() + 1);
}

void tst_ApiServer::unknownPathIs404WithErrorBody()
{
    const HttpResult result = httpGet(url(u"/no/such/route"_s));
    QCOMPARE(result.status, 404);
    const QJsonObject error = result.json().value(u"error"_s).toObject();
    QCOMPARE(error.value(u"name"_s).toString(), u"NotFound"_s);
    QCOMPARE(error.value(u"code"_s).toInt(), int(Core::ErrorCode::NotFound));
    QVERIFY(error.value(u"message"_s).toString().contains(u"/no/such/route"_s));
    QCOMPARE(result.header("X-Content-Type-Options"), QByteArray("nosniff"));
}

void tst_ApiServer::wrongMethodIs405WithAllow()
{
    const HttpResult result = httpRequest("POST", url(u"/health"_s), "{}");
    QCOMPARE(result.status, 405);
    QCOMPARE(result.header("Allow"), QByteArray("GET, HEAD, OPTIONS"));
    QCOMPARE(result.json().value(u"error"_s).toObject().value(u"name"_s).toString(),
             u"MethodNotAllowed"_s);
    QCOMPARE(httpRequest("DELETE", url(u"/version"_s)).status, 405);
}

void tst_ApiServer::headAndOptions()
{
    const HttpResult head = httpRequest("HEAD", url(u"/health"_s));
    QCOMPARE(head.status, 200);
    QVERIFY(head.body.isEmpty());

    const HttpResult options = httpRequest("OPTIONS", url(u"/version"_s));
    QCOMPARE(options.status, 204);
    QCOMPARE(options.header("Allow"), QByteArray("GET, HEAD, OPTIONS"));
    QVERIFY(options.body.isEmpty());

    QCOMPARE(httpRequest("OPTIONS", url(u"/nothing"_s)).status, 404);
}

void tst_ApiServer::busyPortIsAddressInUse()
{
    ApiServer second(ApiServer::Dependencies{Core::BuildInfo::current(), {}, {}});
    const auto bound = second.start(m_server->address());
    QVERIFY(!bound);
    QCOMPARE(bound.error().code(), Core::ErrorCode::AddressInUse);
    QVERIFY(bound.error().message().contains(m_server->address().toString()));
    QVERIFY(!second.isListening());

    // Starting twice is refused too, and the running server is unaffected.
    const auto again = m_server->start(*Core::ListenAddress::parse(u"127.0.0.1:0"_s));
    QVERIFY(!again);
    QCOMPARE(again.error().code(), Core::ErrorCode::Conflict);
    QCOMPARE(httpGet(url(u"/health"_s)).status, 200);
}

void tst_ApiServer::stopRefusesNewConnections()
{
    const QUrl health = url(u"/health"_s);
    m_server->stop();
    QVERIFY(!m_server->isListening());
    const HttpResult result = httpGet(health, 2000);
    QCOMPARE(result.status, 0);
    QCOMPARE(result.error, QNetworkReply::ConnectionRefusedError);
}

void tst_ApiServer::routerPlaceholders()
{
    Router router;
    router.add("GET", u"/api/v1/drafts/{id}"_s, u"getDraft"_s, u"A draft."_s,
               [](const HttpRequest &) { return HttpResponse::noContent(); });
    router.add("DELETE", u"/api/v1/drafts/{id}"_s, u"deleteDraft"_s, u"Delete a draft."_s,
               [](const HttpRequest &) { return HttpResponse::noContent(); });
    router.add("GET", u"/api/v1/drafts/{id}/tracks/{track}"_s, u"getTrack"_s, u"A track."_s,
               [](const HttpRequest &) { return HttpResponse::noContent(); });

    QVariantMap parameters;
    const Router::Route *route = router.match("GET", u"/api/v1/drafts/d1/tracks/t9"_s, &parameters);
    QVERIFY(route);
    QCOMPARE(route->name, u"getTrack"_s);
    QCOMPARE(parameters.value(u"id"_s).toString(), u"d1"_s);
    QCOMPARE(parameters.value(u"track"_s).toString(), u"t9"_s);

    QVERIFY(!router.match("GET", u"/api/v1/drafts/"_s));    // empty placeholder
    QVERIFY(!router.match("GET", u"/api/v1/drafts/a/b"_s)); // extra segment
    QVERIFY(!router.match("POST", u"/api/v1/drafts/d1"_s)); // method
    QCOMPARE(router.allowedMethods(u"/api/v1/drafts/x"_s),
             (QList<QByteArray>{"GET", "DELETE", "HEAD", "OPTIONS"}));
    QVERIFY(router.allowedMethods(u"/elsewhere"_s).isEmpty());
    QCOMPARE(router.routes().size(), 3);
}

QTEST_GUILESS_MAIN(tst_ApiServer)
#include "tst_apiserver.moc"
