#include "previewwidget.h"

#include "core/services/draftservice.h"
#include "core/support/futurewatch.h"

#include <QAudioDevice>
#include <QAudioOutput>
#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QMediaDevices>
#include <QStackedWidget>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <QVideoWidget>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace CutPilot::Ui {

using namespace Qt::StringLiterals;

namespace {

constexpr int TickMs = 30;
/// While playing, the player is re-seeked only when it is this far from the clock.
constexpr qint64 DriftMs = 250;

QString timecode(qint64 us, double fps)
{
    const qint64 totalSeconds = us / 1'000'000;
    const int frame = int(std::floor(double(us % 1'000'000) * fps / 1e6));
    return u"%1:%2:%3:%4"_s.arg(totalSeconds / 3600, 2, 10, QChar(u'0'))
        .arg((totalSeconds / 60) % 60, 2, 10, QChar(u'0'))
        .arg(totalSeconds % 60, 2, 10, QChar(u'0'))
        .arg(frame, 2, 10, QChar(u'0'));
}

} // namespace

PreviewWidget::PreviewWidget(QWidget *parent)
    : QWidget(parent)
    , m_video(new QVideoWidget(this))
    , m_image(new QLabel(this))
    , m_noClip(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_stepBack(new QToolButton(this))
    , m_playPause(new QToolButton(this))
    , m_stepForward(new QToolButton(this))
    , m_time(new QLabel(this))
{
    setFocusPolicy(Qt::StrongFocus);
    // Without an audio device the player must not get an output at all (toolchain.md §6).
    if (!QMediaDevices::audioOutputs().isEmpty())
        m_audio = new QAudioOutput(this);
    createPlayer();

    m_video->setObjectName(u"previewVideo"_s);
    m_image->setObjectName(u"previewImage"_s);
    m_noClip->setObjectName(u"previewNoClip"_s);
    for (QLabel *label : {m_image, m_noClip}) {
        label->setAlignment(Qt::AlignCenter);
        label->setAutoFillBackground(true);
        label->setMinimumSize(160, 90);
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
        QPalette black = label->palette();
        black.setColor(QPalette::Window, Qt::black);
        black.setColor(QPalette::WindowText, Qt::lightGray);
        label->setPalette(black);
    }
    m_stack->addWidget(m_noClip);
    m_stack->addWidget(m_video);
    m_stack->addWidget(m_image);
    m_stack->setCurrentWidget(m_noClip);

    m_stepBack->setObjectName(u"previewStepBack"_s);
    m_playPause->setObjectName(u"previewPlayPause"_s);
    m_stepForward->setObjectName(u"previewStepForward"_s);
    m_time->setObjectName(u"previewTime"_s);
    m_stepBack->setIcon(style()->standardIcon(QStyle::SP_MediaSeekBackward));
    m_stepForward->setIcon(style()->standardIcon(QStyle::SP_MediaSeekForward));
    for (QToolButton *button : {m_stepBack, m_playPause, m_stepForward})
        button->setFocusPolicy(Qt::NoFocus); // keys stay with the preview

    auto *controls = new QHBoxLayout;
    controls->setContentsMargins(0, 0, 0, 0);
    controls->addStretch();
    controls->addWidget(m_stepBack);
    controls->addWidget(m_playPause);
    controls->addWidget(m_stepForward);
    controls->addStretch();
    controls->addWidget(m_time);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack, 1);
    layout->addLayout(controls);

    connect(m_playPause, &QToolButton::clicked, this, &PreviewWidget::togglePlayPause);
    connect(m_stepBack, &QToolButton::clicked, this, &PreviewWidget::stepBackward);
    connect(m_stepForward, &QToolButton::clicked, this, &PreviewWidget::stepForward);
    m_tick.setInterval(TickMs);
    connect(&m_tick, &QTimer::timeout, this, &PreviewWidget::onTick);

    retranslateUi();
    updatePlayButton();
    updateTimeLabel();
}

void PreviewWidget::createPlayer()
{
    if (m_player) {
        m_player->disconnect(this);
        m_player->stop();
        m_player->setVideoOutput(nullptr);
        m_player->setAudioOutput(nullptr);
        m_player->deleteLater();
    }
    m_player = new QMediaPlayer(this);
    m_playerFailed = false;
    m_loadedPath.clear();
    m_pendingSeekMs = -1;
    if (m_audio)
        m_player->setAudioOutput(m_audio);
    m_player->setVideoOutput(m_video);
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this,
            &PreviewWidget::onMediaStatusChanged);
    connect(m_player, &QMediaPlayer::errorOccurred, this,
            [this](QMediaPlayer::Error error, const QString &message) {
                if (error == QMediaPlayer::NoError)
                    return;
                // Qt 6.4's ffmpeg backend does not load another source after an error: the next
                // source gets a fresh player. The reason stays shown for this file until another
                // draft is set, so the next playhead move does not hide it behind black.
                m_playerFailed = true;
                m_pendingSeekMs = -1;
                m_failedPath = m_loadedPath;
                m_failedMessage
                    = tr("Cannot play %1: %2").arg(QDir::toNativeSeparators(m_loadedPath), message);
                if (m_clip && m_clip->path == m_failedPath)
                    showNoClip(m_failedMessage);
            });
}

PreviewWidget::~PreviewWidget()
{
    m_tick.stop();
    m_player->stop();
}

void PreviewWidget::retranslateUi()
{
    m_stepBack->setToolTip(tr("One frame back (Left)"));
    m_stepForward->setToolTip(tr("One frame forward (Right)"));
    m_stepBack->setAccessibleName(tr("One frame back"));
    m_stepForward->setAccessibleName(tr("One frame forward"));
    m_noClip->setText(m_noClipMessage.isEmpty() ? tr("No clip") : m_noClipMessage);
    updatePlayButton();
}

void PreviewWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void PreviewWidget::setDraft(Core::DraftService *draft)
{
    for (const QMetaObject::Connection &connection : std::as_const(m_draftConnections))
        disconnect(connection);
    m_draftConnections.clear();
    m_draft = draft;
    m_failedPath.clear(); // another draft (or the same again): try its files afresh
    if (draft) {
        m_draftConnections.append(
            connect(draft, &Core::DraftService::draftChanged, this, &PreviewWidget::refresh));
        m_draftConnections.append(
            connect(draft, &QObject::destroyed, this, [this] { setDraft(nullptr); }));
    } else {
        pause();
    }
    refresh();
    updateTimeLabel();
}

qint64 PreviewWidget::frameDurationUs() const
{
    const double fps = m_draft && m_draft->draft().fps > 0 ? m_draft->draft().fps : 30.0;
    return qint64(std::llround(1e6 / fps));
}

qint64 PreviewWidget::draftDuration() const
{
    return m_draft ? m_draft->draft().duration() : 0;
}

bool PreviewWidget::showsNoClip() const
{
    return m_stack->currentWidget() == m_noClip;
}

void PreviewWidget::setPlayhead(qint64 us)
{
    m_playhead = std::clamp<qint64>(us, 0, Core::MaxTimeUs);
    if (m_playing) {
        m_clockStartUs = m_playhead;
        m_clock.restart();
    }
    refresh();
    updateTimeLabel();
}

void PreviewWidget::play()
{
    if (!m_draft || m_playing)
        return;
    if (m_playhead >= draftDuration())
        m_playhead = 0; // at the end: play from the start, as editors do
    m_playing = true;
    m_clockStartUs = m_playhead;
    m_clock.start();
    m_tick.start();
    refresh();
    updatePlayButton();
    Q_EMIT playingChanged(true);
}

void PreviewWidget::pause()
{
    if (!m_playing)
        return;
    m_playing = false;
    m_tick.stop();
    if (m_player->playbackState() == QMediaPlayer::PlayingState)
        m_player->pause();
    updatePlayButton();
    Q_EMIT playingChanged(false);
}

void PreviewWidget::togglePlayPause()
{
    if (m_playing)
        pause();
    else
        play();
}

void PreviewWidget::stepForward()
{
    step(1);
}

void PreviewWidget::stepBackward()
{
    step(-1);
}

void PreviewWidget::step(int frames)
{
    pause();
    setPlayhead(std::max<qint64>(0, m_playhead + frames * frameDurationUs()));
    Q_EMIT playheadMoved(m_playhead);
}

void PreviewWidget::onTick()
{
    if (!m_playing)
        return;
    const qint64 end = draftDuration();
    qint64 now = m_clockStartUs + m_clock.nsecsElapsed() / 1000;
    const bool atEnd = now >= end;
    if (atEnd)
        now = end;
    m_playhead = now;
    refresh();
    updateTimeLabel();
    Q_EMIT playheadMoved(m_playhead);
    if (atEnd)
        pause();
}

void PreviewWidget::refresh()
{
    std::optional<PreviewClip> clip;
    if (m_draft)
        clip = topmostVideoClip(m_draft->draft(), m_playhead);
    m_clip = clip;
    if (!clip) {
        showNoClip();
        return;
    }
    if (clip->kind == Core::MediaKind::Photo)
        showPhoto(*clip);
    else
        showVideo(*clip);
}

void PreviewWidget::showNoClip(const QString &message)
{
    if (m_player->playbackState() == QMediaPlayer::PlayingState)
        m_player->pause();
    m_noClipMessage = message;
    m_noClip->setText(message.isEmpty() ? tr("No clip") : message);
    m_noClip->setToolTip(message);
    m_stack->setCurrentWidget(m_noClip);
}

void PreviewWidget::showPhoto(const PreviewClip &clip)
{
    if (m_player->playbackState() == QMediaPlayer::PlayingState)
        m_player->pause();
    m_stack->setCurrentWidget(m_image);
    if (clip.path == m_photoPath)
        return;
    m_photoPath = clip.path;
    m_photo = {};
    m_image->clear();
    // Decoding a large photo must not freeze the window.
    const QString path = clip.path;
    const QFuture<QImage> decoded = QtConcurrent::run([path] {
        QImageReader reader(path);
        reader.setAutoTransform(true);
        return reader.read();
    });
    Core::whenResult(this, decoded, [this, path](const QImage &image) {
        if (path != m_photoPath)
            return;
        m_photo = image;
        if (image.isNull())
            m_image->setText(tr("Cannot read %1").arg(QDir::toNativeSeparators(path)));
        updatePhotoPixmap();
    });
}

void PreviewWidget::showVideo(const PreviewClip &clip)
{
    if (clip.path == m_failedPath) {
        showNoClip(m_failedMessage);
        return;
    }
    m_stack->setCurrentWidget(m_video);
    const qint64 wantedMs = clip.sourceTimeUs / 1000;
    if (!qFuzzyCompare(m_player->playbackRate(), clip.speed))
        m_player->setPlaybackRate(clip.speed);
    if (clip.path != m_loadedPath) {
        if (m_playerFailed) {
            createPlayer();
            m_player->setPlaybackRate(clip.speed);
        }
        m_loadedPath = clip.path;
        m_pendingSeekMs = wantedMs; // before setSource: the ffmpeg backend may load at once
        m_player->setSource(QUrl::fromLocalFile(clip.path));
        if (m_pendingSeekMs >= 0
            && (m_player->mediaStatus() == QMediaPlayer::LoadedMedia
                || m_player->mediaStatus() == QMediaPlayer::BufferedMedia))
            onMediaStatusChanged(m_player->mediaStatus());
        return;
    }
    if (m_pendingSeekMs >= 0) {
        m_pendingSeekMs = wantedMs; // still loading: seek there once loaded
        return;
    }
    if (m_playing) {
        if (m_player->playbackState() != QMediaPlayer::PlayingState) {
            m_player->setPosition(wantedMs);
            m_player->play();
        } else if (std::abs(m_player->position() - wantedMs) > DriftMs) {
            m_player->setPosition(wantedMs);
        }
        return;
    }
    if (m_player->position() != wantedMs)
        m_player->setPosition(wantedMs);
    if (m_player->playbackState() == QMediaPlayer::StoppedState)
        m_player->pause(); // paused shows the frame at the position
}

void PreviewWidget::onMediaStatusChanged(QMediaPlayer::MediaStatus status)
{
    if (status == QMediaPlayer::InvalidMedia) {
        m_pendingSeekMs = -1;
        return; // errorOccurred shows why
    }
    if (m_pendingSeekMs < 0
        || (status != QMediaPlayer::LoadedMedia && status != QMediaPlayer::BufferedMedia))
        return;
    const qint64 seekMs = m_pendingSeekMs;
    m_pendingSeekMs = -1;
    m_player->setPosition(seekMs);
    if (m_playing && m_clip && m_clip->kind == Core::MediaKind::Video)
        m_player->play();
    else
        m_player->pause();
}

void PreviewWidget::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Space:
        togglePlayPause();
        break;
    case Qt::Key_Left:
        stepBackward();
        break;
    case Qt::Key_Right:
        stepForward();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void PreviewWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updatePhotoPixmap();
}

void PreviewWidget::updatePhotoPixmap()
{
    if (m_photo.isNull())
        return;
    m_image->setPixmap(QPixmap::fromImage(
        m_photo.scaled(m_image->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation)));
}

void PreviewWidget::updateTimeLabel()
{
    const double fps = m_draft && m_draft->draft().fps > 0 ? m_draft->draft().fps : 30.0;
    m_time->setText(u"%1 / %2"_s.arg(timecode(m_playhead, fps), timecode(draftDuration(), fps)));
}

void PreviewWidget::updatePlayButton()
{
    m_playPause->setIcon(
        style()->standardIcon(m_playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_playPause->setToolTip(m_playing ? tr("Pause (Space)") : tr("Play (Space)"));
    m_playPause->setAccessibleName(m_playing ? tr("Pause") : tr("Play"));
}

} // namespace CutPilot::Ui
