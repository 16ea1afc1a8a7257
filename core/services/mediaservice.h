#pragma once

#include "core/media/mediainfo.h"
#include "core/media/waveform.h"
#include "core/support/pathpolicy.h"
#include "core/support/result.h"

#include <QFuture>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QUrl>

#include <memory>

class QThreadPool;

namespace CutPilot::Core {

class Downloader;
class MediaCache;

/// Media for the GUI and the API (issue 4), one service for both front doors: probing,
/// thumbnails, filmstrips and waveforms off the calling thread in bounded pools, cached on disk by
/// content (MediaCache), downloads by URL (Downloader) that land in the cache, and the path policy
/// for local paths that come from outside.
///
/// Every operation returns a QFuture right away; attach `.then(context, …)` to get the result on
/// the caller's thread. `future.cancel()` stops the work at the next libav read or frame.
/// Lives on the main thread; the pools run pure functions only.
class MediaService final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int probeThreads = 0;    ///< 0 = one per core
        int frameThreads = 2;    ///< thumbnails and filmstrips
        int waveformThreads = 1; ///< whole-file audio decodes
        int timeoutMs = 30'000;  ///< per operation
    };

    /// `cache` must be open; both outlive the service.
    MediaService(MediaCache &cache, Downloader &downloader, Options options,
                 QObject *parent = nullptr);
    ~MediaService() override;

    void setPathPolicy(PathPolicy policy) { m_policy = std::move(policy); }
    const PathPolicy &pathPolicy() const { return m_policy; }
    /// For paths that come from outside (API, plans): the canonical path when allowed.
    Result<QString> checkExternalPath(const QString &path, const QString &field) const;

    /// Facts of a local file; served from the cache when the file did not change since.
    QFuture<Result<MediaInfo>> probe(const QString &path);
    /// One picture near `atUs`, `height` pixels high (PNG-cached by content and parameters).
    QFuture<Result<QImage>> thumbnail(const QString &path, qint64 atUs, int height);
    QFuture<Result<QList<QImage>>> filmstrip(const QString &path, int count, int height);
    QFuture<Result<WaveformPeaks>> waveform(const QString &path, int buckets);

    /// Downloads `url` (http/https, limits in Downloader), checks that it probes, and stores it in
    /// the cache by content. The result is the cached file's facts (path = the cached copy).
    /// Concurrent calls for one URL share one transfer.
    QFuture<Result<MediaInfo>> download(const QUrl &url);

    MediaCache &cache() { return m_cache; }

Q_SIGNALS:
    /// Throttled by the downloader (≤ 10 Hz a transfer); total is -1 when unknown.
    void downloadProgress(const QUrl &url, qint64 received, qint64 total);
    void downloadFinished(const QUrl &url, bool ok, const QString &message);

private:
    MediaCache &m_cache;
    Downloader &m_downloader;
    Options m_options;
    PathPolicy m_policy;
    std::unique_ptr<QThreadPool> m_probePool;
    std::unique_ptr<QThreadPool> m_framePool;
    std::unique_ptr<QThreadPool> m_waveformPool;
    QHash<QString, QFuture<Result<MediaInfo>>> m_downloads; ///< running, by URL
};

} // namespace CutPilot::Core
