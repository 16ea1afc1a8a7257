// DraftWorkspace: edits, undos and redos are written behind the thread that makes them, and once
// whenSaved() says so they are on disk (a second store instance on the same database, as after a
// crash and restart, sees them); a change that cannot be written is reported, kept and retried.

#include "core/draft/draftserializer.h"
#include "core/draft/draftstore.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "draftfixtures.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

/// The content document (compared as JSON: a reloaded draft may write its keys in another order).
QJsonObject bytesOf(const Draft &draft, const DraftProfile &profile)
{
    return DraftSerializer(profile).contentDocument(draft);
}

} // namespace

class TestDraftWorkspace : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    /// What a freshly started CutPilot would read for `key`.
    static QJsonObject onDisk(const QString &root, const QString &key)
    {
        DraftStore reopened(root);
        if (!reopened.open())
            return {};
        Result<Draft> d = reopened.load(key);
        return d ? bytesOf(*d, *DraftProfile::builtIn(u"jy6-win"_s)) : QJsonObject();
    }

    /// Runs one statement on the store's database through a connection of its own.
    static bool sql(const QString &databasePath, const QString &statement)
    {
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"test"_s);
            db.setDatabaseName(databasePath);
            ok = db.open() && QSqlQuery(db).exec(statement);
        }
        QSqlDatabase::removeDatabase(u"test"_s);
        return ok;
    }

    /// Waits for whenSaved(mark): the outcome, or an Internal error when it does not come.
    static Result<> saved(DraftWorkspace &ws, quint64 mark, int timeoutMs = 5000)
    {
        std::optional<Result<>> outcome;
        QObject context;
        ws.whenSaved(mark, &context, [&outcome](Result<> r) { outcome = std::move(r); });
        if (!QTest::qWaitFor([&] { return outcome.has_value(); }, timeoutMs))
            return Error(ErrorCode::Internal, u"whenSaved did not answer"_s);
        return *outcome;
    }

    static Draft emptyDraft()
    {
        Draft d;
        d.name = u"workspace test"_s;
        return d;
    }

private Q_SLOTS:
    void editsUndoAndRedoAreWrittenBehindAndThenDurable()
    {
        const QString root = m_dir.filePath(u"a"_s);
        DraftStore store(root);
        QVERIFY(store.open());
        DraftWorkspace ws(store);
        Result<QString> id = ws.create(emptyDraft(), u"jy6-win"_s);
        QVERIFY2(id, qPrintable(id ? QString() : id.error().message()));
        DraftService *svc = ws.service(*id);
        QVERIFY(svc);
        QSignalSpy changed(&ws, &DraftWorkspace::draftChanged);
        QSignalSpy savedSignal(&ws, &DraftWorkspace::draftSaved);

        const QJsonObject empty = onDisk(root, *id);
        QVERIFY(!empty.isEmpty());
        quint64 mark = ws.editSequence();
        QCOMPARE(mark, 0u);
        QVERIFY(!ws.hasUnsavedSince(mark));
        Result<QString> track = svc->addTrack(TrackType::Text, u"T"_s);
        QVERIFY(track);
        Result<QString> seg = svc->addTextSegment(*track, u"hello"_s, {0, 2'000'000});
        QVERIFY(seg);
        QCOMPARE(ws.editSequence(), 2u);
        // Written behind: the editing thread did not write (the save waits for the event loop).
        QVERIFY(ws.hasUnsavedSince(mark));
        QVERIFY(ws.hasUnsaved(*id));
        QCOMPARE(onDisk(root, *id), empty);
        QCOMPARE(ws.current(*id)->tracks.size(), 1); // the open draft, ahead of the store
        QVERIFY(saved(ws, mark));
        QVERIFY(!ws.hasUnsavedSince(mark));
        QVERIFY(!ws.hasUnsaved(*id));
        const QJsonObject edited = onDisk(root, *id);
        QCOMPARE(edited, bytesOf(svc->draft(), svc->profile()));
        QVERIFY(QJsonDocument(edited).toJson().contains("hello"));
        QCOMPARE(savedSignal.count(), 1); // both edits in one write
        QCOMPARE(savedSignal.last().at(0).toString(), *id);

        mark = ws.editSequence();
        svc->undoStack()->undo();
        QVERIFY(saved(ws, mark));
        QVERIFY(!QJsonDocument(onDisk(root, *id)).toJson().contains("hello"));
        mark = ws.editSequence();
        svc->undoStack()->redo();
        QVERIFY(saved(ws, mark));
        QCOMPARE(onDisk(root, *id), edited);
        QCOMPARE(changed.count(), 4);
        QCOMPARE(changed.last().at(0).toString(), *id);

        // A drag: 50 positions in one pass of the event loop merge into one undo step and one
        // write, of the last position.
        mark = ws.editSequence();
        const int savesBefore = int(savedSignal.count());
        for (int i = 1; i <= 50; ++i)
            QVERIFY(svc->moveSegment(*seg, *track, i * 100'000));
        QVERIFY(saved(ws, mark));
        QCOMPARE(savedSignal.count(), savesBefore + 1);
        QCOMPARE(onDisk(root, *id), bytesOf(svc->draft(), svc->profile()));
        QCOMPARE(svc->draft().segment(*seg).second->target.start, 5'000'000);
        mark = ws.editSequence();
        svc->undoStack()->undo();
        QVERIFY(saved(ws, mark));
        QCOMPARE(onDisk(root, *id), edited);

        // Nothing pending: whenSaved answers at once.
        bool answered = false;
        ws.whenSaved(ws.editSequence(), this, [&answered](Result<> r) { answered = bool(r); });
        QVERIFY(answered);
    }

    void theLastChangesAreWrittenWhenTheWorkspaceGoes()
    {
        const QString root = m_dir.filePath(u"shutdown"_s);
        DraftStore store(root);
        QVERIFY(store.open());
        QString key;
        QJsonObject expected;
        {
            DraftWorkspace ws(store);
            Result<QString> id = ws.create(emptyDraft(), u"jy6-win"_s);
            QVERIFY(id);
            key = *id;
            DraftService *svc = ws.service(key);
            QVERIFY(svc->addTrack(TrackType::Video, u"V"_s));
            expected = bytesOf(svc->draft(), svc->profile());
            QVERIFY(ws.hasUnsaved(key));
        } // no event loop ran: the destructor writes it
        QCOMPARE(onDisk(root, key), expected);
    }

    void removeDropsPendingWrites()
    {
        const QString root = m_dir.filePath(u"remove"_s);
        DraftStore store(root);
        QVERIFY(store.open());
        DraftWorkspace ws(store);
        Result<QString> id = ws.create(emptyDraft(), u"jy6-win"_s);
        QVERIFY(id);
        const quint64 mark = ws.editSequence();
        QVERIFY(ws.service(*id)->addTrack(TrackType::Video, u"V"_s));
        QVERIFY(ws.remove(*id));
        QVERIFY(!ws.hasUnsaved(*id));
        QVERIFY(saved(ws, mark)); // nothing left to wait for
        QTest::qWait(50);         // a late write would bring the row back
        QVERIFY(!store.contains(*id));
        QCOMPARE(store.count(), 0);
    }

    void openSharesOneServiceAndReloadsAfterClose()
    {
        const QString root = m_dir.filePath(u"b"_s);
        DraftStore store(root);
        QVERIFY(store.open());
        DraftWorkspace ws(store);
        Result<QString> id = ws.create(emptyDraft(), u"cc-win"_s);
        QVERIFY(id);
        Result<DraftService *> first = ws.open(*id);
        Result<DraftService *> second = ws.open(*id);
        QVERIFY(first && second);
        QCOMPARE(*first, *second);
        QCOMPARE((*first)->profile().id, u"cc-win"_s);
        QVERIFY((*first)->addTrack(TrackType::Video, u"V"_s));

        QSignalSpy closed(&ws, &DraftWorkspace::draftClosed);
        ws.close(*id);
        QCOMPARE(closed.count(), 1);
        QVERIFY(!ws.service(*id));
        Result<DraftService *> again = ws.open(*id);
        QVERIFY(again);
        QCOMPARE((*again)->draft().tracks.size(), 1);
        QCOMPARE((*again)->undoStack()->count(), 0);

        QVERIFY(!ws.open(u"0000000000000000000000000000dead"_s));
        QVERIFY(ws.remove(*id));
        QVERIFY(!ws.open(*id));
    }

    void aChangeThatCannotBeWrittenIsReportedKeptAndRetried()
    {
        const QString root = m_dir.filePath(u"c"_s);
        DraftStore store(root);
        QVERIFY(store.open());
        DraftWorkspace ws(store);
        Result<QString> id = ws.create(emptyDraft(), u"jy6-win"_s);
        QVERIFY(id);
        DraftService *svc = ws.service(*id);
        quint64 mark = ws.editSequence();
        QVERIFY(svc->addTrack(TrackType::Audio, u"A"_s));
        QVERIFY(saved(ws, mark));
        const QJsonObject before = onDisk(root, *id);

        // The database refuses every write to the draft (as a full disk or an I/O error would).
        QVERIFY(sql(store.databasePath(), u"CREATE TRIGGER refuse BEFORE UPDATE ON drafts "
                                          "BEGIN SELECT RAISE(ABORT, 'no room'); END"_s));
        QSignalSpy failed(&ws, &DraftWorkspace::persistFailed);
        QSignalSpy savedSignal(&ws, &DraftWorkspace::draftSaved);
        mark = ws.editSequence();
        QVERIFY(svc->addTrack(TrackType::Video, u"V"_s)); // made in memory at once
        const Result<> outcome = saved(ws, mark);
        QVERIFY(!outcome);
        QVERIFY2(outcome.error().message().contains(u"no room"_s),
                 qPrintable(outcome.error().message()));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), *id);
        QCOMPARE(onDisk(root, *id), before);
        QCOMPARE(svc->draft().tracks.size(), 2); // kept in the open draft
        QVERIFY(ws.hasUnsaved(*id));

        // Closed for room, it keeps the change (not its undo history): opened again, it has it.
        const QJsonObject expected = bytesOf(svc->draft(), svc->profile());
        ws.setMaxOpen(1);
        Result<QString> other = ws.create(emptyDraft(), u"jy6-win"_s);
        QVERIFY(other);
        QVERIFY(!ws.service(*id));
        QVERIFY(ws.hasUnsaved(*id));
        QCOMPARE(ws.current(*id)->tracks.size(), 2);
        {
            Result<DraftService *> again = ws.open(*id);
            QVERIFY(again);
            QCOMPARE((*again)->draft().tracks.size(), 2);
            QCOMPARE((*again)->undoStack()->count(), 0);
        }
        QVERIFY(ws.open(*other)); // and closed for room once more: the retry writes the kept copy
        QVERIFY(!ws.service(*id));

        // Writable again: the retry writes it without another edit.
        QVERIFY(sql(store.databasePath(), u"DROP TRIGGER refuse"_s));
        QTRY_COMPARE_WITH_TIMEOUT(savedSignal.count(), 1, DraftWorkspace::RetryMs * 3);
        QVERIFY(!ws.hasUnsaved(*id));
        QCOMPARE(onDisk(root, *id), expected);
        QCOMPARE(ws.open(*id).value()->draft().tracks.size(), 2); // from the store now
        ws.setMaxOpen(64);
    }

    void draftsAreAddressedByTheirStoreKey()
    {
        const QString root = m_dir.filePath(u"d"_s);
        DraftStore store(root);
        QVERIFY(store.open());
        DraftWorkspace ws(store);
        QSignalSpy changed(&ws, &DraftWorkspace::draftChanged);
        const QString key = u"dfd_cat_1795913748_93bff833"_s;
        Result<QString> created = ws.create(emptyDraft(), u"jy6-win"_s, key);
        QVERIFY(created);
        QCOMPARE(*created, key);
        QCOMPARE(ws.openIds(), QStringList{key});
        DraftService *svc = ws.service(key);
        QVERIFY(svc);
        QVERIFY(svc->draft().id != key); // the content id stays a GUID
        QVERIFY(svc->addTrack(TrackType::Text, u"T"_s));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), key);
        ws.flush();
        QCOMPARE(onDisk(root, key), bytesOf(svc->draft(), svc->profile()));
        QVERIFY(!store.contains(svc->draft().id));
        QCOMPARE(ws.create(emptyDraft(), u"jy6-win"_s, key).error().code(),
                 ErrorCode::AlreadyExists);
    }

    void openDraftsAreBoundedLruAndPinsStay()
    {
        const QString root = m_dir.filePath(u"lru"_s);
        DraftStore store(root);
        QVERIFY(store.open());
        DraftWorkspace ws(store);
        ws.setMaxOpen(3);
        QStringList keys;
        for (int i = 0; i < 3; ++i)
            keys.append(*ws.create(emptyDraft(), u"jy6-win"_s, u"lru_%1"_s.arg(i)));
        ws.pin(keys.at(0));           // e.g. shown in the GUI
        QVERIFY(ws.open(keys.at(1))); // now more recent than lru_2
        QSignalSpy closed(&ws, &DraftWorkspace::draftClosed);
        keys.append(*ws.create(emptyDraft(), u"jy6-win"_s, u"lru_3"_s));
        QCOMPARE(ws.openIds().size(), 3);
        QCOMPARE(closed.count(), 1);
        QCOMPARE(closed.at(0).at(0).toString(), u"lru_2"_s); // least recently used, not pinned
        QVERIFY(ws.service(keys.at(0)));
        // A closed draft opens again from the store.
        QVERIFY(ws.open(u"lru_2"_s));
        QVERIFY(ws.service(keys.at(0))); // still pinned
        QCOMPARE(ws.openIds().size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestDraftWorkspace)
#include "tst_draftworkspace.moc"
