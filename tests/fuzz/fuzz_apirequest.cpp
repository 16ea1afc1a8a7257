// Fuzz target for the API's request decoding on every route (issue 8): the first byte picks a route
// of the real route table (ApiServer's Router with the CapCutAPI and /api/v1 routes, on a
// DraftWorkspace over a temporary DraftStore), the second byte a few request details, the rest is
// the body. In-process, without sockets: the router's match() fills the path parameters and the
// route's own handler parses the body (CompatParams for the CapCutAPI routes, V1::jsonBody and
// V1::Fields for /api/v1). Asynchronous routes need a socket to answer on; for them the target runs
// the same decoding layer they start with. Any crash, sanitizer report or 5xx answer is a finding.
//
// Input: [route index] [flags] [body...]
//   flags bit 0: placeholders {id}/{trackId}/{segmentId} get the known draft's ids (else "x")
//   flags bit 1: Content-Type text/plain instead of application/json
//   flags bit 2: the body up to its first '\n' is the query string instead
//
// `fuzz_apirequest --write-seeds=DIR` writes one seed per route (tests/fuzz/corpus-apirequest).
#include "api/apiserver.h"
#include "api/compat/compatparams.h"
#include "api/v1/v1support.h"
#include "core/draft/catalog/catalogregistry.h"
#include "core/draft/draftstore.h"
#include "core/jobs/jobservice.h"
#include "core/jobs/jobstore.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "core/support/log.h"
#include "core/support/settings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <tuple>

using namespace CutPilot;
using namespace Qt::StringLiterals;

namespace {

const QString KnownDraft = u"fuzzdraft"_s;
/// Routes of the table may create drafts (unknown draft ids are created, §4.1): start afresh now
/// and then so that runs stay fast and independent of what came many inputs before.
constexpr int RunsPerEnvironment = 500;

struct Environment
{
    QTemporaryDir dir;
    std::unique_ptr<Core::Settings> settings;
    std::unique_ptr<Core::DraftStore> store;
    std::unique_ptr<Core::DraftWorkspace> workspace;
    std::unique_ptr<Core::JobStore> jobStore;
    std::unique_ptr<Core::JobService> jobs;
    std::shared_ptr<Core::CatalogRegistry> catalogs;
    std::unique_ptr<Api::ApiServer> server;
    QString trackId = u"x"_s;
    QString segmentId = u"x"_s;
    QList<const Api::Router::Route *> routes; ///< sorted by method and pattern
    int runs = 0;

    ~Environment()
    {
        server.reset();
        jobs.reset();
        jobStore.reset();
        workspace.reset();
        store.reset();
        settings.reset();
    }
};

[[noreturn]] void die(const char *what)
{
    std::fprintf(stderr, "fuzz_apirequest: %s\n", what);
    std::abort();
}

std::unique_ptr<Environment> makeEnvironment()
{
    auto env = std::make_unique<Environment>();
    if (!env->dir.isValid())
        die("no temporary folder");
    const QString data = env->dir.filePath(u"data"_s);
    const QString editorStore = env->dir.filePath(u"editor-store"_s);
    QDir().mkpath(editorStore);
    env->settings = std::make_unique<Core::Settings>(
        Core::Settings::Options{Core::Settings::defaultFilePath(data), data});
    env->store = std::make_unique<Core::DraftStore>(data + u"/drafts"_s);
    if (!env->store->open())
        die("the draft store did not open");
    env->workspace = std::make_unique<Core::DraftWorkspace>(*env->store);
    env->jobStore = std::make_unique<Core::JobStore>(data + u"/jobs.sqlite"_s);
    if (!env->jobStore->open())
        die("the job store did not open");
    env->jobs = std::make_unique<Core::JobService>(*env->jobStore);
    env->catalogs = std::make_shared<Core::CatalogRegistry>();
    if (!env->catalogs->loadFile(
            QStringLiteral(CUTPILOT_SOURCE_DIR "/tests/catalog/corpus/cutpilot.json")))
        die("the catalog did not load");

    Api::CompatServices compat;
    compat.workspace = env->workspace.get();
    compat.profileId = [] {
        return u"jy5-win"_s;
    };
    compat.draftsFolder = [editorStore] {
        return editorStore;
    };
    compat.pathPolicy = [root = env->dir.path()] {
        return Core::PathPolicy({root});
    };
    compat.draftUrl = [](const QString &id) -> QString {
        return u"http://127.0.0.1/api/v1/drafts/"_s + id;
    };
    compat.catalogs = env->catalogs;
    compat.settings = env->settings.get();
    Api::ApiServer::Dependencies deps{Core::BuildInfo::current(), {}, compat};
    deps.v1.jobs = env->jobs.get();
    deps.v1.settings = env->settings.get();
    env->server = std::make_unique<Api::ApiServer>(std::move(deps)); // routes only, never started

    // The known draft, with one text track and one segment for the {trackId}/{segmentId} routes.
    Core::Draft draft;
    draft.width = 1080;
    draft.height = 1920;
    draft.fps = 30.0;
    draft.name = KnownDraft;
    if (!env->workspace->create(std::move(draft), u"jy5-win"_s, KnownDraft))
        die("the known draft was not created");
    Core::Result<Core::DraftService *> service = env->workspace->open(KnownDraft);
    if (!service)
        die("the known draft did not open");
    Core::Result<QString> track = (*service)->addTrack(Core::TrackType::Text, u"text"_s);
    if (!track)
        die("no text track");
    env->trackId = *track;
    Core::Result<QString> segment
        = (*service)->addTextSegment(*track, u"hello"_s, Core::TimeRange{0, 1'000'000});
    if (!segment)
        die("no text segment");
    env->segmentId = *segment;

    for (const Api::Router::Route &route : env->server->router().routes())
        env->routes.append(&route);
    std::sort(env->routes.begin(), env->routes.end(), [](const auto *a, const auto *b) {
        return std::tie(a->method, a->pattern) < std::tie(b->method, b->pattern);
    });
    if (env->routes.isEmpty())
        die("no routes");
    return env;
}

std::unique_ptr<Environment> &environment()
{
    static std::unique_ptr<Environment> env;
    return env;
}

QString pathFor(const Environment &env, const Api::Router::Route &route, bool knownIds)
{
    QStringList segments = route.pattern.split(u'/');
    for (QString &segment : segments) {
        if (!segment.startsWith(u'{'))
            continue;
        if (!knownIds)
            segment = u"x"_s;
        else if (segment == u"{trackId}")
            segment = env.trackId;
        else if (segment == u"{segmentId}")
            segment = env.segmentId;
        else
            segment = KnownDraft;
    }
    return segments.join(u'/');
}

void runRequest(Environment &env, const uint8_t *data, size_t size)
{
    const Api::Router::Route &route = *env.routes.at(qsizetype(data[0] % env.routes.size()));
    const uint8_t flags = size > 1 ? data[1] : 0;
    QByteArray body
        = size > 2 ? QByteArray(reinterpret_cast<const char *>(data) + 2, qsizetype(size - 2))
                   : QByteArray();
    Api::HttpRequest request;
    request.id = quint64(env.runs);
    request.method = route.method;
    request.path = pathFor(env, route, (flags & 1) != 0);
    request.remoteAddress = QHostAddress::LocalHost;
    request.headers.append(
        {"Content-Type", (flags & 2) ? QByteArray("text/plain") : QByteArray("application/json")});
    if (flags & 4) {
        const qsizetype newline = body.indexOf('\n');
        request.query.setQuery(QString::fromUtf8(body.left(newline < 0 ? body.size() : newline)));
        body = newline < 0 ? QByteArray() : body.mid(newline + 1);
    }
    request.body = body;
    if (env.server->router().match(request.method, request.path, &request.pathParameters) != &route)
        die("the route table does not match its own pattern");

    if (route.asyncHandler) {
        // Answered through a socket; run the decoding these routes start with.
        if (route.style == Api::Router::ErrorStyle::Compat) {
            if (Core::Result<QJsonObject> decoded = Api::CompatParams::decode(request)) {
                const Api::CompatParams params(*decoded);
                for (const QString &key : decoded->keys()) {
                    (void)params.isMissing(key);
                    (void)params.string(key);
                    (void)params.number(key, 0);
                    (void)params.integer(key, 0);
                    (void)params.boolean(key, false);
                    (void)params.id(key);
                }
            }
        } else if (Core::Result<QJsonObject> decoded = Api::V1::jsonBody(request)) {
            Api::V1::Fields fields(*decoded);
            for (const QString &key : decoded->keys()) {
                (void)fields.integer(key, -1000, 1000);
                (void)fields.number(key, -1e9, 1e9);
                (void)fields.string(key, 100);
                (void)fields.boolean(key);
                (void)fields.object(key);
            }
        }
        return;
    }
    const Api::HttpResponse response = route.handler(request);
    // A request the route cannot serve is the client's error (4xx) or an honest 503 for a service
    // this environment does not have; 500 means the route failed on its input.
    if (response.status >= 500 && response.status != 503) {
        std::fprintf(stderr, "%s %s -> %d %s\n", route.method.constData(), qPrintable(request.path),
                     response.status, response.body.constData());
        die("a route answered 5xx");
    }
}

/// One seed per route: a plausible body for it, so that mutations start past the first checks.
QByteArray seedBody(const Api::Router::Route &route)
{
    const QString name = route.name;
    if (route.method == "GET" || route.method == "DELETE")
        return {};
    if (name == u"create_draft")
        return R"({"width":1080,"height":1920,"fps":30,"name":"seed"})";
    if (name == u"add_text")
        return R"({"draft_id":"fuzzdraft","text":"hi","start":0,"end":1.5,"track_name":"text"})";
    if (name == u"add_subtitle")
        return R"({"draft_id":"fuzzdraft","srt":"1\n00:00:00,000 --> 00:00:01,000\nhi\n"})";
    if (name == u"add_effect")
        return R"({"draft_id":"fuzzdraft","effect_type":"Blur","start":0,"end":1})";
    if (name == u"add_sticker")
        return R"({"draft_id":"fuzzdraft","sticker_id":"7110","start":0,"end":1})";
    if (name.startsWith(u"add_video") || name.startsWith(u"add_audio")
        || name.startsWith(u"add_image"))
        return R"({"draft_id":"fuzzdraft","video_url":"/nonexistent.mp4","start":0,"end":1})";
    if (route.style == Api::Router::ErrorStyle::Compat)
        return R"({"draft_id":"fuzzdraft","task_id":"fuzzdraft"})";
    if (route.pattern.endsWith(u"/tracks"))
        return R"({"type":"text","name":"t2"})";
    if (route.pattern.endsWith(u"/segments"))
        return R"({"type":"text","text":"hi","start":0,"duration":1000000})";
    if (route.pattern.contains(u"{segmentId}"))
        return R"({"start":0,"duration":500000})";
    if (route.pattern == u"/api/v1/settings")
        return R"({"compat.namespace":"auto"})";
    if (route.pattern == u"/api/v1/drafts")
        return R"({"name":"seed","width":1920,"height":1080,"fps":30})";
    return "{}";
}

void writeSeeds(const QString &folder)
{
    Environment &env = *environment();
    QDir().mkpath(folder);
    for (qsizetype i = 0; i < env.routes.size(); ++i) {
        const Api::Router::Route &route = *env.routes.at(i);
        QString fileName = QString::fromLatin1(route.method).toLower() + route.pattern;
        fileName.replace(u'/', u'_').remove(u'{').remove(u'}');
        QFile file(folder + u'/' + fileName);
        if (!file.open(QIODevice::WriteOnly))
            die("cannot write a seed");
        file.write(QByteArray(1, char(i)) + QByteArray(1, char(1)) + seedBody(route));
    }
    std::printf("%lld seeds written to %s\n", static_cast<long long>(env.routes.size()),
                qPrintable(folder));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    qputenv("CUTPILOT_LOG_LEVEL", "off");
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static QCoreApplication app(*argc, *argv);
    spdlog::set_level(spdlog::level::off); // a log line per input would cost more than the input
    for (std::string_view module : Core::Log::Modules)
        Core::Log::get(module)->set_level(spdlog::level::off);
    environment() = makeEnvironment();
    for (int i = 1; i < *argc; ++i) {
        if (std::strncmp((*argv)[i], "--write-seeds=", 14) == 0) {
            writeSeeds(QString::fromLocal8Bit((*argv)[i] + 14));
            environment().reset();
            std::exit(0);
        }
    }
    std::atexit([] { environment().reset(); }); // before QCoreApplication and the statics
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    std::unique_ptr<Environment> &env = environment();
    // Afresh now and then, and when an input deleted the known draft.
    if (++env->runs > RunsPerEnvironment || !env->store->contains(KnownDraft))
        env = makeEnvironment();
    runRequest(*env, data, size);
    // Edits are written behind (DraftWorkspace): write this input's now, so every fuzzed draft is
    // serialized and stored, as the old synchronous save did.
    env->workspace->flush();
    return 0;
}
