// /api/v1/media: probe a local file or download a URL into the media cache, both as jobs.
#include "core/draft/draftstore.h"
#include "core/jobs/jobservice.h"
#include "core/services/draftworkspace.h"
#include "core/services/mediaservice.h"
#include "core/support/futurewatch.h"
#include "v1support.h"

#include <QDir>
#include <QPointer>

namespace CutPilot::Api::V1 {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::Result;

namespace {

const QString Tag = u"media"_s;

HttpResponse accepted(Core::JobService &jobs, const QString &jobId)
{
    Result<Core::Job> job = jobs.job(jobId);
    HttpResponse response = HttpResponse::json(
        QJsonObject{{u"jobId"_s, jobId}, {u"job"_s, job ? job->toJson() : QJsonObject()}}, 202);
    response.setHeader("Location", "/api/v1/jobs/" + jobId.toUtf8());
    return response;
}

/// Finishes the job from the future's result; a cancelled future leaves the job as cancel() left
/// it.
void follow(QObject *guard, Core::JobService *jobs, const QString &jobId,
            QFuture<Result<Core::MediaInfo>> future, std::function<void()> after = {})
{
    QPointer<Core::JobService> service = jobs;
    // A watcher, not then(guard): the server may go before the work ends (futurewatch.h).
    Core::whenFinished(guard, std::move(future),
                       [service, jobId, after](const QFuture<Result<Core::MediaInfo>> &done) {
                           if (after)
                               after();
                           if (!service)
                               return;
                           if (done.isCanceled() || done.resultCount() == 0) {
                               // Cancelled from outside the job's own cancel (the service
                               // stopping): the job ends too instead of staying "running"
                               // until the next start. A job cancelled through its route is
                               // final already and stays as it is.
                               (void)service->cancel(jobId);
                               return;
                           }
                           const Result<Core::MediaInfo> info = done.result();
                           if (!info)
                               (void)service->fail(jobId, info.error());
                           else
                               (void)service->finish(jobId, info->toJson());
                       });
}

HttpResponse probe(const Context &c, const HttpRequest &request)
{
    Result<Core::JobService *> jobs = c.jobs();
    if (!jobs)
        return error(jobs.error());
    if (!c.services.media)
        return error(unavailable(u"media"_s));
    Result<QJsonObject> body = jsonBody(request);
    if (!body)
        return error(body.error());
    Fields f(*body);
    f.allowOnly({u"path"_s});
    const std::optional<QString> path = f.string(u"path"_s, 4096, true, false);
    if (!f.ok())
        return error(f.error());
    Result<QString> allowed = c.services.media->checkExternalPath(*path, u"path"_s);
    if (!allowed)
        return error(allowed.error());
    Result<Core::Job> job = (*jobs)->create(u"probe"_s, QJsonObject{{u"path"_s, *allowed}});
    if (!job)
        return error(job.error());
    (void)(*jobs)->start(job->id);
    QFuture<Result<Core::MediaInfo>> future = c.services.media->probe(*allowed);
    (*jobs)->setCanceller(job->id, [future]() mutable { future.cancel(); });
    follow(c.guard, *jobs, job->id, future);
    return accepted(**jobs, job->id);
}

HttpResponse download(const Context &c, const HttpRequest &request)
{
    Result<Core::JobService *> jobs = c.jobs();
    if (!jobs)
        return error(jobs.error());
    if (!c.services.media)
        return error(unavailable(u"media"_s));
    Result<QJsonObject> body = jsonBody(request);
    if (!body)
        return error(body.error());
    Fields f(*body);
    f.allowOnly({u"url"_s});
    const std::optional<QString> text = f.string(u"url"_s, 8192, true, false);
    if (!f.ok())
        return error(f.error());
    const QUrl url(*text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"http" && scheme != u"https") || url.host().isEmpty())
        return error(Error::invalidArgument(u"url"_s, u"'url' must be an http or https URL"_s));
    // The job record is listed by GET /api/v1/jobs and the 'jobs' events: never with the URL's
    // credentials or query (they may hold keys).
    const QString shown
        = url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
    Result<Core::Job> job = (*jobs)->create(u"download"_s, QJsonObject{{u"url"_s, shown}});
    if (!job)
        return error(job.error());
    const QString jobId = job->id;
    (void)(*jobs)->start(jobId);
    // Progress of this URL's transfer (throttled by the downloader and again by the jobs).
    QPointer<Core::JobService> service = *jobs;
    auto progress = std::make_shared<QMetaObject::Connection>(QObject::connect(
        c.services.media, &Core::MediaService::downloadProgress, c.guard,
        [service, jobId, url](const QUrl &from, qint64 received, qint64 total) {
            if (service && from == url && total > 0)
                service->setProgress(jobId, int(std::min<qint64>(99, received * 100 / total)));
        }));
    // Copied into the drafts' media folder (where compat downloads go too, inside the allowed
    // folders): the job's result path stays valid for segments that use it, and the cache keeps no
    // pin for it.
    if (!c.shared.workspace)
        return error(unavailable(u"drafts"_s));
    const QString folder = QDir(c.shared.workspace->store().root()).filePath(u"media"_s);
    QFuture<Result<Core::MediaInfo>> future = c.services.media->downloadInto(url, folder);
    (*jobs)->setCanceller(jobId, [future]() mutable { future.cancel(); });
    follow(c.guard, *jobs, jobId, future, [progress] { QObject::disconnect(*progress); });
    return accepted(**jobs, jobId);
}

} // namespace

void registerMediaRoutes(Router &router, const Context &context)
{
    const Context *c = &context;
    const QMap<int, QString> statuses{{202, u"Accepted: {jobId, job}; the job's result is the "
                                            "media facts (docs/media.md)"_s},
                                      {400, {}},
                                      {403, {}},
                                      {415, {}},
                                      {422, {}},
                                      {503, {}}};
    router.addDocumented(
        "POST", u"/api/v1/media/probe"_s, u"v1.media.probe"_s,
        u"Probe a local file inside the allowed folders (a job)."_s,
        RouteDoc{{Tag, u"jobs"_s},
                 {},
                 QJsonObject{{u"type"_s, u"object"_s},
                             {u"required"_s, QJsonArray{u"path"_s}},
                             {u"additionalProperties"_s, false},
                             {u"properties"_s,
                              QJsonObject{{u"path"_s, QJsonObject{{u"type"_s, u"string"_s}}}}}},
                 statuses,
                 {}},
        [c](const HttpRequest &r) { return probe(*c, r); });
    router.addDocumented(
        "POST", u"/api/v1/media/download"_s, u"v1.media.download"_s,
        u"Download an http(s) URL into the media cache and probe it (a job)."_s,
        RouteDoc{{Tag, u"jobs"_s},
                 {},
                 QJsonObject{{u"type"_s, u"object"_s},
                             {u"required"_s, QJsonArray{u"url"_s}},
                             {u"additionalProperties"_s, false},
                             {u"properties"_s,
                              QJsonObject{{u"url"_s, QJsonObject{{u"type"_s, u"string"_s},
                                                                 {u"format"_s, u"uri"_s}}}}}},
                 statuses,
                 {}},
        [c](const HttpRequest &r) { return download(*c, r); });
}

} // namespace CutPilot::Api::V1
