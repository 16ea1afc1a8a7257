#include "core/draft/draftparser.h"
#include "core/draft/draftprofile.h"
#include "core/draft/draftserializer.h"
#include "core/draft/jsonwriter_p.h"
#include "draftfixtures.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QtConcurrent>

#include <cmath>
#include <limits>

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
    void newIdsAreUniqueVersion4Uuids();
    void textStylesAndFlags();
    void bytesAreStrictAndFaithful_data();
    void bytesAreStrictAndFaithful();
    void writerMatchesQJsonDocument();
    void newDraftShortcutMatchesFullWrite();
    void segmentCacheWritesWhatAWholeWriteWrites();
};

namespace {

/// A strict reader of compact JSON: no whitespace, no duplicate key in any object. Returns an
/// empty string when `json` passes, else what is wrong and where.
class StrictJson
{
public:
    static QString check(const QByteArray &json)
    {
        StrictJson reader(json);
        if (reader.value() && reader.m_pos != json.size())
            reader.fail("trailing text");
        return reader.m_error;
    }

private:
    explicit StrictJson(const QByteArray &json)
        : m_json(json)
    {
    }
    char peek() const { return m_pos < m_json.size() ? m_json.at(m_pos) : '\0'; }
    bool fail(const char *what)
    {
        if (m_error.isEmpty())
            m_error = u"%1 at byte %2"_s.arg(QLatin1StringView(what)).arg(m_pos);
        return false;
    }
    bool literal(const char *word)
    {
        const QByteArrayView w(word);
        if (QByteArrayView(m_json).sliced(m_pos).startsWith(w)) {
            m_pos += w.size();
            return true;
        }
        return fail("bad literal");
    }
    bool string(QByteArray *out)
    {
        const qsizetype start = ++m_pos;
        while (m_pos < m_json.size() && m_json.at(m_pos) != '"') {
            if (uchar(m_json.at(m_pos)) < 0x20)
                return fail("raw control character in a string");
            m_pos += m_json.at(m_pos) == '\\' ? 2 : 1;
        }
        if (m_pos >= m_json.size())
            return fail("unterminated string");
        if (out)
            *out = m_json.mid(start, m_pos - start);
        ++m_pos;
        return true;
    }
    bool number()
    {
        const qsizetype start = m_pos;
        while (m_pos < m_json.size() && QByteArrayView("+-.0123456789eE").contains(peek()))
            ++m_pos;
        return m_pos > start || fail("bad value");
    }
    bool value()
    {
        switch (peek()) {
        case '{': {
            ++m_pos;
            QSet<QByteArray> keys;
            if (peek() == '}')
                return ++m_pos, true;
            for (;;) {
                QByteArray key;
                if (peek() != '"' || !string(&key))
                    return fail("expected a key");
                if (keys.contains(key))
                    return fail(qPrintable(u"duplicate key "_s + QString::fromUtf8(key)));
                keys.insert(key);
                if (peek() != ':')
                    return fail("expected ':'");
                ++m_pos;
                if (!value())
                    return false;
                if (peek() == '}')
                    return ++m_pos, true;
                if (peek() != ',')
                    return fail("expected ',' or '}'");
                ++m_pos;
            }
        }
        case '[':
            ++m_pos;
            if (peek() == ']')
                return ++m_pos, true;
            for (;;) {
                if (!value())
                    return false;
                if (peek() == ']')
                    return ++m_pos, true;
                if (peek() != ',')
                    return fail("expected ',' or ']'");
                ++m_pos;
            }
        case '"':
            return string(nullptr);
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default:
            return number();
        }
    }

    const QByteArray &m_json;
    qsizetype m_pos = 0;
    QString m_error;
};

const QString TrickyText = u"quote\" back\\slash \x01\x1f\n\t\r\b\f\x7f é 中文字幕 😀 end"_s;

/// A draft with tricky strings and doubles everywhere the model and the kept keys can hold them.
Draft trickyDraft()
{
    Draft draft = appendixADraft();
    const QJsonObject numbers{
        {u"tenth"_s, 0.1},       {u"tiny"_s, 1e-7},
        {u"big"_s, 1e20},        {u"negative_zero"_s, -0.0},
        {u"third"_s, 2.0 / 3.0}, {u"max"_s, 1.7976931348623157e308},
        {u"min"_s, 5e-324},      {u"int64"_s, qint64(9'007'199'254'740'993)},
        {u"minus"_s, -123.456},  {u"nested"_s, QJsonArray{0.1, QJsonObject{{TrickyText, 1e-7}}}},
    };
    draft.id = TrickyText;
    draft.extra.insert(u"x_numbers"_s, numbers);
    draft.extra.insert(TrickyText, TrickyText);
    draft.extra.insert(u"name"_s, TrickyText); // a kept key overriding a default
    draft.configExtra.insert(u"x_tricky"_s, QJsonArray{TrickyText, 2.0 / 3.0, QJsonValue::Null});
    draft.fps = 2.0 / 3.0;
    draft.media.first().name = TrickyText;
    draft.media.first().path = u"C:/媒体/\"odd\" name 😀.mp4"_s;
    draft.media.first().extra.insert(u"x_numbers"_s, numbers);
    Track &video = draft.tracks[0];
    video.name = TrickyText;
    video.extra.insert(u"x_numbers"_s, numbers);
    Segment &v = video.segments[0];
    v.transform = Transform{0.1, 1e-7, 1e20, -0.0, 2.0 / 3.0, true, false, 0.1 + 0.2};
    v.volume = 2.0 / 3.0;
    v.speed = 1.0 / 3.0;
    v.extra.insert(u"x_numbers"_s, numbers);
    v.extra.insert(u"last_nonzero_volume"_s, 0.1); // kept, not derived
    v.keyframes[0].keyframes[1].value = 1e-7;
    v.keyframes[0].keyframes[1].extra.insert(u"x"_s, TrickyText);
    v.aux.append(AuxMaterial{u"transitions"_s, QJsonObject{{u"id"_s, u"T1"_s},
                                                           {u"type"_s, u"transition"_s},
                                                           {u"name"_s, TrickyText},
                                                           {u"duration"_s, 466'666},
                                                           {u"numbers"_s, numbers}}});
    // The same segment twice on another track: its speed and transition are written once.
    Segment copy = v;
    copy.target.start = 6'000'000;
    Track second = video;
    second.id = u"3C3C000000004000800000000000000D"_s;
    second.segments = {copy, v};
    draft.tracks.append(second);
    for (Track &track : draft.tracks) {
        if (track.type != TrackType::Text)
            continue;
        TextMaterial &text = *track.segments[0].text;
        text.text = TrickyText;
        text.styles.resize(1);
        text.styles[0].length = TrickyText.size();
        text.styles[0].size = 2.0 / 3.0;
        text.styles[0].extra.insert(u"x"_s, TrickyText);
        text.contentExtra.insert(TrickyText, 1e-7);
        text.extra.insert(u"x_numbers"_s, numbers);
        text.letterSpacing = 0.1;
    }
    draft.otherMaterials.insert(u"x_list"_s, QJsonArray{QJsonObject{{u"id"_s, TrickyText}},
                                                        QJsonObject{{u"id"_s, TrickyText}},
                                                        QJsonObject{{u"v"_s, 1e20}}});
    return draft;
}

} // namespace

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

void tst_DraftSerializer::newIdsAreUniqueVersion4Uuids()
{
    // Per-thread generators (draftmodel.cpp): unique across threads, RFC 4122 version 4 layout.
    const QRegularExpression guid(
        u"^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$"_s);
    const QRegularExpression material(u"^[0-9A-F]{12}4[0-9A-F]{3}[89AB][0-9A-F]{15}$"_s);
    QSet<QString> seen;
    const auto make = [] {
        QStringList ids;
        for (int i = 0; i < 20'000; ++i)
            ids << newDraftGuid() << newMaterialId();
        return ids;
    };
    QFuture<QStringList> other = QtConcurrent::run(make);
    const QStringList mine = make();
    for (const QStringList &ids : {mine, other.result()}) {
        for (int i = 0; i < ids.size(); i += 2) {
            QVERIFY2(guid.match(ids.at(i)).hasMatch(), qPrintable(ids.at(i)));
            QVERIFY2(material.match(ids.at(i + 1)).hasMatch(), qPrintable(ids.at(i + 1)));
        }
        for (const QString &id : ids) {
            const QString bits = QString(id).remove(u'-');
            QVERIFY2(!seen.contains(bits), qPrintable(id));
            seen.insert(bits);
        }
    }
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

void tst_DraftSerializer::bytesAreStrictAndFaithful_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("reference"); // a reference template parsed into the draft, or ""
    QTest::addColumn<int>("variant");       // 0 Appendix A, 1 tricky strings and numbers, 2 empty
    for (const QString &id : DraftProfile::builtInIds()) {
        QTest::newRow(qPrintable(u"appendix A "_s + id)) << id << QString() << 0;
        QTest::newRow(qPrintable(u"tricky "_s + id)) << id << QString() << 1;
    }
    QTest::newRow("empty") << u"jy5-win"_s << QString() << 2;
    QTest::newRow("jy5-win template")
        << u"jy5-win"_s << u"pyjianyingdraft-0.2.6_draft_content_template.json"_s << 0;
    QTest::newRow("jy9-win template")
        << u"jy9-win"_s << u"pyjianyingdraft-PR158-unmerged_draft_content_template_jy9.0.1.json"_s
        << 0;
    QTest::newRow("cc-win template")
        << u"cc-win"_s << u"pycapcut_draft_content_template_capcut6.7.json"_s << 0;
    QTest::newRow("generated sample")
        << u"jy5-win"_s << u"generated-sample_all_features/draft_content.json"_s << 0;
}

void tst_DraftSerializer::bytesAreStrictAndFaithful()
{
    // contentBytes() (what saving writes) is strict compact JSON (no duplicate key, no whitespace),
    // deterministic, and carries tricky strings and numbers exactly.
    QFETCH(QString, profile);
    QFETCH(QString, reference);
    QFETCH(int, variant);
    Draft draft = variant == 1 ? trickyDraft() : variant == 2 ? Draft() : appendixADraft();
    if (!reference.isEmpty()) {
        const QJsonObject templ = readJsonFile(sharedPath(u"reference/"_s + reference));
        if (templ.isEmpty())
            QSKIP(qPrintable(u"reference data not found: ../shared/reference/"_s + reference));
        const auto parsed = DraftParser::parse(templ);
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message()));
        draft = parsed->draft;
    }
    const DraftSerializer serializer(*DraftProfile::builtIn(profile));
    const QByteArray bytes = serializer.contentBytes(draft);
    const QString strict = StrictJson::check(bytes);
    QVERIFY2(strict.isEmpty(), qPrintable(strict));
    QJsonParseError error;
    const QJsonDocument read = QJsonDocument::fromJson(bytes, &error);
    QVERIFY2(read.isObject(), qPrintable(error.errorString()));
    QCOMPARE(read.object(), serializer.contentDocument(draft)); // one implementation, two forms
    QCOMPARE(bytes, serializer.contentBytes(draft));            // deterministic
    // The same text through a segment cache: filled (every segment serialized), then used (none).
    DraftSegmentCache cache;
    QCOMPARE(serializer.contentBytes(draft, &cache), bytes);
    QCOMPARE(serializer.contentBytes(draft, &cache), bytes);
    if (variant != 1) // the tricky draft has a segment id three times: copies are never kept
        QCOMPARE(cache.hits(), cache.misses());
    if (variant == 1) {
        // Spot checks that the tricky values really went through.
        const QJsonObject numbers = read.object().value(u"x_numbers"_s).toObject();
        QCOMPARE(numbers.value(u"third"_s).toDouble(), 2.0 / 3.0);
        QCOMPARE(numbers.value(u"tiny"_s).toDouble(), 1e-7);
        QCOMPARE(numbers.value(u"min"_s).toDouble(), 5e-324);
        QCOMPARE(numbers.value(u"int64"_s).toInteger(), 9'007'199'254'740'993);
        QCOMPARE(read.object().value(u"id"_s).toString(), TrickyText);
        QCOMPARE(read.object().value(u"materials"_s).toObject().value(u"x_list"_s).toArray().size(),
                 2);
    }
}

void tst_DraftSerializer::writerMatchesQJsonDocument()
{
    // Strings and numbers come out as QJsonDocument::Compact writes them; NaN and infinities
    // become null as there.
    const QList<QString> strings{TrickyText, u""_s, QString(QChar(0xd800)) + u"lone"_s,
                                 u"lone"_s + QChar(0xdc00), u"\u2028\u2029"_s};
    const QList<double> numbers{0.1,
                                1e-7,
                                1e20,
                                2.0 / 3.0,
                                1.0,
                                1920.0,
                                -45.0,
                                0.08,
                                1e300,
                                5e-324,
                                123456.789,
                                std::numeric_limits<double>::quiet_NaN(),
                                std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity()};
    for (const QString &s : strings) {
        DraftJson::JsonWriter writer;
        writer.beginArray();
        writer.string(s);
        writer.endArray();
        QCOMPARE(writer.take(), QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact));
    }
    for (const double d : numbers) {
        DraftJson::JsonWriter writer;
        writer.beginArray();
        writer.number(d);
        writer.endArray();
        const QByteArray ours = writer.take();
        const QJsonValue read = QJsonDocument::fromJson(ours).array().at(0);
        if (std::isfinite(d))
            QCOMPARE(read.toDouble(), d);
        else
            QCOMPARE(ours, QJsonDocument(QJsonArray{d}).toJson(QJsonDocument::Compact));
    }
    DraftJson::JsonWriter writer;
    writer.beginArray();
    writer.number(-0.0);
    writer.integer(std::numeric_limits<qint64>::min());
    writer.value(QJsonValue(std::numeric_limits<qint64>::max()));
    writer.endArray();
    QCOMPARE(writer.take(), QByteArray("[0,-9223372036854775808,9223372036854775807]"));
}

void tst_DraftSerializer::newDraftShortcutMatchesFullWrite()
{
    // contentBytes() writes a new draft (no tracks, media or kept keys) from a memo of the text
    // before its id. A draft that only differs by a top-level key the serializer replaces anyway
    // ("fps") takes the full path and must give the same bytes, for several canvases, repeated
    // (memo hits) and with ids that need escaping.
    for (const QString &profile : {u"jy6-win"_s, u"jy10-win"_s, u"cc-win"_s, u"jy-mac"_s}) {
        const auto builtIn = DraftProfile::builtIn(profile);
        QVERIFY2(builtIn, qPrintable(profile));
        const DraftSerializer serializer(*builtIn);
        const QList<std::tuple<int, int, double, bool, QString>> cases{
            {1080, 1920, 30.0, true, u"C18A9161-B44C-42F3-AD59-8D90B2A9BB3F"_s},
            {1920, 1080, 25.0, false, u"dfd_cat_1764400000_0a1b2c3d"_s},
            {1080, 1920, 29.97, true, u"quote\" back\\ 草稿 \u0001"_s},
            {1080, 1920, 30.0, true, u"second-hit"_s},
        };
        for (int round = 0; round < 2; ++round) {
            for (const auto &[width, height, fps, magnet, id] : cases) {
                Draft bare;
                bare.id = id;
                bare.name = u"name ignored by the content"_s;
                bare.width = width;
                bare.height = height;
                bare.fps = fps;
                bare.mainTrackMagnet = magnet;
                Draft full = bare;
                full.extra.insert(u"fps"_s, 1); // forces the full write; replaced by draft.fps
                const QByteArray shortcut = serializer.contentBytes(bare);
                QCOMPARE(shortcut, serializer.contentBytes(full));
                QCOMPARE(QJsonDocument::fromJson(shortcut).object().value(u"id"_s).toString(), id);
            }
        }
    }
}

void tst_DraftSerializer::segmentCacheWritesWhatAWholeWriteWrites()
{
    // Saving a draft again with its DraftSegmentCache writes the text a whole write gives, after
    // each kind of edit, and serializes only the segments the edit changed.
    const DraftSerializer serializer(*DraftProfile::builtIn(u"jy5-win"_s));
    DraftSegmentCache cache;
    Draft draft = appendixADraft();
    qint64 hits = 0;
    qint64 misses = 0;
    // Empty when the cached write equals the whole one and the cache served `served` segments.
    const auto write = [&](qint64 served, qint64 serialized) -> QString {
        const QByteArray cached = serializer.contentBytes(draft, &cache);
        const QByteArray whole = serializer.contentBytes(draft);
        if (cached != whole)
            return u"differs: "_s
                   + jsonDiff(QJsonDocument::fromJson(cached).object(),
                              QJsonDocument::fromJson(whole).object())
                         .join(u"; "_s);
        const QString counts
            = u"served %1, serialized %2 (expected %3, %4)"_s.arg(cache.hits() - hits)
                  .arg(cache.misses() - misses)
                  .arg(served)
                  .arg(serialized);
        const bool ok = cache.hits() - hits == served && cache.misses() - misses == serialized;
        hits = cache.hits();
        misses = cache.misses();
        return ok ? QString() : counts;
    };
#define WRITE(served, serialized)                          \
    do {                                                   \
        const QString problem = write(served, serialized); \
        QVERIFY2(problem.isEmpty(), qPrintable(problem));  \
    } while (false)

    WRITE(0, 3); // video, audio, text
    QCOMPARE(cache.segments(), 3);
    QVERIFY(cache.bytes() > 1000);
    WRITE(3, 0);
    draft.tracks[0].segments[0].transform.x = 0.25; // a move
    WRITE(2, 1);
    draft.tracks[2].segments[0].text->text = u"changed"_s; // the text material is the segment's
    WRITE(2, 1);
    draft.tracks[2].relativeIndex = 1; // a layer change rewrites render_index
    WRITE(2, 1);

    // Two segments referring to one aux material: the first written wins its entry (§8.2), also
    // when the cache serves one of them and the order between them changes.
    Segment second = draft.tracks[0].segments[0];
    second.id = u"9F9F00000000400080000000000000A2"_s;
    second.speedId.clear();
    second.target = {5'000'000, 2'000'000};
    const auto transition = [](const QString &name) {
        return AuxMaterial{
            u"transitions"_s,
            QJsonObject{{u"id"_s, u"T1"_s}, {u"type"_s, u"transition"_s}, {u"name"_s, name}}};
    };
    draft.tracks[0].segments[0].aux = {transition(u"first"_s)};
    second.aux = {transition(u"second"_s)};
    draft.tracks[0].segments.append(second);
    WRITE(2, 2);
    draft.tracks[0].segments[0].target.start = 8'000'000; // now after the second one
    WRITE(3, 1);
    const QJsonArray transitions = QJsonDocument::fromJson(serializer.contentBytes(draft))
                                       .object()
                                       .value(u"materials"_s)
                                       .toObject()
                                       .value(u"transitions"_s)
                                       .toArray();
    QCOMPARE(transitions.size(), 1);
    QCOMPARE(transitions.at(0).toObject().value(u"name"_s).toString(), u"second"_s);
    hits = cache.hits(); // the check above wrote without the cache
    misses = cache.misses();

    draft.tracks.removeAt(1); // the audio track
    WRITE(3, 0);
    QCOMPARE(cache.segments(), 3);
    draft.tracks[0].segments.append(draft.tracks[0].segments[1]); // a damaged draft: an id twice
    draft.tracks[0].segments.last().target.start = 20'000'000;
    WRITE(3, 1); // the second copy is serialized, and not kept
    draft.tracks[0].segments.removeLast();
    WRITE(3, 0);

    // Another serializer (profile) starts afresh; a draft without segments empties the cache.
    const DraftSerializer other(*DraftProfile::builtIn(u"cc-win"_s));
    QCOMPARE(other.contentBytes(draft, &cache), other.contentBytes(draft));
    QCOMPARE(cache.misses() - misses, 3);
    QCOMPARE(cache.hits(), hits);
    draft.tracks.clear();
    draft.media.clear();
    QCOMPARE(other.contentBytes(draft, &cache), other.contentBytes(draft));
    QCOMPARE(cache.segments(), 0);
    QCOMPARE(cache.bytes(), 0);
#undef WRITE
}

QTEST_GUILESS_MAIN(tst_DraftSerializer)
#include "tst_draftserializer.moc"
