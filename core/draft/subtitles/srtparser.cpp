// SubRip (.srt): blocks of an index line, a timing line "HH:MM:SS,mmm --> HH:MM:SS,mmm" and text
// lines, separated by blank lines. Real files break every rule, so the parser anchors on timing
// lines only: indexes may be missing or garbled, blank lines may be missing or doubled.

#include "subtitleparser.h"
#include "subtitleparsers_p.h"

#include <vector>

namespace CutPilot::Core::SubtitleParsers {

using namespace Qt::StringLiterals;

namespace {

bool startsLikeTime(QStringView text)
{
    if (text.startsWith(u'-'))
        text = text.sliced(1);
    return !text.isEmpty() && text.front() >= u'0' && text.front() <= u'9';
}

// "00:00:01,000 --> 00:00:02,000 X1:..." is a timing line, and so is "00:00:01,000 --> soon" (an
// error is reported for it); "A --> B" in a lyric is text.
bool isTimingLine(QStringView line)
{
    const qsizetype arrow = line.indexOf(u"-->");
    return arrow >= 0 && startsLikeTime(line.first(arrow).trimmed());
}

bool isNumber(QStringView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar ch) {
        return ch >= u'0' && ch <= u'9';
    });
}

bool isAsciiLetter(QChar ch)
{
    return (ch >= u'a' && ch <= u'z') || (ch >= u'A' && ch <= u'Z');
}

// The value of color=... in the attributes of a <font> tag; empty when absent.
QStringView colorAttribute(QStringView attributes)
{
    const qsizetype at = attributes.indexOf(u"color", 0, Qt::CaseInsensitive);
    if (at < 0)
        return {};
    QStringView rest = attributes.sliced(at + 5).trimmed();
    if (!rest.startsWith(u'='))
        return {};
    rest = rest.sliced(1).trimmed();
    if (rest.startsWith(u'"') || rest.startsWith(u'\'')) {
        const qsizetype close = rest.indexOf(rest.front(), 1);
        return close < 0 ? rest.sliced(1) : rest.sliced(1, close - 1);
    }
    qsizetype end = 0;
    while (end < rest.size() && !rest[end].isSpace())
        ++end;
    return rest.first(end);
}

class SrtMarkup final
{
public:
    explicit SrtMarkup(StyledTextBuilder &out)
        : m_out(out)
    {
    }

    // Returns false for tags that are not SRT markup ("<3", "<Laughs>"): they stay text.
    bool handleTag(QStringView tag)
    {
        const bool closing = tag.startsWith(u'/');
        if (closing)
            tag = tag.sliced(1);
        qsizetype nameEnd = 0;
        while (nameEnd < tag.size() && isAsciiLetter(tag[nameEnd]))
            ++nameEnd;
        if (nameEnd == 0 || (nameEnd < tag.size() && !tag[nameEnd].isSpace()))
            return false;
        const QStringView name = tag.first(nameEnd);
        const auto is = [&name](QStringView known) {
            return name.compare(known, Qt::CaseInsensitive) == 0;
        };
        const auto step = [closing](int &depth) {
            depth = closing ? qMax(0, depth - 1) : depth + 1;
        };
        if (is(u"b")) {
            step(m_out.bold);
        } else if (is(u"i")) {
            step(m_out.italic);
        } else if (is(u"u")) {
            step(m_out.underline);
        } else if (is(u"s")) {
            // strikeout: not representable in a text segment; the tag is dropped
        } else if (is(u"font")) {
            if (closing) {
                if (!m_colors.empty())
                    m_colors.pop_back();
                m_out.color = m_colors.empty() ? std::nullopt : m_colors.back();
            } else {
                const QColor color = QColor::fromString(colorAttribute(tag.sliced(nameEnd)));
                m_colors.push_back(color.isValid() ? std::optional<QColor>(color) : m_out.color);
                m_out.color = m_colors.back();
            }
        } else {
            return false;
        }
        return true;
    }

private:
    StyledTextBuilder &m_out;
    std::vector<std::optional<QColor>> m_colors; // <font> nesting; nullopt = no colour
};

} // namespace

void appendSrtMarkup(QStringView raw, StyledTextBuilder &out)
{
    SrtMarkup markup(out);
    qsizetype i = 0;
    while (i < raw.size()) {
        const QChar ch = raw[i];
        if (ch == u'<' || (ch == u'{' && i + 1 < raw.size() && raw[i + 1] == u'\\')) {
            // A tag ends on its line and cannot contain its opener: the scan stops at the next
            // opener, so every character is looked at a bounded number of times.
            const QChar close = ch == u'<' ? u'>' : u'}';
            qsizetype j = i + 1;
            while (j < raw.size() && raw[j] != close && raw[j] != ch && raw[j] != u'\n')
                ++j;
            if (j < raw.size() && raw[j] == close) {
                // {\an8} and other ASS overrides some SRT writers emit are dropped.
                if (ch == u'{' || markup.handleTag(raw.sliced(i + 1, j - i - 1))) {
                    i = j + 1;
                    continue;
                }
            }
            out.append(ch);
            ++i;
            continue;
        }
        qsizetype j = i + 1;
        while (j < raw.size() && raw[j] != u'<' && raw[j] != u'{')
            ++j;
        out.append(raw.sliced(i, j - i));
        i = j;
    }
}

Result<QList<SubtitleCue>> parseSrt(const QString &text)
{
    const QList<QStringView> lines = splitLines(text);
    const qsizetype count = lines.size();
    CueCollector cues;
    qsizetype i = 0;
    while (i < count && !isTimingLine(lines[i]))
        ++i;
    while (i < count) {
        const int lineNumber = int(i + 1);
        const QStringView timing = lines[i];
        const qsizetype arrow = timing.indexOf(u"-->");
        const QStringView startText = timing.first(arrow).trimmed();
        QStringView endText = timing.sliced(arrow + 3).trimmed();
        for (qsizetype k = 0; k < endText.size(); ++k) {
            if (endText[k].isSpace()) {
                endText = endText.first(k); // position coordinates "X1:40 X2:600 ..." follow
                break;
            }
        }
        const Result<CueTimes> times
            = parseCueTimes(startText, endText, TimeSyntax::Srt, lineNumber);
        if (!times)
            return times.error();

        qsizetype next = i + 1;
        while (next < count && !isTimingLine(lines[next]))
            ++next;
        // The line before the next timing line is that cue's index when it is a number or when a
        // blank line precedes it (a garbled index such as "12a" or "#12").
        qsizetype textEnd = next;
        if (next < count && textEnd - 1 > i) {
            const QStringView candidate = lines[textEnd - 1].trimmed();
            const bool afterBlank = textEnd - 2 > i && isBlank(lines[textEnd - 2]);
            if (!candidate.isEmpty() && (isNumber(candidate) || afterBlank))
                --textEnd;
        }

        QString raw;
        for (qsizetype k = i + 1; k < textEnd; ++k) {
            if (isBlank(lines[k]))
                continue; // blank lines inside or after the text are separators, not text
            if (!raw.isEmpty())
                raw += u'\n';
            raw += lines[k];
        }
        StyledTextBuilder builder;
        appendSrtMarkup(raw, builder);
        SubtitleCue cue{times->startUs, times->endUs, builder.takeText(), builder.takeStyles(), {}};
        if (Result<> added = cues.add(std::move(cue), lineNumber); !added)
            return added.error();
        i = next;
    }
    return cues.finish();
}

} // namespace CutPilot::Core::SubtitleParsers
