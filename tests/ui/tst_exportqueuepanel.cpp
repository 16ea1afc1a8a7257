// The export queue panel over a real ExportQueue + ExportQueueStore + EditorSupervisor with no
// editor behind them (the supervisor is never started, so nothing runs): rows follow jobs as
// they are queued, cancelled and retried through the panel's buttons; the ETA arithmetic; the
// "no editor configured" page.
#include "ui/exportqueuepanel.h"
#include "ui/translations.h"
#include "ui/trayicons.h"
#include "uitestfixture.h"

#include <QJsonArray>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Core::Editor;
using namespace CutPilot::Ui;
using namespace Qt::StringLiterals;

namespace {

ExportJobRequest request(const QString &root, const QString &name)
{
    ExportJobRequest r;
    r.draftName = name;
    r.draftFolder = root + u"/drafts/"_s + name;
    r.outputPath = root + u"/out/"_s + name + u".mp4"_s;
    return r;
}

void clickRow(QTableWidget *table, int row)
{
    const QRect rect = table->visualItemRect(table->item(row, ExportQueuePanel::DraftColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
}

} // namespace

class tst_ExportQueuePanel : public QObject
{
    Q_OBJECT

private slots:
    void rowsFollowAJob();
    void existingJobsAreListed();
    void eta_data();
    void eta();
    void formatEta();
    void noEditorConfigured();
    void reasonsAndEditorStatesAreTranslated();
    void checkEditorButtonShowsTheDoctor();
};

void tst_ExportQueuePanel::rowsFollowAJob()
{
    QTemporaryDir dir;
    QueueRig rig(dir.path());
    ExportQueuePanel panel(rig.queue.get(), &rig.supervisor);
    panel.setProfileName(u"jy5-win"_s);
    panel.resize(900, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *table = panel.findChild<QTableWidget *>(u"exportJobs"_s);
    QCOMPARE(table->rowCount(), 0);
    auto *health = panel.findChild<QLabel *>(u"editorHealth"_s);
    QVERIFY(health->text().contains(u"stopped"_s));
    QVERIFY(health->text().contains(u"jy5-win"_s));
    // A hold (the editor's version changed) shows, and goes with its release.
    QVERIFY(rig.queue->hold(u"the editor changed from a to b"_s));
    QVERIFY2(health->text().contains(u"queue held until the editor check passes"_s),
             qPrintable(health->text()));
    QVERIFY(rig.queue->releaseHold());
    QVERIFY(!health->text().contains(u"held"_s));

    // Queued through the queue (as the API and Export → Queue do): a row appears.
    auto id = rig.queue->enqueue(request(dir.path(), u"Promo"_s));
    QVERIFY(id);
    QCOMPARE(panel.jobIds(), QStringList{*id});
    QCOMPARE(table->item(0, ExportQueuePanel::StateColumn)->text(), u"Queued"_s);
    QCOMPARE(table->item(0, ExportQueuePanel::AttemptsColumn)->text(), u"0/3"_s);
    auto *bar
        = qobject_cast<QProgressBar *>(table->cellWidget(0, ExportQueuePanel::ProgressColumn));
    QVERIFY(bar);
    QCOMPARE(bar->value(), 0);

    auto *cancel = panel.findChild<QPushButton *>(u"cancelExport"_s);
    auto *retry = panel.findChild<QPushButton *>(u"retryExport"_s);
    QVERIFY(!cancel->isEnabled()); // nothing selected
    clickRow(table, 0);
    QVERIFY(cancel->isEnabled());
    QVERIFY(!retry->isEnabled());

    // Cancel: the job and its row go to "Cancelled".
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(rig.queue->get(*id)->state, ExportJobState::Cancelled);
    QCOMPARE(table->item(0, ExportQueuePanel::StateColumn)->text(), u"Cancelled"_s);
    QVERIFY(!cancel->isEnabled());
    QVERIFY(retry->isEnabled());

    // Retry: queued again, same row.
    QSignalSpy retried(&panel, &ExportQueuePanel::retried);
    QTest::mouseClick(retry, Qt::LeftButton);
    QCOMPARE(retried.size(), 1);
    QCOMPARE(rig.queue->get(*id)->state, ExportJobState::Queued);
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, ExportQueuePanel::StateColumn)->text(), u"Queued"_s);

    // A second job gets its own row; the paused queue shows in the header.
    auto second = rig.queue->enqueue(request(dir.path(), u"Teaser"_s));
    QVERIFY(second);
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(panel.rowOf(*second), ExportQueuePanel::DraftColumn)->text(), u"Teaser"_s);
    QVERIFY(rig.queue->pause());
    QVERIFY(health->text().contains(u"paused"_s));
}

void tst_ExportQueuePanel::existingJobsAreListed()
{
    QTemporaryDir dir;
    QueueRig rig(dir.path());
    QVERIFY(rig.queue->enqueue(request(dir.path(), u"A"_s)));
    QVERIFY(rig.queue->enqueue(request(dir.path(), u"B"_s)));
    ExportQueuePanel panel(rig.queue.get(), &rig.supervisor);
    QCOMPARE(panel.jobIds().size(), 2);
}

void tst_ExportQueuePanel::eta_data()
{
    QTest::addColumn<qint64>("elapsedMs");
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::addColumn<qint64>("expectedMs"); // -1: no estimate
    QTest::newRow("10% in 10 s") << qint64(10'000) << 0 << 10 << qint64(90'000);
    QTest::newRow("from 40 to 60 in 4 s") << qint64(4000) << 40 << 60 << qint64(8000);
    QTest::newRow("no progress yet") << qint64(5000) << 20 << 20 << qint64(-1);
    QTest::newRow("no time yet") << qint64(0) << 0 << 5 << qint64(-1);
    QTest::newRow("done") << qint64(5000) << 0 << 100 << qint64(-1);
}

void tst_ExportQueuePanel::eta()
{
    QFETCH(qint64, elapsedMs);
    QFETCH(int, from);
    QFETCH(int, to);
    QFETCH(qint64, expectedMs);
    const std::optional<qint64> got = ExportQueuePanel::estimateRemainingMs(elapsedMs, from, to);
    QCOMPARE(got.value_or(-1), expectedMs);
}

void tst_ExportQueuePanel::formatEta()
{
    QCOMPARE(ExportQueuePanel::formatEta(65'000), u"1:05"_s);
    QCOMPARE(ExportQueuePanel::formatEta(500), u"0:01"_s);
    QCOMPARE(ExportQueuePanel::formatEta(3'723'000), u"1:02:03"_s);
}

void tst_ExportQueuePanel::noEditorConfigured()
{
    ExportQueuePanel panel(nullptr, nullptr);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *message = panel.findChild<QLabel *>(u"noEditorMessage"_s);
    QVERIFY(message->isVisible());
    QVERIFY(message->text().contains(u"No editor configured"_s));
    QVERIFY(!panel.findChild<QTableWidget *>(u"exportJobs"_s)->isVisible());
    QSignalSpy settings(&panel, &ExportQueuePanel::settingsRequested);
    QTest::mouseClick(panel.findChild<QPushButton *>(u"openSettings"_s), Qt::LeftButton);
    QCOMPARE(settings.size(), 1);
}

// A failure's machine reason and the editor's state are shown translated (the message from the
// core stays as it is): Chinese after switching the language, English again after switching back.
void tst_ExportQueuePanel::reasonsAndEditorStatesAreTranslated()
{
    QTemporaryDir dir;
    QueueRig rig(dir.path());
    auto id = rig.queue->enqueue(request(dir.path(), u"Promo"_s));
    QVERIFY(id);
    QVERIFY(rig.queue->cancel(*id));
    QCOMPARE(rig.queue->get(*id)->reason, u"cancelled"_s);
    const auto reasonShown = [&](ExportQueuePanel &panel) {
        auto *table = panel.findChild<QTableWidget *>(u"exportJobs"_s);
        return table->item(panel.rowOf(*id), ExportQueuePanel::ReasonColumn)->text();
    };
    {
        Translations translations(qApp);
        QCOMPARE(translations.apply(u"zh_CN"_s), u"zh_CN"_s);
        ExportQueuePanel panel(rig.queue.get(), &rig.supervisor);
        QVERIFY2(reasonShown(panel).startsWith(u"已取消"_s), qPrintable(reasonShown(panel)));
        auto *health = panel.findChild<QLabel *>(u"editorHealth"_s);
        QVERIFY2(health->text().contains(u"已停止"_s), qPrintable(health->text()));
        QVERIFY(!health->text().contains(u"stopped"_s));
        QCOMPARE(exportReasonText(u"vip"_s), u"需要会员"_s);
        QCOMPARE(exportReasonText(u"somethingNew"_s), u"somethingNew"_s); // unknown: as it is
    }
    ExportQueuePanel panel(rig.queue.get(), &rig.supervisor);
    QVERIFY2(reasonShown(panel).startsWith(u"Cancelled"_s), qPrintable(reasonShown(panel)));
    QCOMPARE(exportReasonText(u"vip"_s), u"Needs VIP"_s);
}

void tst_ExportQueuePanel::checkEditorButtonShowsTheDoctor()
{
    QTemporaryDir dir;
    QueueRig rig(dir.path());
    ExportQueuePanel panel(rig.queue.get(), &rig.supervisor);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *check = panel.findChild<QPushButton *>(u"checkEditor"_s);
    QVERIFY(check);
    QVERIFY(!check->isVisible()); // no doctor: no button
    std::function<void(const CutPilot::Core::Result<QJsonObject> &)> pending;
    panel.setDoctor([&](auto done) { pending = std::move(done); });
    QVERIFY(check->isVisible());
    QCOMPARE(check->text(), u"Check editor"_s);
    auto *message = panel.findChild<QLabel *>(u"exportMessage"_s);

    QTest::mouseClick(check, Qt::LeftButton);
    QVERIFY(pending);
    QVERIFY(!check->isEnabled()); // while it runs
    QVERIFY(message->text().startsWith(u"Checking"_s));
    pending(QJsonObject{{u"passed"_s, false},
                        {u"problems"_s, QJsonArray{u"element 'exportButton' is missing"_s}}});
    QVERIFY(check->isEnabled());
    QCOMPARE(message->text(), u"The editor failed the check: element 'exportButton' is missing"_s);

    pending = {};
    QTest::mouseClick(check, Qt::LeftButton);
    pending(QJsonObject{{u"passed"_s, true}, {u"released"_s, true}});
    QCOMPARE(message->text(), u"The editor passed the check: held exports resume."_s);

    pending = {};
    QTest::mouseClick(check, Qt::LeftButton);
    pending(CutPilot::Core::Error(CutPilot::Core::ErrorCode::Conflict, u"an export is running"_s));
    QCOMPARE(message->text(), u"The editor could not be checked: an export is running"_s);
}

QTEST_MAIN(tst_ExportQueuePanel)
#include "tst_exportqueuepanel.moc"
