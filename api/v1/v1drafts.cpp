// /api/v1/drafts: list (paged), create, read, delete, undo/redo, and save as a job (the editor's
// draft folder written off the API thread).
#include "core/draft/draftfolderwriter.h"
#include "core/draft/draftprofile.h"
#include "core/jobs/jobservice.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "core/support/futurewatch.h"
#include "v1support.h"

#include <QFuture>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent>

namespace CutPilot::Api::V1 {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::ErrorCode;
using Core::Result;

namespace {

const QString Tag = u"drafts"_s;

QJsonObject intSchema(qint64 min, qint64 max)
{
    return QJsonObject{{u"type"_s, u"integer"_s}, {u"minimum"_s, min}, {u"maximum"_s, max}};
}

QList<RouteDoc::Parameter> pageParameters()
{
    return {
        {u"limit"_s, u"page size (default 50)"_s, intSchema(1, Page::MaxLimit), false},
        {u"offset"_s, u"items to skip; a page's `next` is the offset of the next page"_s,
         intSchema(0, std::numeric_limits<int>::max()), false},
    };
}

HttpResponse listDrafts(const Context &c, const HttpRequest &request)
{
    Result<Page> p = page(request);
    if (!p)
        return error(p.error());
    // One page from the database: a store of 100,000 drafts is not read for 50 of them.
    qint64 total = 0;
    Result<QList<Core::DraftStore::Summary>> drafts
        = c.shared.workspace->store().listPage(p->offset, p->limit, &total);
    if (!drafts)
        return error(drafts.error());
    QJsonArray items;
    for (const Core::DraftStore::Summary &summary : std::as_const(*drafts))
        items.append(summaryJson(summary));
    return HttpResponse::json(pageBody(items, total, *p));
}

HttpResponse createDraft(const Context &c, const HttpRequest &request)
{
    Result<QJsonObject> body = jsonBody(request, true);
    if (!body)
        return error(body.error());
    Fields f(*body);
    f.allowOnly({u"name"_s, u"width"_s, u"height"_s, u"fps"_s, u"profile"_s});
    const std::optional<QString> name = f.string(u"name"_s, 255);
    const std::optional<qint64> width = f.integer(u"width"_s, 16, 8192);
    const std::optional<qint64> height = f.integer(u"height"_s, 16, 8192);
    const std::optional<double> fps = f.number(u"fps"_s, 1, 120);
    const std::optional<QString> profile = f.string(u"profile"_s, 64, false, false);
    if (profile && !Core::DraftProfile::builtInIds().contains(*profile)) {
        f.fail(Error::invalidArgument(
            u"profile"_s, u"unknown profile '%1' (known: %2)"_s.arg(
                              *profile, Core::DraftProfile::builtInIds().join(u", "_s))));
    }
    if (!f.ok())
        return error(f.error());
    Core::Draft draft;
    draft.width = int(width.value_or(1080));
    draft.height = int(height.value_or(1920));
    draft.fps = fps.value_or(30.0);
    draft.id = Core::newDraftGuid(); // also the store key
    // The folder name on save comes from the name (§4.2): the id when none is given.
    draft.name = name && !name->isEmpty() ? *name : draft.id;
    const QString profileId = profile ? *profile : c.shared.profileId();
    Result<QString> key = c.shared.workspace->create(draft, profileId);
    if (!key)
        return error(key.error());
    Result<Core::DraftService *> service = c.shared.workspace->open(*key);
    if (!service)
        return error(service.error());
    HttpResponse response = HttpResponse::json(draftJson(*key, **service), 201);
    response.setHeader("Location", "/api/v1/drafts/" + key->toUtf8());
    return response;
}

HttpResponse getDraft(const Context &c, const HttpRequest &request)
{
    Result<Core::DraftService *> service = c.draft(request);
    if (!service)
        return error(service.error());
    return HttpResponse::json(
        draftJson(request.pathParameters.value(u"id"_s).toString(), **service));
}

HttpResponse deleteDraft(const Context &c, const HttpRequest &request)
{
    const QString id = request.pathParameters.value(u"id"_s).toString();
    if (!Core::DraftStore::isValidKey(id) || !c.shared.workspace->store().contains(id))
        return error(Error::notFound(u"draft"_s, id.left(80)).withDetail(u"field"_s, u"id"_s));
    if (Result<> removed = c.shared.workspace->remove(id); !removed)
        return error(removed.error());
    return HttpResponse::noContent();
}

HttpResponse undoRedo(const Context &c, const HttpRequest &request, bool undo)
{
    Result<Core::DraftService *> service = c.draft(request);
    if (!service)
        return error(service.error());
    QUndoStack *stack = (*service)->undoStack();
    if (undo ? !stack->canUndo() : !stack->canRedo())
        return error(
            Error(ErrorCode::Conflict, undo ? u"nothing to undo"_s : u"nothing to redo"_s));
    // The step is written behind (DraftWorkspace); the router answers once it is durable, or
    // with the error when it could not be written (it stays in the open draft and is retried).
    if (undo)
        stack->undo();
    else
        stack->redo();
    return HttpResponse::json(
        draftJson(request.pathParameters.value(u"id"_s).toString(), **service));
}

HttpResponse saveDraft(const Context &c, const HttpRequest &request, QThreadPool *pool)
{
    Result<Core::JobService *> jobs = c.jobs();
    if (!jobs)
        return error(jobs.error());
    Result<Core::DraftService *> service = c.draft(request);
    if (!service)
        return error(service.error());
    Result<QJsonObject> body = jsonBody(request, true);
    if (!body)
        return error(body.error());
    Fields f(*body);
    f.allowOnly({u"folder"_s, u"force"_s});
    const std::optional<QString> folderParam = f.string(u"folder"_s, 4096, false, false);
    const std::optional<bool> force = f.boolean(u"force"_s);
    if (!f.ok())
        return error(f.error());
    QString folder = c.shared.draftsFolder ? c.shared.draftsFolder() : QString();
    if (folderParam) {
        Result<QString> allowed = c.shared.pathPolicy().check(*folderParam, u"folder"_s);
        if (!allowed)
            return error(allowed.error());
        folder = *allowed;
    }
    if (folder.isEmpty())
        return error(Error::invalidArgument(
            u"folder"_s, u"no drafts folder is configured: give 'folder' (an allowed folder)"_s));

    const QString id = request.pathParameters.value(u"id"_s).toString();
    Result<Core::Job> job
        = (*jobs)->create(u"save"_s, QJsonObject{{u"draftId"_s, id}, {u"folder"_s, folder}});
    if (!job)
        return error(job.error());
    const QString jobId = job->id;
    (void)(*jobs)->start(jobId);
    (*jobs)->setProgress(jobId, 10);

    // A snapshot of the draft as acknowledged now; the files are written on a worker thread. A
    // cancel cannot stop a write half-way (it is atomic per file): the late result is dropped.
    Core::DraftFolderWriter::Options options;
    options.storePath = folder;
    options.force = force.value_or(false);
    QFuture<Result<Core::DraftFolderWriter::Written>> future = QtConcurrent::run(
        pool, [draft = (*service)->draft(), profile = (*service)->profile(), options] {
            return Core::DraftFolderWriter(profile).write(draft, options);
        });
    // The draft's save record, which compat query_draft_status reads (capcutapi-compat §5.11):
    // "processing" while this job runs, then its outcome.
    using SaveRecord = Core::DraftStore::SaveRecord;
    Core::DraftWorkspace *workspace = c.shared.workspace;
    const auto record = [workspace, id, folder](SaveRecord::State state, const QString &message) {
        SaveRecord saved;
        saved.state = state;
        saved.folder = folder;
        saved.message = message;
        (void)workspace->store().recordSave(id, saved); // gone meanwhile: nothing to record
    };
    record(SaveRecord::State::Saving, u"Saving draft information"_s);
    QPointer<Core::JobService> service_ = *jobs;
    // A watcher, not then(guard): the server may go before the write ends (futurewatch.h).
    Core::whenResult(
        c.guard, future,
        [service_, jobId, record](const Result<Core::DraftFolderWriter::Written> &done) {
            record(done ? SaveRecord::State::Saved : SaveRecord::State::Failed,
                   done ? u"Draft creation completed"_s
                        : u"Failed to save draft: %1"_s.arg(done.error().message()));
            if (!service_)
                return;
            if (!done) {
                (void)service_->fail(jobId, done.error());
                return;
            }
            (void)service_->finish(jobId, QJsonObject{{u"folder"_s, done->folder},
                                                      {u"contentFile"_s, done->contentFile}});
        });
    Result<Core::Job> current = (*jobs)->job(jobId);
    HttpResponse response = HttpResponse::json(
        QJsonObject{{u"jobId"_s, jobId}, {u"job"_s, current ? current->toJson() : QJsonObject()}},
        202);
    response.setHeader("Location", "/api/v1/jobs/" + jobId.toUtf8());
    return response;
}

/// Saves run one at a time on their own thread: two saves of one draft never write the same
/// folder at once, and a save never waits behind probes in the global pool. Owned by the route
/// (the router); its destructor waits for a save in flight.
std::shared_ptr<QThreadPool> savePool()
{
    auto pool = std::make_shared<QThreadPool>();
    pool->setMaxThreadCount(1);
    pool->setObjectName(u"cutpilot-api-save"_s);
    return pool;
}

} // namespace

void registerDraftRoutes(Router &router, const Context &context)
{
    const Context *c = &context;
    const QMap<int, QString> idErrors{{200, {}}, {404, {}}};

    RouteDoc list{{Tag}, pageParameters(), {}, {{200, {}}, {422, {}}}, {}};
    router.addDocumented("GET", u"/api/v1/drafts"_s, u"v1.drafts.list"_s,
                         u"CutPilot's drafts, newest modified first (paged)."_s, list,
                         [c](const HttpRequest &r) { return listDrafts(*c, r); });

    RouteDoc create{
        {Tag},
        {},
        QJsonObject{
            {u"type"_s, u"object"_s},
            {u"additionalProperties"_s, false},
            {u"properties"_s,
             QJsonObject{
                 {u"name"_s, QJsonObject{{u"type"_s, u"string"_s}, {u"maxLength"_s, 255}}},
                 {u"width"_s, intSchema(16, 8192)},
                 {u"height"_s, intSchema(16, 8192)},
                 {u"fps"_s,
                  QJsonObject{{u"type"_s, u"number"_s}, {u"minimum"_s, 1}, {u"maximum"_s, 120}}},
                 {u"profile"_s, QJsonObject{{u"type"_s, u"string"_s}}},
             }}},
        {{201, {}}, {400, {}}, {415, {}}, {422, {}}},
        {}};
    router.addDocumented("POST", u"/api/v1/drafts"_s, u"v1.drafts.create"_s,
                         u"Create an empty draft (1080x1920 at 30 fps by default)."_s, create,
                         [c](const HttpRequest &r) { return createDraft(*c, r); });

    router.addDocumented("GET", u"/api/v1/drafts/{id}"_s, u"v1.drafts.get"_s,
                         u"A draft: canvas, duration, tracks, undo state."_s,
                         RouteDoc{{Tag}, {}, {}, idErrors, {}},
                         [c](const HttpRequest &r) { return getDraft(*c, r); });
    router.addDocumented("DELETE", u"/api/v1/drafts/{id}"_s, u"v1.drafts.delete"_s,
                         u"Delete a draft from CutPilot's store (not from the editor's)."_s,
                         RouteDoc{{Tag}, {}, {}, {{204, {}}, {404, {}}}, {}},
                         [c](const HttpRequest &r) { return deleteDraft(*c, r); });
    const QMap<int, QString> undoStatuses{{200, {}}, {404, {}}, {409, {}}};
    router.addDocumented("POST", u"/api/v1/drafts/{id}/undo"_s, u"v1.drafts.undo"_s,
                         u"Undo the draft's last edit (the GUI's undo stack)."_s,
                         RouteDoc{{Tag}, {}, {}, undoStatuses, {}},
                         [c](const HttpRequest &r) { return undoRedo(*c, r, true); });
    router.addDocumented("POST", u"/api/v1/drafts/{id}/redo"_s, u"v1.drafts.redo"_s,
                         u"Redo the draft's last undone edit."_s,
                         RouteDoc{{Tag}, {}, {}, undoStatuses, {}},
                         [c](const HttpRequest &r) { return undoRedo(*c, r, false); });
    RouteDoc save{
        {Tag, u"jobs"_s},
        {},
        QJsonObject{
            {u"type"_s, u"object"_s},
            {u"additionalProperties"_s, false},
            {u"properties"_s,
             QJsonObject{
                 {u"folder"_s,
                  QJsonObject{{u"type"_s, u"string"_s},
                              {u"description"_s,
                               u"an allowed folder; default: the editor's drafts folder"_s}}},
                 {u"force"_s, QJsonObject{{u"type"_s, u"boolean"_s}}},
             }}},
        {{202, u"Accepted: {jobId, job}; follow GET /api/v1/jobs/{id}"_s},
         {403, {}},
         {404, {}},
         {422, {}},
         {503, {}}},
        {}};
    router.addDocumented(
        "POST", u"/api/v1/drafts/{id}/save"_s, u"v1.drafts.save"_s,
        u"Write the draft into the editor's draft store as a job."_s, save,
        [c, pool = savePool()](const HttpRequest &r) { return saveDraft(*c, r, pool.get()); });
}

} // namespace CutPilot::Api::V1
