#include "core/draft/draftserializer.h"
#include "core/draft/storeinspector.h"
#include "draftfixtures.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;

namespace {

void writeDraft(const QString &store, const QString &name, const QString &file,
                const QByteArray &bytes, const QDateTime &modified)
{
    QDir(store).mkpath(name);
    QFile out(QDir(store).filePath(name + u'/' + file));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bytes);
    QVERIFY(out.setFileTime(modified, QFileDevice::FileModificationTime));
}

QByteArray contentFor(const QString &profile)
{
    return QJsonDocument(
               DraftSerializer(*DraftProfile::builtIn(profile)).contentDocument(appendixADraft()))
        .toJson(QJsonDocument::Compact);
}

} // namespace

class tst_StoreInspector : public QObject
{
    Q_OBJECT

private slots:
    void profileForStamps_data();
    void profileForStamps();
    void newestEditorDraftWins();
    void nothingReadable();
    void seedCarriesStampsNotSize();
    void referenceCapCutTemplate();
};

void tst_StoreInspector::profileForStamps_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("os");
    QTest::addColumn<QString>("profile");
    QTest::newRow("jy 5.9 win") << u"lv"_s << u"5.9.0"_s << u"windows"_s << u"jy5-win"_s;
    QTest::newRow("jy 8.2 win") << u"lv"_s << u"8.2.0"_s << u"windows"_s << u"jy6-win"_s;
    QTest::newRow("jy 9.0.1 win") << u"lv"_s << u"9.0.1"_s << u"windows"_s << u"jy9-win"_s;
    QTest::newRow("jy 10.2 win") << u"lv"_s << u"10.2.0"_s << u"windows"_s << u"jy10-win"_s;
    QTest::newRow("jy 11 mac") << u"lv"_s << u"11.4.0"_s << u"mac"_s << u"jy-mac"_s;
    QTest::newRow("capcut win") << u"cc"_s << u"6.7.0"_s << u"windows"_s << u"cc-win"_s;
    QTest::newRow("capcut mac") << u"cc"_s << u"9.2.8-beta4"_s << u"mac"_s << u"cc-mac"_s;
}

void tst_StoreInspector::profileForStamps()
{
    QFETCH(QString, source);
    QFETCH(QString, version);
    QFETCH(QString, os);
    QFETCH(QString, profile);
    QCOMPARE(Core::profileForStamps(source, version, os), profile);
}

void tst_StoreInspector::newestEditorDraftWins()
{
    QTemporaryDir store;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    writeDraft(store.path(), u"old capcut"_s, u"draft_content.json"_s, contentFor(u"cc-win"_s),
               now.addDays(-3));
    writeDraft(store.path(), u"mac draft"_s, u"draft_info.json"_s, contentFor(u"jy-mac"_s),
               now.addDays(-1));
    writeDraft(store.path(), u"encrypted newest"_s, u"draft_content.json"_s,
               "c2VjcmV0LXBheWxvYWQtdGhhdC1pcy1ub3QtanNvbg==", now);
    QByteArray blank = contentFor(u"jy5-win"_s);
    blank.replace("\"app_source\":\"lv\"", "\"app_source\":\"\"");
    writeDraft(store.path(), u"tool draft"_s, u"draft_content.json"_s, blank, now.addSecs(-60));

    const auto inspection = inspectDraftStore(store.path());
    QVERIFY(inspection);
    QCOMPARE(inspection->profile, u"jy-mac"_s);
    QCOMPARE(inspection->os, u"mac"_s);
    QCOMPARE(inspection->appVersion, u"5.9.0"_s);
    QCOMPARE(QFileInfo(inspection->sourceDraft).fileName(), u"mac draft"_s);
    QCOMPARE(inspection->encryptedDrafts, 1);
    QVERIFY(inspection->notes.join(u'\n').contains(u"encrypted"_s));
    QCOMPARE(inspection->seed.value(u"platform"_s).toObject().value(u"os"_s).toString(), u"mac"_s);
}

void tst_StoreInspector::nothingReadable()
{
    QTemporaryDir store;
    const auto empty = inspectDraftStore(store.path());
    QVERIFY(empty);
    QVERIFY(empty->profile.isEmpty());
    QVERIFY(empty->notes.first().contains(u"no plaintext draft"_s));
    QCOMPARE(inspectDraftStore(store.filePath(u"missing"_s)).error().code(), ErrorCode::NotFound);
}

void tst_StoreInspector::seedCarriesStampsNotSize()
{
    QTemporaryDir store;
    Draft other = appendixADraft();
    other.width = 640;
    other.height = 480;
    writeDraft(
        store.path(), u"capcut"_s, u"draft_content.json"_s,
        QJsonDocument(DraftSerializer(*DraftProfile::builtIn(u"cc-win"_s)).contentDocument(other))
            .toJson(),
        QDateTime::currentDateTimeUtc());
    const auto inspection = inspectDraftStore(store.path());
    QVERIFY(inspection);
    QCOMPARE(inspection->profile, u"cc-win"_s);

    Draft fresh = appendixADraft();
    applySeed(fresh, inspection->seed);
    const QJsonObject doc
        = DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(fresh);
    QCOMPARE(doc.value(u"platform"_s).toObject().value(u"app_source"_s).toString(), u"cc"_s);
    QCOMPARE(doc.value(u"new_version"_s).toString(), u"140.0.0"_s);
    QCOMPARE(doc.value(u"materials"_s).toObject().size(), 48); // the seed's list set
    QVERIFY(doc.value(u"materials"_s).toObject().contains(u"common_mask"_s));
    QCOMPARE(doc.value(u"canvas_config"_s).toObject().value(u"width"_s).toInt(), 1920);
    QVERIFY(doc.value(u"canvas_config"_s).toObject().contains(u"background"_s));
}

void tst_StoreInspector::referenceCapCutTemplate()
{
    const QString path = sharedPath(u"reference/pycapcut_draft_content_template_capcut6.7.json"_s);
    QFile reference(path);
    if (!reference.open(QIODevice::ReadOnly))
        QSKIP("reference data not found: "
              "../shared/reference/pycapcut_draft_content_template_capcut6.7.json");
    QTemporaryDir store;
    writeDraft(store.path(), u"capcut 6.7"_s, u"draft_content.json"_s, reference.readAll(),
               QDateTime::currentDateTimeUtc());
    const auto inspection = inspectDraftStore(store.path());
    QVERIFY(inspection);
    QCOMPARE(inspection->profile, u"cc-win"_s);
    QCOMPARE(inspection->appVersion, u"6.7.0"_s);
    QCOMPARE(inspection->seed.value(u"new_version"_s).toString(), u"140.0.0"_s);
}

QTEST_GUILESS_MAIN(tst_StoreInspector)
#include "tst_storeinspector.moc"
