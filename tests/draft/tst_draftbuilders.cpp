#include "core/draft/draftbuilders.h"
#include "core/draft/draftserializer.h"
#include "core/services/draftservice.h"
#include "draftfixtures.h"

#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;

namespace {

CatalogEntry entry(CatalogKind kind, const QString &name,
                   const QString &id = u"7288149307197231676"_s)
{
    CatalogEntry e;
    e.kind = kind;
    e.name = name;
    e.resourceId = id;
    e.effectId = id;
    return e;
}

const QString VideoSegment = u"9F9F00000000400080000000000000A1"_s;
const QString AudioSegment = u"9F9F00000000400080000000000000B1"_s;
const QString TextSegment = u"9F9F00000000400080000000000000C1"_s;

} // namespace

class tst_DraftBuilders : public QObject
{
    Q_OBJECT

private slots:
    void transition();
    void filterAndMixMode();
    void videoEffectParameters();
    void audioEffectCategories();
    void maskGeometry();
    void backgrounds();
    void animations_data();
    void animations();
    void wrongKindsAreRefused();
    void attachToSegments();
    void effectAndFilterTracks();
};

void tst_DraftBuilders::transition()
{
    CatalogEntry e = entry(CatalogKind::Transition, u"信号故障"_s);
    e.defaultDurationUs = 700'000;
    e.overlap = true;
    const auto t = DraftBuilders::transition(e);
    QVERIFY(t);
    QCOMPARE(t->list, u"transitions"_s);
    QCOMPARE(t->json.value(u"duration"_s).toInteger(), 700'000);
    QCOMPARE(t->json.value(u"resource_id"_s).toString(), u"7288149307197231676"_s);
    QVERIFY(t->json.value(u"is_overlap"_s).toBool());
    QCOMPARE(DraftBuilders::transition(e, 300'000)->json.value(u"duration"_s).toInteger(), 300'000);
    QCOMPARE(DraftBuilders::transition(e, 0).error().code(), ErrorCode::OutOfRange);
}

void tst_DraftBuilders::filterAndMixMode()
{
    const auto f = DraftBuilders::filter(entry(CatalogKind::Filter, u"Lofi II"_s), 0.5);
    QVERIFY(f);
    QCOMPARE(f->json.value(u"type"_s).toString(), u"filter"_s);
    QCOMPARE(f->json.value(u"value"_s).toDouble(), 0.5);
    QCOMPARE(f->json.value(u"effect_id"_s), f->json.value(u"resource_id"_s)); // §13.2
    QVERIFY(f->json.value(u"adjust_params"_s).toArray().isEmpty());
    QCOMPARE(DraftBuilders::filter(entry(CatalogKind::Filter, u"x"_s), 1.5).error().field(),
             u"intensity"_s);
    const auto m = DraftBuilders::mixMode(entry(CatalogKind::MixMode, u"正片叠底"_s, u"871333"_s));
    QCOMPARE(m->json.value(u"type"_s).toString(), u"mix_mode"_s);
    QCOMPARE(m->json.value(u"effect_id"_s).toString(), u"871333"_s);
}

void tst_DraftBuilders::videoEffectParameters()
{
    CatalogEntry e = entry(CatalogKind::SceneEffect, u"70s"_s);
    e.params = {CatalogParam{u"effects_adjust_speed"_s, 0.33, 0.0, 1.0},
                CatalogParam{u"effects_adjust_intensity"_s, 0.5, -1.0, 1.0}};
    const auto v = DraftBuilders::videoEffect(e, {{u"effects_adjust_intensity"_s, 75}});
    QVERIFY(v);
    const QJsonArray params = v->json.value(u"adjust_params"_s).toArray();
    QCOMPARE(params.size(), 2);
    QCOMPARE(params.at(0).toObject().value(u"value"_s).toDouble(), 0.33); // default
    QCOMPARE(params.at(1).toObject().value(u"value"_s).toDouble(), 0.5);  // -1 + 2 × 0.75
    QCOMPARE(params.at(1).toObject().value(u"parameterIndex"_s).toInt(), 1);
    QCOMPARE(v->json.value(u"apply_target_type"_s).toInt(), 0);
    QCOMPARE(v->json.value(u"type"_s).toString(), u"video_effect"_s);
    QCOMPARE(DraftBuilders::videoEffect(entry(CatalogKind::CharacterEffect, u"c"_s))
                 ->json.value(u"type"_s)
                 .toString(),
             u"face_effect"_s);
    QCOMPARE(DraftBuilders::videoEffect(e, {{u"nope"_s, 1}}).error().field(), u"params.nope"_s);
    QCOMPARE(DraftBuilders::videoEffect(e, {{u"effects_adjust_speed"_s, 101}}).error().code(),
             ErrorCode::OutOfRange);
}

void tst_DraftBuilders::audioEffectCategories()
{
    const auto tone = DraftBuilders::audioEffect(entry(CatalogKind::VoiceChanger, u"大叔"_s));
    QCOMPARE(tone->json.value(u"category_id"_s).toString(), u"tone"_s);
    QCOMPARE(tone->json.value(u"sub_type"_s).toInt(), 2);
    const auto scene = DraftBuilders::audioEffect(entry(CatalogKind::AudioSceneEffect, u"8bit"_s));
    QCOMPARE(scene->json.value(u"category_name"_s).toString(), u"场景音"_s);
    QVERIFY(DraftBuilders::slotOf(*tone) != DraftBuilders::slotOf(*scene));
}

void tst_DraftBuilders::maskGeometry()
{
    // §8.13's example: a circle of size 0.5 on a 1080×1920 portrait clip: width = 0.5 × 1920 /
    // 1080.
    CatalogEntry circle = entry(CatalogKind::Mask, u"圆形"_s);
    circle.resourceType = u"circle"_s;
    circle.defaultAspectRatio = 1.0;
    DraftBuilders::MaskGeometry g;
    g.size = 0.5;
    g.feather = 30;
    g.centerXPx = 270; // a quarter of the width to the right
    const auto m = DraftBuilders::mask(circle, g, 1080, 1920);
    QVERIFY(m);
    const QJsonObject config = m->json.value(u"config"_s).toObject();
    QVERIFY(qFuzzyCompare(config.value(u"width"_s).toDouble(), 0.5 * 1920 / 1080));
    QCOMPARE(config.value(u"height"_s).toDouble(), 0.5);
    QCOMPARE(config.value(u"centerX"_s).toDouble(), 0.5);
    QCOMPARE(config.value(u"feather"_s).toDouble(), 0.3);
    QCOMPARE(m->json.value(u"resource_type"_s).toString(), u"circle"_s);
    CatalogEntry rect = entry(CatalogKind::Mask, u"矩形"_s);
    rect.resourceType = u"rectangle"_s;
    g.rectWidth = 0.25;
    QCOMPARE(DraftBuilders::mask(rect, g, 1920, 1080)
                 ->json.value(u"config"_s)
                 .toObject()
                 .value(u"width"_s)
                 .toDouble(),
             0.25);
    QCOMPARE(DraftBuilders::mask(circle, g, 0, 0).error().code(), ErrorCode::InvalidArgument);
    QCOMPARE(DraftBuilders::mask(circle, g, 1920, 1080, u"common_mask"_s)->list, u"common_mask"_s);
}

void tst_DraftBuilders::backgrounds()
{
    QCOMPARE(DraftBuilders::backgroundBlur(2)->json.value(u"blur"_s).toDouble(), 0.375);
    QCOMPARE(DraftBuilders::backgroundBlur(5).error().code(), ErrorCode::OutOfRange);
    const AuxMaterial color = DraftBuilders::backgroundColor(QColor(255, 0, 16, 128));
    QCOMPARE(color.json.value(u"color"_s).toString(), u"#FF001080"_s);
    QCOMPARE(color.json.value(u"type"_s).toString(), u"canvas_color"_s);
}

void tst_DraftBuilders::animations_data()
{
    QTest::addColumn<bool>("text");
    QTest::addColumn<QList<int>>("slotList");  // AnimationSlot values
    QTest::addColumn<QList<int>>("kinds");     // CatalogKind values
    QTest::addColumn<QList<qint64>>("starts"); // expected, in the written order
    QTest::addColumn<QList<qint64>>("durations");
    QTest::addColumn<int>("error"); // 0 = accepted
    using S = DraftBuilders::AnimationSlot;
    using K = CatalogKind;
    QTest::newRow("video in+out") << false << QList<int>{int(S::In), int(S::Out)}
                                  << QList<int>{int(K::VideoIntro), int(K::VideoOutro)}
                                  << QList<qint64>{0, 4'500'000} << QList<qint64>{500'000, 500'000}
                                  << 0;
    QTest::newRow("combo") << false << QList<int>{int(S::Combo)} << QList<int>{int(K::VideoCombo)}
                           << QList<qint64>{0} << QList<qint64>{5'000'000} << 0;
    QTest::newRow("text loop after outro")
        << true << QList<int>{int(S::Loop), int(S::Out)}
        << QList<int>{int(K::TextLoop), int(K::TextOutro)} << QList<qint64>{4'500'000, 0}
        << QList<qint64>{500'000, 4'500'000} << 0;
    QTest::newRow("combo with intro")
        << false << QList<int>{int(S::Combo), int(S::In)}
        << QList<int>{int(K::VideoCombo), int(K::VideoIntro)} << QList<qint64>{} << QList<qint64>{}
        << int(ErrorCode::InvalidArgument);
    QTest::newRow("loop on video")
        << false << QList<int>{int(S::Loop)} << QList<int>{int(K::TextLoop)} << QList<qint64>{}
        << QList<qint64>{} << int(ErrorCode::InvalidArgument);
    QTest::newRow("wrong kind for slot")
        << true << QList<int>{int(S::In)} << QList<int>{int(K::VideoIntro)} << QList<qint64>{}
        << QList<qint64>{} << int(ErrorCode::InvalidArgument);
}

void tst_DraftBuilders::animations()
{
    QFETCH(bool, text);
    QFETCH(QList<int>, slotList);
    QFETCH(QList<int>, kinds);
    QFETCH(QList<qint64>, starts);
    QFETCH(QList<qint64>, durations);
    QFETCH(int, error);
    QList<DraftBuilders::AnimationSpec> specs;
    for (qsizetype i = 0; i < slotList.size(); ++i) {
        CatalogEntry e = entry(CatalogKind(kinds.at(i)), u"anim%1"_s.arg(i));
        e.defaultDurationUs = 500'000;
        specs.append({e, DraftBuilders::AnimationSlot(slotList.at(i)), {}});
    }
    const auto container = DraftBuilders::animations(specs, 5'000'000, text);
    if (error) {
        QVERIFY(!container);
        QCOMPARE(int(container.error().code()), error);
        return;
    }
    QVERIFY2(container, qPrintable(container ? QString() : container.error().message()));
    QCOMPARE(container->json.value(u"type"_s).toString(), u"sticker_animation"_s);
    const QJsonArray list = container->json.value(u"animations"_s).toArray();
    QCOMPARE(list.size(), starts.size());
    for (qsizetype i = 0; i < list.size(); ++i) {
        QCOMPARE(list.at(i).toObject().value(u"start"_s).toInteger(), starts.at(i));
        QCOMPARE(list.at(i).toObject().value(u"duration"_s).toInteger(), durations.at(i));
        QCOMPARE(list.at(i).toObject().value(u"material_type"_s).toString(),
                 text ? u"sticker"_s : u"video"_s);
    }
}

void tst_DraftBuilders::wrongKindsAreRefused()
{
    const CatalogEntry font = entry(CatalogKind::Font, u"font"_s);
    QCOMPARE(DraftBuilders::transition(font).error().code(), ErrorCode::InvalidArgument);
    QVERIFY(DraftBuilders::filter(font, 1).error().message().contains(u"not a filter"_s));
    QVERIFY(!DraftBuilders::mixMode(font));
    QVERIFY(!DraftBuilders::videoEffect(font));
    QVERIFY(!DraftBuilders::audioEffect(font));
    QVERIFY(!DraftBuilders::textBubble(font));
    QVERIFY(!DraftBuilders::flowerText(font));
}

void tst_DraftBuilders::attachToSegments()
{
    Draft draft = appendixADraft();
    // A second clip right after the first, so a transition has a follower.
    Segment next = draft.tracks[0].segments[0];
    next.id = u"NEXT"_s;
    next.speedId.clear();
    next.keyframes.clear();
    next.target.start = 5'000'000;
    draft.tracks[0].segments.append(next);
    DraftService service(draft, *DraftProfile::builtIn(u"jy5-win"_s));

    const auto first = DraftBuilders::transition(entry(CatalogKind::Transition, u"a"_s));
    const auto second = DraftBuilders::transition(entry(CatalogKind::Transition, u"b"_s));
    QVERIFY(service.attachMaterial(VideoSegment, *first));
    QVERIFY(service.attachMaterial(VideoSegment, *second)); // same slot: replaces
    const Segment *s = service.draft().segment(VideoSegment).second;
    QCOMPARE(s->aux.size(), 1);
    QCOMPARE(s->aux.first().json.value(u"name"_s).toString(), u"b"_s);

    const auto filter = DraftBuilders::filter(entry(CatalogKind::Filter, u"f"_s), 0.8);
    QVERIFY(service.attachMaterial(VideoSegment, *filter));
    QVERIFY(service.attachMaterial(AudioSegment, *DraftBuilders::audioEffect(entry(
                                                     CatalogKind::AudioSceneEffect, u"8bit"_s))));
    QVERIFY(service.attachMaterial(
        TextSegment, *DraftBuilders::textBubble(entry(CatalogKind::TextBubble, u"bubble"_s))));

    const QJsonObject doc = DraftSerializer(service.profile()).contentDocument(service.draft());
    const QJsonObject materials = doc.value(u"materials"_s).toObject();
    QCOMPARE(materials.value(u"transitions"_s).toArray().size(), 1);
    QCOMPARE(materials.value(u"effects"_s).toArray().size(), 2); // filter + bubble
    QCOMPARE(materials.value(u"audio_effects"_s).toArray().size(), 1);
    const QJsonArray refs = doc.value(u"tracks"_s)
                                .toArray()
                                .at(0)
                                .toObject()
                                .value(u"segments"_s)
                                .toArray()
                                .at(0)
                                .toObject()
                                .value(u"extra_material_refs"_s)
                                .toArray();
    QCOMPARE(refs.size(), 3); // speed, transition, filter (canonical order)
    QCOMPARE(refs.at(1).toString(), second->id());
    QCOMPARE(refs.at(2).toString(), filter->id());

    // Refusals: wrong segment kinds, a transition on the last clip, unknown ids.
    QCOMPARE(service.attachMaterial(AudioSegment, *first).error().code(),
             ErrorCode::InvalidArgument);
    QCOMPARE(service.attachMaterial(u"NEXT"_s, *first).error().code(), ErrorCode::Conflict);
    QCOMPARE(service.detachMaterial(VideoSegment, u"nope"_s).error().code(), ErrorCode::NotFound);
    const int steps = service.undoStack()->count();
    QVERIFY(service.detachMaterial(VideoSegment, filter->id()));
    QCOMPARE(service.draft().segment(VideoSegment).second->aux.size(), 1);
    service.undoStack()->undo();
    QCOMPARE(service.draft().segment(VideoSegment).second->aux.size(), 2);
    QCOMPARE(service.undoStack()->count(), steps + 1);
}

void tst_DraftBuilders::effectAndFilterTracks()
{
    DraftService service(appendixADraft(), *DraftProfile::builtIn(u"jy5-win"_s));
    const QString effects = *service.addTrack(TrackType::Effect, u"fx"_s);
    const QString filters = *service.addTrack(TrackType::Filter, u"grade"_s);
    const auto effect
        = DraftBuilders::videoEffect(entry(CatalogKind::SceneEffect, u"70s"_s), {}, true);
    const auto filter = DraftBuilders::filter(entry(CatalogKind::Filter, u"f"_s), 0.5, true);
    QVERIFY(service.addEffectSegment(effects, *effect, {0, 1'000'000}));
    QVERIFY(service.addEffectSegment(filters, *filter, {0, 2'000'000}));
    QCOMPARE(service.addEffectSegment(effects, *filter, {2'000'000, 1'000}).error().code(),
             ErrorCode::InvalidArgument);
    // An effect built for a track cannot be attached to a clip.
    QCOMPARE(service.attachMaterial(VideoSegment, *effect).error().code(),
             ErrorCode::InvalidArgument);

    const QJsonObject doc = DraftSerializer(service.profile()).contentDocument(service.draft());
    QCOMPARE(doc.value(u"materials"_s)
                 .toObject()
                 .value(u"video_effects"_s)
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(u"apply_target_type"_s)
                 .toInt(),
             2);
    QCOMPARE(doc.value(u"duration"_s).toInteger(), 5'000'000);
}

QTEST_GUILESS_MAIN(tst_DraftBuilders)
#include "tst_draftbuilders.moc"
