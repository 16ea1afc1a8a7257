// Start-up benchmark over N runs, a fresh data folder each time:
//  - headless (default): from process start until GET /health answers 200;
//  - --gui (needs an X display, e.g. under xvfb-run): from process start until a mapped top-level
//    window named "CutPilot…" is on the screen, as `xwininfo -root -tree` sees it (observed from
//    outside; each poll costs a few ms, which the figure includes).
// Usage: bench_startup [--runs N] [--binary PATH] [--gui]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

bool healthAnswers(QNetworkAccessManager &manager, quint16 port)
{
    QNetworkReply *reply
        = manager.get(QNetworkRequest(QUrl(u"http://127.0.0.1:%1/health"_s.arg(port))));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const bool ok = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
    reply->deleteLater();
    return ok;
}

/// A mapped top-level window whose title starts with "CutPilot" (xwininfo lists unmapped windows
/// too, so the window is then asked for its map state).
bool mainWindowShown()
{
    QProcess tree;
    tree.start(u"xwininfo"_s, {u"-root"_s, u"-tree"_s});
    if (!tree.waitForFinished(2000))
        return false;
    const QByteArray out = tree.readAllStandardOutput();
    for (const QByteArray &line : out.split('\n')) {
        const int quote = line.indexOf("\"CutPilot");
        if (quote < 0)
            continue;
        const QByteArray id = line.trimmed().split(' ').value(0);
        QProcess info;
        info.start(u"xwininfo"_s, {u"-id"_s, QString::fromLatin1(id)});
        if (info.waitForFinished(2000) && info.readAllStandardOutput().contains("IsViewable"))
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    int runs = 10;
    QString binary = QStringLiteral(CUTPILOT_BINARY);
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--runs")
            runs = args[i + 1].toInt();
        else if (args[i] == u"--binary")
            binary = args[i + 1];
    }
    const bool gui = args.contains(u"--gui"_s);
    if (gui && qEnvironmentVariableIsEmpty("DISPLAY")) {
        std::fprintf(stderr, "--gui needs an X display (run it under xvfb-run)\n");
        return 2;
    }

    QNetworkAccessManager manager;
    QList<double> samples;
    for (int run = 0; run < runs; ++run) {
        QTemporaryDir data;
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        const quint16 port = probe.serverPort();
        probe.close();

        QProcess process;
        QElapsedTimer timer;
        timer.start();
        QStringList arguments{u"--listen"_s, u"127.0.0.1:%1"_s.arg(port), u"--data-dir"_s,
                              data.path()};
        if (!gui)
            arguments.prepend(u"--headless"_s);
        process.start(binary, arguments);
        bool ok = false;
        while (timer.elapsed() < 10000) {
            if (gui ? mainWindowShown() : healthAnswers(manager, port)) {
                ok = true;
                break;
            }
            QThread::msleep(2);
        }
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        process.terminate();
        process.waitForFinished(5000);
        if (!ok) {
            std::fprintf(stderr, "run %d: %s within 10 s\n", run,
                         gui ? "no CutPilot window was shown" : "/health did not answer");
            return 1;
        }
        samples.append(ms);
    }
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) {
        return samples.at(qsizetype(q * double(samples.size() - 1)));
    };
    std::printf("%s over %d runs: min %.1f ms, median %.1f ms, p95 %.1f ms, max %.1f ms\n",
                gui ? "start to a shown main window" : "headless start to /health", runs,
                samples.first(), at(0.5), at(0.95), samples.last());
    return 0;
}
