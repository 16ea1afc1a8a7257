// HttpResponse's CapCutAPI envelope is written directly (Core::JsonWriter) instead of through a
// QJsonObject tree: these tests hold it to the bytes QJsonDocument::Compact writes, which is what
// every compat answer was before, for the values and strings clients send and get back.
#include "api/httpmessage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Api;
using namespace Qt::StringLiterals;

namespace {

/// What the envelope was before: a QJsonObject written by QJsonDocument.
QByteArray viaQJsonDocument(bool success, const QJsonValue &output, const QString &error)
{
    return QJsonDocument(QJsonObject{{u"success"_s, success},
                                     {u"output"_s, success ? output : QJsonValue(QString())},
                                     {u"error"_s, success ? QString() : error}})
        .toJson(QJsonDocument::Compact);
}

QString awkwardText()
{
    QString text = u"quote \" backslash \\ slash / tab \t newline \n cr \r nul "_s;
    text += QChar(0);
    text += u" bell "_s + QChar(7) + u" del "_s + QChar(0x7f) + u" é 剪映 😀 "_s;
    text += QChar(0xd800); // a lone surrogate
    text += u" end"_s;
    return text;
}

} // namespace

class tst_HttpMessage : public QObject
{
    Q_OBJECT

private slots:
    void envelopeIsTheCompactDocument_data();
    void envelopeIsTheCompactDocument();
    void failureEnvelopeIsTheCompactDocument_data();
    void failureEnvelopeIsTheCompactDocument();
    void successEnvelopeTakesWrittenOutput();
    void envelopeKeepsTheStatus();
};

void tst_HttpMessage::envelopeIsTheCompactDocument_data()
{
    QTest::addColumn<QJsonValue>("output");
    QTest::newRow("object") << QJsonValue(QJsonObject{{u"draft_id"_s, u"dfd_cat_1_0000000a"_s},
                                                      {u"draft_url"_s, u"http://x/y"_s},
                                                      {u"nested"_s, QJsonObject{{u"a"_s, 1}}}});
    QTest::newRow("empty object") << QJsonValue(QJsonObject{});
    QTest::newRow("array") << QJsonValue(QJsonArray{1, 2.5, u"three"_s, true, QJsonValue()});
    QTest::newRow("string") << QJsonValue(awkwardText());
    QTest::newRow("empty string") << QJsonValue(QString());
    QTest::newRow("integer") << QJsonValue(qint64(1) << 53);
    QTest::newRow("big integer") << QJsonValue(std::numeric_limits<qint64>::max());
    QTest::newRow("negative") << QJsonValue(-42);
    QTest::newRow("double") << QJsonValue(0.1);
    QTest::newRow("seconds") << QJsonValue(12.345678);
    QTest::newRow("true") << QJsonValue(true);
    QTest::newRow("null") << QJsonValue();
    QTest::newRow("undefined") << QJsonValue(QJsonValue::Undefined);
}

void tst_HttpMessage::envelopeIsTheCompactDocument()
{
    QFETCH(QJsonValue, output);
    const HttpResponse response = HttpResponse::envelope(true, output, u"ignored"_s);
    QCOMPARE(response.body, viaQJsonDocument(true, output, {}));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.contentType, QByteArray("application/json"));
}

void tst_HttpMessage::failureEnvelopeIsTheCompactDocument_data()
{
    QTest::addColumn<QString>("error");
    QTest::newRow("plain") << u"Draft dfd_cat_1_0000000a does not exist"_s;
    QTest::newRow("awkward") << awkwardText();
    QTest::newRow("empty") << QString();
}

void tst_HttpMessage::failureEnvelopeIsTheCompactDocument()
{
    QFETCH(QString, error);
    const HttpResponse response
        = HttpResponse::envelope(false, QJsonObject{{u"ignored"_s, 1}}, error, 400);
    QCOMPARE(response.body, viaQJsonDocument(false, {}, error));
    QCOMPARE(response.status, 400);
    // And it parses back to what was given.
    const QJsonObject parsed = QJsonDocument::fromJson(response.body).object();
    QCOMPARE(parsed.value(u"success"_s), QJsonValue(false));
    QCOMPARE(parsed.value(u"output"_s), QJsonValue(u""_s));
    if (!error.contains(QChar(0xd800))) // a lone surrogate cannot survive UTF-8
        QCOMPARE(parsed.value(u"error"_s).toString(), error);
}

void tst_HttpMessage::successEnvelopeTakesWrittenOutput()
{
    const QJsonObject output{{u"draft_id"_s, u"dfd_cat_1796014708_2c51eeab"_s},
                             {u"draft_url"_s, awkwardText()}};
    const QByteArray written = QJsonDocument(output).toJson(QJsonDocument::Compact);
    const HttpResponse response = HttpResponse::successEnvelope(written);
    QCOMPARE(response.body, viaQJsonDocument(true, output, {}));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.contentType, QByteArray("application/json"));
}

void tst_HttpMessage::envelopeKeepsTheStatus()
{
    QCOMPARE(HttpResponse::envelope(false, {}, u"too big"_s, 413).status, 413);
    QCOMPARE(HttpResponse::envelope(true, {}, {}, 202).status, 202);
}

QTEST_GUILESS_MAIN(tst_HttpMessage)
#include "tst_httpmessage.moc"
