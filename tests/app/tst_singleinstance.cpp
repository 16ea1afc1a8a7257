#include "app/singleinstance.h"

#include <QCoreApplication>
#include <QFuture>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTest>
#include <QtConcurrent>

using namespace CutPilot;
using namespace CutPilot::App;
using namespace Qt::StringLiterals;

class tst_SingleInstance : public QObject
{
    Q_OBJECT

private slots:
    void namesDependOnTheDataFolder();
    void activationReachesThePrimary();
    void noPrimaryIsAnError();
    void garbageIsIgnored();
};

void tst_SingleInstance::namesDependOnTheDataFolder()
{
    const QString a = SingleInstance::serverNameFor(u"/data/one"_s);
    QCOMPARE(SingleInstance::serverNameFor(u"/data/one/"_s), a); // cleaned path
    QVERIFY(a != SingleInstance::serverNameFor(u"/data/two"_s));
    QVERIFY(a.startsWith(u"cutpilot-"_s));
}

void tst_SingleInstance::activationReachesThePrimary()
{
    const QString name
        = SingleInstance::serverNameFor(u"/tst/%1"_s.arg(QCoreApplication::applicationPid()));
    SingleInstance primary(name);
    QVERIFY(primary.listen());
    QSignalSpy spy(&primary, &SingleInstance::activationRequested);

    // The secondary blocks while it waits, so it runs on another thread, as in its own process.
    QFuture<Core::Result<>> secondary = QtConcurrent::run([name] {
        return SingleInstance::activate(name, {u"cutpilot"_s, u"--flag"_s});
    });
    QVERIFY(spy.wait(5000));
    QCOMPARE(spy.at(0).at(0).toStringList(), (QStringList{u"cutpilot"_s, u"--flag"_s}));
    QTRY_VERIFY(secondary.isFinished());
    QVERIFY(secondary.result());
}

void tst_SingleInstance::noPrimaryIsAnError()
{
    const Core::Result<> result
        = SingleInstance::activate(u"cutpilot-no-such-instance-0000"_s, {}, 500);
    QVERIFY(!result);
    QCOMPARE(result.error().code(), Core::ErrorCode::Unavailable);
}

void tst_SingleInstance::garbageIsIgnored()
{
    const QString name = SingleInstance::serverNameFor(
        u"/tst/garbage/%1"_s.arg(QCoreApplication::applicationPid()));
    SingleInstance primary(name);
    QVERIFY(primary.listen());
    QSignalSpy spy(&primary, &SingleInstance::activationRequested);
    QLocalSocket socket;
    socket.connectToServer(name);
    QVERIFY(socket.waitForConnected(2000));
    socket.write("{\"command\":\"format-disk\"}\n");
    socket.flush();
    QTRY_COMPARE(socket.state(), QLocalSocket::UnconnectedState);
    QCOMPARE(spy.count(), 0);
}

QTEST_GUILESS_MAIN(tst_SingleInstance)
#include "tst_singleinstance.moc"
