#pragma once

#include "httpmessage.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

#include <array>
#include <functional>
#include <memory>
#include <vector>

namespace CutPilot::Api {

/// What /ready and /metrics ask the rest of the application (the composition root fills it;
/// every hook is optional).
struct OperationsHooks
{
    /// /ready "storage": true when the drafts store is open and its folder writable.
    /// Unset: "not-configured" (counts as ready).
    std::function<bool()> storage;
    /// /ready "editor": true when the editor answers. Unset until the supervisor exists.
    std::function<bool()> editor;
    /// cutpilot_jobs{state}: the number of jobs per state (unset: no series).
    std::function<QList<QPair<QString, qint64>>()> jobsByState;
    /// cutpilot_editor_restarts_total (unset: 0).
    std::function<quint64()> editorRestarts;
    /// cutpilot_editor_state{state}: 1 for the editor's state (stopped, starting, ready, busy,
    /// unresponsive, restarting, failed), 0 for the others; also /ready's "editorState".
    /// Unset: no series (no editor configured).
    std::function<QString()> editorState;
    /// cutpilot_export_jobs{state}: export jobs per state (unset: no series).
    std::function<QList<QPair<QString, qint64>>()> exportsByState;
    /// Why the export queue is held (empty: it is not): cutpilot_export_queue_held 0/1, and
    /// /ready's "exportQueueHold" (informational: a held queue does not make the API unready).
    /// Unset: no series.
    std::function<QString()> exportQueueHold;
    /// cutpilot_draft_changes_unsaved: draft changes not yet in the draft store (queued, being
    /// written, or failed and waiting for a retry). Unset: no series.
    std::function<qint64()> unsavedDraftChanges;
    /// cutpilot_drafts_failing_to_save, and /ready's "draftWrites" (not ready while one fails):
    /// drafts whose last write failed. Unset: no series, no check.
    std::function<qint64()> draftsFailingToSave;
};

/// The /metrics registry (Prometheus text exposition 0.0.4) and the /ready answer.
///
/// record() runs once per request on the API thread and must stay cheap at 20k requests a second:
/// one hash lookup by route name (the route table's name, never the raw path, so cardinality is
/// bounded; requests that matched no route are "unmatched"), a switch on the method, a hash
/// increment per (method, status) and a fixed-bucket histogram; nothing allocates once a
/// combination has been seen. Single-threaded by design (the API runs on one thread).
class Metrics final
{
public:
    /// Upper bounds of the latency histogram buckets, in seconds (+Inf is implied).
    static constexpr std::array<double, 14> BucketBounds
        = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /// Values owned by others, read when /metrics renders.
    struct Gauges
    {
        int webSocketClients = 0;
        quint64 eventsPublished = 0;
    };

    explicit Metrics(OperationsHooks hooks = {});
    ~Metrics();

    void record(const QString &routeName, QByteArrayView method, int status, qint64 durationNs);
    void recordDownload(bool ok);

    /// The exposition text (`Content-Type: text/plain; version=0.0.4`).
    QByteArray render(const Gauges &gauges) const;
    /// /ready: 200 {"ready":true,"checks":{…}} or 503 with the failing check. Never a path.
    HttpResponse ready() const;

    /// Whether `folder` exists and a file can be created in it (permission bits lie: ACLs,
    /// read-only mounts, root), for OperationsHooks::storage.
    static bool probeWritableFolder(const QString &folder);
    /// Resident memory of this process in bytes; -1 where it is not implemented.
    static qint64 residentMemoryBytes();

private:
    static constexpr int kMethods = 8; ///< GET HEAD POST PUT PATCH DELETE OPTIONS other
    struct RouteStats
    {
        QString name;
        QHash<quint32, quint64> requests; ///< (method << 16 | status) -> count
        std::array<quint64, BucketBounds.size() + 1> buckets{}; ///< not cumulative; last: +Inf
        quint64 count = 0;
        qint64 sumNs = 0;
    };
    RouteStats &route(const QString &name);

    OperationsHooks m_hooks;
    std::vector<std::unique_ptr<RouteStats>> m_routes; ///< stable addresses
    QHash<QString, RouteStats *> m_byName;
    std::array<qint64, BucketBounds.size()> m_boundsNs{};
    quint64 m_downloadsOk = 0;
    quint64 m_downloadsFailed = 0;
};

} // namespace CutPilot::Api
