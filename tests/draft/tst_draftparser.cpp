#include "core/draft/draftparser.h"
#include "core/draft/draftprofile.h"
#include "core/draft/draftserializer.h"
#include "draftfixtures.h"

#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;

class tst_DraftParser : public QObject
{
    Q_OBJECT

private slots:
    void decodeClassifies_data();
    void decodeClassifies();
    void appendixARoundTrip();
    void referenceRoundTrip_data();
    void referenceRoundTrip();
    void generatedSampleRoundTrip();
    void unknownKeysSurviveAnEdit();
    void multiValueKeyframesAndNonListMaterialsSurvive();
    void numericCatalogIds();
    void sameIdInTwoListsKeepsBoth();
    void orphansAndUnmodelledSegmentsSurvive();
    void malformedDocuments_data();
    void malformedDocuments();
};

void tst_DraftParser::decodeClassifies_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("code"); // 0 = plaintext
    QTest::newRow("plaintext") << QByteArray("{\"tracks\":[]}") << 0;
    QTest::newRow("bom and spaces") << QByteArray("\xEF\xBB\xBF  \n{\"a\":1}") << 0;
    QTest::newRow("truncated") << QByteArray("{\"tracks\":[{\"id\":")
                               << int(ErrorCode::CorruptData);
    QTest::newRow("brace garbage") << QByteArray("{garbage!!") << int(ErrorCode::CorruptData);
    QTest::newRow("base64-like") << QByteArray("eyJhbGciOiJBMjU2R0NNIn0sIm5vdCBwbGFpbiJ9Q2lwaGVy")
                                 << int(ErrorCode::EncryptedDraft);
    QTest::newRow("binary") << QByteArray("\x01\x02\xff\xfe payload", 13)
                            << int(ErrorCode::EncryptedDraft);
    QTest::newRow("empty") << QByteArray() << int(ErrorCode::CorruptData);
    QTest::newRow("whitespace") << QByteArray(" \n\t ") << int(ErrorCode::CorruptData);
}

void tst_DraftParser::decodeClassifies()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, code);
    const auto decoded = DraftParser::decodeContent(bytes, u"draft_content.json"_s);
    if (code == 0) {
        QVERIFY(decoded);
        return;
    }
    QVERIFY(!decoded);
    QCOMPARE(int(decoded.error().code()), code);
    QVERIFY(decoded.error().message().contains(u"draft_content.json"_s));
    QCOMPARE(decoded.error().details().value(u"size"_s).toLongLong(), bytes.size());
    QVERIFY(decoded.error().details().value(u"head"_s).toString().size() <= 16 * 3);
    if (code == int(ErrorCode::EncryptedDraft))
        QVERIFY(decoded.error().message().contains(u"never decrypts"_s));
}

void tst_DraftParser::appendixARoundTrip()
{
    const DraftSerializer serializer(*DraftProfile::builtIn(u"jy5-win"_s));
    const QJsonObject written = serializer.contentDocument(appendixADraft());
    const auto parsed = DraftParser::parse(written);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message()));
    QVERIFY(parsed->warnings.isEmpty());
    const Draft &draft = parsed->draft;
    QCOMPARE(draft.tracks.size(), 3);
    const Segment &video = draft.tracks.at(0).segments.at(0);
    QCOMPARE(video.source->start, 2'000'000);
    QCOMPARE(video.keyframes.at(0).property, KeyframeProperty::UniformScale);
    QCOMPARE(draft.tracks.at(1).segments.at(0).fadeOutUs, 1'000'000);
    QCOMPARE(draft.tracks.at(2).segments.at(0).text->text, u"你好 CutPilot"_s);
    QCOMPARE(draft.media.size(), 2);
    const QStringList diff = jsonDiff(withParsedTextContent(serializer.contentDocument(draft)),
                                      withParsedTextContent(written));
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));
}

void tst_DraftParser::multiValueKeyframesAndNonListMaterialsSurvive()
{
    const DraftSerializer serializer(*DraftProfile::builtIn(u"jy5-win"_s));
    QJsonObject written = serializer.contentDocument(appendixADraft());
    // tracks[0].segments[0].common_keyframes[0].keyframe_list[0].values = [1.25, 0.5, "x"]
    QJsonArray tracks = written.value(u"tracks"_s).toArray();
    QJsonObject track = tracks.at(0).toObject();
    QJsonArray segments = track.value(u"segments"_s).toArray();
    QJsonObject segment = segments.at(0).toObject();
    QJsonArray common = segment.value(u"common_keyframes"_s).toArray();
    QJsonObject kfTrack = common.at(0).toObject();
    QJsonArray list = kfTrack.value(u"keyframe_list"_s).toArray();
    QJsonObject kf = list.at(0).toObject();
    kf.insert(u"values"_s, QJsonArray{1.25, 0.5, u"x"_s});
    list.replace(0, kf);
    kfTrack.insert(u"keyframe_list"_s, list);
    common.replace(0, kfTrack);
    segment.insert(u"common_keyframes"_s, common);
    segments.replace(0, segment);
    track.insert(u"segments"_s, segments);
    tracks.replace(0, track);
    written.insert(u"tracks"_s, tracks);
    // materials entries that are not lists (seen in no editor yet) are kept as they are.
    QJsonObject materials = written.value(u"materials"_s).toObject();
    materials.insert(u"future_block"_s, QJsonObject{{u"a"_s, 1}});
    materials.insert(u"future_count"_s, 3);
    written.insert(u"materials"_s, materials);

    const auto parsed = DraftParser::parse(written);
    QVERIFY(parsed);
    const Keyframe &read
        = parsed->draft.tracks.at(0).segments.at(0).keyframes.at(0).keyframes.at(0);
    QCOMPARE(read.value, 1.25);
    QCOMPARE(read.moreValues.size(), 2);
    const QStringList diff
        = jsonDiff(withParsedTextContent(serializer.contentDocument(parsed->draft)),
                   withParsedTextContent(written));
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));
}

void tst_DraftParser::referenceRoundTrip_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("profile");
    QTest::newRow("jy 5.9 template")
        << u"pyjianyingdraft-0.2.6_draft_content_template.json"_s << u"jy5-win"_s;
    QTest::newRow("jy 9.0.1 template")
        << u"pyjianyingdraft-PR158-unmerged_draft_content_template_jy9.0.1.json"_s << u"jy9-win"_s;
    QTest::newRow("capcut 6.7 template")
        << u"pycapcut_draft_content_template_capcut6.7.json"_s << u"cc-win"_s;
    // Read with a profile of another family: the draft's own stamps and lists still win.
    QTest::newRow("capcut read as jy5")
        << u"pycapcut_draft_content_template_capcut6.7.json"_s << u"jy5-win"_s;
}

void tst_DraftParser::referenceRoundTrip()
{
    QFETCH(QString, file);
    QFETCH(QString, profile);
    const QJsonObject original = readJsonFile(sharedPath(u"reference/"_s + file));
    if (original.isEmpty())
        QSKIP(qPrintable(u"reference data not found: ../shared/reference/"_s + file));
    const auto parsed = DraftParser::parse(original);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message()));
    const QJsonObject saved
        = DraftSerializer(*DraftProfile::builtIn(profile)).contentDocument(parsed->draft);
    const QStringList diff
        = jsonDiff(withParsedTextContent(saved), withParsedTextContent(original));
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));
}

void tst_DraftParser::generatedSampleRoundTrip()
{
    const QString path
        = sharedPath(u"reference/generated-sample_all_features/draft_content.json"_s);
    const QJsonObject original = readJsonFile(path);
    if (original.isEmpty())
        QSKIP("reference data not found: ../shared/reference/generated-sample_all_features");
    const auto parsed = DraftParser::parse(original);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message()));
    // The sample's known quirk: speed refs on text/sticker segments without speeds[] entries
    // (reference README). They are dropped with a warning, nothing else is.
    for (const QString &warning : parsed->warnings)
        QVERIFY2(warning.contains(u"does not exist"_s), qPrintable(warning));
    QCOMPARE(parsed->warnings.size(), 2);

    const QJsonObject saved
        = DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(parsed->draft);
    QStringList diff = jsonDiff(withSortedMaterials(withParsedTextContent(saved)),
                                withSortedMaterials(withParsedTextContent(original)));
    // The only differences allowed: the two dropped dangling references.
    diff.removeIf([](const QString &line) { return line.contains(u"extra_material_refs"_s); });
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));

    // A second round trip is exact.
    const auto again = DraftParser::parse(saved);
    QVERIFY(again && again->warnings.isEmpty());
    const QJsonObject savedAgain
        = DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(again->draft);
    QCOMPARE(savedAgain, saved);
}

void tst_DraftParser::unknownKeysSurviveAnEdit()
{
    QJsonObject doc
        = DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(appendixADraft());
    doc.insert(u"future_top_level"_s, QJsonObject{{u"x"_s, 1}});
    QJsonObject materials = doc.value(u"materials"_s).toObject();
    materials.insert(u"future_list"_s, QJsonArray{QJsonObject{{u"id"_s, u"F1"_s}}});
    doc.insert(u"materials"_s, materials);
    QJsonArray tracks = doc.value(u"tracks"_s).toArray();
    QJsonObject track = tracks.at(0).toObject();
    track.insert(u"future_track_key"_s, true);
    QJsonArray segments = track.value(u"segments"_s).toArray();
    QJsonObject segment = segments.at(0).toObject();
    segment.insert(u"future_segment_key"_s, u"kept"_s);
    segments.replace(0, segment);
    track.insert(u"segments"_s, segments);
    tracks.replace(0, track);
    doc.insert(u"tracks"_s, tracks);

    auto parsed = DraftParser::parse(doc);
    QVERIFY(parsed);
    parsed->draft.tracks[0].segments[0].volume = 0.5; // an edit
    const QJsonObject saved
        = DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(parsed->draft);
    QCOMPARE(saved.value(u"future_top_level"_s).toObject().value(u"x"_s).toInt(), 1);
    QCOMPARE(saved.value(u"materials"_s).toObject().value(u"future_list"_s).toArray().size(), 1);
    const QJsonObject savedTrack = saved.value(u"tracks"_s).toArray().at(0).toObject();
    QVERIFY(savedTrack.value(u"future_track_key"_s).toBool());
    const QJsonObject savedSegment = savedTrack.value(u"segments"_s).toArray().at(0).toObject();
    QCOMPARE(savedSegment.value(u"future_segment_key"_s).toString(), u"kept"_s);
    QCOMPARE(savedSegment.value(u"volume"_s).toDouble(), 0.5);
}

void tst_DraftParser::numericCatalogIds()
{
    // Appendix B.5: a 19-digit id survives; one written as a JSON number becomes its exact string.
    QJsonObject doc
        = DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(appendixADraft());
    QByteArray bytes = QJsonDocument(doc).toJson(QJsonDocument::Compact);
    bytes.replace("\"transitions\":[]",
                  "\"transitions\":[{\"id\":\"TR\",\"resource_id\":7405878923323641129,"
                  "\"effect_id\":\"7288149307197231676\"}]");
    auto parsed = DraftParser::parseBytes(bytes, u"draft_content.json"_s);
    QVERIFY(parsed);
    QCOMPARE(parsed->warnings.size(), 1);
    QVERIFY(parsed->warnings.first().contains(u"7405878923323641129"_s));
    const QJsonArray transitions = parsed->draft.otherMaterials.value(u"transitions"_s).toArray();
    QCOMPARE(transitions.at(0).toObject().value(u"resource_id"_s).toString(),
             u"7405878923323641129"_s);

    QByteArray fractional = bytes;
    fractional.replace("7405878923323641129", "12.5");
    const auto bad = DraftParser::parseBytes(fractional, u"draft_content.json"_s);
    QVERIFY(!bad);
    QCOMPARE(bad.error().code(), ErrorCode::CorruptData);
    QVERIFY(bad.error().message().contains(u"resource_id"_s));
}

void tst_DraftParser::sameIdInTwoListsKeepsBoth()
{
    // A 9.x contribution writes one mask entry to both masks and common_mask (§8.13).
    QJsonObject doc
        = DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(appendixADraft());
    const QJsonObject mask{
        {u"id"_s, u"MASK1"_s}, {u"type"_s, u"mask"_s}, {u"resource_type"_s, u"circle"_s}};
    QJsonObject materials = doc.value(u"materials"_s).toObject();
    materials.insert(u"masks"_s, QJsonArray{mask});
    materials.insert(u"common_mask"_s, QJsonArray{mask});
    doc.insert(u"materials"_s, materials);
    QJsonArray tracks = doc.value(u"tracks"_s).toArray();
    QJsonObject track = tracks.at(0).toObject();
    QJsonArray segments = track.value(u"segments"_s).toArray();
    QJsonObject segment = segments.at(0).toObject();
    QJsonArray refs = segment.value(u"extra_material_refs"_s).toArray();
    refs.append(u"MASK1"_s);
    segment.insert(u"extra_material_refs"_s, refs);
    segments.replace(0, segment);
    track.insert(u"segments"_s, segments);
    tracks.replace(0, track);
    doc.insert(u"tracks"_s, tracks);

    const auto parsed = DraftParser::parse(doc);
    QVERIFY(parsed);
    const QJsonObject saved
        = DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(parsed->draft);
    const QJsonObject savedMaterials = saved.value(u"materials"_s).toObject();
    QCOMPARE(savedMaterials.value(u"masks"_s).toArray(), QJsonArray{mask});
    QCOMPARE(savedMaterials.value(u"common_mask"_s).toArray(), QJsonArray{mask});
}

void tst_DraftParser::orphansAndUnmodelledSegmentsSurvive()
{
    // Entries nobody references (a text, a speed) and an adjustment segment with a clip and a
    // reference are written back as they were (found by review: the byte writer dropped orphans).
    QJsonObject doc
        = DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(appendixADraft());
    QJsonObject materials = doc.value(u"materials"_s).toObject();
    QJsonArray texts = materials.value(u"texts"_s).toArray();
    texts.append(QJsonObject{{u"id"_s, u"ORPHANTEXT"_s}, {u"content"_s, u"{}"_s}});
    materials.insert(u"texts"_s, texts);
    QJsonArray speeds = materials.value(u"speeds"_s).toArray();
    speeds.append(
        QJsonObject{{u"id"_s, u"ORPHANSPEED"_s}, {u"type"_s, u"speed"_s}, {u"speed"_s, 2.0}});
    materials.insert(u"speeds"_s, speeds);
    materials.insert(u"canvases"_s, QJsonArray{QJsonObject{{u"id"_s, u"CANVAS"_s},
                                                           {u"type"_s, u"canvas_blur"_s}}});
    doc.insert(u"materials"_s, materials);
    const QJsonObject adjustSegment{
        {u"id"_s, u"ADJ1"_s},
        {u"material_id"_s, u""_s},
        {u"target_timerange"_s, QJsonObject{{u"start"_s, 0}, {u"duration"_s, 1000}}},
        {u"clip"_s, QJsonObject{{u"alpha"_s, 0.5}}},
        {u"extra_material_refs"_s, QJsonArray{u"CANVAS"_s}},
        {u"render_index"_s, 0},
        {u"visible"_s, true},
        {u"common_keyframes"_s, QJsonArray()}};
    QJsonArray tracks = doc.value(u"tracks"_s).toArray();
    // Placed where its layer (0) puts it: tracks are written sorted by layer (§9).
    tracks.insert(2, QJsonObject{{u"id"_s, u"ADJ"_s},
                                 {u"type"_s, u"adjust"_s},
                                 {u"name"_s, u"grade"_s},
                                 {u"attribute"_s, 0},
                                 {u"flag"_s, 0},
                                 {u"is_default_name"_s, false},
                                 {u"segments"_s, QJsonArray{adjustSegment}}});
    doc.insert(u"tracks"_s, tracks);

    const auto parsed = DraftParser::parse(doc);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message()));
    const QJsonObject saved
        = DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(parsed->draft);
    const QJsonObject savedMaterials = saved.value(u"materials"_s).toObject();
    const auto hasId = [&](const QString &list, const QString &id) {
        for (const QJsonValue &v : savedMaterials.value(list).toArray()) {
            if (v.toObject().value(u"id"_s).toString() == id)
                return true;
        }
        return false;
    };
    QVERIFY(hasId(u"texts"_s, u"ORPHANTEXT"_s));
    QVERIFY(hasId(u"speeds"_s, u"ORPHANSPEED"_s));
    QVERIFY(hasId(u"canvases"_s, u"CANVAS"_s));
    const QJsonObject savedAdjust = saved.value(u"tracks"_s).toArray().at(2).toObject();
    QCOMPARE(savedAdjust.value(u"type"_s).toString(), u"adjust"_s);
    const QJsonObject savedSegment = savedAdjust.value(u"segments"_s).toArray().at(0).toObject();
    QCOMPARE(savedSegment.value(u"clip"_s).toObject().value(u"alpha"_s).toDouble(), 0.5);
    QCOMPARE(savedSegment.value(u"extra_material_refs"_s).toArray(), QJsonArray{u"CANVAS"_s});

    // An id beyond 64 bits or a duplicate media id is an error, never a silently wrong value.
    QByteArray bytes = QJsonDocument(doc).toJson(QJsonDocument::Compact);
    QByteArray huge = bytes;
    huge.replace("\"canvas_blur\"", "\"canvas_blur\",\"resource_id\":9999999999999999999");
    QCOMPARE(DraftParser::parseBytes(huge, u"x"_s).error().code(), ErrorCode::CorruptData);
    QJsonArray videos = materials.value(u"videos"_s).toArray();
    videos.append(videos.at(0));
    materials.insert(u"videos"_s, videos);
    doc.insert(u"materials"_s, materials);
    const auto duplicate = DraftParser::parse(doc);
    QVERIFY(!duplicate);
    QVERIFY(duplicate.error().message().contains(u"two entries"_s));
}

void tst_DraftParser::malformedDocuments_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("no tracks") << QByteArray("{\"materials\":{}}") << u"'tracks' is missing"_s;
    QTest::newRow("float time") << QByteArray(
        "{\"materials\":{},\"tracks\":[{\"type\":\"video\",\"segments\":[{\"id\":\"s\","
        "\"target_timerange\":{\"start\":0.5,\"duration\":1}}]}]}")
                                << u"target_timerange.start"_s;
    QTest::newRow("string time") << QByteArray(
        "{\"materials\":{},\"tracks\":[{\"type\":\"video\",\"segments\":[{\"id\":\"s\","
        "\"target_timerange\":{\"start\":\"0\",\"duration\":1}}]}]}")
                                 << u"must be an integer"_s;
    QTest::newRow("time beyond the limit") << QByteArray(
        "{\"materials\":{},\"tracks\":[{\"type\":\"video\",\"segments\":[{\"id\":\"s\","
        "\"target_timerange\":{\"start\":200000000000000000,\"duration\":1}}]}]}")
                                           << u"beyond the"_s;
    QTest::newRow("dangling material") << QByteArray(
        "{\"materials\":{},\"tracks\":[{\"type\":\"video\",\"segments\":[{\"id\":\"s\","
        "\"material_id\":\"nope\",\"target_timerange\":{\"start\":0,\"duration\":1}}]}]}")
                                       << u"material_id nope does not resolve"_s;
    QTest::newRow("bad text content")
        << QByteArray("{\"materials\":{\"texts\":[{\"id\":\"t\",\"content\":\"not "
                      "json\"}]},\"tracks\":[{\"type\":"
                      "\"text\",\"segments\":[{\"id\":\"s\",\"material_id\":\"t\",\"target_"
                      "timerange\":{\"start\":0,"
                      "\"duration\":1}}]}]}")
        << u"content is not a JSON object"_s;
}

void tst_DraftParser::malformedDocuments()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, messagePart);
    const auto parsed = DraftParser::parseBytes(json, u"x.json"_s);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().code(), ErrorCode::CorruptData);
    QVERIFY2(parsed.error().message().contains(messagePart), qPrintable(parsed.error().message()));
}

QTEST_GUILESS_MAIN(tst_DraftParser)
#include "tst_draftparser.moc"
