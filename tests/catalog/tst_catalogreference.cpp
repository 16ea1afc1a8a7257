// Conformance of the catalog loader, registry and harvester against the public reference data in
// ../shared/reference (read in place, never copied; skipped when absent; see its README.md).
#include "core/draft/catalog/catalogharvester.h"
#include "core/draft/catalog/catalogloader.h"
#include "core/draft/catalog/catalogregistry.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMap>
#include <QTest>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

const QString kPyJianYingDraft = QStringLiteral(
    CUTPILOT_SOURCE_DIR "/../shared/reference/pyjianyingdraft-0.2.6_catalogs.json");
const QString kVectCutApi
    = QStringLiteral(CUTPILOT_SOURCE_DIR "/../shared/reference/vectcutapi-bf684ae_catalogs.json");
const QString kSampleDraft = QStringLiteral(
    CUTPILOT_SOURCE_DIR "/../shared/reference/generated-sample_all_features/draft_content.json");

constexpr auto lv = CatalogNamespace::JianYing;
constexpr auto cc = CatalogNamespace::CapCut;

} // namespace

#define REQUIRE_REFERENCE(path)                                          \
    do {                                                                 \
        if (!QFileInfo::exists(path))                                    \
            QSKIP(qPrintable(u"reference data not found: "_s + (path))); \
    } while (false)

class tst_CatalogReference : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void pyJianYingDraftCounts_data();
    void pyJianYingDraftCounts();
    void pyJianYingDraftKnownEntries();
    void vectCutApiCounts();
    void vectCutApiNamesResolve_data();
    void vectCutApiNamesResolve();
    void bothSourcesMerge();
    void harvestSampleDraft_data();
    void harvestSampleDraft();
    void harvestedEntriesMatchCatalog();

private:
    QList<CatalogEntry> m_pyjy;
    QList<CatalogEntry> m_vect;
};

void tst_CatalogReference::initTestCase()
{
    if (QFileInfo::exists(kPyJianYingDraft)) {
        QStringList warnings;
        Result<QList<CatalogEntry>> loaded = loadCatalogFile(kPyJianYingDraft, &warnings);
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message()));
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(u'\n')));
        m_pyjy = std::move(*loaded);
    }
    if (QFileInfo::exists(kVectCutApi)) {
        QStringList warnings;
        Result<QList<CatalogEntry>> loaded = loadCatalogFile(kVectCutApi, &warnings);
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message()));
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(u'\n')));
        m_vect = std::move(*loaded);
    }
}

void tst_CatalogReference::pyJianYingDraftCounts_data()
{
    // spec/draft-format.md §13.3
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("count");
    QTest::newRow("scene effects") << int(CatalogKind::SceneEffect) << 1097;
    QTest::newRow("filters") << int(CatalogKind::Filter) << 1052;
    QTest::newRow("fonts") << int(CatalogKind::Font) << 798;
    QTest::newRow("transitions") << int(CatalogKind::Transition) << 453;
    QTest::newRow("character effects") << int(CatalogKind::CharacterEffect) << 240;
    QTest::newRow("video intros") << int(CatalogKind::VideoIntro) << 155;
    QTest::newRow("text intros") << int(CatalogKind::TextIntro) << 145;
    QTest::newRow("video outros") << int(CatalogKind::VideoOutro) << 124;
    QTest::newRow("combo animations") << int(CatalogKind::VideoCombo) << 123;
    QTest::newRow("text outros") << int(CatalogKind::TextOutro) << 97;
    QTest::newRow("text loops") << int(CatalogKind::TextLoop) << 93;
    QTest::newRow("audio scene effects") << int(CatalogKind::AudioSceneEffect) << 85;
    QTest::newRow("voice changers") << int(CatalogKind::VoiceChanger) << 57;
    QTest::newRow("mix modes") << int(CatalogKind::MixMode) << 10;
    QTest::newRow("speech to song") << int(CatalogKind::SpeechToSong) << 6;
    QTest::newRow("masks") << int(CatalogKind::Mask) << 6;
}

void tst_CatalogReference::pyJianYingDraftCounts()
{
    REQUIRE_REFERENCE(kPyJianYingDraft);
    QFETCH(int, kind);
    QFETCH(int, count);
    QCOMPARE(m_pyjy.size(), 4541);
    QCOMPARE(std::count_if(m_pyjy.cbegin(), m_pyjy.cend(), [](const auto &e) { return e.vip; }),
             2518);
    QVERIFY(std::all_of(m_pyjy.cbegin(), m_pyjy.cend(),
                        [](const auto &e) { return e.ns == lv && e.origin == kPyJianYingDraft; }));
    QCOMPARE(std::count_if(m_pyjy.cbegin(), m_pyjy.cend(),
                           [&](const auto &e) { return int(e.kind) == kind; }),
             count);
}

void tst_CatalogReference::pyJianYingDraftKnownEntries()
{
    REQUIRE_REFERENCE(kPyJianYingDraft);
    CatalogRegistry registry;
    registry.add(m_pyjy);
    // One font is listed twice with the same resource id (6766524209620324877): merged.
    QCOMPARE(registry.size(), 4540);

    const QStringList mixModes{u"正片叠底"_s, u"颜色减淡"_s, u"颜色加深"_s, u"线性加深"_s,
                               u"柔光"_s,     u"强光"_s,     u"滤色"_s,     u"叠加"_s,
                               u"变亮"_s,     u"变暗"_s};
    for (qsizetype i = 0; i < mixModes.size(); ++i) {
        const auto mode = registry.find(CatalogKind::MixMode, lv, mixModes.at(i));
        QVERIFY2(mode, qPrintable(mixModes.at(i)));
        QCOMPARE(mode->effectId, QString::number(871333 + i));
    }

    const QMap<QString, QString> maskTypes{{u"线性"_s, u"line"_s},
                                           {u"镜面"_s, u"mirror"_s},
                                           {u"圆形"_s, u"circle"_s},
                                           {u"矩形"_s, u"rectangle"_s},
                                           {u"爱心"_s, u"geometric_shape"_s},
                                           {u"星形"_s, u"geometric_shape"_s}};
    for (auto it = maskTypes.cbegin(); it != maskTypes.cend(); ++it) {
        const auto mask = registry.find(CatalogKind::Mask, lv, it.key());
        QVERIFY2(mask, qPrintable(it.key()));
        QCOMPARE(mask->resourceType, it.value());
    }
    QCOMPARE(registry.find(CatalogKind::Mask, lv, u"圆形"_s)->resourceId, u"6791700663249146381"_s);
    QCOMPARE(registry.find(CatalogKind::Mask, lv, u"爱心"_s)->defaultAspectRatio, 1.115);
    QCOMPARE(registry.find(CatalogKind::Mask, lv, u"星形"_s)->defaultAspectRatio, 1.05);

    // 19-digit ids come through unchanged, with parameters in catalog order.
    const auto bit = registry.find(CatalogKind::AudioSceneEffect, lv, u"8bit"_s);
    QVERIFY(bit);
    QCOMPARE(bit->resourceId, u"7161319747584266766"_s);
    QCOMPARE(bit->effectId, u"5723961"_s);
    QCOMPARE(bit->md5, u"8d24238329ea5c250e33ae241d5adae2"_s);
    QCOMPARE(bit->params.size(), 3);
    QCOMPARE(bit->params.first(),
             (CatalogParam{u"change_voice_param_pitch_shift"_s, 0.5, 0.0, 1.0}));

    const auto transition = registry.find(CatalogKind::Transition, lv, u"3D空间"_s);
    QVERIFY(transition);
    QCOMPARE(transition->resourceId, u"7049979667406656014"_s);
    QCOMPARE(transition->defaultDurationUs, 1'500'000);
    QVERIFY(transition->overlap);
    QCOMPARE(
        std::count_if(m_pyjy.cbegin(), m_pyjy.cend(),
                      [](const auto &e) { return e.kind == CatalogKind::Transition && e.overlap; }),
        399); // §8.10
    const auto intro = registry.find(CatalogKind::VideoIntro, lv, u"Kira游动"_s);
    QVERIFY(intro);
    QCOMPARE(intro->defaultDurationUs, 2'267'000);
}

void tst_CatalogReference::vectCutApiCounts()
{
    REQUIRE_REFERENCE(kVectCutApi);
    QCOMPARE(m_vect.size(), 4004);
    // profile "jianying" 2704 + "both" (fonts, looked up in the JianYing list) 335; "capcut" 965.
    QCOMPARE(
        std::count_if(m_vect.cbegin(), m_vect.cend(), [](const auto &e) { return e.ns == lv; }),
        2704 + 335);
    QCOMPARE(
        std::count_if(m_vect.cbegin(), m_vect.cend(), [](const auto &e) { return e.ns == cc; }),
        965);
    QCOMPARE(std::count_if(m_vect.cbegin(), m_vect.cend(), [](const auto &e) { return e.vip; }),
             1403);
    // The counts of the recorded GET routes (reference README).
    const auto count = [&](CatalogKind kind, CatalogNamespace ns) {
        return std::count_if(m_vect.cbegin(), m_vect.cend(),
                             [&](const auto &e) { return e.kind == kind && e.ns == ns; });
    };
    QCOMPARE(count(CatalogKind::VideoIntro, lv), 95);
    QCOMPARE(count(CatalogKind::Transition, lv), 362);
    QCOMPARE(count(CatalogKind::Font, lv), 335);
    QCOMPARE(count(CatalogKind::SceneEffect, lv), 912);
    QCOMPARE(count(CatalogKind::SceneEffect, cc), 345);
    QCOMPARE(count(CatalogKind::AudioSceneEffect, cc), 15); // CapCut "Voice filters"
    QCOMPARE(count(CatalogKind::VoiceChanger, cc), 13);     // CapCut "Voice characters"
    QCOMPARE(count(CatalogKind::Mask, cc), 9);
}

void tst_CatalogReference::vectCutApiNamesResolve_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("ns");
    QTest::addColumn<QString>("apiName");
    QTest::addColumn<QString>("displayName"); // empty = must not resolve
    QTest::addColumn<QString>("resourceId");

    const int t = int(CatalogKind::Transition);
    QTest::newRow("leading digit")
        << t << int(lv) << u"_3D空间"_s << u"3D空间"_s << u"7049979667406656014"_s;
    QTest::newRow("roman numeral") << int(CatalogKind::VideoCombo) << int(lv) << u"叠叠乐_VI"_s
                                   << u"叠叠乐 Ⅵ"_s << u"6839582631345000967"_s;
    QTest::newRow("punctuation dropped") << int(CatalogKind::CharacterEffect) << int(lv)
                                         << u"BOOM"_s << u"BOOM！"_s << u"6999560597230588429"_s;
    QTest::newRow("numeric suffix") << int(CatalogKind::SceneEffect) << int(cc) << u"Shake_4"_s
                                    << u"Shake"_s << u"6761645818723176968"_s;
    QTest::newRow("duplicate member") << int(CatalogKind::SceneEffect) << int(cc) << u"Fade_In_2"_s
                                      << u"Fade In"_s << u"6722343568188379661"_s;
    QTest::newRow("audio scene") << int(CatalogKind::AudioSceneEffect) << int(lv) << u"_8bit"_s
                                 << u"8bit"_s << u"7161319747584266766"_s;
    QTest::newRow("cross namespace fails")
        << t << int(cc) << u"_3D空间"_s << QString() << QString();
}

void tst_CatalogReference::vectCutApiNamesResolve()
{
    REQUIRE_REFERENCE(kVectCutApi);
    QFETCH(int, kind);
    QFETCH(int, ns);
    QFETCH(QString, apiName);
    QFETCH(QString, displayName);
    QFETCH(QString, resourceId);

    CatalogRegistry registry;
    registry.add(m_vect);
    const auto found = registry.find(CatalogKind(kind), CatalogNamespace(ns), apiName);
    if (displayName.isEmpty()) {
        QVERIFY(!found);
        return;
    }
    QVERIFY2(found, qPrintable(apiName));
    QCOMPARE(found->name, displayName);
    QCOMPARE(found->resourceId, resourceId);
    QVERIFY(found->aliases.contains(apiName));
    // The display name resolves to the same entry.
    QCOMPARE(registry.find(CatalogKind(kind), CatalogNamespace(ns), displayName)->resourceId,
             resourceId);
}

void tst_CatalogReference::bothSourcesMerge()
{
    REQUIRE_REFERENCE(kPyJianYingDraft);
    REQUIRE_REFERENCE(kVectCutApi);
    CatalogRegistry registry;
    registry.add(m_pyjy);
    const int before = registry.size();
    registry.add(m_vect);
    // Every JianYing entry of the VectCutAPI file that pyJianYingDraft also lists merges into it.
    QVERIFY(registry.size() < before + int(m_vect.size()));
    const auto boom = registry.find(CatalogKind::CharacterEffect, lv, u"BOOM"_s);
    QVERIFY(boom);
    QCOMPARE(boom->name, u"BOOM！"_s);
    QCOMPARE(boom->params.size(),
             registry.find(CatalogKind::CharacterEffect, lv, u"BOOM！"_s)->params.size());
    QVERIFY(!boom->params.isEmpty());
    // 453 + two transitions only VectCutAPI lists (热成像, 爱心冲击); the other 360 merge.
    QCOMPARE(registry.list(CatalogKind::Transition, lv).size(), 455);
    QVERIFY(registry.find(CatalogKind::Transition, lv, u"热成像"_s));
}

void tst_CatalogReference::harvestSampleDraft_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("resourceId");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("effectId");
    QTest::addColumn<qint64>("durationUs");

    const auto row = [](const char *tag, CatalogKind kind, const QString &id, const QString &name,
                        const QString &effectId, qint64 durationUs = 0) {
        QTest::newRow(tag) << int(kind) << id << name << effectId << durationUs;
    };
    row("sticker", CatalogKind::Sticker, u"7405878923323641129"_s, QString(), QString());
    row("filter Lofi II", CatalogKind::Filter, u"7232216810031025468"_s, u"Lofi II"_s,
        u"7232216810031025468"_s);
    row("filter ABG", CatalogKind::Filter, u"7127679308897832206"_s, u"ABG"_s,
        u"7127679308897832206"_s);
    row("bubble", CatalogKind::TextBubble, u"6742029398926430728"_s, QString(), u"361595"_s);
    row("flower text", CatalogKind::FlowerText, u"7296357486490144036"_s, QString(),
        u"7296357486490144036"_s);
    row("mix mode", CatalogKind::MixMode, u"6758325170760323597"_s, u"滤色"_s, u"871339"_s);
    row("scene effect 1998", CatalogKind::SceneEffect, u"6981791065204331044"_s, u"1998"_s,
        u"1183068"_s);
    row("scene effect 70s", CatalogKind::SceneEffect, u"6706773500792689165"_s, u"70s"_s,
        u"634717"_s);
    row("transition", CatalogKind::Transition, u"7288149307197231676"_s, u"信号故障"_s,
        u"25265947"_s, 500'000);
    row("video intro", CatalogKind::VideoIntro, u"7210657307938525751"_s, u"斜切"_s, u"10696371"_s,
        700'000);
    row("video outro", CatalogKind::VideoOutro, u"6798333612958683656"_s, u"向上滑动"_s,
        u"624737"_s, 500'000);
    row("text intro", CatalogKind::TextIntro, u"7078181271393800711"_s, u"冲屏位移"_s, u"1643884"_s,
        500'000);
    row("text outro", CatalogKind::TextOutro, u"7076006676951732767"_s, u"右上弹出"_s, u"1631524"_s,
        500'000);
    row("mask", CatalogKind::Mask, u"6791700663249146381"_s, u"圆形"_s, QString());
    row("audio effect", CatalogKind::AudioSceneEffect, u"7161319747584266766"_s, u"8bit"_s,
        QString());
    row("font", CatalogKind::Font, u"7290445778273702455"_s, QString(), QString());
}

void tst_CatalogReference::harvestSampleDraft()
{
    REQUIRE_REFERENCE(kSampleDraft);
    QFETCH(int, kind);
    QFETCH(QString, resourceId);
    QFETCH(QString, name);
    QFETCH(QString, effectId);
    QFETCH(qint64, durationUs);

    QFile file(kSampleDraft);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject document = QJsonDocument::fromJson(file.readAll()).object();
    QStringList warnings;
    const QList<CatalogEntry> entries = harvestCatalogEntries(document, kSampleDraft, &warnings);
    QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(u'\n')));
    QCOMPARE(entries.size(), 16); // flower text is in effects and in the text style: once

    const auto it = std::find_if(entries.cbegin(), entries.cend(), [&](const CatalogEntry &e) {
        return int(e.kind) == kind && e.resourceId == resourceId;
    });
    QVERIFY(it != entries.cend());
    QCOMPARE(it->ns, lv); // platform.app_source "lv"
    QCOMPARE(it->name, name);
    QCOMPARE(it->effectId, effectId);
    QCOMPARE(it->defaultDurationUs, durationUs);
    QCOMPARE(it->origin, u"harvested:"_s + kSampleDraft);
    if (it->kind == CatalogKind::SceneEffect && it->name == u"1998"_s) {
        QCOMPARE(it->params, (QList<CatalogParam>{{u"effects_adjust_filter"_s, 1.0, 0.0, 1.0},
                                                  {u"effects_adjust_texture"_s, 1.0, 0.0, 1.0}}));
    }
    if (it->kind == CatalogKind::Transition)
        QVERIFY(it->overlap);
    if (it->kind == CatalogKind::Mask)
        QCOMPARE(it->resourceType, u"circle"_s);
    if (it->kind == CatalogKind::AudioSceneEffect)
        QCOMPARE(it->params.size(), 3);
}

void tst_CatalogReference::harvestedEntriesMatchCatalog()
{
    REQUIRE_REFERENCE(kSampleDraft);
    REQUIRE_REFERENCE(kPyJianYingDraft);
    QFile file(kSampleDraft);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<CatalogEntry> harvested
        = harvestCatalogEntries(QJsonDocument::fromJson(file.readAll()).object(), kSampleDraft);

    CatalogRegistry registry;
    registry.add(m_pyjy);
    const int catalogSize = registry.size();
    registry.add(harvested);
    // Only the sticker, the bubble and the flower text are not in the public catalog (§13.3).
    QCOMPARE(registry.size(), catalogSize + 3);
    for (const CatalogEntry &h : harvested) {
        const auto known = registry.findByResourceId(h.kind, h.ns, h.resourceId);
        QVERIFY(known);
        if (!known->isHarvested() && !h.effectId.isEmpty())
            QCOMPARE(known->effectId, h.effectId); // the draft and the catalog agree
    }
    const auto sticker
        = registry.findByResourceId(CatalogKind::Sticker, lv, u"7405878923323641129"_s);
    QVERIFY(sticker && sticker->isHarvested());
    const auto filter = registry.find(CatalogKind::Filter, lv, u"Lofi II"_s);
    QVERIFY(filter && !filter->isHarvested()); // merged into the catalog entry
}

QTEST_GUILESS_MAIN(tst_CatalogReference)
#include "tst_catalogreference.moc"
