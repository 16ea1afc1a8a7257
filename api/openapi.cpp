#include "openapi.h"

#include <QJsonArray>

namespace CutPilot::Api {

using namespace Qt::StringLiterals;

namespace {

QString reason(int status)
{
    switch (status) {
    case 200:
        return u"OK"_s;
    case 201:
        return u"Created"_s;
    case 202:
        return u"Accepted: a job was started"_s;
    case 204:
        return u"No content"_s;
    case 400:
        return u"Malformed request (invalid JSON, not an object)"_s;
    case 401:
        return u"Missing or wrong Bearer token"_s;
    case 403:
        return u"Forbidden (path outside the allowed folders, read-only setting)"_s;
    case 404:
        return u"Unknown id"_s;
    case 409:
        return u"Conflict with the current state (overlap, nothing to undo, finished job)"_s;
    case 415:
        return u"Content-Type is not application/json"_s;
    case 422:
        return u"A field is invalid; error.field names it and the message its limit"_s;
    case 503:
        return u"A service this route needs is not available"_s;
    default:
        return u"See the error body"_s;
    }
}

QJsonObject jsonContent(const QJsonObject &schema)
{
    return QJsonObject{{u"application/json"_s, QJsonObject{{u"schema"_s, schema}}}};
}

QJsonObject operation(const Router::Route &route)
{
    const RouteDoc &doc = route.doc;
    QJsonObject op{
        {u"operationId"_s, route.name},
        {u"summary"_s, route.summary},
    };
    QJsonArray tags;
    for (const QString &tag : doc.tags)
        tags.append(tag);
    if (tags.isEmpty()) {
        tags.append(route.style == Router::ErrorStyle::Compat ? u"capcutapi-compat"_s
                    : route.pattern.startsWith(u"/api/v1"_s)  ? u"v1"_s
                                                              : u"system"_s);
    }
    op.insert(u"tags"_s, tags);

    QJsonArray parameters;
    for (const QString &segment : route.segments) {
        if (segment.size() > 2 && segment.startsWith(u'{') && segment.endsWith(u'}')) {
            parameters.append(QJsonObject{
                {u"name"_s, segment.mid(1, segment.size() - 2)},
                {u"in"_s, u"path"_s},
                {u"required"_s, true},
                {u"schema"_s, QJsonObject{{u"type"_s, u"string"_s}}},
            });
        }
    }
    for (const RouteDoc::Parameter &parameter : doc.query) {
        QJsonObject entry{
            {u"name"_s, parameter.name},
            {u"in"_s, u"query"_s},
            {u"required"_s, parameter.required},
            {u"schema"_s,
             parameter.schema.isEmpty() ? QJsonObject{{u"type"_s, u"string"_s}} : parameter.schema},
        };
        if (!parameter.description.isEmpty())
            entry.insert(u"description"_s, parameter.description);
        parameters.append(entry);
    }
    if (!parameters.isEmpty())
        op.insert(u"parameters"_s, parameters);
    if (!doc.requestBody.isEmpty()) {
        op.insert(u"requestBody"_s,
                  QJsonObject{{u"required"_s, true}, {u"content"_s, jsonContent(doc.requestBody)}});
    }

    QMap<int, QString> statuses = doc.responses;
    if (statuses.isEmpty())
        statuses.insert(200, reason(200));
    if (route.access == Access::Token)
        statuses.insert(401, reason(401));
    const QJsonObject errorRef{{u"$ref"_s, u"#/components/schemas/Error"_s}};
    QJsonObject responses;
    int firstSuccess = 0;
    for (auto it = statuses.cbegin(); it != statuses.cend(); ++it) {
        QJsonObject response{
            {u"description"_s, it.value().isEmpty() ? reason(it.key()) : it.value()}};
        const bool success = it.key() >= 200 && it.key() < 300;
        if (success && firstSuccess == 0) {
            firstSuccess = it.key();
            if (!doc.responseSchema.isEmpty())
                response.insert(u"content"_s, jsonContent(doc.responseSchema));
        } else if (!success && route.style == Router::ErrorStyle::Api) {
            response.insert(u"content"_s, jsonContent(errorRef));
        }
        responses.insert(QString::number(it.key()), response);
    }
    op.insert(u"responses"_s, responses);

    if (route.access == Access::Token) {
        op.insert(u"security"_s, QJsonArray{QJsonObject{{u"bearer"_s, QJsonArray{}}}});
    } else if (route.access == Access::Compat) {
        // No token from a plain loopback script; the token otherwise (docs/api.md).
        op.insert(u"security"_s,
                  QJsonArray{QJsonObject{}, QJsonObject{{u"bearer"_s, QJsonArray{}}}});
    } else {
        op.insert(u"security"_s, QJsonArray{});
    }
    return op;
}

} // namespace

QJsonObject OpenApi::errorSchema()
{
    const QJsonObject body{
        {u"type"_s, u"object"_s},
        {u"required"_s, QJsonArray{u"code"_s, u"name"_s, u"message"_s}},
        {u"properties"_s,
         QJsonObject{
             {u"code"_s,
              QJsonObject{{u"type"_s, u"integer"_s}, {u"description"_s, u"docs/errors.md"_s}}},
             {u"name"_s, QJsonObject{{u"type"_s, u"string"_s}}},
             {u"message"_s, QJsonObject{{u"type"_s, u"string"_s}}},
             {u"field"_s, QJsonObject{{u"type"_s, u"string"_s}}},
             {u"details"_s, QJsonObject{{u"type"_s, u"object"_s}}},
         }},
    };
    return QJsonObject{
        {u"type"_s, u"object"_s},
        {u"required"_s, QJsonArray{u"error"_s}},
        {u"properties"_s, QJsonObject{{u"error"_s, body}}},
    };
}

QJsonObject OpenApi::document(const Router &router, const Info &info)
{
    QJsonObject paths;
    for (const Router::Route &route : router.routes()) {
        QJsonObject item = paths.value(route.pattern).toObject();
        item.insert(QString::fromLatin1(route.method).toLower(), operation(route));
        paths.insert(route.pattern, item);
    }
    QJsonObject document{
        {u"openapi"_s, u"3.1.0"_s},
        {u"info"_s, QJsonObject{{u"title"_s, info.title},
                                {u"version"_s, info.version},
                                {u"description"_s,
                                 u"Generated from the route table (api/router.h); docs/api.md "
                                 "explains authentication, errors, pagination and jobs."_s}}},
        {u"paths"_s, paths},
        {u"components"_s,
         QJsonObject{
             {u"securitySchemes"_s,
              QJsonObject{
                  {u"bearer"_s, QJsonObject{{u"type"_s, u"http"_s}, {u"scheme"_s, u"bearer"_s}}}}},
             {u"schemas"_s, QJsonObject{{u"Error"_s, errorSchema()}}},
         }},
    };
    if (!info.serverUrl.isEmpty())
        document.insert(u"servers"_s, QJsonArray{QJsonObject{{u"url"_s, info.serverUrl}}});
    return document;
}

} // namespace CutPilot::Api
