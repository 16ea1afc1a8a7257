#pragma once

// Internal to core/draft/subtitles: shared by srtparser.cpp, webvttparser.cpp and assparser.cpp.

#include "core/draft/subtitles/subtitlecue.h"
#include "core/support/result.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace CutPilot::Core::SubtitleParsers {

/// Decodes by BOM (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE), else UTF-16 guessed from NUL bytes,
/// else UTF-8 (invalid bytes become U+FFFD). The BOM is not part of the result.
QString decodeSubtitleData(const QByteArray &data);

/// Splits at "\r\n", "\r" and "\n". Views point into text; line i is line number i + 1.
QList<QStringView> splitLines(const QString &text);

/// True for empty or whitespace-only text.
bool isBlank(QStringView text);

/// How a timestamp is written; only used for the "expected ..." hint in messages.
enum class TimeSyntax {
    Srt,    ///< HH:MM:SS,mmm ('.' accepted)
    WebVtt, ///< [HH:]MM:SS.mmm
    Ass,    ///< H:MM:SS.cc
};

/// "line N: message" with details {"line": N} (plus extra details).
Error lineError(ErrorCode code, int line, const QString &message, QVariantMap details = {});

/// Parses a clock time ([H:]MM:SS[.,]fraction) into exact microseconds. field ("start"/"end")
/// and line go into the error message.
Result<qint64> parseClockTime(QStringView text, TimeSyntax syntax, const QString &field, int line);

/// Parses both times of a cue and checks end > start.
struct CueTimes
{
    qint64 startUs = 0;
    qint64 endUs = 0;
};
Result<CueTimes> parseCueTimes(QStringView start, QStringView end, TimeSyntax syntax, int line);

/// Builds plain text plus style ranges while markup is being stripped. The current style applies
/// to text appended afterwards; adjacent runs with the same style are merged.
class StyledTextBuilder final
{
public:
    int bold = 0; ///< nesting depth, so <b><b>x</b>y</b> keeps y bold
    int italic = 0;
    int underline = 0;
    std::optional<QColor> color;

    void append(QStringView text);
    void append(QChar ch) { append(QStringView(&ch, 1)); }
    qsizetype size() const { return m_text.size(); }

    QString takeText() { return std::move(m_text); }
    QList<SubtitleStyleRange> takeStyles() { return std::move(m_styles); }

private:
    QString m_text;
    QList<SubtitleStyleRange> m_styles;
};

/// Collects cues, enforces the limits and sorts the result by start.
class CueCollector final
{
public:
    /// Skips cues with blank text; OutOfRange for a too long text or too many cues.
    Result<> add(SubtitleCue cue, int line);
    /// InvalidArgument "no subtitle cues found" when nothing was added.
    Result<QList<SubtitleCue>> finish();

private:
    QList<SubtitleCue> m_cues;
};

Result<QList<SubtitleCue>> parseSrt(const QString &text);
Result<QList<SubtitleCue>> parseWebVtt(const QString &text);
Result<QList<SubtitleCue>> parseAss(const QString &text);

/// Strips SRT markup (<b> <i> <u> <font color=...>, other tags, {\an8}-style overrides).
void appendSrtMarkup(QStringView raw, StyledTextBuilder &out);

} // namespace CutPilot::Core::SubtitleParsers
