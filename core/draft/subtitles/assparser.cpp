// Advanced SubStation Alpha (.ass) and SubStation Alpha (.ssa): INI-like sections; the [Events]
// section's "Format:" line names the fields of every "Dialogue:" line. Text is always the last
// field and may contain commas; override blocks such as {\b1\c&H0000FF&} style the text after them.

#include "subtitleparser.h"
#include "subtitleparsers_p.h"

namespace CutPilot::Core::SubtitleParsers {

using namespace Qt::StringLiterals;

namespace {

struct EventFormat
{
    qsizetype fieldCount = 10;
    qsizetype start = 1;
    qsizetype end = 2;
    qsizetype style = 3; ///< -1 when the Format has no Style field
};

// "b", "b1", "b700": the tag name followed only by digits; "blur2" and "bord1" are other tags.
bool matchNumericTag(QStringView tag, QStringView name, qint64 *value)
{
    if (!tag.startsWith(name))
        return false;
    const QStringView digits = tag.sliced(name.size());
    *value = 0;
    if (digits.isEmpty())
        return true; // "\b" alone resets to the style's value, taken as off
    if (digits.size() > 9)
        return false;
    for (QChar ch : digits) {
        if (ch < u'0' || ch > u'9')
            return false;
        *value = *value * 10 + (ch.unicode() - u'0');
    }
    return true;
}

// "&HBBGGRR&" (alpha "&HAABBGGRR&" ignored; leading zeros may be missing). nullopt: back to the
// style's colour.
std::optional<QColor> parseAssColor(QStringView value)
{
    if (value.startsWith(u'&'))
        value = value.sliced(1);
    if (value.startsWith(u'H') || value.startsWith(u'h'))
        value = value.sliced(1);
    quint32 bgr = 0;
    qsizetype digits = 0;
    for (; digits < value.size() && digits < 8; ++digits) {
        const char16_t c = value[digits].unicode();
        int nibble = -1;
        if (c >= u'0' && c <= u'9')
            nibble = c - u'0';
        else if (c >= u'a' && c <= u'f')
            nibble = c - u'a' + 10;
        else if (c >= u'A' && c <= u'F')
            nibble = c - u'A' + 10;
        if (nibble < 0)
            break;
        bgr = (bgr << 4) | quint32(nibble);
    }
    if (digits == 0)
        return std::nullopt;
    return QColor(int(bgr & 0xFF), int((bgr >> 8) & 0xFF), int((bgr >> 16) & 0xFF));
}

void applyOverride(QStringView tag, StyledTextBuilder &out)
{
    qint64 value = 0;
    if (matchNumericTag(tag, u"b", &value)) {
        out.bold = (value == 1 || value >= 700) ? 1 : 0; // \b1 or a font weight \b700
    } else if (matchNumericTag(tag, u"i", &value)) {
        out.italic = value != 0 ? 1 : 0;
    } else if (matchNumericTag(tag, u"u", &value)) {
        out.underline = value != 0 ? 1 : 0;
    } else if (tag == u"c" || tag == u"1c" || tag.startsWith(u"c&") || tag.startsWith(u"1c&")
               || tag.startsWith(u"cH") || tag.startsWith(u"1cH")) {
        out.color = parseAssColor(tag.sliced(tag.startsWith(u'1') ? 2 : 1));
    } else if (tag.startsWith(u'r')) {
        // \r and \rStyle reset every override to a style; styles are not resolved here.
        out.bold = out.italic = out.underline = 0;
        out.color.reset();
    }
    // Every other override (\pos, \fad, \an8, \3c, \t(...), \clip(...) ...) is dropped.
}

// The inside of one {...} block: tags start with '\'; parentheses (\t(\b1)) are kept together.
void applyOverrideBlock(QStringView block, StyledTextBuilder &out)
{
    qsizetype tagStart = -1;
    int depth = 0;
    for (qsizetype i = 0; i <= block.size(); ++i) {
        const bool atEnd = i == block.size();
        const QChar ch = atEnd ? QChar() : block[i];
        if (!atEnd && ch == u'(') {
            ++depth;
        } else if (!atEnd && ch == u')') {
            depth = qMax(0, depth - 1);
        } else if (atEnd || (ch == u'\\' && depth == 0)) {
            if (tagStart >= 0)
                applyOverride(block.sliced(tagStart, i - tagStart).trimmed(), out);
            tagStart = i + 1; // text before the first '\' is a comment
        }
    }
}

void appendAssText(QStringView raw, StyledTextBuilder &out)
{
    // The next '}' is looked up once and reused, so "{{{{..." without '}' stays linear.
    qsizetype nextClose = -1;
    qsizetype i = 0;
    while (i < raw.size()) {
        const QChar ch = raw[i];
        if (ch == u'{') {
            if (nextClose < i) {
                nextClose = raw.indexOf(u'}', i);
                if (nextClose < 0)
                    nextClose = raw.size();
            }
            if (nextClose < raw.size()) {
                applyOverrideBlock(raw.sliced(i + 1, nextClose - i - 1), out);
                i = nextClose + 1;
            } else {
                out.append(ch);
                ++i;
            }
            continue;
        }
        if (ch == u'\\' && i + 1 < raw.size()) {
            const QChar escape = raw[i + 1];
            if (escape == u'N' || escape == u'n') {
                out.append(u'\n');
                i += 2;
                continue;
            }
            if (escape == u'h') {
                out.append(u' ');
                i += 2;
                continue;
            }
        }
        qsizetype j = i + 1;
        while (j < raw.size() && raw[j] != u'{' && raw[j] != u'\\')
            ++j;
        out.append(raw.sliced(i, j - i));
        i = j;
    }
}

Result<EventFormat> parseFormat(QStringView value, int line)
{
    const QList<QStringView> names = value.split(u',');
    EventFormat format;
    format.fieldCount = names.size();
    format.start = format.end = format.style = -1;
    for (qsizetype k = 0; k < names.size(); ++k) {
        const QStringView name = names[k].trimmed();
        const auto is = [&name](QStringView known) {
            return name.compare(known, Qt::CaseInsensitive) == 0;
        };
        if (is(u"Start") && format.start < 0)
            format.start = k;
        else if (is(u"End") && format.end < 0)
            format.end = k;
        else if (is(u"Style") && format.style < 0)
            format.style = k;
    }
    if (format.start < 0 || format.end < 0)
        return lineError(ErrorCode::InvalidArgument, line,
                         u"the Format line names no Start or no End field"_s,
                         {{u"field"_s, u"Format"_s}});
    if (names.last().trimmed().compare(u"Text", Qt::CaseInsensitive) != 0)
        return lineError(ErrorCode::InvalidArgument, line,
                         u"the Format line must end with the Text field"_s,
                         {{u"field"_s, u"Format"_s}});
    return format;
}

} // namespace

Result<QList<SubtitleCue>> parseAss(const QString &text)
{
    const QList<QStringView> lines = splitLines(text);
    CueCollector cues;
    EventFormat format; // ASS's default "Layer, Start, End, Style, Name, ..., Effect, Text"
    bool inEvents = false;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int lineNumber = int(i + 1);
        const QStringView line = lines[i].trimmed();
        if (line.startsWith(u'[') && line.endsWith(u']')) {
            inEvents = line.compare(u"[Events]", Qt::CaseInsensitive) == 0;
            continue;
        }
        const qsizetype colon = line.indexOf(u':');
        if (!inEvents || colon < 0 || line.startsWith(u';'))
            continue; // other sections, comments, Comment:/Sound:/... events
        const QStringView key = line.first(colon).trimmed();
        const QStringView value = line.sliced(colon + 1);
        if (key.compare(u"Format", Qt::CaseInsensitive) == 0) {
            Result<EventFormat> parsed = parseFormat(value, lineNumber);
            if (!parsed)
                return parsed.error();
            format = *parsed;
            continue;
        }
        if (key.compare(u"Dialogue", Qt::CaseInsensitive) != 0)
            continue;

        // Split into fieldCount fields; the last one (Text) keeps its commas.
        QList<QStringView> fields;
        qsizetype from = 0;
        while (fields.size() < format.fieldCount - 1) {
            const qsizetype comma = value.indexOf(u',', from);
            if (comma < 0)
                break;
            fields.append(value.sliced(from, comma - from));
            from = comma + 1;
        }
        if (fields.size() < format.fieldCount - 1)
            return lineError(
                ErrorCode::InvalidArgument, lineNumber,
                u"Dialogue has %1 fields, the Format line names %2"_s.arg(fields.size() + 1)
                    .arg(format.fieldCount),
                {{u"field"_s, u"Dialogue"_s}});
        fields.append(value.sliced(from));

        const Result<CueTimes> times
            = parseCueTimes(fields[format.start].trimmed(), fields[format.end].trimmed(),
                            TimeSyntax::Ass, lineNumber);
        if (!times)
            return times.error();
        StyledTextBuilder builder;
        appendAssText(fields.last(), builder);
        QString styleName
            = format.style >= 0 ? fields[format.style].trimmed().toString() : QString();
        SubtitleCue cue{times->startUs, times->endUs, builder.takeText(), builder.takeStyles(),
                        std::move(styleName)};
        if (Result<> added = cues.add(std::move(cue), lineNumber); !added)
            return added.error();
    }
    return cues.finish();
}

} // namespace CutPilot::Core::SubtitleParsers
