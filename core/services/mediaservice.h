#pragma once

#include "core/media/mediainfo.h"
#include "core/media/mediaprobe.h"
#include "core/media/waveform.h"
#include "core/support/pathpolicy.h"
#include "core/support/result.h"

#include <QFuture>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QPromise>
#include <QUrl>

#include <atomic>
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
        int timeoutMs = 30'000;  ///< opening and probing one file (MediaOpOptions::timeoutMs)
        /// Afterwards: the longest pause in reading (MediaOpOptions::stallMs). A long decode
        /// (the waveform of a feature film) never times out while it reads.
        int stallMs = 30'000;
    };

    /// `cache` must be open; both outlive the service.
    MediaService(MediaCache &cache, Downloader &downloader, Options options,
                 QObject *parent = nullptr);
    /// Stops the running work at its next read or frame (their futures end Cancelled), drops the
    /// queued work and waits for the pools: quitting does not wait for a long decode.
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
    /// the cache by content. The result is the cached file's facts (path = the cached copy, named
    /// by its SHA-256). Every call gets its own future: cancelling one withdraws only that caller
    /// (concurrent calls for one URL share one transfer, one cache entry and one probe).
    ///
    /// The stored object stays pinned for each caller that got a result, so that the cache's size
    /// bound cannot evict it (and delete the file at `path`) while the caller still uses it: call
    /// releaseDownload() once done. A draft that stages the media takes ownership (it copies the
    /// file, or pins the object itself) and then releases the download's pin.
    QFuture<Result<MediaInfo>> download(const QUrl &url);
    /// Releases one caller's pin on a downloaded object: `sha256` is the file name of the result's
    /// path. Only pins taken by download() are released (never a draft's own); unknown or already
    /// released hashes are ignored. The service releases what is left when it is destroyed.
    void releaseDownload(const QString &sha256);
    void releaseDownload(const MediaInfo &downloaded);
    /// download(), then a copy of the file into `folder` as `<sha256>.<ext>` (the URL's extension
    /// when plausible, else one for the probed container), and the download's pin released: the
    /// result's path is the copy, which the cache never evicts. An existing copy of the same size
    /// is reused (same name, same content). The copy is written under a temporary name and renamed,
    /// off the calling thread. Cancelling the future withdraws the download (download()).
    /// (mediaservicestaging.cpp)
    QFuture<Result<MediaInfo>> downloadInto(const QUrl &url, const QString &folder);
    /// The extension downloadInto() gives a file downloaded from `url` with facts `info`.
    static QString extensionFor(const QUrl &url, const MediaInfo &info);

    MediaCache &cache() { return m_cache; }

Q_SIGNALS:
    /// Throttled by the downloader (≤ 10 Hz a transfer), once per transfer whatever the number of
    /// callers; total is -1 when unknown.
    void downloadProgress(const QUrl &url, qint64 received, qint64 total);
    /// Once per download() call, when its future gets its outcome (also when it was cancelled).
    void downloadFinished(const QUrl &url, bool ok, const QString &message);

private:
    struct Ingested
    {
        QString sha256;
        MediaInfo info;
    };
    using DownloadPromise = std::shared_ptr<QPromise<Result<MediaInfo>>>;
    void ingest(const QString &downloaded, const QUrl &url, const DownloadPromise &promise);
    void deliver(const QUrl &url, const DownloadPromise &promise, const Result<MediaInfo> &info,
                 const QString &sha256);
    MediaOpOptions backgroundOptions() const;

    MediaCache &m_cache;
    Downloader &m_downloader;
    Options m_options;
    PathPolicy m_policy;
    std::unique_ptr<QThreadPool> m_probePool;
    std::unique_ptr<QThreadPool> m_framePool;
    std::unique_ptr<QThreadPool> m_waveformPool;
    std::unique_ptr<QThreadPool> m_stagingPool; ///< downloadInto's copies, one at a time
    /// Set by the destructor; every operation's cancellation check looks at it.
    std::shared_ptr<std::atomic_bool> m_stopping;
    /// Downloaded files being added to the cache and probed, with the callers waiting for them.
    QHash<QString, QList<DownloadPromise>> m_ingests;
    QHash<QString, qint64> m_lastProgress; ///< by URL: one progress report per transfer step
    QHash<QString, int> m_downloadPins;    ///< sha256 -> pins held for download() callers
};

} // namespace CutPilot::Core
