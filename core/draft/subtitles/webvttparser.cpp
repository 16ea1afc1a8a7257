// WebVTT (.vtt, https://www.w3.org/TR/webvtt1/): a "WEBVTT" header, then blocks separated by blank
// lines: NOTE, STYLE and REGION blocks (skipped) and cues of an optional identifier line, a timing
// line "[HH:]MM:SS.mmm --> [HH:]MM:SS.mmm [settings]" and text lines with inline tags.

#include "subtitleparser.h"
#include "subtitleparsers_p.h"

namespace CutPilot::Core::SubtitleParsers {

using namespace Qt::StringLiterals;

namespace {

// "WEBVTT", "WEBVTT - title", "NOTE comment": the keyword followed by nothing or a space/tab.
bool startsWithKeyword(QStringView line, QStringView keyword)
{
    return line.startsWith(keyword)
           && (line.size() == keyword.size() || line[keyword.size()] == u' '
               || line[keyword.size()] == u'\t');
}

bool isTimingLine(QStringView line)
{
    return line.contains(u"-->");
}

// Decodes "&amp;" etc. at the start of text (which begins with '&'); returns the number of
// characters consumed, 0 when this is not an entity (the '&' then stays literal).
qsizetype appendEntity(QStringView text, StyledTextBuilder &out)
{
    constexpr qsizetype kMaxEntity = 12; // "&#x10FFFF;" is the longest we accept
    const qsizetype semicolon = text.first(qMin(text.size(), kMaxEntity)).indexOf(u';');
    if (semicolon < 2)
        return 0;
    const QStringView name = text.sliced(1, semicolon - 1);
    static constexpr struct
    {
        QStringView name;
        char16_t value;
    } kNamed[] = {{u"amp", u'&'},  {u"lt", u'<'},    {u"gt", u'>'},       {u"nbsp", u'\xA0'},
                  {u"quot", u'"'}, {u"apos", u'\''}, {u"lrm", u'\x200E'}, {u"rlm", u'\x200F'}};
    for (const auto &entity : kNamed) {
        if (name == entity.name) {
            out.append(QChar(entity.value));
            return semicolon + 1;
        }
    }
    if (!name.startsWith(u'#') || name.size() < 2)
        return 0;
    const bool hex = name[1] == u'x' || name[1] == u'X';
    bool ok = false;
    const uint code = name.sliced(hex ? 2 : 1).toUInt(&ok, hex ? 16 : 10);
    if (!ok || code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    out.append(QStringView(QChar::fromUcs4(char32_t(code))));
    return semicolon + 1;
}

// Handles the inside of "<...>": b/i/u change the style, c gives the first class, v (voice),
// lang, ruby, rt and timestamps are dropped with their text kept.
void handleTag(QStringView tag, StyledTextBuilder &out, QString *firstClass)
{
    const bool closing = tag.startsWith(u'/');
    if (closing)
        tag = tag.sliced(1);
    qsizetype nameEnd = 0;
    while (nameEnd < tag.size() && tag[nameEnd] != u'.' && !tag[nameEnd].isSpace())
        ++nameEnd;
    const QStringView name = tag.first(nameEnd);
    const auto step = [closing](int &depth) {
        depth = closing ? qMax(0, depth - 1) : depth + 1;
    };
    if (name == u"b") {
        step(out.bold);
    } else if (name == u"i") {
        step(out.italic);
    } else if (name == u"u") {
        step(out.underline);
    } else if (name == u"c" && !closing && firstClass->isEmpty() && nameEnd < tag.size()
               && tag[nameEnd] == u'.') {
        QStringView classes = tag.sliced(nameEnd + 1);
        qsizetype end = 0;
        while (end < classes.size() && classes[end] != u'.' && !classes[end].isSpace())
            ++end;
        *firstClass = classes.first(end).toString();
    }
}

void appendVttMarkup(QStringView raw, StyledTextBuilder &out, QString *firstClass)
{
    qsizetype i = 0;
    while (i < raw.size()) {
        const QChar ch = raw[i];
        if (ch == u'<') {
            // Stops at the next '<' too, so a run of unclosed '<' stays linear.
            qsizetype j = i + 1;
            while (j < raw.size() && raw[j] != u'>' && raw[j] != u'<' && raw[j] != u'\n')
                ++j;
            if (j < raw.size() && raw[j] == u'>') {
                handleTag(raw.sliced(i + 1, j - i - 1), out, firstClass);
                i = j + 1;
            } else {
                out.append(ch);
                ++i;
            }
            continue;
        }
        if (ch == u'&') {
            const qsizetype used = appendEntity(raw.sliced(i), out);
            if (used == 0)
                out.append(ch);
            i += qMax<qsizetype>(used, 1);
            continue;
        }
        qsizetype j = i + 1;
        while (j < raw.size() && raw[j] != u'<' && raw[j] != u'&')
            ++j;
        out.append(raw.sliced(i, j - i));
        i = j;
    }
}

} // namespace

Result<QList<SubtitleCue>> parseWebVtt(const QString &text)
{
    const QList<QStringView> lines = splitLines(text);
    const qsizetype count = lines.size();
    if (count == 0 || !startsWithKeyword(lines[0], u"WEBVTT"))
        return lineError(ErrorCode::InvalidArgument, 1,
                         u"a WebVTT file must start with \"WEBVTT\""_s,
                         {{u"field"_s, u"header"_s}});

    // The header block (WEBVTT line and metadata such as "Kind: captions") ends at a blank line.
    qsizetype i = 1;
    while (i < count && !isBlank(lines[i]) && !isTimingLine(lines[i]))
        ++i;

    CueCollector cues;
    while (i < count) {
        if (isBlank(lines[i])) {
            ++i;
            continue;
        }
        qsizetype timingAt = -1;
        if (isTimingLine(lines[i]))
            timingAt = i;
        else if (i + 1 < count && isTimingLine(lines[i + 1]))
            timingAt = i + 1; // lines[i] is the cue identifier
        const bool skipped = startsWithKeyword(lines[i], u"NOTE")
                             || startsWithKeyword(lines[i], u"STYLE")
                             || startsWithKeyword(lines[i], u"REGION");
        if (timingAt < 0 || (skipped && timingAt != i)) {
            // NOTE/STYLE/REGION blocks and blocks without a timing line are not cues.
            while (i < count && !isBlank(lines[i]))
                ++i;
            continue;
        }

        const int lineNumber = int(timingAt + 1);
        const QStringView timing = lines[timingAt];
        const qsizetype arrow = timing.indexOf(u"-->");
        const QStringView startText = timing.first(arrow).trimmed();
        QStringView endText = timing.sliced(arrow + 3).trimmed();
        for (qsizetype k = 0; k < endText.size(); ++k) {
            if (endText[k].isSpace()) {
                endText = endText.first(k); // cue settings ("align:start line:0") are ignored
                break;
            }
        }
        const Result<CueTimes> times
            = parseCueTimes(startText, endText, TimeSyntax::WebVtt, lineNumber);
        if (!times)
            return times.error();

        // Cue text runs to a blank line; a line with "-->" starts the next cue (the spec's rule).
        QString raw;
        i = timingAt + 1;
        for (; i < count && !isBlank(lines[i]) && !isTimingLine(lines[i]); ++i) {
            if (i > timingAt + 1)
                raw += u'\n';
            raw += lines[i];
        }
        StyledTextBuilder builder;
        QString styleName;
        appendVttMarkup(raw, builder, &styleName);
        SubtitleCue cue{times->startUs, times->endUs, builder.takeText(), builder.takeStyles(),
                        std::move(styleName)};
        if (Result<> added = cues.add(std::move(cue), lineNumber); !added)
            return added.error();
    }
    return cues.finish();
}

} // namespace CutPilot::Core::SubtitleParsers
