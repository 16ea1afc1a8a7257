#pragma once

// The timeline tests' world: a real DraftStore in a temporary folder, a DraftWorkspace over it,
// one open draft, media made with the ffmpeg command, and a TimelineWidget at a fixed zoom
// (100 px a second) so that a point on screen is a known time. Helpers send real QTest mouse
// and keyboard events to the widget's viewport.

#include "core/draft/draftstore.h"
#include "core/media/downloader.h"
#include "core/media/mediacache.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "core/services/mediaservice.h"
#include "mediafixtures.h"
#include "ui/common/mediamime.h"
#include "ui/timeline/timelinewidget.h"

#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

namespace CutPilot::Test {

class TimelineFixture
{
public:
    QTemporaryDir dir;
    std::unique_ptr<Core::DraftStore> store;
    std::unique_ptr<Core::DraftWorkspace> workspace;
    Core::DraftService *service = nullptr;
    QString key;
    std::unique_ptr<Core::MediaCache> cache;
    std::unique_ptr<Core::Downloader> downloader;
    std::unique_ptr<Core::MediaService> media;
    std::unique_ptr<Ui::TimelineWidget> timeline;
    QString videoPath; ///< 4 s, 320x240, 25 fps
    QString audioPath; ///< 3 s sine

    static constexpr double UsPerPx = 10'000.0; ///< 100 px a second

    bool start()
    {
        MediaFixtures media(dir.filePath(QStringLiteral("media")));
        QDir().mkpath(dir.filePath(QStringLiteral("media")));
        videoPath = media.make(QStringLiteral("clip.mp4"),
                               {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                                QStringLiteral("testsrc=duration=4:size=320x240:rate=25"),
                                QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p")});
        audioPath = media.make(QStringLiteral("tone.wav"),
                               {QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                                QStringLiteral("sine=frequency=440:duration=3")});
        if (videoPath.isEmpty() || audioPath.isEmpty())
            return false;
        store = std::make_unique<Core::DraftStore>(dir.filePath(QStringLiteral("drafts")));
        if (!store->open())
            return false;
        workspace = std::make_unique<Core::DraftWorkspace>(*store);
        Core::Draft draft;
        draft.name = QStringLiteral("timeline test");
        Core::Result<QString> created = workspace->create(draft, QStringLiteral("jy6-win"));
        if (!created)
            return false;
        key = *created;
        service = workspace->service(key);
        timeline = std::make_unique<Ui::TimelineWidget>();
        timeline->resize(1400, 420);
        timeline->setDraft(service);
        timeline->setUsPerPx(UsPerPx);
        timeline->show();
        timeline->activateWindow();
        return QTest::qWaitForWindowExposed(timeline.get());
    }

    /// A real MediaService for filmstrips and waveforms, handed to the timeline.
    bool startMedia()
    {
        cache = std::make_unique<Core::MediaCache>(dir.filePath(QStringLiteral("cache")));
        if (!cache->open())
            return false;
        downloader = std::make_unique<Core::Downloader>(dir.filePath(QStringLiteral("downloads")));
        media = std::make_unique<Core::MediaService>(*cache, *downloader,
                                                     Core::MediaService::Options{});
        timeline->setMediaService(media.get());
        return true;
    }

    ~TimelineFixture()
    {
        timeline.reset(); // before the services it shows
        media.reset();
    }

    QWidget *viewport() const { return timeline->viewport(); }

    Core::MediaMaterial video() const
    {
        return {Core::newMaterialId(),
                {},
                Core::MediaKind::Video,
                videoPath,
                QStringLiteral("clip.mp4"),
                4'000'000,
                320,
                240,
                {}};
    }
    Core::MediaMaterial audio() const
    {
        return {Core::newMaterialId(),
                {},
                Core::MediaKind::Audio,
                audioPath,
                QStringLiteral("tone.wav"),
                3'000'000,
                0,
                0,
                {}};
    }

    QString addTrack(Core::TrackType type, const QString &name)
    {
        Core::Result<QString> id = service->addTrack(type, name);
        return id ? *id : QString();
    }
    /// A clip of the test video at [start, start + duration) on `track` (setup, not under test).
    QString addClip(const QString &track, qint64 start, qint64 duration, qint64 sourceStart = 0)
    {
        Core::Result<QString> id
            = service->addMediaSegment(track, video(), {start, duration}, sourceStart);
        return id ? *id : QString();
    }

    const Core::Segment *segment(const QString &id) const
    {
        return service->draft().segment(id).second;
    }
    const Core::Track *trackOf(const QString &id) const
    {
        return service->draft().segment(id).first;
    }

    /// Viewport point at time `us` in the middle of `trackId`'s row.
    QPoint at(qint64 us, const QString &trackId, int dy = 0) const
    {
        const Ui::TimelineLayout &l = timeline->timelineLayout();
        const int row = l.rowForTrack(trackId);
        return QPoint(int(std::lround(l.xForTime(us))), l.rowRect(row).center().y() + dy);
    }
    /// A point on the ruler at `us`.
    QPoint onRuler(qint64 us) const
    {
        return QPoint(int(std::lround(timeline->timelineLayout().xForTime(us))),
                      Ui::TimelineLayout::RulerHeight / 2);
    }

    /// Press, move in steps, release: a real drag.
    void drag(QPoint from, QPoint to, Qt::KeyboardModifiers mods = Qt::NoModifier)
    {
        QTest::mousePress(viewport(), Qt::LeftButton, mods, from);
        const int steps = 6;
        for (int i = 1; i <= steps; ++i)
            QTest::mouseMove(viewport(), from + (to - from) * i / steps);
        QTest::mouseRelease(viewport(), Qt::LeftButton, mods, to);
    }
    void click(QPoint p, Qt::KeyboardModifiers mods = Qt::NoModifier)
    {
        QTest::mouseClick(viewport(), Qt::LeftButton, mods, p);
    }
    void press(Qt::Key k, Qt::KeyboardModifiers mods = Qt::NoModifier)
    {
        QTest::keyClick(timeline.get(), k, mods);
    }

    /// The bin's drag payload (ui/common/mediamime.h) for the test media.
    QByteArray payload(const QString &kind) const
    {
        QJsonObject item;
        const bool isAudio = kind == QStringLiteral("audio");
        item.insert(QStringLiteral("path"), isAudio ? audioPath : videoPath);
        item.insert(QStringLiteral("name"),
                    isAudio ? QStringLiteral("tone.wav") : QStringLiteral("clip.mp4"));
        item.insert(QStringLiteral("kind"), kind);
        item.insert(QStringLiteral("durationUs"), isAudio ? 3'000'000 : 4'000'000);
        item.insert(QStringLiteral("width"), isAudio ? 0 : 320);
        item.insert(QStringLiteral("height"), isAudio ? 0 : 240);
        item.insert(QStringLiteral("fps"), 25.0);
        return QJsonDocument(QJsonArray{item}).toJson(QJsonDocument::Compact);
    }

    /// Simulates the bin's drag ending at `pos`: enter, move, drop. Returns whether it was taken.
    bool dropAt(const QByteArray &data, QPoint pos)
    {
        QMimeData mime;
        mime.setData(Ui::MediaMimeType, data);
        QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport(), &enter);
        if (!enter.isAccepted())
            return false;
        QDragMoveEvent move(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport(), &move);
        if (!move.isAccepted())
            return false;
        QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport(), &drop);
        return drop.isAccepted();
    }
};

} // namespace CutPilot::Test
