// The CapCutAPI text routes over real HTTP on 127.0.0.1 (spec/capcutapi-compat.md §5.5 add_text,
// §5.6 add_subtitle): defaults as stored in the draft, the KEEP error texts, aliases, text_styles
// in code points written as UTF-16 runs, backgrounds, overlaps, implicit creation, SRT input kinds,
// and that a failed call changes nothing.

#include "api/apiserver.h"
#include "core/draft/catalog/catalogregistry.h"
#include "core/draft/draftstore.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "httptestclient.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Api;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

namespace {

const QString MissingText = u"Hi, the required parameters 'text', 'start' or 'end' are missing. "_s;
const QString TextPrefix = u"Error occurred while processing text: "_s;
const QString SubtitlePrefix = u"Error occurred while processing subtitle: "_s;
const QString DefaultFontId = u"7290445778273702455"_s;

Core::CatalogEntry entry(Core::CatalogKind kind, const QString &name, const QString &id,
                         const QStringList &aliases = {},
                         Core::CatalogNamespace ns = Core::CatalogNamespace::JianYing)
{
    Core::CatalogEntry e;
    e.kind = kind;
    e.ns = ns;
    e.name = name;
    e.aliases = aliases;
    e.resourceId = id;
    e.effectId = id.left(7);
    return e;
}

std::shared_ptr<Core::CatalogRegistry> testCatalogs()
{
    using Core::CatalogKind;
    auto catalogs = std::make_shared<Core::CatalogRegistry>();
    QList<Core::CatalogEntry> entries{
        entry(CatalogKind::Font, u"文轩体"_s, DefaultFontId),
        entry(CatalogKind::Font, u"思源粗宋"_s, u"7290445778273702456"_s),
        entry(CatalogKind::Font, u"Roboto-Bold"_s, u"7290445778273702457"_s, {u"Roboto_Bold"_s}),
        entry(CatalogKind::TextIntro, u"渐显"_s, u"6724916044072227332"_s),
        entry(CatalogKind::TextIntro, u"Fade In"_s, u"6724916044072227333"_s, {u"Fade_In"_s}),
        entry(CatalogKind::TextOutro, u"渐隐"_s, u"6724919382104871427"_s),
        entry(CatalogKind::TextIntro, u"Typewriter"_s, u"7210980292243231233"_s, {},
              Core::CatalogNamespace::CapCut),
    };
    for (int i = 0; i < 30; ++i) // enough fonts for the "20 closest names" rule
        entries.append(entry(CatalogKind::Font, u"Font%1"_s.arg(i, 2, 10, QChar(u'0')),
                             u"72904457782737025%1"_s.arg(i, 2, 10, QChar(u'0'))));
    catalogs->add(entries);
    return catalogs;
}

} // namespace

class tst_CompatText : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Core::DraftStore> m_store;
    std::unique_ptr<Core::DraftWorkspace> m_workspace;
    std::unique_ptr<ApiServer> m_server;

    QString allowedFolder() const { return m_dir.filePath(u"allowed"_s); }

    void start(bool withCatalogs, std::shared_ptr<Core::CatalogRegistry> catalogs = {})
    {
        m_server.reset();
        m_workspace.reset();
        m_store.reset();
        QDir(m_dir.path()).removeRecursively();
        QDir().mkpath(allowedFolder());
        m_store = std::make_unique<Core::DraftStore>(m_dir.filePath(u"data/drafts"_s));
        QVERIFY(m_store->open());
        m_workspace = std::make_unique<Core::DraftWorkspace>(*m_store);
        CompatServices compat;
        compat.workspace = m_workspace.get();
        compat.profileId = [] {
            return u"jy5-win"_s;
        };
        compat.draftsFolder = [this] {
            return m_dir.filePath(u"editor-store"_s);
        };
        compat.pathPolicy = [this] {
            return Core::PathPolicy({allowedFolder()});
        };
        if (withCatalogs)
            compat.catalogs = catalogs ? catalogs : testCatalogs();
        m_server = std::make_unique<ApiServer>(
            ApiServer::Dependencies{Core::BuildInfo::current(), {}, compat});
        QVERIFY(m_server->start(*Core::ListenAddress::parse(u"127.0.0.1:0"_s)));
    }

    QJsonObject post(const QString &path, const QJsonObject &body)
    {
        const HttpResult r = httpRequest("POST", QUrl(m_server->address().toUrl() + path),
                                         QJsonDocument(body).toJson(QJsonDocument::Compact));
        if (r.status != 200)
            qWarning() << "HTTP" << r.status << r.body;
        return r.json();
    }

    /// Posts and expects success; returns the draft id.
    QString ok(const QString &path, const QJsonObject &body)
    {
        const QJsonObject answer = post(path, body);
        if (!answer.value(u"success"_s).toBool())
            qWarning().noquote() << answer.value(u"error"_s).toString();
        return answer.value(u"success"_s).toBool()
                   ? answer.value(u"output"_s).toObject().value(u"draft_id"_s).toString()
                   : QString();
    }

    QString errorOf(const QString &path, const QJsonObject &body)
    {
        return post(path, body).value(u"error"_s).toString();
    }

    static QJsonObject json(const char *text)
    {
        return QJsonDocument::fromJson(QByteArray(text)).object();
    }

    Core::Draft load(const QString &id)
    {
        Core::Result<Core::Draft> draft = m_store->load(id);
        return draft ? *draft : Core::Draft();
    }

    static const Core::Track *track(const Core::Draft &draft, const QString &name)
    {
        for (const Core::Track &t : draft.tracks) {
            if (t.name == name)
                return &t;
        }
        return nullptr;
    }

    /// The only text segment of track `name`.
    static Core::Segment onlyText(const Core::Draft &draft, const QString &name = u"text_main"_s)
    {
        const Core::Track *t = track(draft, name);
        return t && t->segments.size() == 1 ? t->segments.first() : Core::Segment();
    }

private Q_SLOTS:
    void init() { start(true); }

    void addTextDefaults()
    {
        const QJsonObject answer = post(u"/add_text"_s, {{u"text"_s, u"Hello"_s}});
        QCOMPARE(answer.value(u"success"_s).toBool(), true);
        QCOMPARE(answer.value(u"error"_s).toString(), QString());
        const QJsonObject output = answer.value(u"output"_s).toObject();
        const QString id = output.value(u"draft_id"_s).toString();
        QVERIFY(id.startsWith(u"dfd_cat_"_s));
        QVERIFY(output.value(u"draft_url"_s).isString());
        QVERIFY(!output.contains(u"warning"_s));

        const Core::Draft draft = load(id);
        QCOMPARE(draft.width, 1080);
        QCOMPARE(draft.height, 1920);
        const Core::Track *texts = track(draft, u"text_main"_s);
        QVERIFY(texts);
        QCOMPARE(texts->type, Core::TrackType::Text);
        QCOMPARE(texts->renderIndex(), 15000);
        const Core::Segment s = onlyText(draft);
        QCOMPARE(s.target, (Core::TimeRange{0, 5'000'000}));
        QCOMPARE(s.transform, Core::Transform());
        QVERIFY(s.text && s.aux.isEmpty());
        QCOMPARE(s.text->text, u"Hello"_s);
        QCOMPARE(s.text->alpha, 1.0);
        QVERIFY(!s.text->vertical && !s.text->background && s.text->extra.isEmpty());
        QCOMPARE(s.text->styles.size(), 1);
        const Core::TextStyle &run = s.text->styles.first();
        QCOMPARE(std::pair(run.start, run.length), std::pair(qsizetype(0), qsizetype(5)));
        QCOMPARE(run.size, 8.0);
        QCOMPARE(run.color, QColor(u"#FF0000"_s));
        QCOMPARE(run.fontId, DefaultFontId); // 文轩体 from the font catalog
        QVERIFY(!run.strokeColor && !run.shadowColor && !run.bold);
    }

    void failures_data()
    {
        QTest::addColumn<QString>("route");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error"); // the whole text, or its start when it ends with "…"
        // '#' is written \u0023 inside raw strings: moc mis-reads '#' there as a directive.
        QString route = u"/add_text"_s;
        const auto row = [&route](const char *name, const char *body, const QString &error) {
            QTest::newRow(name) << route << QByteArray(body) << error;
        };
        // The KEEP texts, trailing space included (§5.5).
        row("empty", "{}", MissingText);
        row("empty text", R"({"text":""})", MissingText);
        row("null text", R"({"text":null})", MissingText);
        row("null start", R"({"text":"a","start":null})", MissingText);
        row("null end", R"({"text":"a","end":null})", MissingText);
        row("alpha", R"({"text":"a","alpha":1.5})",
            TextPrefix + u"alpha value must be between 0.0 and 1.0"_s);
        row("font_alpha", R"({"text":"a","font_alpha":-0.1})",
            TextPrefix + u"alpha value must be between 0.0 and 1.0"_s);
        row("border_alpha", R"({"text":"a","border_alpha":2})",
            TextPrefix + u"border_alpha value must be between 0.0 and 1.0"_s);
        row("background_alpha", R"({"text":"a","background_alpha":1.01})",
            TextPrefix + u"background_alpha value must be between 0.0 and 1.0"_s);
        row("color #GGG", R"({"text":"a","color":"\u0023GGG"})",
            TextPrefix + u"Color parameter error: Invalid hexadecimal color code: GGGGGG"_s);
        row("font_color short", R"({"text":"a","font_color":"\u002312345"})",
            TextPrefix + u"Color parameter error: Invalid hexadecimal color code: 12345"_s);
        row("border_color", R"({"text":"a","border_color":"xyz"})",
            TextPrefix + u"Color parameter error: Invalid hexadecimal color code: xxyyzz"_s);
        row("background_color", R"({"text":"a","background_alpha":0.5,"background_color":"red"})",
            TextPrefix
                + u"Color parameter error: Invalid hexadecimal color code: rreedd "
                  "(background_color)"_s);
        row("shadow_color", R"({"text":"a","shadow_enabled":true,"shadow_color":"\u002312"})",
            TextPrefix
                + u"Color parameter error: Invalid hexadecimal color code: 12 (shadow_color)"_s);
        row("font", R"({"text":"a","font":"Robotto"})",
            TextPrefix + u"Unsupported font: Robotto, please use one of the fonts in Font_type: ["_s
                + u"…"_s);
        row("intro", R"({"text":"a","intro_animation":"nope"})",
            TextPrefix + u"unknown text intro animation 'nope'"_s);
        row("outro", R"({"text":"a","outro_animation":"渐显"})", // an intro is no outro
            TextPrefix + u"unknown text outro animation '渐显'"_s);
        row("cross namespace", R"({"text":"a","intro_animation":"Typewriter"})",
            TextPrefix + u"unknown text intro animation 'Typewriter'"_s);
        row("inverted", R"({"text":"a","start":3,"end":2})",
            TextPrefix + u"end must be after start…"_s);
        row("empty range", R"({"text":"a","start":3,"end":3})",
            TextPrefix + u"end must be after start…"_s);
        row("negative start", R"({"text":"a","start":-1})", TextPrefix + u"start must be…"_s);
        row("bad number", R"({"text":"a","end":"soon"})", TextPrefix + u"end must be a number…"_s);
        row("background_style", R"({"text":"a","background_alpha":0.5,"background_style":3})",
            TextPrefix + u"background_style must be 1 or 2…"_s);
        row("vertical", R"({"text":"a","vertical":"maybe"})",
            TextPrefix + u"vertical must be true or false…"_s);
        row("fixed_width", R"({"text":"a","fixed_width":2})", TextPrefix + u"fixed_width is a…"_s);
        row("size", R"({"text":"a","size":0})", TextPrefix + u"size must be greater than 0…"_s);
        row("intro_duration", R"({"text":"a","intro_animation":"渐显","intro_duration":0})",
            TextPrefix + u"intro_duration must be greater than 0…"_s);
        row("style range", R"({"text":"12345","text_styles":[{"start":0,"end":99}]})",
            TextPrefix + u"text_styles[0]: 无效的文本范围: [0, 99), 文本长度: 5"_s);
        row("style start>=end", R"({"text":"12345","text_styles":[{"start":2,"end":2}]})",
            TextPrefix + u"text_styles[0]: 无效的文本范围: [2, 2), 文本长度: 5"_s);
        row("style not object", R"({"text":"12345","text_styles":[1]})",
            TextPrefix + u"text_styles[0] must be an object"_s);
        row("styles not list", R"({"text":"12345","text_styles":{"start":0}})",
            TextPrefix + u"text_styles must be a list of objects"_s);
        row("style colour",
            R"({"text":"12345","text_styles":[{"start":0,"end":1},
                {"start":1,"end":2,"style":{"color":"ZZZ"}}]})",
            TextPrefix + u"text_styles[1].style: color: Invalid hexadecimal color code: ZZZZZZ"_s);
        row("border colour",
            R"({"text":"12345","text_styles":[{"start":0,"end":1,
                "border":{"width":10,"color":"#1"}}]})",
            TextPrefix + u"text_styles[0].border: color: Invalid hexadecimal color code: 1"_s);
        row("style font", R"({"text":"12345","text_styles":[{"start":0,"end":1,"font":"Nope"}]})",
            TextPrefix + u"text_styles[0]: Unsupported font: Nope, please use one…"_s);
        row("style alpha",
            R"({"text":"12345","text_styles":[{"start":0,"end":1,"style":{"alpha":3}}]})",
            TextPrefix + u"text_styles[0].style: alpha value must be between 0.0 and 1.0"_s);
        row("styles overlap",
            R"({"text":"12345","text_styles":[{"start":0,"end":3},{"start":2,"end":4}]})",
            TextPrefix + u"text_styles ranges overlap at character 2"_s);

        route = u"/add_subtitle"_s;
        const QString missingSrt = u"Hi, the required parameters 'srt' are missing."_s;
        row("srt missing", "{}", missingSrt);
        row("srt empty", R"({"srt":""})", missingSrt);
        row("overlapping cues",
            R"({"srt":"1\n00:00:00,000 --> 00:00:02,000\nA\n\n)"
            R"(2\n00:00:01,000 --> 00:00:03,000\nB"})",
            SubtitlePrefix
                + u"New segment overlaps with existing segment [start: 1000000, end: 3000000]."_s);
        row("end before start",
            R"({"srt":"1\n00:00:00,000 --> 00:00:01,000\nA\n\n)"
            R"(2\n00:00:05,000 --> 00:00:04,000\nB"})",
            SubtitlePrefix + u"line 6: end…"_s);
        row("no cues", R"({"srt":"hello"})", SubtitlePrefix + u"…"_s);
        row("url", R"({"srt":"https://example.com/a.srt"})",
            SubtitlePrefix + u"subtitle URLs are not supported yet…"_s);
        row("path outside", R"({"srt":"/etc/passwd.srt"})",
            SubtitlePrefix + u"Failed to read local subtitle file: …"_s);
        row("negative offset", R"({"srt":"1\n00:00:01,000 --> 00:00:02,000\nA","time_offset":-2})",
            SubtitlePrefix + u"time_offset -2 s moves the cue at 1 s…"_s);
        row("subtitle colour", R"({"srt":"x","font_color":"\u0023XYZ"})",
            SubtitlePrefix + u"Color parameter error: Invalid hexadecimal color code: XXYYZZ."_s);
        row("subtitle font", R"({"srt":"x","font":"Nope"})",
            SubtitlePrefix + u"Unsupported font: Nope…"_s);
        row("scale", R"({"srt":"x","scale_x":0})",
            SubtitlePrefix + u"scale_x must be greater than 0…"_s);
    }

    void failures()
    {
        QFETCH(QString, route);
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        QJsonParseError parseError;
        QJsonDocument::fromJson(body, &parseError);
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        const QJsonObject answer = post(route, json(body.constData()));
        QCOMPARE(answer.value(u"success"_s).toBool(), false);
        QCOMPARE(answer.value(u"output"_s).toString(), QString());
        const QString got = answer.value(u"error"_s).toString();
        if (error.endsWith(u'…'))
            QVERIFY2(got.startsWith(error.chopped(1)), qPrintable(got));
        else
            QCOMPARE(got, error);
        QCOMPARE(m_store->count(), 0); // atomic: no draft, no track, no partial cues
    }

    void unknownFontListsTwentyCloseNames()
    {
        const QString error
            = errorOf(u"/add_text"_s, {{u"text"_s, u"a"_s}, {u"font"_s, u"Font0"_s}});
        const qsizetype open = error.indexOf(u'[');
        QVERIFY2(open > 0 && error.endsWith(u']'), qPrintable(error));
        const QStringList names = error.mid(open + 1).chopped(1).split(u", "_s);
        QCOMPARE(names.size(), 20);
        QVERIFY(names.first().startsWith(u"Font0"_s)); // containing the name comes first
    }

    void aliases_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QString>("color");
        QTest::addColumn<double>("size");
        QTest::addColumn<double>("alpha");
        const auto row = [](const char *name, const char *body, const QString &color, double size,
                            double alpha) {
            QTest::newRow(name) << QByteArray(body) << color << size << alpha;
        };
        row("long names", R"({"font_color":"00FF00","font_size":12,"font_alpha":0.5})",
            u"#00ff00"_s, 12.0, 0.5);
        row("short names", R"({"color":"0000FF","size":"6.5","alpha":0.25})", u"#0000ff"_s, 6.5,
            0.25);
        row("short wins",
            R"({"font_color":"\u002300FF00","color":"\u0023ABCDEF99","font_size":12,"size":9,)"
            R"("font_alpha":0.5,"alpha":0.75})",
            u"#abcdef"_s, 9.0, 0.75);
        row("null short falls back", R"({"font_color":"\u0023123","color":null})", u"#112233"_s,
            8.0, 1.0);
    }

    void aliases()
    {
        QFETCH(QByteArray, request);
        QFETCH(QString, color);
        QFETCH(double, size);
        QFETCH(double, alpha);
        QJsonObject body = json(request.constData());
        body.insert(u"text"_s, u"abc"_s);
        const QString id = ok(u"/add_text"_s, body);
        QVERIFY(!id.isEmpty());
        const Core::Segment s = onlyText(load(id));
        QVERIFY(s.text);
        QCOMPARE(s.text->styles.first().color.name(), color);
        QCOMPARE(s.text->styles.first().size, size);
        QCOMPARE(s.text->alpha, alpha);
    }

    void textStylesInCodePoints_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QJsonArray>("styles");
        QTest::addColumn<QList<qsizetype>>("runs"); // UTF-16 start, length pairs
        QTest::addColumn<QList<bool>>("bold");
        const QJsonObject boldStyle{{u"bold"_s, true}};
        // The spec's example: 12 code points, [0,5) and [6,8) ⇒ [0,5) [5,6) [6,8) [8,12).
        QTest::newRow("gaps")
            << u"Hello world!"_s
            << QJsonArray{QJsonObject{{u"start"_s, 0}, {u"end"_s, 5}, {u"style"_s, boldStyle}},
                          QJsonObject{{u"start"_s, 6}, {u"end"_s, 8}, {u"style"_s, boldStyle}}}
            << QList<qsizetype>{0, 5, 5, 1, 6, 2, 8, 4} << QList<bool>{true, false, true, false};
        // 😀 is one code point but two UTF-16 units: every later offset moves by one.
        QTest::newRow("emoji")
            << u"A😀BC字"_s
            << QJsonArray{QJsonObject{{u"start"_s, 1}, {u"end"_s, 2}, {u"style"_s, boldStyle}},
                          QJsonObject{{u"start"_s, 3}, {u"end"_s, 5}, {u"style"_s, boldStyle}}}
            << QList<qsizetype>{0, 1, 1, 2, 3, 1, 4, 2} << QList<bool>{false, true, false, true};
        QTest::newRow("unordered, whole text")
            << u"字幕🎬"_s
            << QJsonArray{QJsonObject{{u"start"_s, 2}, {u"end"_s, 3}},
                          QJsonObject{{u"start"_s, 0}, {u"end"_s, 2}, {u"style"_s, boldStyle}}}
            << QList<qsizetype>{0, 2, 2, 2} << QList<bool>{true, false};
    }

    void textStylesInCodePoints()
    {
        QFETCH(QString, text);
        QFETCH(QJsonArray, styles);
        QFETCH(QList<qsizetype>, runs);
        QFETCH(QList<bool>, bold);
        const QString id = ok(u"/add_text"_s, {{u"text"_s, text}, {u"text_styles"_s, styles}});
        QVERIFY(!id.isEmpty());
        const Core::Segment s = onlyText(load(id));
        QVERIFY(s.text);
        QCOMPARE(s.text->text, text);
        QCOMPARE(s.text->styles.size(), bold.size());
        for (qsizetype i = 0; i < bold.size(); ++i) {
            QCOMPARE(s.text->styles.at(i).start, runs.at(2 * i));
            QCOMPARE(s.text->styles.at(i).length, runs.at(2 * i + 1));
            QCOMPARE(s.text->styles.at(i).bold, bold.at(i));
        }
    }

    void textStyleFieldsAndBorders()
    {
        const QString id = ok(
            u"/add_text"_s, json(R"({"text": "abcde", "border_width": 40, "border_color": "FFFFFF",
                     "shadow_enabled": 1, "text_styles": [
                     {"start": 0, "end": 2, "font": "Roboto_Bold",
                      "style": {"size": 12, "italic": true, "underline": true, "color": "00FF00"}},
                     {"start": 3, "end": 4, "border": {"width": 20, "color": "0000FF"}}]})"));
        QVERIFY(!id.isEmpty());
        const Core::Segment s = onlyText(load(id));
        QVERIFY(s.text);
        const QList<Core::TextStyle> &runs = s.text->styles;
        QCOMPARE(runs.size(), 4); // [0,2) styled, [2,3) gap, [3,4) styled, [4,5) gap
        QCOMPARE(runs.at(0).size, 12.0);
        QVERIFY(runs.at(0).italic && runs.at(0).underline && !runs.at(0).bold);
        QCOMPARE(runs.at(0).color, QColor(Qt::green));
        QCOMPARE(runs.at(0).fontId, u"7290445778273702457"_s);
        QVERIFY(!runs.at(0).strokeColor); // a range without its own border has none (KEEP)
        for (int gap : {1, 3}) {          // gaps: the base style with the top-level border
            QCOMPARE(runs.at(gap).size, 8.0);
            QCOMPARE(runs.at(gap).color, QColor(Qt::red));
            QCOMPARE(runs.at(gap).fontId, DefaultFontId);
            QCOMPARE(runs.at(gap).strokeColor, QColor(Qt::white));
            QCOMPARE(runs.at(gap).strokeWidth, 0.08); // 40 / 100 × 0.2
        }
        QCOMPARE(runs.at(2).strokeColor, QColor(Qt::blue));
        QCOMPARE(runs.at(2).strokeWidth, 0.04);
        for (const Core::TextStyle &run : runs) { // the shadow on every run (FIX 44)
            QCOMPARE(run.shadowColor, QColor(Qt::black));
            QCOMPARE(run.shadowAlpha, 0.9);
            QCOMPARE(run.shadowAngle, -45.0);
            QCOMPARE(run.shadowDistance, 5.0);
            QCOMPARE(run.shadowDiffuse, 0.15 / 6);
        }
    }

    void backgroundStyle_data()
    {
        QTest::addColumn<QJsonValue>("style");
        QTest::addColumn<double>("alpha");
        QTest::addColumn<int>("written"); // 0: no background, -1: error
        QTest::newRow("0 means 2") << QJsonValue(0) << 0.5 << 2;
        QTest::newRow("1") << QJsonValue(1) << 0.5 << 1;
        QTest::newRow("2") << QJsonValue(2) << 0.5 << 2;
        QTest::newRow("-1 means 1") << QJsonValue(-1) << 0.5 << 1;
        QTest::newRow("3") << QJsonValue(3) << 0.5 << -1;
        QTest::newRow("1.5") << QJsonValue(1.5) << 0.5 << -1;
        QTest::newRow("3 without background") << QJsonValue(3) << 0.0 << 0;
        QTest::newRow("text without background") << QJsonValue(u"x"_s) << 0.0 << 0;
    }

    void backgroundStyle()
    {
        QFETCH(QJsonValue, style);
        QFETCH(double, alpha);
        QFETCH(int, written);
        QJsonObject body
            = json(R"({"text":"bg","background_color":"336699",)"
                   R"("background_round_radius":0.3,)"
                   R"("background_horizontal_offset":0.75,"background_vertical_offset":0.5})");
        body.insert(u"background_alpha"_s, alpha);
        body.insert(u"background_style"_s, style);
        const QJsonObject answer = post(u"/add_text"_s, body);
        QCOMPARE(answer.value(u"success"_s).toBool(), written >= 0);
        if (written < 0) {
            QVERIFY(answer.value(u"error"_s).toString().contains(u"background_style"_s));
            return;
        }
        const Core::Segment s
            = onlyText(load(answer.value(u"output"_s).toObject().value(u"draft_id"_s).toString()));
        QVERIFY(s.text);
        QCOMPARE(s.text->background.has_value(), written > 0);
        if (written == 0)
            return;
        QCOMPARE(s.text->background->style, written);
        QCOMPARE(s.text->background->alpha, 0.5);
        QCOMPARE(s.text->background->color, QColor(u"#336699"_s));
        QCOMPARE(s.text->background->roundRadius, 0.3);
        QCOMPARE(s.text->background->height, 0.14);
        QCOMPARE(s.text->background->horizontalOffset, 0.5); // 2 × 0.75 − 1
        QCOMPARE(s.text->background->verticalOffset, 0.0);
    }

    void everyOtherParameter()
    {
        // Numbers as strings, the bubble id as a big JSON integer, a normalised name (§6).
        const QString id = ok(
            u"/add_text"_s,
            json(R"({"text":"第一行\n第二行 🌍","start":"1.5","end":4.25,"track_name":"titles",)"
                 R"("vertical":"true","transform_x":0.25,"transform_y":-0.5,"fixed_width":0.5,)"
                 R"("fixed_height":0.1,"width":1920,"height":1080,"bubble_effect_id":"361595",)"
                 R"("bubble_resource_id":7226264888031694091,)"
                 R"("effect_effect_id":"7296357486490144036","intro_animation":"fade-in",)"
                 R"("intro_duration":1,"outro_animation":"渐隐"})"));
        QVERIFY(!id.isEmpty());
        const Core::Draft draft = load(id);
        QCOMPARE(draft.width, 1920); // implicit creation takes width/height
        const Core::Segment s = onlyText(draft, u"titles"_s);
        QVERIFY(s.text);
        QCOMPARE(s.text->text, u"第一行\n第二行 🌍"_s);
        QCOMPARE(s.target, (Core::TimeRange{1'500'000, 2'750'000}));
        QCOMPARE(s.transform, (Core::Transform{.x = 0.25, .y = -0.5}));
        QVERIFY(s.text->vertical);
        QCOMPARE(s.text->extra.value(u"fixed_width"_s).toInt(), 960);
        QCOMPARE(s.text->extra.value(u"fixed_height"_s).toInt(), 108);
        QCOMPARE(s.text->styles.first().flowerTextId, u"7296357486490144036"_s);
        QHash<QString, QJsonObject> aux;
        for (const Core::AuxMaterial &m : s.aux)
            aux.insert(m.list + u':' + m.type(), m.json);
        QCOMPARE(aux.size(), 3);
        const QJsonObject bubble = aux.value(u"effects:text_shape"_s);
        QCOMPARE(bubble.value(u"resource_id"_s).toString(), u"7226264888031694091"_s);
        QCOMPARE(bubble.value(u"effect_id"_s).toString(), u"361595"_s);
        QCOMPARE(aux.value(u"effects:text_effect"_s).value(u"resource_id"_s).toString(),
                 u"7296357486490144036"_s);
        const QJsonArray animations = aux.value(u"material_animations:sticker_animation"_s)
                                          .value(u"animations"_s)
                                          .toArray();
        QCOMPARE(animations.size(), 2);
        QHash<QString, QJsonObject> byType;
        for (const QJsonValue &a : animations)
            byType.insert(a.toObject().value(u"type"_s).toString(), a.toObject());
        QCOMPARE(byType.value(u"in"_s).value(u"resource_id"_s).toString(),
                 u"6724916044072227333"_s);
        QCOMPARE(byType.value(u"in"_s).value(u"duration"_s).toInteger(), 1'000'000);
        QCOMPARE(byType.value(u"out"_s).value(u"duration"_s).toInteger(), 500'000);
        QCOMPARE(byType.value(u"out"_s).value(u"start"_s).toInteger(), 2'250'000);
        // One bubble id alone is silently ignored (KEEP).
        const QString single
            = ok(u"/add_text"_s, {{u"text"_s, u"a"_s}, {u"bubble_effect_id"_s, u"361595"_s}});
        QVERIFY(!single.isEmpty() && onlyText(load(single)).aux.isEmpty());
    }

    void overlapAndTracks()
    {
        const QString id = ok(u"/add_text"_s, {{u"text"_s, u"one"_s}, {u"end"_s, 3}});
        QVERIFY(!id.isEmpty());
        const QJsonObject overlap
            = post(u"/add_text"_s,
                   {{u"draft_id"_s, id}, {u"text"_s, u"two"_s}, {u"start"_s, 2}, {u"end"_s, 4}});
        QCOMPARE(overlap.value(u"success"_s).toBool(), false);
        QCOMPARE(
            overlap.value(u"error"_s).toString(),
            TextPrefix
                + u"New segment overlaps with existing segment [start: 2000000, end: 4000000]"_s);
        QCOMPARE(track(load(id), u"text_main"_s)->segments.size(), 1);
        // Touching is fine; track_name null is the default track (FIX); same id answered.
        // A duration without its animation is not looked at.
        QJsonObject body = json(R"({"text":"two","start":3,"end":4,"track_name":null,)"
                                R"("outro_duration":0})");
        body.insert(u"draft_id"_s, id);
        const QJsonObject touching = post(u"/add_text"_s, body);
        QCOMPARE(touching.value(u"output"_s).toObject().value(u"draft_id"_s).toString(), id);
        QCOMPARE(track(load(id), u"text_main"_s)->segments.size(), 2);

        // A failing call on a new track name leaves no track behind (atomic).
        const qsizetype tracks = load(id).tracks.size();
        QCOMPARE(post(u"/add_text"_s, {{u"draft_id"_s, id},
                                       {u"text"_s, u"x"_s},
                                       {u"track_name"_s, u"other"_s},
                                       {u"intro_animation"_s, u"nope"_s}})
                     .value(u"success"_s)
                     .toBool(),
                 false);
        QCOMPARE(load(id).tracks.size(), tracks);
        // Names are global across track types.
        Core::Result<Core::DraftService *> service = m_workspace->open(id);
        QVERIFY(service && (*service)->addTrack(Core::TrackType::Video, u"clips"_s));
        const QJsonObject wrongType
            = post(u"/add_text"_s,
                   {{u"draft_id"_s, id}, {u"text"_s, u"x"_s}, {u"track_name"_s, u"clips"_s}});
        QCOMPARE(wrongType.value(u"error"_s).toString(),
                 TextPrefix + u"track 'clips' is a video track"_s);
        // (The direct edit, as the GUI's, is written behind it: the store follows shortly.)
        QTRY_COMPARE(load(id).tracks.size(), tracks + 1);
        QCOMPARE((*service)->undoStack()->count(), 3); // two texts and the video track
    }

    void implicitCreation()
    {
        const QJsonObject answer
            = post(u"/add_text"_s, {{u"text"_s, u"a"_s}, {u"draft_id"_s, u"dfd_cat_1_deadbeef"_s}});
        QCOMPARE(answer.value(u"success"_s).toBool(), true);
        const QJsonObject output = answer.value(u"output"_s).toObject();
        const QString id = output.value(u"draft_id"_s).toString();
        QVERIFY(!id.isEmpty() && id != u"dfd_cat_1_deadbeef"_s);
        QCOMPARE(output.value(u"warning"_s).toString(),
                 u"draft_id dfd_cat_1_deadbeef not found; created new draft %1"_s.arg(id));
        QVERIFY(m_store->contains(id));
        QCOMPARE(m_store->count(), 1);
        // An overlap on an unknown id cannot happen (new draft), but a bad value still creates
        // nothing.
        QVERIFY(!errorOf(u"/add_text"_s,
                         {{u"text"_s, u"a"_s}, {u"draft_id"_s, u"nope"_s}, {u"alpha"_s, 7}})
                     .isEmpty());
        QCOMPARE(m_store->count(), 1);
    }

    void withoutCatalogs()
    {
        start(false);
        const QString id = ok(u"/add_text"_s, {{u"text"_s, u"a"_s}, {u"font"_s, u"文轩体"_s}});
        QVERIFY(!id.isEmpty());
        QCOMPARE(onlyText(load(id)).text->styles.first().fontId, QString()); // editor default
        QVERIFY(!ok(u"/add_subtitle"_s, {{u"srt"_s, u"1\n00:00:00,000 --> 00:00:01,000\nx"_s}})
                     .isEmpty());
        const QString font = errorOf(u"/add_text"_s, {{u"text"_s, u"a"_s}, {u"font"_s, u"宋体"_s}});
        QVERIFY2(font.startsWith(TextPrefix
                                 + u"Unsupported font: 宋体, please use one of the "
                                   "fonts in Font_type: [文轩体]"_s),
                 qPrintable(font));
        QVERIFY(font.contains(u"no font catalog"_s));
        QCOMPARE(errorOf(u"/add_text"_s, {{u"text"_s, u"a"_s}, {u"intro_animation"_s, u"渐显"_s}}),
                 TextPrefix + u"unknown text intro animation '渐显'"_s);
    }

    void referenceCatalogNames()
    {
        const QString file
            = u"" CUTPILOT_SHARED_DIR "/reference/vectcutapi-bf684ae_catalogs.json"_s;
        if (!QFileInfo::exists(file))
            QSKIP("reference data not found: ../shared/reference (see shared/reference/README.md)");
        auto catalogs = std::make_shared<Core::CatalogRegistry>();
        QVERIFY(catalogs->loadFile(file));
        start(true, catalogs);
        const QString id = ok(
            u"/add_text"_s, json(R"({"text":"a","font":"CC_Captial",)"
                                 R"("intro_animation":"冲屏位移","outro_animation":"右上弹出"})"));
        QVERIFY(!id.isEmpty());
        QCOMPARE(onlyText(load(id)).text->styles.first().fontId, u"7418508570066424330"_s);
        QCOMPARE(
            onlyText(load(ok(u"/add_text"_s, {{u"text"_s, u"b"_s}}))).text->styles.first().fontId,
            DefaultFontId); // 文轩体 from the reference list
    }

    // --- add_subtitle (§5.6) ---------------------------------------------------------------

    void subtitleDefaults()
    {
        const QString srt = u"1\n00:00:01,000 --> 00:00:02,500\n  第一句  \n\n"
                            "2\n00:00:03,000 --> 00:00:04,000\nline one\nline two\n"_s;
        const QString id = ok(u"/add_subtitle"_s, {{u"srt"_s, srt}});
        QVERIFY(!id.isEmpty());
        const Core::Draft draft = load(id);
        const Core::Track *t = track(draft, u"subtitle"_s);
        QVERIFY(t);
        QCOMPARE(t->renderIndex(), 15999);
        QCOMPARE(t->segments.size(), 2);
        const Core::Segment &first = t->segments.at(0);
        QCOMPARE(first.target, (Core::TimeRange{1'000'000, 1'500'000}));
        QCOMPARE(first.text->text, u"第一句"_s); // lines trimmed (KEEP)
        QCOMPARE(t->segments.at(1).text->text, u"line one\nline two"_s);
        QCOMPARE(first.transform, (Core::Transform{.y = -0.8}));
        QCOMPARE(first.text->extra.value(u"fixed_width"_s).toInt(), 648); // portrait
        const Core::TextStyle &run = first.text->styles.first();
        QCOMPARE(run.size, 5.0);
        QCOMPARE(run.color, QColor(Qt::white));
        QCOMPARE(run.fontId, u"7290445778273702456"_s); // 思源粗宋
        QVERIFY(!run.bold && !run.strokeColor);
    }

    void subtitleInputs_data()
    {
        QTest::addColumn<QString>("srt");
        QTest::addColumn<QStringList>("texts");
        QTest::addColumn<qint64>("secondStart");
        QTest::newRow("backslash-n") << u"1\\n00:00:00,000 --> 00:00:01,000\\nA\\n\\n2\\n"
                                        "00:00:01,000 --> 00:00:02,000\\nB"_s
                                     << QStringList{u"A"_s, u"B"_s} << qint64(1'000'000);
        QTest::newRow("slash-n") << u"1/n00:00:00,000 --> 00:00:01,000/nA/n/n2/n"
                                    "00:00:01,000 --> 00:00:02,000/nB"_s
                                 << QStringList{u"A"_s, u"B"_s} << qint64(1'000'000);
        QTest::newRow("slash-n kept with real breaks")
            << u"1\n00:00:00,000 --> 00:00:01,000\n5 km/n\n\n2\n00:00:02,000 --> 00:00:03,000\nB"_s
            << QStringList{u"5 km/n"_s, u"B"_s} << qint64(2'000'000);
        QTest::newRow("CRLF and BOM")
            << u"\uFEFF1\r\n00:00:00,000 --> 00:00:01,000\r\nA\r\n\r\n2\r\n"
               "00:00:01,500 --> 00:00:02,000\r\nB\r\n"_s
            << QStringList{u"A"_s, u"B"_s} << qint64(1'500'000);
        QTest::newRow("EXT: dot, no index, spaces")
            << u"00:00:00.000-->00:00:01.000\nA\n\n00:00:01.000   -->   00:00:02.000\nB"_s
            << QStringList{u"A"_s, u"B"_s} << qint64(1'000'000);
        QTest::newRow("markup") << u"1\n00:00:00,000 --> 00:00:01,000\n<b>A</b>\n\n"
                                   "2\n00:00:01,000 --> 00:00:02,000\nB"_s
                                << QStringList{u"A"_s, u"B"_s} << qint64(1'000'000);
    }

    void subtitleInputs()
    {
        QFETCH(QString, srt);
        QFETCH(QStringList, texts);
        QFETCH(qint64, secondStart);
        const QString id = ok(u"/add_subtitle"_s, {{u"srt"_s, srt}});
        QVERIFY(!id.isEmpty());
        const Core::Track *t = track(load(id), u"subtitle"_s);
        QVERIFY(t);
        QStringList got;
        for (const Core::Segment &s : t->segments)
            got.append(s.text->text);
        QCOMPARE(got, texts);
        QCOMPARE(t->segments.at(1).target.start, secondStart);
        if (QTest::currentDataTag() == QByteArray("markup"))
            QVERIFY(t->segments.at(0).text->styles.first().bold);
    }

    void subtitleStylingAndOffset()
    {
        const QString id = ok(
            u"/add_subtitle"_s,
            json(R"({"srt":"1\n00:00:00,000 --> 00:00:01,000\nA","time_offset":2.5,)"
                 R"("track_name":"subtitle_2","font_color":"00FF00","font_size":7,"bold":true,)"
                 R"("italic":1,"alpha":0.5,"border_width":20,"background_alpha":0.4,)"
                 R"("background_style":1,"transform_x":0.1,"transform_y":-0.6,"scale_x":1.5,)"
                 R"("scale_y":0.5,"rotation":30,"width":1920,"height":1080})"));
        QVERIFY(!id.isEmpty());
        const Core::Segment s = onlyText(load(id), u"subtitle_2"_s);
        QVERIFY(s.text);
        QCOMPARE(s.target, (Core::TimeRange{2'500'000, 1'000'000}));
        QCOMPARE(s.text->extra.value(u"fixed_width"_s).toInt(), 1344); // landscape
        const Core::TextStyle &run = s.text->styles.first();
        QCOMPARE(run.color, QColor(Qt::green));
        QCOMPARE(run.size, 7.0);
        QVERIFY(run.bold && run.italic && !run.underline);
        QCOMPARE(run.strokeWidth, 0.04);
        QCOMPARE(s.text->alpha, 0.5);
        QCOMPARE(s.text->background->style, 1);
        QCOMPARE(
            s.transform,
            (Core::Transform{.x = 0.1, .y = -0.6, .scaleX = 1.5, .scaleY = 0.5, .rotation = 30}));
    }

    void subtitleFromAllowedFile()
    {
        const QString path = QDir(allowedFolder()).filePath(u"cues.srt"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\xEF\xBB\xBF"
                   "1\r\n00:00:00,000 --> 00:00:01,000\r\n\xE5\xAD\x97\xE5\xB9\x95\r\n");
        file.close();
        const QString id = ok(u"/add_subtitle"_s, {{u"srt"_s, path}});
        QVERIFY(!id.isEmpty());
        QCOMPARE(onlyText(load(id), u"subtitle"_s).text->text, u"字幕"_s);
        // Outside the allowed folders (even via ..) it is refused, and nothing is created.
        const QString outside = allowedFolder() + u"/../cues.srt"_s;
        QVERIFY(QFile::copy(path, m_dir.filePath(u"cues.srt"_s)));
        const QString refused = errorOf(u"/add_subtitle"_s, {{u"srt"_s, outside}});
        QVERIFY2(refused.startsWith(SubtitlePrefix + u"Failed to read local subtitle file: "_s),
                 qPrintable(refused));
        QCOMPARE(m_store->count(), 1);
    }

    void subtitleOverlapsTheTrackAtomically()
    {
        const QString id
            = ok(u"/add_subtitle"_s, {{u"srt"_s, u"1\n00:00:02,000 --> 00:00:03,000\nA"_s}});
        QVERIFY(!id.isEmpty());
        const QJsonObject answer
            = post(u"/add_subtitle"_s, {{u"draft_id"_s, id},
                                        {u"srt"_s, u"1\n00:00:00,000 --> 00:00:01,000\nB\n\n"
                                                   "2\n00:00:02,500 --> 00:00:04,000\nC"_s}});
        QCOMPARE(
            answer.value(u"error"_s).toString(),
            SubtitlePrefix
                + u"New segment overlaps with existing segment [start: 2500000, end: 4000000]."_s);
        QCOMPARE(track(load(id), u"subtitle"_s)->segments.size(), 1); // B was not added either
        // Around it is fine, on the same track.
        QVERIFY(!ok(u"/add_subtitle"_s, {{u"draft_id"_s, id},
                                         {u"srt"_s, u"1\n00:00:00,000 --> 00:00:01,000\nB\n\n"
                                                    "2\n00:00:03,000 --> 00:00:04,000\nC"_s}})
                     .isEmpty());
        QCOMPARE(track(load(id), u"subtitle"_s)->segments.size(), 3);
    }
};

QTEST_GUILESS_MAIN(tst_CompatText)
#include "tst_compattext.moc"
