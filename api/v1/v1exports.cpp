// /api/v1/exports and POST /api/v1/drafts/{id}/export: the editor's export queue (issue 6,
// docs/automation.md). The draft is written into the editor's drafts folder (as the save route
// does), then queued; the queue drives the editor, verifies the file and moves it.
#include "core/draft/draftfolderwriter.h"
#include "core/editor/draftexporter.h"
#include "core/editor/exportqueue.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "v1support.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QtConcurrent>

namespace CutPilot::Api::V1 {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::ErrorCode;
using Core::Result;
using Core::Editor::ExportJob;
using Core::Editor::ExportQueue;

namespace {

const QString Tag = u"exports"_s;
const QStringList Resolutions{u"8K"_s, u"4K"_s, u"2K"_s, u"1080P"_s, u"720P"_s, u"480P"_s};
const QStringList FrameRates{u"24fps"_s, u"25fps"_s, u"30fps"_s, u"50fps"_s, u"60fps"_s};

Result<ExportQueue *> queueOf(const Context &c)
{
    if (!c.services.editor.queue)
        return Error(ErrorCode::Unavailable,
                     u"exports are unavailable: %1"_s.arg(
                         c.services.editor.unavailableReason.isEmpty()
                             ? u"no editor is configured (set editorExecutable, or start "
                               "CutPilot with --editor standin)"_s
                             : c.services.editor.unavailableReason),
                     {{u"service"_s, u"editor"_s}});
    return c.services.editor.queue;
}

/// An export job as the API shows it: ExportJob::toJson plus kind "export".
QJsonObject jobJson(const ExportJob &job)
{
    QJsonObject json = job.toJson();
    json.insert(u"kind"_s, u"export"_s);
    return json;
}

HttpResponse accepted(const ExportJob &job)
{
    HttpResponse response
        = HttpResponse::json(QJsonObject{{u"jobId"_s, job.id}, {u"job"_s, jobJson(job)}}, 202);
    response.setHeader("Location", "/api/v1/exports/" + job.id.toUtf8());
    return response;
}

void exportDraft(const Context &c, HttpRequest request, HttpResponder responder)
{
    if (Result<ExportQueue *> queue = queueOf(c); !queue)
        return responder.send(error(queue.error()));
    if (Result<Core::DraftService *> service = c.draft(request); !service)
        return responder.send(error(service.error()));
    Result<QJsonObject> body = jsonBody(request, true);
    if (!body)
        return responder.send(error(body.error()));
    Fields f(*body);
    f.allowOnly({u"resolution"_s, u"fps"_s, u"outputPath"_s, u"priority"_s});
    ExportDraftRequest export_;
    export_.draftId = request.pathParameters.value(u"id"_s).toString();
    export_.resolution = f.string(u"resolution"_s, 16, false, false);
    if (f.has(u"fps"_s) && (*body)[u"fps"_s].isDouble()) {
        if (const std::optional<qint64> n = f.integer(u"fps"_s, 1, 240))
            export_.fps = u"%1fps"_s.arg(*n);
    } else {
        export_.fps = f.string(u"fps"_s, 16, false, false);
    }
    export_.outputPath = f.string(u"outputPath"_s, 4096, false, false);
    export_.priority = int(f.integer(u"priority"_s, -1000, 1000).value_or(0));
    if (!f.ok())
        return responder.send(error(f.error()));
    auto shared = std::make_shared<HttpResponder>(std::move(responder));
    queueDraftExport(c, export_, [shared](const Result<ExportJob> &job) {
        shared->send(job ? accepted(*job) : error(job.error()));
    });
}

HttpResponse listExports(const Context &c, const HttpRequest &request)
{
    Result<ExportQueue *> queue = queueOf(c);
    if (!queue)
        return error(queue.error());
    Result<Page> p = page(request);
    if (!p)
        return error(p.error());
    std::optional<Core::Editor::ExportJobState> state;
    if (request.query.hasQueryItem(u"state"_s)) {
        state = Core::Editor::exportJobStateFromName(
            request.query.queryItemValue(u"state"_s, QUrl::FullyDecoded));
        if (!state)
            return error(Error::invalidArgument(
                u"state"_s, u"'state' must be one of queued, running, verifying, done, failed, "
                            "cancelled"_s));
    }
    // One page from the database, not the whole table (the list grows with every export).
    Result<Core::Editor::ExportQueueStore::Page> jobs = (*queue)->page(state, p->offset, p->limit);
    if (!jobs)
        return error(jobs.error());
    QJsonArray items;
    for (const ExportJob &job : std::as_const(jobs->jobs))
        items.append(jobJson(job));
    QJsonObject body = pageBody(items, jobs->total, *p);
    body.insert(u"paused"_s, (*queue)->isPaused());
    return HttpResponse::json(body);
}

HttpResponse getExport(const Context &c, const HttpRequest &request)
{
    Result<ExportQueue *> queue = queueOf(c);
    if (!queue)
        return error(queue.error());
    Result<ExportJob> job = (*queue)->get(request.pathParameters.value(u"id"_s).toString());
    if (!job)
        return error(job.error().withDetail(u"field"_s, u"id"_s));
    return HttpResponse::json(jobJson(*job));
}

HttpResponse cancelExport(const Context &c, const HttpRequest &request)
{
    Result<ExportQueue *> queue = queueOf(c);
    if (!queue)
        return error(queue.error());
    const QString id = request.pathParameters.value(u"id"_s).toString();
    if (Result<> cancelled = (*queue)->cancel(id); !cancelled)
        return error(cancelled.error().withDetail(u"field"_s, u"id"_s));
    Result<ExportJob> job = (*queue)->get(id);
    if (!job)
        return error(job.error());
    return HttpResponse::json(jobJson(*job));
}

HttpResponse retryExport(const Context &c, const HttpRequest &request)
{
    Result<ExportQueue *> queue = queueOf(c);
    if (!queue)
        return error(queue.error());
    Result<ExportJob> job = (*queue)->retry(request.pathParameters.value(u"id"_s).toString());
    if (!job)
        return error(job.error().withDetail(u"field"_s, u"id"_s));
    return accepted(*job);
}

HttpResponse pauseQueue(const Context &c, bool pause)
{
    Result<ExportQueue *> queue = queueOf(c);
    if (!queue)
        return error(queue.error());
    if (Result<> done = pause ? (*queue)->pause() : (*queue)->resume(); !done)
        return error(done.error());
    return HttpResponse::json(QJsonObject{{u"paused"_s, (*queue)->isPaused()}});
}

} // namespace

void queueDraftExport(const Context &c, const ExportDraftRequest &request,
                      std::function<void(const Result<ExportJob> &)> done)
{
    Result<ExportQueue *> queue = queueOf(c);
    if (!queue)
        return done(queue.error());
    Core::DraftWorkspace &workspace = *c.shared.workspace;
    if (!Core::DraftStore::isValidKey(request.draftId)
        || !workspace.store().contains(request.draftId))
        return done(Error::notFound(u"draft"_s, request.draftId.left(80)));
    Result<Core::DraftService *> service = workspace.open(request.draftId);
    if (!service)
        return done(service.error());
    if (request.resolution && !Resolutions.contains(*request.resolution))
        return done(Error::invalidArgument(
            u"resolution"_s, u"'resolution' must be one of %1"_s.arg(Resolutions.join(u", "_s))));
    if (request.fps && !FrameRates.contains(*request.fps))
        return done(Error::invalidArgument(
            u"fps"_s, u"'fps' must be one of %1 (or the number)"_s.arg(FrameRates.join(u", "_s))));
    if (!c.services.editor.exporter)
        return done(Error(ErrorCode::Unavailable, c.services.editor.unavailableReason,
                          {{u"service"_s, u"editor"_s}}));
    Core::Editor::DraftExporter::Request exportRequest;
    if (request.outputPath) {
        Result<QString> allowed = c.shared.pathPolicy().check(*request.outputPath, u"outputPath"_s);
        if (!allowed)
            return done(allowed.error());
        if (QFileInfo(*allowed).isDir())
            return done(Error::invalidArgument(u"outputPath"_s,
                                               u"'outputPath' is a folder; name the file"_s));
        exportRequest.outputPath = *allowed;
    }
    exportRequest.resolution = request.resolution.value_or(QString());
    exportRequest.fps = request.fps.value_or(QString());
    exportRequest.priority = request.priority;
    // The same path as the GUI's Export menu (DraftExporter): written off the API thread, then
    // queued; `done` runs on the API thread.
    c.services.editor.exporter->exportDraft((*service)->draft(), (*service)->profile(),
                                            exportRequest, std::move(done));
}

std::optional<HttpResponse> exportJobAsJob(const Context &context, const QString &id)
{
    if (!context.services.editor.queue)
        return std::nullopt;
    Result<ExportJob> job = context.services.editor.queue->get(id);
    if (!job)
        return std::nullopt;
    return HttpResponse::json(jobJson(*job));
}

void registerExportRoutes(Router &router, const Context &context)
{
    const Context *c = &context;
    RouteDoc exportDoc{
        {Tag},
        {},
        QJsonObject{
            {u"type"_s, u"object"_s},
            {u"additionalProperties"_s, false},
            {u"properties"_s,
             QJsonObject{
                 {u"resolution"_s,
                  QJsonObject{{u"enum"_s, QJsonArray::fromStringList(Resolutions)}}},
                 {u"fps"_s, QJsonObject{{u"description"_s, u"\"25fps\" or 25"_s}}},
                 {u"outputPath"_s,
                  QJsonObject{{u"type"_s, u"string"_s},
                              {u"description"_s,
                               u"absolute file path inside an allowed folder (default: the "
                               "editor's export folder/CutPilot/<draft name>.mp4); never "
                               "overwritten: \" (1)\" is added"_s}}},
                 {u"priority"_s, QJsonObject{{u"type"_s, u"integer"_s},
                                             {u"minimum"_s, -1000},
                                             {u"maximum"_s, 1000}}},
             }},
        },
        {{202, u"Queued: {jobId, job}"_s},
         {400, {}},
         {403, u"outputPath outside the allowed folders"_s},
         {404, {}},
         {409, u"another draft of that name is in the editor's drafts folder"_s},
         {415, {}},
         {422, {}},
         {503, u"no editor (the error names why)"_s}},
        {}};
    // One writer thread: two exports of one draft never write its folder at once.
    router.addAsyncDocumented("POST", u"/api/v1/drafts/{id}/export"_s, u"v1.drafts.export"_s,
                              u"Export the draft to a video through the editor (queued job)."_s,
                              exportDoc, [c](HttpRequest r, HttpResponder responder) {
                                  exportDraft(*c, std::move(r), std::move(responder));
                              });
    const QJsonObject states{{u"enum"_s, QJsonArray{u"queued"_s, u"running"_s, u"verifying"_s,
                                                    u"done"_s, u"failed"_s, u"cancelled"_s}}};
    RouteDoc list{
        {Tag},
        {{u"limit"_s, u"page size (default 50)"_s,
          QJsonObject{{u"type"_s, u"integer"_s}, {u"minimum"_s, 1}, {u"maximum"_s, Page::MaxLimit}},
          false},
         {u"offset"_s, u"items to skip"_s,
          QJsonObject{{u"type"_s, u"integer"_s}, {u"minimum"_s, 0}}, false},
         {u"state"_s, u"only jobs in this state"_s, states, false}},
        {},
        {{200, {}}, {422, {}}, {503, {}}},
        {}};
    router.addDocumented("GET", u"/api/v1/exports"_s, u"v1.exports.list"_s,
                         u"Export jobs in run order (paged), and whether the queue is paused."_s,
                         list, [c](const HttpRequest &r) { return listExports(*c, r); });
    router.addDocumented("GET", u"/api/v1/exports/{id}"_s, u"v1.exports.get"_s,
                         u"An export job: state, progress 0-100, reason and message, outputPath "
                         "when done."_s,
                         RouteDoc{{Tag}, {}, {}, {{200, {}}, {404, {}}, {503, {}}}, {}},
                         [c](const HttpRequest &r) { return getExport(*c, r); });
    router.addDocumented(
        "DELETE", u"/api/v1/exports/{id}"_s, u"v1.exports.cancel"_s,
        u"Cancel a queued or running export (a running one restarts the editor)."_s,
        RouteDoc{{Tag},
                 {},
                 {},
                 {{200, u"The job, now cancelled"_s}, {404, {}}, {409, {}}, {503, {}}},
                 {}},
        [c](const HttpRequest &r) { return cancelExport(*c, r); });
    router.addDocumented("POST", u"/api/v1/exports/{id}/retry"_s, u"v1.exports.retry"_s,
                         u"Queue a failed or cancelled export again (attempts start over)."_s,
                         RouteDoc{{Tag}, {}, {}, {{202, {}}, {404, {}}, {409, {}}, {503, {}}}, {}},
                         [c](const HttpRequest &r) { return retryExport(*c, r); });
    router.addDocumented("POST", u"/api/v1/exports/pause"_s, u"v1.exports.pause"_s,
                         u"Pause the queue: no new export starts (a running one finishes). "
                         "Persisted across restarts."_s,
                         RouteDoc{{Tag}, {}, {}, {{200, u"{paused: true}"_s}, {503, {}}}, {}},
                         [c](const HttpRequest &) { return pauseQueue(*c, true); });
    router.addDocumented(
        "POST", u"/api/v1/exports/resume"_s, u"v1.exports.resume"_s,
        u"Resume the queue. Refused (409) while it is held: after the editor's "
        "version changed, until POST /api/v1/editor/doctor passes."_s,
        RouteDoc{{Tag},
                 {},
                 {},
                 {{200, u"{paused: false}"_s}, {409, u"held (the message says why)"_s}, {503, {}}},
                 {}},
        [c](const HttpRequest &) { return pauseQueue(*c, false); });
}

} // namespace CutPilot::Api::V1
