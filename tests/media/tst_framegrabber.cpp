// Thumbnails, filmstrips and waveform peaks (core/media/framegrabber, waveform) on generated media
// whose pictures and sounds are known: red then blue halves, a tone then silence.

#include "core/media/framegrabber.h"
#include "core/media/waveform.h"
#include "mediafixtures.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace CutPilot::Core;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

namespace {

bool isMostly(const QImage &image, QColor expected)
{
    const QColor c = image.pixelColor(image.width() / 2, image.height() / 2);
    return std::abs(c.red() - expected.red()) < 40 && std::abs(c.green() - expected.green()) < 40
           && std::abs(c.blue() - expected.blue()) < 40;
}

} // namespace

class tst_FrameGrabber : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MediaFixtures> m_media;
    QString m_redBlue;         // 2 s: red for 1 s, then blue; 320x240, keyframe every 10 frames
    QString m_toneThenSilence; // 2 s wav: 0.5 amplitude for 1 s, then silence

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(MediaFixtures::haveFfmpeg(),
                 "the ffmpeg command is needed to generate test media");
        m_media = std::make_unique<MediaFixtures>(m_dir.path());
        m_redBlue = m_media->make(
            u"redblue.mp4"_s,
            {u"-f"_s, u"lavfi"_s, u"-i"_s, u"color=c=red:size=320x240:rate=25:duration=1"_s,
             u"-f"_s, u"lavfi"_s, u"-i"_s, u"color=c=blue:size=320x240:rate=25:duration=1"_s,
             u"-filter_complex"_s, u"[0:v][1:v]concat=n=2:v=1[v]"_s, u"-map"_s, u"[v]"_s, u"-g"_s,
             u"10"_s, u"-c:v"_s, u"libx264"_s, u"-pix_fmt"_s, u"yuv420p"_s});
        QVERIFY2(!m_redBlue.isEmpty(), qPrintable(m_media->lastError()));
        m_toneThenSilence
            = m_media->make(u"tone.wav"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s,
                                            u"aevalsrc=0.5*sin(2*PI*440*t)*lt(t\\,1):s=8000:d=2"_s,
                                            u"-c:a"_s, u"pcm_s16le"_s});
        QVERIFY2(!m_toneThenSilence.isEmpty(), qPrintable(m_media->lastError()));
    }

    void thumbnailSeeksToTheRightPicture()
    {
        Result<QImage> early = FrameGrabber::thumbnail(m_redBlue, 500'000, {120});
        QVERIFY2(early, qPrintable(early ? QString() : early.error().message()));
        QCOMPARE(early->size(), QSize(160, 120));
        QVERIFY(isMostly(*early, Qt::red));
        Result<QImage> late = FrameGrabber::thumbnail(m_redBlue, 1'500'000, {120});
        QVERIFY(late);
        QVERIFY(isMostly(*late, Qt::blue));
        // Past the end: the last picture, not an error.
        Result<QImage> past = FrameGrabber::thumbnail(m_redBlue, 60'000'000, {60});
        QVERIFY(past);
        QVERIFY(isMostly(*past, Qt::blue));
    }

    void filmstripIsEvenlySpaced()
    {
        Result<QList<QImage>> strip = FrameGrabber::filmstrip(m_redBlue, 4, {48});
        QVERIFY(strip);
        QCOMPARE(strip->size(), 4);
        QVERIFY(isMostly(strip->at(0), Qt::red));
        QVERIFY(isMostly(strip->at(1), Qt::red));
        QVERIFY(isMostly(strip->at(2), Qt::blue));
        QVERIFY(isMostly(strip->at(3), Qt::blue));
        for (const QImage &frame : *strip)
            QCOMPARE(frame.size(), QSize(64, 48));
        QVERIFY(!FrameGrabber::filmstrip(m_redBlue, 0));
    }

    void rotationIsApplied()
    {
        const QString rotated = m_media->makeRotated90(u"rot.mp4"_s, m_redBlue);
        QVERIFY2(!rotated.isEmpty(), qPrintable(m_media->lastError()));
        Result<QImage> image = FrameGrabber::thumbnail(rotated, 0, {120});
        QVERIFY(image);
        QCOMPARE(image->size(), QSize(90, 120)); // portrait, as the editor shows it
    }

    void stillImageAndAlpha()
    {
        const QString png = m_media->make(
            u"alpha.png"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s, u"color=c=green:size=100x50"_s, u"-vf"_s,
                             u"format=rgba,colorchannelmixer=aa=0.5"_s, u"-frames:v"_s, u"1"_s});
        QVERIFY(!png.isEmpty());
        Result<QImage> image = FrameGrabber::thumbnail(png, 0, {25});
        QVERIFY2(image, qPrintable(image ? QString() : image.error().message()));
        QCOMPARE(image->size(), QSize(50, 25));
        QVERIFY(std::abs(image->pixelColor(25, 12).alpha() - 128) < 10);
        Result<QList<QImage>> strip = FrameGrabber::filmstrip(png, 3, {25});
        QVERIFY(strip);
        QCOMPARE(strip->size(), 3);
    }

    void audioHasNoPicture()
    {
        Result<QImage> image = FrameGrabber::thumbnail(m_toneThenSilence, 0);
        QVERIFY(!image);
        QCOMPARE(image.error().code(), ErrorCode::MediaUnsupported);
        QVERIFY(image.error().message().contains(u"tone.wav"_s));
    }

    void waveformPeaksFollowTheSound()
    {
        Result<WaveformPeaks> peaks = computeWaveform(m_toneThenSilence, 10);
        QVERIFY2(peaks, qPrintable(peaks ? QString() : peaks.error().message()));
        QCOMPARE(peaks->minimum.size(), 10);
        QCOMPARE(peaks->maximum.size(), 10);
        QCOMPARE(peaks->durationUs, 2'000'000);
        QCOMPARE(peaks->sampleRate, 8000);
        for (int i = 0; i < 5; ++i) {
            QVERIFY2(std::abs(peaks->maximum.at(i) - 0.5f) < 0.02f,
                     qPrintable(QString::number(peaks->maximum.at(i))));
            QVERIFY(std::abs(peaks->minimum.at(i) + 0.5f) < 0.02f);
        }
        for (int i = 5; i < 10; ++i)
            QVERIFY(std::abs(peaks->maximum.at(i)) < 0.01f);

        Result<WaveformPeaks> again = WaveformPeaks::fromBytes(peaks->toBytes());
        QVERIFY(again);
        QCOMPARE(again->maximum, peaks->maximum);
        QCOMPARE(again->durationUs, peaks->durationUs);
        QVERIFY(!WaveformPeaks::fromBytes("garbage"));
    }

    void waveformOfAVideosSound()
    {
        const QString video = m_media->make(
            u"av.mp4"_s,
            {u"-f"_s, u"lavfi"_s, u"-i"_s, u"testsrc=duration=2:size=160x120:rate=25"_s, u"-f"_s,
             u"lavfi"_s, u"-i"_s, u"sine=duration=2"_s, u"-ac"_s, u"2"_s, u"-shortest"_s, u"-c:v"_s,
             u"libx264"_s, u"-c:a"_s, u"aac"_s});
        QVERIFY(!video.isEmpty());
        Result<WaveformPeaks> peaks = computeWaveform(video, 100);
        QVERIFY(peaks);
        QCOMPARE(peaks->maximum.size(), 100);
        // sine's default amplitude is 1/8.
        QVERIFY(std::abs(peaks->maximum.at(50) - 0.125f) < 0.03f);
        QVERIFY(!computeWaveform(m_redBlue, 10)); // no sound
    }

    void waveformFollowsALayoutChange()
    {
        // Two recordings joined byte for byte: 2 s of 5.1, then 2 s of stereo. The second one's
        // clock starts again, and its channel layout differs from what the decoder began with.
        const QString surround = m_media->make(u"a6.ts"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s,
                                                            u"sine=frequency=440:duration=2"_s,
                                                            u"-ac"_s, u"6"_s, u"-c:a"_s, u"aac"_s});
        const QString stereo = m_media->make(u"b2.ts"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s,
                                                          u"sine=frequency=880:duration=2"_s,
                                                          u"-ac"_s, u"2"_s, u"-c:a"_s, u"aac"_s});
        QVERIFY(!surround.isEmpty() && !stereo.isEmpty());
        QFile a(surround);
        QFile b(stereo);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        const QString joined = m_media->writeFile(u"joined.ts"_s, a.readAll() + b.readAll());
        QVERIFY(!joined.isEmpty());

        Result<WaveformPeaks> peaks = computeWaveform(joined, 20);
        QVERIFY2(peaks, qPrintable(peaks ? QString() : peaks.error().message()));
        QCOMPARE(peaks->maximum.size(), 20);
        // The container claims ~2 s (first to last timestamp); the sound lasts ~4 s.
        QVERIFY2(peaks->durationUs > 3'800'000 && peaks->durationUs < 4'300'000,
                 qPrintable(QString::number(peaks->durationUs)));
        for (int i = 1; i < 19; ++i) // the tone is everywhere: no gap, no pile-up at the end
            QVERIFY2(peaks->maximum.at(i) > 0.03f,
                     qPrintable(u"bucket %1: %2"_s.arg(i).arg(peaks->maximum.at(i))));
    }

    void waveformWithoutADuration()
    {
        // A live-written Matroska file announces no duration: the sound's own length is used.
        const QString live
            = m_media->make(u"live.mka"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s, u"sine=duration=3"_s,
                                            u"-c:a"_s, u"flac"_s, u"-live"_s, u"1"_s});
        QVERIFY2(!live.isEmpty(), qPrintable(m_media->lastError()));
        Result<WaveformPeaks> peaks = computeWaveform(live, 30);
        QVERIFY2(peaks, qPrintable(peaks ? QString() : peaks.error().message()));
        QVERIFY2(peaks->durationUs > 2'900'000 && peaks->durationUs < 3'200'000,
                 qPrintable(QString::number(peaks->durationUs)));
        for (int i = 0; i < 30; ++i)
            QVERIFY2(std::abs(peaks->maximum.at(i) - 0.125f) < 0.03f,
                     qPrintable(u"bucket %1: %2"_s.arg(i).arg(peaks->maximum.at(i))));
    }

    void longDecodesDoNotTimeOut()
    {
        // Reading 30 s of audio with a slow cancellation check takes well over 300 ms: the open
        // budget (300 ms) does not cover the decode, and the stall budget is re-armed per packet.
        const QString audio = m_media->make(
            u"long30.wav"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s, u"sine=duration=30:sample_rate=48000"_s,
                              u"-c:a"_s, u"pcm_s16le"_s});
        QVERIFY(!audio.isEmpty());
        const auto slowCheck = [] {
            QThread::msleep(1);
            return false;
        };
        QElapsedTimer clock;
        clock.start();
        Result<WaveformPeaks> peaks = computeWaveform(audio, 100, {300, slowCheck, 300});
        QVERIFY2(peaks, qPrintable(peaks ? QString() : peaks.error().message()));
        QVERIFY2(clock.elapsed() > 600, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(peaks->durationUs, 30'000'000);
    }

    void openingAndStallsStillTimeOut()
    {
        const QString audio = m_media->make(
            u"long30.wav"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s, u"sine=duration=30:sample_rate=48000"_s,
                              u"-c:a"_s, u"pcm_s16le"_s});
        QVERIFY(!audio.isEmpty());
        // Opening took longer than its budget.
        const auto slow = [] {
            QThread::msleep(10);
            return false;
        };
        Result<WaveformPeaks> opening = computeWaveform(audio, 100, {5, slow, 0});
        QVERIFY(!opening);
        QCOMPARE(opening.error().code(), ErrorCode::Timeout);
        QCOMPARE(opening.error().details().value(u"kind"_s).toString(), u"open"_s);
        QVERIFY(opening.error().message().contains(u"long30.wav"_s));
        // Reading stops making progress after it began (here: from the 20th check on, each one
        // blocks for longer than the stall budget; libav asks at its next read from the file,
        // after the packets buffered while probing).
        const QString slowAudio = m_media->make(
            u"long8k.wav"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s, u"sine=duration=30:sample_rate=8000"_s,
                              u"-c:a"_s, u"pcm_s16le"_s});
        QVERIFY(!slowAudio.isEmpty());
        auto calls = std::make_shared<std::atomic_int>(0);
        const auto stalls = [calls] {
            if (calls->fetch_add(1) >= 20)
                QThread::msleep(25);
            return false;
        };
        Result<WaveformPeaks> stalled = computeWaveform(slowAudio, 100, {10'000, stalls, 20});
        QVERIFY(!stalled);
        QCOMPARE(stalled.error().code(), ErrorCode::Timeout);
        QCOMPARE(stalled.error().details().value(u"kind"_s).toString(), u"stall"_s);
        QVERIFY2(stalled.error().message().contains(u"no data for 20 ms"_s),
                 qPrintable(stalled.error().message()));
    }

    void cancel()
    {
        Result<QImage> cancelled = FrameGrabber::thumbnail(m_redBlue, 0, {}, {10'000, [] {
                                                                                  return true;
                                                                              }});
        QVERIFY(!cancelled);
        QCOMPARE(cancelled.error().code(), ErrorCode::Cancelled);
    }

    void picturesNearTheEndOfAnIndexlessFile()
    {
        // MPEG-TS has no index, and this one has a single keyframe (red for 8 s, then blue): a
        // seek near the end lands on frames that cannot be decoded alone.
        const QString ts
            = m_media->make(u"onekey.ts"_s, {u"-f"_s,
                                             u"lavfi"_s,
                                             u"-i"_s,
                                             u"color=c=red:size=320x240:rate=25:duration=8"_s,
                                             u"-f"_s,
                                             u"lavfi"_s,
                                             u"-i"_s,
                                             u"color=c=blue:size=320x240:rate=25:duration=2"_s,
                                             u"-filter_complex"_s,
                                             u"[0:v][1:v]concat=n=2:v=1[v]"_s,
                                             u"-map"_s,
                                             u"[v]"_s,
                                             u"-g"_s,
                                             u"1000"_s,
                                             u"-x264-params"_s,
                                             u"scenecut=0"_s,
                                             u"-c:v"_s,
                                             u"libx264"_s,
                                             u"-pix_fmt"_s,
                                             u"yuv420p"_s});
        QVERIFY2(!ts.isEmpty(), qPrintable(m_media->lastError()));
        Result<QImage> late = FrameGrabber::thumbnail(ts, 9'500'000, {60});
        QVERIFY2(late, qPrintable(late ? QString() : late.error().message()));
        QVERIFY(isMostly(*late, Qt::blue));
        Result<QImage> middle = FrameGrabber::thumbnail(ts, 5'000'000, {60});
        QVERIFY2(middle, qPrintable(middle ? QString() : middle.error().message()));
        QVERIFY(isMostly(*middle, Qt::red));
        Result<QList<QImage>> strip = FrameGrabber::filmstrip(ts, 5, {30});
        QVERIFY2(strip, qPrintable(strip ? QString() : strip.error().message()));
        QCOMPARE(strip->size(), 5);
        QVERIFY(isMostly(strip->at(0), Qt::red));
        QVERIFY(isMostly(strip->at(4), Qt::blue));
    }

    void colourMatrixAndRange_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QStringList>("tags"); // and the encoder
        QTest::addColumn<QColor>("expected");
        // HD video in BT.709 (swscale's default matrix is BT.601: red would come out ~233,0,0).
        QTest::newRow("bt709 hd")
            << u"hd709.mp4"_s << u"color=c=0xFF0000:size=1280x720"_s
            << u"scale=out_color_matrix=bt709:out_range=tv,format=yuv420p"_s
            << QStringList{u"-colorspace"_s, u"bt709"_s,      u"-color_primaries"_s,
                           u"bt709"_s,       u"-color_trc"_s, u"bt709"_s,
                           u"-c:v"_s,        u"libx264"_s}
            << QColor(255, 0, 0);
        // Full-range luma in yuv420p (VP9 has no yuvj formats) read as limited range would come
        // out ~242.
        QTest::newRow("full range") << u"full.webm"_s << u"color=c=0xE0E0E0:size=320x240"_s
                                    << u"scale=out_range=pc,format=yuv420p"_s
                                    << QStringList{u"-color_range"_s, u"pc"_s,        u"-c:v"_s,
                                                   u"libvpx-vp9"_s,   u"-deadline"_s, u"realtime"_s}
                                    << QColor(224, 224, 224);
    }

    void colourMatrixAndRange()
    {
        QFETCH(QString, name);
        QFETCH(QString, source);
        QFETCH(QString, filter);
        QFETCH(QStringList, tags);
        QFETCH(QColor, expected);
        const QString video
            = m_media->make(name, QStringList{u"-f"_s, u"lavfi"_s, u"-i"_s,
                                              source + u":rate=25:duration=1"_s, u"-vf"_s, filter}
                                      + tags);
        QVERIFY2(!video.isEmpty(), qPrintable(m_media->lastError()));
        Result<QImage> image = FrameGrabber::thumbnail(video, 0, {72});
        QVERIFY2(image, qPrintable(image ? QString() : image.error().message()));
        const QColor c = image->pixelColor(image->width() / 2, image->height() / 2);
        const int off
            = std::max({std::abs(c.red() - expected.red()), std::abs(c.green() - expected.green()),
                        std::abs(c.blue() - expected.blue())});
        QVERIFY2(off <= 8, qPrintable(u"got %1,%2,%3"_s.arg(c.red()).arg(c.green()).arg(c.blue())));
    }
};

QTEST_GUILESS_MAIN(tst_FrameGrabber)
#include "tst_framegrabber.moc"
