#pragma once

// Shared body of fuzz_srt, fuzz_webvtt and fuzz_ass: parse, then abort when a successful result
// breaks the documented invariants (sorted, end > start, limits, ranges inside the text).

#include "core/draft/subtitles/subtitleparser.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace CutPilot::Tests {

inline void checkCues(const QList<Core::SubtitleCue> &cues)
{
    if (cues.isEmpty() || cues.size() > Core::kMaxSubtitleCues)
        std::abort();
    qint64 previousStart = -1;
    for (const Core::SubtitleCue &cue : cues) {
        if (cue.startUs < 0 || cue.endUs <= cue.startUs || cue.startUs < previousStart)
            std::abort();
        previousStart = cue.startUs;
        if (cue.text.size() > Core::kMaxSubtitleCueChars || cue.text.trimmed().isEmpty())
            std::abort();
        qsizetype previousEnd = 0;
        for (const Core::SubtitleStyleRange &range : cue.styles) {
            if (range.length <= 0 || range.start < previousEnd
                || range.start + range.length > cue.text.size())
                std::abort();
            if (!range.bold && !range.italic && !range.underline && !range.color)
                std::abort();
            previousEnd = range.start + range.length;
        }
    }
}

inline int fuzzSubtitles(const uint8_t *data, size_t size, Core::SubtitleFormat format)
{
    const QByteArray bytes
        = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const Core::Result<QList<Core::SubtitleCue>> cues = Core::parseSubtitles(bytes, format);
    if (cues)
        checkCues(*cues);
    else if (cues.error().message().isEmpty())
        std::abort();
    (void)Core::detectSubtitleFormat(QString(), bytes);
    return 0;
}

} // namespace CutPilot::Tests
