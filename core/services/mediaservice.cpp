#include "mediaservice.h"

#include "core/media/downloader.h"
#include "core/media/framegrabber.h"
#include "core/media/mediacache.h"
#include "core/media/mediaprobe.h"
#include "core/support/futurewatch.h"
#include "core/support/log.h"

#include <QBuffer>
#include <QDataStream>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPromise>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

std::unique_ptr<QThreadPool> makePool(const QString &name, int threads)
{
    auto pool = std::make_unique<QThreadPool>();
    pool->setObjectName(name);
    pool->setMaxThreadCount(threads > 0 ? threads : QThread::idealThreadCount());
    return pool;
}

using Stopping = std::shared_ptr<std::atomic_bool>;

/// The operation's bounds; cancelled by the caller (future.cancel()) or by the service stopping.
template<typename T>
MediaOpOptions opsFor(QPromise<Result<T>> &promise, const MediaService::Options &options,
                      const Stopping &stopping)
{
    return MediaOpOptions{options.timeoutMs,
                          [&promise, stopping] {
                              return stopping->load(std::memory_order_relaxed)
                                     || promise.isCanceled();
                          },
                          options.stallMs};
}

/// The content key for derived artefacts, or empty when the file cannot be fingerprinted (the
/// operation then runs uncached and reports its own error).
QString contentKey(MediaCache &cache, const QString &path)
{
    Result<LocalRef> ref = cache.reference(path);
    return ref ? ref->fingerprint : QString();
}

QByteArray pngBytes(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

Result<MediaInfo> probeCached(MediaCache &cache, const QString &path, const MediaOpOptions &ops)
{
    Result<LocalRef> ref = cache.reference(path);
    if (ref && ref->probe) {
        MediaInfo info = MediaInfo::fromJson(*ref->probe);
        info.path = QFileInfo(path).absoluteFilePath();
        info.fileSize = ref->size;
        return info;
    }
    Result<MediaInfo> info = probeMedia(path, ops);
    if (info && ref) {
        if (Result<> stored = cache.putProbe(ref->fingerprint, info->toJson()); !stored)
            Log::get(Log::Media)->warn("probe cache: {}", stored.error().message());
    }
    return info;
}

} // namespace

MediaService::MediaService(MediaCache &cache, Downloader &downloader, Options options,
                           QObject *parent)
    : QObject(parent)
    , m_cache(cache)
    , m_downloader(downloader)
    , m_options(options)
    , m_probePool(makePool(u"media-probe"_s, options.probeThreads))
    , m_framePool(makePool(u"media-frames"_s, options.frameThreads))
    , m_waveformPool(makePool(u"media-waveform"_s, options.waveformThreads))
    , m_stagingPool(makePool(u"media-staging"_s, 1))
    , m_stopping(std::make_shared<std::atomic_bool>(false))
{
    // A download is only done when the file is media CutPilot can read (issue 4).
    m_downloader.setVerifier([ops = backgroundOptions()](const QString &file) -> Result<> {
        Result<MediaInfo> info = probeMedia(file, ops);
        if (!info)
            return info.error().withContext(u"the download is not usable media"_s);
        return {};
    });
}

MediaService::~MediaService()
{
    // Running work references the cache: stop it at its next read or frame (every cancellation
    // check looks at m_stopping), drop what is queued, and wait.
    m_stopping->store(true);
    for (QThreadPool *pool :
         {m_probePool.get(), m_framePool.get(), m_waveformPool.get(), m_stagingPool.get()}) {
        pool->clear();
        pool->waitForDone();
    }
    for (auto it = m_downloadPins.cbegin(); it != m_downloadPins.cend(); ++it) {
        for (int i = 0; i < it.value(); ++i)
            m_cache.unpin(it.key());
    }
}

MediaOpOptions MediaService::backgroundOptions() const
{
    return MediaOpOptions{m_options.timeoutMs, [stopping = m_stopping] { return stopping->load(); },
                          m_options.stallMs};
}

Result<QString> MediaService::checkExternalPath(const QString &path, const QString &field) const
{
    return m_policy.check(path, field);
}

QFuture<Result<MediaInfo>> MediaService::probe(const QString &path)
{
    MediaCache *cache = &m_cache;
    return QtConcurrent::run(
        m_probePool.get(), [cache, path, options = m_options,
                            stopping = m_stopping](QPromise<Result<MediaInfo>> &promise) {
            promise.addResult(probeCached(*cache, path, opsFor(promise, options, stopping)));
        });
}

QFuture<Result<QImage>> MediaService::thumbnail(const QString &path, qint64 atUs, int height)
{
    MediaCache *cache = &m_cache;
    return QtConcurrent::run(
        m_framePool.get(), [cache, path, atUs, height, options = m_options,
                            stopping = m_stopping](QPromise<Result<QImage>> &promise) {
            const QString key = contentKey(*cache, path);
            const QString params = u"t=%1;h=%2"_s.arg(atUs).arg(height);
            if (!key.isEmpty()) {
                if (std::optional<QByteArray> png = cache->derived(key, u"thumb"_s, params)) {
                    QImage image = QImage::fromData(*png, "PNG");
                    if (!image.isNull()) {
                        promise.addResult(Result<QImage>(std::move(image)));
                        return;
                    }
                }
            }
            Result<QImage> image
                = FrameGrabber::thumbnail(path, atUs, {height}, opsFor(promise, options, stopping));
            if (image && !key.isEmpty())
                (void)cache->putDerived(key, u"thumb"_s, params, pngBytes(*image));
            promise.addResult(std::move(image));
        });
}

QFuture<Result<QList<QImage>>> MediaService::filmstrip(const QString &path, int count, int height)
{
    MediaCache *cache = &m_cache;
    return QtConcurrent::run(m_framePool.get(), [cache, path, count, height, options = m_options,
                                                 stopping = m_stopping](
                                                    QPromise<Result<QList<QImage>>> &promise) {
        const QString key = contentKey(*cache, path);
        const QString params = u"n=%1;h=%2"_s.arg(count).arg(height);
        if (!key.isEmpty()) {
            if (std::optional<QByteArray> bytes = cache->derived(key, u"filmstrip"_s, params)) {
                QDataStream in(*bytes);
                QList<QImage> frames;
                in >> frames;
                if (in.status() == QDataStream::Ok && frames.size() == count) {
                    promise.addResult(Result<QList<QImage>>(std::move(frames)));
                    return;
                }
            }
        }
        Result<QList<QImage>> frames
            = FrameGrabber::filmstrip(path, count, {height}, opsFor(promise, options, stopping));
        if (frames && !key.isEmpty()) {
            QByteArray bytes;
            QDataStream out(&bytes, QIODevice::WriteOnly);
            out << *frames; // QImage streams as PNG
            (void)cache->putDerived(key, u"filmstrip"_s, params, bytes);
        }
        promise.addResult(std::move(frames));
    });
}

QFuture<Result<WaveformPeaks>> MediaService::waveform(const QString &path, int buckets)
{
    MediaCache *cache = &m_cache;
    return QtConcurrent::run(
        m_waveformPool.get(), [cache, path, buckets, options = m_options,
                               stopping = m_stopping](QPromise<Result<WaveformPeaks>> &promise) {
            const QString key = contentKey(*cache, path);
            const QString params = u"b=%1"_s.arg(buckets);
            if (!key.isEmpty()) {
                if (std::optional<QByteArray> bytes = cache->derived(key, u"waveform"_s, params)) {
                    if (Result<WaveformPeaks> peaks = WaveformPeaks::fromBytes(*bytes); peaks) {
                        promise.addResult(std::move(peaks));
                        return;
                    }
                }
            }
            Result<WaveformPeaks> peaks
                = computeWaveform(path, buckets, opsFor(promise, options, stopping));
            if (peaks && !key.isEmpty())
                (void)cache->putDerived(key, u"waveform"_s, params, peaks->toBytes());
            promise.addResult(std::move(peaks));
        });
}

QFuture<Result<MediaInfo>> MediaService::download(const QUrl &url)
{
    // Each caller has its own promise and its own DownloadJob: the Downloader shares one transfer
    // between the jobs of a URL and stops it only when every job was cancelled, so cancelling one
    // caller's future leaves the others running.
    auto promise = std::make_shared<QPromise<Result<MediaInfo>>>();
    QFuture<Result<MediaInfo>> future = promise->future();
    promise->start();
    DownloadJob *job = m_downloader.fetch(url);
    auto *watcher = new QFutureWatcher<Result<MediaInfo>>(this);
    connect(watcher, &QFutureWatcherBase::canceled, job, &DownloadJob::cancel);
    connect(watcher, &QFutureWatcherBase::finished, watcher, &QObject::deleteLater);
    watcher->setFuture(future);

    const QString key = url.toString(QUrl::FullyEncoded);
    connect(job, &DownloadJob::progress, this, [this, url, key](qint64 received, qint64 total) {
        // Every job of a transfer reports the same step: tell the listeners once.
        if (m_lastProgress.value(key, -1) == received)
            return;
        m_lastProgress.insert(key, received);
        Q_EMIT downloadProgress(url, received, total);
    });
    connect(job, &DownloadJob::finished, this, [this, job, url, key, promise] {
        m_lastProgress.remove(key);
        Result<QString> file = job->result();
        if (!file || promise->isCanceled()) {
            deliver(url, promise,
                    file ? Result<MediaInfo>(Error(ErrorCode::Cancelled, u"cancelled"_s))
                         : Result<MediaInfo>(file.error()),
                    {});
            return;
        }
        ingest(*file, url, promise);
    });
    return future;
}

/// Into the cache by content (several downloads of one file are stored once), then the facts of
/// the cached copy; off the main thread, both read the whole file. The jobs of one transfer all
/// finish with the same file: the first starts the work, the others wait for it.
void MediaService::ingest(const QString &downloaded, const QUrl &url,
                          const DownloadPromise &promise)
{
    if (auto running = m_ingests.find(downloaded); running != m_ingests.end()) {
        running->append(promise);
        return;
    }
    m_ingests.insert(downloaded, {promise});
    MediaCache *cache = &m_cache;
    const QString name = QFileInfo(url.path()).fileName();
    const QString source = Downloader::redactedUrl(url);
    QFuture<Result<Ingested>> ingest = QtConcurrent::run(
        m_probePool.get(),
        [cache, downloaded, name, source, ops = backgroundOptions()]() -> Result<Ingested> {
            // Pinned as it is inserted: a concurrent putDerived() cannot evict it
            // before the callers have it.
            Result<CachedObject> stored = cache->addFile(downloaded, MediaCache::AddMode::Move,
                                                         name, source, MediaCache::AddPin::Pin);
            if (!stored) {
                QFile::remove(downloaded);
                return stored.error();
            }
            Result<MediaInfo> info = probeCached(*cache, stored->path, ops);
            if (!info) {
                cache->unpin(stored->sha256);
                return info.error();
            }
            return Ingested{stored->sha256, *info};
        });
    // A watcher, not then(this, …): Qt 6.4's then() asserts when this service is gone first.
    whenResult(this, std::move(ingest), [this, downloaded, url](const Result<Ingested> &ingested) {
        const QList<DownloadPromise> waiting = m_ingests.take(downloaded);
        for (const DownloadPromise &waiter : waiting) {
            if (ingested)
                deliver(url, waiter, ingested->info, ingested->sha256);
            else
                deliver(url, waiter, ingested.error(), {});
        }
        if (ingested)
            m_cache.unpin(ingested->sha256); // the callers hold their own pins now
    });
}

void MediaService::deliver(const QUrl &url, const DownloadPromise &promise,
                           const Result<MediaInfo> &info, const QString &sha256)
{
    if (promise->isCanceled()) {
        Q_EMIT downloadFinished(url, false,
                                u"download of %1 cancelled"_s.arg(Downloader::redactedUrl(url)));
        promise->finish();
        return;
    }
    if (info && !sha256.isEmpty()) {
        m_cache.pin(sha256); // this caller's pin, until releaseDownload()
        ++m_downloadPins[sha256];
    }
    Q_EMIT downloadFinished(url, bool(info), info ? QString() : info.error().message());
    promise->addResult(info);
    promise->finish();
}

void MediaService::releaseDownload(const QString &sha256)
{
    const auto it = m_downloadPins.find(sha256);
    if (it == m_downloadPins.end())
        return;
    m_cache.unpin(sha256);
    if (--it.value() <= 0)
        m_downloadPins.erase(it);
}

void MediaService::releaseDownload(const MediaInfo &downloaded)
{
    releaseDownload(QFileInfo(downloaded.path).fileName());
}

} // namespace CutPilot::Core
