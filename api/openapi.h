#pragma once

#include "router.h"

#include <QJsonObject>

namespace CutPilot::Api {

/// The OpenAPI 3.1 document of a route table: every route (system, CapCutAPI drop-in and /api/v1)
/// with its summary, path parameters from the pattern, the RouteDoc's query parameters, body and
/// responses, and the bearer scheme on Token routes. Generated from Router::routes() on request,
/// so the document cannot drift from what is served.
class OpenApi final
{
public:
    struct Info
    {
        QString title = QStringLiteral("CutPilot local API");
        QString version;
        QString serverUrl; ///< empty: no "servers" entry
    };
    static QJsonObject document(const Router &router, const Info &info);
    /// {"type":"object","properties":{"error":{...}}}: the one error body of /api/v1.
    static QJsonObject errorSchema();
};

} // namespace CutPilot::Api
