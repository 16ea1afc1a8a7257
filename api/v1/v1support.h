#pragma once

#include "api/compat/compatapi.h"
#include "api/router.h"
#include "core/draft/draftmodel.h"
#include "core/draft/draftstore.h"
#include "core/support/buildinfo.h"

#include <QJsonArray>
#include <QJsonObject>

#include <optional>

class QThreadPool;

namespace CutPilot::Core {
class DraftService;
class JobService;
class MediaService;
class Settings;
namespace Editor {
class DraftExporter;
class ExportQueue;
struct ExportJob;
} // namespace Editor
} // namespace CutPilot::Core

namespace CutPilot::Api {

/// What /api/v1 needs beyond the services it shares with the CapCutAPI routes (CompatServices:
/// workspace, profile, drafts folder, path policy, catalogs). A null service makes its routes
/// answer 503 Unavailable.
/// The desktop editor and its export queue (app/EditorHost), when one is configured.
struct EditorServices
{
    /// Null: the export routes answer 503 with `unavailableReason`.
    Core::Editor::ExportQueue *queue = nullptr;
    /// GET /api/v1/editor's body; unset: "not-configured".
    std::function<QJsonObject()> status;
    /// Writes a draft into the editor's drafts folder and queues its export (the GUI uses the
    /// same object); null when there is no queue.
    Core::Editor::DraftExporter *exporter = nullptr;
    /// Why there is no queue ("no editor is configured", "unknown editor version" …).
    QString unavailableReason;
    /// Runs the doctor on the running editor (app/EditorHost::runDoctor); unset: no editor.
    std::function<void(std::function<void(const Core::Result<QJsonObject> &)>)> doctor;
};

struct V1Services
{
    Core::JobService *jobs = nullptr;
    Core::MediaService *media = nullptr;
    Core::Settings *settings = nullptr;
    EditorServices editor = {};
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
void registerExportRoutes(Router &router, const Context &context);
/// What POST /api/v1/drafts/{id}/export (and the compat /export_draft_to_video) asks for.
struct ExportDraftRequest
{
    QString draftId;
    std::optional<QString> resolution; ///< "720P" …
    std::optional<QString> fps;        ///< "25fps" …
    std::optional<QString> outputPath; ///< checked against the allowed folders
    int priority = 0;
};
/// Validates, writes the draft into the editor's drafts folder (on `pool`) and queues the export;
/// `done` gets the queued job or the error (on the API thread).
void queueDraftExport(const Context &context, const ExportDraftRequest &request,
                      std::function<void(const Core::Result<Core::Editor::ExportJob> &)> done);
/// The CutPilot extension of the compat routes (capcutapi-compat.md §10.2):
/// POST /export_draft_to_video, GET|POST /export_status (api/compat/compatexport.cpp).
void registerCompatExportRoutes(Router &router, const Context &context);
/// GET /api/v1/jobs/{id} for an export job (v1exports.cpp); nullopt when `id` is none.
std::optional<HttpResponse> exportJobAsJob(const Context &context, const QString &id);
/// Every family above; `context` must outlive the router.
void registerRoutes(Router &router, const Context &context);
/// The "capabilities" /api/v1/version lists for these services.
QStringList capabilities(const Context &context);

} // namespace V1
} // namespace CutPilot::Api
