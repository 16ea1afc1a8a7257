// SecurityPolicy: who may call what, decided before any route runs (issue 5 "Security, on by
// default"). The same rules are exercised over real HTTP in tst_apisecurity.

#include "api/securitypolicy.h"

#include <QTest>

using namespace CutPilot::Api;
using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

constexpr quint16 Port = 9001;
const QString Token = u"the-right-token-0123456789"_s;

HttpRequest request(const QHostAddress &from, HeaderList headers)
{
    HttpRequest r;
    r.method = "POST";
    r.path = u"/create_draft"_s;
    r.remoteAddress = from;
    r.headers = std::move(headers);
    return r;
}

SecurityOptions options(bool listenAny = false)
{
    SecurityOptions o;
    o.token = Token;
    o.port = Port;
    o.listenAddress
        = listenAny ? QHostAddress(QHostAddress::Any) : QHostAddress(QHostAddress::LocalHost);
    o.banAfterFailures = 3;
    o.banWindowMs = 10'000;
    o.banMs = 60'000;
    o.remoteRatePerSecond = 2;
    o.remoteBurst = 3;
    return o;
}

} // namespace

class tst_SecurityPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void admit_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<HeaderList>("headers");
        QTest::addColumn<int>("access");
        QTest::addColumn<bool>("listenAny");
        QTest::addColumn<int>("status"); // 0 = admitted

        const QString lo = u"127.0.0.1"_s;
        const QByteArray host = "127.0.0.1:9001";
        const QByteArray bearer = "Bearer " + Token.toUtf8();
        const int compat = int(Access::Compat);
        const int token = int(Access::Token);
        const int pub = int(Access::Public);

        QTest::newRow("compat from a loopback script")
            << lo << HeaderList{{"Host", host}} << compat << false << 0;
        QTest::newRow("localhost name")
            << lo << HeaderList{{"Host", "localhost:9001"}} << compat << false << 0;
        QTest::newRow("ipv6 loopback")
            << u"::1"_s << HeaderList{{"Host", "[::1]:9001"}} << compat << false << 0;
        QTest::newRow("no Host") << lo << HeaderList{} << compat << false << 400;
        QTest::newRow("foreign Host (DNS rebinding)")
            << lo << HeaderList{{"Host", "evil.example:9001"}} << compat << false << 403;
        QTest::newRow("foreign Host with token")
            << lo << HeaderList{{"Host", "evil.example:9001"}, {"Authorization", bearer}} << token
            << false << 403;
        QTest::newRow("wrong port in Host")
            << lo << HeaderList{{"Host", "127.0.0.1:80"}} << compat << false << 403;
        QTest::newRow("malformed Host")
            << lo << HeaderList{{"Host", "[::1:9001"}} << compat << false << 403;
        QTest::newRow("foreign Origin")
            << lo << HeaderList{{"Host", host}, {"Origin", "http://evil.example"}} << compat
            << false << 403;
        QTest::newRow("null Origin")
            << lo << HeaderList{{"Host", host}, {"Origin", "null"}} << compat << false << 403;
        QTest::newRow("own Origin without token (browser)")
            << lo << HeaderList{{"Host", host}, {"Origin", "http://127.0.0.1:9001"}} << compat
            << false << 401;
        QTest::newRow("own Origin with token") << lo
                                               << HeaderList{{"Host", host},
                                                             {"Origin", "http://localhost:9001"},
                                                             {"Authorization", bearer}}
                                               << compat << false << 0;
        QTest::newRow("Sec-Fetch-Site cross-site")
            << lo << HeaderList{{"Host", host}, {"Sec-Fetch-Site", "cross-site"}} << compat << false
            << 401;
        QTest::newRow("Sec-Fetch-Site none")
            << lo << HeaderList{{"Host", host}, {"Sec-Fetch-Site", "none"}} << compat << false << 0;
        QTest::newRow("v1 without token")
            << lo << HeaderList{{"Host", host}} << token << false << 401;
        QTest::newRow("v1 with token")
            << lo << HeaderList{{"Host", host}, {"Authorization", bearer}} << token << false << 0;
        QTest::newRow("v1 bearer lower-case")
            << lo << HeaderList{{"Host", host}, {"Authorization", "bearer " + Token.toUtf8()}}
            << token << false << 0;
        QTest::newRow("v1 wrong token")
            << lo << HeaderList{{"Host", host}, {"Authorization", "Bearer nope"}} << token << false
            << 401;
        QTest::newRow("v1 basic auth")
            << lo << HeaderList{{"Host", host}, {"Authorization", "Basic dXNlcjpwYXNz"}} << token
            << false << 401;
        QTest::newRow("v1 token prefix")
            << lo
            << HeaderList{{"Host", host}, {"Authorization", "Bearer " + Token.left(10).toUtf8()}}
            << token << false << 401;
        QTest::newRow("health without token")
            << lo << HeaderList{{"Host", host}} << pub << false << 0;
        QTest::newRow("remote compat needs the token")
            << u"192.168.1.20"_s << HeaderList{{"Host", "192.168.1.5:9001"}} << compat << true
            << 401;
        QTest::newRow("remote compat with token")
            << u"192.168.1.20"_s
            << HeaderList{{"Host", "192.168.1.5:9001"}, {"Authorization", bearer}} << compat << true
            << 0;
        QTest::newRow("any-address listener refuses names")
            << u"192.168.1.20"_s
            << HeaderList{{"Host", "rebind.example:9001"}, {"Authorization", bearer}} << compat
            << true << 403;
        QTest::newRow("non-loopback listener: loopback compat needs token")
            << lo << HeaderList{{"Host", host}} << compat << true << 401;
        QTest::newRow("ipv4-mapped loopback")
            << u"::ffff:127.0.0.1"_s << HeaderList{{"Host", host}} << compat << false << 0;
    }

    void admit()
    {
        QFETCH(QString, from);
        QFETCH(HeaderList, headers);
        QFETCH(int, access);
        QFETCH(bool, listenAny);
        QFETCH(int, status);
        SecurityPolicy policy(options(listenAny));
        const std::optional<Refusal> refused
            = policy.admit(request(QHostAddress(from), headers), Access(access), 1000);
        QCOMPARE(refused ? refused->status : 0, status);
        if (refused) {
            QVERIFY(!refused->error.message().isEmpty());
            QVERIFY2(!refused->error.message().contains(Token), "never echo the token");
        }
        if (status == 401) {
            QVERIFY(std::any_of(refused->headers.cbegin(), refused->headers.cend(),
                                [](const auto &h) { return h.first == "WWW-Authenticate"; }));
        }
    }

    void tokenNotReadyIs503()
    {
        SecurityOptions o = options();
        o.token.clear();
        SecurityPolicy policy(o);
        auto refused = policy.admit(request(QHostAddress::LocalHost, {{"Host", "127.0.0.1:9001"}}),
                                    Access::Token, 0);
        QVERIFY(refused);
        QCOMPARE(refused->status, 503);
        // Compat from a loopback script does not wait for the token.
        QVERIFY(!policy.admit(request(QHostAddress::LocalHost, {{"Host", "127.0.0.1:9001"}}),
                              Access::Compat, 0));
    }

    void repeatedWrongTokensBanTheClient()
    {
        SecurityPolicy policy(options());
        const QHostAddress attacker(u"127.0.0.2"_s);
        const HeaderList wrong{{"Host", "127.0.0.1:9001"}, {"Authorization", "Bearer guess"}};
        const HeaderList right{{"Host", "127.0.0.1:9001"},
                               {"Authorization", "Bearer " + Token.toUtf8()}};
        for (int i = 0; i < 3; ++i)
            QCOMPARE(policy.admit(request(attacker, wrong), Access::Token, 1000 + i)->status, 401);
        QVERIFY(policy.isBanned(attacker, 2000));
        // Banned: even the right token is refused until the ban ends, with Retry-After.
        auto banned = policy.admit(request(attacker, right), Access::Token, 2000);
        QVERIFY(banned);
        QCOMPARE(banned->status, 403);
        QCOMPARE(banned->headers.value(0).first, QByteArray("Retry-After"));
        QCOMPARE(banned->headers.value(0).second, QByteArray("60")); // 59.002 s, rounded up
        // Other clients are not affected.
        QVERIFY(!policy.admit(request(QHostAddress::LocalHost, right), Access::Token, 2000));
        // After the ban the right token works again.
        QVERIFY(!policy.admit(request(attacker, right), Access::Token, 1002 + 60'000));
    }

    void aMappedAddressIsTheSameClient()
    {
        // A dual-stack socket reports IPv4 peers as IPv4-mapped IPv6: one client either way.
        SecurityPolicy policy(options());
        const HeaderList wrong{{"Host", "127.0.0.1:9001"}, {"Authorization", "Bearer guess"}};
        policy.admit(request(QHostAddress(u"::ffff:127.0.0.2"_s), wrong), Access::Token, 1000);
        policy.admit(request(QHostAddress(u"127.0.0.2"_s), wrong), Access::Token, 1001);
        policy.admit(request(QHostAddress(u"::ffff:127.0.0.2"_s), wrong), Access::Token, 1002);
        QVERIFY(policy.isBanned(QHostAddress(u"127.0.0.2"_s), 1003));
        QVERIFY(policy.isBanned(QHostAddress(u"::ffff:127.0.0.2"_s), 1003));
        QCOMPARE(policy.trackedClients(), 1);
        QVERIFY(!policy.isBanned(QHostAddress(u"::ffff:127.0.0.3"_s), 1003));
    }

    void anAcceptedHostIsCheckedAgainAfterNewOptions()
    {
        // The last accepted Host is remembered (every request names it); new options forget it.
        SecurityPolicy policy(options());
        const HttpRequest before = request(QHostAddress::LocalHost, {{"Host", "127.0.0.1:9001"}});
        QVERIFY(!policy.admit(before, Access::Compat, 1000));
        QVERIFY(!policy.admit(before, Access::Compat, 1001));
        SecurityOptions moved = options();
        moved.port = 9002;
        policy.setOptions(moved);
        auto refused = policy.admit(before, Access::Compat, 1002);
        QVERIFY(refused);
        QCOMPARE(refused->status, 403);
        QVERIFY(!policy.admit(request(QHostAddress::LocalHost, {{"Host", "127.0.0.1:9002"}}),
                              Access::Compat, 1003));
        // A refused Host is never remembered as allowed.
        QVERIFY(policy.admit(request(QHostAddress::LocalHost, {{"Host", "evil.example:9002"}}),
                             Access::Compat, 1004));
        QVERIFY(policy.admit(request(QHostAddress::LocalHost, {{"Host", "evil.example:9002"}}),
                             Access::Compat, 1005));
    }

    void failuresOutsideTheWindowDoNotBan()
    {
        SecurityPolicy policy(options());
        const QHostAddress client(u"127.0.0.3"_s);
        const HeaderList wrong{{"Host", "127.0.0.1:9001"}, {"Authorization", "Bearer guess"}};
        policy.admit(request(client, wrong), Access::Token, 0);
        policy.admit(request(client, wrong), Access::Token, 5000);
        policy.admit(request(client, wrong), Access::Token, 20'000); // the first has aged out
        QVERIFY(!policy.isBanned(client, 20'001));
    }

    void remoteClientsAreRateLimited()
    {
        SecurityPolicy policy(options(true));
        const QHostAddress remote(u"10.0.0.7"_s);
        const HeaderList headers{{"Host", "10.0.0.1:9001"},
                                 {"Authorization", "Bearer " + Token.toUtf8()}};
        for (int i = 0; i < 3; ++i) // the burst
            QVERIFY(!policy.admit(request(remote, headers), Access::Token, 1000));
        auto limited = policy.admit(request(remote, headers), Access::Token, 1000);
        QVERIFY(limited);
        QCOMPARE(limited->status, 429);
        QCOMPARE(limited->headers.value(0).first, QByteArray("Retry-After"));
        QVERIFY(limited->headers.value(0).second.toInt() >= 1);
        QVERIFY(!policy.admit(request(remote, headers), Access::Token, 1600)); // refilled 1 token
        // Loopback clients are unlimited by default (local batch scripts run at full speed).
        SecurityPolicy local(options());
        for (int i = 0; i < 1000; ++i)
            QVERIFY(!local.admit(request(QHostAddress::LocalHost, {{"Host", "127.0.0.1:9001"}}),
                                 Access::Compat, 1000));
    }

    void clientStateIsBounded()
    {
        SecurityOptions o = options(true);
        o.maxTrackedClients = 100;
        SecurityPolicy policy(o);
        for (quint32 i = 0; i < 1000; ++i)
            policy.admit(request(QHostAddress(0x0a000000u + i), {{"Host", "10.0.0.1:9001"}}),
                         Access::Compat, i);
        QVERIFY(policy.trackedClients() <= 100);
    }
};

QTEST_GUILESS_MAIN(tst_SecurityPolicy)
#include "tst_securitypolicy.moc"
