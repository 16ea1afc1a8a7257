// /api/v1/drafts/{id}/…/segments: list per track (paged), add text and media segments (media is
// probed off the API thread first), read, PATCH basic properties, delete. Times are µs.
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "core/services/mediaservice.h"
#include "core/support/futurewatch.h"
#include "v1support.h"

#include <QFileInfo>
#include <QPointer>

namespace CutPilot::Api::V1 {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::ErrorCode;
using Core::Result;

namespace {

const QString Tag = u"segments"_s;
constexpr int MaxTextLength = 10000;

Error segmentNotFound(const QString &id)
{
    return Error::notFound(u"segment"_s, id.left(80)).withDetail(u"field"_s, u"segmentId"_s);
}

HttpResponse listSegments(const Context &c, const HttpRequest &request)
{
    Result<Page> p = page(request);
    if (!p)
        return error(p.error());
    Result<Core::DraftService *> service = c.draft(request);
    if (!service)
        return error(service.error());
    const QString trackId = request.pathParameters.value(u"trackId"_s).toString();
    const Core::Draft &draft = (*service)->draft();
    const Core::Track *track = draft.track(trackId);
    if (!track)
        return error(
            Error::notFound(u"track"_s, trackId.left(80)).withDetail(u"field"_s, u"trackId"_s));
    QJsonArray all;
    for (const Core::Segment &segment : track->segments)
        all.append(segmentJson(draft, *track, segment));
    return HttpResponse::json(paginate(all, *p));
}

HttpResponse created(const QString &draftKey, Core::DraftService &service, const QString &id)
{
    const auto [track, segment] = service.draft().segment(id);
    HttpResponse response = HttpResponse::json(segmentJson(service.draft(), *track, *segment), 201);
    response.setHeader("Location", u"/api/v1/drafts/%1/segments/%2"_s.arg(draftKey, id).toUtf8());
    return response;
}

/// Which track type each segment type goes on.
Core::TrackType trackTypeFor(const QString &type)
{
    if (type == u"text")
        return Core::TrackType::Text;
    if (type == u"audio")
        return Core::TrackType::Audio;
    return Core::TrackType::Video; // video, image
}

Result<Core::MediaMaterial> materialFor(const QString &type, const Core::MediaInfo &info)
{
    Core::MediaMaterial m;
    m.id = Core::newMaterialId();
    m.path = info.path;
    m.name = QFileInfo(info.path).fileName();
    m.width = info.width;
    m.height = info.height;
    if (type == u"image") {
        if (!info.isStillImage)
            return Error::invalidArgument(u"path"_s, u"'path' is not a still image"_s);
        m.kind = Core::MediaKind::Photo;
        m.durationUs = Core::MediaMaterial::PhotoDurationUs;
    } else if (type == u"audio") {
        if (!info.hasAudio)
            return Error::invalidArgument(u"path"_s, u"'path' has no audio stream"_s);
        m.kind = Core::MediaKind::Audio;
        m.durationUs = info.durationUs;
    } else {
        if (!info.hasVideo || info.isStillImage)
            return Error::invalidArgument(u"path"_s, u"'path' is not a video"_s);
        m.kind = Core::MediaKind::Video;
        m.durationUs = info.durationUs;
    }
    return m;
}

void addSegment(const Context &c, HttpRequest request, HttpResponder responder)
{
    Result<Core::DraftService *> service = c.draft(request);
    if (!service)
        return responder.send(error(service.error()));
    Result<QJsonObject> body = jsonBody(request);
    if (!body)
        return responder.send(error(body.error()));
    const QString key = request.pathParameters.value(u"id"_s).toString();
    const QString trackId = request.pathParameters.value(u"trackId"_s).toString();
    const Core::Track *track = (*service)->draft().track(trackId);
    if (!track)
        return responder.send(error(
            Error::notFound(u"track"_s, trackId.left(80)).withDetail(u"field"_s, u"trackId"_s)));
    Fields f(*body);
    f.allowOnly(
        {u"type"_s, u"start"_s, u"duration"_s, u"text"_s, u"path"_s, u"sourceStart"_s, u"speed"_s});
    const std::optional<QString> type = f.string(u"type"_s, 16, true);
    if (type && !QStringList{u"text"_s, u"video"_s, u"audio"_s, u"image"_s}.contains(*type))
        f.fail(Error::invalidArgument(u"type"_s,
                                      u"'type' must be one of text, video, audio, image"_s));
    if (type && f.ok() && trackTypeFor(*type) != track->type)
        f.fail(Error::invalidArgument(u"type"_s, u"a %1 segment cannot go on a %2 track"_s.arg(
                                                     *type, Core::trackTypeName(track->type))));
    const bool text = type == u"text"_s;
    const std::optional<qint64> start = f.integer(u"start"_s, 0, Core::MaxTimeUs, true);
    const std::optional<qint64> duration = f.integer(u"duration"_s, 1, Core::MaxTimeUs, text);
    const std::optional<QString> content = f.string(u"text"_s, MaxTextLength, text, false);
    const std::optional<QString> path = f.string(u"path"_s, 4096, !text, false);
    const std::optional<qint64> sourceStart = f.integer(u"sourceStart"_s, 0, Core::MaxTimeUs);
    const std::optional<double> speed = f.number(u"speed"_s, 0.1, 100);
    if (f.ok() && text && (path || sourceStart || speed))
        f.fail(Error::invalidArgument(path          ? u"path"_s
                                      : sourceStart ? u"sourceStart"_s
                                                    : u"speed"_s,
                                      u"text segments take no path, sourceStart or speed"_s));
    if (f.ok() && !text && content)
        f.fail(Error::invalidArgument(u"text"_s, u"only text segments take 'text'"_s));
    if (!f.ok())
        return responder.send(error(f.error()));

    if (text) {
        Result<QString> id
            = (*service)->addTextSegment(trackId, *content, Core::TimeRange{*start, *duration});
        if (!id)
            return responder.send(error(id.error()));
        return responder.send(created(key, **service, *id));
    }

    Core::MediaService *media = c.services.media;
    if (!media)
        return responder.send(error(unavailable(u"media"_s)));
    Result<QString> allowed = media->checkExternalPath(*path, u"path"_s);
    if (!allowed)
        return responder.send(error(allowed.error()));
    // Probing reads the file: off this thread. The draft is looked up again afterwards (it may
    // have been closed or deleted meanwhile).
    auto shared = std::make_shared<HttpResponder>(std::move(responder));
    Core::DraftWorkspace *workspace = c.shared.workspace;
    Core::whenResult(
        c.guard, media->probe(*allowed),
        [shared, workspace, key, trackId, segmentType = *type, begin = *start, duration,
         from = sourceStart.value_or(0),
         rate = speed.value_or(1.0)](const Result<Core::MediaInfo> &info) {
            if (!info)
                return shared->send(error(info.error().withDetail(u"field"_s, u"path"_s)));
            Result<Core::MediaMaterial> material = materialFor(segmentType, *info);
            if (!material)
                return shared->send(error(material.error()));
            if (!workspace->store().contains(key))
                return shared->send(error(Error::notFound(u"draft"_s, key)));
            Result<Core::DraftService *> target = workspace->open(key);
            if (!target)
                return shared->send(error(target.error()));
            qint64 length = duration.value_or(0);
            if (!duration) {
                // Default: the rest of the media at this speed (an image: 5 s).
                length = material->kind == Core::MediaKind::Photo
                             ? 5'000'000
                             : qint64(double(material->durationUs - from) / rate);
                if (length <= 0)
                    return shared->send(error(Error::invalidArgument(
                        u"sourceStart"_s, u"'sourceStart' is past the end of the media"_s)));
            }
            Result<QString> id = (*target)->addMediaSegment(
                trackId, *material, Core::TimeRange{begin, length}, from, rate);
            if (!id)
                return shared->send(error(id.error()));
            shared->send(created(key, **target, *id));
        });
}

HttpResponse getSegment(const Context &c, const HttpRequest &request)
{
    Result<Core::DraftService *> service = c.draft(request);
    if (!service)
        return error(service.error());
    const QString id = request.pathParameters.value(u"segmentId"_s).toString();
    const auto [track, segment] = (*service)->draft().segment(id);
    if (!segment)
        return error(segmentNotFound(id));
    return HttpResponse::json(segmentJson((*service)->draft(), *track, *segment));
}

HttpResponse patchSegment(const Context &c, const HttpRequest &request)
{
    Result<Core::DraftService *> service = c.draft(request);
    if (!service)
        return error(service.error());
    const QString id = request.pathParameters.value(u"segmentId"_s).toString();
    if (!(*service)->draft().segment(id).second)
        return error(segmentNotFound(id));
    Result<QJsonObject> body = jsonBody(request);
    if (!body)
        return error(body.error());
    Fields f(*body);
    f.allowOnly({u"trackId"_s, u"start"_s, u"duration"_s, u"volume"_s, u"speed"_s, u"transform"_s,
                 u"text"_s});
    const std::optional<QString> trackId = f.string(u"trackId"_s, 64, false, false);
    const std::optional<qint64> start = f.integer(u"start"_s, 0, Core::MaxTimeUs);
    const std::optional<qint64> duration = f.integer(u"duration"_s, 1, Core::MaxTimeUs);
    const std::optional<double> volume = f.number(u"volume"_s, 0, 10);
    const std::optional<double> speed = f.number(u"speed"_s, 0.1, 100);
    const std::optional<QString> text = f.string(u"text"_s, MaxTextLength, false, false);
    const std::optional<QJsonObject> transformObject = f.object(u"transform"_s);
    Core::Transform transform = (*service)->draft().segment(id).second->transform;
    if (transformObject) {
        Fields t(*transformObject, u"transform."_s);
        t.allowOnly({u"x"_s, u"y"_s, u"scaleX"_s, u"scaleY"_s, u"rotation"_s, u"alpha"_s});
        transform.x = t.number(u"x"_s, -100, 100).value_or(transform.x);
        transform.y = t.number(u"y"_s, -100, 100).value_or(transform.y);
        transform.scaleX = t.number(u"scaleX"_s, 0.01, 100).value_or(transform.scaleX);
        transform.scaleY = t.number(u"scaleY"_s, 0.01, 100).value_or(transform.scaleY);
        transform.rotation = t.number(u"rotation"_s, -360, 360).value_or(transform.rotation);
        transform.alpha = t.number(u"alpha"_s, 0, 1).value_or(transform.alpha);
        if (!t.ok())
            f.fail(t.error());
    }
    if (!f.ok())
        return error(f.error());
    if (body->isEmpty())
        return getSegment(c, request);

    // Several properties are one undo step; if one is refused, the ones applied before it are
    // undone again: on error the draft is as it was.
    QUndoStack *stack = (*service)->undoStack();
    Core::DraftService &s = **service;
    stack->beginMacro(u"Edit segment"_s);
    Result<> done;
    const auto step = [&done](Result<> result) {
        if (done && !result)
            done = result;
    };
    if (trackId || start) {
        const auto [track, segment] = s.draft().segment(id);
        step(s.moveSegment(id, trackId.value_or(track->id), start.value_or(segment->target.start)));
    }
    if (done && duration)
        step(s.trimSegment(id,
                           Core::TimeRange{s.draft().segment(id).second->target.start, *duration}));
    if (done && speed)
        step(s.setSpeed(id, *speed));
    if (done && volume)
        step(s.setVolume(id, *volume));
    if (done && transformObject)
        step(s.setTransform(id, transform));
    if (done && text)
        step(s.replaceText(id, *text));
    stack->endMacro();
    if (!done) {
        stack->undo();
        // Drop the partial edit from the redo history: pushing an obsolete command truncates the
        // commands above the index and is itself discarded (QUndoStack::push).
        auto *truncate = new QUndoCommand;
        truncate->setObsolete(true);
        stack->push(truncate);
        return error(done.error());
    }
    return getSegment(c, request);
}

HttpResponse deleteSegment(const Context &c, const HttpRequest &request)
{
    Result<Core::DraftService *> service = c.draft(request);
    if (!service)
        return error(service.error());
    const QString id = request.pathParameters.value(u"segmentId"_s).toString();
    if (!(*service)->draft().segment(id).second)
        return error(segmentNotFound(id));
    if (Result<> removed = (*service)->removeSegment(id); !removed)
        return error(removed.error());
    return HttpResponse::noContent();
}

QJsonObject number(double min, double max)
{
    return QJsonObject{{u"type"_s, u"number"_s}, {u"minimum"_s, min}, {u"maximum"_s, max}};
}

QJsonObject microseconds(qint64 min)
{
    return QJsonObject{{u"type"_s, u"integer"_s},
                       {u"minimum"_s, min},
                       {u"maximum"_s, Core::MaxTimeUs},
                       {u"description"_s, u"microseconds"_s}};
}

} // namespace

void registerSegmentRoutes(Router &router, const Context &context)
{
    const Context *c = &context;
    const QJsonObject string{{u"type"_s, u"string"_s}};
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
    router.addDocumented("GET", u"/api/v1/drafts/{id}/tracks/{trackId}/segments"_s,
                         u"v1.segments.list"_s, u"The track's segments in time order (paged)."_s,
                         list, [c](const HttpRequest &r) { return listSegments(*c, r); });
    RouteDoc add{
        {Tag},
        {},
        QJsonObject{
            {u"type"_s, u"object"_s},
            {u"required"_s, QJsonArray{u"type"_s, u"start"_s}},
            {u"additionalProperties"_s, false},
            {u"properties"_s,
             QJsonObject{
                 {u"type"_s, QJsonObject{{u"enum"_s, QJsonArray{u"text"_s, u"video"_s, u"audio"_s,
                                                                u"image"_s}}}},
                 {u"start"_s, microseconds(0)},
                 {u"duration"_s, microseconds(1)},
                 {u"text"_s,
                  QJsonObject{{u"type"_s, u"string"_s}, {u"maxLength"_s, MaxTextLength}}},
                 {u"path"_s, QJsonObject{{u"type"_s, u"string"_s},
                                         {u"description"_s, u"inside an allowed folder"_s}}},
                 {u"sourceStart"_s, microseconds(0)},
                 {u"speed"_s, number(0.1, 100)},
             }},
        },
        {{201, {}}, {400, {}}, {403, {}}, {404, {}}, {409, {}}, {415, {}}, {422, {}}, {503, {}}},
        {}};
    router.addAsyncDocumented(
        "POST", u"/api/v1/drafts/{id}/tracks/{trackId}/segments"_s, u"v1.segments.add"_s,
        u"Add a text, video, audio or image segment (media is probed first)."_s, add,
        [c](HttpRequest r, HttpResponder responder) {
            addSegment(*c, std::move(r), std::move(responder));
        });
    router.addDocumented("GET", u"/api/v1/drafts/{id}/segments/{segmentId}"_s, u"v1.segments.get"_s,
                         u"One segment."_s, RouteDoc{{Tag}, {}, {}, {{200, {}}, {404, {}}}, {}},
                         [c](const HttpRequest &r) { return getSegment(*c, r); });
    RouteDoc patch{
        {Tag},
        {},
        QJsonObject{
            {u"type"_s, u"object"_s},
            {u"additionalProperties"_s, false},
            {u"properties"_s,
             QJsonObject{
                 {u"trackId"_s, string},
                 {u"start"_s, microseconds(0)},
                 {u"duration"_s, microseconds(1)},
                 {u"volume"_s, number(0, 10)},
                 {u"speed"_s, number(0.1, 100)},
                 {u"text"_s, string},
                 {u"transform"_s,
                  QJsonObject{{u"type"_s, u"object"_s},
                              {u"properties"_s, QJsonObject{{u"x"_s, number(-100, 100)},
                                                            {u"y"_s, number(-100, 100)},
                                                            {u"scaleX"_s, number(0.01, 100)},
                                                            {u"scaleY"_s, number(0.01, 100)},
                                                            {u"rotation"_s, number(-360, 360)},
                                                            {u"alpha"_s, number(0, 1)}}}}},
             }},
        },
        {{200, {}}, {400, {}}, {404, {}}, {409, {}}, {415, {}}, {422, {}}},
        {}};
    router.addDocumented("PATCH", u"/api/v1/drafts/{id}/segments/{segmentId}"_s,
                         u"v1.segments.patch"_s,
                         u"Move, trim, retime, change volume/transform/text: one undo step, "
                         "all or nothing."_s,
                         patch, [c](const HttpRequest &r) { return patchSegment(*c, r); });
    router.addDocumented("DELETE", u"/api/v1/drafts/{id}/segments/{segmentId}"_s,
                         u"v1.segments.delete"_s, u"Remove a segment (undoable)."_s,
                         RouteDoc{{Tag}, {}, {}, {{204, {}}, {404, {}}}, {}},
                         [c](const HttpRequest &r) { return deleteSegment(*c, r); });
}

} // namespace CutPilot::Api::V1
