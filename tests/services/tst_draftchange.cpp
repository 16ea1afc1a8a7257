// DraftChange: what an undo step keeps of an edit. Random edits go forward and back exactly, a
// step keeps only the segments its edit touched, and the history of many small edits to a large
// draft stays small (it held a copy of the track per step before).
#include "core/draft/draftprofile.h"
#include "core/services/draftchange.h"
#include "core/services/draftservice.h"
#include "draftfixtures.h"

#include <QRandomGenerator>
#include <QTest>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;

class tst_DraftChange : public QObject
{
    Q_OBJECT

private slots:
    void randomEditsGoForwardAndBackExactly();
    void keepsOnlyTheSegmentsAnEditTouched();
    void tracksWithTheSameIdAreKeptWhole();
    void historyOfManySmallEditsStaysSmall();
};

namespace {

Segment textSegment(qint64 startUs, const QString &text)
{
    Segment s;
    s.id = newMaterialId();
    s.materialId = newMaterialId();
    s.target = {startUs, 1'000'000};
    TextMaterial material;
    material.id = s.materialId;
    material.text = text;
    s.text = material;
    return s;
}

/// One random edit of the kinds the service makes (and some it does not), in place.
void randomEdit(Draft &draft, QRandomGenerator &random)
{
    const auto pick = [&](qsizetype n) {
        return qsizetype(random.bounded(int(std::max<qsizetype>(n, 1))));
    };
    const int kind = random.bounded(11);
    if (draft.tracks.isEmpty() || kind == 0) {
        Track track;
        track.id = newMaterialId();
        track.type = TrackType::Text;
        track.name = u"added"_s;
        for (int i = 0; i < random.bounded(3); ++i)
            track.segments.append(textSegment(i * 1'000'000, u"new"_s));
        draft.tracks.insert(pick(draft.tracks.size() + 1), track);
        return;
    }
    Track &track = draft.tracks[pick(draft.tracks.size())];
    QList<Segment> &segments = track.segments;
    switch (kind) {
    case 1: // append, like add_text
        segments.append(textSegment(segments.size() * 1'000'000, u"appended"_s));
        break;
    case 2: // insert in the middle
        segments.insert(pick(segments.size() + 1), textSegment(0, u"inserted"_s));
        break;
    case 3: // remove one
        if (!segments.isEmpty())
            segments.removeAt(pick(segments.size()));
        break;
    case 4: // change one
        if (!segments.isEmpty())
            segments[pick(segments.size())].target.start += 1000;
        break;
    case 5: // move one elsewhere in the track
        if (segments.size() > 1)
            segments.move(pick(segments.size()), pick(segments.size()));
        break;
    case 6: // the track's own fields
        track.name += u"x"_s;
        track.muted = !track.muted;
        break;
    case 7: // a track goes
        draft.tracks.removeAt(pick(draft.tracks.size()));
        break;
    case 8: // the layer order
        if (draft.tracks.size() > 1)
            draft.tracks.move(pick(draft.tracks.size()), pick(draft.tracks.size()));
        break;
    case 9: { // media: one added, one changed, one removed
        MediaMaterial media;
        media.id = newMaterialId();
        media.path = u"C:/media/%1.mp4"_s.arg(media.id);
        media.durationUs = 1'000'000;
        draft.media.insert(media.id, media);
        std::next(draft.media.begin(), pick(draft.media.size())).value().name += u"~"_s;
        if (random.bounded(2) == 0)
            draft.media.remove(std::next(draft.media.begin(), pick(draft.media.size())).key());
        break;
    }
    default: // the rest of the draft
        draft.name += u"!"_s;
        draft.width += 2;
        break;
    }
}

} // namespace

void tst_DraftChange::randomEditsGoForwardAndBackExactly()
{
    for (const quint32 seed : {1u, 7u, 42u, 2026u}) {
        QRandomGenerator random(seed);
        Draft draft = appendixADraft();
        for (int i = 0; i < 20; ++i) // a fuller draft to start from
            draft.tracks[2].segments.append(textSegment((i + 10) * 1'000'000, u"cue"_s));
        const Draft first = draft;
        QList<DraftChange> history;
        QList<Draft> states{draft};
        for (int step = 0; step < 300; ++step) {
            const Draft before = draft;
            randomEdit(draft, random);
            const DraftChange change = DraftChange::between(before, draft);
            QVERIFY2(change.forward(before) == draft,
                     qPrintable(u"seed %1 step %2"_s.arg(seed).arg(step)));
            QVERIFY2(change.backward(draft) == before,
                     qPrintable(u"seed %1 step %2"_s.arg(seed).arg(step)));
            history.append(change);
            states.append(draft);
        }
        // Undo everything from the end, then redo it, as an undo stack does.
        Draft walked = draft;
        for (qsizetype i = history.size() - 1; i >= 0; --i) {
            walked = history.at(i).backward(walked);
            QVERIFY(walked == states.at(i));
        }
        QVERIFY(walked == first);
        for (qsizetype i = 0; i < history.size(); ++i)
            walked = history.at(i).forward(walked);
        QVERIFY(walked == draft);
    }
}

void tst_DraftChange::keepsOnlyTheSegmentsAnEditTouched()
{
    Draft draft = appendixADraft();
    for (int i = 0; i < 2000; ++i)
        draft.tracks[2].segments.append(textSegment((i + 10) * 1'000'000, u"cue %1"_s.arg(i)));
    const auto held = [&](const std::function<void(Draft &)> &edit) {
        const Draft before = draft;
        edit(draft);
        const DraftChange change = DraftChange::between(before, draft);
        return change.segmentsHeld();
    };
    QCOMPARE(held([](Draft &) {}), 0);
    QCOMPARE(
        held([](Draft &d) { d.tracks[2].segments.append(textSegment(10'000'000'000, u"last"_s)); }),
        1);
    QCOMPARE(held([](Draft &d) { d.tracks[2].segments[1000].target.duration = 5; }), 2);
    QCOMPARE(held([](Draft &d) { d.tracks[2].segments.removeAt(500); }), 1);
    QCOMPARE(held([](Draft &d) { d.tracks[2].name = u"renamed"_s; }), 0);
    QCOMPARE(held([](Draft &d) { d.tracks[2].segments.detach(); }), 0); // a copy, no change
    QCOMPARE(held([](Draft &d) {
                 Track empty;
                 empty.id = newMaterialId();
                 d.tracks.append(empty);
             }),
             0);
    QCOMPARE(held([](Draft &d) { d.tracks.removeAt(0); }), 1); // the video track, to undo
    QCOMPARE(held([](Draft &d) { d.tracks.move(0, 1); }), 0);

    // Media: only the entries that changed, with a draft of many.
    for (int i = 0; i < 1000; ++i) {
        MediaMaterial media;
        media.id = newMaterialId();
        media.path = u"C:/media/%1.mp4"_s.arg(i);
        draft.media.insert(media.id, media);
    }
    const auto mediaHeld = [&](const std::function<void(Draft &)> &edit) {
        const Draft before = draft;
        edit(draft);
        const DraftChange change = DraftChange::between(before, draft);
        if (!(change.forward(before) == draft && change.backward(draft) == before))
            return qsizetype(-1);
        return change.mediaHeld();
    };
    QCOMPARE(mediaHeld([](Draft &) {}), 0);
    QCOMPARE(mediaHeld([](Draft &d) {
                 MediaMaterial added;
                 added.id = u"FFFF0000000000000000000000000001"_s; // sorts last
                 d.media.insert(added.id, added);
             }),
             1);
    QCOMPARE(mediaHeld([](Draft &d) { d.media.first().name = u"renamed"_s; }), 1);
    QCOMPARE(mediaHeld([](Draft &d) { d.media.remove(d.media.lastKey()); }), 1);
    QCOMPARE(mediaHeld([](Draft &d) { d.media.detach(); }), 0);
}

void tst_DraftChange::tracksWithTheSameIdAreKeptWhole()
{
    // A damaged draft read from disk may repeat a track id: no matching by id, both lists whole.
    Draft draft = appendixADraft();
    draft.tracks.append(draft.tracks.at(2));
    const Draft before = draft;
    draft.tracks[3].segments[0].target.start = 9'000'000;
    const DraftChange change = DraftChange::between(before, draft);
    QVERIFY(change.forward(before) == draft);
    QVERIFY(change.backward(draft) == before);
    QVERIFY(change.segmentsHeld() >= 8);
}

void tst_DraftChange::historyOfManySmallEditsStaysSmall()
{
    // 1 500 subtitles added one by one to one draft, undone and redone through the service.
    DraftService service(appendixADraft(), *DraftProfile::builtIn(u"jy5-win"_s));
    const QString track = *service.addTrack(TrackType::Text, u"subtitles"_s);
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
    const auto inUse = [] {
        const struct mallinfo2 m = mallinfo2();
        return qint64(m.uordblks + m.hblkhd);
    };
    const qint64 start = inUse();
#endif
    Draft at1000;
    for (int i = 0; i < 1500; ++i) {
        QVERIFY(service.addTextSegment(track, u"subtitle %1"_s.arg(i),
                                       {qint64(i) * 1'000'000, 1'000'000}));
        if (i == 999)
            at1000 = service.draft();
    }
    QCOMPARE(service.undoStack()->count(), 500);
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
    // Whole-draft steps kept about 430 MiB here (each one a copy of the growing track).
    const qint64 grown = inUse() - start;
    QVERIFY2(grown < 64 * 1024 * 1024, qPrintable(u"%1 MiB in use"_s.arg(grown >> 20)));
#endif
    const Draft last = service.draft();
    for (int i = 0; i < 500; ++i)
        service.undoStack()->undo();
    QVERIFY(service.draft() == at1000);
    QCOMPARE(service.draft().track(track)->segments.size(), 1000);
    for (int i = 0; i < 500; ++i)
        service.undoStack()->redo();
    QVERIFY(service.draft() == last);
}

QTEST_GUILESS_MAIN(tst_DraftChange)
#include "tst_draftchange.moc"
