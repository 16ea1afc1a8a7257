// The floor under the local API's per-request cost (issue 5): a bare QHttpServer on one thread,
// the same way CutPilot binds it (its own QTcpServer, toolchain.md §2.3), answering every path
// with a fixed CapCutAPI envelope. No guard, no router, no security checks, no access log, no
// storage. Load it with wrk exactly as the real server (bench/README.md, "What QHttpServer itself
// costs"); the difference is what CutPilot adds per request.
//
// Usage: bench_http_floor [--port P]   (default 0: a free port; prints "port N" once listening)
#include <QCoreApplication>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QTcpServer>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    quint16 port = 0;
    const QStringList args = app.arguments();
    if (const qsizetype at = args.indexOf(QStringLiteral("--port"));
        at >= 0 && at + 1 < args.size())
        port = quint16(args.at(at + 1).toUInt());

    QHttpServer server;
    server.route(QStringLiteral("/<arg>"), [](const QString &, const QHttpServerRequest &) {
        return QHttpServerResponse(QJsonObject{
            {QStringLiteral("success"), true},
            {QStringLiteral("output"),
             QJsonObject{
                 {QStringLiteral("draft_id"), QStringLiteral("dfd_cat_0000000000_00000000")}}},
            {QStringLiteral("error"), QString()},
        });
    });
    auto *tcp = new QTcpServer(&server);
    if (!tcp->listen(QHostAddress::LocalHost, port)) {
        std::fprintf(stderr, "cannot listen: %s\n", qPrintable(tcp->errorString()));
        return 1;
    }
    server.bind(tcp);
    std::printf("port %d\n", int(tcp->serverPort()));
    std::fflush(stdout);
    return app.exec();
}
