#include "core/draft/draftserializer.h"
#include "core/draft/draftstore.h"
#include "draftfixtures.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;

namespace {

QJsonObject serialized(const Draft &draft)
{
    return DraftSerializer(*DraftProfile::builtIn(u"jy5-win"_s)).contentDocument(draft);
}

} // namespace

class tst_DraftStore : public QObject
{
    Q_OBJECT

private slots:
    void createLoadSaveSurviveARestart();
    void errors();
    void cacheIsBoundedLru();
    void damagedFilesAreReportedNotFatal();
    void concurrentUse();
};

void tst_DraftStore::createLoadSaveSurviveARestart()
{
    QTemporaryDir dir;
    Draft draft = appendixADraft();
    {
        DraftStore store(dir.path());
        const auto id = store.create(draft, u"jy5-win"_s);
        QVERIFY2(id, qPrintable(id ? QString() : id.error().message()));
        QCOMPARE(*id, draft.id);
        draft.tracks[1].segments[0].volume = 0.4;
        QVERIFY(store.save(draft));
    } // "crash": the store object goes away, only the files remain
    DraftStore reopened(dir.path());
    QVERIFY(reopened.contains(draft.id));
    const auto loaded = reopened.load(draft.id);
    QVERIFY(loaded);
    QCOMPARE(loaded->name, u"CutPilot Demo"_s);
    QCOMPARE(loaded->metaDraftId, draft.metaDraftId);
    QCOMPARE(loaded->tracks[1].segments[0].volume, 0.4);
    QVERIFY(jsonDiff(serialized(*loaded), serialized(draft)).isEmpty());
    QCOMPARE(*reopened.profileOf(draft.id), u"jy5-win"_s);
    const auto summaries = reopened.list();
    QCOMPARE(summaries.size(), 1);
    QCOMPARE(summaries.first().durationUs, 5'000'000);
    QCOMPARE(summaries.first().tracks, 3);
    QVERIFY(reopened.remove(draft.id));
    QVERIFY(!reopened.contains(draft.id));
    QVERIFY(reopened.list().isEmpty());
}

void tst_DraftStore::errors()
{
    QTemporaryDir dir;
    DraftStore store(dir.path());
    QCOMPARE(store.load(u"0000"_s).error().code(), ErrorCode::NotFound);
    QCOMPARE(store.load(u"../../etc"_s).error().code(), ErrorCode::InvalidArgument);
    Draft draft = appendixADraft();
    QCOMPARE(store.save(draft).error().code(), ErrorCode::NotFound); // save needs create first
    QVERIFY(store.create(draft, u"jy5-win"_s));
    QCOMPARE(store.create(draft, u"jy5-win"_s).error().code(), ErrorCode::AlreadyExists);
    Draft other = appendixADraft();
    other.id.clear();
    QCOMPARE(store.create(other, u"no-such-profile"_s).error().code(), ErrorCode::NotFound);
    QCOMPARE(store.remove(u"FFFF"_s).error().code(), ErrorCode::NotFound);
}

void tst_DraftStore::cacheIsBoundedLru()
{
    QTemporaryDir dir;
    DraftStore store(dir.path(), 32 * 1024); // room for a few small drafts only
    QStringList ids;
    for (int i = 0; i < 20; ++i) {
        Draft draft = appendixADraft();
        draft.id = newDraftGuid();
        ids.append(*store.create(draft, u"jy5-win"_s));
    }
    QVERIFY(store.cachedBytes() <= 32 * 1024);
    QVERIFY(store.cachedDrafts() < 20);
    QVERIFY(store.cachedDrafts() > 0);
    // Evicted drafts still load (from disk), and loading makes them recent again.
    for (const QString &id : std::as_const(ids))
        QVERIFY(store.load(id));
    QVERIFY(store.cachedBytes() <= 32 * 1024);
}

void tst_DraftStore::damagedFilesAreReportedNotFatal()
{
    QTemporaryDir dir;
    DraftStore store(dir.path());
    Draft good = appendixADraft();
    QVERIFY(store.create(good, u"jy5-win"_s));
    QDir(dir.path()).mkpath(u"BROKEN"_s);
    QFile broken(dir.filePath(u"BROKEN/draft.json"_s));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"format\":\"cutpilot-draft\",\"content\":");
    broken.close();
    QStringList warnings;
    QCOMPARE(store.list(&warnings).size(), 1);
    QCOMPARE(warnings.size(), 1);
    QVERIFY(warnings.first().contains(u"BROKEN"_s));
    QCOMPARE(store.load(u"BROKEN"_s).error().code(), ErrorCode::CorruptData);
}

void tst_DraftStore::concurrentUse()
{
    QTemporaryDir dir;
    DraftStore store(dir.path(), 64 * 1024);
    QList<Draft> drafts;
    for (int i = 0; i < 8; ++i) {
        Draft d = appendixADraft();
        d.id = newDraftGuid();
        QVERIFY(store.create(d, u"jy5-win"_s));
        drafts.append(d);
    }
    std::atomic<int> failures = 0;
    QtConcurrent::blockingMap(drafts, [&](Draft &d) {
        for (int round = 0; round < 10; ++round) {
            d.tracks[1].segments[0].volume = 0.1 * round;
            if (!store.save(d) || !store.load(d.id))
                ++failures;
        }
    });
    QCOMPARE(failures.load(), 0);
    for (const Draft &d : std::as_const(drafts))
        QCOMPARE(store.load(d.id)->tracks[1].segments[0].volume, 0.1 * 9);
}

QTEST_GUILESS_MAIN(tst_DraftStore)
#include "tst_draftstore.moc"
