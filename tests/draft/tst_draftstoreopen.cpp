// DraftStore::open(): legacy draft folders imported, a damaged database moved aside and reported,
// a newer schema refused, schema 1 migrated (split from tst_draftstore.cpp).

#include "core/draft/draftserializer.h"
#include "core/draft/draftstore.h"
#include "core/support/utctime.h"
#include "draftfixtures.h"
#include "draftstorehelpers.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

class tst_DraftStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void legacyFoldersAreImported();
    void damagedDatabaseIsMovedAsideAndReported_data();
    void damagedDatabaseIsMovedAsideAndReported();
    void newerSchemaIsRefused();
    void schemaOneIsMigrated();
};

void tst_DraftStore::initTestCase()
{
    s_previousHandler = qInstallMessageHandler(messageHandler);
}

void tst_DraftStore::cleanup()
{
    QVERIFY2(s_sqlWarnings.isEmpty(), qPrintable(s_sqlWarnings.join(u'\n')));
}

void tst_DraftStore::legacyFoldersAreImported()
{
    QTemporaryDir dir;
    Draft old = appendixADraft();
    old.tracks[1].segments[0].volume = 0.25;
    Draft other = appendixADraft();
    other.id = newDraftGuid();
    other.name = u"other"_s;
    writeLegacyDraft(dir.path(), old, u"jy5-win"_s, u"2026-01-02T03:04:05.678Z"_s);
    writeLegacyDraft(dir.path(), other, u"cc-win"_s, u"2026-02-02T03:04:05.678Z"_s);
    QVERIFY(QDir(dir.path()).mkpath(u"BROKEN"_s));
    QFile broken(dir.filePath(u"BROKEN/draft.json"_s));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"format\":\"cutpilot-draft\",\"content\":");
    broken.close();
    QVERIFY(QDir(dir.path()).mkpath(u"not-a-draft"_s)); // no draft.json: left alone

    {
        DraftStore store(dir.path());
        const Result<DraftStore::OpenReport> opened = store.open();
        QVERIFY2(opened, qPrintable(message(opened)));
        QCOMPARE(opened->imported, 2);
        QCOMPARE(opened->drafts, 2);
        QCOMPARE(opened->warnings.size(), 1);
        QVERIFY(opened->warnings.first().contains(u"BROKEN"_s));
        // Every legacy folder moved, the damaged one too: nothing is lost, nothing is read twice.
        QVERIFY(QFileInfo(opened->importedTo).fileName().startsWith(u"imported-"_s));
        for (const QString &folder : {old.id, other.id, u"BROKEN"_s}) {
            QVERIFY(!QFileInfo::exists(dir.filePath(folder)));
            QVERIFY(QFileInfo::exists(opened->importedTo + u'/' + folder + u"/draft.json"_s));
        }
        QVERIFY(QFileInfo::exists(dir.filePath(u"not-a-draft"_s)));

        const Result<Draft> loaded = store.load(old.id);
        QVERIFY(loaded);
        QCOMPARE(loaded->name, old.name);
        QCOMPARE(loaded->metaDraftId, old.metaDraftId);
        QCOMPARE(loaded->tracks[1].segments[0].volume, 0.25);
        QVERIFY(jsonDiff(serialized(*loaded), serialized(old)).isEmpty());
        QCOMPARE(*store.profileOf(other.id), u"cc-win"_s);
        const QList<DraftStore::Summary> all = store.list();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.first().key, other.id); // the legacy modification times order the list
        QCOMPARE(all.first().modified,
                 QDateTime::fromString(u"2026-02-02T03:04:05.678Z"_s, Qt::ISODateWithMs));
        QCOMPARE(all.last().name, old.name);
    }
    DraftStore again(dir.path());
    const Result<DraftStore::OpenReport> reopened = again.open();
    QVERIFY(reopened);
    QCOMPARE(reopened->imported, 0);
    QVERIFY(reopened->importedTo.isEmpty());
    QCOMPARE(reopened->drafts, 2);
}

void tst_DraftStore::damagedDatabaseIsMovedAsideAndReported_data()
{
    QTest::addColumn<bool>("wholeFile");
    QTest::newRow("not a database") << true;
    QTest::newRow("damaged page") << false;
}

void tst_DraftStore::damagedDatabaseIsMovedAsideAndReported()
{
    QFETCH(bool, wholeFile);
    QTemporaryDir dir;
    {
        DraftStore store(dir.path());
        QVERIFY(store.open());
        for (int i = 0; i < 20; ++i)
            QVERIFY(store.create(appendixADraft(), u"jy5-win"_s, u"d%1"_s.arg(i)));
    } // the last connection checkpoints: everything is in drafts.sqlite, no -wal left
    const QString database = dir.filePath(u"drafts.sqlite"_s);
    QVERIFY(!QFileInfo::exists(database + u"-wal"_s));
    QFile file(database);
    QVERIFY(file.open(QIODevice::ReadWrite));
    if (wholeFile) {
        file.write(QByteArray(8192, 'x'));
        file.resize(8192);
    } else {
        QVERIFY(file.size() > 3 * 4096);
        QVERIFY(file.seek(4096)); // page 2 onwards: b-tree pages
        file.write(QByteArray(2 * 4096, '\xff'));
    }
    file.close();

    {
        DraftStore store(dir.path());
        const Result<DraftStore::OpenReport> opened = store.open();
        QVERIFY(!opened);
        QCOMPARE(opened.error().code(), ErrorCode::CorruptData);
        const QString movedTo = opened.error().details().value(u"movedTo"_s).toString();
        QVERIFY(movedTo.startsWith(database + u".corrupt-"_s));
        QVERIFY(opened.error().message().contains(movedTo));
        QVERIFY(QFileInfo::exists(movedTo));
        QVERIFY(!QFileInfo::exists(database));
        QVERIFY(!store.isOpen());
        QCOMPARE(store.load(u"d1"_s).error().code(), ErrorCode::Unavailable);
    }
    // Told once; the next start begins with an empty store and keeps the damaged file.
    DraftStore fresh(dir.path());
    const Result<DraftStore::OpenReport> opened = fresh.open();
    QVERIFY2(opened, qPrintable(message(opened)));
    QCOMPARE(opened->drafts, 0);
    QCOMPARE(QDir(dir.path()).entryList({u"drafts.sqlite.corrupt-*"_s}, QDir::Files).size(), 1);
}

void tst_DraftStore::newerSchemaIsRefused()
{
    QTemporaryDir dir;
    {
        DraftStore store(dir.path());
        QVERIFY(store.open());
        QVERIFY(store.create(appendixADraft(), u"jy5-win"_s));
    }
    const QString database = dir.filePath(u"drafts.sqlite"_s);
    QVERIFY(tamper(database, u"PRAGMA user_version = %1"_s.arg(DraftStore::SchemaVersion + 1)));
    DraftStore store(dir.path());
    const Result<DraftStore::OpenReport> opened = store.open();
    QVERIFY(!opened);
    QCOMPARE(opened.error().code(), ErrorCode::DatabaseError);
    QVERIFY(QFileInfo::exists(database)); // not damaged: left alone
}

void tst_DraftStore::schemaOneIsMigrated()
{
    QTemporaryDir dir;
    Draft draft = appendixADraft();
    {
        DraftStore store(dir.path());
        QVERIFY(store.open());
        QVERIFY(store.create(draft, u"jy5-win"_s, u"old"_s));
    }
    // What CutPilot wrote before schema 2: no saves table, user_version 1.
    const QString database = dir.filePath(u"drafts.sqlite"_s);
    QVERIFY(tamper(database, u"DROP TABLE saves"_s));
    QVERIFY(tamper(database, u"PRAGMA user_version = 1"_s));

    DraftStore store(dir.path());
    QVERIFY(store.open());
    QCOMPARE(serialized(*store.load(u"old"_s)), serialized(draft)); // the draft is kept
    DraftStore::SaveRecord saved;
    saved.state = DraftStore::SaveRecord::State::Saved;
    QVERIFY(store.recordSave(u"old"_s, saved));
    QCOMPARE((*store.lastSave(u"old"_s))->state, DraftStore::SaveRecord::State::Saved);
}

QTEST_GUILESS_MAIN(tst_DraftStore)
#include "tst_draftstoreopen.moc"
