// Router: the documentation side of the route table (RouteDoc), kept out of router.cpp so that
// matching and dispatching stay apart from what only the OpenAPI document reads.
#include "router.h"

namespace CutPilot::Api {

void Router::addDocumented(const QByteArray &method, const QString &pattern, const QString &name,
                           const QString &summary, RouteDoc doc, Handler handler, Access access,
                           ErrorStyle style)
{
    add(method, pattern, name, summary, std::move(handler), access, style);
    m_routes.last().doc = std::move(doc);
}

void Router::addAsyncDocumented(const QByteArray &method, const QString &pattern,
                                const QString &name, const QString &summary, RouteDoc doc,
                                AsyncHandler handler, Access access, ErrorStyle style)
{
    addAsync(method, pattern, name, summary, std::move(handler), access, style);
    m_routes.last().doc = std::move(doc);
}

bool Router::document(const QByteArray &method, const QString &pattern, RouteDoc doc)
{
    for (Route &route : m_routes) {
        if (route.method == method && route.pattern == pattern) {
            route.doc = std::move(doc);
            return true;
        }
    }
    return false;
}

} // namespace CutPilot::Api
