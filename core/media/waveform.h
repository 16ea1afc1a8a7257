#pragma once

#include "core/support/result.h"
#include "mediaprobe.h"

#include <QList>

namespace CutPilot::Core {

/// Audio peaks for drawing: the whole stream mixed to mono (swresample), split into `buckets`
/// equal slices of time; for each slice the smallest and largest sample (-1..1).
struct WaveformPeaks
{
    qint64 durationUs = 0;
    int sampleRate = 0;
    QList<float> minimum;
    QList<float> maximum;

    QByteArray toBytes() const; ///< compact binary form for the on-disk cache
    static Result<WaveformPeaks> fromBytes(const QByteArray &bytes);
};

/// Decodes the best audio stream of `path` and computes `buckets` peaks. Thread-safe; run it in a
/// worker pool. Cancel through options.cancel.
Result<WaveformPeaks> computeWaveform(const QString &path, int buckets,
                                      const MediaOpOptions &options = {});

} // namespace CutPilot::Core
