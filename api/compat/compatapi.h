#pragma once

#include "api/router.h"
#include "compatparams.h"
#include "core/draft/draftmodel.h"
#include "core/support/pathpolicy.h"

#include <QDateTime>
#include <QHash>
#include <QJsonValue>

#include <functional>
#include <memory>
#include <variant>

namespace CutPilot::Core {
class CatalogRegistry;
class DraftCreator;
class DraftWorkspace;
class MediaService;
class Settings;
} // namespace CutPilot::Core

namespace CutPilot::Api {

class CompatContext;

/// What the CapCutAPI drop-in routes need from the rest of CutPilot; the composition root fills it.
/// The routes call the same DraftWorkspace/DraftService as the GUI (one service layer).
struct CompatServices
{
    Core::DraftWorkspace *workspace = nullptr;
    /// The draft profile for new drafts (the active editor: the editorProfile setting or what the
    /// user's draft store shows).
    std::function<QString()> profileId;
    /// The editor's draft store: where save_draft writes without `draft_folder`.
    std::function<QString()> draftsFolder;
    /// Which client-supplied paths are allowed (draft_folder, local media).
    std::function<Core::PathPolicy()> pathPolicy;
    /// The `draft_url` answered for a draft (§4.7).
    std::function<QString(const QString &draftId)> draftUrl;
    /// Effects, transitions, animations, fonts … by CapCutAPI name (§6); thread-safe lookups.
    std::shared_ptr<const Core::CatalogRegistry> catalogs;
    /// Group-committed creates for create_draft (throughput); null: create synchronously.
    Core::DraftCreator *creator = nullptr;
    /// Probes local media and downloads media URLs for add_video/add_audio/add_image (§4.6);
    /// null: those routes answer success:false "media service unavailable".
    Core::MediaService *media = nullptr;
    /// compat.namespace, compat.unknown_draft_id, compat.effect_params_order (§3, §4.1, §5.7);
    /// null: CapCutAPI's behaviour (auto, create, reversed).
    const Core::Settings *settings = nullptr;
};

/// CapCutAPI's HTTP routes at the same paths and with the same parameters and envelope
/// (spec/capcutapi-compat.md), answering honestly where CapCutAPI had bugs (FIX items).
/// This class holds the draft lifecycle routes (create, save, status, script, URL); the add_* and
/// catalog routes register through the same helpers.
class CompatApi final
{
public:
    explicit CompatApi(CompatServices services);
    ~CompatApi();

    void registerRoutes(Router &router);

    /// "dfd_cat_<unix seconds>_<8 hex>" (§4.2).
    static QString newDraftId();

    /// The result of a compat operation: the `output` value, or the error message after the
    /// route's "Error occurred while …: " prefix (empty prefix: the message is used as is, as for
    /// the required-parameter texts).
    struct Outcome
    {
        bool success = true;
        QJsonValue output;
        QString error;
        static Outcome ok(QJsonValue output) { return {true, std::move(output), {}}; }
        static Outcome fail(QString message) { return {false, {}, std::move(message)}; }
    };
    using Operation = std::function<Outcome(const CompatParams &)>;

    /// Registers a POST route whose body is decoded by the transport rules (§1: 400 envelope for a
    /// wrong Content-Type, invalid JSON or a non-object) and whose outcome becomes the envelope.
    static void addPost(Router &router, const QString &path, const QString &summary, Operation op);
    static void addGet(Router &router, const QString &path, const QString &summary,
                       std::function<Outcome()> op);
    /// Hands the outcome of an asynchronous operation to the client, once (later calls are
    /// ignored); may be called from the route or from a continuation on the API thread.
    using Reply = std::function<void(Outcome)>;
    using AsyncOperation = std::function<void(const CompatParams &, Reply)>;
    /// Like addPost (same transport rules and envelope), for operations that wait for media
    /// probes or downloads without blocking the API thread: the client gets its answer when the
    /// operation calls `reply` (the compat contract stays synchronous for the client).
    static void addAsyncPost(Router &router, const QString &path, const QString &summary,
                             AsyncOperation op);

private:
    /// The validated draft of a create_draft request, or the error message.
    std::variant<Core::Draft, QString> newDraft(const CompatParams &params) const;
    Outcome createDraft(const CompatParams &params);
    void createDraftAsync(HttpRequest request, HttpResponder responder);
    Outcome saveDraft(const CompatParams &params);
    Outcome queryDraftStatus(const CompatParams &params);
    Outcome queryScript(const CompatParams &params);
    Outcome generateDraftUrl(const CompatParams &params);

    CompatServices m_services;
    std::unique_ptr<CompatContext> m_context; ///< shared by the add_* route files
};

} // namespace CutPilot::Api
