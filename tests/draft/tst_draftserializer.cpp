#include "core/draft/draftprofile.h"
#include "core/draft/draftserializer.h"
#include "draftfixtures.h"

#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;

class tst_DraftSerializer : public QObject
{
    Q_OBJECT

private slots:
    void profilesLoad();
    void appendixAGolden();
    void everyProfileEmitsItsShape_data();
    void everyProfileEmitsItsShape();
    void keyCoverageAgainstReferenceTemplates_data();
    void keyCoverageAgainstReferenceTemplates();
    void segmentKinds();
    void deterministicAndStableIds();
    void bigCatalogIdsStayStrings();
    void textStylesAndFlags();
};

void tst_DraftSerializer::profilesLoad()
{
    const QStringList ids = DraftProfile::builtInIds();
    QCOMPARE(ids.size(), 7);
    for (const QString &id : ids) {
        const auto profile = DraftProfile::builtIn(id);
        QVERIFY2(profile, qPrintable(id));
        QCOMPARE(profile->id, id);
        QVERIFY(!profile->materialLists.isEmpty());
    }
    const auto missing = DraftProfile::builtIn(u"jy99-amiga"_s);
    QVERIFY(!missing);
    QCOMPARE(missing.error().code(), ErrorCode::NotFound);
    QVERIFY(missing.error().message().contains(u"jy5-win"_s));
}

void tst_DraftSerializer::appendixAGolden()
{
    const QJsonObject expected = specJsonBlock(u"### A.1"_s);
    if (expected.isEmpty())
        QSKIP("spec not found: ../shared/spec/draft-format.md (Appendix A)");
    const DraftSerializer serializer(*DraftProfile::builtIn(u"jy5-win"_s));
    const QJsonObject actual = serializer.contentDocument(appendixADraft());
    const QStringList diff
        = jsonDiff(withParsedTextContent(actual), withParsedTextContent(expected));
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));
}

void tst_DraftSerializer::everyProfileEmitsItsShape_data()
{
    QTest::addColumn<QString>("profile");
    for (const QString &id : DraftProfile::builtInIds())
        QTest::newRow(qPrintable(id)) << id;
}

void tst_DraftSerializer::everyProfileEmitsItsShape()
{
    QFETCH(QString, profile);
    const DraftProfile p = *DraftProfile::builtIn(profile);
    const QJsonObject doc = DraftSerializer(p).contentDocument(appendixADraft());
    // 28 base keys (§7.1) plus the family's extras.
    QCOMPARE(doc.size(), 28 + p.topLevelExtra.size());
    QCOMPARE(doc.value(u"config"_s).toObject().size(), 24 + p.configExtra.size());
    const QJsonObject materials = doc.value(u"materials"_s).toObject();
    QCOMPARE(QStringList(materials.keys()), [&] {
        QStringList l = p.materialLists;
        l.sort();
        return l;
    }());
    QCOMPARE(doc.value(u"platform"_s), QJsonValue(p.platform));
    QCOMPARE(doc.value(u"last_modified_platform"_s), QJsonValue(p.platform));
    QCOMPARE(doc.value(u"new_version"_s).toString(), p.newVersion);
    QCOMPARE(doc.value(u"color_space"_s).toInt(), p.colorSpace);
    QCOMPARE(doc.value(u"canvas_config"_s).toObject().contains(u"background"_s),
             p.canvasBackground);
    QCOMPARE(doc.value(u"duration"_s).toInteger(), 5'000'000);
}

void tst_DraftSerializer::keyCoverageAgainstReferenceTemplates_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("reference");
    QTest::newRow("jy5-win") << u"jy5-win"_s
                             << u"pyjianyingdraft-0.2.6_draft_content_template.json"_s;
    QTest::newRow("jy9-win")
        << u"jy9-win"_s << u"pyjianyingdraft-PR158-unmerged_draft_content_template_jy9.0.1.json"_s;
    QTest::newRow("cc-win") << u"cc-win"_s << u"pycapcut_draft_content_template_capcut6.7.json"_s;
}

void tst_DraftSerializer::keyCoverageAgainstReferenceTemplates()
{
    // Appendix B.1: every key path and JSON type of the reference template appears in CutPilot's
    // output for an empty draft of the matching profile.
    QFETCH(QString, profile);
    QFETCH(QString, reference);
    const QJsonObject templ = readJsonFile(sharedPath(u"reference/"_s + reference));
    if (templ.isEmpty())
        QSKIP(qPrintable(u"reference data not found: ../shared/reference/"_s + reference));
    Draft empty;
    empty.id = newDraftGuid();
    const QJsonObject ours
        = DraftSerializer(*DraftProfile::builtIn(profile)).contentDocument(empty);

    QStringList problems;
    std::function<void(const QJsonValue &, const QJsonValue &, const QString &)> walk
        = [&](const QJsonValue &ref, const QJsonValue &out, const QString &path) {
              if (ref.isObject()) {
                  if (!out.isObject()) {
                      problems.append(path + u": not an object"_s);
                      return;
                  }
                  const QJsonObject r = ref.toObject();
                  const QJsonObject o = out.toObject();
                  for (auto it = r.begin(); it != r.end(); ++it) {
                      if (!o.contains(it.key()))
                          problems.append(path + u'.' + it.key() + u": missing"_s);
                      else
                          walk(it.value(), o.value(it.key()), path + u'.' + it.key());
                  }
              } else if (!ref.isNull() && ref.type() != out.type()) {
                  problems.append(path
                                  + u": type %1 vs %2"_s.arg(int(ref.type())).arg(int(out.type())));
              }
          };
    walk(templ, ours, u"$"_s);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void tst_DraftSerializer::segmentKinds()
{
    Draft draft = appendixADraft();
    const QJsonObject doc
        = DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(draft);
    const QJsonArray tracks = doc.value(u"tracks"_s).toArray();
    QCOMPARE(tracks.size(), 3);
    // Layer order: video 0, audio 0 (stable), text 15000 (§9).
    QCOMPARE(tracks.at(0).toObject().value(u"type"_s).toString(), u"video"_s);
    QCOMPARE(tracks.at(2).toObject().value(u"type"_s).toString(), u"text"_s);
    const QJsonObject audio
        = tracks.at(1).toObject().value(u"segments"_s).toArray().at(0).toObject();
    QVERIFY(audio.value(u"clip"_s).isNull()); // §10.2: a clip on audio crashes CapCut
    QVERIFY(!audio.contains(u"uniform_scale"_s));
    QCOMPARE(audio.value(u"extra_material_refs"_s).toArray().size(), 2);
    const QJsonObject text
        = tracks.at(2).toObject().value(u"segments"_s).toArray().at(0).toObject();
    QVERIFY(text.value(u"source_timerange"_s).isNull());
    QCOMPARE(text.value(u"render_index"_s).toInt(), 15000);
    QVERIFY(text.value(u"extra_material_refs"_s).toArray().isEmpty()); // no dangling speed ref

    // Effect and filter segments carry only the common fields (§10.1).
    Track effect;
    effect.id = newMaterialId();
    effect.type = TrackType::Effect;
    Segment e;
    e.id = newMaterialId();
    e.target = {0, 1'000'000};
    e.main = AuxMaterial{u"video_effects"_s,
                         QJsonObject{{u"id"_s, u"EFFECT1"_s},
                                     {u"type"_s, u"video_effect"_s},
                                     {u"resource_id"_s, u"7405878923323641129"_s}}};
    e.materialId = u"EFFECT1"_s;
    effect.segments = {e};
    draft.tracks.append(effect);
    const QJsonObject withEffect
        = DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(draft);
    const QJsonObject effectSegment = withEffect.value(u"tracks"_s)
                                          .toArray()
                                          .at(2)
                                          .toObject()
                                          .value(u"segments"_s)
                                          .toArray()
                                          .at(0)
                                          .toObject();
    QCOMPARE(effectSegment.value(u"render_index"_s).toInt(), 10000);
    QVERIFY(!effectSegment.contains(u"clip"_s));
    QVERIFY(!effectSegment.contains(u"extra_material_refs"_s));
    QCOMPARE(withEffect.value(u"materials"_s).toObject().value(u"video_effects"_s).toArray().size(),
             1);
}

void tst_DraftSerializer::deterministicAndStableIds()
{
    Draft draft = appendixADraft();
    draft.tracks[0].segments[0].speedId.clear(); // derived from the segment id instead
    const DraftSerializer serializer(*DraftProfile::builtIn(u"jy6-win"_s));
    const QJsonObject first = serializer.contentDocument(draft);
    const QJsonObject second = serializer.contentDocument(draft);
    QCOMPARE(first, second);
    const QJsonArray speeds = first.value(u"materials"_s).toObject().value(u"speeds"_s).toArray();
    QCOMPARE(speeds.size(), 2);
    const QString derived = speeds.at(0).toObject().value(u"id"_s).toString();
    QCOMPARE(derived.size(), 32);
    QCOMPARE(derived, derived.toUpper());
    QVERIFY(derived != u"5A5A0001000040008000000000000002"_s);
    QVERIFY(QRegularExpression(u"^[0-9A-F]{32}$"_s).match(newMaterialId()).hasMatch());
    QVERIFY(QRegularExpression(u"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$"_s)
                .match(newDraftGuid())
                .hasMatch());
}

void tst_DraftSerializer::bigCatalogIdsStayStrings()
{
    Draft draft = appendixADraft();
    draft.tracks[0].segments[0].aux.append(
        AuxMaterial{u"transitions"_s, QJsonObject{{u"id"_s, u"T1"_s},
                                                  {u"type"_s, u"transition"_s},
                                                  {u"resource_id"_s, u"7405878923323641129"_s},
                                                  {u"effect_id"_s, u"7288149307197231676"_s}}});
    const QByteArray json
        = QJsonDocument(
              DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(draft))
              .toJson();
    QVERIFY(json.contains("\"resource_id\": \"7405878923323641129\""));
    QVERIFY(json.contains("\"effect_id\": \"7288149307197231676\""));
}

void tst_DraftSerializer::textStylesAndFlags()
{
    TextMaterial text;
    text.id = u"T"_s;
    text.text = u"ab😀c"_s; // the emoji is two UTF-16 units
    TextStyle a;
    a.start = 0;
    a.length = 2;
    a.bold = true;
    a.fontId = u"7290445778273702455"_s;
    TextStyle b;
    b.start = 2;
    b.length = 3;
    b.shadowColor = QColor(Qt::black);
    b.flowerTextId = u"7296357486490144036"_s;
    text.styles = {a, b};
    text.background = TextBackground{};
    const QJsonObject content = QJsonDocument::fromJson(textContentString(text).toUtf8()).object();
    const QJsonArray styles = content.value(u"styles"_s).toArray();
    QCOMPARE(styles.at(1).toObject().value(u"range"_s).toArray(), (QJsonArray{2, 5}));
    QCOMPARE(styles.at(0).toObject().value(u"font"_s).toObject().value(u"id"_s).toString(),
             u"7290445778273702455"_s);
    QCOMPARE(styles.at(0).toObject().value(u"font"_s).toObject().value(u"path"_s).toString(),
             u"D:"_s);
    QVERIFY(!styles.at(0).toObject().contains(u"shadows"_s));
    QCOMPARE(styles.at(1).toObject().value(u"effectStyle"_s).toObject().value(u"path"_s).toString(),
             u"C:"_s);
    QCOMPARE(styles.at(1).toObject().value(u"shadows"_s).toArray().size(), 1);

    Draft draft;
    Track track;
    track.type = TrackType::Text;
    track.id = u"TT"_s;
    Segment s;
    s.id = u"S"_s;
    s.materialId = u"T"_s;
    s.target = {0, 1000};
    s.text = text;
    track.segments = {s};
    draft.tracks = {track};
    const QJsonObject doc
        = DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(draft);
    const QJsonObject material
        = doc.value(u"materials"_s).toObject().value(u"texts"_s).toArray().at(0).toObject();
    QCOMPARE(material.value(u"check_flag"_s).toInt(),
             7 | 16 | 32); // background + shadow, no stroke
    QCOMPARE(material.value(u"background_style"_s).toInt(), 1);
    QCOMPARE(material.value(u"background_color"_s).toString(), u"#000000"_s);
}

QTEST_GUILESS_MAIN(tst_DraftSerializer)
#include "tst_draftserializer.moc"
