// Issue 7's key requirement: an edit made through the real HTTP API appears live in the timeline
// and undoes there. A real ApiServer on 127.0.0.1:0 over the same DraftWorkspace the timeline
// shows; requests go over loopback with QNetworkAccessManager.

#include "tst_apiv1_fixture.h"
#include "ui/timeline/timelinewidget.h"

#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

class tst_TimelineApi : public QObject
{
    Q_OBJECT

private slots:
    void apiEditAppearsLiveAndUndoesInTheTimeline()
    {
        ApiV1Fixture f;
        QVERIFY(f.start());
        const QString draft = f.createDraft(R"({"name":"live"})");
        QVERIFY(!draft.isEmpty());
        const QString track = f.addTrack(draft, u"text"_s);
        QVERIFY(!track.isEmpty());

        Result<DraftService *> service = f.workspace->open(draft);
        QVERIFY(service);
        Ui::TimelineWidget timeline;
        timeline.resize(1200, 360);
        timeline.setDraft(*service);
        timeline.setUsPerPx(10'000);
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        const Ui::TimelineLayout &layout = timeline.timelineLayout();
        const int row = layout.rowForTrack(track);
        QVERIFY(row >= 0);
        const QPoint where(int(layout.xForTime(2'000'000)), layout.rowRect(row).center().y());
        QCOMPARE(layout.hitTest(where).kind, Ui::TimelineLayout::HitKind::Empty);

        // POST through QNetworkAccessManager, as any client would.
        const HttpResult added
            = f.post(u"/api/v1/drafts/%1/tracks/%2/segments"_s.arg(draft, track),
                     R"({"type":"text","start":1000000,"duration":2000000,"text":"from the API"})");
        QCOMPARE(added.status, 201);
        const QString segment = added.json().value(u"id"_s).toString();
        QVERIFY(!segment.isEmpty());

        // The timeline shows it (hit testing and the selection model read the view's draft).
        QTRY_COMPARE(layout.hitTest(where).segmentId, segment);
        QCOMPARE(layout.hitTest(where).kind, Ui::TimelineLayout::HitKind::Clip);
        QTest::mouseClick(timeline.viewport(), Qt::LeftButton, Qt::NoModifier, where);
        QCOMPARE(timeline.selectedSegments(), QStringList{segment});

        // Ctrl+Z in the timeline undoes the API's edit ...
        QSignalSpy selection(&timeline, &Ui::TimelineWidget::selectionChanged);
        QTest::keyClick(&timeline, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(layout.hitTest(where).kind, Ui::TimelineLayout::HitKind::Empty);
        QVERIFY(timeline.selectedSegments().isEmpty());
        QCOMPARE(selection.size(), 1);
        // ... in the service, in the store, and for the API.
        QVERIFY(!(*service)->draft().segment(segment).second);
        // Written behind the GUI: the store follows shortly.
        QTRY_VERIFY(f.store->load(draft) && !f.store->load(draft)->segment(segment).second);
        QCOMPARE(f.get(u"/api/v1/drafts/%1/segments/%2"_s.arg(draft, segment)).status, 404);

        // Redo brings it back everywhere.
        QTest::keyClick(&timeline, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(layout.hitTest(where).segmentId, segment);
        QCOMPARE(f.get(u"/api/v1/drafts/%1/segments/%2"_s.arg(draft, segment)).status, 200);

        // And a GUI edit is what the API sees: move it by dragging.
        timeline.setSnapping(false);
        const QPoint to = where + QPoint(150, 0); // +1.5 s
        QTest::mousePress(timeline.viewport(), Qt::LeftButton, Qt::NoModifier, where);
        for (int i = 1; i <= 5; ++i)
            QTest::mouseMove(timeline.viewport(), where + (to - where) * i / 5);
        QTest::mouseRelease(timeline.viewport(), Qt::LeftButton, Qt::NoModifier, to);
        const QJsonObject got
            = f.get(u"/api/v1/drafts/%1/segments/%2"_s.arg(draft, segment)).json();
        QCOMPARE(got.value(u"start"_s).toInteger(), 2'500'000);
    }
};

QTEST_MAIN(tst_TimelineApi)
#include "tst_timelineapi.moc"
