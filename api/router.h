#pragma once

#include "httpmessage.h"
#include "httpserveradapter.h"
#include "securitypolicy.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <functional>
#include <optional>

namespace CutPilot::Api {

/// What the OpenAPI document (api/openapi.h) says about a route beyond its method, pattern,
/// summary and access; path parameters come from the pattern's "{name}" segments.
struct RouteDoc
{
    struct Parameter
    {
        QString name;
        QString description;
        QJsonObject schema; ///< JSON Schema, e.g. {"type": "integer", "minimum": 0}
        bool required = false;
    };
    QStringList tags;
    QList<Parameter> query;
    QJsonObject requestBody;      ///< JSON Schema of the JSON body; empty: no body
    QMap<int, QString> responses; ///< status -> description; empty: 200 "OK"
    QJsonObject responseSchema;   ///< JSON Schema of the success body (the lowest 2xx status)
};

/// The explicit route table (house style): every route is declared once with its method, path
/// pattern, name and summary, so the same table dispatches requests and documents the API.
///
/// Patterns are literal segments and "{name}" placeholders: "/api/v1/drafts/{id}". A path that
/// matches no pattern gets 404; a path that matches with another method gets 405 and an Allow
/// header. HEAD is answered for every GET route, OPTIONS for every path.
class Router final
{
public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;
    /// For work that answers later (downloads, probes, saves): keep the responder, send once.
    using AsyncHandler = std::function<void(HttpRequest, HttpResponder)>;
    /// How refusals and errors of a route are written.
    enum class ErrorStyle {
        Api,    ///< {"error": {"code", "name", "message", "field"}} with its HTTP status
        Compat, ///< CapCutAPI's envelope {"success": false, "output": "", "error": "..."}
    };

    struct Route
    {
        QByteArray method;
        QString pattern;
        QString name;
        QString summary;
        Handler handler;
        QStringList segments; ///< pattern split at '/'
        Access access = Access::Compat;
        ErrorStyle style = ErrorStyle::Api;
        AsyncHandler asyncHandler; ///< used instead of `handler` when set
        RouteDoc doc = {};         ///< for the OpenAPI document (routerdoc.cpp)
    };
    /// Runs before a matched route (and before 404/405 answers, with route == nullptr): a
    /// response refuses the request.
    using Gate = std::function<std::optional<HttpResponse>(const HttpRequest &, const Route *)>;

    void add(const QByteArray &method, const QString &pattern, const QString &name,
             const QString &summary, Handler handler, Access access = Access::Compat,
             ErrorStyle style = ErrorStyle::Api);
    void addAsync(const QByteArray &method, const QString &pattern, const QString &name,
                  const QString &summary, AsyncHandler handler, Access access,
                  ErrorStyle style = ErrorStyle::Api);
    /// add()/addAsync() with the route's documentation (routerdoc.cpp).
    void addDocumented(const QByteArray &method, const QString &pattern, const QString &name,
                       const QString &summary, RouteDoc doc, Handler handler,
                       Access access = Access::Token, ErrorStyle style = ErrorStyle::Api);
    void addAsyncDocumented(const QByteArray &method, const QString &pattern, const QString &name,
                            const QString &summary, RouteDoc doc, AsyncHandler handler,
                            Access access = Access::Token, ErrorStyle style = ErrorStyle::Api);
    /// Documents a route added before; false when no route has that method and pattern.
    bool document(const QByteArray &method, const QString &pattern, RouteDoc doc);
    const QList<Route> &routes() const { return m_routes; }
    void setGate(Gate gate) { m_gate = std::move(gate); }
    /// Holds back the answer of a request that changed drafts until the changes are durable
    /// (ApiServer wires it to DraftWorkspace's write-behind): `mark` is taken before a route other
    /// than GET/HEAD/OPTIONS runs; when it answers and `pending(mark)` says a change made since is
    /// not written yet, the answer waits for `wait(mark, release)`, whose `release` gets the
    /// error when a change could not be written (the answer is that error then).
    struct Barrier
    {
        std::function<quint64()> mark;
        std::function<bool(quint64 mark)> pending;
        using Release = std::function<void(const std::optional<Core::Error> &notSaved)>;
        std::function<void(quint64 mark, Release release)> wait;
    };
    void setBarrier(Barrier barrier) { m_barrier = std::move(barrier); }

    void dispatch(HttpRequest request, HttpResponder responder) const;

    /// The route a request would reach, or nullptr; fills `parameters` from the placeholders.
    const Route *match(const QByteArray &method, const QString &path,
                       QVariantMap *parameters = nullptr) const;
    /// Methods that some route accepts for this path (empty: the path is unknown).
    QList<QByteArray> allowedMethods(const QString &path) const;

private:
    static bool matches(const Route &route, const QStringList &segments, QVariantMap *parameters);

    /// Makes `responder` wait for the barrier when it answers (see Barrier).
    void holdUntilSaved(HttpResponder &responder, ErrorStyle style) const;

    QList<Route> m_routes;
    Gate m_gate;
    Barrier m_barrier;
};

} // namespace CutPilot::Api
