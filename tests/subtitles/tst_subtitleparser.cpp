#include "core/draft/subtitles/subtitleparser.h"

#include <QElapsedTimer>
#include <QFile>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

#include <utility>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

// "start+length:b,i,u,#rrggbb" for one style range.
QString describe(const SubtitleStyleRange &range)
{
    QStringList flags;
    if (range.bold)
        flags << u"b"_s;
    if (range.italic)
        flags << u"i"_s;
    if (range.underline)
        flags << u"u"_s;
    if (range.color)
        flags << range.color->name();
    return u"%1+%2:%3"_s.arg(range.start).arg(range.length).arg(flags.join(u','));
}

// "startUs-endUs|text|range;range|styleName" for one cue, so tables stay readable.
QString describe(const SubtitleCue &cue)
{
    QStringList ranges;
    for (const SubtitleStyleRange &range : cue.styles)
        ranges << describe(range);
    return u"%1-%2|%3|%4|%5"_s.arg(cue.startUs)
        .arg(cue.endUs)
        .arg(cue.text, ranges.join(u';'), cue.styleName);
}

QStringList describe(const QList<SubtitleCue> &cues)
{
    QStringList out;
    for (const SubtitleCue &cue : cues)
        out << describe(cue);
    return out;
}

QByteArray utf8(const QString &text)
{
    return text.toUtf8();
}

const QString kAssEvents = u"[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, "
                           u"MarginV, Effect, Text\n"_s;

QString assDialogue(const QString &start, const QString &end, const QString &text,
                    const QString &style = u"Default"_s)
{
    return u"Dialogue: 0,%1,%2,%3,,0,0,0,,%4\n"_s.arg(start, end, style, text);
}

} // namespace

class tst_SubtitleParser : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void encodingsAndLineEndings_data();
    void encodingsAndLineEndings();
    void errors_data();
    void errors();
    void detect_data();
    void detect();
    void cueTextLimit_data();
    void cueTextLimit();
    void cueCountLimit_data();
    void cueCountLimit();
    void loadFile();
    void loadFileErrors();
    void hostileInputsFinish();
};

void tst_SubtitleParser::parse_data()
{
    QTest::addColumn<SubtitleFormat>("format");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("cues");

    const auto srt = [](const char *name, const QString &input, const QStringList &cues) {
        QTest::newRow(name) << SubtitleFormat::Srt << utf8(input) << cues;
    };
    srt("srt basic",
        u"1\n00:00:01,000 --> 00:00:04,500\nHello world\n\n2\n00:00:05,000 --> 00:00:06,000\n"
        u"Second\n"_s,
        {u"1000000-4500000|Hello world||"_s, u"5000000-6000000|Second||"_s});
    srt("srt dot and hours", u"1\n01:02:03.004 --> 01:02:04.000\nX\n"_s,
        {u"3723004000-3724000000|X||"_s});
    srt("srt short fractions", u"1\n00:00:01,5 --> 00:00:02,25\nX\n"_s, {u"1500000-2250000|X||"_s});
    srt("srt microsecond fractions",
        u"1\n00:00:01,000001 --> 00:00:01,1234569\nX\n\n2\n99:59:59,999 --> 100:00:00,000\nY\n"_s,
        {u"1000001-1123456|X||"_s, u"359999999000-360000000000|Y||"_s});
    srt("srt no fraction", u"1\n00:00:01 --> 00:00:02\nX\n"_s, {u"1000000-2000000|X||"_s});
    srt("srt multi-line", u"1\n00:00:01,000 --> 00:00:02,000\nLine one\nLine two\n"_s,
        {u"1000000-2000000|Line one\nLine two||"_s});
    srt("srt missing index",
        u"00:00:01,000 --> 00:00:02,000\nA\n\n00:00:03,000 --> 00:00:04,000\nB\n"_s,
        {u"1000000-2000000|A||"_s, u"3000000-4000000|B||"_s});
    srt("srt garbled index",
        u"1a\n00:00:01,000 --> 00:00:02,000\nA\n\n#2\n00:00:03,000 --> 00:00:04,000\nB\n"_s,
        {u"1000000-2000000|A||"_s, u"3000000-4000000|B||"_s});
    srt("srt no blank between cues",
        u"1\n00:00:01,000 --> 00:00:02,000\nA\n2\n00:00:03,000 --> 00:00:04,000\nB"_s,
        {u"1000000-2000000|A||"_s, u"3000000-4000000|B||"_s});
    srt("srt extra blank lines",
        u"\n\n1\n00:00:01,000 --> 00:00:02,000\nA\n\n\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n\n"_s,
        {u"1000000-2000000|A||"_s, u"3000000-4000000|B||"_s});
    srt("srt position coordinates",
        u"1\n00:00:01,000 --> 00:00:02,000 X1:40 X2:600 Y1:20 Y2:50\nA\n"_s,
        {u"1000000-2000000|A||"_s});
    srt("srt arrow in text", u"1\n00:00:01,000 --> 00:00:02,000\nA --> B\n"_s,
        {u"1000000-2000000|A --> B||"_s});
    srt("srt b i u", u"1\n00:00:01,000 --> 00:00:02,000\n<b>Bold</b> <i>it</i> <u>un</u>\n"_s,
        {u"1000000-2000000|Bold it un|0+4:b;5+2:i;8+2:u|"_s});
    srt("srt font nested",
        u"1\n00:00:01,000 --> 00:00:02,000\n<font color=\"#ff0000\">Red <b>bold</b></font> plain\n"_s,
        {u"1000000-2000000|Red bold plain|0+4:#ff0000;4+4:b,#ff0000|"_s});
    srt("srt tags across lines", u"1\n00:00:01,000 --> 00:00:02,000\n<i>one\ntwo</i>\n"_s,
        {u"1000000-2000000|one\ntwo|0+7:i|"_s});
    srt("srt unknown tags stay", u"1\n00:00:01,000 --> 00:00:02,000\na < b <Laughs> <3\n"_s,
        {u"1000000-2000000|a < b <Laughs> <3||"_s});
    srt("srt ass override dropped", u"1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Top\n"_s,
        {u"1000000-2000000|Top||"_s});
    srt("srt uppercase tags",
        u"1\n00:00:01,000 --> 00:00:02,000\n<B>x</B><FONT COLOR='blue'>y</FONT>\n"_s,
        {u"1000000-2000000|xy|0+1:b;1+1:#0000ff|"_s});
    srt("srt empty cues skipped",
        u"1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\n<i></i>\n\n"
        u"3\n00:00:05,000 --> 00:00:06,000\nC\n"_s,
        {u"5000000-6000000|C||"_s});
    srt("srt sorted, overlaps kept",
        u"1\n00:00:05,000 --> 00:00:06,000\nlate\n\n2\n00:00:01,000 --> 00:00:03,000\nfirst\n\n"
        u"3\n00:00:01,000 --> 00:00:02,000\nsame start\n\n4\n00:00:02,000 --> 00:00:04,000\n"
        u"overlap\n"_s,
        {u"1000000-3000000|first||"_s, u"1000000-2000000|same start||"_s,
         u"2000000-4000000|overlap||"_s, u"5000000-6000000|late||"_s});
    QTest::newRow("srt invalid utf-8") << SubtitleFormat::Srt
                                       << "1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9"
                                          "\n"_ba
                                       << QStringList{u"1000000-2000000|caf\uFFFD||"_s};
    srt("srt mixed line endings",
        u"1\r\n00:00:01,000 --> 00:00:02,000\rA\n\r\n2\r00:00:03,000 --> 00:00:04,000\r\nB"_s,
        {u"1000000-2000000|A||"_s, u"3000000-4000000|B||"_s});

    const auto vtt = [](const char *name, const QString &input, const QStringList &cues) {
        QTest::newRow(name) << SubtitleFormat::WebVtt << utf8(input) << cues;
    };
    vtt("vtt basic", u"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello\n"_s,
        {u"1000000-4000000|Hello||"_s});
    vtt("vtt header, short times, settings",
        u"WEBVTT - Title\nKind: captions\nLanguage: en\n\n1\n00:01.000 --> 00:02.500 align:start "
        u"line:0\nA\n"_s,
        {u"1000000-2500000|A||"_s});
    vtt("vtt identifiers",
        u"WEBVTT\n\nintro\n00:00:01.000 --> 00:00:02.000\nA\n\n2\n01:00:00.000 --> "
        u"01:00:01.001\nB"_s,
        {u"1000000-2000000|A||"_s, u"3600000000-3601001000|B||"_s});
    vtt("vtt note style region skipped",
        u"WEBVTT\n\nNOTE a comment\nwith two lines\n\nSTYLE\n::cue { color: red }\n\nREGION\n"
        u"id:r1\n\n00:00:01.000 --> 00:00:02.000\nA\n\nNOTE the end\n"_s,
        {u"1000000-2000000|A||"_s});
    vtt("vtt b i u", u"WEBVTT\n\n00:01.000 --> 00:02.000\n<b>B</b><i>I</i><u>U</u>\n"_s,
        {u"1000000-2000000|BIU|0+1:b;1+1:i;2+1:u|"_s});
    vtt("vtt voice", u"WEBVTT\n\n00:01.000 --> 00:02.000\n<v Roger Bingham>We are here</v>\n"_s,
        {u"1000000-2000000|We are here||"_s});
    vtt("vtt voice with class", u"WEBVTT\n\n00:01.000 --> 00:02.000\n<v.loud Mary>Hi\n"_s,
        {u"1000000-2000000|Hi||"_s});
    vtt("vtt class", u"WEBVTT\n\n00:01.000 --> 00:02.000\n<c.yellow.bg_blue>Yellow</c> text\n"_s,
        {u"1000000-2000000|Yellow text||yellow"_s});
    vtt("vtt entities",
        u"WEBVTT\n\n00:01.000 --> 00:02.000\na &amp; b &lt;c&gt;&nbsp;d &unknown; &#65;&#x42; "
        u"&\n"_s,
        {u"1000000-2000000|a & b <c>\u00A0d &unknown; AB &||"_s});
    vtt("vtt timestamps and ruby",
        u"WEBVTT\n\n00:01.000 --> 00:02.000\n<00:00:01.500>karaoke <ruby>漢<rt>kan</rt></ruby>\n"_s,
        {u"1000000-2000000|karaoke 漢kan||"_s});
    vtt("vtt next cue without blank",
        u"WEBVTT\n\n00:01.000 --> 00:02.000\nL1\nL2\n00:03.000 --> 00:04.000\nL3"_s,
        {u"1000000-2000000|L1\nL2||"_s, u"3000000-4000000|L3||"_s});
    vtt("vtt cue right after header", u"WEBVTT\n00:00:01.000 --> 00:00:02.000\nA"_s,
        {u"1000000-2000000|A||"_s});
    vtt("vtt nested styles", u"WEBVTT\n\n00:01.000 --> 00:02.000\n<b>a<i>b</i></b>c\n"_s,
        {u"1000000-2000000|abc|0+1:b;1+1:b,i|"_s});

    const auto ass = [](const char *name, const QString &input, const QStringList &cues) {
        QTest::newRow(name) << SubtitleFormat::Ass << utf8(input) << cues;
    };
    ass("ass basic, commas in text",
        u"[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\nFormat: Name, Fontname\n"
        u"Style: Default,Arial\n\n"_s
            + kAssEvents
            + assDialogue(u"0:00:01.00"_s, u"0:00:04.50"_s, u"Hello, world, with commas"_s),
        {u"1000000-4500000|Hello, world, with commas||Default"_s});
    ass("ass reordered format",
        u"[Events]\nFormat: Style, End, Start, Layer, Text\nDialogue: Sign,0:00:05.00,0:00:02.00,"
        u"0,Text, with comma\n"_s,
        {u"2000000-5000000|Text, with comma||Sign"_s});
    ass("ass b i u",
        kAssEvents
            + assDialogue(u"0:00:01.00"_s, u"0:00:02.00"_s,
                          u"{\\b1}Bold{\\b0} {\\i1}it{\\i0} {\\u1}un{\\u0}"_s),
        {u"1000000-2000000|Bold it un|0+4:b;5+2:i;8+2:u|Default"_s});
    ass("ass colours",
        kAssEvents
            + assDialogue(u"0:00:01.00"_s, u"0:00:02.00"_s,
                          u"{\\c&H0000FF&}Red{\\c} {\\1c&HFF0000&}Blue {\\c&H80FF00FF&}x"_s),
        {u"1000000-2000000|Red Blue x|0+3:#ff0000;4+5:#0000ff;9+1:#ff00ff|Default"_s});
    ass("ass other overrides dropped",
        kAssEvents
            + assDialogue(u"0:00:01.00"_s, u"0:00:02.00"_s,
                          u"{\\pos(10,20)\\fad(100,200)\\blur2\\bord1\\an8}Sign{\\t(\\b1)}x"_s),
        {u"1000000-2000000|Signx||Default"_s});
    ass("ass escapes",
        kAssEvents
            + assDialogue(u"0:00:01.00"_s, u"0:00:02.00"_s, u"One\\NTwo\\nThree\\hFour\\x"_s),
        {u"1000000-2000000|One\nTwo\nThree Four\\x||Default"_s});
    ass("ass comments skipped",
        kAssEvents + u"; a comment\nComment: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,hidden\n"_s
            + assDialogue(u"0:00:01.00"_s, u"0:00:02.00"_s, u"shown"_s),
        {u"1000000-2000000|shown||Default"_s});
    ass("ssa marked format",
        u"[Script Info]\nScriptType: v4.00\n\n[V4 Styles]\nFormat: Name\nStyle: Default\n\n"
        u"[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, "
        u"Text\nDialogue: Marked=0,0:00:01.00,0:00:02.00,*Default,NTP,0000,0000,0000,,SSA text\n"_s,
        {u"1000000-2000000|SSA text||*Default"_s});
    ass("ass default format", u"[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,Top,,0,0,0,,x\n"_s,
        {u"1000000-2000000|x||Top"_s});
    ass("ass reset",
        kAssEvents + assDialogue(u"0:00:01.00"_s, u"0:00:02.00"_s, u"{\\b1\\i1}A{\\r}B{\\b700}C"_s),
        {u"1000000-2000000|ABC|0+1:b,i;2+1:b|Default"_s});
    ass("ass unclosed brace",
        kAssEvents + assDialogue(u"0:00:01.00"_s, u"0:00:02.00"_s, u"a{b {c"_s),
        {u"1000000-2000000|a{b {c||Default"_s});
    ass("ass hours and sorting",
        kAssEvents + assDialogue(u"10:00:00.00"_s, u"10:00:00.01"_s, u"late"_s)
            + assDialogue(u"0:00:00.00"_s, u"0:00:00.10"_s, u"early"_s, u"Alt"_s),
        {u"0-100000|early||Alt"_s, u"36000000000-36000010000|late||Default"_s});
    ass("ass dialogue outside events ignored",
        u"[V4+ Styles]\nDialogue: 0,0:00:05.00,0:00:06.00,X,,0,0,0,,ignored\n"_s + kAssEvents
            + assDialogue(u"0:00:01.00"_s, u"0:00:02.00"_s, u"kept"_s),
        {u"1000000-2000000|kept||Default"_s});
}

void tst_SubtitleParser::parse()
{
    QFETCH(SubtitleFormat, format);
    QFETCH(QByteArray, input);
    QFETCH(QStringList, cues);
    const Result<QList<SubtitleCue>> parsed = parseSubtitles(input, format);
    QVERIFY2(parsed.hasValue(), qPrintable(parsed ? QString() : parsed.error().toString()));
    QCOMPARE(describe(*parsed), cues);
}

void tst_SubtitleParser::encodingsAndLineEndings_data()
{
    QTest::addColumn<SubtitleFormat>("format");
    QTest::addColumn<QByteArray>("input");

    const QList<std::pair<SubtitleFormat, QString>> samples{
        {SubtitleFormat::Srt,
         u"1\n00:00:01,000 --> 00:00:02,000\n你好 <i>café</i>\nÆ\n\n2\n00:00:03,000 --> "
         u"00:00:04,000\n😀 emoji\n"_s},
        {SubtitleFormat::WebVtt,
         u"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n你好 <i>café</i>\nÆ\n\n00:00:03.000 --> "
         u"00:00:04.000\n😀 emoji\n"_s},
        {SubtitleFormat::Ass,
         kAssEvents + assDialogue(u"0:00:01.00"_s, u"0:00:02.00"_s, u"你好 {\\i1}café{\\i0}\\NÆ"_s)
             + assDialogue(u"0:00:03.00"_s, u"0:00:04.00"_s, u"😀 emoji"_s)},
    };
    const QList<std::pair<const char *, QString>> endings{
        {"LF", u"\n"_s}, {"CRLF", u"\r\n"_s}, {"CR", u"\r"_s}};
    struct Encoding
    {
        const char *name;
        QStringEncoder::Encoding encoding;
        QByteArray bom;
    };
    const QList<Encoding> encodings{
        {"utf-8", QStringEncoder::Utf8, {}},
        {"utf-8 bom", QStringEncoder::Utf8, "\xEF\xBB\xBF"_ba},
        {"utf-16le bom", QStringEncoder::Utf16LE, "\xFF\xFE"_ba},
        {"utf-16be bom", QStringEncoder::Utf16BE, "\xFE\xFF"_ba},
        {"utf-16le", QStringEncoder::Utf16LE, {}},
        {"utf-16be", QStringEncoder::Utf16BE, {}},
        {"utf-32le bom", QStringEncoder::Utf32LE, "\xFF\xFE\0\0"_ba},
    };
    for (const auto &[format, sample] : samples) {
        for (const auto &[endingName, ending] : endings) {
            QString text = sample;
            text.replace(u'\n', ending);
            for (const Encoding &encoding : encodings) {
                QStringEncoder encoder(encoding.encoding);
                const QByteArray bytes = encoding.bom + QByteArray(encoder.encode(text));
                QTest::addRow("%d %s %s", int(format), endingName, encoding.name)
                    << format << bytes;
            }
        }
    }
}

void tst_SubtitleParser::encodingsAndLineEndings()
{
    QFETCH(SubtitleFormat, format);
    QFETCH(QByteArray, input);
    const Result<QList<SubtitleCue>> parsed = parseSubtitles(input, format);
    QVERIFY2(parsed.hasValue(), qPrintable(parsed ? QString() : parsed.error().toString()));
    QCOMPARE(describe(*parsed),
             (QStringList{u"1000000-2000000|你好 café\nÆ|3+4:i|"_s
                              + (format == SubtitleFormat::Ass ? u"Default"_s : QString()),
                          u"3000000-4000000|😀 emoji||"_s
                              + (format == SubtitleFormat::Ass ? u"Default"_s : QString())}));
}

void tst_SubtitleParser::errors_data()
{
    QTest::addColumn<SubtitleFormat>("format");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line"); // -1: no line detail

    const auto row = [](const char *name, SubtitleFormat format, const QString &input,
                        const QString &message, int line) {
        QTest::newRow(name) << format << utf8(input) << ErrorCode::InvalidArgument << message
                            << line;
    };
    const SubtitleFormat srt = SubtitleFormat::Srt;
    row("srt end before start", srt, u"1\n00:00:02,000 --> 00:00:01,000\nA\n"_s,
        u"line 2: end 00:00:01,000 is before start 00:00:02,000"_s, 2);
    row("srt end equals start", srt,
        u"1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:02,000 --> 00:00:02,000\nB\n"_s,
        u"line 6: end 00:00:02,000 equals start 00:00:02,000"_s, 6);
    row("srt error after three cues", srt,
        u"1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n\n"
        u"3\n00:00:05,000 --> 00:00:06,000\nC\n\n4\n00:00:02,000 --> 00:00:01,000\nD\n"_s,
        u"line 14: end 00:00:01,000 is before start 00:00:02,000"_s, 14);
    row("srt minutes 60", srt, u"1\n00:60:00,000 --> 00:61:00,000\nA\n"_s,
        u"line 2: start 00:60:00,000 has minutes 60, allowed 0..59"_s, 2);
    row("srt seconds 61", srt, u"1\n00:00:01,000 --> 00:00:61,000\nA\n"_s,
        u"line 2: end 00:00:61,000 has seconds 61, allowed 0..59"_s, 2);
    row("srt negative", srt, u"1\n-00:00:01,000 --> 00:00:02,000\nA\n"_s,
        u"line 2: start -00:00:01,000 is negative"_s, 2);
    row("srt garbled time", srt, u"1\n00:00:01,000 --> 00:0x:02,000\nA\n"_s,
        u"line 2: end '00:0x:02,000' is not a timestamp (expected HH:MM:SS,mmm)"_s, 2);
    row("srt garbled end", srt, u"1\n00:00:01,000 --> soon\nA\n"_s,
        u"line 2: end 'soon' is not a timestamp (expected HH:MM:SS,mmm)"_s, 2);
    row("srt missing end", srt, u"1\n00:00:01,000 -->\nA\n"_s,
        u"line 2: end '' is not a timestamp (expected HH:MM:SS,mmm)"_s, 2);
    row("srt too many fields", srt, u"1\n1:00:00:01,000 --> 00:00:02,000\nA\n"_s,
        u"line 2: start '1:00:00:01,000' is not a timestamp (expected HH:MM:SS,mmm)"_s, 2);
    row("srt too many fraction digits", srt, u"1\n00:00:01,0000000000 --> 00:00:02,000\nA\n"_s,
        u"line 2: start '00:00:01,0000000000' is not a timestamp (expected HH:MM:SS,mmm)"_s, 2);
    row("srt no cue", srt, u"just text\nno timing\n"_s, u"no subtitle cues found"_s, -1);
    row("srt empty", srt, QString(), u"no subtitle cues found"_s, -1);
    row("srt only empty cues", srt, u"1\n00:00:01,000 --> 00:00:02,000\n\n"_s,
        u"no subtitle cues found"_s, -1);

    const SubtitleFormat vtt = SubtitleFormat::WebVtt;
    row("vtt missing header", vtt, u"00:00:01.000 --> 00:00:02.000\nA\n"_s,
        u"line 1: a WebVTT file must start with \"WEBVTT\""_s, 1);
    row("vtt wrong header", vtt, u"WEBVTTX\n\n00:00:01.000 --> 00:00:02.000\nA\n"_s,
        u"line 1: a WebVTT file must start with \"WEBVTT\""_s, 1);
    row("vtt end before start", vtt, u"WEBVTT\n\nid\n00:00:05.000 --> 00:00:04.000\nA\n"_s,
        u"line 4: end 00:00:04.000 is before start 00:00:05.000"_s, 4);
    row("vtt seconds 75", vtt, u"WEBVTT\n\n00:75.000 --> 00:80.000\nA\n"_s,
        u"line 3: start 00:75.000 has seconds 75, allowed 0..59"_s, 3);
    row("vtt garbled", vtt, u"WEBVTT\n\n00:01.000 --> soon\nA\n"_s,
        u"line 3: end 'soon' is not a timestamp (expected HH:MM:SS.mmm or MM:SS.mmm)"_s, 3);
    row("vtt header only", vtt, u"WEBVTT\n"_s, u"no subtitle cues found"_s, -1);
    row("vtt notes only", vtt, u"WEBVTT\n\nNOTE nothing here\n"_s, u"no subtitle cues found"_s, -1);

    const SubtitleFormat ass = SubtitleFormat::Ass;
    const QString dialogue = u"Dialogue: 0,%1,%2,Default,,0,0,0,,X\n"_s;
    row("ass end before start", ass, kAssEvents + dialogue.arg(u"0:00:03.00"_s, u"0:00:02.00"_s),
        u"line 3: end 0:00:02.00 is before start 0:00:03.00"_s, 3);
    row("ass minutes 60", ass, kAssEvents + dialogue.arg(u"0:60:00.00"_s, u"1:00:02.00"_s),
        u"line 3: start 0:60:00.00 has minutes 60, allowed 0..59"_s, 3);
    row("ass negative", ass, kAssEvents + dialogue.arg(u"-0:00:01.00"_s, u"0:00:02.00"_s),
        u"line 3: start -0:00:01.00 is negative"_s, 3);
    row("ass garbled", ass, kAssEvents + dialogue.arg(u"a:bc"_s, u"0:00:02.00"_s),
        u"line 3: start 'a:bc' is not a timestamp (expected H:MM:SS.cc)"_s, 3);
    row("ass too few fields", ass, kAssEvents + u"Dialogue: 0,0:00:01.00,0:00:02.00\n"_s,
        u"line 3: Dialogue has 3 fields, the Format line names 10"_s, 3);
    row("ass text not last", ass, u"[Events]\nFormat: Start, End, Text, Style\n"_s,
        u"line 2: the Format line must end with the Text field"_s, 2);
    row("ass no end field", ass, u"[Events]\nFormat: Start, Text\n"_s,
        u"line 2: the Format line names no Start or no End field"_s, 2);
    row("ass no events", ass, u"[Script Info]\nTitle: x\n"_s, u"no subtitle cues found"_s, -1);
}

void tst_SubtitleParser::errors()
{
    QFETCH(SubtitleFormat, format);
    QFETCH(QByteArray, input);
    QFETCH(ErrorCode, code);
    QFETCH(QString, message);
    QFETCH(int, line);
    const Result<QList<SubtitleCue>> parsed = parseSubtitles(input, format);
    QVERIFY(!parsed.hasValue());
    QCOMPARE(parsed.error().code(), code);
    QCOMPARE(parsed.error().message(), message);
    if (line < 0)
        QVERIFY(!parsed.error().details().contains(u"line"_s));
    else
        QCOMPARE(parsed.error().details().value(u"line"_s).toInt(), line);
}

void tst_SubtitleParser::detect_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("expected"); // a SubtitleFormat, or -1 for UnsupportedMediaType

    const QByteArray srt = "1\n00:00:01,000 --> 00:00:02,000\nA\n"_ba;
    const QByteArray vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n"_ba;
    const QByteArray ass = "[Script Info]\nTitle: x\n"_ba;
    QTest::newRow("srt by extension") << u"a.srt"_s << srt << int(SubtitleFormat::Srt);
    QTest::newRow("vtt by extension") << u"a.vtt"_s << "hello"_ba << int(SubtitleFormat::WebVtt);
    QTest::newRow("ass by extension") << u"a.ass"_s << "hello"_ba << int(SubtitleFormat::Ass);
    QTest::newRow("ssa upper case") << u"/x/A.SSA"_s << "hello"_ba << int(SubtitleFormat::Ass);
    QTest::newRow("vtt content wins") << u"a.srt"_s << vtt << int(SubtitleFormat::WebVtt);
    QTest::newRow("vtt content, txt") << u"a.txt"_s << vtt << int(SubtitleFormat::WebVtt);
    QTest::newRow("vtt content with bom")
        << u"a.txt"_s << "\xEF\xBB\xBF"_ba + vtt << int(SubtitleFormat::WebVtt);
    QTest::newRow("vtt title") << u""_s << "WEBVTT - Title\n"_ba << int(SubtitleFormat::WebVtt);
    QTest::newRow("script info content") << u"a.srt"_s << ass << int(SubtitleFormat::Ass);
    QTest::newRow("styles content")
        << u"a.txt"_s << "[V4+ Styles]\nFormat: Name\n"_ba << int(SubtitleFormat::Ass);
    QStringEncoder utf16(QStringEncoder::Utf16LE);
    QTest::newRow("events content utf-16")
        << u"a.txt"_s << "\xFF\xFE"_ba + QByteArray(utf16.encode(u"\n[events]\n"_s))
        << int(SubtitleFormat::Ass);
    QTest::newRow("srt by timing line") << u"noext"_s << srt << int(SubtitleFormat::Srt);
    QTest::newRow("webvttish is not vtt")
        << u"a.srt"_s << "WEBVTTX\n"_ba << int(SubtitleFormat::Srt);
    QTest::newRow("unknown") << u"a.txt"_s << "hello"_ba << -1;
    QTest::newRow("empty") << QString() << QByteArray() << -1;
}

void tst_SubtitleParser::detect()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, data);
    QFETCH(int, expected);
    const Result<SubtitleFormat> format = detectSubtitleFormat(fileName, data);
    if (expected < 0) {
        QVERIFY(!format.hasValue());
        QCOMPARE(format.error().code(), ErrorCode::UnsupportedMediaType);
        QVERIFY(format.error().message().contains(u'\'' + fileName + u'\''));
    } else {
        QVERIFY(format.hasValue());
        QCOMPARE(int(*format), expected);
    }
}

void tst_SubtitleParser::cueTextLimit_data()
{
    QTest::addColumn<SubtitleFormat>("format");
    QTest::addColumn<QString>("before"); // the text goes between before and after
    QTest::addColumn<QString>("after");
    QTest::addColumn<int>("line");
    QTest::newRow("srt") << SubtitleFormat::Srt << u"1\n00:00:01,000 --> 00:00:02,000\n<b>"_s
                         << u"</b>\n"_s << 2;
    QTest::newRow("vtt") << SubtitleFormat::WebVtt
                         << u"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Someone>"_s << u"\n"_s
                         << 3;
    QTest::newRow("ass") << SubtitleFormat::Ass
                         << kAssEvents + u"Dialogue: 0,0:00:01.00,0:00:02.00,,,0,0,0,,{\\b1}"_s
                         << u"\n"_s << 3;
}

void tst_SubtitleParser::cueTextLimit()
{
    QFETCH(SubtitleFormat, format);
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(int, line);

    // Markup does not count: exactly the limit of plain characters passes.
    const QString atLimit = QString(kMaxSubtitleCueChars, u'x');
    const Result<QList<SubtitleCue>> ok = parseSubtitles(utf8(before + atLimit + after), format);
    QVERIFY2(ok.hasValue(), qPrintable(ok ? QString() : ok.error().toString()));
    QCOMPARE(ok->first().text.size(), kMaxSubtitleCueChars);

    const Result<QList<SubtitleCue>> tooLong
        = parseSubtitles(utf8(before + atLimit + u'x' + after), format);
    QVERIFY(!tooLong.hasValue());
    QCOMPARE(tooLong.error().code(), ErrorCode::OutOfRange);
    QCOMPARE(tooLong.error().message(),
             u"line %1: cue text has 10001 characters, the limit is 10000"_s.arg(line));
    QCOMPARE(tooLong.error().details().value(u"line"_s).toInt(), line);
}

void tst_SubtitleParser::cueCountLimit_data()
{
    QTest::addColumn<SubtitleFormat>("format");
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("cue"); // %1: zero-based cue number
    QTest::addColumn<int>("linesPerCue");
    QTest::addColumn<int>("timingLineInCue"); // one-based line of the timing in the first cue
    QTest::newRow("srt") << SubtitleFormat::Srt << QString()
                         << u"%1\n00:00:01,000 --> 00:00:02,000\nx\n\n"_s << 4 << 2;
    QTest::newRow("vtt") << SubtitleFormat::WebVtt << u"WEBVTT\n\n"_s
                         << u"00:01.000 --> 00:02.000\nx\n\n"_s << 3 << 3;
    QTest::newRow("ass") << SubtitleFormat::Ass << kAssEvents
                         << u"Dialogue: 0,0:00:01.00,0:00:02.00,,,0,0,0,,x\n"_s << 1 << 3;
}

void tst_SubtitleParser::cueCountLimit()
{
    QFETCH(SubtitleFormat, format);
    QFETCH(QString, header);
    QFETCH(QString, cue);
    QFETCH(int, linesPerCue);
    QFETCH(int, timingLineInCue);

    QString text = header;
    for (qsizetype i = 0; i < kMaxSubtitleCues; ++i)
        text += cue.contains(u"%1"_s) ? cue.arg(i + 1) : cue;
    const Result<QList<SubtitleCue>> ok = parseSubtitles(utf8(text), format);
    QVERIFY2(ok.hasValue(), qPrintable(ok ? QString() : ok.error().toString()));
    QCOMPARE(ok->size(), kMaxSubtitleCues);

    text += cue.contains(u"%1"_s) ? cue.arg(kMaxSubtitleCues + 1) : cue;
    const Result<QList<SubtitleCue>> tooMany = parseSubtitles(utf8(text), format);
    QVERIFY(!tooMany.hasValue());
    QCOMPARE(tooMany.error().code(), ErrorCode::OutOfRange);
    const int line = int(kMaxSubtitleCues) * linesPerCue + timingLineInCue;
    QCOMPARE(tooMany.error().message(),
             u"line %1: more than 100000 cues, the limit is 100000"_s.arg(line));
    QCOMPARE(tooMany.error().details().value(u"max"_s).toLongLong(), kMaxSubtitleCues);
}

void tst_SubtitleParser::loadFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto write = [&dir](const QString &name, const QByteArray &data) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
            return QString();
        return file.fileName();
    };

    const QString srt
        = write(u"movie.srt"_s, "\xEF\xBB\xBF"
                                "1\r\n00:00:01,000 --> 00:00:02,000\r\n<i>Hi</i>\r\n\r\n"
                                "2\r\n00:00:03,000 --> 00:00:04,000\r\nBye\r\n"_ba);
    QVERIFY(!srt.isEmpty());
    const Result<QList<SubtitleCue>> fromSrt = loadSubtitleFile(srt);
    QVERIFY2(fromSrt.hasValue(), qPrintable(fromSrt ? QString() : fromSrt.error().toString()));
    QCOMPARE(describe(*fromSrt),
             (QStringList{u"1000000-2000000|Hi|0+2:i|"_s, u"3000000-4000000|Bye||"_s}));

    // The extension decides for content without markers; the content decides for a .txt.
    const QString assFile
        = write(u"show.ssa"_s, "[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,Sign,,0,0,0,,x\n"_ba);
    const Result<QList<SubtitleCue>> fromAss = loadSubtitleFile(assFile);
    QVERIFY(fromAss.hasValue());
    QCOMPARE(fromAss->first().styleName, u"Sign"_s);

    QStringEncoder utf16(QStringEncoder::Utf16BE);
    const QString vttFile = write(
        u"captions.txt"_s,
        "\xFE\xFF"_ba + QByteArray(utf16.encode(u"WEBVTT\n\n00:01.000 --> 00:02.000\nV\n"_s)));
    const Result<QList<SubtitleCue>> fromVtt = loadSubtitleFile(vttFile);
    QVERIFY(fromVtt.hasValue());
    QCOMPARE(describe(*fromVtt), QStringList{u"1000000-2000000|V||"_s});
}

void tst_SubtitleParser::loadFileErrors()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    const QString missing = dir.filePath(u"missing.srt"_s);
    const Result<QList<SubtitleCue>> notThere = loadSubtitleFile(missing);
    QVERIFY(!notThere.hasValue());
    QCOMPARE(notThere.error().code(), ErrorCode::IoError);
    QVERIFY(notThere.error().message().contains(missing));
    QCOMPARE(notThere.error().details().value(u"path"_s).toString(), missing);

    const Result<QList<SubtitleCue>> folder = loadSubtitleFile(dir.path());
    QVERIFY(!folder.hasValue());
    QCOMPARE(folder.error().code(), ErrorCode::IoError);
    QVERIFY(folder.error().message().contains(dir.path()));

    const QString big = dir.filePath(u"big.srt"_s);
    {
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(kMaxSubtitleFileBytes + 1));
    }
    const Result<QList<SubtitleCue>> tooLarge = loadSubtitleFile(big);
    QVERIFY(!tooLarge.hasValue());
    QCOMPARE(tooLarge.error().code(), ErrorCode::PayloadTooLarge);
    QVERIFY(tooLarge.error().message().contains(big));

    const QString bad = dir.filePath(u"bad.srt"_s);
    {
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("1\n00:00:02,000 --> 00:00:01,000\nA\n");
    }
    const Result<QList<SubtitleCue>> invalid = loadSubtitleFile(bad);
    QVERIFY(!invalid.hasValue());
    QCOMPARE(invalid.error().code(), ErrorCode::InvalidArgument);
    QCOMPARE(invalid.error().message(),
             bad + u": line 2: end 00:00:01,000 is before start 00:00:02,000"_s);
    QCOMPARE(invalid.error().details().value(u"line"_s).toInt(), 2);
    QCOMPARE(invalid.error().details().value(u"path"_s).toString(), bad);

    const QString unknown = dir.filePath(u"notes.txt"_s);
    {
        QFile file(unknown);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("just some notes\n");
    }
    const Result<QList<SubtitleCue>> undetected = loadSubtitleFile(unknown);
    QVERIFY(!undetected.hasValue());
    QCOMPARE(undetected.error().code(), ErrorCode::UnsupportedMediaType);
}

void tst_SubtitleParser::hostileInputsFinish()
{
    // Shapes that make naive parsers quadratic or read past the end; each must finish quickly.
    const QList<QByteArray> inputs{
        QByteArray(200'000, '<'),
        QByteArray(200'000, '{'),
        QByteArray(200'000, '&'),
        "1\n00:00:01,000 --> 00:00:02,000\n"_ba + QByteArray(200'000, '<'),
        "WEBVTT\n\n00:01.000 --> 00:02.000\n"_ba + QByteArray(200'000, '<'),
        "WEBVTT\n\n00:01.000 --> 00:02.000\n"_ba + QByteArray(200'000, '&'),
        kAssEvents.toUtf8() + "Dialogue: 0,0:00:01.00,0:00:02.00,,,0,0,0,,"_ba
            + QByteArray(200'000, '{'),
        kAssEvents.toUtf8() + "Dialogue: 0,0:00:01.00,0:00:02.00,,,0,0,0,,{"_ba
            + QByteArray(200'000, '\\') + '}',
        "[Events]\nFormat: "_ba + QByteArray(100'000, ',') + "Start,End,Text\nDialogue: x"_ba,
        QByteArray(100'000, '\n') + QByteArray(100'000, '\r'),
        "\xFF\xFE"_ba + QByteArray(3, 'x'),
        "\x00\x00\xFE\xFF"_ba,
    };
    QElapsedTimer timer;
    timer.start();
    for (const QByteArray &input : inputs) {
        for (SubtitleFormat format :
             {SubtitleFormat::Srt, SubtitleFormat::WebVtt, SubtitleFormat::Ass}) {
            const Result<QList<SubtitleCue>> parsed = parseSubtitles(input, format);
            if (parsed) {
                for (const SubtitleCue &cue : *parsed)
                    QVERIFY(cue.endUs > cue.startUs);
            } else {
                QVERIFY(!parsed.error().message().isEmpty());
            }
        }
        (void)detectSubtitleFormat(u"x"_s, input);
    }
    QVERIFY2(timer.elapsed() < 10'000, "hostile inputs must be parsed in linear time");
}

QTEST_GUILESS_MAIN(tst_SubtitleParser)
#include "tst_subtitleparser.moc"
