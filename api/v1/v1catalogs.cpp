// /api/v1/catalogs: the loaded editor catalogs (effects, transitions, fonts …) by kind, searchable.
#include "core/draft/catalog/catalogregistry.h"
#include "v1support.h"

namespace CutPilot::Api::V1 {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::Result;

namespace {

const QString Tag = u"catalogs"_s;

/// `?namespace=lv|cc`; default: the namespace of the active editor profile (like the compat
/// routes, capcutapi-compat.md §3).
Result<Core::CatalogNamespace> namespaceOf(const Context &c, const HttpRequest &request)
{
    if (request.query.hasQueryItem(u"namespace"_s)) {
        const QString name = request.query.queryItemValue(u"namespace"_s, QUrl::FullyDecoded);
        if (std::optional<Core::CatalogNamespace> ns = Core::catalogNamespaceFromName(name))
            return *ns;
        return Error::invalidArgument(u"namespace"_s, u"'namespace' must be lv or cc"_s);
    }
    const QString profile = c.shared.profileId ? c.shared.profileId() : QString();
    return profile.startsWith(u"cc"_s) ? Core::CatalogNamespace::CapCut
                                       : Core::CatalogNamespace::JianYing;
}

HttpResponse listKinds(const Context &c, const HttpRequest &request)
{
    Result<Core::CatalogNamespace> ns = namespaceOf(c, request);
    if (!ns)
        return error(ns.error());
    Result<Page> p = page(request);
    if (!p)
        return error(p.error());
    QJsonArray all;
    for (Core::CatalogKind kind : Core::allCatalogKinds()) {
        all.append(QJsonObject{
            {u"kind"_s, Core::catalogKindName(kind)},
            {u"namespace"_s, Core::catalogNamespaceName(*ns)},
            {u"entries"_s, c.shared.catalogs ? int(c.shared.catalogs->list(kind, *ns).size()) : 0},
        });
    }
    return HttpResponse::json(paginate(all, *p));
}

HttpResponse listEntries(const Context &c, const HttpRequest &request)
{
    const QString kindName = request.pathParameters.value(u"kind"_s).toString();
    const std::optional<Core::CatalogKind> kind = Core::catalogKindFromName(kindName);
    if (!kind)
        return error(Error::notFound(u"catalog kind"_s, kindName.left(64))
                         .withDetail(u"field"_s, u"kind"_s));
    Result<Core::CatalogNamespace> ns = namespaceOf(c, request);
    if (!ns)
        return error(ns.error());
    Result<Page> p = page(request);
    if (!p)
        return error(p.error());
    const QString q = request.query.queryItemValue(u"q"_s, QUrl::FullyDecoded);
    if (q.size() > 200)
        return error(Error(Core::ErrorCode::OutOfRange, u"'q' is at most 200 characters"_s,
                           {{u"field"_s, u"q"_s}, {u"max"_s, 200}}));
    QJsonArray all;
    if (c.shared.catalogs) {
        for (const Core::CatalogEntry &entry : c.shared.catalogs->search(*kind, *ns, q)) {
            QJsonObject json = entry.toJson(*ns);
            json.insert(u"kind"_s, kindName);
            all.append(json);
        }
    }
    return HttpResponse::json(paginate(all, *p));
}

} // namespace

void registerCatalogRoutes(Router &router, const Context &context)
{
    const Context *c = &context;
    const RouteDoc::Parameter ns{u"namespace"_s,
                                 u"lv (JianYing) or cc (CapCut); default: the active editor's"_s,
                                 QJsonObject{{u"enum"_s, QJsonArray{u"lv"_s, u"cc"_s}}}, false};
    const RouteDoc::Parameter limit{
        u"limit"_s, u"page size (default 50)"_s,
        QJsonObject{{u"type"_s, u"integer"_s}, {u"minimum"_s, 1}, {u"maximum"_s, Page::MaxLimit}},
        false};
    const RouteDoc::Parameter offset{u"offset"_s, u"items to skip"_s,
                                     QJsonObject{{u"type"_s, u"integer"_s}, {u"minimum"_s, 0}},
                                     false};
    router.addDocumented("GET", u"/api/v1/catalogs"_s, u"v1.catalogs.kinds"_s,
                         u"Catalog kinds with their number of loaded entries."_s,
                         RouteDoc{{Tag}, {ns, limit, offset}, {}, {{200, {}}, {422, {}}}, {}},
                         [c](const HttpRequest &r) { return listKinds(*c, r); });
    router.addDocumented(
        "GET", u"/api/v1/catalogs/{kind}"_s, u"v1.catalogs.list"_s,
        u"Entries of one kind; `q` searches names, English names and aliases."_s,
        RouteDoc{{Tag},
                 {ns,
                  limit,
                  offset,
                  {u"q"_s, u"case-insensitive substring (at most 200 characters)"_s, {}, false}},
                 {},
                 {{200, {}}, {404, {}}, {422, {}}},
                 {}},
        [c](const HttpRequest &r) { return listEntries(*c, r); });
}

} // namespace CutPilot::Api::V1
