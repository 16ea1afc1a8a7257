#include "core/draft/draftserializer.h"
#include "core/draft/draftstore.h"
#include "core/support/utctime.h"
#include "draftfixtures.h"
#include "draftstorehelpers.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;

class tst_DraftStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void createLoadSaveSurviveARestart();
    void bareDraftsAreStoredAsTheirCanvas();
    void savingAgainReusesUnchangedSegments();
    void errors();
    void saveBatchWritesTogetherAndFailsItemByItem();
    void keysAreSeparateFromContentIds();
    void cacheIsBoundedLru();
    void listReadsColumnsOnlyAndDamagedContentIsReported();
    void listPagesAgreeWithList();
    void saveRecordsPersistAndGoWithTheirDraft();
    void restartKeepsEverything();
    void concurrentUse();
    void walIsEmptiedWhenWritesPause();
};

void tst_DraftStore::initTestCase()
{
    s_previousHandler = qInstallMessageHandler(messageHandler);
}

void tst_DraftStore::cleanup()
{
    QVERIFY2(s_sqlWarnings.isEmpty(), qPrintable(s_sqlWarnings.join(u'\n')));
}

void tst_DraftStore::createLoadSaveSurviveARestart()
{
    QTemporaryDir dir;
    Draft draft = appendixADraft();
    {
        DraftStore store(dir.path());
        QVERIFY(store.open());
        const auto id = store.create(draft, u"jy5-win"_s);
        QVERIFY2(id, qPrintable(id ? QString() : id.error().message()));
        QCOMPARE(*id, draft.id); // no key given: the content id is the key
        draft.tracks[1].segments[0].volume = 0.4;
        QVERIFY(store.save(*id, draft));
    } // "crash": the store object goes away, only the database remains
    DraftStore reopened(dir.path());
    QVERIFY(!reopened.contains(draft.id)); // not open yet
    QVERIFY(reopened.open());
    QVERIFY(QFileInfo::exists(dir.filePath(u"drafts.sqlite"_s)));
    QVERIFY(reopened.contains(draft.id));
    const auto loaded = reopened.load(draft.id);
    QVERIFY(loaded);
    QCOMPARE(loaded->id, draft.id);
    QCOMPARE(loaded->name, u"CutPilot Demo"_s);
    QCOMPARE(loaded->metaDraftId, draft.metaDraftId);
    QCOMPARE(loaded->tracks[1].segments[0].volume, 0.4);
    QVERIFY(jsonDiff(serialized(*loaded), serialized(draft)).isEmpty());
    QCOMPARE(*reopened.profileOf(draft.id), u"jy5-win"_s);
    const auto summaries = reopened.list();
    QCOMPARE(summaries.size(), 1);
    QCOMPARE(summaries.first().key, draft.id);
    QCOMPARE(summaries.first().id, draft.id);
    QCOMPARE(summaries.first().name, u"CutPilot Demo"_s);
    QCOMPARE(summaries.first().profile, u"jy5-win"_s);
    QCOMPARE(summaries.first().durationUs, 5'000'000);
    QCOMPARE(summaries.first().tracks, 3);
    QVERIFY(summaries.first().created <= summaries.first().modified);
    QCOMPARE(summaries.first().modified.timeSpec(), Qt::UTC);
    QCOMPARE(reopened.count(), 1);
    QVERIFY(reopened.remove(draft.id));
    QVERIFY(!reopened.contains(draft.id));
    QVERIFY(reopened.list().isEmpty());
    QCOMPARE(reopened.count(), 0);
}

namespace {

/// format_version and content of one row, read behind the store's back.
std::pair<int, QByteArray> storedRow(const QString &databasePath, const QString &key)
{
    std::pair<int, QByteArray> row{-1, {}};
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"peek"_s);
        db.setDatabaseName(databasePath);
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(u"SELECT format_version, content FROM drafts WHERE key = ?"_s);
            query.bindValue(0, key);
            if (query.exec() && query.next())
                row = {query.value(0).toInt(), query.value(1).toByteArray()};
        }
    }
    QSqlDatabase::removeDatabase(u"peek"_s);
    return row;
}

} // namespace

void tst_DraftStore::bareDraftsAreStoredAsTheirCanvas()
{
    // A new draft (create_draft) is its canvas and ids only: stored as a small canvas record
    // (format 2), loaded back as the same draft, written as a full document once edited.
    QTemporaryDir dir;
    const QString database = dir.filePath(u"drafts.sqlite"_s);
    Draft bare;
    bare.name = u"竖屏 draft"_s;
    bare.width = 1080;
    bare.height = 1920;
    bare.fps = 29.97;
    bare.mainTrackMagnet = false;
    bare.metaDraftId = newDraftGuid();
    Draft batchBare = bare;
    batchBare.width = 720;
    {
        DraftStore store(dir.path());
        QVERIFY(store.open());
        QVERIFY(store.create(bare, u"jy5-win"_s, u"BARE"_s));
        const QList<Result<QString>> batch
            = store.createBatch({{batchBare, u"jy5-win"_s, u"BATCH"_s}});
        QVERIFY(batch.constFirst());
    }
    for (const QString &key : {u"BARE"_s, u"BATCH"_s}) {
        const auto [format, content] = storedRow(database, key);
        QCOMPARE(format, 2);
        QVERIFY2(content.size() < 120, content.constData());
    }

    DraftStore store(dir.path());
    QVERIFY(store.open());
    Result<Draft> loaded = store.load(u"BARE"_s);
    QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message()));
    QVERIFY(!loaded->id.isEmpty());
    bare.id = loaded->id;
    QCOMPARE(loaded->name, bare.name);
    QCOMPARE(loaded->metaDraftId, bare.metaDraftId);
    QCOMPARE(loaded->width, 1080);
    QCOMPARE(loaded->height, 1920);
    QCOMPARE(loaded->fps, 29.97);
    QCOMPARE(loaded->mainTrackMagnet, false);
    // The editor gets exactly the document the draft would have had stored whole.
    const DraftSerializer serializer(*DraftProfile::builtIn(u"jy5-win"_s));
    QCOMPARE(serializer.contentBytes(*loaded), serializer.contentBytes(bare));
    QCOMPARE(store.load(u"BATCH"_s)->width, 720);

    // The first edit stores the document.
    Draft edited = *loaded;
    Track track;
    track.id = newMaterialId();
    track.type = TrackType::Video;
    edited.tracks.append(track);
    QVERIFY(store.save(u"BARE"_s, edited));
    const auto [format, content] = storedRow(database, u"BARE"_s);
    QCOMPARE(format, 1);
    QVERIFY(content.size() > 1000);
    DraftStore again(dir.path());
    QVERIFY(again.open());
    QCOMPARE(again.load(u"BARE"_s)->tracks.size(), 1);

    // A damaged canvas record is reported, not read as a default canvas.
    QVERIFY(tamper(database, u"UPDATE drafts SET content = CAST('{\"cutpilot_bare\":"
                             "{\"width\":0,\"height\":1920,\"fps\":30,"
                             "\"maintrack_adsorb\":true}}' AS BLOB) WHERE key = 'BATCH'"_s));
    DraftStore damaged(dir.path());
    QVERIFY(damaged.open());
    const Result<Draft> broken = damaged.load(u"BATCH"_s);
    QVERIFY(!broken);
    QCOMPARE(broken.error().code(), ErrorCode::CorruptData);
}

void tst_DraftStore::savingAgainReusesUnchangedSegments()
{
    // The store keeps the serialized segments of the drafts it saved last, and the next save of a
    // draft writes its unchanged segments from there. What lands in the row is what serializing
    // the whole draft gives, edit after edit; a removed draft's segments go with it.
    QTemporaryDir dir;
    DraftStore store(dir.path());
    QVERIFY(store.open());
    Draft draft = appendixADraft();
    const auto key = store.create(draft, u"jy5-win"_s);
    QVERIFY(key);
    QCOMPARE(store.segmentCacheBytes(), 0); // a create keeps nothing
    const DraftSerializer serializer(*DraftProfile::builtIn(u"jy5-win"_s));
    for (int edit = 0; edit < 5; ++edit) {
        if (edit == 1)
            draft.tracks[0].segments[0].transform.x = 0.5;
        if (edit == 2)
            draft.tracks[2].segments[0].text->text = u"another title"_s;
        if (edit == 3) {
            Segment second = draft.tracks[2].segments[0];
            second.id = newMaterialId();
            second.materialId = second.text->id = newMaterialId();
            second.target.start = 4'500'000;
            draft.tracks[2].segments.append(second);
        }
        if (edit == 4)
            draft.tracks.removeAt(1);
        QVERIFY(store.save(*key, draft));
        QVERIFY(store.segmentCacheBytes() > 0);
        const auto [format, content] = storedRow(store.databasePath(), *key);
        QCOMPARE(format, 1);
        QCOMPARE(content, serializer.contentBytes(draft));
    }
    QVERIFY(store.remove(*key));
    QCOMPARE(store.segmentCacheBytes(), 0);
}

void tst_DraftStore::errors()
{
    QTemporaryDir dir;
    DraftStore store(dir.path());
    Draft draft = appendixADraft();
    // Nothing works before open().
    QCOMPARE(store.create(draft, u"jy5-win"_s).error().code(), ErrorCode::Unavailable);
    QCOMPARE(store.load(draft.id).error().code(), ErrorCode::Unavailable);
    QCOMPARE(store.count(), -1);
    QStringList warnings;
    QVERIFY(store.list(&warnings).isEmpty());
    QCOMPARE(warnings.size(), 1);

    QVERIFY(store.open());
    QCOMPARE(store.open().error().code(), ErrorCode::Conflict);
    QCOMPARE(store.load(u"0000"_s).error().code(), ErrorCode::NotFound);
    QCOMPARE(store.load(u"../../etc"_s).error().code(), ErrorCode::InvalidArgument);
    QCOMPARE(store.load(QString(65, u'a')).error().code(), ErrorCode::InvalidArgument);
    QCOMPARE(store.load(QString()).error().code(), ErrorCode::InvalidArgument);
    QCOMPARE(store.profileOf(u"0000"_s).error().code(), ErrorCode::NotFound);
    QCOMPARE(store.save(draft.id, draft).error().code(), ErrorCode::NotFound); // create first
    QVERIFY(store.create(draft, u"jy5-win"_s));
    QCOMPARE(store.create(draft, u"jy5-win"_s).error().code(), ErrorCode::AlreadyExists);
    QCOMPARE(store.create(draft, u"jy5-win"_s, u"a b"_s).error().code(),
             ErrorCode::InvalidArgument);
    Draft noId = draft;
    noId.id.clear();
    QCOMPARE(store.save(draft.id, noId).error().code(), ErrorCode::InvalidArgument);
    Draft other = appendixADraft();
    other.id.clear();
    QCOMPARE(store.create(other, u"no-such-profile"_s).error().code(), ErrorCode::NotFound);
    QCOMPARE(store.remove(u"FFFF"_s).error().code(), ErrorCode::NotFound);
    QCOMPARE(store.count(), 1);
}

void tst_DraftStore::saveBatchWritesTogetherAndFailsItemByItem()
{
    QTemporaryDir dir;
    DraftStore store(dir.path());
    QVERIFY(store.open());
    Draft a = appendixADraft();
    Draft b = appendixADraft();
    b.id = newDraftGuid();
    QVERIFY(store.create(a, u"jy5-win"_s, u"A"_s));
    QVERIFY(store.create(b, u"jy5-win"_s, u"B"_s));
    a.name = u"a, renamed"_s;
    b.name = u"b, renamed"_s;
    Draft noId = a;
    noId.id.clear();
    const QList<Result<>> results = store.saveBatch(
        {{u"A"_s, a}, {u"missing"_s, a}, {u"not a key"_s, a}, {u"B"_s, noId}, {u"B"_s, b}});
    QCOMPARE(results.size(), 5);
    QVERIFY(results.at(0));
    QCOMPARE(results.at(1).error().code(), ErrorCode::NotFound);
    QCOMPARE(results.at(2).error().code(), ErrorCode::InvalidArgument);
    QCOMPARE(results.at(3).error().code(), ErrorCode::InvalidArgument);
    QVERIFY(results.at(4));
    // Durable: a second store on the file (a restart) reads both.
    DraftStore reopened(dir.path());
    QVERIFY(reopened.open());
    QCOMPARE(reopened.load(u"A"_s)->name, u"a, renamed"_s);
    QCOMPARE(reopened.load(u"B"_s)->name, u"b, renamed"_s);
    QCOMPARE(serialized(*reopened.load(u"B"_s)), serialized(b));
    QCOMPARE(reopened.count(), 2);

    // A write the database refuses fails that item alone (the others commit), and the cache does
    // not pretend otherwise.
    QVERIFY(tamper(store.databasePath(), u"CREATE TRIGGER refuse BEFORE UPDATE ON drafts "
                                         "WHEN NEW.key = 'B' BEGIN SELECT RAISE(ABORT, 'full'); "
                                         "END"_s));
    a.name = u"a, third"_s;
    b.name = u"b, third"_s;
    const QList<Result<>> refused = store.saveBatch({{u"A"_s, a}, {u"B"_s, b}});
    QVERIFY(refused.at(0));
    QVERIFY(!refused.at(1));
    QVERIFY(refused.at(1).error().message().contains(u"full"_s));
    QCOMPARE(store.load(u"B"_s)->name, u"b, renamed"_s);
    DraftStore again(dir.path());
    QVERIFY(again.open());
    QCOMPARE(again.load(u"A"_s)->name, u"a, third"_s);
    QCOMPARE(again.load(u"B"_s)->name, u"b, renamed"_s);
}

void tst_DraftStore::keysAreSeparateFromContentIds()
{
    QTemporaryDir dir;
    DraftStore store(dir.path());
    QVERIFY(store.open());
    Draft draft = appendixADraft();
    const QString key = u"dfd_cat_1795913748_93bff833"_s;
    const Result<QString> created = store.create(draft, u"jy5-win"_s, key);
    QVERIFY(created);
    QCOMPARE(*created, key);
    // The same content id under another key is another draft (e.g. a duplicate).
    const Result<QString> copy = store.create(draft, u"jy5-win"_s, u"copy_1"_s);
    QVERIFY(copy);
    QCOMPARE(*copy, u"copy_1"_s);
    QVERIFY(!store.contains(draft.id));
    QVERIFY(store.contains(key));
    QCOMPARE(store.load(key)->id, draft.id); // the editor's JSON keeps its GUID

    Draft fresh; // no content id: one is made, the key stays the caller's
    fresh.name = u"fresh"_s;
    QVERIFY(store.create(fresh, u"jy6-win"_s, u"dfd_cat_2_x"_s));
    const Result<Draft> loaded = store.load(u"dfd_cat_2_x"_s);
    QVERIFY(loaded);
    QCOMPARE(loaded->id.size(), 36); // a GUID
    QCOMPARE(*store.profileOf(u"dfd_cat_2_x"_s), u"jy6-win"_s);

    draft.name = u"renamed"_s;
    QThread::msleep(5); // modification times are in ms
    QVERIFY(store.save(key, draft));
    QStringList keys;
    for (const DraftStore::Summary &s : store.list()) {
        keys.append(s.key);
        if (s.key == key) {
            QCOMPARE(s.id, draft.id);
            QCOMPARE(s.name, u"renamed"_s);
        }
    }
    QCOMPARE(keys.first(), key); // saved last: newest first
    QCOMPARE(keys.size(), 3);
    QVERIFY(keys.contains(u"copy_1"_s));
}

void tst_DraftStore::cacheIsBoundedLru()
{
    QTemporaryDir dir;
    DraftStore store(dir.path(), 32 * 1024); // room for a few small drafts only
    QVERIFY(store.open());
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

void tst_DraftStore::listReadsColumnsOnlyAndDamagedContentIsReported()
{
    QTemporaryDir dir;
    Draft good = appendixADraft();
    Draft broken = appendixADraft();
    broken.id = newDraftGuid();
    Draft future = appendixADraft();
    future.id = newDraftGuid();
    {
        DraftStore store(dir.path());
        QVERIFY(store.open());
        QVERIFY(store.create(good, u"jy5-win"_s));
        QVERIFY(store.create(broken, u"jy5-win"_s, u"BROKEN"_s));
        QVERIFY(store.create(future, u"jy5-win"_s, u"FUTURE"_s));
    }
    const QString database = dir.filePath(u"drafts.sqlite"_s);
    QVERIFY(tamper(database, u"UPDATE drafts SET content = X'7B22636F6E74656E74223A' "
                             "WHERE key = 'BROKEN'"_s)); // {"content":
    QVERIFY(tamper(database, u"UPDATE drafts SET format_version = 3 WHERE key = 'FUTURE'"_s));

    DraftStore store(dir.path());
    QVERIFY(store.open());
    QStringList warnings;
    const QList<DraftStore::Summary> all = store.list(&warnings);
    QCOMPARE(all.size(), 3); // nothing is parsed, so the damaged draft still lists
    QVERIFY(warnings.isEmpty());
    const auto brokenSummary
        = std::find_if(all.begin(), all.end(), [](const auto &s) { return s.key == u"BROKEN"_s; });
    QVERIFY(brokenSummary != all.end());
    QCOMPARE(brokenSummary->tracks, 3);
    QCOMPARE(brokenSummary->id, broken.id);
    const Result<Draft> damaged = store.load(u"BROKEN"_s);
    QCOMPARE(damaged.error().code(), ErrorCode::CorruptData);
    QVERIFY(damaged.error().message().contains(u"BROKEN"_s));
    QCOMPARE(store.load(u"FUTURE"_s).error().code(), ErrorCode::NotImplemented);
    QVERIFY(store.load(good.id));
    // A damaged draft can still be overwritten or removed.
    QVERIFY(store.save(u"BROKEN"_s, broken));
    QVERIFY(store.load(u"BROKEN"_s));
    QVERIFY(store.remove(u"FUTURE"_s));
}

// The API's pages come from the database (LIMIT/OFFSET) in list()'s order, with the total.
void tst_DraftStore::listPagesAgreeWithList()
{
    QTemporaryDir dir;
    DraftStore store(dir.path());
    QCOMPARE(store.listPage(0, 10).error().code(), ErrorCode::Unavailable); // not open yet
    QVERIFY(store.open());
    qint64 total = -1;
    QVERIFY(store.listPage(0, 10, &total)->isEmpty());
    QCOMPARE(total, 0);
    for (int i = 0; i < 7; ++i) {
        Draft d = appendixADraft();
        d.id = newDraftGuid();
        d.name = u"draft %1"_s.arg(i);
        QVERIFY(store.create(d, u"jy5-win"_s, u"k%1"_s.arg(i)));
    }
    // An older draft saved again moves to the front (modified), in list() and in pages alike.
    QTest::qWait(5);
    Result<Draft> second = store.load(u"k1"_s);
    QVERIFY(second);
    QVERIFY(store.save(u"k1"_s, *second));
    QStringList all;
    for (const DraftStore::Summary &s : store.list())
        all.append(s.key);
    QCOMPARE(all.size(), 7);
    QCOMPARE(all.first(), u"k1"_s);

    for (const auto &[offset, limit] :
         {std::pair{0, 3}, {3, 3}, {6, 3}, {2, 100}, {7, 5}, {100, 5}, {0, 0}}) {
        total = -1;
        const Result<QList<DraftStore::Summary>> page = store.listPage(offset, limit, &total);
        QVERIFY(page);
        QStringList keys;
        for (const DraftStore::Summary &s : *page)
            keys.append(s.key);
        QCOMPARE(keys, all.mid(offset, limit));
        QCOMPARE(total, 7);
    }
    const Result<QList<DraftStore::Summary>> first = store.listPage(0, 1);
    QVERIFY(first);
    QCOMPARE(first->first().name, u"draft 1"_s);
    QCOMPARE(first->first().tracks, second->tracks.size());
    QCOMPARE(first->first().profile, u"jy5-win"_s);
    QCOMPARE(store.listPage(-1, 5).error().code(), ErrorCode::InvalidArgument);
    QCOMPARE(store.listPage(0, -5).error().code(), ErrorCode::InvalidArgument);
    // A page leaves no read open: writes and checkpoints go on.
    QVERIFY(store.remove(u"k3"_s));
    QVERIFY(store.listPage(0, 10, &total));
    QCOMPARE(total, 6);
}

void tst_DraftStore::saveRecordsPersistAndGoWithTheirDraft()
{
    using State = DraftStore::SaveRecord::State;
    QTemporaryDir dir;
    const QDateTime at = utcFromMSecs(1'795'913'748'123);
    {
        DraftStore store(dir.path());
        QVERIFY(store.open());
        QVERIFY(store.create(appendixADraft(), u"jy5-win"_s, u"saved"_s));
        QVERIFY(store.create(appendixADraft(), u"jy5-win"_s, u"other"_s));
        QCOMPARE(*store.lastSave(u"saved"_s), std::nullopt); // never saved

        DraftStore::SaveRecord failed;
        failed.state = State::Failed;
        failed.folder = u"/drafts/一"_s;
        failed.message = u"Failed to save draft: disk full"_s;
        failed.at = at;
        QVERIFY(store.recordSave(u"saved"_s, failed));
        DraftStore::SaveRecord saving;
        saving.state = State::Saving;
        QVERIFY(store.recordSave(u"other"_s, saving));

        // Only for stored drafts, and only with a valid key.
        const Result<> unknown = store.recordSave(u"nope"_s, failed);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code(), ErrorCode::NotFound);
        QCOMPARE(store.recordSave(u"../x"_s, failed).error().code(), ErrorCode::InvalidArgument);
        QCOMPARE(*store.lastSave(u"nope"_s), std::nullopt);
    } // a restart: only the database remains
    DraftStore store(dir.path());
    QVERIFY(store.open());
    const Result<std::optional<DraftStore::SaveRecord>> record = store.lastSave(u"saved"_s);
    QVERIFY(record && *record);
    QCOMPARE((*record)->state, State::Failed);
    QCOMPARE((*record)->folder, u"/drafts/一"_s);
    QCOMPARE((*record)->message, u"Failed to save draft: disk full"_s);
    QCOMPARE((*record)->at, at);
    QCOMPARE((*record)->at.timeSpec(), Qt::UTC);
    QCOMPARE((*store.lastSave(u"other"_s))->state, State::Saving);
    QVERIFY((*store.lastSave(u"other"_s))->at.isValid()); // stamped when not given

    // A later save replaces the record.
    DraftStore::SaveRecord saved;
    saved.state = State::Saved;
    saved.message = u"Draft creation completed"_s;
    QVERIFY(store.recordSave(u"saved"_s, saved));
    QCOMPARE((*store.lastSave(u"saved"_s))->state, State::Saved);
    QCOMPARE((*store.lastSave(u"saved"_s))->message, u"Draft creation completed"_s);

    // Removing the draft removes its record; a new draft under the key starts without one.
    QVERIFY(store.remove(u"saved"_s));
    QCOMPARE(*store.lastSave(u"saved"_s), std::nullopt);
    QVERIFY(store.create(appendixADraft(), u"jy5-win"_s, u"saved"_s));
    QCOMPARE(*store.lastSave(u"saved"_s), std::nullopt);
    QCOMPARE((*store.lastSave(u"other"_s))->state, State::Saving); // the other one is kept
}

void tst_DraftStore::restartKeepsEverything()
{
    QTemporaryDir dir;
    QList<DraftStore::Summary> before;
    QHash<QString, QJsonObject> contents;
    {
        DraftStore store(dir.path());
        QVERIFY(store.open());
        for (int i = 0; i < 30; ++i) {
            Draft d = appendixADraft();
            d.id = newDraftGuid();
            d.name = u"draft %1"_s.arg(i);
            const QString key = i % 2 ? u"dfd_cat_%1_%2"_s.arg(1795913748 + i).arg(i) : QString();
            const QString profile = i % 3 ? u"jy5-win"_s : u"cc-win"_s;
            const Result<QString> created = store.create(d, profile, key);
            QVERIFY(created);
            if (i % 5 == 0) {
                d.tracks[1].segments[0].volume = 0.01 * i;
                QVERIFY(store.save(*created, d));
            }
            if (i % 7 == 3) {
                QVERIFY(store.remove(*created));
                continue;
            }
            const DraftSerializer serializer(*DraftProfile::builtIn(profile));
            contents.insert(*created, serializer.contentDocument(d));
        }
        before = store.list();
        QCOMPARE(before.size(), contents.size());
    }
    DraftStore store(dir.path());
    const Result<DraftStore::OpenReport> opened = store.open();
    QVERIFY(opened);
    QCOMPARE(opened->drafts, qint64(contents.size()));
    const QList<DraftStore::Summary> after = store.list();
    QCOMPARE(after.size(), before.size());
    for (qsizetype i = 0; i < after.size(); ++i) {
        QCOMPARE(after[i].key, before[i].key);
        QCOMPARE(after[i].id, before[i].id);
        QCOMPARE(after[i].name, before[i].name);
        QCOMPARE(after[i].profile, before[i].profile);
        QCOMPARE(after[i].created, before[i].created);
        QCOMPARE(after[i].modified, before[i].modified);
        const Result<Draft> loaded = store.load(after[i].key);
        QVERIFY(loaded);
        QCOMPARE(loaded->id, after[i].id);
        const DraftSerializer serializer(*DraftProfile::builtIn(after[i].profile));
        QVERIFY(
            jsonDiff(serializer.contentDocument(*loaded), contents.value(after[i].key)).isEmpty());
    }
}

void tst_DraftStore::concurrentUse()
{
    QTemporaryDir dir;
    auto store = std::make_unique<DraftStore>(dir.path(), 64 * 1024);
    QVERIFY(store->open());
    QList<Draft> drafts;
    for (int i = 0; i < 8; ++i) {
        Draft d = appendixADraft();
        d.id = newDraftGuid();
        QVERIFY(store->create(d, u"jy5-win"_s));
        drafts.append(d);
    }
    QThreadPool pool;
    pool.setMaxThreadCount(4);
    std::atomic<int> failures = 0;
    std::atomic<int> created = 0;
    QtConcurrent::blockingMap(&pool, drafts, [&](Draft &d) {
        for (int round = 0; round < 10; ++round) {
            d.tracks[1].segments[0].volume = 0.1 * round;
            if (!store->save(d.id, d) || !store->load(d.id) || !store->contains(d.id))
                ++failures;
            Draft extra = appendixADraft();
            extra.id.clear();
            const Result<QString> key
                = store->create(extra, u"jy5-win"_s, u"t_%1_%2"_s.arg(d.id.left(8)).arg(round));
            if (!key || !store->load(*key) || store->list().isEmpty() || store->count() < 8
                || !store->listPage(round, 5))
                ++failures;
            else
                ++created;
            if (round % 3 == 0 && key && !store->remove(*key))
                ++failures;
        }
    });
    QCOMPARE(failures.load(), 0);
    QCOMPARE(created.load(), 80);
    for (const Draft &d : std::as_const(drafts))
        QCOMPARE(store->load(d.id)->tracks[1].segments[0].volume, 0.1 * 9);
    QCOMPARE(store->count(), 8 + 80 - 8 * 4);
    // Destroyed while the pool's threads (and their connections) are alive: removed without a
    // warning (cleanup() checks), and the threads finishing later find nothing left to do.
    store.reset();
    pool.waitForDone();
    QThreadPool::globalInstance()->waitForDone();
}

QTEST_GUILESS_MAIN(tst_DraftStore)
#include "tst_draftstore.moc"

// Under load the WAL grows (the checkpointer's PASSIVE checkpoints cannot restart it while writes
// keep coming); once writes pause for a second it is checkpointed and cut to zero bytes, and the
// store keeps working after that.
void tst_DraftStore::walIsEmptiedWhenWritesPause()
{
    QTemporaryDir dir;
    DraftStore store(dir.path());
    QVERIFY(store.open());
    const QString wal = dir.filePath(u"drafts.sqlite-wal"_s);
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 50; ++i) {
            QVERIFY(store.create(appendixADraft(), u"jy5-win"_s, u"r%1-%2"_s.arg(round).arg(i)));
        }
        QVERIFY(QFileInfo(wal).size() > 0);
        QTRY_COMPARE_WITH_TIMEOUT(QFileInfo(wal).size(), 0, 10000);
    }
    QCOMPARE(store.list().size(), 100);
    const Result<Draft> loaded = store.load(u"r1-49"_s);
    QVERIFY(loaded);
    QCOMPARE(loaded->tracks.size(), appendixADraft().tracks.size());
}
