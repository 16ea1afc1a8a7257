#pragma once

#include "core/support/error.h"

#include <QByteArray>
#include <QHostAddress>
#include <QJsonDocument>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace CutPilot::Api {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

/// A request as the API layer sees it, independent of the QHttpServer version underneath.
struct HttpRequest
{
    quint64 id = 0;    ///< per-process request id, echoed as X-Request-Id and in the log
    QByteArray method; ///< "GET", "POST", ...
    QString path;      ///< decoded path, e.g. "/api/v1/drafts/abc"
    QUrlQuery query;
    HeaderList headers; ///< names as received
    QByteArray body;
    QHostAddress remoteAddress;
    QVariantMap pathParameters; ///< filled by the router from "{name}" segments
    qint64 receivedAtNs = 0;    ///< steady clock, for the request log and latency metrics
    /// The matched route's name (Router::dispatch, through HttpResponder::setRouteName); empty
    /// when no route matched. Labels metrics by route, never by raw path (bounded cardinality).
    QString routeName;

    /// Case-insensitive header lookup; the first value, or empty.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
};

/// A response about to be written; HttpServerAdapter adds Content-Length and the default headers.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    HeaderList headers;

    static HttpResponse json(const QJsonDocument &document, int status = 200);
    static HttpResponse json(const QJsonObject &object, int status = 200);
    static HttpResponse text(const QByteArray &text, int status = 200,
                             const QByteArray &contentType = "text/plain; charset=utf-8");
    static HttpResponse noContent(int status = 204);
    /// {"error": {"code", "name", "message", "field"?, "details"?}} with httpStatusFor(code).
    static HttpResponse error(const Core::Error &error);
    static HttpResponse error(const Core::Error &error, int status);
    /// CapCutAPI's envelope (spec capcutapi-compat.md §2): {"success", "output", "error"}.
    static HttpResponse envelope(bool success, const QJsonValue &output, const QString &error,
                                 int status = 200);
    /// A successful envelope whose output is given as JSON text (one value, e.g. written with
    /// Core::JsonWriter): for answers on hot paths, without building a QJsonObject.
    static HttpResponse successEnvelope(QByteArrayView outputJson);

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;
};

} // namespace CutPilot::Api
