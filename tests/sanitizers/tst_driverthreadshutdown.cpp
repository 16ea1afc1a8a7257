// EditorDriverThread shutdown (ASan/LSan finding, issue 8): the destructor posted "release the
// backend, delete the worker" to the driver thread and then called quit() from the caller's
// thread. When the thread had not entered its event loop yet, QThread::exec() returned at once,
// the posted call never ran, and the worker, its backend factory and any backend leaked (and a
// backend was never released on its own thread). Reported by LeakSanitizer in tst_editorhost.

#include "core/editor/editordriverthread.h"

#include <QTest>
#include <QThread>

#include <memory>

using namespace CutPilot::Core::Editor;

class tst_DriverThreadShutdown : public QObject
{
    Q_OBJECT

private slots:
    void destroyedRightAfterConstruction();
};

void tst_DriverThreadShutdown::destroyedRightAfterConstruction()
{
    // The factory (owned by the worker) holds a token: it is released exactly when the worker
    // is deleted. Constructed and destroyed back to back, many times, to hit the window before
    // the thread's event loop starts.
    for (int i = 0; i < 200; ++i) {
        auto token = std::make_shared<int>(i);
        std::weak_ptr<int> watch = token;
        {
            EditorDriverThread driver([token](qint64) { return std::unique_ptr<UiBackend>(); }, {});
            token.reset();
            QVERIFY(!watch.expired()); // the worker still owns the factory
        }
        QVERIFY2(watch.expired(),
                 qPrintable(QStringLiteral("round %1: the worker was not deleted").arg(i)));
    }
}

QTEST_GUILESS_MAIN(tst_DriverThreadShutdown)
#include "tst_driverthreadshutdown.moc"
