#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <QtGlobal>

#include <optional>

namespace CutPilot::Core {

/// The subtitle formats CutPilot imports into a text track (draft-format.md §12.3).
enum class SubtitleFormat {
    Srt,
    WebVtt,
    Ass, ///< ASS and its predecessor SSA
};

/// Inline styling of a part of a cue's text, from <b>/<i>/<u>/<font color> (SRT),
/// <b>/<i>/<u> (WebVTT) or {\b1}{\i1}{\u1}{\c&HBBGGRR&} (ASS). Indexes into SubtitleCue::text.
struct SubtitleStyleRange
{
    qsizetype start = 0;
    qsizetype length = 0;
    bool bold = false;
    bool italic = false;
    bool underline = false;
    std::optional<QColor> color;

    friend bool operator==(const SubtitleStyleRange &, const SubtitleStyleRange &) = default;
};

/// One cue; becomes one text segment (§12.3). Times are integer microseconds (§5).
struct SubtitleCue
{
    qint64 startUs = 0;
    qint64 endUs = 0;
    /// Plain text: lines joined with '\n', markup removed, entities decoded.
    QString text;
    /// Sorted by start, non-overlapping; parts of the text without styling have no range.
    QList<SubtitleStyleRange> styles;
    /// The ASS style (Style field) or the first WebVTT class (<c.class>); may be empty.
    QString styleName;

    friend bool operator==(const SubtitleCue &, const SubtitleCue &) = default;
};

} // namespace CutPilot::Core
