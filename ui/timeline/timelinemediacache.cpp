#include "timelinemediacache.h"

#include "core/services/mediaservice.h"
#include "core/support/futurewatch.h"

namespace CutPilot::Ui {

using namespace Core;

TimelineMediaCache::TimelineMediaCache(MediaService *media, std::function<void()> changed,
                                       QObject *parent)
    : QObject(parent)
    , m_media(media)
    , m_changed(std::move(changed))
{
}

const QList<QImage> *TimelineMediaCache::filmstrip(const QString &path)
{
    if (auto it = m_filmstrips.constFind(path); it != m_filmstrips.cend())
        return it->isEmpty() ? nullptr : &*it;
    if (!m_media || path.isEmpty() || m_pendingFilmstrips.contains(path))
        return nullptr;
    m_pendingFilmstrips.insert(path, true);
    // A watcher owned by the cache, not then(this): the cache may go before the work ends.
    Core::whenResult(this, m_media->filmstrip(path, FilmstripFrames, FilmstripHeight),
                     [this, path](const Result<QList<QImage>> &frames) {
                         m_pendingFilmstrips.remove(path);
                         m_filmstrips.insert(path, frames ? *frames : QList<QImage>());
                         if (frames && m_changed)
                             m_changed();
                     });
    return nullptr;
}

const WaveformPeaks *TimelineMediaCache::waveform(const QString &path)
{
    if (auto it = m_waveforms.constFind(path); it != m_waveforms.cend())
        return it->maximum.isEmpty() ? nullptr : &*it;
    if (!m_media || path.isEmpty() || m_pendingWaveforms.contains(path))
        return nullptr;
    m_pendingWaveforms.insert(path, true);
    Core::whenResult(this, m_media->waveform(path, WaveformBuckets),
                     [this, path](const Result<WaveformPeaks> &peaks) {
                         m_pendingWaveforms.remove(path);
                         m_waveforms.insert(path, peaks ? *peaks : WaveformPeaks());
                         if (peaks && m_changed)
                             m_changed();
                     });
    return nullptr;
}

} // namespace CutPilot::Ui
