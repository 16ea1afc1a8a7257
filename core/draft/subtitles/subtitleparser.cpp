#include "subtitleparser.h"

#include "subtitleparsers_p.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

#include <algorithm>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace SubtitleParsers {

namespace {

// Timestamps are quoted in messages; a garbled one may be a whole line, so it is shortened.
QString quoted(QStringView text)
{
    constexpr qsizetype kMaxShown = 40;
    if (text.size() <= kMaxShown)
        return text.toString();
    return text.left(kMaxShown).toString() + u"..."_s;
}

QString expectedSyntax(TimeSyntax syntax)
{
    switch (syntax) {
    case TimeSyntax::Srt:
        return u"HH:MM:SS,mmm"_s;
    case TimeSyntax::WebVtt:
        return u"HH:MM:SS.mmm or MM:SS.mmm"_s;
    case TimeSyntax::Ass:
        return u"H:MM:SS.cc"_s;
    }
    return {};
}

// ASCII digits only (QChar::isDigit() also accepts other scripts' digits). At most 9 digits, so
// hours * 3.6e9 µs cannot overflow qint64.
bool parseDigits(QStringView text, qint64 *value)
{
    if (text.isEmpty() || text.size() > 9)
        return false;
    qint64 result = 0;
    for (QChar ch : text) {
        if (ch < u'0' || ch > u'9')
            return false;
        result = result * 10 + (ch.unicode() - u'0');
    }
    *value = result;
    return true;
}

} // namespace

QString decodeSubtitleData(const QByteArray &data)
{
    const auto byte = [&data](qsizetype i) {
        return i < data.size() ? uchar(data.at(i)) : 0x100;
    };
    QStringDecoder::Encoding encoding = QStringDecoder::Utf8;
    qsizetype bomSize = 0;
    if (byte(0) == 0xFF && byte(1) == 0xFE && byte(2) == 0 && byte(3) == 0) {
        encoding = QStringDecoder::Utf32LE;
        bomSize = 4;
    } else if (byte(0) == 0 && byte(1) == 0 && byte(2) == 0xFE && byte(3) == 0xFF) {
        encoding = QStringDecoder::Utf32BE;
        bomSize = 4;
    } else if (byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) {
        bomSize = 3;
    } else if (byte(0) == 0xFF && byte(1) == 0xFE) {
        encoding = QStringDecoder::Utf16LE;
        bomSize = 2;
    } else if (byte(0) == 0xFE && byte(1) == 0xFF) {
        encoding = QStringDecoder::Utf16BE;
        bomSize = 2;
    } else if (byte(0) == 0 && byte(1) != 0 && byte(1) != 0x100) {
        encoding = QStringDecoder::Utf16BE; // no BOM, but ASCII text in UTF-16 shows its NULs
    } else if (byte(0) != 0 && byte(0) != 0x100 && byte(1) == 0) {
        encoding = QStringDecoder::Utf16LE;
    }
    QStringDecoder decoder(encoding);
    QString text = decoder.decode(QByteArrayView(data).sliced(bomSize));
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    return text;
}

QList<QStringView> splitLines(const QString &text)
{
    QList<QStringView> lines;
    const QStringView all(text);
    qsizetype begin = 0;
    for (qsizetype i = 0; i < all.size(); ++i) {
        const QChar ch = all[i];
        if (ch != u'\n' && ch != u'\r')
            continue;
        lines.append(all.sliced(begin, i - begin));
        if (ch == u'\r' && i + 1 < all.size() && all[i + 1] == u'\n')
            ++i;
        begin = i + 1;
    }
    if (begin < all.size())
        lines.append(all.sliced(begin));
    return lines;
}

bool isBlank(QStringView text)
{
    return std::all_of(text.begin(), text.end(), [](QChar ch) { return ch.isSpace(); });
}

Error lineError(ErrorCode code, int line, const QString &message, QVariantMap details)
{
    details.insert(u"line"_s, line);
    return Error(code, u"line %1: %2"_s.arg(line).arg(message), std::move(details));
}

Result<qint64> parseClockTime(QStringView text, TimeSyntax syntax, const QString &field, int line)
{
    const QVariantMap details{{u"field"_s, field}};
    const auto invalid = [&] {
        return lineError(ErrorCode::InvalidArgument, line,
                         u"%1 '%2' is not a timestamp (expected %3)"_s.arg(field, quoted(text),
                                                                           expectedSyntax(syntax)),
                         details);
    };
    if (text.startsWith(u'-'))
        return lineError(ErrorCode::InvalidArgument, line,
                         u"%1 %2 is negative"_s.arg(field, quoted(text)), details);

    const qsizetype lastColon = text.lastIndexOf(u':');
    if (lastColon < 0)
        return invalid();
    qsizetype fractionAt = -1;
    for (qsizetype i = lastColon + 1; i < text.size(); ++i) {
        if (text[i] == u'.' || text[i] == u',') {
            fractionAt = i;
            break;
        }
    }
    const QStringView clock = fractionAt < 0 ? text : text.first(fractionAt);
    const QList<QStringView> parts = clock.split(u':');
    if (parts.size() < 2 || parts.size() > 3)
        return invalid();

    qint64 hours = 0;
    qint64 minutes = 0;
    qint64 seconds = 0;
    if (parts.size() == 3 && !parseDigits(parts[0], &hours))
        return invalid();
    if (!parseDigits(parts[parts.size() - 2], &minutes) || !parseDigits(parts.last(), &seconds))
        return invalid();

    // The fraction is decimal whatever its length ("1.5" is 500 ms, ASS's "1.50" too), scaled to
    // µs with integers; digits beyond µs precision are dropped.
    qint64 fractionUs = 0;
    if (fractionAt >= 0) {
        const QStringView fraction = text.sliced(fractionAt + 1);
        qint64 value = 0;
        if (!parseDigits(fraction, &value))
            return invalid();
        qsizetype digits = fraction.size();
        for (; digits < 6; ++digits)
            value *= 10;
        for (; digits > 6; --digits)
            value /= 10;
        fractionUs = value;
    }

    if (minutes >= 60)
        return lineError(
            ErrorCode::InvalidArgument, line,
            u"%1 %2 has minutes %3, allowed 0..59"_s.arg(field, quoted(text)).arg(minutes),
            details);
    if (seconds >= 60)
        return lineError(
            ErrorCode::InvalidArgument, line,
            u"%1 %2 has seconds %3, allowed 0..59"_s.arg(field, quoted(text)).arg(seconds),
            details);
    return ((hours * 60 + minutes) * 60 + seconds) * 1'000'000 + fractionUs;
}

Result<CueTimes> parseCueTimes(QStringView start, QStringView end, TimeSyntax syntax, int line)
{
    const Result<qint64> startUs = parseClockTime(start, syntax, u"start"_s, line);
    if (!startUs)
        return startUs.error();
    const Result<qint64> endUs = parseClockTime(end, syntax, u"end"_s, line);
    if (!endUs)
        return endUs.error();
    if (*endUs <= *startUs) {
        const QString relation = *endUs < *startUs ? u"is before"_s : u"equals"_s;
        return lineError(ErrorCode::InvalidArgument, line,
                         u"end %1 %2 start %3"_s.arg(quoted(end), relation, quoted(start)),
                         {{u"field"_s, u"end"_s}});
    }
    return CueTimes{*startUs, *endUs};
}

void StyledTextBuilder::append(QStringView text)
{
    if (text.isEmpty())
        return;
    const qsizetype at = m_text.size();
    m_text.append(text);
    if (bold <= 0 && italic <= 0 && underline <= 0 && !color)
        return;
    const SubtitleStyleRange range{at, text.size(), bold > 0, italic > 0, underline > 0, color};
    if (!m_styles.isEmpty()) {
        SubtitleStyleRange &last = m_styles.last();
        if (last.start + last.length == at && last.bold == range.bold && last.italic == range.italic
            && last.underline == range.underline && last.color == range.color) {
            last.length += range.length;
            return;
        }
    }
    m_styles.append(range);
}

Result<> CueCollector::add(SubtitleCue cue, int line)
{
    if (isBlank(cue.text))
        return {};
    if (cue.text.size() > kMaxSubtitleCueChars)
        return lineError(ErrorCode::OutOfRange, line,
                         u"cue text has %1 characters, the limit is %2"_s.arg(cue.text.size())
                             .arg(kMaxSubtitleCueChars),
                         {{u"field"_s, u"text"_s}, {u"max"_s, kMaxSubtitleCueChars}});
    if (m_cues.size() >= kMaxSubtitleCues)
        return lineError(ErrorCode::OutOfRange, line,
                         u"more than %1 cues, the limit is %1"_s.arg(kMaxSubtitleCues),
                         {{u"field"_s, u"cues"_s}, {u"max"_s, kMaxSubtitleCues}});
    m_cues.append(std::move(cue));
    return {};
}

Result<QList<SubtitleCue>> CueCollector::finish()
{
    if (m_cues.isEmpty())
        return Error(ErrorCode::InvalidArgument, u"no subtitle cues found"_s);
    // Stable: cues starting together keep their file order (the caller stacks them on tracks).
    std::stable_sort(m_cues.begin(), m_cues.end(), [](const SubtitleCue &a, const SubtitleCue &b) {
        return a.startUs < b.startUs;
    });
    return std::move(m_cues);
}

} // namespace SubtitleParsers

Result<QList<SubtitleCue>> parseSubtitles(const QByteArray &data, SubtitleFormat format)
{
    const QString text = SubtitleParsers::decodeSubtitleData(data);
    switch (format) {
    case SubtitleFormat::Srt:
        return SubtitleParsers::parseSrt(text);
    case SubtitleFormat::WebVtt:
        return SubtitleParsers::parseWebVtt(text);
    case SubtitleFormat::Ass:
        return SubtitleParsers::parseAss(text);
    }
    return Error::invalidArgument(u"format"_s, u"unknown subtitle format %1"_s.arg(int(format)));
}

Result<SubtitleFormat> detectSubtitleFormat(const QString &fileName, const QByteArray &data)
{
    // The content decides first: a .txt or mislabelled .srt holding WebVTT is still WebVTT.
    const QString head = SubtitleParsers::decodeSubtitleData(data.left(64 * 1024));
    const QStringView start = QStringView(head).trimmed();
    if (start.startsWith(u"WEBVTT") && (start.size() == 6 || start[6].isSpace()))
        return SubtitleFormat::WebVtt;
    const QList<QStringView> lines = SubtitleParsers::splitLines(head);
    bool hasArrow = false;
    for (QStringView line : lines) {
        const QStringView trimmed = line.trimmed();
        for (QStringView section :
             {u"[Script Info]", u"[Events]", u"[V4+ Styles]", u"[V4 Styles]"}) {
            if (trimmed.compare(section, Qt::CaseInsensitive) == 0)
                return SubtitleFormat::Ass;
        }
        hasArrow = hasArrow || trimmed.contains(u"-->");
    }

    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == u"srt")
        return SubtitleFormat::Srt;
    if (suffix == u"vtt")
        return SubtitleFormat::WebVtt;
    if (suffix == u"ass" || suffix == u"ssa")
        return SubtitleFormat::Ass;
    if (hasArrow)
        return SubtitleFormat::Srt; // timing lines without a WEBVTT header: SRT
    return Error(ErrorCode::UnsupportedMediaType,
                 u"cannot tell the subtitle format of '%1' (expected SRT, WebVTT or ASS/SSA)"_s.arg(
                     fileName),
                 {{u"field"_s, u"fileName"_s}});
}

Result<QList<SubtitleCue>> loadSubtitleFile(const QString &path)
{
    const QVariantMap pathDetail{{u"path"_s, path}};
    if (QFileInfo(path).isDir())
        return Error(ErrorCode::IoError,
                     u"cannot read subtitle file '%1': it is a folder"_s.arg(path), pathDetail);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::IoError,
                     u"cannot read subtitle file '%1': %2"_s.arg(path, file.errorString()),
                     pathDetail);
    const auto tooLarge = [&] {
        return Error(
            ErrorCode::PayloadTooLarge,
            u"subtitle file '%1' is larger than %2 bytes"_s.arg(path).arg(kMaxSubtitleFileBytes),
            {{u"path"_s, path}, {u"max"_s, kMaxSubtitleFileBytes}});
    };
    if (file.size() > kMaxSubtitleFileBytes)
        return tooLarge();
    // Read one byte past the limit: devices and growing files report a size that cannot be trusted.
    const QByteArray data = file.read(kMaxSubtitleFileBytes + 1);
    if (data.size() > kMaxSubtitleFileBytes)
        return tooLarge();
    if (file.error() != QFileDevice::NoError)
        return Error(ErrorCode::IoError,
                     u"cannot read subtitle file '%1': %2"_s.arg(path, file.errorString()),
                     pathDetail);

    const Result<SubtitleFormat> format = detectSubtitleFormat(path, data);
    if (!format)
        return format.error().withDetail(u"path"_s, path);
    Result<QList<SubtitleCue>> cues = parseSubtitles(data, *format);
    if (!cues)
        return cues.error().withContext(path).withDetail(u"path"_s, path);
    return cues;
}

} // namespace CutPilot::Core
