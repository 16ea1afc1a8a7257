// DraftCreator: group-committed creates. Every request is answered once, in order, after its draft
// is durable; a burst shares transactions; one bad item fails alone.

#include "core/draft/draftstore.h"
#include "core/services/draftcreator.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

class tst_DraftCreator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void burstSharesTransactionsAndEveryDraftIsStored()
    {
        QTemporaryDir dir;
        DraftStore store(dir.filePath(u"drafts"_s));
        QVERIFY(store.open());
        DraftCreator creator(store);
        const int n = 500;
        QList<QString> answered;
        QStringList failures;
        for (int i = 0; i < n; ++i) {
            Draft d;
            d.name = u"draft %1"_s.arg(i);
            // Item 100 reuses item 99's key: it alone must fail.
            const QString key = u"k_%1"_s.arg(i == 100 ? 99 : i);
            creator.create(std::move(d), u"jy5-win"_s, key, &creator,
                           [&answered, &failures, key](Result<QString> created) {
                               if (created)
                                   answered.append(*created);
                               else
                                   failures.append(key + u": "_s + created.error().message());
                           });
        }
        QTRY_COMPARE_WITH_TIMEOUT(answered.size() + failures.size(), n, 20'000);
        QCOMPARE(failures.size(), 1);
        QVERIFY(failures.first().contains(u"already exists"_s));
        // In request order.
        QCOMPARE(answered.first(), u"k_0"_s);
        QCOMPARE(answered.last(), u"k_499"_s);
        QVERIFY2(
            creator.batchesCommitted() < n / 2,
            qPrintable(u"%1 transactions for %2 drafts"_s.arg(creator.batchesCommitted()).arg(n)));
        QCOMPARE(store.count(), qint64(n - 1));

        // Durable: a second store on the same folder (a restarted CutPilot) sees them all.
        DraftStore reopened(dir.filePath(u"drafts"_s));
        QVERIFY(reopened.open());
        QCOMPARE(reopened.count(), qint64(n - 1));
        Result<Draft> loaded = reopened.load(u"k_250"_s);
        QVERIFY(loaded);
        QCOMPARE(loaded->name, u"draft 250"_s);
    }

    void answersGoOnlyToLiveContexts()
    {
        QTemporaryDir dir;
        DraftStore store(dir.filePath(u"drafts"_s));
        QVERIFY(store.open());
        DraftCreator creator(store);
        int calls = 0;
        {
            QObject gone;
            creator.create(Draft{}, u"jy5-win"_s, u"x_1"_s, &gone,
                           [&calls](Result<QString>) { ++calls; });
        }
        creator.create(Draft{}, u"jy5-win"_s, u"x_2"_s, &creator,
                       [&calls](Result<QString>) { ++calls; });
        QTRY_COMPARE(calls, 1);
        QTest::qWait(50);
        QCOMPARE(calls, 1);
        QTRY_VERIFY(store.contains(u"x_1"_s)); // stored all the same
    }

    void destroyingWithWorkPendingIsClean()
    {
        QTemporaryDir dir;
        DraftStore store(dir.filePath(u"drafts"_s));
        QVERIFY(store.open());
        int answered = 0;
        {
            DraftCreator creator(store);
            for (int i = 0; i < 200; ++i)
                creator.create(Draft{}, u"jy5-win"_s, u"d_%1"_s.arg(i), &creator,
                               [&answered](Result<QString>) { ++answered; });
        } // waits for the batch in flight; nothing crashes, no answer arrives after destruction
        QTest::qWait(50);
        QVERIFY(answered <= 200);
    }
};

QTEST_GUILESS_MAIN(tst_DraftCreator)
#include "tst_draftcreator.moc"
