#include "mediaservice.h"

#include "core/media/downloader.h"
#include "core/media/framegrabber.h"
#include "core/media/mediacache.h"
#include "core/media/mediaprobe.h"
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

template<typename T>
MediaOpOptions opsFor(QPromise<Result<T>> &promise, int timeoutMs)
{
    return MediaOpOptions{timeoutMs, [&promise] {
                              return promise.isCanceled();
                          }};
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
{
    // A download is only done when the file is media CutPilot can read (issue 4).
    const int timeoutMs = options.timeoutMs;
    m_downloader.setVerifier([timeoutMs](const QString &file) -> Result<> {
        Result<MediaInfo> info = probeMedia(file, {timeoutMs, {}});
        if (!info)
            return info.error().withContext(u"the download is not usable media"_s);
        return {};
    });
}

MediaService::~MediaService()
{
    // Pending work references the cache: let it finish (each piece is bounded by its timeout).
    for (QThreadPool *pool : {m_probePool.get(), m_framePool.get(), m_waveformPool.get()}) {
        pool->clear();
        pool->waitForDone();
    }
}

Result<QString> MediaService::checkExternalPath(const QString &path, const QString &field) const
{
    return m_policy.check(path, field);
}

QFuture<Result<MediaInfo>> MediaService::probe(const QString &path)
{
    MediaCache *cache = &m_cache;
    const int timeoutMs = m_options.timeoutMs;
    return QtConcurrent::run(
        m_probePool.get(), [cache, path, timeoutMs](QPromise<Result<MediaInfo>> &promise) {
            promise.addResult(probeCached(*cache, path, opsFor(promise, timeoutMs)));
        });
}

QFuture<Result<QImage>> MediaService::thumbnail(const QString &path, qint64 atUs, int height)
{
    MediaCache *cache = &m_cache;
    const int timeoutMs = m_options.timeoutMs;
    return QtConcurrent::run(m_framePool.get(), [cache, path, atUs, height,
                                                 timeoutMs](QPromise<Result<QImage>> &promise) {
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
            = FrameGrabber::thumbnail(path, atUs, {height}, opsFor(promise, timeoutMs));
        if (image && !key.isEmpty())
            (void)cache->putDerived(key, u"thumb"_s, params, pngBytes(*image));
        promise.addResult(std::move(image));
    });
}

QFuture<Result<QList<QImage>>> MediaService::filmstrip(const QString &path, int count, int height)
{
    MediaCache *cache = &m_cache;
    const int timeoutMs = m_options.timeoutMs;
    return QtConcurrent::run(m_framePool.get(), [cache, path, count, height, timeoutMs](
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
            = FrameGrabber::filmstrip(path, count, {height}, opsFor(promise, timeoutMs));
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
    const int timeoutMs = m_options.timeoutMs;
    return QtConcurrent::run(m_waveformPool.get(), [cache, path, buckets, timeoutMs](
                                                       QPromise<Result<WaveformPeaks>> &promise) {
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
        Result<WaveformPeaks> peaks = computeWaveform(path, buckets, opsFor(promise, timeoutMs));
        if (peaks && !key.isEmpty())
            (void)cache->putDerived(key, u"waveform"_s, params, peaks->toBytes());
        promise.addResult(std::move(peaks));
    });
}

QFuture<Result<MediaInfo>> MediaService::download(const QUrl &url)
{
    const QString key = url.toString(QUrl::FullyEncoded);
    if (auto running = m_downloads.constFind(key); running != m_downloads.constEnd())
        return *running; // one transfer, one cache entry, however many ask
    auto promise = std::make_shared<QPromise<Result<MediaInfo>>>();
    QFuture<Result<MediaInfo>> future = promise->future();
    promise->start();
    m_downloads.insert(key, future);
    DownloadJob *job = m_downloader.fetch(url);
    // Whoever cancels the future cancels this requester's share of the transfer.
    auto *watcher = new QFutureWatcher<Result<MediaInfo>>(this);
    connect(watcher, &QFutureWatcherBase::canceled, job, &DownloadJob::cancel);
    connect(watcher, &QFutureWatcherBase::finished, watcher, &QObject::deleteLater);
    watcher->setFuture(future);

    connect(job, &DownloadJob::progress, this, [this, url](qint64 received, qint64 total) {
        Q_EMIT downloadProgress(url, received, total);
    });
    MediaCache *cache = &m_cache;
    QThreadPool *pool = m_probePool.get();
    const int timeoutMs = m_options.timeoutMs;
    connect(job, &DownloadJob::finished, this, [=, this] {
        Result<QString> file = job->result();
        if (!file) {
            m_downloads.remove(key);
            Q_EMIT downloadFinished(url, false, file.error().message());
            promise->addResult(Result<MediaInfo>(file.error()));
            promise->finish();
            return;
        }
        // Into the cache by content (several downloads of one file are stored once), then the
        // facts of the cached copy; off the main thread, both read the whole file.
        const QString name = QFileInfo(url.path()).fileName();
        const QString downloaded = *file;
        QtConcurrent::run(pool, [=] {
            Result<CachedObject> stored = cache->addFile(downloaded, MediaCache::AddMode::Move,
                                                         name, Downloader::redactedUrl(url));
            if (!stored)
                QFile::remove(downloaded);
            return stored ? probeCached(*cache, stored->path, {timeoutMs, {}})
                          : Result<MediaInfo>(stored.error());
        }).then(this, [this, key, url, promise](Result<MediaInfo> info) {
            m_downloads.remove(key);
            Q_EMIT downloadFinished(url, bool(info), info ? QString() : info.error().message());
            promise->addResult(std::move(info));
            promise->finish();
        });
    });
    return future;
}

} // namespace CutPilot::Core
