#include "core/draft/draftserializer.h"
#include "core/draft/subtitles/subtitleparser.h"
#include "core/services/draftservice.h"
#include "draftfixtures.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <functional>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;

using Edit = std::function<Result<>(DraftService &)>;
Q_DECLARE_METATYPE(Edit)

namespace {

const QString VideoTrack = u"3C3C000000004000800000000000000A"_s;
const QString AudioTrack = u"3C3C000000004000800000000000000B"_s;
const QString TextTrack = u"3C3C000000004000800000000000000C"_s;
const QString VideoSegment = u"9F9F00000000400080000000000000A1"_s;
const QString AudioSegment = u"9F9F00000000400080000000000000B1"_s;
const QString TextSegment = u"9F9F00000000400080000000000000C1"_s;

template<typename T>
Result<> discardValue(const Result<T> &result)
{
    if (!result)
        return result.error();
    return {};
}

QJsonObject serialized(const DraftService &service)
{
    return DraftSerializer(service.profile()).contentDocument(service.draft());
}

} // namespace

class tst_DraftService : public QObject
{
    Q_OBJECT

private slots:
    void doUndoRedo_data();
    void doUndoRedo();
    void failedEditsChangeNothing_data();
    void failedEditsChangeNothing();
    void dragMergesIntoOneStep();
    void splitKeepsMediaContinuous();
    void trimMovesTheSource();
    void importSubtitlesIntoCaptionTracks();
    void templateMode();
    void keyframeRules();
};

void tst_DraftService::doUndoRedo_data()
{
    QTest::addColumn<Edit>("edit");
    QTest::newRow("add track") << Edit([](DraftService &s) {
        return discardValue(s.addTrack(TrackType::Sticker, u"stickers"_s));
    });
    QTest::newRow("remove track") << Edit([](DraftService &s) { return s.removeTrack(TextTrack); });
    QTest::newRow("add media segment") << Edit([](DraftService &s) {
        MediaMaterial clip = s.draft().media.value(u"7E1D0C551A2B4C3D8E9F101112131415"_s);
        return discardValue(s.addMediaSegment(VideoTrack, clip, {5'000'000, 2'000'000}, 0, 2.0));
    });
    QTest::newRow("add text") << Edit([](DraftService &s) {
        return discardValue(s.addTextSegment(TextTrack, u"字幕 two"_s, {5'000'000, 1'000'000}));
    });
    QTest::newRow("move") << Edit(
        [](DraftService &s) { return s.moveSegment(TextSegment, TextTrack, 6'000'000); });
    QTest::newRow("trim") << Edit([](DraftService &s) {
        return s.trimSegment(VideoSegment, {1'000'000, 3'000'000});
    });
    QTest::newRow("split") << Edit(
        [](DraftService &s) { return discardValue(s.splitSegment(VideoSegment, 2'500'000)); });
    QTest::newRow("remove") << Edit([](DraftService &s) { return s.removeSegment(AudioSegment); });
    QTest::newRow("volume") << Edit(
        [](DraftService &s) { return s.setVolume(AudioSegment, 0.25); });
    QTest::newRow("speed") << Edit([](DraftService &s) { return s.setSpeed(VideoSegment, 1.5); });
    QTest::newRow("transform") << Edit([](DraftService &s) {
        Transform t;
        t.x = 0.5;
        t.rotation = 90;
        t.alpha = 0.5;
        return s.setTransform(TextSegment, t);
    });
    QTest::newRow("add keyframe") << Edit([](DraftService &s) {
        return discardValue(s.addKeyframe(AudioSegment, KeyframeProperty::Volume, 1'000'000, 0.2));
    });
    QTest::newRow("move keyframe") << Edit([](DraftService &s) {
        return s.moveKeyframe(VideoSegment, u"4D4D00000000400080000000000000D3"_s, 4'000'000);
    });
    QTest::newRow("remove keyframe") << Edit([](DraftService &s) {
        return s.removeKeyframe(VideoSegment, u"4D4D00000000400080000000000000D2"_s);
    });
    QTest::newRow("replace media") << Edit([](DraftService &s) {
        MediaMaterial m;
        m.path = u"/media/other.mp4"_s;
        m.kind = MediaKind::Video;
        m.durationUs = 20'000'000;
        m.width = 1280;
        m.height = 720;
        return s.replaceMedia(u"clip.mp4"_s, m);
    });
    QTest::newRow("replace text") << Edit(
        [](DraftService &s) { return s.replaceText(TextSegment, u"新的标题"_s); });
    QTest::newRow("fades") << Edit(
        [](DraftService &s) { return s.setFades(AudioSegment, 100'000, 200'000); });
}

void tst_DraftService::doUndoRedo()
{
    QFETCH(Edit, edit);
    DraftService service(appendixADraft(), *DraftProfile::builtIn(u"jy5-win"_s));
    QSignalSpy changed(&service, &DraftService::draftChanged);
    const QJsonObject before = serialized(service);

    const Result<> result = edit(service);
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message()));
    QCOMPARE(service.undoStack()->count(), 1);
    QCOMPARE(changed.count(), 1);
    const QJsonObject after = serialized(service);
    QVERIFY(after != before);

    service.undoStack()->undo();
    QVERIFY2(jsonDiff(serialized(service), before).isEmpty(),
             qPrintable(jsonDiff(serialized(service), before).join(u'\n')));
    service.undoStack()->redo();
    QVERIFY(jsonDiff(serialized(service), after).isEmpty());
    QCOMPARE(changed.count(), 3);
}

void tst_DraftService::failedEditsChangeNothing_data()
{
    QTest::addColumn<Edit>("edit");
    QTest::addColumn<int>("code");
    QTest::newRow("unknown segment")
        << Edit([](DraftService &s) { return s.removeSegment(u"nope"_s); })
        << int(ErrorCode::NotFound);
    QTest::newRow("unknown track")
        << Edit([](DraftService &s) { return s.moveSegment(TextSegment, u"nope"_s, 0); })
        << int(ErrorCode::NotFound);
    QTest::newRow("overlap by move") << Edit([](DraftService &s) {
        return discardValue(s.addTextSegment(TextTrack, u"x"_s, {1'000'000, 1'000'000}));
    }) << int(ErrorCode::Conflict);
    QTest::newRow("wrong track kind")
        << Edit([](DraftService &s) { return s.moveSegment(TextSegment, VideoTrack, 0); })
        << int(ErrorCode::InvalidArgument);
    QTest::newRow("speed out of range")
        << Edit([](DraftService &s) { return s.setSpeed(VideoSegment, 1000); })
        << int(ErrorCode::OutOfRange);
    QTest::newRow("trim beyond media") << Edit([](DraftService &s) {
        return s.trimSegment(VideoSegment, {0, 9'000'000});
    }) << int(ErrorCode::OutOfRange);
    QTest::newRow("split outside") << Edit([](DraftService &s) {
        return discardValue(s.splitSegment(VideoSegment, 5'000'000));
    }) << int(ErrorCode::OutOfRange);
    QTest::newRow("alpha") << Edit([](DraftService &s) {
        Transform t;
        t.alpha = 2;
        return s.setTransform(VideoSegment, t);
    }) << int(ErrorCode::InvalidArgument);
    QTest::newRow("fades too long")
        << Edit([](DraftService &s) { return s.setFades(AudioSegment, 3'000'000, 3'000'000); })
        << int(ErrorCode::OutOfRange);
    QTest::newRow("text on video track") << Edit([](DraftService &s) {
        return discardValue(s.addTextSegment(VideoTrack, u"x"_s, {6'000'000, 1'000}));
    }) << int(ErrorCode::InvalidArgument);
}

void tst_DraftService::failedEditsChangeNothing()
{
    QFETCH(Edit, edit);
    QFETCH(int, code);
    DraftService service(appendixADraft(), *DraftProfile::builtIn(u"jy5-win"_s));
    QSignalSpy changed(&service, &DraftService::draftChanged);
    const QJsonObject before = serialized(service);
    const Result<> result = edit(service);
    QVERIFY(!result);
    QCOMPARE(int(result.error().code()), code);
    QCOMPARE(serialized(service), before);
    QCOMPARE(service.undoStack()->count(), 0);
    QCOMPARE(changed.count(), 0);
}

void tst_DraftService::dragMergesIntoOneStep()
{
    DraftService service(appendixADraft(), *DraftProfile::builtIn(u"jy5-win"_s));
    const QJsonObject before = serialized(service);
    for (qint64 start = 600'000; start <= 1'000'000; start += 100'000)
        QVERIFY(service.moveSegment(TextSegment, TextTrack, start));
    QCOMPARE(service.undoStack()->count(), 1);
    QCOMPARE(service.draft().segment(TextSegment).second->target.start, 1'000'000);
    service.undoStack()->undo();
    QCOMPARE(serialized(service), before);
}

void tst_DraftService::splitKeepsMediaContinuous()
{
    DraftService service(appendixADraft(), *DraftProfile::builtIn(u"jy5-win"_s));
    QVERIFY(service.setSpeed(VideoSegment, 0.5));
    const auto right = service.splitSegment(VideoSegment, 2'000'000);
    QVERIFY(right);
    const Segment &l = *service.draft().segment(VideoSegment).second;
    const Segment &r = *service.draft().segment(*right).second;
    QCOMPARE(l.target.end(), r.target.start);
    QCOMPARE(l.source->end(), r.source->start); // no media skipped or repeated
    QCOMPARE(l.source->duration, 1'000'000);    // 2 s at 0.5×
    QCOMPARE(r.speed, 0.5);
    // The zoom's end keyframe (at 5 s) left the left part.
    QCOMPARE(l.keyframes.at(0).keyframes.size(), 1);
}

void tst_DraftService::trimMovesTheSource()
{
    DraftService service(appendixADraft(), *DraftProfile::builtIn(u"jy5-win"_s));
    QVERIFY(service.trimSegment(VideoSegment, {500'000, 3'000'000}));
    const Segment &s = *service.draft().segment(VideoSegment).second;
    QCOMPARE(s.source->start, 2'500'000);
    QCOMPARE(s.source->duration, 3'000'000);
}

void tst_DraftService::importSubtitlesIntoCaptionTracks()
{
    DraftService service(appendixADraft(), *DraftProfile::builtIn(u"jy5-win"_s));
    const auto cues = parseSubtitles("1\n00:00:01,000 --> 00:00:02,500\n<b>Hello</b> world\n\n"
                                     "2\n00:00:02,000 --> 00:00:03,000\noverlapping\n\n"
                                     "3\n00:00:03,000 --> 00:00:04,000\nthird\n",
                                     SubtitleFormat::Srt);
    QVERIFY(cues);
    const auto tracks = service.importSubtitles(*cues, 500'000);
    QVERIFY2(tracks, qPrintable(tracks ? QString() : tracks.error().message()));
    QCOMPARE(tracks->size(), 2); // the overlapping cue needs a second caption track
    QCOMPARE(service.undoStack()->count(), 1);

    const Track *first = service.draft().track(tracks->at(0));
    QCOMPARE(first->renderIndex(), 15999);
    QCOMPARE(first->segments.size(), 2);
    const Segment &hello = first->segments.at(0);
    QCOMPARE(hello.target.start, 1'500'000);
    QCOMPARE(hello.target.duration, 1'500'000);
    QCOMPARE(hello.transform.y, -0.8);
    QVERIFY(hello.text->autoWrap);
    QCOMPARE(hello.text->text, u"Hello world"_s);
    QCOMPARE(hello.text->styles.size(), 2);
    QVERIFY(hello.text->styles.at(0).bold);
    QCOMPARE(hello.text->styles.at(0).length, 5);
    QVERIFY(!hello.text->styles.at(1).bold);
    QCOMPARE(hello.text->styles.at(1).size, 5.0);
    QCOMPARE(service.draft().track(tracks->at(1))->renderIndex(), 15998);

    const QJsonObject doc = serialized(service);
    const QJsonArray texts = doc.value(u"materials"_s).toObject().value(u"texts"_s).toArray();
    QCOMPARE(texts.size(), 4); // the title plus three captions
    service.undoStack()->undo();
    QCOMPARE(service.draft().tracks.size(), 3);
    QCOMPARE(service.importSubtitles({}).error().code(), ErrorCode::InvalidArgument);
}

void tst_DraftService::templateMode()
{
    DraftService service(appendixADraft(), *DraftProfile::builtIn(u"jy5-win"_s));
    // A shorter clip: the segment plays 2 s..7 s of the old 10 s clip; the new one is 4 s long.
    MediaMaterial shorter;
    shorter.path = u"/media/short.mp4"_s;
    shorter.kind = MediaKind::Video;
    shorter.durationUs = 4'000'000;
    shorter.width = 1920;
    shorter.height = 1080;
    QVERIFY(service.replaceMedia(u"clip.mp4"_s, shorter));
    const Segment &v = *service.draft().segment(VideoSegment).second;
    QCOMPARE(v.source->start, 2'000'000);
    QCOMPARE(v.source->duration, 2'000'000); // tail cut
    QCOMPARE(v.target.duration, 2'000'000);
    QCOMPARE(v.keyframes.at(0).keyframes.size(), 1); // the 5 s keyframe went with the tail
    QCOMPARE(service.draft().media.first().name, u"short.mp4"_s);

    MediaMaterial tiny = shorter;
    tiny.durationUs = 1'000'000; // ends before the segment's source start
    QCOMPARE(service.replaceMedia(u"short.mp4"_s, tiny).error().code(), ErrorCode::OutOfRange);
    QCOMPARE(service.replaceMedia(u"nope.mp4"_s, tiny).error().code(), ErrorCode::NotFound);
    MediaMaterial audio = shorter;
    audio.kind = MediaKind::Audio;
    QCOMPARE(service.replaceMedia(u"short.mp4"_s, audio).error().code(),
             ErrorCode::InvalidArgument);

    // Text by index; the style run follows the new length.
    QCOMPARE(service.textSegmentIds(), QStringList{TextSegment});
    QVERIFY(service.replaceText(service.textSegmentIds().at(0), u"Hi"_s));
    const TextMaterial &t = *service.draft().segment(TextSegment).second->text;
    QCOMPARE(t.text, u"Hi"_s);
    QCOMPARE(t.styles.size(), 1);
    QCOMPARE(t.styles.first().length, 2);
    QVERIFY(t.styles.first().strokeColor.has_value());
    QCOMPARE(service.replaceText(VideoSegment, u"x"_s).error().code(), ErrorCode::InvalidArgument);

    const Draft copy = DraftService::asNewDraft(service.draft(), u"From template"_s);
    QVERIFY(copy.id != service.draft().id);
    QVERIFY(copy.metaDraftId != service.draft().metaDraftId);
    QCOMPARE(copy.name, u"From template"_s);
    QCOMPARE(copy.tracks.size(), service.draft().tracks.size());
}

void tst_DraftService::keyframeRules()
{
    DraftService service(appendixADraft(), *DraftProfile::builtIn(u"jy5-win"_s));
    // Same property and offset: the value is replaced, no second keyframe.
    const auto first = service.addKeyframe(TextSegment, KeyframeProperty::PositionY, 0, -0.8);
    const auto again = service.addKeyframe(TextSegment, KeyframeProperty::PositionY, 0, -0.5);
    QVERIFY(first && again);
    QCOMPARE(*again, *first);
    const Segment *t = service.draft().segment(TextSegment).second;
    QCOMPARE(t->keyframes.size(), 1);
    QCOMPARE(t->keyframes.first().keyframes.first().value, -0.5);
    // Kept sorted.
    QVERIFY(service.addKeyframe(TextSegment, KeyframeProperty::PositionY, 3'000'000, 0.0));
    QVERIFY(service.addKeyframe(TextSegment, KeyframeProperty::PositionY, 1'000'000, 0.3));
    QCOMPARE(
        service.draft().segment(TextSegment).second->keyframes.first().keyframes.at(1).offsetUs,
        1'000'000);

    // Refusals: outside the segment, wrong kind, mixing uniform and axis scale, collisions.
    QCOMPARE(
        service.addKeyframe(TextSegment, KeyframeProperty::PositionY, 4'000'001, 0).error().code(),
        ErrorCode::OutOfRange);
    QCOMPARE(service.addKeyframe(TextSegment, KeyframeProperty::Volume, 0, 1).error().code(),
             ErrorCode::InvalidArgument);
    QCOMPARE(service.addKeyframe(AudioSegment, KeyframeProperty::Alpha, 0, 1).error().code(),
             ErrorCode::InvalidArgument);
    QCOMPARE(service.addKeyframe(VideoSegment, KeyframeProperty::ScaleX, 0, 1).error().code(),
             ErrorCode::Conflict);
    QCOMPARE(
        service.addKeyframe(VideoSegment, KeyframeProperty::Alpha, 0, std::nan("")).error().code(),
        ErrorCode::InvalidArgument);
    QCOMPARE(
        service.moveKeyframe(VideoSegment, u"4D4D00000000400080000000000000D3"_s, 0).error().code(),
        ErrorCode::Conflict);
    QCOMPARE(service.removeKeyframe(VideoSegment, u"nope"_s).error().code(), ErrorCode::NotFound);

    // A drag of one keyframe is one undo step.
    const int steps = service.undoStack()->count();
    for (qint64 at = 4'100'000; at <= 4'900'000; at += 100'000)
        QVERIFY(service.moveKeyframe(VideoSegment, u"4D4D00000000400080000000000000D3"_s, at));
    QCOMPARE(service.undoStack()->count(), steps + 1);

    // Removing the uniform zoom's keyframes lets per-axis scale in; that turns uniform_scale off.
    QVERIFY(service.removeKeyframe(VideoSegment, u"4D4D00000000400080000000000000D2"_s));
    QVERIFY(service.removeKeyframe(VideoSegment, u"4D4D00000000400080000000000000D3"_s));
    QVERIFY(service.draft().segment(VideoSegment).second->keyframes.isEmpty());
    QVERIFY(service.addKeyframe(VideoSegment, KeyframeProperty::ScaleY, 0, 1.5));
    QVERIFY(!service.draft().segment(VideoSegment).second->uniformScale);
}

QTEST_GUILESS_MAIN(tst_DraftService)
#include "tst_draftservice.moc"
