#pragma once

#include "core/services/draftservice.h"
#include "ui/media/previewclip.h"

#include <QElapsedTimer>
#include <QImage>
#include <QList>
#include <QMediaPlayer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <optional>

class QAudioOutput;
class QLabel;
class QStackedWidget;
class QToolButton;
class QVideoWidget;

namespace CutPilot::Ui {

/// The preview (issue 7): shows the topmost visible video clip under the playhead
/// (topmostVideoClip) with a QMediaPlayer seeked to the clip's source time, photos as an image,
/// black with "No clip" otherwise. Play/pause (Space), step one frame back/forward (Left/Right)
/// and a timecode. While playing, a wall clock drives the playhead and the player follows it
/// (re-seeking only when it drifts), so gaps and photos play too and the timeline follows
/// through playheadMoved(). Follows the draft's draftChanged.
///
/// Audio plays only when an audio output exists (QMediaDevices::audioOutputs()); without one the
/// player gets no QAudioOutput at all: Qt 6.4's ffmpeg backend crashes writing to a missing
/// device (toolchain.md §6).
class PreviewWidget final : public QWidget
{
    Q_OBJECT

public:
    explicit PreviewWidget(QWidget *parent = nullptr);
    ~PreviewWidget() override;

    /// The draft to show; nullptr clears (also when the service is destroyed).
    void setDraft(Core::DraftService *draft);
    Core::DraftService *draft() const { return m_draft; }

    qint64 playhead() const { return m_playhead; }
    bool isPlaying() const { return m_playing; }
    /// The clip shown now (std::nullopt: the "no clip" state).
    const std::optional<PreviewClip> &currentClip() const { return m_clip; }
    bool showsNoClip() const;
    QMediaPlayer *player() const { return m_player; }
    /// One frame at the draft's frame rate, in µs.
    qint64 frameDurationUs() const;

public Q_SLOTS:
    /// From the timeline: moves the playhead without emitting playheadMoved.
    void setPlayhead(qint64 us);
    void play();
    void pause();
    void togglePlayPause();
    void stepForward();
    void stepBackward();

Q_SIGNALS:
    /// The preview moved the playhead (playing, stepping): the timeline follows.
    void playheadMoved(qint64 us);
    void playingChanged(bool playing);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void createPlayer();
    void refresh();
    void showVideo(const PreviewClip &clip);
    void showPhoto(const PreviewClip &clip);
    void showNoClip(const QString &message = {});
    void onMediaStatusChanged(QMediaPlayer::MediaStatus status);
    void onTick();
    void step(int frames);
    void updatePhotoPixmap();
    void updateTimeLabel();
    void updatePlayButton();
    qint64 draftDuration() const;

    QPointer<Core::DraftService> m_draft;
    QList<QMetaObject::Connection> m_draftConnections;
    QMediaPlayer *m_player = nullptr;
    QAudioOutput *m_audio = nullptr;
    QVideoWidget *m_video = nullptr;
    QLabel *m_image = nullptr;
    QLabel *m_noClip = nullptr;
    QStackedWidget *m_stack = nullptr;
    QToolButton *m_stepBack = nullptr;
    QToolButton *m_playPause = nullptr;
    QToolButton *m_stepForward = nullptr;
    QLabel *m_time = nullptr;

    qint64 m_playhead = 0;
    bool m_playing = false;
    std::optional<PreviewClip> m_clip;
    QString m_loadedPath;        ///< the player's source
    qint64 m_pendingSeekMs = -1; ///< applied once the source has loaded
    QString m_photoPath;
    QImage m_photo;
    QString m_noClipMessage;
    bool m_playerFailed = false; ///< the player reported an error: replace it for a new source
    QString m_failedPath;        ///< the player could not open it (errorOccurred)
    QString m_failedMessage;
    QTimer m_tick;
    QElapsedTimer m_clock;
    qint64 m_clockStartUs = 0;
};

} // namespace CutPilot::Ui
