#include "core/support/error.h"

#include <QFile>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

class tst_Error : public QObject
{
    Q_OBJECT

private slots:
    void httpStatus_data();
    void httpStatus();
    void category_data();
    void category();
    void everyCodeHasAUniqueName();
    void unknownCode();
    void toJsonCarriesFieldAndDetails();
    void helpersNameTheFieldAndLimit();
    void withContextPrefixesTheMessage();
    void docsListEveryCode();
};

void tst_Error::httpStatus_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<int>("status");
    QTest::newRow("invalid argument") << ErrorCode::InvalidArgument << 400;
    QTest::newRow("missing field") << ErrorCode::MissingField << 400;
    QTest::newRow("unauthorized") << ErrorCode::Unauthorized << 401;
    QTest::newRow("forbidden") << ErrorCode::Forbidden << 403;
    QTest::newRow("path not allowed") << ErrorCode::PathNotAllowed << 403;
    QTest::newRow("not found") << ErrorCode::NotFound << 404;
    QTest::newRow("method") << ErrorCode::MethodNotAllowed << 405;
    QTest::newRow("conflict") << ErrorCode::Conflict << 409;
    QTest::newRow("too large") << ErrorCode::PayloadTooLarge << 413;
    QTest::newRow("media type") << ErrorCode::UnsupportedMediaType << 415;
    QTest::newRow("locked") << ErrorCode::Locked << 423;
    QTest::newRow("rate") << ErrorCode::RateLimited << 429;
    QTest::newRow("editor down") << ErrorCode::EditorNotRunning << 503;
    QTest::newRow("timeout") << ErrorCode::Timeout << 504;
    QTest::newRow("io") << ErrorCode::IoError << 500;
    QTest::newRow("disk full") << ErrorCode::DiskFull << 507;
    QTest::newRow("internal") << ErrorCode::Internal << 500;
    QTest::newRow("not implemented") << ErrorCode::NotImplemented << 501;
    QTest::newRow("outside the enum") << ErrorCode(12345) << 500;
}

void tst_Error::httpStatus()
{
    QFETCH(ErrorCode, code);
    QFETCH(int, status);
    QCOMPARE(httpStatusFor(code), status);
}

void tst_Error::category_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<ErrorCategory>("category");
    QTest::newRow("none") << ErrorCode::None << ErrorCategory::None;
    QTest::newRow("1xx") << ErrorCode::OutOfRange << ErrorCategory::Request;
    QTest::newRow("2xx") << ErrorCode::AddressInUse << ErrorCategory::Resource;
    QTest::newRow("3xx") << ErrorCode::ElementNotFound << ErrorCategory::Editor;
    QTest::newRow("4xx") << ErrorCode::MediaCorrupt << ErrorCategory::Media;
    QTest::newRow("5xx") << ErrorCode::EncryptedDraft << ErrorCategory::Storage;
    QTest::newRow("9xx") << ErrorCode::Cancelled << ErrorCategory::Internal;
}

void tst_Error::category()
{
    QFETCH(ErrorCode, code);
    QFETCH(ErrorCategory, category);
    QCOMPARE(errorCategory(code), category);
    QCOMPARE(Error(code == ErrorCode::None ? ErrorCode::Internal : code, u"x"_s).category(),
             code == ErrorCode::None ? ErrorCategory::Internal : category);
}

void tst_Error::everyCodeHasAUniqueName()
{
    const QList<ErrorCode> codes = allErrorCodes();
    QVERIFY(codes.size() >= 30);
    QSet<QString> names;
    int previous = 0;
    for (ErrorCode code : codes) {
        const QString name = errorCodeName(code);
        QVERIFY2(name != u"Unknown", qPrintable(QString::number(int(code))));
        QVERIFY2(!names.contains(name), qPrintable(name));
        names.insert(name);
        QVERIFY2(int(code) > previous, "codes are listed in numeric order");
        previous = int(code);
        const int status = httpStatusFor(code);
        QVERIFY2(status >= 400 && status < 600, qPrintable(name));
    }
}

void tst_Error::unknownCode()
{
    QCOMPARE(errorCodeName(ErrorCode(777)), u"Unknown"_s);
}

void tst_Error::toJsonCarriesFieldAndDetails()
{
    const Error error = Error::outOfRange(u"port"_s, 70000, 1, 65535);
    const QJsonObject json = error.toJson();
    QCOMPARE(json.value(u"code"_s).toInt(), 103);
    QCOMPARE(json.value(u"name"_s).toString(), u"OutOfRange"_s);
    QCOMPARE(json.value(u"field"_s).toString(), u"port"_s);
    QCOMPARE(json.value(u"details"_s).toObject().value(u"max"_s).toInt(), 65535);
    QVERIFY(json.value(u"message"_s).toString().contains(u"70000"_s));

    const QJsonObject plain = Error(ErrorCode::Internal, u"boom"_s).toJson();
    QVERIFY(!plain.contains(u"field"_s));
    QVERIFY(!plain.contains(u"details"_s));
}

void tst_Error::helpersNameTheFieldAndLimit()
{
    const Error range = Error::outOfRange(u"speed"_s, 200, 1, 100);
    QCOMPARE(range.code(), ErrorCode::OutOfRange);
    QCOMPARE(range.field(), u"speed"_s);
    QCOMPARE(range.message(), u"'speed' is 200, allowed range is 1..100"_s);

    const Error missing = Error::missingField(u"draft_id"_s);
    QCOMPARE(missing.code(), ErrorCode::MissingField);
    QCOMPARE(missing.field(), u"draft_id"_s);

    const Error notFound = Error::notFound(u"draft"_s, u"abc"_s);
    QCOMPARE(notFound.message(), u"draft 'abc' not found"_s);
    QCOMPARE(notFound.details().value(u"id"_s).toString(), u"abc"_s);
    QCOMPARE(notFound.toString(), u"NotFound (200): draft 'abc' not found"_s);
}

void tst_Error::withContextPrefixesTheMessage()
{
    const Error base = Error::invalidArgument(u"port"_s, u"not a number"_s);
    const Error wrapped = base.withContext(u"--listen"_s);
    QCOMPARE(wrapped.message(), u"--listen: not a number"_s);
    QCOMPARE(wrapped.code(), base.code());
    QCOMPARE(wrapped.field(), u"port"_s);
    QVERIFY(!(wrapped == base));
    QCOMPARE(base.withDetail(u"max"_s, 5).details().value(u"max"_s).toInt(), 5);
}

void tst_Error::docsListEveryCode()
{
    // docs/errors.md is what API users read: it must name every code with its HTTP status.
    QFile docs(QStringLiteral(CUTPILOT_SOURCE_DIR "/docs/errors.md"));
    QVERIFY2(docs.open(QIODevice::ReadOnly), "docs/errors.md is missing");
    const QString text = QString::fromUtf8(docs.readAll());
    for (ErrorCode code : allErrorCodes()) {
        const QString row = u"| %1 | %2 | %3 |"_s.arg(int(code))
                                .arg(errorCodeName(code))
                                .arg(httpStatusFor(code));
        QVERIFY2(text.contains(row), qPrintable(u"docs/errors.md lacks the row "_s + row));
    }
}

QTEST_GUILESS_MAIN(tst_Error)
#include "tst_error.moc"
