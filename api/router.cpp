#include "router.h"

namespace CutPilot::Api {

using namespace Qt::StringLiterals;

namespace {

QStringList splitPath(const QString &path)
{
    return path.split(u'/', Qt::KeepEmptyParts);
}

bool isPlaceholder(const QString &segment)
{
    return segment.size() > 2 && segment.startsWith(u'{') && segment.endsWith(u'}');
}

} // namespace

void Router::add(const QByteArray &method, const QString &pattern, const QString &name,
                 const QString &summary, Handler handler, Access access, ErrorStyle style)
{
    Q_ASSERT_X(pattern.startsWith(u'/'), "Router::add", "patterns start with '/'");
    Q_ASSERT_X(!match(method, pattern), "Router::add", "route declared twice");
    m_routes.append(Route{
        method, pattern, name, summary, std::move(handler), splitPath(pattern), access, style, {}});
}

void Router::addAsync(const QByteArray &method, const QString &pattern, const QString &name,
                      const QString &summary, AsyncHandler handler, Access access, ErrorStyle style)
{
    Q_ASSERT_X(pattern.startsWith(u'/'), "Router::addAsync", "patterns start with '/'");
    Q_ASSERT_X(!match(method, pattern), "Router::addAsync", "route declared twice");
    m_routes.append(Route{
        method, pattern, name, summary, {}, splitPath(pattern), access, style, std::move(handler)});
}

bool Router::matches(const Route &route, const QStringList &segments, QVariantMap *parameters)
{
    if (route.segments.size() != segments.size())
        return false;
    QVariantMap captured;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &expected = route.segments.at(i);
        if (isPlaceholder(expected)) {
            if (segments.at(i).isEmpty())
                return false;
            captured.insert(expected.mid(1, expected.size() - 2), segments.at(i));
        } else if (expected != segments.at(i)) {
            return false;
        }
    }
    if (parameters)
        *parameters = std::move(captured);
    return true;
}

const Router::Route *Router::match(const QByteArray &method, const QString &path,
                                   QVariantMap *parameters) const
{
    const QStringList segments = splitPath(path);
    for (const Route &route : m_routes) {
        if (route.method == method && matches(route, segments, parameters))
            return &route;
    }
    return nullptr;
}

QList<QByteArray> Router::allowedMethods(const QString &path) const
{
    const QStringList segments = splitPath(path);
    QList<QByteArray> methods;
    for (const Route &route : m_routes) {
        if (!methods.contains(route.method) && matches(route, segments, nullptr))
            methods.append(route.method);
    }
    if (methods.contains("GET") && !methods.contains("HEAD"))
        methods.append("HEAD");
    if (!methods.isEmpty())
        methods.append("OPTIONS");
    return methods;
}

void Router::holdUntilSaved(HttpResponder &responder, ErrorStyle style) const
{
    responder.setBeforeSend([barrier = m_barrier, mark = m_barrier.mark(),
                             style](HttpResponder &self, HttpResponse &response) {
        if (!barrier.pending(mark))
            return false;
        auto held = std::make_shared<HttpResponder>(std::move(self));
        barrier.wait(mark, [held, response = std::move(response),
                            style](const std::optional<Core::Error> &notSaved) {
            if (!notSaved) {
                held->send(response);
                return;
            }
            // The change is in the open draft (and shows in the GUI) but not on disk yet: a
            // restart now would lose it, so the client is not told "done".
            const Core::Error error(
                notSaved->code(),
                u"the change was made but could not be saved (CutPilot tries again): %1"_s.arg(
                    notSaved->message()),
                notSaved->details());
            held->send(style == ErrorStyle::Compat
                           ? HttpResponse::envelope(false, {}, error.message())
                           : HttpResponse::error(error));
        });
        return true;
    });
}

void Router::dispatch(HttpRequest request, HttpResponder responder) const
{
    const bool head = request.method == "HEAD";
    const Route *route
        = match(head ? "GET" : request.method, request.path, &request.pathParameters);
    responder.setRouteName(route ? route->name : QString()); // metrics label (api/metrics.h)
    if (m_gate) {
        if (std::optional<HttpResponse> refused = m_gate(request, route)) {
            responder.send(std::move(*refused));
            return;
        }
    }
    if (route) {
        if (m_barrier.mark && !head && request.method != "GET" && request.method != "OPTIONS")
            holdUntilSaved(responder, route->style);
        if (route->asyncHandler) {
            route->asyncHandler(std::move(request), std::move(responder));
            return;
        }
        HttpResponse response = route->handler(request);
        if (head)
            response.body.clear();
        responder.send(std::move(response));
        return;
    }

    const QList<QByteArray> allowed = allowedMethods(request.path);
    if (allowed.isEmpty()) {
        responder.send(HttpResponse::error(Core::Error(Core::ErrorCode::NotFound,
                                                       u"no such route: %1"_s.arg(request.path),
                                                       {{u"path"_s, request.path}})));
        return;
    }
    const QByteArray allow = allowed.join(", ");
    if (request.method == "OPTIONS") {
        HttpResponse response = HttpResponse::noContent();
        response.setHeader("Allow", allow);
        responder.send(std::move(response));
        return;
    }
    HttpResponse response = HttpResponse::error(Core::Error(
        Core::ErrorCode::MethodNotAllowed,
        u"%1 is not allowed on %2 (allowed: %3)"_s.arg(QString::fromLatin1(request.method),
                                                       request.path, QString::fromLatin1(allow)),
        {{u"method"_s, QString::fromLatin1(request.method)}}));
    response.setHeader("Allow", allow);
    responder.send(std::move(response));
}

} // namespace CutPilot::Api
