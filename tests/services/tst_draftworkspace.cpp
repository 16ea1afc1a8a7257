// DraftWorkspace: every acknowledged edit, undo and redo is on disk (a second store instance on the
// same database, as after a crash and restart, sees it); an edit that cannot be written is refused.

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

    static Draft emptyDraft()
    {
        Draft d;
        d.name = u"workspace test"_s;
        return d;
    }

private Q_SLOTS:
    void editsUndoAndRedoArePersistedBeforeTheyAreAcknowledged()
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

        const QJsonObject empty = onDisk(root, *id);
        QVERIFY(!empty.isEmpty());
        Result<QString> track = svc->addTrack(TrackType::Text, u"T"_s);
        QVERIFY(track);
        Result<QString> seg = svc->addTextSegment(*track, u"hello"_s, {0, 2'000'000});
        QVERIFY(seg);
        const QJsonObject edited = onDisk(root, *id);
        QCOMPARE(edited, bytesOf(svc->draft(), svc->profile()));
        QVERIFY(QJsonDocument(edited).toJson().contains("hello"));

        svc->undoStack()->undo();
        QVERIFY(!QJsonDocument(onDisk(root, *id)).toJson().contains("hello"));
        svc->undoStack()->redo();
        QCOMPARE(onDisk(root, *id), edited);
        QCOMPARE(changed.count(), 4);
        QCOMPARE(changed.last().at(0).toString(), *id);

        // Drags merge into one undo step but every acknowledged position is on disk.
        QVERIFY(svc->moveSegment(*seg, *track, 1'000'000));
        QCOMPARE(onDisk(root, *id), bytesOf(svc->draft(), svc->profile()));
        QVERIFY(svc->moveSegment(*seg, *track, 3'000'000));
        QCOMPARE(onDisk(root, *id), bytesOf(svc->draft(), svc->profile()));
        svc->undoStack()->undo();
        QCOMPARE(onDisk(root, *id), edited);
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

    void anEditThatCannotBeWrittenIsRefusedAndChangesNothing()
    {
        const QString root = m_dir.filePath(u"c"_s);
        DraftStore store(root);
        QVERIFY(store.open());
        DraftWorkspace ws(store);
        Result<QString> id = ws.create(emptyDraft(), u"jy6-win"_s);
        QVERIFY(id);
        DraftService *svc = ws.service(*id);
        QVERIFY(svc->addTrack(TrackType::Audio, u"A"_s));
        const QJsonObject before = bytesOf(svc->draft(), svc->profile());

        // The database refuses every write to the draft (as a full disk or an I/O error would).
        QVERIFY(sql(store.databasePath(), u"CREATE TRIGGER refuse BEFORE UPDATE ON drafts "
                                          "BEGIN SELECT RAISE(ABORT, 'no room'); END"_s));

        Result<QString> track = svc->addTrack(TrackType::Video, u"V"_s);
        QVERIFY(!track);
        QCOMPARE(svc->undoStack()->count(), 1);
        QCOMPARE(bytesOf(svc->draft(), svc->profile()), before);

        // Undo cannot be refused, but the failure is reported.
        QSignalSpy failed(&ws, &DraftWorkspace::persistFailed);
        svc->undoStack()->undo();
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), *id);
        QVERIFY(!failed.at(0).at(1).toString().isEmpty());

        // Writable again: the next edit is saved.
        QVERIFY(sql(store.databasePath(), u"DROP TRIGGER refuse"_s));
        QVERIFY(svc->addTrack(TrackType::Video, u"V"_s));
        QCOMPARE(onDisk(root, *id), bytesOf(svc->draft(), svc->profile()));
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
