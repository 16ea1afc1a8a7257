// topmostVideoClip: which clip the preview shows at a timeline time (ui/media/previewclip.h).

#include "ui/media/previewclip.h"

#include <QTest>

using namespace CutPilot::Core;
using namespace CutPilot::Ui;
using namespace Qt::StringLiterals;

namespace {

Segment segment(const QString &id, const QString &material, TimeRange target, qint64 sourceStart,
                double speed = 1.0)
{
    Segment s;
    s.id = id;
    s.materialId = material;
    s.target = target;
    s.speed = speed;
    s.source = TimeRange{sourceStart, s.sourceDurationFor(target.duration)};
    return s;
}

MediaMaterial media(const QString &id, MediaKind kind, const QString &path)
{
    MediaMaterial m;
    m.id = id;
    m.kind = kind;
    m.path = path;
    m.name = path.section(u'/', -1);
    m.durationUs = kind == MediaKind::Photo ? MediaMaterial::PhotoDurationUs : 60'000'000;
    return m;
}

/// Bottom video track "main" (relative 0): a.mp4 at [0, 4 s) from source 1 s, b.mp4 at [5, 9 s)
/// at 2× from source 0. Overlay track (relative 1): photo at [2, 3 s), a hidden c.mp4 at
/// [6, 7 s). An audio track at render index 0 covering everything (never shown). A second
/// overlay at relative 1 listed after the first (a tie: drawn later, wins) with c.mp4 at
/// [8, 8.5 s).
Draft buildDraft()
{
    Draft draft;
    draft.media.insert(u"A"_s, media(u"A"_s, MediaKind::Video, u"/media/a.mp4"_s));
    draft.media.insert(u"B"_s, media(u"B"_s, MediaKind::Video, u"/media/b.mp4"_s));
    draft.media.insert(u"C"_s, media(u"C"_s, MediaKind::Video, u"/media/c.mp4"_s));
    draft.media.insert(u"P"_s, media(u"P"_s, MediaKind::Photo, u"/media/p.png"_s));
    draft.media.insert(u"S"_s, media(u"S"_s, MediaKind::Audio, u"/media/s.wav"_s));

    Track audio;
    audio.id = u"audio"_s;
    audio.type = TrackType::Audio;
    audio.relativeIndex = 5; // above every video track by index, but not a picture
    audio.segments = {segment(u"s1"_s, u"S"_s, {0, 20'000'000}, 0)};

    Track overlay;
    overlay.id = u"overlay"_s;
    overlay.relativeIndex = 1;
    Segment hidden = segment(u"c1"_s, u"C"_s, {6'000'000, 1'000'000}, 0);
    hidden.visible = false;
    overlay.segments = {segment(u"p1"_s, u"P"_s, {2'000'000, 1'000'000}, 0), hidden};

    Track main;
    main.id = u"main"_s;
    main.relativeIndex = 0;
    main.segments = {segment(u"a1"_s, u"A"_s, {0, 4'000'000}, 1'000'000),
                     segment(u"b1"_s, u"B"_s, {5'000'000, 4'000'000}, 0, 2.0)};

    Track tie;
    tie.id = u"tie"_s;
    tie.relativeIndex = 1;
    tie.segments = {segment(u"c2"_s, u"C"_s, {8'000'000, 500'000}, 3'000'000)};

    // Listed out of render order on purpose: the render index decides, not the list position.
    draft.tracks = {overlay, audio, main, tie};
    return draft;
}

} // namespace

class tst_PreviewClip : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void topmost_data()
    {
        QTest::addColumn<qint64>("atUs");
        QTest::addColumn<QString>("segment"); // "" = no clip
        QTest::addColumn<QString>("path");
        QTest::addColumn<qint64>("sourceUs");

        QTest::newRow("start of a")
            << qint64(0) << u"a1"_s << u"/media/a.mp4"_s << qint64(1'000'000);
        QTest::newRow("inside a") << qint64(1'500'000) << u"a1"_s << u"/media/a.mp4"_s
                                  << qint64(2'500'000);
        QTest::newRow("photo above a")
            << qint64(2'000'000) << u"p1"_s << u"/media/p.png"_s << qint64(0);
        QTest::newRow("photo end is exclusive")
            << qint64(3'000'000) << u"a1"_s << u"/media/a.mp4"_s << qint64(4'000'000);
        QTest::newRow("gap") << qint64(4'500'000) << QString() << QString() << qint64(0);
        QTest::newRow("speed 2") << qint64(5'500'000) << u"b1"_s << u"/media/b.mp4"_s
                                 << qint64(1'000'000);
        QTest::newRow("hidden overlay is skipped")
            << qint64(6'250'000) << u"b1"_s << u"/media/b.mp4"_s << qint64(2'500'000);
        QTest::newRow("tie: the later track wins")
            << qint64(8'100'000) << u"c2"_s << u"/media/c.mp4"_s << qint64(3'100'000);
        QTest::newRow("past the end") << qint64(9'000'000) << QString() << QString() << qint64(0);
        QTest::newRow("before the start") << qint64(-1) << QString() << QString() << qint64(0);
    }

    void topmost()
    {
        QFETCH(qint64, atUs);
        QFETCH(QString, segment);
        QFETCH(QString, path);
        QFETCH(qint64, sourceUs);
        const std::optional<PreviewClip> clip = topmostVideoClip(buildDraft(), atUs);
        if (segment.isEmpty()) {
            QVERIFY(!clip);
            return;
        }
        QVERIFY(clip);
        QCOMPARE(clip->segmentId, segment);
        QCOMPARE(clip->path, path);
        QCOMPARE(clip->sourceTimeUs, sourceUs);
        QCOMPARE(clip->sourceTimeAt(atUs), sourceUs);
    }

    void kindAndTrackAreReported()
    {
        const std::optional<PreviewClip> photo = topmostVideoClip(buildDraft(), 2'500'000);
        QVERIFY(photo);
        QCOMPARE(photo->kind, MediaKind::Photo);
        QCOMPARE(photo->trackId, u"overlay"_s);
        const std::optional<PreviewClip> video = topmostVideoClip(buildDraft(), 5'000'000);
        QVERIFY(video);
        QCOMPARE(video->kind, MediaKind::Video);
        QCOMPARE(video->trackId, u"main"_s);
        QCOMPARE(video->speed, 2.0);
        QCOMPARE(video->target, (TimeRange{5'000'000, 4'000'000}));
    }

    void missingMaterialIsSkipped()
    {
        Draft draft = buildDraft();
        draft.media.remove(u"P"_s); // the photo's material is gone: the clip below shows
        const std::optional<PreviewClip> clip = topmostVideoClip(draft, 2'500'000);
        QVERIFY(clip);
        QCOMPARE(clip->segmentId, u"a1"_s);
    }

    void emptyDraft() { QVERIFY(!topmostVideoClip(Draft{}, 0)); }
};

QTEST_GUILESS_MAIN(tst_PreviewClip)
#include "tst_previewclip.moc"
