// TimelineLayout without a window: time ↔ pixels, row order, hit testing, snapping, timecode.

#include "ui/timeline/timelinelayout.h"

#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Ui;
using namespace Qt::StringLiterals;

namespace {

Segment clip(const QString &id, qint64 start, qint64 duration)
{
    Segment s;
    s.id = id;
    s.target = {start, duration};
    return s;
}

Draft sample()
{
    Draft d;
    Track v0{u"v0"_s, TrackType::Video, u"main"_s, false, 0, {}, {}};
    v0.segments = {clip(u"a"_s, 0, 1'000'000), clip(u"b"_s, 1'000'000, 1'000'000),
                   clip(u"c"_s, 5'000'000, 2'000'000)};
    Keyframe k;
    k.id = u"k"_s;
    k.offsetUs = 500'000;
    KeyframeTrack kt;
    kt.property = KeyframeProperty::Alpha;
    kt.keyframes = {k};
    v0.segments[2].keyframes = {kt};
    Track audio{u"a0"_s, TrackType::Audio, u"music"_s, false, 0, {}, {}};
    Track v1{u"v1"_s, TrackType::Video, u"overlay"_s, false, 1, {}, {}};
    Track text{u"t0"_s, TrackType::Text, u"titles"_s, false, 0, {}, {}};
    d.tracks = {v0, audio, v1, text};
    return d;
}

} // namespace

class tst_TimelineLayout : public QObject
{
    Q_OBJECT

private slots:
    void rowsInDisplayOrder()
    {
        const Draft d = sample();
        TimelineLayout l;
        l.setDraft(&d);
        QStringList order;
        for (const auto &r : l.rows())
            order << r.trackId;
        // Text above, video topmost layer first, audio last.
        QCOMPARE(order, (QStringList{u"t0"_s, u"v1"_s, u"v0"_s, u"a0"_s}));
        QCOMPARE(l.rows().at(1).top, l.rows().at(0).top + l.rows().at(0).height);
        QCOMPARE(l.rowForTrack(u"v0"_s), 2);
    }

    void timeAndPixels()
    {
        TimelineLayout l;
        l.setViewportSize({1160, 300});
        l.setUsPerPx(10'000);
        QCOMPARE(l.xForTime(0), double(TimelineLayout::HeaderWidth));
        QCOMPARE(l.xForTime(1'000'000), TimelineLayout::HeaderWidth + 100.0);
        QCOMPARE(l.timeForX(TimelineLayout::HeaderWidth + 250), 2'500'000);
        QCOMPARE(l.timeForX(0), 0); // clamped
        l.setScrollX(100);
        QCOMPARE(l.timeForX(TimelineLayout::HeaderWidth), 1'000'000);
        // Zoom about a point keeps the time under it.
        const qint64 under = l.timeForX(600);
        l.zoomBy(2.0, 600);
        QCOMPARE(l.usPerPx(), 5'000.0);
        QVERIFY(qAbs(l.timeForX(600) - under) <= 5'000);
        // Fit: 10 s in a 1000 px clip area at 95 %.
        QCOMPARE(l.fitUsPerPx(10'000'000), 10'000'000 / (1000 * 0.95));
        l.setUsPerPx(1e-3);
        QCOMPARE(l.usPerPx(), TimelineLayout::MinUsPerPx);
    }

    void hitTesting()
    {
        const Draft d = sample();
        TimelineLayout l;
        l.setDraft(&d);
        l.setViewportSize({1160, 400});
        l.setUsPerPx(10'000);
        const int row = l.rowForTrack(u"v0"_s);
        const int y = l.rowRect(row).center().y();
        auto x = [&](qint64 us) {
            return int(l.xForTime(us));
        };
        using K = TimelineLayout::HitKind;
        QCOMPARE(l.hitTest({x(500'000), y}).kind, K::Clip);
        QCOMPARE(l.hitTest({x(500'000), y}).segmentId, u"a"_s);
        QCOMPARE(l.hitTest({x(0) + 2, y}).kind, K::ClipStart);
        QCOMPARE(l.hitTest({x(7'000'000) - 2, y}).kind, K::ClipEnd);
        QCOMPARE(l.hitTest({x(7'000'000) - 2, y}).segmentId, u"c"_s);
        // Where a and b touch: left of the cut trims a's tail, right of it b's head.
        QCOMPARE(l.hitTest({x(1'000'000) - 2, y}).segmentId, u"a"_s);
        QCOMPARE(l.hitTest({x(1'000'000) - 2, y}).kind, K::ClipEnd);
        QCOMPARE(l.hitTest({x(1'000'000) + 2, y}).segmentId, u"b"_s);
        QCOMPARE(l.hitTest({x(1'000'000) + 2, y}).kind, K::ClipStart);
        QCOMPARE(l.hitTest({x(3'000'000), y}).kind, K::Empty);
        QCOMPARE(l.hitTest({x(3'000'000), 5}).kind, K::Ruler);
        QCOMPARE(l.hitTest({x(3'000'000), 5}).timeUs, 3'000'000);
        QCOMPARE(l.hitTest({20, y}).kind, K::Header);
        QCOMPARE(l.hitTest(l.toggleRect(row, K::LockToggle).center()).kind, K::LockToggle);
        QCOMPARE(l.hitTest(l.toggleRect(row, K::MuteToggle).center()).kind, K::MuteToggle);
        QCOMPARE(
            l.hitTest({x(1'000'000), l.contentHeight() + TimelineLayout::RulerHeight - 10}).kind,
            K::BelowTracks);
        // The keyframe marker on c's bottom band.
        const QRect c = l.clipRect(row, {5'000'000, 2'000'000});
        const auto kf = l.hitTest({x(5'500'000), c.bottom() - TimelineLayout::KeyframeGrip - 1});
        QCOMPARE(kf.kind, K::Keyframe);
        QCOMPARE(kf.keyframeId, u"k"_s);
        QCOMPARE(kf.segmentId, u"c"_s);
        // Scrolled: the same point is another time.
        l.setScrollX(100);
        QCOMPARE(l.hitTest({x(3'000'000) - 100 + 100, y}).kind, K::Empty);
        QCOMPARE(l.firstEndingAfter(row, 1'500'000), 1);
        QCOMPARE(l.firstEndingAfter(row, 9'000'000), 3);
    }

    void unsortedSegmentsAreFound()
    {
        // The service appends a new segment at the end of the list: the view sorts for itself.
        Draft d = sample();
        d.tracks[0].segments.append(clip(u"late"_s, 3'000'000, 1'000'000));
        TimelineLayout l;
        l.setDraft(&d);
        l.setViewportSize({1160, 400});
        l.setUsPerPx(10'000);
        const int row = l.rowForTrack(u"v0"_s);
        const int y = l.rowRect(row).center().y();
        QCOMPARE(l.hitTest({int(l.xForTime(3'500'000)), y}).segmentId, u"late"_s);
        QCOMPARE(l.hitTest({int(l.xForTime(6'000'000)), y}).segmentId, u"c"_s);
        QCOMPARE(l.rows().at(row).order, (QList<int>{0, 1, 3, 2}));
    }

    void snapping()
    {
        const QList<qint64> points{0, 2'000'000, 3'300'000};
        QCOMPARE(TimelineLayout::snap(2'040'000, points, 80'000), std::optional<qint64>(2'000'000));
        QCOMPARE(TimelineLayout::snap(3'250'000, points, 80'000), std::optional<qint64>(3'300'000));
        QCOMPARE(TimelineLayout::snap(2'700'000, points, 80'000), std::nullopt);
    }

    void timecodes()
    {
        QCOMPARE(TimelineLayout::timecode(0, 30), u"00:00:00:00"_s);
        QCOMPARE(TimelineLayout::timecode(3'723'500'000, 30), u"01:02:03:15"_s);
        QCOMPARE(TimelineLayout::timecode(1'040'000, 25), u"00:00:01:01"_s);
        QCOMPARE(TimelineLayout::timecode(999'999, 0), u"00:00:00:29"_s); // no fps: 30
        QCOMPARE(TimelineLayout::tickStepUs(10'000, 100, 30), 1'000'000);
        QVERIFY(TimelineLayout::tickStepUs(100, 12, 30) >= 33'333);
    }
};

QTEST_GUILESS_MAIN(tst_TimelineLayout)
#include "tst_timelinelayout.moc"
