#include "httpmessage.h"

#include <QJsonObject>

namespace CutPilot::Api {

using namespace Qt::StringLiterals;

namespace {

QByteArray findHeader(const HeaderList &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView name) const
{
    return findHeader(headers, name);
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &entry : headers) {
        if (entry.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

HttpResponse HttpResponse::json(const QJsonDocument &document, int status)
{
    HttpResponse response;
    response.status = status;
    response.body = document.toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse HttpResponse::json(const QJsonObject &object, int status)
{
    return json(QJsonDocument(object), status);
}

HttpResponse HttpResponse::text(const QByteArray &text, int status, const QByteArray &contentType)
{
    HttpResponse response;
    response.status = status;
    response.contentType = contentType;
    response.body = text;
    return response;
}

HttpResponse HttpResponse::noContent(int status)
{
    HttpResponse response;
    response.status = status;
    response.contentType.clear();
    return response;
}

HttpResponse HttpResponse::error(const Core::Error &error)
{
    return HttpResponse::error(error, Core::httpStatusFor(error.code()));
}

HttpResponse HttpResponse::error(const Core::Error &error, int status)
{
    return json(QJsonObject{{u"error"_s, error.toJson()}}, status);
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &entry : headers) {
        if (entry.first.compare(name, Qt::CaseInsensitive) == 0) {
            entry.second = value;
            return;
        }
    }
    headers.append({name, value});
}

QByteArray HttpResponse::header(QByteArrayView name) const
{
    return findHeader(headers, name);
}

HttpResponse HttpResponse::envelope(bool success, const QJsonValue &output, const QString &error,
                                    int status)
{
    return json(QJsonObject{{QStringLiteral("success"), success},
                            {QStringLiteral("output"), success ? output : QJsonValue(QString())},
                            {QStringLiteral("error"), success ? QString() : error}},
                status);
}

} // namespace CutPilot::Api
