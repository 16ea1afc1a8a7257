// The timeline builder driven like a user: real QTest mouse and keyboard events on the widget and
// drag-and-drop events carrying the bin's MIME payload, against a real DraftService over a real
// DraftStore. Every edit is checked in the draft, as one undo step, and through undo/redo.

#include "core/draft/catalog/catalogregistry.h"
#include "core/draft/draftserializer.h"
#include "timelinefixture.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTimer>
#include <QUndoStack>

#include <cmath>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

namespace {

QJsonObject serialized(const DraftService &service)
{
    return DraftSerializer(service.profile()).contentDocument(service.draft());
}

} // namespace

class tst_TimelineWidget : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TimelineFixture> f;

private slots:
    void init()
    {
        if (!MediaFixtures::haveFfmpeg())
            QSKIP("the ffmpeg command is needed to generate test media");
        f = std::make_unique<TimelineFixture>();
        QVERIFY(f->start());
    }
    void cleanup() { f.reset(); }

    void dropCreatesSegments()
    {
        QSignalSpy refused(f->timeline.get(), &Ui::TimelineWidget::editRefused);
        // An empty draft: a drop anywhere in the clip area is below the last track → new track.
        QVERIFY(f->dropAt(f->payload(u"video"_s), QPoint(160 + 150, 60)));
        QCOMPARE(f->service->draft().tracks.size(), 1);
        const Track video = f->service->draft().tracks.at(0); // a copy: edits replace the draft
        QCOMPARE(video.type, TrackType::Video);
        QCOMPARE(video.segments.size(), 1);
        QCOMPARE(video.segments.at(0).target, (TimeRange{1'500'000, 4'000'000}));
        QCOMPARE(f->service->draft().media.value(video.segments.at(0).materialId).path,
                 f->videoPath);
        QCOMPARE(f->timeline->selectedSegments(), QStringList{video.segments.at(0).id});
        // Track and clip were one undo step.
        QCOMPARE(f->service->undoStack()->count(), 1);

        // On the video track at 6 s (snapping off: exact time).
        f->press(Qt::Key_N);
        QVERIFY(!f->timeline->isSnapping());
        QVERIFY(f->dropAt(f->payload(u"video"_s), f->at(6'000'000, video.id)));
        QCOMPARE(f->service->draft().tracks.at(0).segments.size(), 2);
        QCOMPARE(f->service->draft().tracks.at(0).segments.at(1).target.start, 6'000'000);

        // Audio onto the video track is refused, nothing changes.
        const QJsonObject before = serialized(*f->service);
        QVERIFY(!f->dropAt(f->payload(u"audio"_s), f->at(12'000'000, video.id)));
        QCOMPARE(refused.size(), 1);
        QCOMPARE(serialized(*f->service), before);

        // Audio below the last track: a new audio track.
        const int below = f->timeline->timelineLayout().rowRect(0).bottom() + 10;
        QVERIFY(f->dropAt(f->payload(u"audio"_s), QPoint(160 + 200, below)));
        QCOMPARE(f->service->draft().tracks.size(), 2);
        const Track *audio = nullptr;
        for (const Track &t : f->service->draft().tracks) {
            if (t.type == TrackType::Audio)
                audio = &t;
        }
        QVERIFY(audio);
        QCOMPARE(audio->segments.size(), 1);
        QCOMPARE(audio->segments.at(0).target, (TimeRange{2'000'000, 3'000'000}));

        // Undo the audio drop in one step.
        f->press(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(f->service->draft().tracks.size(), 1);
    }

    void moveIsOneUndoStepAndCrossesTracks()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString v2 = f->addTrack(TrackType::Video, u"V2"_s);
        const QString a = f->addClip(v1, 1'000'000, 2'000'000);
        const int steps = f->service->undoStack()->count();
        const QJsonObject before = serialized(*f->service);
        f->timeline->setSnapping(false);

        f->drag(f->at(2'000'000, v1), f->at(3'500'000, v1));
        QCOMPARE(f->segment(a)->target.start, 2'500'000);
        QCOMPARE(f->service->undoStack()->count(), steps + 1);

        // Across tracks of the same type.
        f->drag(f->at(3'500'000, v1), f->at(3'500'000, v2));
        QCOMPARE(f->trackOf(a)->id, v2);
        QCOMPARE(f->segment(a)->target.start, 2'500'000);
        // Two drags, two steps (the service would merge moves of one clip: the GUI keeps them
        // apart).
        QCOMPARE(f->service->undoStack()->count(), steps + 2);

        f->press(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(f->trackOf(a)->id, v1);
        QCOMPARE(f->segment(a)->target.start, 2'500'000);
        f->press(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(serialized(*f->service), before);
        f->press(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(f->segment(a)->target.start, 2'500'000);
        f->press(Qt::Key_Y, Qt::ControlModifier);
        QCOMPARE(f->trackOf(a)->id, v2);
    }

    void refusedMoveChangesNothing()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString a = f->addClip(v1, 0, 2'000'000);
        const QString b = f->addClip(v1, 4'000'000, 2'000'000);
        Q_UNUSED(a);
        f->timeline->setSnapping(false);
        QSignalSpy refused(f->timeline.get(), &Ui::TimelineWidget::editRefused);
        const QJsonObject before = serialized(*f->service);
        const int steps = f->service->undoStack()->count();
        f->drag(f->at(5'000'000, v1), f->at(2'000'000, v1)); // B onto A: overlap
        QCOMPARE(refused.size(), 1);
        QVERIFY(!refused.at(0).at(0).toString().isEmpty());
        QCOMPARE(serialized(*f->service), before);
        QCOMPARE(f->service->undoStack()->count(), steps);
        QCOMPARE(f->segment(b)->target.start, 4'000'000);

        // A group move that fails half-way is rolled back and leaves no undo or redo step: C
        // (later, moved first) fits, D would run into A.
        const QString v2 = f->addTrack(TrackType::Video, u"V2"_s);
        const QString c = f->addClip(v2, 7'000'000, 1'000'000);
        const QString d = f->addClip(v1, 2'500'000, 1'000'000);
        const QJsonObject group = serialized(*f->service);
        const int groupSteps = f->service->undoStack()->count();
        QVERIFY(!c.isEmpty() && !d.isEmpty());
        QCOMPARE(f->timeline->timelineLayout().hitTest(f->at(7'500'000, v2)).segmentId, c);
        QCOMPARE(f->timeline->timelineLayout().hitTest(f->at(3'000'000, v1)).segmentId, d);
        f->click(f->at(7'500'000, v2));
        QCOMPARE(f->timeline->selectedSegments(), QStringList{c});
        f->click(f->at(3'000'000, v1), Qt::ControlModifier);
        QCOMPARE(f->timeline->selectedSegments().size(), 2);
        f->drag(f->at(3'000'000, v1), f->at(4'000'000, v1)); // +1 s: D [3.5, 4.5) hits B
        QCOMPARE(refused.size(), 2);
        QCOMPARE(serialized(*f->service), group);
        QCOMPARE(f->service->undoStack()->count(), groupSteps);
        QVERIFY(!f->service->undoStack()->canRedo());
        QCOMPARE(f->segment(c)->target.start, 7'000'000);
        QCOMPARE(f->segment(d)->target.start, 2'500'000);
    }

    void transitionFromTheContextMenu()
    {
        auto catalogs = std::make_shared<CatalogRegistry>();
        CatalogEntry dissolve;
        dissolve.kind = CatalogKind::Transition;
        dissolve.name = u"Dissolve"_s;
        dissolve.resourceId = u"8001"_s;
        dissolve.effectId = u"8001"_s;
        dissolve.defaultDurationUs = 500'000;
        catalogs->add({dissolve});
        f->timeline->setCatalogs(catalogs);
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString a = f->addClip(v1, 0, 2'000'000);
        f->addClip(v1, 2'000'000, 2'000'000);
        const QString lone = f->addClip(v1, 6'000'000, 1'000'000);

        // Right click on A, then "Transition to next clip" → "Dissolve".
        bool picked = false;
        QTimer poll;
        connect(&poll, &QTimer::timeout, this, [&] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            poll.stop();
            for (QAction *action : menu->actions()) {
                if (action->menu() && action->text() == u"Transition to next clip"_s) {
                    for (QAction *item : action->menu()->actions()) {
                        if (item->text() == u"Dissolve"_s) {
                            item->trigger();
                            picked = true;
                        }
                    }
                }
            }
            menu->close();
        });
        poll.start(20);
        const QPoint pos = f->at(1'000'000, v1);
        QContextMenuEvent event(QContextMenuEvent::Mouse, pos, f->viewport()->mapToGlobal(pos));
        QApplication::sendEvent(f->viewport(), &event);
        QVERIFY(picked);
        const Segment *s = f->segment(a);
        QCOMPARE(s->aux.size(), 1);
        QCOMPARE(s->aux.at(0).list, u"transitions"_s);
        f->press(Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(f->segment(a)->aux.isEmpty());
        f->press(Qt::Key_Y, Qt::ControlModifier);
        QCOMPARE(f->segment(a)->aux.size(), 1);

        // A clip with nothing right after it takes no transition.
        QSignalSpy refused(f->timeline.get(), &Ui::TimelineWidget::editRefused);
        QVERIFY(!f->timeline->addTransition(lone, dissolve));
        QCOMPARE(refused.size(), 1);
        QVERIFY(f->segment(lone)->aux.isEmpty());
    }

    void filmstripsAndWaveformsArriveWithoutBlocking()
    {
        QVERIFY(f->startMedia());
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString a1 = f->addTrack(TrackType::Audio, u"A1"_s);
        f->addClip(v1, 0, 4'000'000);
        QVERIFY(f->service->addMediaSegment(a1, f->audio(), {0, 3'000'000}, 0));
        const Ui::TimelineLayout &l = f->timeline->timelineLayout();
        const QRect video = l.clipRect(l.rowForTrack(v1), {0, 4'000'000});
        const QRect audio = l.clipRect(l.rowForTrack(a1), {0, 3'000'000});
        // Band below the label: a column of pixels across the clip's picture area.
        auto distinctColours = [&](const QRect &clip) {
            const QImage image = f->viewport()->grab().toImage();
            QSet<QRgb> colours;
            for (int x = clip.left() + 20; x < clip.right() - 20; x += 7) {
                for (int y = clip.top() + 18; y < clip.bottom() - 8; y += 3)
                    colours.insert(image.pixel(x, y));
            }
            return colours.size();
        };
        // Painting asks and returns at once: the first frame has flat clips ...
        QVERIFY(distinctColours(video) <= 2);
        QVERIFY(distinctColours(audio) <= 2);
        // ... then the filmstrip (testsrc's colour bars) and the waveform arrive.
        QTRY_VERIFY_WITH_TIMEOUT(distinctColours(video) > 8, 20000);
        auto waveDrawn = [&] {
            const QImage image = f->viewport()->grab().toImage();
            for (int y = audio.top() + 16; y < audio.bottom(); ++y) {
                if (image.pixel(audio.center().x(), y) == QColor(0xc8, 0xf0, 0xd0).rgb())
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(waveDrawn(), 20000);
        // CUTPILOT_TIMELINE_SHOT=<file.png> keeps a picture of it (for docs and eyeballing).
        if (const QString shot = qEnvironmentVariable("CUTPILOT_TIMELINE_SHOT"); !shot.isEmpty())
            f->timeline->grab().save(shot);
    }

    void trimBothEdges()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString a = f->addClip(v1, 1'000'000, 3'000'000, 0);
        f->timeline->setSnapping(false);
        // Head: grab 2 px inside the left edge, drag 0.5 s right.
        f->drag(f->at(1'000'000, v1) + QPoint(2, 0), f->at(1'500'000, v1) + QPoint(2, 0));
        QCOMPARE(f->segment(a)->target, (TimeRange{1'500'000, 2'500'000}));
        QCOMPARE(f->segment(a)->source->start, 500'000);
        // Tail: 0.5 s left.
        f->drag(f->at(4'000'000, v1) - QPoint(2, 0), f->at(3'500'000, v1) - QPoint(2, 0));
        QCOMPARE(f->segment(a)->target, (TimeRange{1'500'000, 2'000'000}));
        f->press(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(f->segment(a)->target, (TimeRange{1'500'000, 2'500'000}));
        f->press(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(f->segment(a)->target, (TimeRange{1'000'000, 3'000'000}));
        QCOMPARE(f->segment(a)->source->start, 0);
    }

    void splitAtPlayhead()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString a = f->addClip(v1, 0, 3'000'000);
        QSignalSpy playhead(f->timeline.get(), &Ui::TimelineWidget::playheadChanged);
        f->click(f->onRuler(1'200'000)); // scrub on the ruler
        QCOMPARE(f->timeline->playhead(), 1'200'000);
        QCOMPARE(playhead.size(), 1);
        f->click(f->at(500'000, v1));
        QCOMPARE(f->timeline->selectedSegments(), QStringList{a});
        f->press(Qt::Key_S);
        const Track *t = f->service->draft().track(v1);
        QCOMPARE(t->segments.size(), 2);
        QCOMPARE(t->segments.at(0).target, (TimeRange{0, 1'200'000}));
        QCOMPARE(t->segments.at(1).target, (TimeRange{1'200'000, 1'800'000}));
        QCOMPARE(t->segments.at(1).source->start, 1'200'000);
        f->press(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(f->service->draft().track(v1)->segments.size(), 1);
    }

    void snapsToEdgesAndPlayheadUnlessOff()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        f->addClip(v1, 0, 2'000'000);
        const QString b = f->addClip(v1, 5'000'000, 2'000'000);
        QVERIFY(f->timeline->isSnapping()); // on by default
        // B's head dropped 5 px (50 ms) after A's tail snaps onto it.
        f->drag(f->at(6'000'000, v1), f->at(3'050'000, v1));
        QCOMPARE(f->segment(b)->target.start, 2'000'000);
        // Snap to the playhead: head of B near 3.3 s.
        f->click(f->onRuler(3'300'000));
        f->drag(f->at(3'000'000, v1), f->at(4'260'000, v1)); // head → 3.26 s, 4 px from it
        QCOMPARE(f->segment(b)->target.start, 3'300'000);
        // N turns snapping off: the same kind of drag lands where the mouse went.
        f->press(Qt::Key_N);
        QVERIFY(!f->timeline->isSnapping());
        f->drag(f->at(4'300'000, v1), f->at(5'340'000, v1)); // head → 4.34 s, near nothing
        QCOMPARE(f->segment(b)->target.start, 4'340'000);
        f->drag(f->at(5'340'000, v1), f->at(4'260'000, v1)); // head → 3.26 s, 4 px from playhead
        QCOMPARE(f->segment(b)->target.start, 3'260'000);
        f->press(Qt::Key_N);
        QVERIFY(f->timeline->isSnapping());
    }

    void deleteAndRippleDelete()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString a = f->addClip(v1, 0, 1'000'000);
        const QString b = f->addClip(v1, 2'000'000, 1'000'000);
        const QString c = f->addClip(v1, 4'000'000, 1'000'000);
        const QJsonObject before = serialized(*f->service);
        const int steps = f->service->undoStack()->count();

        f->click(f->at(2'500'000, v1));
        f->press(Qt::Key_Delete);
        QVERIFY(!f->segment(b));
        QCOMPARE(f->segment(c)->target.start, 4'000'000);
        QVERIFY(f->timeline->selectedSegments().isEmpty());
        f->press(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(serialized(*f->service), before);

        f->click(f->at(2'500'000, v1));
        f->press(Qt::Key_Delete, Qt::ShiftModifier);
        QVERIFY(!f->segment(b));
        QCOMPARE(f->segment(a)->target.start, 0);
        QCOMPARE(f->segment(c)->target.start, 3'000'000); // closed the 1 s gap B left
        QCOMPARE(f->service->undoStack()->index(), steps + 1);
        f->press(Qt::Key_Z, Qt::ControlModifier); // one step restores both
        QCOMPARE(serialized(*f->service), before);
    }

    void rubberBandAndModifierSelection()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString v2 = f->addTrack(TrackType::Video, u"V2"_s);
        const QString a = f->addClip(v1, 1'000'000, 1'000'000);
        const QString b = f->addClip(v2, 1'500'000, 1'000'000);
        const QString c = f->addClip(v1, 6'000'000, 1'000'000);
        QSignalSpy selection(f->timeline.get(), &Ui::TimelineWidget::selectionChanged);
        // From empty space left of the clips across both rows.
        f->drag(f->at(300'000, v2, -20), f->at(3'000'000, v1, 20));
        QStringList selected = f->timeline->selectedSegments();
        selected.sort();
        QStringList expected{a, b};
        expected.sort();
        QCOMPARE(selected, expected);
        QVERIFY(!selection.isEmpty());
        QCOMPARE(selection.last().at(0).toStringList().size(), 2);
        // Ctrl+click adds and removes.
        f->click(f->at(6'500'000, v1), Qt::ControlModifier);
        QCOMPARE(f->timeline->selectedSegments().size(), 3);
        f->click(f->at(1'500'000, v1), Qt::ControlModifier);
        QVERIFY(!f->timeline->selectedSegments().contains(a));
        QCOMPARE(f->timeline->selectedSegments().size(), 2);
        // A click on empty space clears.
        f->click(f->at(9'000'000, v1));
        QVERIFY(f->timeline->selectedSegments().isEmpty());
        // Shift+click accumulates.
        f->click(f->at(1'500'000, v1));
        f->click(f->at(6'500'000, v1), Qt::ShiftModifier);
        QCOMPARE(f->timeline->selectedSegments(), (QStringList{a, c}));
        QCOMPARE(f->timeline->currentSegment(), c);
    }

    void copyPasteAtPlayhead()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString a = f->addClip(v1, 0, 1'500'000, 700'000);
        f->click(f->at(700'000, v1));
        f->press(Qt::Key_C, Qt::ControlModifier);
        f->click(f->onRuler(5'000'000));
        f->press(Qt::Key_V, Qt::ControlModifier);
        const Track *t = f->service->draft().track(v1);
        QCOMPARE(t->segments.size(), 2);
        const Segment &copy = t->segments.at(1);
        QVERIFY(copy.id != a);
        QCOMPARE(copy.target, (TimeRange{5'000'000, 1'500'000}));
        QCOMPARE(copy.source->start, 700'000);
        QCOMPARE(copy.materialId, f->segment(a)->materialId);
        QCOMPARE(f->timeline->selectedSegments(), QStringList{copy.id});
        // Pasting again at the same place overlaps: refused, nothing added.
        QSignalSpy refused(f->timeline.get(), &Ui::TimelineWidget::editRefused);
        f->press(Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(refused.size(), 1);
        QCOMPARE(f->service->draft().track(v1)->segments.size(), 2);
    }

    void keyframesAddMoveDelete()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString a = f->addClip(v1, 0, 3'000'000);
        f->timeline->setSnapping(false);
        f->click(f->at(2'500'000, v1));
        f->click(f->onRuler(1'000'000));
        f->press(Qt::Key_K);
        const Segment *s = f->segment(a);
        QCOMPARE(s->keyframes.size(), 1);
        QCOMPARE(s->keyframes.at(0).property, KeyframeProperty::Alpha);
        QCOMPARE(s->keyframes.at(0).keyframes.size(), 1);
        QCOMPARE(s->keyframes.at(0).keyframes.at(0).offsetUs, 1'000'000);
        const QString kf = s->keyframes.at(0).keyframes.at(0).id;
        QCOMPARE(f->timeline->selectedKeyframe(), kf);

        // The marker sits on the clip's bottom band; drag it 0.5 s right.
        const Ui::TimelineLayout &l = f->timeline->timelineLayout();
        const QRect clip = l.clipRect(l.rowForTrack(v1), f->segment(a)->target);
        const int y = clip.bottom() - Ui::TimelineLayout::KeyframeGrip - 1;
        QCOMPARE(l.hitTest(QPoint(int(l.xForTime(1'000'000)), y)).kind,
                 Ui::TimelineLayout::HitKind::Keyframe);
        f->drag(QPoint(int(l.xForTime(1'000'000)), y), QPoint(int(l.xForTime(1'500'000)), y));
        QCOMPARE(f->segment(a)->keyframes.at(0).keyframes.at(0).offsetUs, 1'500'000);
        QCOMPARE(f->segment(a)->target.start, 0); // the clip did not move

        // Select it and Delete removes the keyframe, not the clip.
        f->click(QPoint(int(l.xForTime(1'500'000)), y));
        QCOMPARE(f->timeline->selectedKeyframe(), kf);
        f->press(Qt::Key_Delete);
        QVERIFY(f->segment(a));
        QVERIFY(f->segment(a)->keyframes.isEmpty()
                || f->segment(a)->keyframes.at(0).keyframes.isEmpty());
        f->press(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(f->segment(a)->keyframes.at(0).keyframes.at(0).offsetUs, 1'500'000);
        f->press(Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(f->segment(a)->keyframes.at(0).keyframes.at(0).offsetUs, 1'000'000);
    }

    void lockedTrackRefusesEdits()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString a = f->addClip(v1, 0, 2'000'000);
        const Ui::TimelineLayout &l = f->timeline->timelineLayout();
        const int row = l.rowForTrack(v1);
        f->click(l.toggleRect(row, Ui::TimelineLayout::HitKind::LockToggle).center());
        QVERIFY(f->timeline->isTrackLocked(v1));
        QSignalSpy refused(f->timeline.get(), &Ui::TimelineWidget::editRefused);
        const QJsonObject before = serialized(*f->service);
        f->click(f->at(1'000'000, v1));
        f->press(Qt::Key_Delete);
        f->timeline->setSnapping(false);
        f->drag(f->at(1'000'000, v1), f->at(3'000'000, v1));
        QCOMPARE(serialized(*f->service), before);
        QCOMPARE(refused.size(), 2);
        // Mute is part of the draft (the editor's track attribute 1) and undoes; hide is a view
        // toggle.
        f->click(l.toggleRect(row, Ui::TimelineLayout::HitKind::MuteToggle).center());
        f->click(l.toggleRect(row, Ui::TimelineLayout::HitKind::HideToggle).center());
        QVERIFY(f->timeline->isTrackMuted(v1));
        QVERIFY(f->service->draft().track(v1)->muted);
        QVERIFY(f->timeline->isTrackHidden(v1));
        f->press(Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(!f->service->draft().track(v1)->muted);
        QVERIFY(!f->timeline->isTrackMuted(v1));
        f->press(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(f->service->draft().track(v1)->muted);
        f->click(l.toggleRect(row, Ui::TimelineLayout::HitKind::LockToggle).center());
        f->press(Qt::Key_Delete);
        QVERIFY(!f->segment(a));
    }

    void liveRefreshKeepsSelection()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        const QString a = f->addClip(v1, 0, 2'000'000);
        f->click(f->at(1'000'000, v1));
        QSignalSpy selection(f->timeline.get(), &Ui::TimelineWidget::selectionChanged);
        const QString b = f->addClip(v1, 3'000'000, 1'000'000); // an edit from elsewhere
        QCOMPARE(f->timeline->selectedSegments(), QStringList{a});
        QCOMPARE(selection.size(), 0);
        // The view shows the new clip where the service put it.
        const auto hit = f->timeline->timelineLayout().hitTest(f->at(3'500'000, v1));
        QCOMPARE(hit.segmentId, b);
        QVERIFY(f->service->removeSegment(a));
        QVERIFY(f->timeline->selectedSegments().isEmpty());
        QCOMPARE(selection.size(), 1);
        QVERIFY(f->timeline->currentSegment().isEmpty());
    }

    void zoomScrollAndFit()
    {
        const QString v1 = f->addTrack(TrackType::Video, u"V1"_s);
        f->addClip(v1, 0, 2'000'000);
        f->addClip(v1, 100'000'000, 2'000'000);
        const double before = f->timeline->usPerPx();
        QWheelEvent in(QPointF(400, 100), f->viewport()->mapToGlobal(QPointF(400, 100)), QPoint(),
                       QPoint(0, 120), Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(f->viewport(), &in);
        QVERIFY(f->timeline->usPerPx() < before);
        // Scrolled far right (Shift+wheel scrolls horizontally) ...
        const auto &l = f->timeline->timelineLayout();
        for (int i = 0; i < 20; ++i) {
            QWheelEvent right(QPointF(400, 100), f->viewport()->mapToGlobal(QPointF(400, 100)),
                              QPoint(), QPoint(0, -1200), Qt::NoButton, Qt::ShiftModifier,
                              Qt::NoScrollPhase, false);
            QApplication::sendEvent(f->viewport(), &right);
        }
        QVERIFY(l.scrollX() > 5000);
        QVERIFY(l.timeForX(Ui::TimelineLayout::HeaderWidth) > 50'000'000);
        // ... then fit: from 0 to the end.
        f->press(Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(l.scrollX(), 0);
        QCOMPARE(f->timeline->horizontalScrollBar()->value(), 0);
        QCOMPARE(f->timeline->usPerPx(), l.fitUsPerPx(102'000'000));
        // Fit shows the whole draft: its end lies inside the viewport.
        QVERIFY(l.xForTime(102'000'000) < f->viewport()->width());
        QVERIFY(l.xForTime(102'000'000) > f->viewport()->width() * 0.8);
    }
};

QTEST_MAIN(tst_TimelineWidget)
#include "tst_timelinewidget.moc"
