// Headless start-up benchmark: time from process start until GET /health answers 200, over N runs
// with a fresh data folder each time. Usage: bench_startup [--runs N] [--binary PATH]
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
        process.start(binary, {u"--headless"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(port),
                               u"--data-dir"_s, data.path()});
        bool ok = false;
        while (timer.elapsed() < 10000) {
            if (healthAnswers(manager, port)) {
                ok = true;
                break;
            }
            QThread::msleep(2);
        }
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        process.terminate();
        process.waitForFinished(5000);
        if (!ok) {
            std::fprintf(stderr, "run %d: /health did not answer within 10 s\n", run);
            return 1;
        }
        samples.append(ms);
    }
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) {
        return samples.at(qsizetype(q * double(samples.size() - 1)));
    };
    std::printf("headless start to /health over %d runs: min %.1f ms, median %.1f ms, "
                "p95 %.1f ms, max %.1f ms\n",
                runs, samples.first(), at(0.5), at(0.95), samples.last());
    return 0;
}
