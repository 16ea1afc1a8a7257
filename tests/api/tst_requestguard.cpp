#include "api/requestguard.h"

#include <QTest>

using namespace CutPilot::Api;
using namespace Qt::StringLiterals;

using Verdict = RequestGuard::Verdict;
Q_DECLARE_METATYPE(CutPilot::Api::RequestGuard::Verdict)

namespace {

// Small limits, so every row can cross them with a few bytes.
constexpr RequestGuardLimits kSmall{100, 256, 5};

const QByteArray kGet = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";
const QByteArray kPost = "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
const QByteArray kChunked
    = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;name=value\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n";

struct Outcome
{
    Verdict verdict = Verdict::Continue;
    int completed = 0;
    bool inRequest = false;
};

Outcome feedSplit(const QByteArray &bytes, const QList<qsizetype> &cuts,
                  RequestGuardLimits limits = kSmall)
{
    RequestGuard guard(limits);
    qsizetype from = 0;
    for (const qsizetype cut : cuts) {
        guard.feed(QByteArrayView(bytes).sliced(from, cut - from));
        from = cut;
    }
    guard.feed(QByteArrayView(bytes).sliced(from));
    return {guard.verdict(), guard.completedRequests(), guard.inRequest()};
}

} // namespace

class tst_RequestGuard : public QObject
{
    Q_OBJECT

private slots:
    void framing_data();
    void framing();
    void rejectsDeclaredBodyBeforeAnyBodyByte();
    void rejectsChunkAsSoonAsTotalExceeds();
    void staysRejected();
    void requestStateAndOffsets();
    void webSocketUpgradeStopsParsing();
    void hugeBodyIsOnlyCounted();
    void defaultLimitsAndReasons();
};

void tst_RequestGuard::framing_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<int>("completed"); // requests complete when all bytes are fed
    QTest::addColumn<bool>("inRequest");

    // Requests that pass, alone and pipelined.
    QTest::newRow("get") << kGet << Verdict::Continue << 1 << false;
    QTest::newRow("post") << kPost << Verdict::Continue << 1 << false;
    QTest::newRow("chunked") << kChunked << Verdict::Continue << 1 << false;
    QTest::newRow("pipelined") << QByteArray(kGet + kPost + kChunked + kGet) << Verdict::Continue
                               << 4 << false;
    QTest::newRow("partial") << QByteArray(kGet + kPost.chopped(2)) << Verdict::Continue << 1
                             << true;
    QTest::newRow("bareLf") << QByteArray("GET / HTTP/1.1\nHost: x\n\nPOST / HTTP/1.0\n"
                                          "Content-Length: 2\n\nok")
                            << Verdict::Continue << 2 << false;
    QTest::newRow("noHeaders") << QByteArray("GET / HTTP/1.1\r\n\r\n") << Verdict::Continue << 1
                               << false;
    QTest::newRow("whitespaceBetween")
        << QByteArray("\r\n\r\n" + kGet + "\r\n \t" + kGet) << Verdict::Continue << 2 << false;
    QTest::newRow("expect100") << QByteArray("PUT /x HTTP/1.1\r\nExpect: 100-continue\r\n"
                                             "Content-Length: 3\r\n\r\nabc")
                               << Verdict::Continue << 1 << false;
    QTest::newRow("contentLengthZero") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
                                       << Verdict::Continue << 1 << false;
    QTest::newRow("sameContentLengthTwice")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2\r\ncontent-length: 02\r\n\r\nok")
        << Verdict::Continue << 1 << false;
    QTest::newRow("identityCoding") << QByteArray(
        "POST / HTTP/1.1\r\nTransfer-Encoding: identity\r\nContent-Length: 2\r\n\r\nok")
                                    << Verdict::Continue << 1 << false;
    QTest::newRow("atBodyLimit") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n"
                                               + QByteArray(100, 'x'))
                                 << Verdict::Continue << 1 << false;
    QTest::newRow("chunkedAtLimit")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n32\r\n"
                      + QByteArray(50, 'x') + "\r\n32\r\n" + QByteArray(50, 'y') + "\r\n0\r\n\r\n")
        << Verdict::Continue << 1 << false;

    // 413
    QTest::newRow("contentLengthOverLimit")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n") << Verdict::RejectTooLarge
        << 0 << true;
    QTest::newRow("overLimitAfterGoodOne")
        << QByteArray(kGet + "POST / HTTP/1.1\r\nContent-Length: 104857600\r\n\r\nxx")
        << Verdict::RejectTooLarge << 1 << true;
    QTest::newRow("chunkedOverLimit")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n32\r\n"
                      + QByteArray(50, 'x') + "\r\n33\r\n" + QByteArray(51, 'y') + "\r\n0\r\n\r\n")
        << Verdict::RejectTooLarge << 0 << true;
    QTest::newRow("hugeChunkSize") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n"
                                                 "\r\nFFFFFFFFFFFFFFFFFFFFFFFF\r\n")
                                   << Verdict::RejectTooLarge << 0 << true;

    // 431
    QTest::newRow("headersTooLarge")
        << QByteArray("GET / HTTP/1.1\r\nX-Big: " + QByteArray(300, 'a') + "\r\n\r\n")
        << Verdict::RejectHeadersTooLarge << 0 << true;
    QTest::newRow("headerNeverEnds")
        << QByteArray("GET / HTTP/1.1\r\nX-Big: " + QByteArray(300, 'a'))
        << Verdict::RejectHeadersTooLarge << 0 << true;
    QTest::newRow("tooManyHeaders")
        << QByteArray("GET / HTTP/1.1\r\na: 1\r\nb: 2\r\nc: 3\r\nd: 4\r\ne: 5\r\nf: 6\r\n\r\n")
        << Verdict::RejectHeadersTooLarge << 0 << true;

    // 400: framing QHttpServer would read differently (or not at all).
    QTest::newRow("contentLengthAndChunked")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n"
                      "\r\n0\r\n\r\n")
        << Verdict::RejectMalformed << 0 << true;
    QTest::newRow("negativeContentLength")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n") << Verdict::RejectMalformed
        << 0 << true;
    QTest::newRow("nonDigitContentLength")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5x\r\n\r\n") << Verdict::RejectMalformed
        << 0 << true;
    QTest::newRow("contentLengthList")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n") << Verdict::RejectMalformed
        << 0 << true;
    QTest::newRow("emptyContentLength") << QByteArray("POST / HTTP/1.1\r\nContent-Length:\r\n\r\n")
                                        << Verdict::RejectMalformed << 0 << true;
    QTest::newRow("contentLengthOverflow")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n")
        << Verdict::RejectMalformed << 0 << true;
    QTest::newRow("conflictingContentLength")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")
        << Verdict::RejectMalformed << 0 << true;
    QTest::newRow("chunkedTwice") << QByteArray(
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n")
                                  << Verdict::RejectMalformed << 0 << true;
    QTest::newRow("spaceBeforeColon") << QByteArray("POST / HTTP/1.1\r\nContent-Length : 5\r\n\r\n")
                                      << Verdict::RejectMalformed << 0 << true;
    QTest::newRow("obsFold") << QByteArray("GET / HTTP/1.1\r\nX-A: 1\r\n 2\r\n\r\n")
                             << Verdict::RejectMalformed << 0 << true;
    QTest::newRow("lineWithoutColon") << QByteArray("GET / HTTP/1.1\r\nnonsense\r\n\r\n")
                                      << Verdict::RejectMalformed << 0 << true;
    QTest::newRow("bareCr") << QByteArray("GET / HTTP/1.1\r\nX-A: 1\r2\r\n\r\n")
                            << Verdict::RejectMalformed << 0 << true;
    QTest::newRow("badRequestLine")
        << QByteArray("GARBAGE\r\n\r\n") << Verdict::RejectMalformed << 0 << true;
    QTest::newRow("badVersion") << QByteArray("GET / HTTP/one\r\n\r\n") << Verdict::RejectMalformed
                                << 0 << true;
    QTest::newRow("badChunkSize") << QByteArray(
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                  << Verdict::RejectMalformed << 0 << true;
    QTest::newRow("chunkSizeWithPrefix")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\n")
        << Verdict::RejectMalformed << 0 << true;
    QTest::newRow("chunkWithoutCrlf")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXX0\r\n\r\n")
        << Verdict::RejectMalformed << 0 << true;
    QTest::newRow("chunkSizeBareLf")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\nok\r\n0\r\n\r\n")
        << Verdict::RejectMalformed << 0 << true;

    QTest::newRow("lastChunkBareLf") << QByteArray(
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\nGET / HTTP/1.1\r\n\r\n")
                                     << Verdict::RejectMalformed << 0 << true;

    // 501
    QTest::newRow("gzipCoding") << QByteArray(
        "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
                                << Verdict::RejectUnsupported << 0 << true;
    QTest::newRow("unknownCoding")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: foo\r\n\r\n")
        << Verdict::RejectUnsupported << 0 << true;
    QTest::newRow("trailer") << QByteArray(
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n\r\n")
                             << Verdict::RejectUnsupported << 0 << true;
}

void tst_RequestGuard::framing()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Verdict, verdict);
    QFETCH(int, completed);
    QFETCH(bool, inRequest);

    // In one piece, byte by byte, and split in two at every position: always the same result.
    QList<QList<qsizetype>> splits{{}};
    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < bytes.size(); ++i) {
        splits.append(QList<qsizetype>{i});
        everyByte.append(i);
    }
    splits.append(everyByte);
    for (const QList<qsizetype> &cuts : std::as_const(splits)) {
        const Outcome outcome = feedSplit(bytes, cuts);
        const QByteArray where = cuts.size() == 1
                                     ? QByteArray("split at " + QByteArray::number(cuts.first()))
                                     : QByteArray(cuts.isEmpty() ? "whole" : "bytewise");
        QVERIFY2(outcome.verdict == verdict, where.constData());
        QVERIFY2(outcome.completed == completed, where.constData());
        QVERIFY2(outcome.inRequest == inRequest, where.constData());
    }
}

void tst_RequestGuard::rejectsDeclaredBodyBeforeAnyBodyByte()
{
    RequestGuard guard; // defaults: 8 MiB
    QCOMPARE(guard.feed("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n"),
             Verdict::Continue);
    QVERIFY(guard.inRequest());
    QVERIFY(!guard.headersComplete());
    QCOMPARE(guard.feed("\r\n"), Verdict::RejectTooLarge);
    QCOMPARE(RequestGuard::httpStatus(guard.verdict()), 413);
    QVERIFY(guard.reason().contains(u"104857600"_s));
    QVERIFY(guard.reason().contains(u"8388608"_s));
}

void tst_RequestGuard::rejectsChunkAsSoonAsTotalExceeds()
{
    RequestGuard guard(kSmall);
    QCOMPARE(guard.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
             Verdict::Continue);
    QVERIFY(guard.headersComplete());
    QCOMPARE(guard.feed(QByteArray("3c\r\n" + QByteArray(60, 'a') + "\r\n")), Verdict::Continue);
    // The next size line alone crosses the limit (60 + 41): refused before its data arrives.
    QCOMPARE(guard.feed("29\r\n"), Verdict::RejectTooLarge);
    QCOMPARE(RequestGuard::httpStatus(guard.verdict()), 413);
    QVERIFY(guard.reason().contains(u"100"_s));
}

void tst_RequestGuard::staysRejected()
{
    RequestGuard guard(kSmall);
    QCOMPARE(guard.feed("BAD\r\n"), Verdict::RejectMalformed);
    const QString reason = guard.reason();
    QCOMPARE(guard.feed(kGet), Verdict::RejectMalformed);
    QCOMPARE(guard.feed("POST / HTTP/1.1\r\nContent-Length: 999\r\n\r\n"),
             Verdict::RejectMalformed);
    QCOMPARE(guard.reason(), reason);
    QCOMPARE(guard.completedRequests(), 0);
    QCOMPARE(RequestGuard::httpStatus(Verdict::RejectMalformed), 400);
    QCOMPARE(RequestGuard::httpStatus(Verdict::RejectHeadersTooLarge), 431);
    QCOMPARE(RequestGuard::httpStatus(Verdict::RejectUnsupported), 501);
    QCOMPARE(RequestGuard::httpStatus(Verdict::Continue), 0);
}

void tst_RequestGuard::requestStateAndOffsets()
{
    RequestGuard guard(kSmall);
    QVERIFY(!guard.inRequest());
    QCOMPARE(guard.requestStartOffset(), -1);
    QCOMPARE(guard.feed("\r\n"), Verdict::Continue); // whitespace between requests is no request
    QVERIFY(!guard.inRequest());
    QCOMPARE(guard.feed("POST / HTTP/1.1\r\nContent-Length: 3\r\n"), Verdict::Continue);
    QVERIFY(guard.inRequest());
    QVERIFY(!guard.headersComplete());
    QCOMPARE(guard.requestStartOffset(), 2);
    QCOMPARE(guard.feed("\r\nab"), Verdict::Continue);
    QVERIFY(guard.headersComplete());
    QVERIFY(guard.inRequest());
    QCOMPARE(guard.feed("c"), Verdict::Continue);
    QVERIFY(!guard.inRequest());
    QVERIFY(!guard.headersComplete());
    QCOMPARE(guard.completedRequests(), 1);
    QCOMPARE(guard.lastCompletedEnd(), guard.bytesFed());

    // A pipelined second request: offsets tell the two apart.
    const qint64 secondStart = guard.bytesFed();
    QCOMPARE(guard.feed(QByteArray(kGet + "GET /x HTTP/1.1\r\nX-Big: " + QByteArray(300, 'a'))),
             Verdict::RejectHeadersTooLarge);
    QCOMPARE(guard.completedRequests(), 2);
    QCOMPARE(guard.lastCompletedEnd(), secondStart + kGet.size());
    QCOMPARE(guard.requestStartOffset(), secondStart + kGet.size());
}

void tst_RequestGuard::webSocketUpgradeStopsParsing()
{
    RequestGuard guard(kSmall);
    QCOMPARE(guard.feed("GET /api/v1/events HTTP/1.1\r\nConnection: keep-alive, Upgrade\r\n"
                        "Upgrade: websocket\r\n\r\n"),
             Verdict::Continue);
    QCOMPARE(guard.completedRequests(), 1);
    QVERIFY(guard.isUpgraded());
    QVERIFY(!guard.inRequest());
    // WebSocket frames are not HTTP.
    QCOMPARE(guard.feed(QByteArray("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11)),
             Verdict::Continue);

    // Another Upgrade value is an ordinary request for QHttpServer, so the guard keeps going.
    RequestGuard other(kSmall);
    QCOMPARE(other.feed("GET / HTTP/1.1\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\nBAD\r\n"),
             Verdict::RejectMalformed);
}

void tst_RequestGuard::hugeBodyIsOnlyCounted()
{
    // 64 MiB through in 64 KiB pieces of one reused buffer: nothing is kept, so this is quick.
    constexpr qint64 kBody = 64 * 1024 * 1024;
    RequestGuard guard(RequestGuardLimits{kBody, 64 * 1024, 100});
    QCOMPARE(guard.feed(QByteArray("POST / HTTP/1.1\r\nContent-Length: " + QByteArray::number(kBody)
                                   + "\r\n\r\n")),
             Verdict::Continue);
    const QByteArray piece(64 * 1024, 'x');
    for (qint64 sent = 0; sent < kBody; sent += piece.size())
        QCOMPARE(guard.feed(piece), Verdict::Continue);
    QCOMPARE(guard.completedRequests(), 1);
    QVERIFY(!guard.inRequest());
}

void tst_RequestGuard::defaultLimitsAndReasons()
{
    const RequestGuardLimits defaults;
    QCOMPARE(defaults.maxBodyBytes, qint64(8 * 1024 * 1024));
    QCOMPARE(defaults.maxHeaderBytes, 64 * 1024);
    QCOMPARE(defaults.maxHeaderCount, 100);

    RequestGuard headers;
    headers.feed(QByteArray("GET / HTTP/1.1\r\nX: " + QByteArray(70 * 1024, 'a')));
    QCOMPARE(headers.verdict(), Verdict::RejectHeadersTooLarge);
    QVERIFY2(headers.reason().contains(u"65536"_s), qPrintable(headers.reason()));

    RequestGuard coding;
    coding.feed("POST / HTTP/1.1\r\nTransfer-Encoding: br\r\n\r\n");
    QCOMPARE(coding.verdict(), Verdict::RejectUnsupported);
    QVERIFY2(coding.reason().contains(u"br"_s), qPrintable(coding.reason()));
}

QTEST_APPLESS_MAIN(tst_RequestGuard)
#include "tst_requestguard.moc"
