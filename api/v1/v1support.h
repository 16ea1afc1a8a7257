#pragma once

#include "api/compat/compatapi.h"
#include "api/router.h"
#include "core/draft/draftmodel.h"
#include "core/draft/draftstore.h"
#include "core/support/buildinfo.h"

#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace CutPilot::Core {
class DraftService;
class JobService;
class MediaService;
class Settings;
} // namespace CutPilot::Core

namespace CutPilot::Api {

/// What /api/v1 needs beyond the services it shares with the CapCutAPI routes (CompatServices:
/// workspace, profile, drafts folder, path policy, catalogs). A null service makes its routes
/// answer 503 Unavailable.
struct V1Services
{
    Core::JobService *jobs = nullptr;
    Core::MediaService *media = nullptr;
    Core::Settings *settings = nullptr;
};

namespace V1 {

/// Shared by the /api/v1 route files (api/v1/*.cpp).
struct Context
{
    CompatServices shared;
    V1Services services;
    Core::BuildInfo buildInfo;
    Router *router = nullptr; ///< for the OpenAPI document
    QObject *guard = nullptr; ///< lifetime of asynchronous continuations (the ApiServer)

    /// The open draft {id} of the request; NotFound (404) when the store has none.
    Core::Result<Core::DraftService *> draft(const HttpRequest &request) const;
    Core::Result<Core::JobService *> jobs() const;
};

/// The error body with /api/v1's status: validation errors (InvalidArgument, MissingField,
/// OutOfRange) are 422; the rest follow Core::httpStatusFor (docs/api.md).
HttpResponse error(const Core::Error &error);
int statusFor(const Core::Error &error);
/// Unavailable (503) naming the missing service.
Core::Error unavailable(const QString &service);

/// The JSON object body: 415 for another Content-Type, 400 for invalid JSON or a non-object.
/// An empty body is {} when `emptyIsObject`.
Core::Result<QJsonObject> jsonBody(const HttpRequest &request, bool emptyIsObject = false);

/// Strict readers of a JSON object: wrong types, fractions where integers belong, values outside
/// the limits and unknown keys are errors naming the field (prefix + key) and the limit. The first
/// error sticks; afterwards every reader returns nullopt.
class Fields final
{
public:
    explicit Fields(QJsonObject object, QString prefix = {});

    std::optional<qint64> integer(const QString &key, qint64 min, qint64 max,
                                  bool required = false);
    std::optional<double> number(const QString &key, double min, double max, bool required = false);
    std::optional<QString> string(const QString &key, int maxLength, bool required = false,
                                  bool allowEmpty = true);
    std::optional<bool> boolean(const QString &key, bool required = false);
    std::optional<QJsonObject> object(const QString &key, bool required = false);
    /// Refuses keys not in `known` (a typo would otherwise be ignored silently).
    void allowOnly(const QStringList &known);
    void fail(Core::Error error);

    bool ok() const { return !m_error; }
    const Core::Error &error() const { return *m_error; }
    bool has(const QString &key) const { return m_object.contains(key); }
    QString field(const QString &key) const { return m_prefix + key; }

private:
    bool present(const QString &key, bool required);

    QJsonObject m_object;
    QString m_prefix;
    std::optional<Core::Error> m_error;
};

/// `?limit=` (1..500, default 50) and `?offset=` (0..): lists are pages; `next` is the offset of
/// the next page or null.
struct Page
{
    qint64 offset = 0;
    int limit = 50;
    static constexpr int MaxLimit = 500;
};
Core::Result<Page> page(const HttpRequest &request);
/// {"items": [...], "total", "offset", "limit", "next"}; `items` is this page only.
QJsonObject pageBody(const QJsonArray &items, qint64 total, const Page &page);
/// Slices `all` by `page`.
QJsonObject paginate(const QJsonArray &all, const Page &page);
/// A query parameter that must be an integer within limits.
Core::Result<std::optional<qint64>> queryInteger(const HttpRequest &request, const QString &key,
                                                 qint64 min, qint64 max);

QJsonObject summaryJson(const Core::DraftStore::Summary &summary);
QJsonObject trackJson(const Core::Track &track);
QJsonObject segmentJson(const Core::Draft &draft, const Core::Track &track,
                        const Core::Segment &segment);
QJsonObject draftJson(const QString &key, Core::DraftService &service);

// Registration of the route families (one file each).
void registerDraftRoutes(Router &router, const Context &context);
void registerTrackRoutes(Router &router, const Context &context);
void registerSegmentRoutes(Router &router, const Context &context);
void registerJobRoutes(Router &router, const Context &context);
void registerMediaRoutes(Router &router, const Context &context);
void registerCatalogRoutes(Router &router, const Context &context);
void registerSystemRoutes(Router &router, const Context &context);
/// Every family above; `context` must outlive the router.
void registerRoutes(Router &router, const Context &context);
/// The "capabilities" /api/v1/version lists for these services.
QStringList capabilities(const Context &context);

} // namespace V1
} // namespace CutPilot::Api
