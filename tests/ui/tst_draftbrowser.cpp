// The drafts browser in the main window over real services: drafts created elsewhere (store,
// API) appear, an unchanged refresh leaves the list alone, and while a script keeps adding drafts
// the list keeps what the user looks at (selection, the open draft in bold, the first visible
// draft) and refreshes while a stream of events lasts.
#include "draftlisttesting.h"
#include "ui/draftbrowser.h"
#include "ui/mainwindow.h"
#include "uitestfixture.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFont>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace CutPilot;
using namespace CutPilot::Ui;
using namespace DraftListTesting;
using namespace Qt::StringLiterals;

namespace {

/// `count` drafts named "Bulk 000"… stored at once (keys bulk_0…), then the main window shown
/// with its drafts list filled and its poll slowed down (refreshes only when a test asks).
struct BulkWindow
{
    BulkWindow(UiTestFixture &f, int count)
    {
        QList<Core::DraftStore::NewDraft> batch;
        for (int i = 0; i < count; ++i) {
            Core::Draft draft;
            draft.name = u"Bulk %1"_s.arg(i, 3, 10, QLatin1Char('0'));
            batch.append({draft, u"jy5-win"_s, u"bulk_%1"_s.arg(i)});
        }
        for (const auto &created : f.store.createBatch(batch))
            stored = stored && created.hasValue();
        window = std::make_unique<MainWindow>(f.services);
        browser = window->draftBrowser();
        browser->setRefreshInterval(60'000);
        window->show();
        list = window->findChild<QTableView *>(u"draftList"_s);
    }
    /// Stored, shown and listed.
    bool ready(int count) const
    {
        return stored && QTest::qWaitForWindowExposed(window.get())
               && QTest::qWaitFor([&] { return list->model()->rowCount() == count; });
    }

    bool stored = true;
    std::unique_ptr<MainWindow> window;
    DraftBrowser *browser = nullptr;
    QTableView *list = nullptr;
};

/// Shows `window` with the drafts browser's poll slowed down (the list refreshes on events or
/// when a test asks); its drafts list once the window is exposed, else nullptr.
QTableView *showWithSlowPoll(MainWindow &window)
{
    window.draftBrowser()->setRefreshInterval(60'000);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return nullptr;
    return window.findChild<QTableView *>(u"draftList"_s);
}

} // namespace

class tst_DraftBrowser : public QObject
{
    Q_OBJECT

private slots:
    void draftsCreatedElsewhereAppear();
    void unchangedRefreshKeepsTheList();
    void anchorSurvivesChanges_data();
    void anchorSurvivesChanges();
    void steadyDraftEventsRefreshWhileTheyLast();
    void growingListKeepsWhatTheUserLooksAt();
};

void tst_DraftBrowser::draftsCreatedElsewhereAppear()
{
    UiTestFixture f;
    MainWindow window(f.services);
    auto *browser = window.draftBrowser();
    QTableView *list = showWithSlowPoll(window); // only events count in the first part
    QVERIFY(list);
    QTRY_COMPARE(list->model()->rowCount(), 0);

    // Through the workspace, as the v1 API creates drafts: a "drafts" event refreshes the list.
    QSignalSpy refreshed(browser, &DraftBrowser::refreshed);
    const QString viaApi = f.createDraft(u"From the API"_s);
    QVERIFY(f.workspace->open(viaApi)); // the event bridge publishes "opened"
    QTRY_VERIFY(itemFor(list, u"From the API"_s).isValid());

    // Straight into the store, as the compat routes do (no event): the timer finds it.
    CutPilot::Core::Draft draft;
    draft.id = CutPilot::Core::newDraftGuid();
    draft.name = u"From compat"_s;
    QVERIFY(f.store.create(draft, u"jy5-win"_s, u"dfd_cat_1_abc"_s));
    QTest::qWait(300);
    QVERIFY(!itemFor(list, u"From compat"_s).isValid()); // not before the timer
    browser->setRefreshInterval(100);
    QTRY_VERIFY(itemFor(list, u"From compat"_s).isValid());
    QCOMPARE(browser->keys().size(), 2);
    QVERIFY(browser->keys().contains(u"dfd_cat_1_abc"_s));
}

// A refresh that finds the same drafts leaves the list alone (items, selection, scroll position);
// one that finds a change rebuilds it.
void tst_DraftBrowser::unchangedRefreshKeepsTheList()
{
    UiTestFixture f;
    const QString key = f.createDraft(u"Kept"_s);
    f.createDraft(u"Other"_s);
    MainWindow window(f.services);
    auto *browser = window.draftBrowser();
    QTableView *list = showWithSlowPoll(window);
    QVERIFY(list);
    QTRY_COMPARE(list->model()->rowCount(), 2);
    QSignalSpy resets(list->model(), &QAbstractItemModel::modelReset);

    QSignalSpy refreshed(browser, &DraftBrowser::refreshed);
    browser->refresh();
    QTRY_COMPARE(refreshed.size(), 1);
    QCOMPARE(resets.size(), 0); // not rebuilt

    CutPilot::Core::Result<CutPilot::Core::Draft> draft = f.store.load(key);
    QVERIFY(draft);
    draft->name = u"Renamed"_s;
    QVERIFY(f.store.save(key, *draft));
    browser->refresh();
    QTRY_COMPARE(refreshed.size(), 2);
    QVERIFY(itemFor(list, u"Renamed"_s).isValid());
    QVERIFY(!itemFor(list, u"Kept"_s).isValid());
    QCOMPARE(resets.size(), 1); // rebuilt
}

void tst_DraftBrowser::anchorSurvivesChanges_data()
{
    QTest::addColumn<bool>("perPixel");
    QTest::addColumn<QString>("where");
    for (const bool perPixel : {false, true}) {
        for (const QString &where : {u"middle"_s, u"end"_s, u"removedAbove"_s}) {
            QTest::addRow("%s, %s", perPixel ? "per pixel" : "per item", qPrintable(where))
                << perPixel << where;
        }
    }
}

// The first visible draft keeps its place (to the pixel) when drafts arrive above it, when the
// list is scrolled to its end, and when drafts above it are removed.
void tst_DraftBrowser::anchorSurvivesChanges()
{
    QFETCH(bool, perPixel);
    QFETCH(QString, where);
    UiTestFixture f;
    BulkWindow rig(f, 300);
    QVERIFY(rig.ready(300));
    DraftBrowser *browser = rig.browser;
    QTableView *list = rig.list;
    list->setVerticalScrollMode(perPixel ? QAbstractItemView::ScrollPerPixel
                                         : QAbstractItemView::ScrollPerItem);
    QScrollBar *bar = list->verticalScrollBar();
    if (where == u"end") {
        bar->setValue(bar->maximum());
    } else {
        list->scrollTo(itemFor(list, u"Bulk 150"_s), QAbstractItemView::PositionAtTop);
        if (perPixel)
            bar->setValue(bar->value() + 5); // the first row partly hidden
    }
    const QString anchored = keyAtTop(list);
    const int offset = list->visualRect(list->indexAt(QPoint(0, 0))).top();
    QVERIFY(bar->value() > 0);
    QCOMPARE(offset, perPixel && where != u"end" ? -5 : offset);

    if (where == u"removedAbove") {
        for (int i = 299; i > 249; --i) // the newest 50: the rows at the top
            QVERIFY(f.store.remove(u"bulk_%1"_s.arg(i)));
    } else {
        for (int i = 0; i < 3; ++i)
            f.createDraft(u"New %1"_s.arg(i));
    }
    QSignalSpy refreshed(browser, &DraftBrowser::refreshed);
    browser->refresh();
    QTRY_VERIFY(!refreshed.isEmpty());
    QTRY_COMPARE(list->model()->rowCount(), where == u"removedAbove" ? 250 : 303);
    QCOMPARE(keyAtTop(list), anchored);
    // Per item, only the end of the list shows a partly hidden first row; once rows are added
    // below the view the anchor is shown whole.
    QCOMPARE(list->visualRect(list->indexAt(QPoint(0, 0))).top(), perPixel ? offset : 0);
}

// A script that keeps editing drafts publishes "drafts" events without a pause: the list is read
// soon after the first of them, not only once they stop (nor only by the 3 s poll).
void tst_DraftBrowser::steadyDraftEventsRefreshWhileTheyLast()
{
    UiTestFixture f;
    MainWindow window(f.services);
    auto *browser = window.draftBrowser();
    QTableView *list = showWithSlowPoll(window);
    QVERIFY(list);
    QSignalSpy refreshed(browser, &DraftBrowser::refreshed);
    // No read pending: the list is read and then nothing more for a while.
    browser->refresh();
    qsizetype seen = -1;
    while (refreshed.size() != seen) {
        seen = refreshed.size();
        QTest::qWait(400);
    }

    CutPilot::Core::Draft draft;
    draft.name = u"Made by a script"_s;
    QVERIFY(f.store.create(draft, u"jy5-win"_s, u"dfd_cat_2_abc"_s)); // no event of its own
    QTimer stream;
    stream.setInterval(40);
    connect(&stream, &QTimer::timeout, &f.hub, [&f] {
        f.hub.publish(CutPilot::Core::EventTopic::Drafts, {{u"event"_s, u"changed"_s}});
    });
    QElapsedTimer elapsed;
    elapsed.start();
    stream.start();
    // Before: the first read after the stream stopped (here: after 8 s) or the 60 s poll.
    QTRY_VERIFY_WITH_TIMEOUT(itemFor(list, u"Made by a script"_s).isValid(), 7000);
    QVERIFY2(elapsed.elapsed() < 6000, qPrintable(QString::number(elapsed.elapsed())));
    QTimer::singleShot(8000 - elapsed.elapsed(), &stream, &QTimer::stop);
}

// An API script keeps creating drafts while the user looks at the list: the selected draft stays
// selected, the open one bold, and a list scrolled down keeps its first visible draft in place
// (new drafts arrive above it); at the very top the new drafts come into view.
void tst_DraftBrowser::growingListKeepsWhatTheUserLooksAt()
{
    UiTestFixture f;
    BulkWindow rig(f, 400);
    QVERIFY(rig.ready(400));
    MainWindow &window = *rig.window;
    DraftBrowser *browser = rig.browser;
    QTableView *list = rig.list;
    QSignalSpy refreshed(browser, &DraftBrowser::refreshed);
    const auto addAndRefresh = [&](const QString &name) {
        f.createDraft(name);
        const qsizetype before = refreshed.size();
        browser->refresh();
        QTRY_VERIFY(refreshed.size() > before);
        QTRY_VERIFY(itemFor(list, name).isValid());
    };

    // At the top: a new draft is the first row, in view.
    const QString top = keyAtTop(list);
    addAndRefresh(u"Newest 1"_s);
    QCOMPARE(list->model()->rowCount(), 401);
    QCOMPARE(itemFor(list, u"Newest 1"_s).row(), 0);
    QCOMPARE(list->indexAt(QPoint(0, 0)).row(), 0);
    QVERIFY(keyAtTop(list) != top);

    // Scrolled down with a draft selected and another one open (bold).
    clickItem(list, itemFor(list, u"Bulk 150"_s));
    browser->setCurrentKey(u"bulk_140"_s);
    list->scrollTo(itemFor(list, u"Bulk 200"_s), QAbstractItemView::PositionAtTop);
    const QString anchored = keyAtTop(list);
    QVERIFY(!anchored.isEmpty());
    QVERIFY(list->indexAt(QPoint(0, 0)).row() > 100);
    addAndRefresh(u"Newest 2"_s);
    QCOMPARE(list->model()->rowCount(), 402);
    QCOMPARE(keyAtTop(list), anchored);
    const QModelIndexList selected = list->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data().toString(), u"Bulk 150"_s);
    QVERIFY(window.findChild<QPushButton *>(u"openDraft"_s)->isEnabled());
    QVERIFY(itemFor(list, u"Bulk 140"_s).data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(!itemFor(list, u"Bulk 150"_s).data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(itemFor(list, u"Newest 2"_s).row(), 0); // newest first, above the view

    // The selected draft goes away (deleted elsewhere): nothing is selected, Open is off.
    QVERIFY(f.store.remove(u"bulk_150"_s));
    const qsizetype before = refreshed.size();
    browser->refresh();
    QTRY_VERIFY(refreshed.size() > before);
    QCOMPARE(list->model()->rowCount(), 401);
    QVERIFY(list->selectionModel()->selectedRows().isEmpty());
    QVERIFY(!window.findChild<QPushButton *>(u"openDraft"_s)->isEnabled());
}

QTEST_MAIN(tst_DraftBrowser)
#include "tst_draftbrowser.moc"
