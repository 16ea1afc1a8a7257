// CutPilot's own extension of the CapCutAPI routes (capcutapi-compat.md §10.2): CapCutAPI's
// documentation names /export_draft_to_video and /export_status but answers 404; CutPilot
// exposes its export queue under those names, in the compat envelope. A CutPilot extension, not
// an upstream contract (docs/api.md).
#include "api/compat/compatparams.h"
#include "api/v1/v1support.h"
#include "core/editor/exportqueue.h"

#include <QUrl>

namespace CutPilot::Api::V1 {

using namespace Qt::StringLiterals;
using Core::Result;
using Core::Editor::ExportJob;
using Core::Editor::ExportJobState;

namespace {

/// queued | running | completed | failed (cancelled counts as failed, with its message).
QString compatStatus(ExportJobState state)
{
    switch (state) {
    case ExportJobState::Queued:
        return u"queued"_s;
    case ExportJobState::Running:
    case ExportJobState::Verifying:
        return u"running"_s;
    case ExportJobState::Done:
        return u"completed"_s;
    case ExportJobState::Failed:
    case ExportJobState::Cancelled:
        return u"failed"_s;
    }
    return u"failed"_s;
}

QJsonObject statusOutput(const ExportJob &job)
{
    QJsonObject output{
        {u"task_id"_s, job.id},
        {u"status"_s, compatStatus(job.state)},
        {u"progress"_s, job.progress},
        {u"message"_s, job.state == ExportJobState::Cancelled && job.message.isEmpty()
                           ? u"cancelled"_s
                           : job.message},
    };
    if (job.state == ExportJobState::Done)
        output.insert(u"video_url"_s, QUrl::fromLocalFile(job.finalPath).toString());
    return output;
}

/// A string parameter (JSON body or query); empty when absent.
QString text(const QJsonObject &params, const QString &key)
{
    const QJsonValue value = params.value(key);
    if (value.isDouble())
        return QString::number(value.toDouble());
    return value.toString();
}

void exportDraftToVideo(const Context &c, const HttpRequest &request, HttpResponder responder)
{
    Result<QJsonObject> params = CompatParams::decode(request);
    if (!params)
        return responder.send(HttpResponse::envelope(false, {}, params.error().message(), 400));
    ExportDraftRequest export_;
    export_.draftId = text(*params, u"draft_id"_s);
    if (export_.draftId.isEmpty())
        return responder.send(HttpResponse::envelope(false, {}, u"draft_id is required"_s));
    if (const QString resolution = text(*params, u"resolution"_s); !resolution.isEmpty())
        export_.resolution = resolution.toUpper();
    if (QString fps = text(*params, u"framerate"_s); !fps.isEmpty())
        export_.fps = fps.endsWith(u"fps"_s) ? fps : fps + u"fps"_s;
    if (const QString path = text(*params, u"output_path"_s); !path.isEmpty())
        export_.outputPath = path;
    auto shared = std::make_shared<HttpResponder>(std::move(responder));
    queueDraftExport(c, export_, [shared](const Result<ExportJob> &job) {
        if (!job)
            return shared->send(HttpResponse::envelope(false, {}, job.error().message()));
        shared->send(HttpResponse::envelope(
            true, QJsonObject{{u"task_id"_s, job->id}, {u"status"_s, u"queued"_s}}, {}));
    });
}

HttpResponse exportStatus(const Context &c, const HttpRequest &request)
{
    QString id;
    if (request.method == "GET") {
        id = request.query.queryItemValue(u"task_id"_s, QUrl::FullyDecoded);
    } else {
        Result<QJsonObject> params = CompatParams::decode(request);
        if (!params)
            return HttpResponse::envelope(false, {}, params.error().message(), 400);
        id = text(*params, u"task_id"_s);
    }
    if (id.isEmpty())
        return HttpResponse::envelope(false, {}, u"task_id is required"_s);
    if (!c.services.editor.queue)
        return HttpResponse::envelope(
            false, {}, u"exports are unavailable: %1"_s.arg(c.services.editor.unavailableReason));
    Result<ExportJob> job = c.services.editor.queue->get(id);
    if (!job)
        return HttpResponse::envelope(false, {}, u"Task %1 does not exist"_s.arg(id.left(80)));
    return HttpResponse::envelope(true, statusOutput(*job), {});
}

} // namespace

void registerCompatExportRoutes(Router &router, const Context &context)
{
    const Context *c = &context;
    router.addAsync(
        "POST", u"/export_draft_to_video"_s, u"export_draft_to_video"_s,
        u"CutPilot extension: export a draft through the editor's queue ({task_id, status})."_s,
        [c](HttpRequest r, HttpResponder responder) {
            exportDraftToVideo(*c, r, std::move(responder));
        },
        Access::Compat, Router::ErrorStyle::Compat);
    for (const char *method : {"GET", "POST"}) {
        router.add(
            method, u"/export_status"_s, u"export_status"_s,
            u"CutPilot extension: an export task's status, progress and video_url."_s,
            [c](const HttpRequest &r) { return exportStatus(*c, r); }, Access::Compat,
            Router::ErrorStyle::Compat);
    }
}

} // namespace CutPilot::Api::V1
