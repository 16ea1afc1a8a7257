#pragma once

#include "core/support/result.h"
#include "mediaprobe.h"

#include <QList>

namespace CutPilot::Core {

/// Audio peaks for drawing: the whole stream mixed to mono (swresample), split into `buckets`
/// equal slices of time; for each slice the smallest and largest sample (-1..1). Samples are
/// placed by their timestamps (from the container's start); the channel layout, sample format and
/// rate may change mid-stream.
struct WaveformPeaks
{
    /// The span the buckets cover: the container's duration, or the sound's own length when none
    /// is known or the sound runs clearly past it.
    qint64 durationUs = 0;
    int sampleRate = 0;
    QList<float> minimum;
    QList<float> maximum;

    QByteArray toBytes() const; ///< compact binary form for the on-disk cache
    static Result<WaveformPeaks> fromBytes(const QByteArray &bytes);
};

/// Decodes the best audio stream of `path` and computes `buckets` peaks. Thread-safe; run it in a
/// worker pool. Cancel through options.isCancelled; options.timeoutMs bounds opening the file and
/// options.stallMs every pause in reading (a long file does not time out while it is read).
Result<WaveformPeaks> computeWaveform(const QString &path, int buckets,
                                      const MediaOpOptions &options = {});

} // namespace CutPilot::Core
