// Operations endpoints over real loopback HTTP: /metrics (Prometheus text 0.0.4: counters by route
// name that increase with requests, histogram buckets consistent with the counters, gauges) and
// /ready (200 while storage is writable, 503 naming the failed check when it is not), and the draft
// workspace's writes (unsaved changes, drafts failing to save) with a real store.

#include "api/apiserver.h"
#include "api/metrics.h"
#include "core/draft/draftstore.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "core/services/eventhub.h"
#include "httptestclient.h"

#include <QDir>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <memory>

using namespace CutPilot;
using namespace CutPilot::Api;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray Token = "metrics-test-token-0123456789";

/// "name{labels} value" lines, keyed by "name{labels}" as written.
QHash<QString, double> parseExposition(const QByteArray &text)
{
    QHash<QString, double> samples;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        samples.insert(QString::fromUtf8(line.left(space)), line.mid(space + 1).toDouble());
    }
    return samples;
}

} // namespace

class tst_ApiMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void metricsNeedTheToken();
    void countersIncreaseByRouteName();
    void histogramMatchesCounters();
    void gauges();
    void readyWhileStorageIsWritable();
    void notReadyWhenStorageIsGone();
    void recordIsCheap();
    void draftWritesAreVisible();

private:
    QUrl url(const QString &path) const
    {
        return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path));
    }
    QHash<QString, double> scrape()
    {
        const HttpResult result
            = httpRequest("GET", url(u"/metrics"_s), {}, {{"Authorization", "Bearer " + Token}});
        if (result.status != 200)
            qWarning("/metrics answered %d", result.status);
        return parseExposition(result.body);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_storage;
    std::unique_ptr<Core::EventHub> m_hub;
    std::unique_ptr<ApiServer> m_server;
    quint16 m_port = 0;
};

void tst_ApiMetrics::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_storage = m_dir->filePath(u"drafts"_s);
    QVERIFY(QDir().mkpath(m_storage));
    m_hub = std::make_unique<Core::EventHub>();

    ApiServer::Dependencies deps;
    deps.buildInfo = Core::BuildInfo::current();
    deps.security.token = QString::fromLatin1(Token);
    deps.events = m_hub.get();
    deps.operations.storage = [this] {
        return Metrics::probeWritableFolder(m_storage);
    };
    deps.operations.jobsByState = [] {
        return QList<QPair<QString, qint64>>{{u"running"_s, 2}, {u"queued"_s, 1}};
    };
    m_server = std::make_unique<ApiServer>(std::move(deps));
    auto bound = m_server->start(Core::ListenAddress(QHostAddress::LocalHost, 0));
    QVERIFY(bound);
    m_port = bound->port();
}

void tst_ApiMetrics::cleanup()
{
    m_server.reset();
    m_hub.reset();
    m_dir.reset();
}

void tst_ApiMetrics::metricsNeedTheToken()
{
    QCOMPARE(httpGet(url(u"/metrics"_s)).status, 401);
    const HttpResult result
        = httpRequest("GET", url(u"/metrics"_s), {}, {{"Authorization", "Bearer " + Token}});
    QCOMPARE(result.status, 200);
    QCOMPARE(result.header("Content-Type"), QByteArray("text/plain; version=0.0.4; charset=utf-8"));
    QVERIFY(result.body.contains("# TYPE cutpilot_http_requests_total counter"));
    QVERIFY(result.body.contains("# TYPE cutpilot_http_request_duration_seconds histogram"));
    QVERIFY(!result.body.contains(Token));
}

void tst_ApiMetrics::countersIncreaseByRouteName()
{
    const QString health
        = u"cutpilot_http_requests_total{route=\"health\",method=\"GET\",status=\"200\"}"_s;
    const QString unmatched
        = u"cutpilot_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"}"_s;
    const QString version
        = u"cutpilot_http_requests_total{route=\"v1.version\",method=\"GET\",status=\"200\"}"_s;
    const QString versionDenied
        = u"cutpilot_http_requests_total{route=\"v1.version\",method=\"GET\",status=\"401\"}"_s;

    const QHash<QString, double> before = scrape();
    for (int i = 0; i < 3; ++i)
        QCOMPARE(httpGet(url(u"/health"_s)).status, 200);
    QCOMPARE(httpGet(url(u"/no/such/thing-1"_s)).status, 404);
    QCOMPARE(httpGet(url(u"/no/such/thing-2"_s)).status, 404);
    QCOMPARE(
        httpRequest("GET", url(u"/api/v1/version"_s), {}, {{"Authorization", "Bearer " + Token}})
            .status,
        200);
    QCOMPARE(httpGet(url(u"/api/v1/version"_s)).status, 401);

    const HttpResult raw
        = httpRequest("GET", url(u"/metrics"_s), {}, {{"Authorization", "Bearer " + Token}});
    const QHash<QString, double> after = parseExposition(raw.body);
    QCOMPARE(after.value(health) - before.value(health), 3.0);
    QCOMPARE(after.value(unmatched) - before.value(unmatched), 2.0);
    QCOMPARE(after.value(version) - before.value(version), 1.0);
    QCOMPARE(after.value(versionDenied) - before.value(versionDenied), 1.0);
    // The scrape before this one is counted too (recorded once its answer was written).
    QVERIFY(after.value(
                u"cutpilot_http_requests_total{route=\"metrics\",method=\"GET\",status=\"200\"}"_s)
            >= 1);
    // Labelled by route name, never by the raw path: unknown paths cannot grow the series.
    QVERIFY(!raw.body.contains("thing-1"));
    QVERIFY(!raw.body.contains("route=\"/"));
}

void tst_ApiMetrics::histogramMatchesCounters()
{
    for (int i = 0; i < 5; ++i)
        QCOMPARE(httpGet(url(u"/health"_s)).status, 200);
    QCOMPARE(httpGet(url(u"/nowhere"_s)).status, 404);
    const QHash<QString, double> samples = scrape();

    // Per route: the histogram's _count equals the sum of its request counters, and its
    // buckets are cumulative up to +Inf == _count.
    static const QRegularExpression countRe(
        u"^cutpilot_http_request_duration_seconds_count\\{route=\"([^\"]+)\"\\}$"_s);
    int routes = 0;
    for (auto it = samples.cbegin(); it != samples.cend(); ++it) {
        const QRegularExpressionMatch match = countRe.match(it.key());
        if (!match.hasMatch())
            continue;
        ++routes;
        const QString route = match.captured(1);
        double requests = 0;
        const QString prefix = u"cutpilot_http_requests_total{route=\"%1\","_s.arg(route);
        for (auto s = samples.cbegin(); s != samples.cend(); ++s) {
            if (s.key().startsWith(prefix))
                requests += s.value();
        }
        QCOMPARE(it.value(), requests);
        double previous = 0;
        for (const double bound : Metrics::BucketBounds) {
            const QString key
                = u"cutpilot_http_request_duration_seconds_bucket{route=\"%1\",le=\"%2\"}"_s.arg(
                    route, QString::number(bound, 'g', 12));
            QVERIFY2(samples.contains(key), qPrintable(key));
            QVERIFY(samples.value(key) >= previous);
            previous = samples.value(key);
        }
        const double inf = samples.value(
            u"cutpilot_http_request_duration_seconds_bucket{route=\"%1\",le=\"+Inf\"}"_s.arg(route),
            -1);
        QVERIFY(inf >= previous);
        QCOMPARE(inf, it.value());
        QVERIFY(
            samples.value(u"cutpilot_http_request_duration_seconds_sum{route=\"%1\"}"_s.arg(route))
            >= 0);
    }
    QVERIFY(routes >= 2); // health and unmatched at least
    QCOMPARE(samples.value(u"cutpilot_http_request_duration_seconds_count{route=\"health\"}"_s),
             5.0);
}

void tst_ApiMetrics::gauges()
{
    m_hub->publish(u"jobs"_s, {});
    m_hub->publish(u"drafts"_s, {});
    QWebSocket client;
    client.open(QUrl(u"ws://127.0.0.1:%1/api/v1/events"_s.arg(m_port)));
    QTRY_COMPARE(m_server->events()->clientCount(), 1);
    m_server->metrics().recordDownload(true);
    m_server->metrics().recordDownload(false);
    m_server->metrics().recordDownload(true);

    const QHash<QString, double> samples = scrape();
    QCOMPARE(samples.value(u"cutpilot_ws_clients"_s, -1), 1.0);
    QCOMPARE(samples.value(u"cutpilot_events_published_total"_s, -1), 2.0);
    QCOMPARE(samples.value(u"cutpilot_downloads_total{result=\"ok\"}"_s, -1), 2.0);
    QCOMPARE(samples.value(u"cutpilot_downloads_total{result=\"failed\"}"_s, -1), 1.0);
    QCOMPARE(samples.value(u"cutpilot_jobs{state=\"running\"}"_s, -1), 2.0);
    QCOMPARE(samples.value(u"cutpilot_jobs{state=\"queued\"}"_s, -1), 1.0);
    QCOMPARE(samples.value(u"cutpilot_editor_restarts_total"_s, -1), 0.0);
#if defined(Q_OS_LINUX)
    QVERIFY(samples.value(u"process_resident_memory_bytes"_s, -1) > 1024 * 1024);
#endif
    client.close();
    QTRY_COMPARE(m_server->events()->clientCount(), 0);
    QCOMPARE(scrape().value(u"cutpilot_ws_clients"_s, -1), 0.0);
}

void tst_ApiMetrics::readyWhileStorageIsWritable()
{
    const HttpResult result = httpGet(url(u"/ready"_s)); // public, like /health
    QCOMPARE(result.status, 200);
    const QJsonObject body = result.json();
    QCOMPARE(body.value(u"ready"_s).toBool(), true);
    const QJsonObject checks = body.value(u"checks"_s).toObject();
    QCOMPARE(checks.value(u"storage"_s).toString(), u"ok"_s);
    QCOMPARE(checks.value(u"editor"_s).toString(), u"not-configured"_s);
    // The probe leaves nothing behind.
    QCOMPARE(QDir(m_storage).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
}

void tst_ApiMetrics::notReadyWhenStorageIsGone()
{
    QVERIFY(QDir(m_storage).removeRecursively());
    // A plain file where the folder was: it cannot be recreated behind our back either.
    QFile blocker(m_storage);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();

    const HttpResult result = httpGet(url(u"/ready"_s));
    QCOMPARE(result.status, 503);
    const QJsonObject body = result.json();
    QCOMPARE(body.value(u"ready"_s).toBool(true), false);
    QCOMPARE(body.value(u"checks"_s).toObject().value(u"storage"_s).toString(), u"failed"_s);
    QVERIFY(!result.body.contains(m_dir->path().toUtf8())); // no paths revealed
    QCOMPARE(httpGet(url(u"/health"_s)).status, 200);       // liveness is unaffected

    QVERIFY(QFile::remove(m_storage));
    QVERIFY(QDir().mkpath(m_storage));
    QCOMPARE(httpGet(url(u"/ready"_s)).status, 200);
}

void tst_ApiMetrics::recordIsCheap()
{
    // The per-request path at the API's target rate: 200k records must take well under a second
    // (about 10 s of traffic at 20k requests a second).
    Metrics metrics;
    const QString route = u"v1.drafts.get"_s;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 200'000; ++i)
        metrics.record(route, "GET", i % 50 == 0 ? 404 : 200, 150'000 + (i % 7) * 1'000'000);
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(elapsed < 1000, qPrintable(u"%1 ms for 200k records"_s.arg(elapsed)));
    const QHash<QString, double> samples = parseExposition(metrics.render({}));
    QCOMPARE(
        samples.value(u"cutpilot_http_request_duration_seconds_count{route=\"v1.drafts.get\"}"_s),
        200'000.0);
    QCOMPARE(
        samples.value(
            u"cutpilot_http_requests_total{route=\"v1.drafts.get\",method=\"GET\",status=\"404\"}"_s),
        4'000.0);
}

void tst_ApiMetrics::draftWritesAreVisible()
{
    // Its own server with a draft workspace over a real store (the fixture's has none).
    m_server.reset();
    Core::DraftStore store(m_dir->filePath(u"store"_s));
    QVERIFY(store.open());
    Core::DraftWorkspace workspace(store);
    ApiServer::Dependencies deps;
    deps.buildInfo = Core::BuildInfo::current();
    deps.security.token = QString::fromLatin1(Token);
    deps.compat.workspace = &workspace;
    deps.compat.profileId = [] {
        return u"jy6-win"_s;
    };
    m_server = std::make_unique<ApiServer>(std::move(deps));
    auto bound = m_server->start(Core::ListenAddress(QHostAddress::LocalHost, 0));
    QVERIFY(bound);
    m_port = bound->port();

    Core::Draft draft;
    draft.name = u"metrics"_s;
    Core::Result<QString> key = workspace.create(draft, u"jy6-win"_s);
    QVERIFY(key);
    QCOMPARE(scrape().value(u"cutpilot_draft_changes_unsaved"_s, -1), 0.0);
    QCOMPARE(scrape().value(u"cutpilot_drafts_failing_to_save"_s, -1), 0.0);

    // The database refuses writes to drafts (a full disk): the edit is kept and retried.
    const auto sql = [&](const QString &statement) {
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"metrics"_s);
            db.setDatabaseName(store.databasePath());
            ok = db.open() && QSqlQuery(db).exec(statement);
        }
        QSqlDatabase::removeDatabase(u"metrics"_s);
        return ok;
    };
    QVERIFY(sql(u"CREATE TRIGGER refuse BEFORE UPDATE ON drafts "
                "BEGIN SELECT RAISE(ABORT, 'no room'); END"_s));
    QVERIFY(workspace.service(*key)->addTrack(Core::TrackType::Video, u"V"_s));
    QTRY_COMPARE(scrape().value(u"cutpilot_drafts_failing_to_save"_s, -1), 1.0);
    QCOMPARE(scrape().value(u"cutpilot_draft_changes_unsaved"_s, -1), 1.0);
    HttpResult ready = httpGet(url(u"/ready"_s));
    QCOMPARE(ready.status, 503);
    QCOMPARE(ready.json().value(u"checks"_s).toObject().value(u"draftWrites"_s).toString(),
             u"failing"_s);

    QVERIFY(sql(u"DROP TRIGGER refuse"_s));
    QTRY_COMPARE_WITH_TIMEOUT(scrape().value(u"cutpilot_drafts_failing_to_save"_s, -1), 0.0,
                              Core::DraftWorkspace::RetryMs * 3);
    QCOMPARE(scrape().value(u"cutpilot_draft_changes_unsaved"_s, -1), 0.0);
    ready = httpGet(url(u"/ready"_s));
    QCOMPARE(ready.status, 200);
    QCOMPARE(ready.json().value(u"checks"_s).toObject().value(u"draftWrites"_s).toString(),
             u"ok"_s);
    m_server.reset(); // before the workspace it points at
}

QTEST_GUILESS_MAIN(tst_ApiMetrics)
#include "tst_apimetrics.moc"
