// /api/v1/jobs: long work (save, probe, download, export) as persisted records (JobService).
#include "core/jobs/jobservice.h"
#include "v1support.h"

namespace CutPilot::Api::V1 {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::Result;

namespace {

const QString Tag = u"jobs"_s;

HttpResponse listJobs(const Context &c, const HttpRequest &request)
{
    Result<Core::JobService *> jobs = c.jobs();
    if (!jobs)
        return error(jobs.error());
    Result<Page> p = page(request);
    if (!p)
        return error(p.error());
    const QString kind = request.query.queryItemValue(u"kind"_s, QUrl::FullyDecoded);
    if (kind.size() > 32)
        return error(Error::invalidArgument(u"kind"_s, u"'kind' is at most 32 characters"_s));
    std::optional<Core::JobState> state;
    if (request.query.hasQueryItem(u"state"_s)) {
        state
            = Core::jobStateFromName(request.query.queryItemValue(u"state"_s, QUrl::FullyDecoded));
        if (!state)
            return error(Error::invalidArgument(
                u"state"_s, u"'state' must be one of queued, running, done, failed, cancelled"_s));
    }
    qint64 total = 0;
    Result<QList<Core::Job>> list = (*jobs)->list(int(p->offset), p->limit, kind, state, &total);
    if (!list)
        return error(list.error());
    QJsonArray items;
    for (const Core::Job &job : *list)
        items.append(job.toJson());
    return HttpResponse::json(pageBody(items, total, *p));
}

HttpResponse getJob(const Context &c, const HttpRequest &request)
{
    Result<Core::JobService *> jobs = c.jobs();
    if (!jobs)
        return error(jobs.error());
    const QString id = request.pathParameters.value(u"id"_s).toString();
    Result<Core::Job> job = (*jobs)->job(id);
    if (!job) {
        if (std::optional<HttpResponse> exportJob = exportJobAsJob(c, id)) // v1exports.cpp
            return *exportJob;
        return error(job.error().withDetail(u"field"_s, u"id"_s));
    }
    return HttpResponse::json(job->toJson());
}

HttpResponse cancelJob(const Context &c, const HttpRequest &request)
{
    Result<Core::JobService *> jobs = c.jobs();
    if (!jobs)
        return error(jobs.error());
    const QString id = request.pathParameters.value(u"id"_s).toString();
    Result<Core::Job> job = (*jobs)->cancel(id);
    if (!job)
        return error(job.error().withDetail(u"field"_s, u"id"_s));
    return HttpResponse::json(job->toJson());
}

} // namespace

void registerJobRoutes(Router &router, const Context &context)
{
    const Context *c = &context;
    const QJsonObject states{
        {u"enum"_s, QJsonArray{u"queued"_s, u"running"_s, u"done"_s, u"failed"_s, u"cancelled"_s}}};
    RouteDoc list{
        {Tag},
        {{u"limit"_s, u"page size (default 50)"_s,
          QJsonObject{{u"type"_s, u"integer"_s}, {u"minimum"_s, 1}, {u"maximum"_s, Page::MaxLimit}},
          false},
         {u"offset"_s, u"items to skip"_s,
          QJsonObject{{u"type"_s, u"integer"_s}, {u"minimum"_s, 0}}, false},
         {u"kind"_s, u"save, probe, download, export"_s, {}, false},
         {u"state"_s, u"only jobs in this state"_s, states, false}},
        {},
        {{200, {}}, {422, {}}, {503, {}}},
        {}};
    router.addDocumented("GET", u"/api/v1/jobs"_s, u"v1.jobs.list"_s,
                         u"Jobs, newest first (paged; the last 1000 finished ones are kept)."_s,
                         list, [c](const HttpRequest &r) { return listJobs(*c, r); });
    router.addDocumented("GET", u"/api/v1/jobs/{id}"_s, u"v1.jobs.get"_s,
                         u"A job: state, progress 0-100, result or error."_s,
                         RouteDoc{{Tag}, {}, {}, {{200, {}}, {404, {}}, {503, {}}}, {}},
                         [c](const HttpRequest &r) { return getJob(*c, r); });
    router.addDocumented(
        "DELETE", u"/api/v1/jobs/{id}"_s, u"v1.jobs.cancel"_s,
        u"Cancel a queued or running job (its late result is dropped)."_s,
        RouteDoc{{Tag}, {}, {}, {{200, u"The job, now cancelled"_s}, {404, {}}, {409, {}}}, {}},
        [c](const HttpRequest &r) { return cancelJob(*c, r); });
}

} // namespace CutPilot::Api::V1
