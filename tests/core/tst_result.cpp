#include "core/support/result.h"

#include <QTest>

#include <memory>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

Result<int> parsePositive(int value)
{
    if (value <= 0)
        return Error::outOfRange(u"value"_s, value, 1, 100);
    return value;
}

Result<> check(bool ok)
{
    if (!ok)
        return Error(ErrorCode::Conflict, u"no"_s);
    return {};
}

} // namespace

class tst_Result : public QObject
{
    Q_OBJECT

private slots:
    void valueAndError();
    void voidResult();
    void moveOnlyValue();
    void mapPassesErrorsThrough();
    void valueOr();
};

void tst_Result::valueAndError()
{
    const Result<int> ok = parsePositive(5);
    QVERIFY(ok);
    QVERIFY(ok.hasValue());
    QCOMPARE(*ok, 5);

    const Result<int> bad = parsePositive(-1);
    QVERIFY(!bad);
    QCOMPARE(bad.error().code(), ErrorCode::OutOfRange);
    QCOMPARE(bad.error().field(), u"value"_s);
}

void tst_Result::voidResult()
{
    QVERIFY(check(true));
    const Result<> failed = check(false);
    QVERIFY(!failed);
    QCOMPARE(failed.error().code(), ErrorCode::Conflict);
}

void tst_Result::moveOnlyValue()
{
    Result<std::unique_ptr<int>> owned = std::make_unique<int>(7);
    QVERIFY(owned);
    std::unique_ptr<int> taken = std::move(owned).value();
    QCOMPARE(*taken, 7);
}

void tst_Result::mapPassesErrorsThrough()
{
    const Result<QString> text = parsePositive(3).map([](int v) { return QString::number(v * 2); });
    QCOMPARE(*text, u"6"_s);
    const Result<QString> failed = parsePositive(0).map([](int v) { return QString::number(v); });
    QVERIFY(!failed);
    QCOMPARE(failed.error().code(), ErrorCode::OutOfRange);
}

void tst_Result::valueOr()
{
    QCOMPARE(parsePositive(4).valueOr(9), 4);
    QCOMPARE(parsePositive(-4).valueOr(9), 9);
}

QTEST_GUILESS_MAIN(tst_Result)
#include "tst_result.moc"
