#include "metrics.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryFile>

#include <algorithm>
#include <cmath>

#if defined(Q_OS_LINUX)
#include <unistd.h>
#endif

namespace CutPilot::Api {

using namespace Qt::StringLiterals;

namespace {

constexpr std::array<QByteArrayView, 8> MethodNames
    = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"};

int methodIndex(QByteArrayView method)
{
    for (int i = 0; i < int(MethodNames.size()) - 1; ++i) {
        if (method == MethodNames[std::size_t(i)])
            return i;
    }
    return int(MethodNames.size()) - 1;
}

/// A label value: backslash, double quote and newline escaped (exposition format 0.0.4).
QByteArray labelValue(const QString &value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 12);
}

void header(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

} // namespace

Metrics::Metrics(OperationsHooks hooks)
    : m_hooks(std::move(hooks))
{
    for (std::size_t i = 0; i < BucketBounds.size(); ++i)
        m_boundsNs[i] = qint64(std::llround(BucketBounds[i] * 1e9));
    route(u"unmatched"_s);
}

Metrics::~Metrics() = default;

Metrics::RouteStats &Metrics::route(const QString &name)
{
    if (RouteStats *known = m_byName.value(name))
        return *known;
    auto stats = std::make_unique<RouteStats>();
    stats->name = name;
    RouteStats *raw = stats.get();
    m_routes.push_back(std::move(stats));
    m_byName.insert(name, raw);
    return *raw;
}

void Metrics::record(const QString &routeName, QByteArrayView method, int status, qint64 durationNs)
{
    RouteStats &stats = route(routeName.isEmpty() ? u"unmatched"_s : routeName);
    const quint32 key = quint32(methodIndex(method)) << 16 | quint32(status & 0xffff);
    ++stats.requests[key];
    durationNs = std::max<qint64>(0, durationNs);
    const auto bucket = std::lower_bound(m_boundsNs.cbegin(), m_boundsNs.cend(), durationNs);
    ++stats.buckets[std::size_t(bucket - m_boundsNs.cbegin())];
    ++stats.count;
    stats.sumNs += durationNs;
}

void Metrics::recordDownload(bool ok)
{
    ++(ok ? m_downloadsOk : m_downloadsFailed);
}

QByteArray Metrics::render(const Gauges &gauges) const
{
    QByteArray out;
    out.reserve(4096 + int(m_routes.size()) * 1024);

    // Sorted by route name, then method and status, so the output is stable.
    std::vector<const RouteStats *> routes;
    for (const auto &stats : m_routes)
        routes.push_back(stats.get());
    std::sort(routes.begin(), routes.end(),
              [](const RouteStats *a, const RouteStats *b) { return a->name < b->name; });

    header(out, "cutpilot_http_requests_total", "counter",
           "HTTP requests answered, by route name (the route table's; unmatched for none), "
           "method and status.");
    for (const RouteStats *stats : routes) {
        QList<quint32> keys = stats->requests.keys();
        std::sort(keys.begin(), keys.end());
        for (const quint32 key : std::as_const(keys)) {
            out += "cutpilot_http_requests_total{route=\"" + labelValue(stats->name)
                   + "\",method=\"" + MethodNames[key >> 16].toByteArray() + "\",status=\""
                   + QByteArray::number(key & 0xffff) + "\"} "
                   + QByteArray::number(stats->requests.value(key)) + '\n';
        }
    }

    header(out, "cutpilot_http_request_duration_seconds", "histogram",
           "Time from the request's arrival to its answer being written, by route name.");
    for (const RouteStats *stats : routes) {
        if (stats->count == 0)
            continue;
        const QByteArray label = "route=\"" + labelValue(stats->name) + '"';
        quint64 cumulative = 0;
        for (std::size_t i = 0; i <= BucketBounds.size(); ++i) {
            cumulative += stats->buckets[i];
            const QByteArray le = i < BucketBounds.size() ? number(BucketBounds[i]) : "+Inf";
            out += "cutpilot_http_request_duration_seconds_bucket{" + label + ",le=\"" + le + "\"} "
                   + QByteArray::number(cumulative) + '\n';
        }
        out += "cutpilot_http_request_duration_seconds_sum{" + label + "} "
               + number(double(stats->sumNs) / 1e9) + '\n';
        out += "cutpilot_http_request_duration_seconds_count{" + label + "} "
               + QByteArray::number(stats->count) + '\n';
    }

    header(out, "cutpilot_downloads_total", "counter", "Media downloads finished, by result.");
    out += "cutpilot_downloads_total{result=\"ok\"} " + QByteArray::number(m_downloadsOk) + '\n';
    out += "cutpilot_downloads_total{result=\"failed\"} " + QByteArray::number(m_downloadsFailed)
           + '\n';

    header(out, "cutpilot_jobs", "gauge", "Jobs by state.");
    if (m_hooks.jobsByState) {
        for (const auto &[state, count] : m_hooks.jobsByState())
            out += "cutpilot_jobs{state=\"" + labelValue(state) + "\"} " + QByteArray::number(count)
                   + '\n';
    }

    header(out, "cutpilot_editor_restarts_total", "counter",
           "Times the editor was restarted by the supervisor.");
    out += "cutpilot_editor_restarts_total "
           + QByteArray::number(m_hooks.editorRestarts ? m_hooks.editorRestarts() : 0) + '\n';

    if (m_hooks.editorState) {
        header(out, "cutpilot_editor_state", "gauge",
               "The editor's supervisor state (1 for the current one).");
        const QString current = m_hooks.editorState();
        for (const char *state :
             {"stopped", "starting", "ready", "busy", "unresponsive", "restarting", "failed"})
            out += QByteArray("cutpilot_editor_state{state=\"") + state + "\"} "
                   + (current == QLatin1StringView(state) ? "1" : "0") + '\n';
    }
    if (m_hooks.exportsByState) {
        header(out, "cutpilot_export_jobs", "gauge", "Export jobs by state.");
        for (const auto &[state, count] : m_hooks.exportsByState())
            out += "cutpilot_export_jobs{state=\"" + labelValue(state) + "\"} "
                   + QByteArray::number(count) + '\n';
    }

    if (m_hooks.exportQueueHold) {
        header(out, "cutpilot_export_queue_held", "gauge",
               "1 while the export queue is held (the editor changed and no doctor passed yet).");
        out += QByteArray("cutpilot_export_queue_held ")
               + (m_hooks.exportQueueHold().isEmpty() ? "0" : "1") + '\n';
    }

    if (m_hooks.unsavedDraftChanges) {
        header(out, "cutpilot_draft_changes_unsaved", "gauge",
               "Draft changes not yet in the draft store (queued, being written, or retried).");
        out += "cutpilot_draft_changes_unsaved " + QByteArray::number(m_hooks.unsavedDraftChanges())
               + '\n';
    }
    if (m_hooks.draftsFailingToSave) {
        header(out, "cutpilot_drafts_failing_to_save", "gauge",
               "Drafts whose last write to the draft store failed (retried every 2 s).");
        out += "cutpilot_drafts_failing_to_save "
               + QByteArray::number(m_hooks.draftsFailingToSave()) + '\n';
    }

    header(out, "cutpilot_ws_clients", "gauge", "Open WebSocket event clients.");
    out += "cutpilot_ws_clients " + QByteArray::number(gauges.webSocketClients) + '\n';

    header(out, "cutpilot_events_published_total", "counter",
           "Events published on the event feed.");
    out += "cutpilot_events_published_total " + QByteArray::number(gauges.eventsPublished) + '\n';

    if (const qint64 rss = residentMemoryBytes(); rss >= 0) {
        header(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
        out += "process_resident_memory_bytes " + QByteArray::number(rss) + '\n';
    }
    return out;
}

HttpResponse Metrics::ready() const
{
    bool ready = true;
    QJsonObject checks;
    const auto check = [&](const QString &name, const std::function<bool()> &hook) {
        if (!hook) {
            checks.insert(name, u"not-configured"_s);
            return;
        }
        const bool ok = hook();
        ready = ready && ok;
        checks.insert(name, ok ? u"ok"_s : u"failed"_s);
    };
    check(u"storage"_s, m_hooks.storage);
    check(u"editor"_s, m_hooks.editor);
    if (m_hooks.draftsFailingToSave) {
        const bool writing = m_hooks.draftsFailingToSave() == 0;
        ready = ready && writing;
        checks.insert(u"draftWrites"_s, writing ? u"ok"_s : u"failing"_s);
    }
    if (m_hooks.editorState)
        checks.insert(u"editorState"_s, m_hooks.editorState());
    if (m_hooks.exportQueueHold) {
        if (const QString hold = m_hooks.exportQueueHold(); !hold.isEmpty())
            checks.insert(u"exportQueueHold"_s, hold);
    }
    return HttpResponse::json(QJsonObject{{u"ready"_s, ready}, {u"checks"_s, checks}},
                              ready ? 200 : 503);
}

bool Metrics::probeWritableFolder(const QString &folder)
{
    if (folder.isEmpty() || !QDir(folder).exists())
        return false;
    QTemporaryFile probe(QDir(folder).filePath(u".ready-probe-XXXXXX"_s));
    return probe.open() && probe.write("ok", 2) == 2 && probe.flush();
}

qint64 Metrics::residentMemoryBytes()
{
#if defined(Q_OS_LINUX)
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    if (fields.size() < 2)
        return -1;
    bool ok = false;
    const qint64 pages = fields.at(1).toLongLong(&ok);
    const long pageSize = sysconf(_SC_PAGESIZE);
    return ok && pageSize > 0 ? pages * pageSize : -1;
#else
    return -1; // Windows (GetProcessMemoryInfo) and macOS (task_info) are not implemented yet
#endif
}

} // namespace CutPilot::Api
