// MediaService: the one media entry point of GUI and API. Work runs off the calling thread, results
// are cached on disk by content, downloads land in the media cache, and outside paths are checked.

#include "core/media/downloader.h"
#include "core/media/mediacache.h"
#include "core/media/mediaprobe.h"
#include "core/services/mediaservice.h"
#include "faultserver.h"
#include "mediafixtures.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot::Core;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

namespace {

/// Waits for `future` with the event loop running (continuations and network need it).
template<typename T>
T await(QFuture<T> future, int timeoutMs = 20'000)
{
    QFutureWatcher<T> watcher;
    QSignalSpy done(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(future);
    if (!future.isFinished())
        done.wait(timeoutMs);
    return future.result();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class tst_MediaService : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MediaFixtures> m_media;
    std::unique_ptr<MediaCache> m_cache;
    std::unique_ptr<Downloader> m_downloader;
    std::unique_ptr<MediaService> m_service;
    QString m_video;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(MediaFixtures::haveFfmpeg(),
                 "the ffmpeg command is needed to generate test media");
        m_media = std::make_unique<MediaFixtures>(m_dir.filePath(u"media"_s));
        QDir().mkpath(m_dir.filePath(u"media"_s));
        m_video = m_media->make(u"clip.mp4"_s,
                                {u"-f"_s, u"lavfi"_s, u"-i"_s,
                                 u"testsrc=duration=2:size=320x240:rate=25"_s, u"-f"_s, u"lavfi"_s,
                                 u"-i"_s, u"sine=duration=2"_s, u"-shortest"_s, u"-c:v"_s,
                                 u"libx264"_s, u"-pix_fmt"_s, u"yuv420p"_s, u"-c:a"_s, u"aac"_s});
        QVERIFY(!m_video.isEmpty());
    }

    void init()
    {
        m_service.reset();
        m_downloader.reset();
        m_cache.reset();
        QDir(m_dir.filePath(u"cache"_s)).removeRecursively();
        m_cache = std::make_unique<MediaCache>(m_dir.filePath(u"cache"_s));
        QVERIFY(m_cache->open());
        m_downloader = std::make_unique<Downloader>(m_dir.filePath(u"downloads"_s));
        m_service
            = std::make_unique<MediaService>(*m_cache, *m_downloader, MediaService::Options{});
    }

    void probeIsCachedByContent()
    {
        Result<MediaInfo> first = await(m_service->probe(m_video));
        QVERIFY(first);
        QCOMPARE(first->durationUs, MediaFixtures::ffprobeDurationUs(m_video));
        Result<LocalRef> ref = m_cache->reference(m_video);
        QVERIFY(ref && ref->probe); // stored under the file's fingerprint
        Result<MediaInfo> second = await(m_service->probe(m_video));
        QVERIFY(second);
        QCOMPARE(*second, *first);
        // Errors are not cached and name the file.
        Result<MediaInfo> missing = await(m_service->probe(m_dir.filePath(u"none.mp4"_s)));
        QVERIFY(!missing);
        QVERIFY(missing.error().message().contains(u"none.mp4"_s));
    }

    void thumbnailsFilmstripsAndWaveformsAreCached()
    {
        Result<QImage> thumb = await(m_service->thumbnail(m_video, 1'000'000, 60));
        QVERIFY(thumb);
        QCOMPARE(thumb->size(), QSize(80, 60));
        const QString key = m_cache->reference(m_video)->fingerprint;
        QVERIFY(m_cache->derived(key, u"thumb"_s, u"t=1000000;h=60"_s).has_value());
        Result<QImage> again = await(m_service->thumbnail(m_video, 1'000'000, 60));
        QVERIFY(again);
        QCOMPARE(again->convertToFormat(QImage::Format_RGBA8888),
                 thumb->convertToFormat(QImage::Format_RGBA8888));

        Result<QList<QImage>> strip = await(m_service->filmstrip(m_video, 5, 30));
        QVERIFY(strip);
        QCOMPARE(strip->size(), 5);
        QVERIFY(m_cache->derived(key, u"filmstrip"_s, u"n=5;h=30"_s).has_value());
        Result<QList<QImage>> stripAgain = await(m_service->filmstrip(m_video, 5, 30));
        QVERIFY(stripAgain);
        QCOMPARE(stripAgain->size(), 5);

        Result<WaveformPeaks> peaks = await(m_service->waveform(m_video, 50));
        QVERIFY(peaks);
        QCOMPARE(peaks->maximum.size(), 50);
        QVERIFY(m_cache->derived(key, u"waveform"_s, u"b=50"_s).has_value());
        Result<WaveformPeaks> peaksAgain = await(m_service->waveform(m_video, 50));
        QVERIFY(peaksAgain);
        QCOMPARE(peaksAgain->maximum, peaks->maximum);
    }

    void cancelStopsTheWork()
    {
        const QString longAudio = m_media->make(
            u"long.wav"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s, u"sine=duration=300:sample_rate=48000"_s,
                            u"-c:a"_s, u"pcm_s16le"_s});
        QVERIFY(!longAudio.isEmpty());
        QFuture<Result<WaveformPeaks>> running = m_service->waveform(longAudio, 100);
        running.cancel();
        QFutureWatcher<Result<WaveformPeaks>> watcher;
        QSignalSpy done(&watcher, &QFutureWatcherBase::finished);
        watcher.setFuture(running);
        QVERIFY(running.isFinished() || done.wait(20'000));
        // Either it never started, or it stopped at the next read with Cancelled.
        if (running.resultCount() > 0) {
            QVERIFY(!running.result());
            QCOMPARE(running.result().error().code(), ErrorCode::Cancelled);
        }
    }

    void downloadLandsInTheCacheOnce()
    {
        FaultServer server;
        QVERIFY(server.listen());
        const QByteArray body = readAll(m_video);
        FaultServer::Route clip;
        clip.body = body;
        clip.contentType = "video/mp4";
        server.setRoute("/clip.mp4", clip);
        const QUrl url = server.url(u"/clip.mp4?token=secret"_s);

        QList<QFuture<Result<MediaInfo>>> futures;
        for (int i = 0; i < 5; ++i)
            futures.append(m_service->download(url));
        for (QFuture<Result<MediaInfo>> &f : futures) {
            Result<MediaInfo> info = await(f);
            QVERIFY2(info, qPrintable(info ? QString() : info.error().message()));
            QVERIFY(info->path.startsWith(m_cache->root()));
            QCOMPARE(info->width, 320);
            QCOMPARE(readAll(info->path), body);
        }
        QCOMPARE(server.requestCount("/clip.mp4"), 1);
        QVERIFY(QDir(m_dir.filePath(u"downloads"_s)).entryList(QDir::Files).isEmpty());
    }

    void downloadOfSomethingThatIsNotMediaFails()
    {
        FaultServer server;
        QVERIFY(server.listen());
        FaultServer::Route fake;
        fake.body = "just text, not a video";
        fake.contentType = "video/mp4";
        server.setRoute("/fake.mp4", fake);
        QSignalSpy finished(m_service.get(), &MediaService::downloadFinished);
        Result<MediaInfo> info = await(m_service->download(server.url(u"/fake.mp4"_s)));
        QVERIFY(!info);
        QVERIFY2(info.error().message().contains(u"not usable media"_s),
                 qPrintable(info.error().message()));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(1).toBool(), false);
        QCOMPARE(m_cache->totalBytes(), 0);
    }

    void cancellingOneDownloadLeavesTheOthers()
    {
        FaultServer server;
        QVERIFY(server.listen());
        FaultServer::Route clip;
        clip.mode = FaultServer::Mode::Slow;
        clip.body = readAll(m_video);
        clip.chunkSize = 8192;
        clip.intervalMs = 20;
        server.setRoute("/slow.mp4", clip);
        const QUrl url = server.url(u"/slow.mp4"_s);
        QSignalSpy progress(m_service.get(), &MediaService::downloadProgress);

        QFuture<Result<MediaInfo>> first = m_service->download(url);
        QFuture<Result<MediaInfo>> second = m_service->download(url);
        QVERIFY(progress.wait(10'000)); // the transfer is running
        first.cancel();
        // A caller arriving after the cancel gets a live future of its own.
        QFuture<Result<MediaInfo>> third = m_service->download(url);
        QVERIFY(!third.isCanceled());
        for (QFuture<Result<MediaInfo>> *future : {&second, &third}) {
            QFutureWatcher<Result<MediaInfo>> watcher;
            QSignalSpy done(&watcher, &QFutureWatcherBase::finished);
            watcher.setFuture(*future);
            QVERIFY(future->isFinished() || done.wait(20'000));
            QVERIFY(!future->isCanceled());
            QCOMPARE(future->resultCount(), 1);
            const Result<MediaInfo> info = future->result();
            QVERIFY2(info, qPrintable(info ? QString() : info.error().message()));
            QCOMPARE(readAll(info->path), clip.body);
        }
        QVERIFY(first.isCanceled());
        QCOMPARE(server.requestCount("/slow.mp4"), 1); // one transfer for all three
    }

    void downloadsStayPinnedUntilReleased()
    {
        // A cache with room for the clip and little else: derived artefacts put right after the
        // download would evict it (and delete the file the caller was given) if it was not pinned.
        const QByteArray body = readAll(m_video);
        m_service.reset();
        m_downloader.reset();
        m_cache.reset();
        QDir(m_dir.filePath(u"cache"_s)).removeRecursively();
        m_cache = std::make_unique<MediaCache>(m_dir.filePath(u"cache"_s),
                                               MediaCacheOptions{body.size() + 4096});
        QVERIFY(m_cache->open());
        m_downloader = std::make_unique<Downloader>(m_dir.filePath(u"downloads"_s));
        m_service
            = std::make_unique<MediaService>(*m_cache, *m_downloader, MediaService::Options{});

        FaultServer server;
        QVERIFY(server.listen());
        FaultServer::Route clip;
        clip.body = body;
        server.setRoute("/clip.mp4", clip);
        Result<MediaInfo> info = await(m_service->download(server.url(u"/clip.mp4"_s)));
        QVERIFY2(info, qPrintable(info ? QString() : info.error().message()));
        const QString sha = QFileInfo(info->path).fileName();
        QVERIFY(m_cache->isPinned(sha));

        const QByteArray artefact(8192, 'x');
        Result<> refused = m_cache->putDerived(u"other"_s, u"thumb"_s, u"h=1"_s, artefact);
        QVERIFY(!refused); // no room: the pinned download is not evicted
        QCOMPARE(refused.error().code(), ErrorCode::DiskFull);
        QVERIFY(QFile::exists(info->path));
        QVERIFY(m_cache->contains(sha));

        m_service->releaseDownload(*info);
        QVERIFY(!m_cache->isPinned(sha));
        m_service->releaseDownload(*info); // once is enough; a second release is a no-op
        QVERIFY(m_cache->putDerived(u"other"_s, u"thumb"_s, u"h=1"_s, artefact));
        QVERIFY(!m_cache->contains(sha)); // now it may go
    }

    void downloadIntoCopiesAndReleasesThePin()
    {
        FaultServer server;
        QVERIFY(server.listen());
        const QByteArray body = readAll(m_video);
        FaultServer::Route clip;
        clip.body = body;
        server.setRoute("/media/clip", clip); // no extension: one from the probed container
        const QString folder = m_dir.filePath(u"drafts/media"_s);
        Result<MediaInfo> info
            = await(m_service->downloadInto(server.url(u"/media/clip"_s), folder));
        QVERIFY2(info, qPrintable(info ? QString() : info.error().message()));
        QCOMPARE(QFileInfo(info->path).absolutePath(), QFileInfo(folder).absoluteFilePath());
        QCOMPARE(QFileInfo(info->path).suffix(), u"mp4"_s);
        QCOMPARE(readAll(info->path), body);
        QCOMPARE(info->width, 320);
        const QString sha = QFileInfo(info->path).completeBaseName();
        QVERIFY(m_cache->contains(sha));
        QVERIFY(!m_cache->isPinned(sha)); // the folder owns its copy: nothing is pinned forever
        QVERIFY(QDir(folder).entryList({u"*.part"_s}, QDir::Files).isEmpty());

        // The same media again: the copy is reused, not written twice.
        const QDateTime written = QFileInfo(info->path).lastModified();
        Result<MediaInfo> again
            = await(m_service->downloadInto(server.url(u"/media/clip"_s), folder));
        QVERIFY(again);
        QCOMPARE(again->path, info->path);
        QCOMPARE(QFileInfo(again->path).lastModified(), written);
        QVERIFY(!m_cache->isPinned(sha));
    }

    void cancellingDownloadIntoEndsItsFuture()
    {
        FaultServer server;
        QVERIFY(server.listen());
        FaultServer::Route clip;
        clip.mode = FaultServer::Mode::Slow;
        clip.body = readAll(m_video);
        clip.chunkSize = 4096;
        clip.intervalMs = 50;
        server.setRoute("/slow.mp4", clip);
        QSignalSpy progress(m_service.get(), &MediaService::downloadProgress);
        QFuture<Result<MediaInfo>> future
            = m_service->downloadInto(server.url(u"/slow.mp4"_s), m_dir.filePath(u"staged"_s));
        QVERIFY(progress.wait(10'000));
        future.cancel();
        // Finished (as cancelled) at once: a caller's continuation never waits forever.
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 5'000);
        QVERIFY(future.isCanceled());
        QVERIFY(!QFileInfo::exists(m_dir.filePath(u"staged"_s))
                || QDir(m_dir.filePath(u"staged"_s)).isEmpty());
    }

    void destroyingTheServiceStopsRunningWork()
    {
        // 40 s in one GOP: every slot of a 500-picture filmstrip decodes hundreds of frames.
        const QString longGop = m_media->make(
            u"longgop.mp4"_s,
            {u"-f"_s, u"lavfi"_s, u"-i"_s, u"testsrc=duration=40:size=640x360:rate=25"_s, u"-g"_s,
             u"1000"_s, u"-c:v"_s, u"libx264"_s, u"-preset"_s, u"ultrafast"_s, u"-pix_fmt"_s,
             u"yuv420p"_s});
        QVERIFY2(!longGop.isEmpty(), qPrintable(m_media->lastError()));
        QFuture<Result<QList<QImage>>> running = m_service->filmstrip(longGop, 500, 30);
        QTRY_VERIFY_WITH_TIMEOUT(running.isStarted(), 5000);
        QTest::qWait(300); // decoding now
        QVERIFY(!running.isFinished());
        QElapsedTimer clock;
        clock.start();
        m_service.reset();
        QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(running.isFinished());
        if (running.resultCount() > 0) {
            QVERIFY(!running.result());
            QCOMPARE(running.result().error().code(), ErrorCode::Cancelled);
        }
    }

    void outsidePathsAreChecked()
    {
        m_service->setPathPolicy(PathPolicy({m_dir.filePath(u"media"_s)}));
        QVERIFY(m_service->checkExternalPath(m_video, u"video_url"_s));
        Result<QString> refused = m_service->checkExternalPath(u"/etc/passwd"_s, u"video_url"_s);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code(), ErrorCode::PathNotAllowed);
    }
};

QTEST_GUILESS_MAIN(tst_MediaService)
#include "tst_mediaservice.moc"
