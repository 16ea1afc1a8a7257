#include "httpmessage.h"

#include "core/support/jsonwriter.h"

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

namespace {

/// {"error":…,"output":…,"success":…}: the keys in QJsonObject's (sorted) order, so the bytes are
/// those QJsonDocument::Compact wrote before the envelope was written directly.
HttpResponse writeEnvelope(bool success, QStringView error, const QJsonValue *output,
                           QByteArrayView outputJson, int status)
{
    Core::JsonWriter writer(64 + error.size() + outputJson.size());
    writer.beginObject();
    writer.key(u"error");
    writer.string(error);
    if (!output || !output->isUndefined()) { // QJsonObject drops an undefined value
        writer.key(u"output");
        if (output)
            writer.value(*output);
        else
            writer.raw(outputJson);
    }
    writer.key(u"success");
    writer.boolean(success);
    writer.endObject();
    HttpResponse response;
    response.status = status;
    response.body = writer.take();
    return response;
}

} // namespace

HttpResponse HttpResponse::envelope(bool success, const QJsonValue &output, const QString &error,
                                    int status)
{
    if (!success) {
        const QJsonValue empty{QString()};
        return writeEnvelope(false, error, &empty, {}, status);
    }
    return writeEnvelope(true, {}, &output, {}, status);
}

HttpResponse HttpResponse::successEnvelope(QByteArrayView outputJson)
{
    Q_ASSERT(!outputJson.isEmpty());
    return writeEnvelope(true, {}, nullptr, outputJson, 200);
}

} // namespace CutPilot::Api
