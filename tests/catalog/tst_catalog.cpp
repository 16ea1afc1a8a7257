#include "core/draft/catalog/catalogentry.h"
#include "core/draft/catalog/catalogharvester.h"
#include "core/draft/catalog/catalogloader.h"
#include "core/draft/catalog/catalogregistry.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(CatalogIdRule)

namespace {

CatalogEntry makeEntry(CatalogKind kind, const QString &name, const QString &resourceId,
                       CatalogNamespace ns = CatalogNamespace::JianYing)
{
    CatalogEntry e;
    e.kind = kind;
    e.ns = ns;
    e.name = name;
    e.resourceId = resourceId;
    return e;
}

// A pyJianYingDraft-shaped export (own content, not reference data).
QByteArray exportFixture(const QByteArray &filterEntries)
{
    return R"({"source": {"repo": "fixture"}, "categories": {
        "FilterType": {"file": "f.py", "used_in": "effects", "entries": [)"
           + filterEntries + R"(]}}})";
}

} // namespace

class tst_Catalog : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void kindNames();
    void namespaceNames_data();
    void namespaceNames();
    void catalogIds_data();
    void catalogIds();

    void cutPilotFormatRoundTrip();
    void nineteenDigitIds_data();
    void nineteenDigitIds();
    void malformed_data();
    void malformed();
    void errorNamesFileAndPath();
    void unknownCategoryIsSkipped();
    void tooLarge();
    void missingFile();
    void formatDetection_data();
    void formatDetection();

    void duplicatesMerge();
    void mergeKeepsRicherEntry();
    void find_data();
    void find();
    void search();
    void loadFolderWithOneBadFile();
    void loadFolderEdgeCases();
    void saveHarvestedKeepsOnlyHarvested();
    void harvestNumericIdsAndNamespace();
    void concurrentReads();

private:
    QString writeFile(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir->filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(content);
        return path;
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Catalog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_Catalog::kindNames()
{
    QSet<QString> seen;
    for (const CatalogKind kind : allCatalogKinds()) {
        const QString name = catalogKindName(kind);
        QVERIFY2(!seen.contains(name), qPrintable(name));
        seen.insert(name);
        QCOMPARE(catalogKindFromName(name), std::optional(kind));
    }
    QCOMPARE(seen.size(), 19);
    QCOMPARE(catalogKindName(CatalogKind::SceneEffect), u"scene_effect"_s);
    QCOMPARE(catalogKindName(CatalogKind::FlowerText), u"flower_text"_s);
    QVERIFY(!catalogKindFromName(u"Scene_Effect"));
    QVERIFY(!catalogKindFromName(u""));
}

void tst_Catalog::namespaceNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("expected"); // -1 = rejected
    QTest::newRow("lv") << u"lv"_s << int(CatalogNamespace::JianYing);
    QTest::newRow("cc") << u"cc"_s << int(CatalogNamespace::CapCut);
    QTest::newRow("JianYing") << u"JianYing"_s << int(CatalogNamespace::JianYing);
    QTest::newRow("capcut") << u"capcut"_s << int(CatalogNamespace::CapCut);
    QTest::newRow("LV is not an app_source") << u"LV"_s << -1;
    QTest::newRow("empty") << QString() << -1;
}

void tst_Catalog::namespaceNames()
{
    QFETCH(QString, name);
    QFETCH(int, expected);
    const std::optional<CatalogNamespace> ns = catalogNamespaceFromName(name);
    QCOMPARE(ns.has_value(), expected >= 0);
    if (ns) {
        QCOMPARE(int(*ns), expected);
        QCOMPARE(catalogNamespaceFromName(catalogNamespaceName(*ns)), ns);
    }
}

void tst_Catalog::catalogIds_data()
{
    QTest::addColumn<QByteArray>("json"); // the value, as JSON text
    QTest::addColumn<CatalogIdRule>("rule");
    QTest::addColumn<QString>("expected"); // empty = error

    const auto digits = CatalogIdRule::Digits;
    QTest::newRow("19-digit string")
        << "\"7405878923323641129\""_ba << digits << u"7405878923323641129"_s;
    QTest::newRow("19-digit number")
        << "7405878923323641129"_ba << digits << u"7405878923323641129"_s;
    QTest::newRow("int64 max") << "9223372036854775807"_ba << digits << u"9223372036854775807"_s;
    QTest::newRow("small number") << "871333"_ba << digits << u"871333"_s;
    QTest::newRow("integral double") << "871333.0"_ba << digits << u"871333"_s;
    QTest::newRow("fraction") << "1.5"_ba << digits << QString();
    QTest::newRow("negative") << "-3"_ba << digits << QString();
    QTest::newRow("beyond int64") << "18446744073709551616"_ba << digits << QString();
    QTest::newRow("above 2^53") << "9007199254740993"_ba << digits << u"9007199254740993"_s;
    QTest::newRow("exponent") << "1e300"_ba << digits << QString();
    QTest::newRow("letters") << "\"12a\""_ba << digits << QString();
    QTest::newRow("20 digits") << "\"12345678901234567890\""_ba << digits << QString();
    QTest::newRow("empty") << "\"\""_ba << digits << QString();
    QTest::newRow("bool") << "true"_ba << digits << QString();
    QTest::newRow("uuid as effect id")
        << "\"8954C5C2-A0BB-4915-8CB2-B422445DCB71\""_ba << CatalogIdRule::AnyString
        << u"8954C5C2-A0BB-4915-8CB2-B422445DCB71"_s;
    QTest::newRow("uuid as resource id")
        << "\"8954C5C2-A0BB-4915-8CB2-B422445DCB71\""_ba << digits << QString();
    QTest::newRow("control character")
        << "\"a\\u0001\""_ba << CatalogIdRule::AnyString << QString();
}

void tst_Catalog::catalogIds()
{
    QFETCH(QByteArray, json);
    QFETCH(CatalogIdRule, rule);
    QFETCH(QString, expected);
    const QJsonDocument doc = QJsonDocument::fromJson("{\"v\": " + json + "}");
    QVERIFY(doc.isObject());
    const Result<QString> id = catalogIdFromJson(doc.object().value(u"v"), u"x.v"_s, rule);
    if (expected.isEmpty()) {
        QVERIFY(!id);
        QCOMPARE(id.error().code(), ErrorCode::CorruptData);
        QCOMPARE(id.error().field(), u"x.v"_s);
    } else {
        QVERIFY2(id, qPrintable(id ? QString() : id.error().message()));
        QCOMPARE(*id, expected);
    }
}

void tst_Catalog::cutPilotFormatRoundTrip()
{
    CatalogEntry effect = makeEntry(CatalogKind::SceneEffect, u"星火"_s, u"7405878923323641129"_s);
    effect.nameEn = u"Sparks"_s;
    effect.aliases = {u"Sparks_1"_s, u"星火_II"_s};
    effect.effectId = u"1183068"_s;
    effect.md5 = u"0123456789abcdef0123456789abcdef"_s;
    effect.vip = true;
    effect.params = {{u"effects_adjust_speed"_s, 0.33, 0.0, 1.0}, {u"强度"_s, 0.0, -1.0, 1.0}};
    CatalogEntry transition = makeEntry(CatalogKind::Transition, u"叠化"_s, u"1"_s);
    transition.defaultDurationUs = 500'000;
    transition.overlap = true;
    CatalogEntry mask = makeEntry(CatalogKind::Mask, u"爱心"_s, u"6794051276482023949"_s);
    mask.resourceType = u"geometric_shape"_s;
    mask.defaultAspectRatio = 1.115;
    CatalogEntry capcut
        = makeEntry(CatalogKind::TextLoop, u"Flare"_s, u"42"_s, CatalogNamespace::CapCut);
    capcut.effectId = u"9A9C3804-5241-44E9-AF56-1BE8271083F2"_s;
    CatalogEntry sticker = makeEntry(CatalogKind::Sticker, QString(), u"7405878923323641128"_s);
    sticker.origin = u"harvested:/drafts/a/draft_content.json"_s;
    const QList<CatalogEntry> entries{effect, transition, mask, capcut, sticker};

    const QByteArray json = catalogToJson(entries, CatalogNamespace::JianYing);
    // Ids are strings in the file (§2.3), never numbers.
    QVERIFY(json.contains("\"resource_id\": \"7405878923323641129\""));
    const QString path = writeFile(u"own.json"_s, json);

    QStringList warnings;
    const Result<QList<CatalogEntry>> loaded = loadCatalogFile(path, &warnings);
    QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message()));
    QVERIFY(warnings.isEmpty());
    QCOMPARE(loaded->size(), entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        CatalogEntry expected = entries.at(i);
        if (!expected.isHarvested())
            expected.origin = path;
        QCOMPARE(loaded->at(i), expected);
    }
    // Serialising what was read gives the same bytes.
    QCOMPARE(catalogToJson(*loaded, CatalogNamespace::JianYing), json);
}

void tst_Catalog::nineteenDigitIds_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::newRow("cutpilot, number")
        << R"({"format": "cutpilot-catalog", "version": 1, "namespace": "lv", "entries": [
              {"kind": "sticker", "name": "", "resource_id": 7405878923323641129,
               "effect_id": 7405878923323641129}]})"_ba;
    QTest::newRow("cutpilot, string")
        << R"({"format": "cutpilot-catalog", "version": 1, "namespace": "lv", "entries": [
              {"kind": "sticker", "resource_id": "7405878923323641129",
               "effect_id": "7405878923323641129"}]})"_ba;
    QTest::newRow("export, number")
        << exportFixture(R"({"name": "A", "resource_id": 7405878923323641129,
                             "effect_id": 7405878923323641129})");
    QTest::newRow("export, string")
        << exportFixture(R"({"name": "A", "resource_id": "7405878923323641129",
                             "effect_id": "7405878923323641129"})");
}

void tst_Catalog::nineteenDigitIds()
{
    QFETCH(QByteArray, document);
    const Result<QList<CatalogEntry>> loaded = loadCatalogJson(document, u"mem.json"_s);
    QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message()));
    QCOMPARE(loaded->size(), 1);
    QCOMPARE(loaded->first().resourceId, u"7405878923323641129"_s);
    QCOMPARE(loaded->first().effectId, u"7405878923323641129"_s);
}

void tst_Catalog::malformed_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("field"); // JSON path named by the error; empty = none

    const int corrupt = int(ErrorCode::CorruptData);
    const auto cp = [](const char *rest) -> QByteArray {
        return QByteArray(R"({"format": "cutpilot-catalog", "version": 1, "namespace": "lv", )")
               + QByteArray(rest);
    };

    QTest::newRow("syntax") << "{\"format\": "_ba << int(ErrorCode::InvalidJson) << QString();
    QTest::newRow("empty") << QByteArray() << int(ErrorCode::InvalidJson) << QString();
    QTest::newRow("array at top") << "[1, 2]"_ba << corrupt << QString();
    QTest::newRow("neither format") << "{\"entries\": []}"_ba << corrupt << QString();
    QTest::newRow("other format") << "{\"format\": \"x\", \"entries\": []}"_ba << corrupt
                                  << QString();
    QTest::newRow("version 2")
        << R"({"format": "cutpilot-catalog", "version": 2, "namespace": "lv", "entries": []})"_ba
        << corrupt << u"version"_s;
    QTest::newRow("version text")
        << R"({"format": "cutpilot-catalog", "version": "1", "namespace": "lv", "entries": []})"_ba
        << corrupt << u"version"_s;
    QTest::newRow("no namespace")
        << R"({"format": "cutpilot-catalog", "version": 1, "entries": []})"_ba << corrupt
        << u"namespace"_s;
    QTest::newRow("bad namespace")
        << R"({"format": "cutpilot-catalog", "version": 1, "namespace": "xx", "entries": []})"_ba
        << corrupt << u"namespace"_s;
    QTest::newRow("entries object") << cp(R"("entries": {}})") << corrupt << u"entries"_s;
    QTest::newRow("entry not object") << cp(R"("entries": [3]})") << corrupt << u"entries[0]"_s;
    QTest::newRow("unknown kind") << cp(R"("entries": [{"kind": "wobble", "resource_id": "1"}]})")
                                  << corrupt << u"entries[0].kind"_s;
    QTest::newRow("missing resource id") << cp(R"("entries": [{"kind": "filter", "name": "a"}]})")
                                         << corrupt << u"entries[0].resource_id"_s;
    QTest::newRow("fractional resource id")
        << cp(R"("entries": [{"kind": "filter", "resource_id": "1"},
                                 {"kind": "filter", "resource_id": 12.5}]})")
        << corrupt << u"entries[1].resource_id"_s;
    QTest::newRow("name is a number")
        << cp(R"("entries": [{"kind": "filter", "resource_id": "1", "name": 3}]})") << corrupt
        << u"entries[0].name"_s;
    QTest::newRow("vip is text") << cp(
        R"("entries": [{"kind": "filter", "resource_id": "1", "vip": "yes"}]})")
                                 << corrupt << u"entries[0].vip"_s;
    QTest::newRow("aliases not strings")
        << cp(R"("entries": [{"kind": "filter", "resource_id": "1", "aliases": ["a", 2]}]})")
        << corrupt << u"entries[0].aliases[1]"_s;
    QTest::newRow("param without name") << cp(R"("entries": [{"kind": "filter", "resource_id": "1",
                                  "params": [{"default": 1}]}]})")
                                        << corrupt << u"entries[0].params[0].name"_s;
    QTest::newRow("fractional duration")
        << cp(R"("entries": [{"kind": "transition", "resource_id": "1",
                                  "default_duration_us": 0.5}]})")
        << corrupt << u"entries[0].default_duration_us"_s;
    QTest::newRow("negative duration")
        << cp(R"("entries": [{"kind": "transition", "resource_id": "1",
                                  "default_duration_us": -5}]})")
        << corrupt << u"entries[0].default_duration_us"_s;
    QTest::newRow("export: resource id fraction")
        << exportFixture(R"({"name": "a", "resource_id": "1"}, {"name": "b", "resource_id": 2.5})")
        << corrupt << u"categories.FilterType.entries[1].resource_id"_s;
    QTest::newRow("export: no name") << exportFixture(R"({"resource_id": "1"})") << corrupt
                                     << u"categories.FilterType.entries[0].name"_s;
    QTest::newRow("export: is_vip text")
        << exportFixture(R"({"name": "a", "resource_id": "1", "is_vip": 1})") << corrupt
        << u"categories.FilterType.entries[0].is_vip"_s;
    QTest::newRow("export: params not array")
        << exportFixture(R"({"name": "a", "resource_id": "1", "params": {}})") << corrupt
        << u"categories.FilterType.entries[0].params"_s;
    QTest::newRow("export: category not object")
        << R"({"categories": {"FilterType": []}})"_ba << corrupt << u"categories.FilterType"_s;
    QTest::newRow("export: entries missing") << R"({"categories": {"FilterType": {"count": 0}}})"_ba
                                             << corrupt << u"categories.FilterType.entries"_s;
}

void tst_Catalog::malformed()
{
    QFETCH(QByteArray, document);
    QFETCH(int, code);
    QFETCH(QString, field);
    const Result<QList<CatalogEntry>> loaded = loadCatalogJson(document, u"/cat/bad.json"_s);
    QVERIFY(!loaded);
    QCOMPARE(int(loaded.error().code()), code);
    QCOMPARE(loaded.error().details().value(u"file"_s).toString(), u"/cat/bad.json"_s);
    QVERIFY2(loaded.error().message().contains(u"/cat/bad.json"_s),
             qPrintable(loaded.error().message()));
    if (!field.isEmpty()) {
        QCOMPARE(loaded.error().field(), field);
        QVERIFY2(loaded.error().message().contains(field), qPrintable(loaded.error().message()));
    }
}

void tst_Catalog::errorNamesFileAndPath()
{
    // The example of the brief: a VectCutAPI-shaped file with a bad fourth filter id.
    QByteArray entries;
    for (int i = 0; i < 3; ++i)
        entries += R"({"api_name": "F)" + QByteArray::number(i)
                   + R"(", "display_name": "F", "resource_id": ")" + QByteArray::number(100 + i)
                   + R"("},)";
    entries += R"({"api_name": "G", "display_name": "G", "resource_id": 1.25})";
    const QByteArray document = R"({"categories": {"Filter_type": {"profile": "jianying",
        "entries": [)" + entries + "]}}}";
    const QString path = writeFile(u"vect.json"_s, document);
    const Result<QList<CatalogEntry>> loaded = loadCatalogFile(path);
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().field(), u"categories.Filter_type.entries[3].resource_id"_s);
    QVERIFY(loaded.error().message().startsWith(u"catalog "_s + path + u": "_s));
    QVERIFY(loaded.error().message().contains(u"1.25"_s));
}

void tst_Catalog::unknownCategoryIsSkipped()
{
    const QByteArray document = R"({"categories": {
        "FilterType": {"entries": [{"name": "A", "resource_id": "1"}]},
        "HologramType": {"entries": [{"name": "H", "resource_id": "2"}]},
        "CapCut_Mask_type": {"profile": "capcut", "entries": [
            {"api_name": "Split", "display_name": "Split", "resource_id": "3",
             "resource_type": "line", "default_aspect_ratio": 1.0}]}}})";
    QStringList warnings;
    const Result<QList<CatalogEntry>> loaded
        = loadCatalogJson(document, u"mixed.json"_s, &warnings);
    QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message()));
    QCOMPARE(loaded->size(), 2);
    QCOMPARE(warnings.size(), 1);
    QVERIFY(warnings.first().contains(u"categories.HologramType"_s));
    const CatalogEntry mask = loaded->at(0); // categories come in key order
    QCOMPARE(mask.kind, CatalogKind::Mask);
    QCOMPARE(mask.ns, CatalogNamespace::CapCut);
    QVERIFY(mask.aliases.isEmpty()); // api_name equal to the display name adds nothing
    QCOMPARE(loaded->at(1).kind, CatalogKind::Filter);
    QCOMPARE(loaded->at(1).ns, CatalogNamespace::JianYing);
    QCOMPARE(loaded->at(1).origin, u"mixed.json"_s);

    // A category whose count disagrees with its entries loads, with a warning.
    warnings.clear();
    const QByteArray miscounted
        = R"({"categories": {"MaskType": {"count": 5, "entries": [{"name": "M", "resource_id": "1"}]}}})";
    QVERIFY(loadCatalogJson(miscounted, u"count.json"_s, &warnings));
    QCOMPARE(warnings.size(), 1);
    QVERIFY(warnings.first().contains(u"count says 5 but 1 entries"_s));
}

void tst_Catalog::tooLarge()
{
    QByteArray big(MaxCatalogFileBytes + 1, ' ');
    const Result<QList<CatalogEntry>> loaded = loadCatalogJson(big, u"big.json"_s);
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().code(), ErrorCode::PayloadTooLarge);
    big.clear();

    QFile file(m_dir->filePath(u"big.json"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.resize(MaxCatalogFileBytes + 1)); // sparse; nothing is parsed
    file.close();
    const Result<QList<CatalogEntry>> fromFile = loadCatalogFile(file.fileName());
    QVERIFY(!fromFile);
    QCOMPARE(fromFile.error().code(), ErrorCode::PayloadTooLarge);
}

void tst_Catalog::missingFile()
{
    const Result<QList<CatalogEntry>> loaded = loadCatalogFile(m_dir->filePath(u"none.json"_s));
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().code(), ErrorCode::NotFound);
}

void tst_Catalog::formatDetection_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<int>("format"); // -1 = none
    QTest::newRow("cutpilot") << R"({"format": "cutpilot-catalog", "entries": []})"_ba
                              << int(CatalogFileFormat::CutPilot);
    QTest::newRow("pyjianyingdraft")
        << exportFixture({}) << int(CatalogFileFormat::PyJianYingDraft);
    QTest::newRow("vectcutapi by profile")
        << R"({"categories": {"Font_type": {"profile": "both", "entries": []}}})"_ba
        << int(CatalogFileFormat::VectCutApi);
    QTest::newRow("vectcutapi by api_name")
        << R"({"categories": {"X": {"entries": [{"api_name": "a"}]}}})"_ba
        << int(CatalogFileFormat::VectCutApi);
    QTest::newRow("other") << R"({"materials": {}})"_ba << -1;
}

void tst_Catalog::formatDetection()
{
    QFETCH(QByteArray, document);
    QFETCH(int, format);
    const std::optional<CatalogFileFormat> detected
        = detectCatalogFormat(QJsonDocument::fromJson(document).object());
    QCOMPARE(detected ? int(*detected) : -1, format);
}

void tst_Catalog::duplicatesMerge()
{
    CatalogRegistry registry;
    CatalogEntry a = makeEntry(CatalogKind::Transition, u"Mix"_s, u"6724846004274729480"_s,
                               CatalogNamespace::CapCut);
    a.aliases = {u"Mix_1"_s};
    CatalogEntry b = a;
    b.aliases = {u"Mix_2"_s};
    b.vip = true;
    CatalogEntry otherNamespace = a;
    otherNamespace.ns = CatalogNamespace::JianYing;
    CatalogEntry otherKind = a;
    otherKind.kind = CatalogKind::SceneEffect;
    registry.add({a, b, otherNamespace, otherKind});
    registry.add({a}); // a later source with the same entry adds nothing

    QCOMPARE(registry.size(), 3);
    const QList<CatalogEntry> cc = registry.list(CatalogKind::Transition, CatalogNamespace::CapCut);
    QCOMPARE(cc.size(), 1);
    QCOMPARE(cc.first().aliases, (QStringList{u"Mix_1"_s, u"Mix_2"_s}));
    QVERIFY(cc.first().vip);
    for (const QString &name : {u"Mix"_s, u"Mix_1"_s, u"Mix_2"_s}) {
        const auto found = registry.find(CatalogKind::Transition, CatalogNamespace::CapCut, name);
        QVERIFY2(found, qPrintable(name));
        QCOMPARE(found->resourceId, u"6724846004274729480"_s);
    }
}

void tst_Catalog::mergeKeepsRicherEntry()
{
    // A harvested filter (name and ids only) meets the catalog entry with md5, vip and the same id.
    CatalogEntry harvested = makeEntry(CatalogKind::Filter, u"Lofi II"_s, u"7232216810031025468"_s);
    harvested.effectId = harvested.resourceId;
    harvested.origin = u"harvested:/d/draft_content.json"_s;
    CatalogEntry fromFile = harvested;
    fromFile.name = u"Lofi Ⅱ"_s;
    fromFile.md5 = u"00112233445566778899aabbccddeeff"_s;
    fromFile.vip = true;
    fromFile.origin = u"/data/catalogs/lv.json"_s;

    for (const bool fileFirst : {false, true}) {
        CatalogRegistry registry;
        if (fileFirst)
            registry.add({fromFile, harvested});
        else
            registry.add({harvested, fromFile});
        QCOMPARE(registry.size(), 1);
        const auto e = registry.findByResourceId(CatalogKind::Filter, CatalogNamespace::JianYing,
                                                 u"7232216810031025468"_s);
        QVERIFY(e);
        QCOMPARE(e->name, u"Lofi Ⅱ"_s);
        QCOMPARE(e->aliases, QStringList{u"Lofi II"_s}); // the other name still resolves
        QCOMPARE(e->md5, fromFile.md5);
        QVERIFY(e->vip);
        QCOMPARE(e->origin, fromFile.origin);
        QVERIFY(!e->isHarvested()); // already in a catalog file: not saved as harvested
        QVERIFY(registry.find(CatalogKind::Filter, CatalogNamespace::JianYing, u"Lofi II"_s));
    }
}

void tst_Catalog::find_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("ns");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("expectedId"); // empty = not found

    const int t = int(CatalogKind::Transition);
    const int lv = int(CatalogNamespace::JianYing);
    const int cc = int(CatalogNamespace::CapCut);
    QTest::newRow("name") << t << lv << u"3D空间"_s << u"11"_s;
    QTest::newRow("alias") << t << lv << u"_3D空间"_s << u"11"_s;
    QTest::newRow("english") << t << lv << u"3D Space"_s << u"11"_s;
    QTest::newRow("case-insensitive") << t << lv << u"3d SPACE"_s << u"11"_s;
    QTest::newRow("alias before name") << t << lv << u"Fade"_s << u"13"_s;
    QTest::newRow("exact before folded") << t << lv << u"fade"_s << u"12"_s;
    QTest::newRow("other namespace") << t << cc << u"3D空间"_s << QString();
    QTest::newRow("other kind") << int(CatalogKind::Filter) << lv << u"3D空间"_s << QString();
    QTest::newRow("no substring match") << t << lv << u"3D"_s << QString();
    QTest::newRow("empty") << t << lv << QString() << QString();
}

void tst_Catalog::find()
{
    QFETCH(int, kind);
    QFETCH(int, ns);
    QFETCH(QString, query);
    QFETCH(QString, expectedId);

    CatalogRegistry registry;
    CatalogEntry space = makeEntry(CatalogKind::Transition, u"3D空间"_s, u"11"_s);
    space.nameEn = u"3D Space"_s;
    space.aliases = {u"_3D空间"_s};
    CatalogEntry lower = makeEntry(CatalogKind::Transition, u"fade"_s, u"12"_s);
    CatalogEntry aliased = makeEntry(CatalogKind::Transition, u"渐隐"_s, u"13"_s);
    aliased.aliases = {u"Fade"_s};
    registry.add({space, lower, aliased});

    const auto found = registry.find(CatalogKind(kind), CatalogNamespace(ns), query);
    QCOMPARE(found ? found->resourceId : QString(), expectedId);
}

void tst_Catalog::search()
{
    CatalogRegistry registry;
    CatalogEntry a = makeEntry(CatalogKind::Font, u"思源黑体"_s, u"1"_s);
    CatalogEntry b = makeEntry(CatalogKind::Font, u"Source Han"_s, u"2"_s);
    b.aliases = {u"Heiti_Source"_s};
    CatalogEntry c = makeEntry(CatalogKind::Font, u"宋体"_s, u"3"_s);
    registry.add({a, b, c});
    const auto ids = [&](const QString &text) {
        QStringList out;
        for (const CatalogEntry &e :
             registry.search(CatalogKind::Font, CatalogNamespace::JianYing, text))
            out.append(e.resourceId);
        return out;
    };
    QCOMPARE(ids(u"黑体"_s), QStringList{u"1"_s});
    QCOMPARE(ids(u"source"_s), QStringList{u"2"_s});
    QCOMPARE(ids(u"heiti"_s), QStringList{u"2"_s});
    QCOMPARE(ids(u"体"_s), (QStringList{u"1"_s, u"3"_s}));
    QCOMPARE(ids(QString()), (QStringList{u"1"_s, u"2"_s, u"3"_s}));
    QVERIFY(ids(u"xyz"_s).isEmpty());
    QVERIFY(registry.search(CatalogKind::Font, CatalogNamespace::CapCut, QString()).isEmpty());
}

void tst_Catalog::loadFolderWithOneBadFile()
{
    const QList<CatalogEntry> own{makeEntry(CatalogKind::MixMode, u"滤色"_s, u"10"_s),
                                  makeEntry(CatalogKind::MixMode, u"叠加"_s, u"11"_s)};
    QVERIFY(!writeFile(u"a-own.json"_s, catalogToJson(own, CatalogNamespace::JianYing)).isEmpty());
    QVERIFY(!writeFile(u"b-bad.json"_s, "{\"format\": \"cutpilot-catalog\", "_ba).isEmpty());
    QVERIFY(!writeFile(u"c-export.json"_s, exportFixture(R"({"name": "A", "resource_id": "20"},
                                        {"name": "B", "resource_id": "21"})"))
                 .isEmpty());
    QVERIFY(!writeFile(u"notes.txt"_s, "not a catalog").isEmpty());

    CatalogRegistry registry;
    const Result<int> loaded = registry.loadFolder(m_dir->path());
    QVERIFY(loaded);
    QCOMPARE(*loaded, 4);
    QCOMPARE(registry.size(), 4);
    QCOMPARE(registry.warnings().size(), 1);
    QVERIFY2(registry.warnings().first().contains(u"b-bad.json"_s),
             qPrintable(registry.warnings().first()));
    QVERIFY(registry.find(CatalogKind::Filter, CatalogNamespace::JianYing, u"B"_s));
    QCOMPARE(registry.find(CatalogKind::MixMode, CatalogNamespace::JianYing, u"叠加"_s)->origin,
             m_dir->filePath(u"a-own.json"_s));

    // Loading the same folder again merges instead of duplicating.
    QVERIFY(registry.loadFolder(m_dir->path()));
    QCOMPARE(registry.size(), 4);
}

void tst_Catalog::loadFolderEdgeCases()
{
    CatalogRegistry registry;
    const Result<int> missing = registry.loadFolder(m_dir->filePath(u"catalogs"_s));
    QVERIFY(missing);
    QCOMPARE(*missing, 0);

    const QString file = writeFile(u"plain"_s, "x");
    const Result<int> notAFolder = registry.loadFolder(file);
    QVERIFY(!notAFolder);
    QCOMPARE(notAFolder.error().code(), ErrorCode::InvalidArgument);

    // Entries without a resource id cannot be identified: skipped with a warning.
    registry.add({makeEntry(CatalogKind::Font, u"x"_s, QString())});
    QCOMPARE(registry.size(), 0);
    QCOMPARE(registry.warnings().size(), 1);
    registry.clear();
    QVERIFY(registry.warnings().isEmpty());
}

void tst_Catalog::saveHarvestedKeepsOnlyHarvested()
{
    CatalogRegistry registry;
    registry.add({makeEntry(CatalogKind::Filter, u"ABG"_s, u"7127679308897832206"_s)});
    CatalogEntry sticker = makeEntry(CatalogKind::Sticker, QString(), u"7405878923323641129"_s);
    sticker.origin = u"harvested:/drafts/one/draft_content.json"_s;
    CatalogEntry bubble = makeEntry(CatalogKind::TextBubble, QString(), u"6742029398926430728"_s,
                                    CatalogNamespace::CapCut);
    bubble.effectId = u"361595"_s;
    bubble.origin = u"harvested:/drafts/two/draft_content.json"_s;
    registry.add({sticker, bubble});

    const QString path = m_dir->filePath(u"catalogs/harvested.json"_s);
    const Result<> saved = registry.saveHarvested(path);
    QVERIFY2(saved, qPrintable(saved ? QString() : saved.error().message()));

    CatalogRegistry reloaded;
    QVERIFY(reloaded.loadFolder(m_dir->filePath(u"catalogs"_s)));
    QCOMPARE(reloaded.size(), 2);
    const auto s = reloaded.findByResourceId(CatalogKind::Sticker, CatalogNamespace::JianYing,
                                             u"7405878923323641129"_s);
    QVERIFY(s);
    QCOMPARE(s->origin, sticker.origin); // still harvested after a reload
    const auto b = reloaded.findByResourceId(CatalogKind::TextBubble, CatalogNamespace::CapCut,
                                             u"6742029398926430728"_s);
    QVERIFY(b);
    QCOMPARE(b->effectId, u"361595"_s);

    // Saving the reloaded registry again writes the same file.
    QFile before(path);
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray first = before.readAll();
    before.close();
    QVERIFY(reloaded.saveHarvested(path));
    QVERIFY(before.open(QIODevice::ReadOnly));
    QCOMPARE(before.readAll(), first);

    // A folder that cannot be created is an IoError, not a crash.
    const QString blocker = writeFile(u"blocker"_s, "x");
    const Result<> failed = registry.saveHarvested(blocker + u"/sub/harvested.json"_s);
    QVERIFY(!failed);
    QCOMPARE(failed.error().code(), ErrorCode::IoError);
}

void tst_Catalog::harvestNumericIdsAndNamespace()
{
    // Some tools write Python ints: 19-digit ids must still come out exact (§2.3).
    const QByteArray draft = R"({"platform": {"app_source": "cc"}, "materials": {
        "stickers": [{"resource_id": 7405878923323641129, "sticker_id": 7405878923323641129}],
        "effects": [{"type": "filter", "name": "F", "resource_id": 12.5, "effect_id": "1"},
                    {"type": "text_shape", "resource_id": "6742029398926430728",
                     "effect_id": 361595},
                    {"type": "unknown_kind", "resource_id": "9"}],
        "texts": [{"content": "not json"},
                  {"content": "{\"styles\": [{\"font\": {\"id\": \"1\"}}, {\"font\": {\"id\": \"1\"}}]}"}]
    }})";
    QStringList warnings;
    const QList<CatalogEntry> entries = harvestCatalogEntries(
        QJsonDocument::fromJson(draft).object(), u"/drafts/x/draft_content.json"_s, &warnings);
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries.at(0).kind, CatalogKind::Sticker);
    QCOMPARE(entries.at(0).resourceId, u"7405878923323641129"_s);
    QCOMPARE(entries.at(0).ns, CatalogNamespace::CapCut);
    QCOMPARE(entries.at(0).origin, u"harvested:/drafts/x/draft_content.json"_s);
    QCOMPARE(entries.at(1).kind, CatalogKind::TextBubble);
    QCOMPARE(entries.at(1).effectId, u"361595"_s);
    QCOMPARE(entries.at(2).kind, CatalogKind::Font); // the same font twice: once
    QCOMPARE(warnings.size(), 2); // the fractional filter id, the unreadable text content
    QVERIFY(warnings.at(0).contains(u"materials.effects[0].resource_id"_s));
    QVERIFY(warnings.at(1).contains(u"materials.texts[0].content"_s));

    // Nothing to learn from an empty document; the origin prefix is not doubled.
    QVERIFY(harvestCatalogEntries({}, u"harvested:x"_s).isEmpty());
}

void tst_Catalog::concurrentReads()
{
    CatalogRegistry registry;
    QList<CatalogEntry> initial;
    for (int i = 0; i < 200; ++i)
        initial.append(makeEntry(CatalogKind::Font, u"font %1"_s.arg(i), QString::number(i + 1)));
    registry.add(initial);

    std::atomic<int> misses = 0;
    std::atomic<bool> stop = false;
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; ++t) {
        readers.emplace_back([&] {
            while (!stop) {
                if (!registry.find(CatalogKind::Font, CatalogNamespace::JianYing, u"FONT 150"_s))
                    ++misses;
                (void)registry.search(CatalogKind::Font, CatalogNamespace::JianYing, u"font 1"_s);
            }
        });
    }
    for (int round = 0; round < 50; ++round) {
        registry.add({makeEntry(CatalogKind::Font, u"extra %1"_s.arg(round),
                                QString::number(1000 + round))});
    }
    stop = true;
    for (std::thread &reader : readers)
        reader.join();
    QCOMPARE(misses.load(), 0);
    QCOMPARE(registry.size(), 250);
}

QTEST_GUILESS_MAIN(tst_Catalog)
#include "tst_catalog.moc"
