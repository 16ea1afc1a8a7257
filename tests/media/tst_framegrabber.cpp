// Thumbnails, filmstrips and waveform peaks (core/media/framegrabber, waveform) on generated media
// whose pictures and sounds are known: red then blue halves, a tone then silence.

#include "core/media/framegrabber.h"
#include "core/media/waveform.h"
#include "mediafixtures.h"

#include <QTemporaryDir>
#include <QTest>

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
        const QString rotated = m_media->make(u"rot.mp4"_s, {u"-i"_s, m_redBlue, u"-c"_s, u"copy"_s,
                                                             u"-metadata:s:v"_s, u"rotate=90"_s});
        QVERIFY(!rotated.isEmpty());
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

    void timeoutAndCancel()
    {
        const QString longAudio = m_media->make(
            u"long.wav"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s, u"sine=duration=120:sample_rate=48000"_s,
                            u"-c:a"_s, u"pcm_s16le"_s});
        QVERIFY(!longAudio.isEmpty());
        // 11 MB read in 32 kB blocks: libav asks the interrupt callback at each block.
        Result<WaveformPeaks> slow = computeWaveform(longAudio, 100, {1, {}});
        QVERIFY(!slow);
        QCOMPARE(slow.error().code(), ErrorCode::Timeout);
        QVERIFY(slow.error().message().contains(u"long.wav"_s));
        Result<QImage> cancelled = FrameGrabber::thumbnail(m_redBlue, 0, {}, {10'000, [] {
                                                                                  return true;
                                                                              }});
        QVERIFY(!cancelled);
        QCOMPARE(cancelled.error().code(), ErrorCode::Cancelled);
    }
};

QTEST_GUILESS_MAIN(tst_FrameGrabber)
#include "tst_framegrabber.moc"
