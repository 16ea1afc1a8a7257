#include "core/support/listenaddress.h"

#include <QTest>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

class tst_ListenAddress : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void fixedPortPolicy();
    void defaults();
};

void tst_ListenAddress::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("expectedCode"); // 0 = valid
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<bool>("loopback");

    QTest::newRow("ipv4") << u"127.0.0.1:9001"_s << 0 << u"127.0.0.1:9001"_s << true;
    QTest::newRow("spaces") << u"  127.0.0.1:80 "_s << 0 << u"127.0.0.1:80"_s << true;
    QTest::newRow("any") << u"0.0.0.0:9001"_s << 0 << u"0.0.0.0:9001"_s << false;
    QTest::newRow("localhost") << u"localhost:9000"_s << 0 << u"127.0.0.1:9000"_s << true;
    QTest::newRow("ipv6") << u"[::1]:9001"_s << 0 << u"[::1]:9001"_s << true;
    QTest::newRow("ephemeral") << u"127.0.0.1:0"_s << 0 << u"127.0.0.1:0"_s << true;
    QTest::newRow("max port") << u"127.0.0.1:65535"_s << 0 << u"127.0.0.1:65535"_s << true;

    const int invalid = int(ErrorCode::InvalidArgument);
    const int range = int(ErrorCode::OutOfRange);
    QTest::newRow("empty") << u""_s << invalid << QString() << false;
    QTest::newRow("no port") << u"127.0.0.1"_s << invalid << QString() << false;
    QTest::newRow("empty port") << u"127.0.0.1:"_s << invalid << QString() << false;
    QTest::newRow("port too big") << u"127.0.0.1:65536"_s << range << QString() << false;
    QTest::newRow("port huge") << u"127.0.0.1:99999999999999"_s << invalid << QString() << false;
    QTest::newRow("negative port") << u"127.0.0.1:-1"_s << invalid << QString() << false;
    QTest::newRow("plus port") << u"127.0.0.1:+80"_s << invalid << QString() << false;
    QTest::newRow("port text") << u"127.0.0.1:http"_s << invalid << QString() << false;
    QTest::newRow("host name") << u"example.com:80"_s << invalid << QString() << false;
    QTest::newRow("bad ipv4") << u"300.1.1.1:80"_s << invalid << QString() << false;
    QTest::newRow("bare ipv6") << u"::1:9001"_s << invalid << QString() << false;
    QTest::newRow("unclosed ipv6") << u"[::1:9001"_s << invalid << QString() << false;
    QTest::newRow("only colon") << u":9001"_s << invalid << QString() << false;
    QTest::newRow("scope id") << u"[fe80::1%eth0]:80"_s << invalid << QString() << false;
}

void tst_ListenAddress::parse()
{
    QFETCH(QString, text);
    QFETCH(int, expectedCode);
    QFETCH(QString, canonical);
    QFETCH(bool, loopback);

    const Result<ListenAddress> parsed = ListenAddress::parse(text);
    if (expectedCode == 0) {
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message()));
        QCOMPARE(parsed->toString(), canonical);
        QCOMPARE(parsed->isLoopback(), loopback);
        QCOMPARE(parsed->toUrl(), u"http://"_s + canonical);
    } else {
        QVERIFY(!parsed);
        QCOMPARE(int(parsed.error().code()), expectedCode);
        QVERIFY(!parsed.error().message().isEmpty());
        QVERIFY(!parsed.error().field().isEmpty());
    }
}

void tst_ListenAddress::fixedPortPolicy()
{
    const auto parsed
        = ListenAddress::parse(u"127.0.0.1:0"_s, ListenAddress::PortPolicy::RequireFixed);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().code(), ErrorCode::OutOfRange);
    QCOMPARE(parsed.error().field(), u"port"_s);
}

void tst_ListenAddress::defaults()
{
    const ListenAddress address = ListenAddress::defaultAddress();
    QCOMPARE(address.toString(), u"127.0.0.1:9001"_s);
    QVERIFY(address.isLoopback());
    QVERIFY(ListenAddress().isNull());
}

QTEST_GUILESS_MAIN(tst_ListenAddress)
#include "tst_listenaddress.moc"
