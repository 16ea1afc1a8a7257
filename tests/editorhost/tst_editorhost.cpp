// EditorHost without an editor: which editor an executable is, which automation profile drives it
// (unknown versions are refused, never guessed), the --editor option, and the export queue's
// persisted pause (a paused queue stays paused after CutPilot restarts).
#include "app/commandlineoptions.h"
#include "app/editorhost.h"
#include "core/editor/editordriverthread.h"
#include "core/editor/editorsupervisor.h"
#include "core/editor/exportqueue.h"
#include "core/editor/exportqueuestore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Core::Editor;
using namespace Qt::StringLiterals;
using App::EditorHost;

namespace {

/// An export queue on `database` with no editor behind it (a supervisor that never starts). The
/// store is opened before the queue is made, as the app does (the queue reads its state then).
struct QueueRig
{
    explicit QueueRig(const QString &database)
        : store(database)
        , opened(bool(store.open()))
    {
    }
    ExportQueueStore store;
    bool opened;
    EditorDriverThread driver{[](qint64) { return std::unique_ptr<UiBackend>(); }, {}};
    EditorSupervisor supervisor{{}, [](qint64) {
                                    return QFuture<bool>();
                                }};
    ExportQueue queue{store, supervisor, driver, {}};
};

} // namespace

class tst_EditorHost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identify_data();
    void identify();
    void chooseProfile_data();
    void chooseProfile();
    void editorOption_data();
    void editorOption();
    void standinMissingIsReported();
    void pausePersists();
    void holdRefusesResumeUntilReleased();
};

void tst_EditorHost::identify_data()
{
    QTest::addColumn<QString>("executable");
    QTest::addColumn<QString>("product");
    QTest::addColumn<QString>("version");
    QTest::newRow("jianying-5.9")
        << u"C:/Users/a/AppData/Local/JianyingPro/Apps/5.9.0.11632/JianyingPro.exe"_s
        << u"jianying"_s << u"5.9.0.11632"_s;
    QTest::newRow("jianying-10.8")
        << u"D:/JianyingPro/10.8.0.14471/JianyingPro.exe"_s << u"jianying"_s << u"10.8.0.14471"_s;
    QTest::newRow("no-version-folder")
        << u"C:/Program Files/JianyingPro/JianyingPro.exe"_s << u"jianying"_s << QString();
    QTest::newRow("capcut") << u"C:/CapCut/Apps/3.2.0.1/CapCut.exe"_s << u"capcut"_s
                            << u"3.2.0.1"_s;
    QTest::newRow("standin") << u"/opt/cutpilot/bin/standin-editor"_s << u"standin"_s << QString();
    QTest::newRow("other") << u"/usr/bin/kdenlive"_s << QString() << QString();
}

void tst_EditorHost::identify()
{
    QFETCH(QString, executable);
    QFETCH(QString, product);
    QFETCH(QString, version);
    const EditorHost::EditorIdentity identity = EditorHost::identify(executable);
    QCOMPARE(identity.product, product);
    QCOMPARE(identity.version, version);
}

void tst_EditorHost::chooseProfile_data()
{
    QTest::addColumn<QString>("product");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("forced");
    QTest::addColumn<QString>("profile"); // empty: refused with EditorVersionUnsupported
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("5.9") << u"jianying"_s << u"5.9.0.11632"_s << QString()
                         << u"jianying-pro-5.9-win"_s << QString();
    QTest::newRow("6.8") << u"jianying"_s << u"6.8.0"_s << QString() << u"jianying-pro-5.9-win"_s
                         << QString();
    QTest::newRow("10.8") << u"jianying"_s << u"10.8.0.14471"_s << QString()
                          << u"jianying-pro-10.8-win"_s << QString();
    QTest::newRow("8.0-unknown") << u"jianying"_s << u"8.0.0"_s << QString() << QString()
                                 << u"8.0.0"_s;
    QTest::newRow("version-unknown")
        << u"jianying"_s << QString() << QString() << QString() << u"does not guess"_s;
    QTest::newRow("not-an-editor")
        << QString() << QString() << QString() << QString() << u"cannot tell which editor"_s;
    QTest::newRow("standin") << u"standin"_s << QString() << QString() << u"standin-jianying-5.9"_s
                             << QString();
    // The stand-in's version is its UI mode (--ui): each mode with a profile gets its own.
    QTest::newRow("standin-5.9") << u"standin"_s << u"5.9"_s << QString()
                                 << u"standin-jianying-5.9"_s << QString();
    QTest::newRow("standin-10.8") << u"standin"_s << u"10.8"_s << QString()
                                  << u"standin-jianying-10.8"_s << QString();
    QTest::newRow("standin-7-no-profile")
        << u"standin"_s << u"7"_s << QString() << QString() << u"7"_s;
    QTest::newRow("forced") << u"jianying"_s << QString() << u"jianying-pro-10.8-win"_s
                            << u"jianying-pro-10.8-win"_s << QString();
    QTest::newRow("forced-unknown") << u"jianying"_s << u"5.9.0"_s << u"nope"_s << QString()
                                    << u"no automation profile 'nope'"_s;
}

void tst_EditorHost::chooseProfile()
{
    QFETCH(QString, product);
    QFETCH(QString, version);
    QFETCH(QString, forced);
    QFETCH(QString, profile);
    QFETCH(QString, messagePart);
    Core::Result<AutomationProfiles> profiles = AutomationProfiles::builtIn();
    QVERIFY2(profiles, qPrintable(profiles ? QString() : profiles.error().message()));
    Core::Result<AutomationProfile> chosen
        = EditorHost::chooseProfile(*profiles, {product, version}, forced);
    if (profile.isEmpty()) {
        QVERIFY(!chosen);
        QCOMPARE(chosen.error().code(), Core::ErrorCode::EditorVersionUnsupported);
        QVERIFY2(chosen.error().message().contains(messagePart),
                 qPrintable(chosen.error().message()));
    } else {
        QVERIFY2(chosen, qPrintable(chosen ? QString() : chosen.error().message()));
        QCOMPARE(chosen->id, profile);
    }
}

void tst_EditorHost::editorOption_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("editor");
    QTest::newRow("none") << QStringList{} << true << QString();
    QTest::newRow("standin") << QStringList{u"--editor"_s, u"standin"_s} << true << u"standin"_s;
    QTest::newRow("path") << QStringList{u"--editor"_s, u"/opt/x/../JianyingPro.exe"_s} << true
                          << u"/opt/JianyingPro.exe"_s;
    QTest::newRow("relative") << QStringList{u"--editor"_s, u"JianyingPro.exe"_s} << false
                              << QString();
}

void tst_EditorHost::editorOption()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, ok);
    QFETCH(QString, editor);
    Core::Result<App::CommandLineOptions> parsed
        = App::CommandLineOptions::parse(QStringList{u"cutpilot"_s} + arguments);
    QCOMPARE(bool(parsed), ok);
    if (ok)
        QCOMPARE(parsed->editor, editor);
}

void tst_EditorHost::standinMissingIsReported()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EditorHost::Options options;
    options.editor = u"standin"_s;
    options.dataDir = dir.path();
    options.draftsFolder = dir.filePath(u"drafts"_s);
    options.standinProgram = dir.filePath(u"no-such-standin"_s);
    EditorHost host(options);
    host.start();
    QVERIFY(host.queue() == nullptr);
    QVERIFY(host.isStandin());
    QVERIFY2(host.unavailableReason().contains(u"stand-in"_s),
             qPrintable(host.unavailableReason()));
    const QJsonObject status = host.status();
    QCOMPARE(status.value(u"state"_s).toString(), u"failed"_s);
    QCOMPARE(status.value(u"standin"_s).toBool(), true);
    QCOMPARE(status.value(u"lastReason"_s).toString(), host.unavailableReason());
}

void tst_EditorHost::pausePersists()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString database = dir.filePath(u"exports.sqlite"_s);
    {
        QueueRig rig(database);
        QVERIFY(rig.opened);
        ExportQueue &queue = rig.queue;
        QVERIFY(!queue.isPaused());
        QSignalSpy paused(&queue, &ExportQueue::pausedChanged);
        QVERIFY(queue.pause());
        QVERIFY(queue.isPaused());
        QVERIFY(queue.pause()); // no-op
        QCOMPARE(paused.size(), 1);
        QCOMPARE(paused.at(0).at(0).toBool(), true);
    }
    {
        QueueRig rig(database);
        QVERIFY(rig.opened);
        ExportQueue &queue = rig.queue;
        QVERIFY(queue.isPaused()); // after a "restart"
        QVERIFY(queue.resume());
        QVERIFY(!queue.isPaused());
    }
    {
        QueueRig rig(database);
        QVERIFY(rig.opened);
        ExportQueue &queue = rig.queue;
        QVERIFY(!queue.isPaused());
    }
}

void tst_EditorHost::holdRefusesResumeUntilReleased()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString database = dir.filePath(u"exports.sqlite"_s);
    const QString reason = u"the editor changed from jianying 5.9.0 to jianying 6.8.0"_s;
    {
        QueueRig rig(database);
        QVERIFY(rig.opened);
        ExportQueue &queue = rig.queue;
        QSignalSpy held(&queue, &ExportQueue::holdChanged);
        QVERIFY(queue.hold(reason));
        QVERIFY(!queue.isPaused()); // a gate of its own, beside the operator's pause
        QCOMPARE(queue.holdReason(), reason);
        QCOMPARE(held.size(), 1);
        const Core::Result<> resumed = queue.resume();
        QVERIFY(!resumed);
        QCOMPARE(resumed.error().code(), Core::ErrorCode::Conflict);
        QVERIFY(resumed.error().message().contains(reason));
        QVERIFY(queue.hold(reason)); // no-op
        QCOMPARE(held.size(), 1);
    }
    {
        // Held after a "restart"; released: resumed, and resume() works again.
        QueueRig rig(database);
        QVERIFY(rig.opened);
        ExportQueue &queue = rig.queue;
        QCOMPARE(queue.holdReason(), reason);
        QVERIFY(!queue.resume());
        QVERIFY(queue.releaseHold());
        QVERIFY(queue.holdReason().isEmpty());
        QVERIFY(!queue.isPaused());
        // An operator's pause outlives a hold: released, the queue stays paused.
        QVERIFY(queue.pause());
        QVERIFY(queue.hold(reason));
        QVERIFY(queue.isPaused());
        QVERIFY(queue.releaseHold());
        QVERIFY(queue.isPaused());
        QVERIFY(queue.resume());
    }
    {
        QueueRig rig(database);
        QVERIFY(rig.opened);
        ExportQueue &queue = rig.queue;
        QVERIFY(queue.holdReason().isEmpty());
        QVERIFY(!queue.isPaused());
    }
}

QTEST_GUILESS_MAIN(tst_EditorHost)
#include "tst_editorhost.moc"
