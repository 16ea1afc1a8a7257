// /api/v1 shared helpers: the error body and its status, strict JSON field readers, pagination and
// the JSON shapes of drafts, tracks and segments.
#include "v1support.h"

#include "core/jobs/jobservice.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"

#include <QJsonDocument>

#include <cmath>

namespace CutPilot::Api::V1 {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::ErrorCode;
using Core::Result;

Result<Core::DraftService *> Context::draft(const HttpRequest &request) const
{
    const QString id = request.pathParameters.value(u"id"_s).toString();
    Core::DraftWorkspace &workspace = *shared.workspace;
    if (!Core::DraftStore::isValidKey(id) || !workspace.store().contains(id))
        return Error::notFound(u"draft"_s, id.left(80)).withDetail(u"field"_s, u"id"_s);
    return workspace.open(id);
}

Result<Core::JobService *> Context::jobs() const
{
    if (!services.jobs)
        return unavailable(u"jobs"_s);
    return services.jobs;
}

int statusFor(const Error &e)
{
    switch (e.code()) {
    case ErrorCode::InvalidArgument:
    case ErrorCode::MissingField:
    case ErrorCode::OutOfRange:
        return 422;
    default:
        return Core::httpStatusFor(e.code());
    }
}

HttpResponse error(const Error &e)
{
    return HttpResponse::error(e, statusFor(e));
}

Error unavailable(const QString &service)
{
    return Error(ErrorCode::Unavailable, u"the %1 service is not available"_s.arg(service),
                 {{u"service"_s, service}});
}

Result<QJsonObject> jsonBody(const HttpRequest &request, bool emptyIsObject)
{
    if (request.body.trimmed().isEmpty() && emptyIsObject)
        return QJsonObject();
    const QByteArray type = request.header("Content-Type").split(';').first().trimmed().toLower();
    if (type != "application/json")
        return Error(ErrorCode::UnsupportedMediaType,
                     u"the body must be JSON (Content-Type: application/json)"_s,
                     {{u"contentType"_s, QString::fromLatin1(type.left(100))}});
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error(
            ErrorCode::InvalidJson,
            u"invalid JSON at offset %1: %2"_s.arg(parseError.offset).arg(parseError.errorString()),
            {{u"offset"_s, parseError.offset}});
    if (!document.isObject())
        return Error(ErrorCode::BadRequest, u"the body must be a JSON object"_s);
    return document.object();
}

Fields::Fields(QJsonObject object, QString prefix)
    : m_object(std::move(object))
    , m_prefix(std::move(prefix))
{
}

void Fields::fail(Error error)
{
    if (!m_error)
        m_error = std::move(error);
}

bool Fields::present(const QString &key, bool required)
{
    if (m_error)
        return false;
    const QJsonValue value = m_object.value(key);
    if (value.isUndefined() || value.isNull()) {
        if (required)
            fail(Error::missingField(field(key)));
        return false;
    }
    return true;
}

std::optional<qint64> Fields::integer(const QString &key, qint64 min, qint64 max, bool required)
{
    if (!present(key, required))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isDouble()) {
        fail(Error::invalidArgument(field(key), u"'%1' must be an integer"_s.arg(field(key))));
        return std::nullopt;
    }
    const double number = value.toDouble();
    if (!std::isfinite(number) || number != std::floor(number)) {
        fail(Error::invalidArgument(field(key), u"'%1' must be a whole number"_s.arg(field(key))));
        return std::nullopt;
    }
    if (number < double(min) || number > double(max)) {
        // Reported as a double: converting 1e300 to an integer would be undefined behaviour.
        fail(Error(
            ErrorCode::OutOfRange,
            u"'%1' is %2, allowed range is %3..%4"_s.arg(field(key))
                .arg(number, 0, 'g', 17)
                .arg(min)
                .arg(max),
            {{u"field"_s, field(key)}, {u"value"_s, number}, {u"min"_s, min}, {u"max"_s, max}}));
        return std::nullopt;
    }
    return qint64(number);
}

std::optional<double> Fields::number(const QString &key, double min, double max, bool required)
{
    if (!present(key, required))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isDouble() || !std::isfinite(value.toDouble())) {
        fail(Error::invalidArgument(field(key), u"'%1' must be a number"_s.arg(field(key))));
        return std::nullopt;
    }
    const double number = value.toDouble();
    if (number < min || number > max) {
        fail(Error(
            ErrorCode::OutOfRange,
            u"'%1' is %2, allowed range is %3..%4"_s.arg(field(key)).arg(number).arg(min).arg(max),
            {{u"field"_s, field(key)}, {u"min"_s, min}, {u"max"_s, max}}));
        return std::nullopt;
    }
    return number;
}

std::optional<QString> Fields::string(const QString &key, int maxLength, bool required,
                                      bool allowEmpty)
{
    if (!present(key, required))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isString()) {
        fail(Error::invalidArgument(field(key), u"'%1' must be a string"_s.arg(field(key))));
        return std::nullopt;
    }
    const QString text = value.toString();
    if (text.size() > maxLength) {
        fail(Error(ErrorCode::OutOfRange,
                   u"'%1' is %2 characters long, at most %3 are allowed"_s.arg(field(key))
                       .arg(text.size())
                       .arg(maxLength),
                   {{u"field"_s, field(key)}, {u"max"_s, maxLength}}));
        return std::nullopt;
    }
    if (text.isEmpty() && !allowEmpty) {
        fail(Error::invalidArgument(field(key), u"'%1' must not be empty"_s.arg(field(key))));
        return std::nullopt;
    }
    return text;
}

std::optional<bool> Fields::boolean(const QString &key, bool required)
{
    if (!present(key, required))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isBool()) {
        fail(Error::invalidArgument(field(key), u"'%1' must be true or false"_s.arg(field(key))));
        return std::nullopt;
    }
    return value.toBool();
}

std::optional<QJsonObject> Fields::object(const QString &key, bool required)
{
    if (!present(key, required))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isObject()) {
        fail(Error::invalidArgument(field(key), u"'%1' must be an object"_s.arg(field(key))));
        return std::nullopt;
    }
    return value.toObject();
}

void Fields::allowOnly(const QStringList &known)
{
    if (m_error)
        return;
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        if (!known.contains(it.key())) {
            fail(Error::invalidArgument(field(it.key().left(64)),
                                        u"unknown field '%1' (known: %2)"_s.arg(
                                            field(it.key().left(64)), known.join(u", "_s))));
            return;
        }
    }
}

Result<std::optional<qint64>> queryInteger(const HttpRequest &request, const QString &key,
                                           qint64 min, qint64 max)
{
    if (!request.query.hasQueryItem(key))
        return std::optional<qint64>();
    const QString text = request.query.queryItemValue(key, QUrl::FullyDecoded);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok)
        return Error::invalidArgument(key, u"'%1' must be an integer"_s.arg(key));
    if (value < min || value > max)
        return Error::outOfRange(key, value, min, max);
    return std::optional<qint64>(value);
}

Result<Page> page(const HttpRequest &request)
{
    Page result;
    Result<std::optional<qint64>> limit = queryInteger(request, u"limit"_s, 1, Page::MaxLimit);
    if (!limit)
        return limit.error();
    Result<std::optional<qint64>> offset
        = queryInteger(request, u"offset"_s, 0, std::numeric_limits<int>::max());
    if (!offset)
        return offset.error();
    if (*limit)
        result.limit = int(**limit);
    if (*offset)
        result.offset = **offset;
    return result;
}

QJsonObject pageBody(const QJsonArray &items, qint64 total, const Page &page)
{
    const qint64 next = page.offset + items.size();
    return QJsonObject{
        {u"items"_s, items},
        {u"total"_s, total},
        {u"offset"_s, page.offset},
        {u"limit"_s, page.limit},
        {u"next"_s, next < total && !items.isEmpty() ? QJsonValue(next) : QJsonValue()},
    };
}

QJsonObject paginate(const QJsonArray &all, const Page &page)
{
    QJsonArray items;
    for (qint64 i = page.offset; i < all.size() && items.size() < page.limit; ++i)
        items.append(all.at(i));
    return pageBody(items, all.size(), page);
}

QJsonObject summaryJson(const Core::DraftStore::Summary &summary)
{
    return QJsonObject{
        {u"id"_s, summary.key},
        {u"contentId"_s, summary.id},
        {u"name"_s, summary.name},
        {u"profile"_s, summary.profile},
        {u"durationUs"_s, summary.durationUs},
        {u"tracks"_s, summary.tracks},
        {u"created"_s, summary.created.toString(Qt::ISODateWithMs)},
        {u"modified"_s, summary.modified.toString(Qt::ISODateWithMs)},
    };
}

QJsonObject trackJson(const Core::Track &track)
{
    return QJsonObject{
        {u"id"_s, track.id},
        {u"type"_s, Core::trackTypeName(track.type)},
        {u"name"_s, track.name},
        {u"muted"_s, track.muted},
        {u"relativeIndex"_s, track.relativeIndex},
        {u"renderIndex"_s, track.renderIndex()},
        {u"segments"_s, int(track.segments.size())},
    };
}

QJsonObject segmentJson(const Core::Draft &draft, const Core::Track &track,
                        const Core::Segment &segment)
{
    const Core::Transform &t = segment.transform;
    QJsonObject object{
        {u"id"_s, segment.id},
        {u"trackId"_s, track.id},
        {u"type"_s, Core::trackTypeName(track.type)},
        {u"materialId"_s, segment.materialId},
        {u"start"_s, segment.target.start},
        {u"duration"_s, segment.target.duration},
        {u"speed"_s, segment.speed},
        {u"volume"_s, segment.volume},
        {u"visible"_s, segment.visible},
        {u"transform"_s, QJsonObject{{u"x"_s, t.x},
                                     {u"y"_s, t.y},
                                     {u"scaleX"_s, t.scaleX},
                                     {u"scaleY"_s, t.scaleY},
                                     {u"rotation"_s, t.rotation},
                                     {u"alpha"_s, t.alpha}}},
    };
    if (segment.source) {
        object.insert(u"sourceStart"_s, segment.source->start);
        object.insert(u"sourceDuration"_s, segment.source->duration);
    }
    if (segment.text)
        object.insert(u"text"_s, segment.text->text);
    if (auto media = draft.media.constFind(segment.materialId); media != draft.media.constEnd()) {
        const char *kinds[] = {"video", "image", "audio"};
        object.insert(u"media"_s,
                      QJsonObject{{u"path"_s, media->path},
                                  {u"name"_s, media->name},
                                  {u"kind"_s, QString::fromLatin1(kinds[int(media->kind)])},
                                  {u"durationUs"_s, media->durationUs}});
    }
    return object;
}

QJsonObject draftJson(const QString &key, Core::DraftService &service)
{
    const Core::Draft &draft = service.draft();
    QJsonArray tracks;
    for (const Core::Track &track : draft.tracks)
        tracks.append(trackJson(track));
    QUndoStack *stack = service.undoStack();
    return QJsonObject{
        {u"id"_s, key},
        {u"contentId"_s, draft.id},
        {u"name"_s, draft.name},
        {u"profile"_s, service.profile().id},
        {u"width"_s, draft.width},
        {u"height"_s, draft.height},
        {u"fps"_s, draft.fps},
        {u"durationUs"_s, draft.duration()},
        {u"tracks"_s, tracks},
        {u"canUndo"_s, stack->canUndo()},
        {u"canRedo"_s, stack->canRedo()},
    };
}

void registerRoutes(Router &router, const Context &context)
{
    registerDraftRoutes(router, context);
    registerTrackRoutes(router, context);
    registerSegmentRoutes(router, context);
    registerJobRoutes(router, context);
    registerMediaRoutes(router, context);
    registerCatalogRoutes(router, context);
    registerSystemRoutes(router, context);
    registerExportRoutes(router, context);
}

QStringList capabilities(const Context &context)
{
    QStringList list{u"drafts"_s,   u"tracks"_s, u"segments"_s,
                     u"catalogs"_s, u"editor"_s, u"openapi"_s};
    if (context.services.jobs)
        list << u"jobs"_s;
    if (context.services.media)
        list << u"media"_s;
    if (context.services.settings)
        list << u"settings"_s;
    if (context.services.editor.queue)
        list << u"exports"_s;
    if (context.services.editor.doctor)
        list << u"doctor"_s;
    return list;
}

} // namespace CutPilot::Api::V1
