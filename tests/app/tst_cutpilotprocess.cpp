// The cutpilot executable as users and scripts run it: options, exit codes, the headless server,
// the data folder lock, logging, signals and the single GUI instance. Real processes, real HTTP.
#include "httptestclient.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

namespace {

QString binary()
{
    return QStringLiteral(CUTPILOT_BINARY);
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QString readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QUrl url(quint16 port, const QString &path)
{
    return QUrl(u"http://127.0.0.1:%1%2"_s.arg(port).arg(path));
}

bool waitForHealth(quint16 port, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (httpGet(url(port, u"/health"_s), 1000).status == 200)
            return true;
        QTest::qWait(50);
    }
    return false;
}

QProcessEnvironment headlessEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"CUTPILOT_LOG_LEVEL"_s);
    return env;
}

/// Starts `cutpilot --headless` on 127.0.0.1:`port` with its data in `dataDir`; true once it
/// answers /health.
bool startHeadless(QProcess &process, quint16 port, const QString &dataDir,
                   const QProcessEnvironment &environment = headlessEnvironment())
{
    process.setProcessEnvironment(environment);
    process.start(binary(), {u"--headless"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(port),
                             u"--data-dir"_s, dataDir});
    return process.waitForStarted() && waitForHealth(port, 10000);
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runToEnd(const QStringList &arguments, const QProcessEnvironment &environment = {})
{
    QProcess process;
    if (!environment.isEmpty())
        process.setProcessEnvironment(environment);
    process.start(binary(), arguments);
    Run run;
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished();
        run.err = u"timed out"_s;
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace

class tst_CutPilotProcess : public QObject
{
    Q_OBJECT

private slots:
    void version();
    void help();
    void badOptionsExitWithUsage_data();
    void badOptionsExitWithUsage();
    void headlessServesHealthAndStopsCleanly();
    void stopsCleanlyWithRequestsInFlight();
    void ephemeralPortIsReported();
    void busyPortFailsClearly();
    void dataFolderIsExclusive();
    void unusableDataFolder();
    void environmentLogLevelWins();
    void catalogsLoadAtStart();
    void secondGuiInstanceActivatesTheFirst();

private:
    void stop(QProcess &process)
    {
        process.terminate();
        if (!process.waitForFinished(10000)) {
            process.kill();
            process.waitForFinished();
        }
    }
};

void tst_CutPilotProcess::version()
{
    const Run run = runToEnd({u"--version"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(u"CutPilot 0."_s), qPrintable(run.out));
    QVERIFY(run.out.contains(u"Qt 6."_s));
}

void tst_CutPilotProcess::help()
{
    const Run run = runToEnd({u"--help"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains(u"--headless"_s));
    QVERIFY(run.out.contains(u"--listen <ADDR:PORT>"_s));
    QVERIFY(run.out.contains(u"--data-dir <DIR>"_s));
}

void tst_CutPilotProcess::badOptionsExitWithUsage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("port range") << QStringList{u"--headless"_s, u"--listen"_s, u"127.0.0.1:99999"_s}
                                << u"--listen: 'port' is 99999, allowed range is 0..65535"_s;
    QTest::newRow("not an address")
        << QStringList{u"--listen"_s, u"banana"_s} << u"is not ADDR:PORT"_s;
    QTest::newRow("unknown option") << QStringList{u"--bogus"_s} << u"Unknown option 'bogus'"_s;
    QTest::newRow("log level") << QStringList{u"--log-level=shout"_s} << u"not a log level"_s;
}

void tst_CutPilotProcess::badOptionsExitWithUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = runToEnd(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.err.contains(u"--help"_s));
}

void tst_CutPilotProcess::headlessServesHealthAndStopsCleanly()
{
    QTemporaryDir data;
    const quint16 port = freePort();
    QProcess process;
    QVERIFY2(startHeadless(process, port, data.path()),
             qPrintable(QString::fromUtf8(process.readAllStandardError())));

    const HttpResult health = httpGet(url(port, u"/health"_s));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value(u"status"_s).toString(), u"ok"_s);
    QVERIFY(health.json().value(u"version"_s).toString().startsWith(u"0."_s));
    QVERIFY(health.header("Content-Type").startsWith("application/json"));

    const HttpResult version = httpGet(url(port, u"/version"_s));
    QCOMPARE(version.status, 200);
    QCOMPARE(version.json().value(u"name"_s).toString(), u"CutPilot"_s);
    QVERIFY(!version.json().value(u"qt"_s).toObject().value(u"runtime"_s).toString().isEmpty());

    QCOMPARE(httpGet(url(port, u"/nope"_s)).status, 404);

    stop(process);
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);

    // Data folder layout and the log: written, with the request lines and a clean stop.
    QVERIFY(QFile::exists(data.filePath(u"cutpilot.lock"_s)) == false);
    const QString log = readFile(data.filePath(u"logs/cutpilot.log"_s));
    QVERIFY2(log.contains(u"[app] [info]"_s), qPrintable(log));
    QVERIFY(log.contains(u"API listening on http://127.0.0.1:%1"_s.arg(port)));
    QVERIFY(log.contains(u"GET /health -> 200"_s));
    QVERIFY(log.contains(u"signal 15 received"_s));
    QVERIFY(log.contains(u"CutPilot stopped"_s));
}

void tst_CutPilotProcess::stopsCleanlyWithRequestsInFlight()
{
    // SIGTERM while scripts create drafts: the creates in flight end with the API (answered or
    // dropped), never in memory freed with it. The ASan run reports any use after free as a crash.
    QTemporaryDir data;
    const quint16 port = freePort();
    QProcess process;
    QVERIFY2(startHeadless(process, port, data.path()),
             qPrintable(QString::fromUtf8(process.readAllStandardError())));

    const QByteArray request
        = "POST /create_draft HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
          + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    int answers = 0;
    std::vector<std::unique_ptr<QTcpSocket>> clients;
    for (int i = 0; i < 16; ++i) {
        auto client = std::make_unique<QTcpSocket>();
        QTcpSocket *socket = client.get();
        // Closed-loop: the next create as soon as an answer is in, so some are always in flight.
        connect(socket, &QTcpSocket::readyRead, socket, [socket, &request, &answers] {
            const QByteArray got = socket->readAll();
            const int n = int(got.count("HTTP/1.1 "));
            answers += n;
            for (int k = 0; k < n; ++k)
                socket->write(request);
        });
        socket->connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(socket->waitForConnected(5000));
        socket->write(request);
        clients.push_back(std::move(client));
    }
    QTRY_VERIFY_WITH_TIMEOUT(answers >= 200, 20000);

    process.terminate();
    QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 20000);
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
    const QString log = readFile(data.filePath(u"logs/cutpilot.log"_s));
    QVERIFY2(log.contains(u"CutPilot stopped"_s), qPrintable(log.right(2000)));
}

void tst_CutPilotProcess::ephemeralPortIsReported()
{
    QTemporaryDir data;
    QProcess process;
    process.start(binary(),
                  {u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--data-dir"_s, data.path()});
    QVERIFY(process.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 10000);
    const QString line = QString::fromUtf8(process.readLine());
    const QRegularExpressionMatch match
        = QRegularExpression(u"listening on http://127\\.0\\.0\\.1:(\\d+)"_s).match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    const quint16 port = quint16(match.captured(1).toUInt());
    QVERIFY(port != 0);
    QCOMPARE(httpGet(url(port, u"/health"_s)).status, 200);
    stop(process);
    QCOMPARE(process.exitCode(), 0);
}

void tst_CutPilotProcess::busyPortFailsClearly()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    const quint16 port = occupant.serverPort();
    QTemporaryDir data;
    const Run run = runToEnd({u"--headless"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(port),
                              u"--data-dir"_s, data.path()});
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains(u"cannot listen on 127.0.0.1:%1"_s.arg(port)), qPrintable(run.err));
    QVERIFY(run.err.contains(u"in use"_s, Qt::CaseInsensitive));
}

void tst_CutPilotProcess::dataFolderIsExclusive()
{
    QTemporaryDir data;
    const quint16 port = freePort();
    QProcess first;
    first.start(binary(), {u"--headless"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(port),
                           u"--data-dir"_s, data.path()});
    QVERIFY(waitForHealth(port, 10000));

    const Run second = runToEnd(
        {u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--data-dir"_s, data.path()});
    QCOMPARE(second.exitCode, 5);
    QVERIFY2(second.err.contains(u"in use by another CutPilot (pid %1)"_s.arg(first.processId())),
             qPrintable(second.err));
    QCOMPARE(httpGet(url(port, u"/health"_s)).status, 200); // the first one is unharmed
    stop(first);
}

void tst_CutPilotProcess::unusableDataFolder()
{
    QTemporaryDir tmp;
    QFile file(tmp.filePath(u"file"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const Run run = runToEnd(
        {u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--data-dir"_s, file.fileName()});
    QCOMPARE(run.exitCode, 4);
    QVERIFY2(run.err.contains(u"is a file, not a folder"_s), qPrintable(run.err));
}

void tst_CutPilotProcess::environmentLogLevelWins()
{
    QTemporaryDir data;
    QProcessEnvironment env = headlessEnvironment();
    env.insert(u"CUTPILOT_LOG_LEVEL"_s, u"error"_s);
    const quint16 port = freePort();
    QProcess process;
    QVERIFY(startHeadless(process, port, data.path(), env));
    stop(process);
    const QString log = readFile(data.filePath(u"logs/cutpilot.log"_s));
    QVERIFY2(!log.contains(u"[info]"_s), qPrintable(log));
}

void tst_CutPilotProcess::catalogsLoadAtStart()
{
    QTemporaryDir data;
    QDir(data.path()).mkpath(u"catalogs"_s);
    QFile catalog(data.filePath(u"catalogs/mine.json"_s));
    QVERIFY(catalog.open(QIODevice::WriteOnly));
    catalog.write(R"({"format":"cutpilot-catalog","version":1,"namespace":"lv","entries":[
        {"kind":"transition","name":"a","resource_id":"1","effect_id":"1"},
        {"kind":"filter","name":"b","resource_id":"2","effect_id":"2"}]})");
    catalog.close();
    QFile broken(data.filePath(u"catalogs/broken.json"_s));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{not json");
    broken.close();

    const quint16 port = freePort();
    QProcess process;
    QVERIFY(startHeadless(process, port, data.path()));
    const QString logPath = data.filePath(u"logs/cutpilot.log"_s);
    QTRY_VERIFY_WITH_TIMEOUT(readFile(logPath).contains(u"loaded 2 catalog entries"_s), 5000);
    stop(process);
    const QString log = readFile(logPath);
    QVERIFY(log.contains(u"broken.json"_s)); // the bad file is reported, the good one still loads
}

void tst_CutPilotProcess::secondGuiInstanceActivatesTheFirst()
{
    QTemporaryDir data;
    QProcessEnvironment env = headlessEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    const quint16 port = freePort();
    QProcess first;
    first.setProcessEnvironment(env);
    first.start(binary(),
                {u"--listen"_s, u"127.0.0.1:%1"_s.arg(port), u"--data-dir"_s, data.path()});
    QVERIFY(waitForHealth(port, 15000)); // the GUI starts the API too

    QProcess second;
    second.setProcessEnvironment(env);
    second.start(binary(), {u"--data-dir"_s, data.path()});
    QVERIFY(second.waitForFinished(15000));
    QCOMPARE(second.exitCode(), 0);

    const QString logPath = data.filePath(u"logs/cutpilot.log"_s);
    QTRY_VERIFY_WITH_TIMEOUT(readFile(logPath).contains(u"activated by another CutPilot start"_s),
                             5000);
    QVERIFY(readFile(logPath).contains(u"GUI mode"_s));
    stop(first);
    QCOMPARE(first.exitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_CutPilotProcess)
#include "tst_cutpilotprocess.moc"
