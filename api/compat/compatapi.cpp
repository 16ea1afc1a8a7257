#include "compatapi.h"

#include "compatcontext.h"
#include "compatroutes.h"
#include "core/draft/draftfolderwriter.h"
#include "core/draft/draftprofile.h"
#include "core/draft/draftserializer.h"
#include "core/draft/draftstore.h"
#include "core/services/draftcreator.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "core/support/jsonwriter.h"
#include "core/support/log.h"

#include <QDir>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <atomic>
#include <cstdio>

namespace CutPilot::Api {

using namespace Qt::StringLiterals;
using Core::Result;

namespace {

/// CapCutAPI's "missing draft_id" text for save/query/script/url routes (§5.10, KEEP).
const QString MissingDraftId
    = u"Hi, the required parameter 'draft_id' is missing. Please add it and try again."_s;

QString withPrefix(const QString &prefix, const Core::Error &error)
{
    return prefix + error.message();
}

} // namespace

CompatApi::CompatApi(CompatServices services)
    : m_services(std::move(services))
    , m_context(std::make_unique<CompatContext>(m_services))
{
}

CompatApi::~CompatApi() = default;

QString CompatApi::newDraftId()
{
    // The 8 hex digits count up from a random start instead of being drawn anew for each id:
    // random 32-bit suffixes collide within one second at the rates scripts create drafts (about
    // 1 in 60 seconds at 12 000 a second), and ids in key order make a burst of creates append
    // to the store's key index instead of dirtying one page per draft.
    static std::atomic<quint32> next{QRandomGenerator::system()->generate()};
    const quint32 suffix = next.fetch_add(1, std::memory_order_relaxed);
    // Formatted by hand: two QString::arg() calls cost about 3 % of the API thread's time under a
    // burst of creates.
    char text[48];
    const int length
        = std::snprintf(text, sizeof text, "dfd_cat_%lld_%08x",
                        static_cast<long long>(QDateTime::currentSecsSinceEpoch()), suffix);
    return QString::fromLatin1(text, length);
}

void CompatApi::addPost(Router &router, const QString &path, const QString &summary, Operation op)
{
    router.add(
        "POST", path, path.mid(1), summary,
        [op = std::move(op)](const HttpRequest &request) {
            Result<QJsonObject> body = CompatParams::decode(request);
            if (!body)
                return HttpResponse::envelope(false, {}, body.error().message(), 400);
            const Outcome outcome = op(CompatParams(std::move(*body)));
            return HttpResponse::envelope(outcome.success, outcome.output, outcome.error);
        },
        Access::Compat, Router::ErrorStyle::Compat);
}

void CompatApi::addAsyncPost(Router &router, const QString &path, const QString &summary,
                             AsyncOperation op)
{
    router.addAsync(
        "POST", path, path.mid(1), summary,
        [op = std::move(op)](HttpRequest request, HttpResponder responder) {
            Result<QJsonObject> body = CompatParams::decode(request);
            if (!body) {
                responder.send(HttpResponse::envelope(false, {}, body.error().message(), 400));
                return;
            }
            auto shared = std::make_shared<HttpResponder>(std::move(responder));
            op(CompatParams(std::move(*body)), [shared](const Outcome &outcome) {
                if (!shared->isSent())
                    shared->send(
                        HttpResponse::envelope(outcome.success, outcome.output, outcome.error));
            });
        },
        Access::Compat, Router::ErrorStyle::Compat);
}

void CompatApi::addGet(Router &router, const QString &path, const QString &summary,
                       std::function<Outcome()> op)
{
    router.add(
        "GET", path, path.mid(1), summary,
        [op = std::move(op)](const HttpRequest &) {
            const Outcome outcome = op();
            return HttpResponse::envelope(outcome.success, outcome.output, outcome.error);
        },
        Access::Compat, Router::ErrorStyle::Compat);
}

void CompatApi::registerRoutes(Router &router)
{
    const QString createSummary
        = u"CapCutAPI: create an empty draft (seconds in, 1080x1920 by default)."_s;
    if (m_services.creator) {
        // Group commit (DraftCreator): answered once the draft is durable, off this thread.
        router.addAsync(
            "POST", u"/create_draft"_s, u"create_draft"_s, createSummary,
            [this](HttpRequest request, HttpResponder responder) {
                createDraftAsync(std::move(request), std::move(responder));
            },
            Access::Compat, Router::ErrorStyle::Compat);
    } else {
        addPost(router, u"/create_draft"_s, createSummary,
                [this](const CompatParams &p) { return createDraft(p); });
    }
    addPost(router, u"/save_draft"_s,
            u"CapCutAPI: write the draft folder into the editor's draft store."_s,
            [this](const CompatParams &p) { return saveDraft(p); });
    addPost(router, u"/query_draft_status"_s,
            u"CapCutAPI: the last save's record (task id = draft id)."_s,
            [this](const CompatParams &p) { return queryDraftStatus(p); });
    addPost(router, u"/query_script"_s,
            u"CapCutAPI: the content document as it would be written."_s,
            [this](const CompatParams &p) { return queryScript(p); });
    addPost(router, u"/generate_draft_url"_s, u"CapCutAPI: the draft's URL."_s,
            [this](const CompatParams &p) { return generateDraftUrl(p); });
    // Route families in their own files (compatroutes.h), one line each:
    registerCatalogRoutes(router, *m_context);
    registerTextRoutes(router, *m_context);
    registerMediaRoutes(router, *m_context);
    registerKeyframeRoutes(router, *m_context);
}

std::variant<Core::Draft, QString> CompatApi::newDraft(const CompatParams &p) const
{
    const QString prefix = u"Error occurred while creating draft: "_s;
    Result<qint64> width = p.integer(u"width"_s, 1080);
    Result<qint64> height = p.integer(u"height"_s, 1920);
    Result<double> fps = p.number(u"fps"_s, 30.0);
    Result<QString> name = p.string(u"name"_s);
    for (const Core::Error *e :
         {width ? nullptr : &width.error(), height ? nullptr : &height.error(),
          fps ? nullptr : &fps.error(), name ? nullptr : &name.error()}) {
        if (e)
            return withPrefix(prefix, *e);
    }
    if (*width < 16 || *width > 8192)
        return withPrefix(prefix, Core::Error::outOfRange(u"width"_s, *width, 16, 8192));
    if (*height < 16 || *height > 8192)
        return withPrefix(prefix, Core::Error::outOfRange(u"height"_s, *height, 16, 8192));
    if (*fps < 1 || *fps > 120)
        return prefix + u"fps must be between 1 and 120, got %1"_s.arg(*fps);
    Core::Draft draft;
    draft.width = int(*width);
    draft.height = int(*height);
    draft.fps = *fps;
    draft.name = *name; // empty: the id, set by the caller (the folder name on save, §4.2)
    return draft;
}

CompatApi::Outcome CompatApi::createDraft(const CompatParams &p)
{
    std::variant<Core::Draft, QString> made = newDraft(p);
    if (const QString *error = std::get_if<QString>(&made))
        return Outcome::fail(*error);
    Core::Draft draft = std::get<Core::Draft>(std::move(made));
    const QString id = newDraftId();
    if (draft.name.isEmpty())
        draft.name = id;
    Result<QString> created
        = m_services.workspace->store().create(std::move(draft), m_services.profileId(), id);
    if (!created)
        return Outcome::fail(u"Error occurred while creating draft: "_s
                             + created.error().message());
    return Outcome::ok(QJsonObject{{u"draft_id"_s, id}, {u"draft_url"_s, m_services.draftUrl(id)}});
}

void CompatApi::createDraftAsync(HttpRequest request, HttpResponder responder)
{
    Result<QJsonObject> body = CompatParams::decode(request);
    if (!body) {
        responder.send(HttpResponse::envelope(false, {}, body.error().message(), 400));
        return;
    }
    std::variant<Core::Draft, QString> made = newDraft(CompatParams(std::move(*body)));
    if (const QString *error = std::get_if<QString>(&made)) {
        responder.send(HttpResponse::envelope(false, {}, *error));
        return;
    }
    Core::Draft draft = std::get<Core::Draft>(std::move(made));
    const QString id = newDraftId();
    if (draft.name.isEmpty())
        draft.name = id;
    // Answered once the draft is committed (group commit with the other creates in flight).
    auto shared = std::make_shared<HttpResponder>(std::move(responder));
    // The creator outlives this API and answers what is in flight when CutPilot shuts down: the
    // guard (which goes with this object) drops those answers instead of calling into a deleted
    // CompatApi.
    m_services.creator->create(
        std::move(draft), m_services.profileId(), id, m_context->guard(),
        [this, shared, id](Result<QString> created) {
            if (!created) {
                shared->send(HttpResponse::envelope(false, {},
                                                    u"Error occurred while creating draft: "_s
                                                        + created.error().message()));
                return;
            }
            // Written directly (the bytes QJsonObject's sorted keys gave): this answer is the
            // hot path of a burst of creates.
            Core::JsonWriter output(64 + 2 * id.size());
            output.beginObject();
            output.key(u"draft_id");
            output.string(id);
            output.key(u"draft_url");
            output.string(m_services.draftUrl(id));
            output.endObject();
            shared->send(HttpResponse::successEnvelope(output.view()));
        });
}

CompatApi::Outcome CompatApi::saveDraft(const CompatParams &p)
{
    const QString prefix = u"Error occurred while saving draft: "_s;
    if (p.isMissing(u"draft_id"_s))
        return Outcome::fail(MissingDraftId);
    Result<QString> id = p.string(u"draft_id"_s);
    Result<QString> folderParam = p.string(u"draft_folder"_s);
    if (!id || !folderParam)
        return Outcome::fail(withPrefix(prefix, id ? folderParam.error() : id.error()));
    Core::DraftStore &store = m_services.workspace->store();
    if (!store.contains(*id))
        return Outcome::fail(u"Draft %1 does not exist"_s.arg(*id));

    QString folder = m_services.draftsFolder();
    if (!folderParam->isEmpty()) {
        Result<QString> allowed = m_services.pathPolicy().check(*folderParam, u"draft_folder"_s);
        if (!allowed)
            return Outcome::fail(withPrefix(prefix, allowed.error()));
        folder = *allowed;
    }
    Result<Core::Draft> draft = m_services.workspace->current(*id); // with unsaved changes
    Result<QString> profileId = store.profileOf(*id);
    Result<Core::DraftProfile> profile = profileId ? Core::DraftProfile::builtIn(*profileId)
                                                   : Result<Core::DraftProfile>(profileId.error());
    Result<Core::DraftFolderWriter::Written> written
        = Core::Error(Core::ErrorCode::Internal, u"not written"_s);
    if (draft && profile) {
        Core::DraftFolderWriter::Options options;
        options.storePath = folder;
        written = Core::DraftFolderWriter(*profile).write(*draft, options);
    }
    const Core::Error *error = !draft     ? &draft.error()
                               : !profile ? &profile.error()
                               : !written ? &written.error()
                                          : nullptr;
    // The task record query_draft_status reads (§5.11), kept with the draft: it survives a
    // restart. Saves are synchronous, so it holds the final state.
    Core::DraftStore::SaveRecord record;
    record.state = error ? Core::DraftStore::SaveRecord::State::Failed
                         : Core::DraftStore::SaveRecord::State::Saved;
    record.folder = folder;
    record.message = error ? u"Failed to save draft: %1"_s.arg(error->message())
                           : u"Draft creation completed"_s;
    if (Result<> recorded = store.recordSave(*id, record); !recorded)
        Core::Log::get(Core::Log::Api)
            ->warn("save_draft {}: the task record was not stored: {}", id->toStdString(),
                   recorded.error().message().toStdString());
    if (error) {
        Core::Log::get(Core::Log::Api)
            ->warn("save_draft {}: {}", id->toStdString(), error->message().toStdString());
        return Outcome::fail(withPrefix(prefix, *error));
    }
    // KEEP: the nested {success, draft_url} output; no cloud upload, so the URL is "".
    return Outcome::ok(QJsonObject{{u"success"_s, true}, {u"draft_url"_s, QString()}});
}

CompatApi::Outcome CompatApi::queryDraftStatus(const CompatParams &p)
{
    // EXT: draft_id is accepted as an alias of task_id (a third-party client sends it).
    const QString key = p.isMissing(u"task_id"_s) ? u"draft_id"_s : u"task_id"_s;
    if (p.isMissing(key))
        return Outcome::fail(
            u"Hi, the required parameter 'task_id' is missing. Please add it and try again."_s);
    Result<QString> id = p.string(key);
    if (!id)
        return Outcome::fail(id.error().message());
    Result<std::optional<Core::DraftStore::SaveRecord>> record
        = Core::DraftStore::isValidKey(*id) ? m_services.workspace->store().lastSave(*id)
                                            : std::optional<Core::DraftStore::SaveRecord>();
    if (!record)
        return Outcome::fail(record.error().message());
    if (!*record)
        return Outcome::fail(
            u"Task with ID %1 not found. Please check if the task ID is correct."_s.arg(*id));
    // Compat saves are synchronous; a save through /api/v1 is reported while it runs (§5.11).
    using State = Core::DraftStore::SaveRecord::State;
    const Core::DraftStore::SaveRecord &last = **record;
    const QString status = last.state == State::Saved    ? u"completed"_s
                           : last.state == State::Saving ? u"processing"_s
                                                         : u"failed"_s;
    // KEEP: the output's fields; no media is downloaded at save time (add_* already fetched it),
    // so completed_files/total_files are 0 (§5.11: 0/0 when there were none); no cloud URL.
    return Outcome::ok(QJsonObject{{u"status"_s, status},
                                   {u"message"_s, last.message},
                                   {u"progress"_s, last.state == State::Saved ? 100 : 0},
                                   {u"completed_files"_s, 0},
                                   {u"total_files"_s, 0},
                                   {u"draft_url"_s, QString()}});
}

CompatApi::Outcome CompatApi::queryScript(const CompatParams &p)
{
    const QString prefix = u"Error occurred while querying script: "_s;
    if (p.isMissing(u"draft_id"_s))
        return Outcome::fail(MissingDraftId);
    Result<QString> id = p.string(u"draft_id"_s);
    if (!id)
        return Outcome::fail(withPrefix(prefix, id.error()));
    Core::DraftStore &store = m_services.workspace->store();
    if (!store.contains(*id))
        return Outcome::fail(u"Draft %1 does not exist in cache."_s.arg(*id));
    Result<Core::Draft> draft = m_services.workspace->current(*id); // with unsaved changes
    Result<QString> profileId = store.profileOf(*id);
    if (!draft || !profileId)
        return Outcome::fail(withPrefix(prefix, !draft ? draft.error() : profileId.error()));
    Result<Core::DraftProfile> profile = Core::DraftProfile::builtIn(*profileId);
    if (!profile)
        return Outcome::fail(withPrefix(prefix, profile.error()));
    // KEEP: a string holding the content document (CapCutAPI: indented with 4 spaces; any JSON
    // text parses the same).
    const QJsonObject document = Core::DraftSerializer(*profile).contentDocument(*draft);
    return Outcome::ok(QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented)));
}

CompatApi::Outcome CompatApi::generateDraftUrl(const CompatParams &p)
{
    if (p.isMissing(u"draft_id"_s))
        return Outcome::fail(MissingDraftId);
    Result<QString> id = p.string(u"draft_id"_s);
    if (!id)
        return Outcome::fail(id.error().message());
    if (!m_services.workspace->store().contains(*id))
        return Outcome::fail(u"Draft %1 does not exist"_s.arg(*id));
    return Outcome::ok(QJsonObject{{u"draft_url"_s, m_services.draftUrl(*id)}});
}

} // namespace CutPilot::Api
