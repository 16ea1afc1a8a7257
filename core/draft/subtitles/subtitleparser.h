#pragma once

#include "core/draft/subtitles/subtitlecue.h"
#include "core/support/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace CutPilot::Core {

/// Limits every importer enforces (OutOfRange beyond them); the file limit gives PayloadTooLarge.
inline constexpr qsizetype kMaxSubtitleCues = 100'000;
inline constexpr qsizetype kMaxSubtitleCueChars = 10'000;
inline constexpr qint64 kMaxSubtitleFileBytes = 20 * 1024 * 1024;

/// Parses SRT, WebVTT or ASS/SSA from raw bytes: UTF-8 with or without BOM, UTF-16/32 with BOM,
/// any line ending. Returns the cues sorted by start (stable, overlaps allowed) or an
/// InvalidArgument error whose message starts with "line N: " and whose details hold {"line": N};
/// OutOfRange beyond kMaxSubtitleCues cues or kMaxSubtitleCueChars characters in one cue.
/// Cues whose text is empty after markup removal are skipped (their times are still checked).
/// Pure function, safe on any thread and on any input.
Result<QList<SubtitleCue>> parseSubtitles(const QByteArray &data, SubtitleFormat format);

/// Detects the format from the content (a "WEBVTT" header; an "[Script Info]", "[Events]" or
/// "[V4+ Styles]" section), then from the extension of fileName (.srt, .vtt, .ass, .ssa), then from
/// SRT-like timing lines. UnsupportedMediaType when none matches.
Result<SubtitleFormat> detectSubtitleFormat(const QString &fileName, const QByteArray &data);

/// Reads the file at path (at most kMaxSubtitleFileBytes, else PayloadTooLarge; IoError naming
/// the path when it cannot be read), detects its format and parses it. Parse errors are prefixed
/// with the path. Blocking file I/O: call it from a worker thread.
Result<QList<SubtitleCue>> loadSubtitleFile(const QString &path);

} // namespace CutPilot::Core
