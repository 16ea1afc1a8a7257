#pragma once

#include "core/media/waveform.h"

#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

namespace CutPilot::Core {
class MediaService;
}

namespace CutPilot::Ui {

/// Filmstrips and waveforms for the timeline's clips, by file: requested from the MediaService on
/// first sight, delivered on the GUI thread (`then(this, ...)`), then kept. Painting only asks and
/// never waits; `changed` is called when something new arrived (the view repaints). A file that
/// fails is remembered and not asked again.
class TimelineMediaCache final : public QObject
{
public:
    TimelineMediaCache(Core::MediaService *media, std::function<void()> changed,
                       QObject *parent = nullptr);

    static constexpr int FilmstripFrames = 12;
    static constexpr int FilmstripHeight = 48;
    static constexpr int WaveformBuckets = 4000;

    /// The filmstrip's frames (evenly spread over the file), or nullptr while it loads.
    const QList<QImage> *filmstrip(const QString &path);
    const Core::WaveformPeaks *waveform(const QString &path);

private:
    QPointer<Core::MediaService> m_media;
    std::function<void()> m_changed;
    QHash<QString, QList<QImage>> m_filmstrips; ///< empty list: failed
    QHash<QString, Core::WaveformPeaks> m_waveforms;
    QHash<QString, bool> m_pendingFilmstrips;
    QHash<QString, bool> m_pendingWaveforms;
};

} // namespace CutPilot::Ui
