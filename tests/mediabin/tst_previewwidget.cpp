// The preview (ui/media/previewwidget.h) on a real draft with generated media: it follows the
// playhead to the topmost clip and seeks the player to the source time, shows photos and the
// "no clip" state, plays and pauses from its button and Space, steps frames, follows draft edits,
// and stays silent without an audio device.

#include "core/draft/draftprofile.h"
#include "core/services/draftservice.h"
#include "mediabinfixture.h"
#include "ui/media/previewwidget.h"

#include <QAudioDevice>
#include <QLabel>
#include <QMediaDevices>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;
using namespace CutPilot::Ui;
using namespace Qt::StringLiterals;

class tst_PreviewWidget : public QObject
{
    Q_OBJECT

private:
    MediaBinFixture m_fx;
    QString m_video; // 3 s, 25 fps
    QString m_photo;
    std::unique_ptr<DraftService> m_draft;
    std::unique_ptr<PreviewWidget> m_preview;
    QString m_videoTrack;
    QString m_clipSegment;

    QToolButton *button(const QString &name) const
    {
        return m_preview->findChild<QToolButton *>(name);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_fx.setUp(), "needs the ffmpeg command and a temporary folder");
        m_video = m_fx.video(u"clip.mp4"_s, 3);
        m_photo = m_fx.image(u"still.png"_s);
        QVERIFY2(!m_video.isEmpty() && !m_photo.isEmpty(), qPrintable(m_fx.lastError()));
    }

    /// Bottom video track: clip.mp4 at [1 s, 3 s) from source 0.5 s. Overlay: still.png at
    /// [3.5 s, 4.5 s). Draft fps 25.
    void init()
    {
        Draft draft;
        draft.id = newDraftGuid();
        draft.name = u"preview"_s;
        draft.fps = 25;
        Result<DraftProfile> profile = DraftProfile::builtIn(u"jy5-win"_s);
        QVERIFY(profile);
        m_draft = std::make_unique<DraftService>(draft, *profile);
        Result<QString> main = m_draft->addTrack(TrackType::Video, u"main"_s, 0);
        QVERIFY2(main, qPrintable(main ? QString() : main.error().message()));
        m_videoTrack = *main;
        Result<QString> overlay = m_draft->addTrack(TrackType::Video, u"overlay"_s, 1);
        QVERIFY(overlay);

        MediaMaterial clip;
        clip.id = newMaterialId();
        clip.kind = MediaKind::Video;
        clip.path = m_video;
        clip.name = u"clip.mp4"_s;
        clip.durationUs = 3'000'000;
        clip.width = 320;
        clip.height = 240;
        Result<QString> segment
            = m_draft->addMediaSegment(m_videoTrack, clip, {1'000'000, 2'000'000}, 500'000);
        QVERIFY2(segment, qPrintable(segment ? QString() : segment.error().message()));
        m_clipSegment = *segment;

        MediaMaterial photo;
        photo.id = newMaterialId();
        photo.kind = MediaKind::Photo;
        photo.path = m_photo;
        photo.name = u"still.png"_s;
        photo.durationUs = MediaMaterial::PhotoDurationUs;
        photo.width = 160;
        photo.height = 120;
        QVERIFY(m_draft->addMediaSegment(*overlay, photo, {3'500'000, 1'000'000}, 0));

        m_preview = std::make_unique<PreviewWidget>();
        m_preview->resize(480, 360);
        m_preview->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_preview.get()));
    }

    void cleanup()
    {
        m_preview.reset();
        m_draft.reset();
    }

    void withoutADraftShowsNoClip()
    {
        QVERIFY(m_preview->showsNoClip());
        QVERIFY(m_preview->findChild<QLabel *>(u"previewNoClip"_s)->isVisible());
        QTest::mouseClick(button(u"previewPlayPause"_s), Qt::LeftButton);
        QVERIFY(!m_preview->isPlaying()); // nothing to play
    }

    void silentWithoutAnAudioDevice()
    {
        // The test session has no audio device unless a sound server runs: then the player must
        // have no output at all (Qt 6.4's ffmpeg backend crashes writing to a missing device).
        if (QMediaDevices::audioOutputs().isEmpty())
            QVERIFY(!m_preview->player()->audioOutput());
        else
            QVERIFY(m_preview->player()->audioOutput());
        m_preview->setDraft(m_draft.get());
        m_preview->setPlayhead(1'000'000);
        QTest::mouseClick(button(u"previewPlayPause"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_preview->player()->playbackState(), QMediaPlayer::PlayingState,
                                  10'000);
        QTest::qWait(300); // plays (with its audio stream) without crashing
        QTest::mouseClick(button(u"previewPlayPause"_s), Qt::LeftButton);
        QVERIFY(!m_preview->isPlaying());
    }

    void followsThePlayheadToTheTopmostClip()
    {
        m_preview->setDraft(m_draft.get());
        m_preview->setPlayhead(1'500'000);
        QVERIFY(m_preview->currentClip());
        QCOMPARE(m_preview->currentClip()->segmentId, m_clipSegment);
        QVERIFY(!m_preview->showsNoClip());
        QVERIFY(m_preview->findChild<QWidget *>(u"previewVideo"_s)->isVisible());
        QCOMPARE(m_preview->player()->source(), QUrl::fromLocalFile(m_video));
        // source 0.5 s + (1.5 s - 1 s) = 1 s
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(m_preview->player()->position() - 1000) <= 40, 10'000);
        QCOMPARE(m_preview->player()->playbackState(), QMediaPlayer::PausedState);

        m_preview->setPlayhead(2'500'000); // same clip, later: a seek, no reload
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(m_preview->player()->position() - 2000) <= 40, 10'000);

        m_preview->setPlayhead(500'000); // before the clip: black, "No clip"
        QVERIFY(m_preview->showsNoClip());
        QVERIFY(!m_preview->currentClip());
        auto *noClip = m_preview->findChild<QLabel *>(u"previewNoClip"_s);
        QVERIFY(noClip->isVisible());
        QCOMPARE(noClip->text(), u"No clip"_s);

        m_preview->setPlayhead(4'000'000); // the photo, as an image
        QVERIFY(m_preview->currentClip());
        QCOMPARE(m_preview->currentClip()->kind, MediaKind::Photo);
        auto *image = m_preview->findChild<QLabel *>(u"previewImage"_s);
        QVERIFY(image->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!image->pixmap().isNull(), 10'000);

        m_preview->setDraft(nullptr);
        QVERIFY(m_preview->showsNoClip());
    }

    void followsDraftEdits()
    {
        m_preview->setDraft(m_draft.get());
        m_preview->setPlayhead(500'000);
        QVERIFY(m_preview->showsNoClip());
        QVERIFY(m_draft->moveSegment(m_clipSegment, m_videoTrack, 0)); // now under the playhead
        QVERIFY(!m_preview->showsNoClip());
        QCOMPARE(m_preview->currentClip()->sourceTimeUs, 1'000'000);
        QTRY_VERIFY_WITH_TIMEOUT(std::abs(m_preview->player()->position() - 1000) <= 40, 10'000);
        m_draft->undoStack()->undo();
        QVERIFY(m_preview->showsNoClip());
        m_draft.reset(); // the draft is closed: no crash, nothing shown
        QVERIFY(m_preview->showsNoClip());
        QVERIFY(!m_preview->draft());
    }

    void unplayableMediaShowsWhy()
    {
        const QString broken = m_fx.garbage(u"broken.mp4"_s);
        QVERIFY(!broken.isEmpty());
        MediaMaterial clip;
        clip.id = newMaterialId();
        clip.kind = MediaKind::Video;
        clip.path = broken;
        clip.name = u"broken.mp4"_s;
        clip.durationUs = 3'000'000;
        clip.width = 320;
        clip.height = 240;
        QVERIFY(m_draft->addMediaSegment(m_videoTrack, clip, {5'000'000, 1'000'000}, 0));
        m_preview->setDraft(m_draft.get());
        m_preview->setPlayhead(5'500'000);
        auto *noClip = m_preview->findChild<QLabel *>(u"previewNoClip"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_preview->showsNoClip(), 10'000);
        QVERIFY2(noClip->text().startsWith(u"Cannot play"_s), qPrintable(noClip->text()));
        QVERIFY(noClip->text().contains(u"broken.mp4"_s));
        m_preview->setPlayhead(5'600'000); // still the broken clip: the reason stays
        QVERIFY(m_preview->showsNoClip());
        QVERIFY(noClip->text().startsWith(u"Cannot play"_s));
        m_preview->setPlayhead(1'500'000); // a good clip plays again
        QVERIFY(!m_preview->showsNoClip());
        QTRY_VERIFY2_WITH_TIMEOUT(
            std::abs(m_preview->player()->position() - 1000) <= 40,
            qPrintable(u"pos %1 status %2 error %3 src %4"_s.arg(m_preview->player()->position())
                           .arg(int(m_preview->player()->mediaStatus()))
                           .arg(m_preview->player()->errorString(),
                                m_preview->player()->source().toString())),
            5'000);
    }

    void playPauseAndStepWithButtonsAndKeys()
    {
        m_preview->setDraft(m_draft.get());
        m_preview->setPlayhead(1'000'000);
        QSignalSpy moved(m_preview.get(), &PreviewWidget::playheadMoved);
        QTest::mouseClick(button(u"previewPlayPause"_s), Qt::LeftButton);
        QVERIFY(m_preview->isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(moved.count() >= 5, 5'000);
        QVERIFY(moved.last().at(0).toLongLong() > moved.first().at(0).toLongLong());
        QVERIFY(moved.first().at(0).toLongLong() >= 1'000'000);
        QTRY_COMPARE_WITH_TIMEOUT(m_preview->player()->playbackState(), QMediaPlayer::PlayingState,
                                  10'000);

        QTest::keyClick(m_preview.get(), Qt::Key_Space); // pause
        QVERIFY(!m_preview->isPlaying());
        QCOMPARE(m_preview->player()->playbackState(), QMediaPlayer::PausedState);
        const qint64 pausedAt = m_preview->playhead();
        const int emitted = int(moved.count());
        QTest::qWait(200);
        QCOMPARE(m_preview->playhead(), pausedAt);
        QCOMPARE(int(moved.count()), emitted);

        // One frame at 25 fps = 40 ms, forward with the button, back with the key.
        QTest::mouseClick(button(u"previewStepForward"_s), Qt::LeftButton);
        QCOMPARE(m_preview->playhead(), pausedAt + 40'000);
        QCOMPARE(moved.last().at(0).toLongLong(), pausedAt + 40'000);
        QTest::keyClick(m_preview.get(), Qt::Key_Left);
        QTest::keyClick(m_preview.get(), Qt::Key_Left);
        QCOMPARE(m_preview->playhead(), pausedAt - 40'000);
        QTest::mouseClick(button(u"previewStepBack"_s), Qt::LeftButton);
        QCOMPARE(m_preview->playhead(), pausedAt - 80'000);

        // Space plays again; playing through the gap and the photo stops at the end.
        m_preview->setPlayhead(4'300'000);
        QTest::keyClick(m_preview.get(), Qt::Key_Space);
        QVERIFY(m_preview->isPlaying());
        QTRY_VERIFY_WITH_TIMEOUT(!m_preview->isPlaying(), 5'000);
        QCOMPARE(m_preview->playhead(), m_draft->draft().duration());
        QCOMPARE(moved.last().at(0).toLongLong(), m_draft->draft().duration());
        auto *time = m_preview->findChild<QLabel *>(u"previewTime"_s);
        QCOMPARE(time->text(), u"00:00:04:12 / 00:00:04:12"_s);
    }
};

QTEST_MAIN(tst_PreviewWidget)
#include "tst_previewwidget.moc"
