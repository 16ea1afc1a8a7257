// /api/v1/drafts/{id}/tracks: list (paged), add, delete. Every edit goes through the draft's
// DraftService (one undo step each, persisted before the answer).
#include "core/services/draftservice.h"
#include "v1support.h"

namespace CutPilot::Api::V1 {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::Result;

namespace {

const QString Tag = u"tracks"_s;
const QStringList CreatableTypes{u"video"_s,   u"audio"_s,  u"text"_s,
                                 u"sticker"_s, u"effect"_s, u"filter"_s};

HttpResponse listTracks(const Context &c, const HttpRequest &request)
{
    Result<Page> p = page(request);
    if (!p)
        return error(p.error());
    Result<Core::DraftService *> service = c.draft(request);
    if (!service)
        return error(service.error());
    QJsonArray all;
    for (const Core::Track &track : (*service)->draft().tracks)
        all.append(trackJson(track));
    return HttpResponse::json(paginate(all, *p));
}

HttpResponse addTrack(const Context &c, const HttpRequest &request)
{
    Result<Core::DraftService *> service = c.draft(request);
    if (!service)
        return error(service.error());
    Result<QJsonObject> body = jsonBody(request);
    if (!body)
        return error(body.error());
    Fields f(*body);
    f.allowOnly({u"type"_s, u"name"_s, u"relativeIndex"_s});
    const std::optional<QString> type = f.string(u"type"_s, 16, true);
    const std::optional<QString> name = f.string(u"name"_s, 255);
    const std::optional<qint64> relative = f.integer(u"relativeIndex"_s, 0, 999);
    if (type && !CreatableTypes.contains(*type))
        f.fail(Error::invalidArgument(
            u"type"_s, u"'type' must be one of %1"_s.arg(CreatableTypes.join(u", "_s))));
    if (!f.ok())
        return error(f.error());
    Result<QString> id = (*service)->addTrack(*Core::trackTypeFromName(*type),
                                              name.value_or(QString()), int(relative.value_or(-1)));
    if (!id)
        return error(id.error());
    HttpResponse response = HttpResponse::json(trackJson(*(*service)->draft().track(*id)), 201);
    response.setHeader("Location", QStringLiteral("/api/v1/drafts/%1/tracks/%2")
                                       .arg(request.pathParameters.value(u"id"_s).toString(), *id)
                                       .toUtf8());
    return response;
}

HttpResponse getTrack(const Context &c, const HttpRequest &request)
{
    Result<Core::DraftService *> service = c.draft(request);
    if (!service)
        return error(service.error());
    const QString trackId = request.pathParameters.value(u"trackId"_s).toString();
    const Core::Track *track = (*service)->draft().track(trackId);
    if (!track)
        return error(
            Error::notFound(u"track"_s, trackId.left(80)).withDetail(u"field"_s, u"trackId"_s));
    return HttpResponse::json(trackJson(*track));
}

HttpResponse deleteTrack(const Context &c, const HttpRequest &request)
{
    Result<Core::DraftService *> service = c.draft(request);
    if (!service)
        return error(service.error());
    const QString trackId = request.pathParameters.value(u"trackId"_s).toString();
    if (!(*service)->draft().track(trackId))
        return error(
            Error::notFound(u"track"_s, trackId.left(80)).withDetail(u"field"_s, u"trackId"_s));
    if (Result<> removed = (*service)->removeTrack(trackId); !removed)
        return error(removed.error());
    return HttpResponse::noContent();
}

HttpResponse patchTrack(const Context &c, const HttpRequest &request)
{
    Result<Core::DraftService *> service = c.draft(request);
    if (!service)
        return error(service.error());
    const QString trackId = request.pathParameters.value(u"trackId"_s).toString();
    if (!(*service)->draft().track(trackId))
        return error(
            Error::notFound(u"track"_s, trackId.left(80)).withDetail(u"field"_s, u"trackId"_s));
    Result<QJsonObject> body = jsonBody(request);
    if (!body)
        return error(body.error());
    Fields f(*body);
    f.allowOnly({u"muted"_s});
    const std::optional<bool> muted = f.boolean(u"muted"_s, true);
    if (!f.ok())
        return error(f.error());
    // The same call as the timeline's mute toggle: one undo step, persisted.
    if (Result<> done = (*service)->setTrackMuted(trackId, *muted); !done)
        return error(done.error());
    return HttpResponse::json(trackJson(*(*service)->draft().track(trackId)));
}

} // namespace

void registerTrackRoutes(Router &router, const Context &context)
{
    const Context *c = &context;
    QJsonArray types;
    for (const QString &type : CreatableTypes)
        types.append(type);
    RouteDoc list{
        {Tag},
        {{u"limit"_s, u"page size (default 50)"_s,
          QJsonObject{{u"type"_s, u"integer"_s}, {u"minimum"_s, 1}, {u"maximum"_s, Page::MaxLimit}},
          false},
         {u"offset"_s, u"items to skip"_s,
          QJsonObject{{u"type"_s, u"integer"_s}, {u"minimum"_s, 0}}, false}},
        {},
        {{200, {}}, {404, {}}, {422, {}}},
        {}};
    router.addDocumented("GET", u"/api/v1/drafts/{id}/tracks"_s, u"v1.tracks.list"_s,
                         u"The draft's tracks, bottom layer first (paged)."_s, list,
                         [c](const HttpRequest &r) { return listTracks(*c, r); });
    RouteDoc add{
        {Tag},
        {},
        QJsonObject{
            {u"type"_s, u"object"_s},
            {u"required"_s, QJsonArray{u"type"_s}},
            {u"additionalProperties"_s, false},
            {u"properties"_s,
             QJsonObject{
                 {u"type"_s, QJsonObject{{u"enum"_s, types}}},
                 {u"name"_s, QJsonObject{{u"type"_s, u"string"_s}, {u"maxLength"_s, 255}}},
                 {u"relativeIndex"_s,
                  QJsonObject{{u"type"_s, u"integer"_s}, {u"minimum"_s, 0}, {u"maximum"_s, 999}}},
             }},
        },
        {{201, {}}, {400, {}}, {404, {}}, {415, {}}, {422, {}}},
        {}};
    router.addDocumented("POST", u"/api/v1/drafts/{id}/tracks"_s, u"v1.tracks.add"_s,
                         u"Add a track (above the tracks of its type by default)."_s, add,
                         [c](const HttpRequest &r) { return addTrack(*c, r); });
    router.addDocumented("GET", u"/api/v1/drafts/{id}/tracks/{trackId}"_s, u"v1.tracks.get"_s,
                         u"One track."_s, RouteDoc{{Tag}, {}, {}, {{200, {}}, {404, {}}}, {}},
                         [c](const HttpRequest &r) { return getTrack(*c, r); });
    RouteDoc patch{{Tag},
                   {},
                   QJsonObject{{u"type"_s, u"object"_s},
                               {u"required"_s, QJsonArray{u"muted"_s}},
                               {u"additionalProperties"_s, false},
                               {u"properties"_s,
                                QJsonObject{{u"muted"_s, QJsonObject{{u"type"_s, u"boolean"_s}}}}}},
                   {{200, {}}, {400, {}}, {404, {}}, {415, {}}, {422, {}}},
                   {}};
    router.addDocumented("PATCH", u"/api/v1/drafts/{id}/tracks/{trackId}"_s, u"v1.tracks.patch"_s,
                         u"Mute or unmute a track (the editor's track attribute; undoable)."_s,
                         patch, [c](const HttpRequest &r) { return patchTrack(*c, r); });
    router.addDocumented("DELETE", u"/api/v1/drafts/{id}/tracks/{trackId}"_s, u"v1.tracks.delete"_s,
                         u"Remove a track and its segments (undoable)."_s,
                         RouteDoc{{Tag}, {}, {}, {{204, {}}, {404, {}}}, {}},
                         [c](const HttpRequest &r) { return deleteTrack(*c, r); });
}

} // namespace CutPilot::Api::V1
