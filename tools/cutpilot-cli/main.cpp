// cutpilot-cli: CutPilot's draft engine for scripts.
//
//   cutpilot-cli build PLAN.json --store DIR [--force] [--no-stage]
//   cutpilot-cli lint DRAFT_FOLDER [--profile ID]
//   cutpilot-cli summary DRAFT_FOLDER [--json]
//   cutpilot-cli catalogs FILE_OR_FOLDER... [--kind KIND] [--namespace lv|cc] [--search TEXT]
//   [--json]
//   cutpilot-cli probe FILE...      one JSON object per line and file: the media facts or the error
//
// Exit codes: 0 ok, 1 the draft/plan has errors, 2 bad command line, 3 a file cannot be read or
// written (missing, damaged, encrypted).
#include "core/editor/doctor.h"
#if defined(CUTPILOT_HAVE_ATSPI)
#include "automation/atspibackend.h"
#elif defined(CUTPILOT_HAVE_UIA)
#include "automation/uiabackend.h"
#endif
#include "core/draft/catalog/catalogregistry.h"
#include "core/draft/draftfolderwriter.h"
#include "core/draft/draftparser.h"
#include "core/draft/draftvalidator.h"
#include "core/media/mediaprobe.h"
#include "core/services/draftplan.h"
#include "core/support/buildinfo.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentMap>

#include <cstdio>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

enum Exit {
    Ok = 0,
    Invalid = 1,
    Usage = 2,
    Io = 3
};

void out(const QString &text)
{
    std::fputs(qPrintable(text + u'\n'), stdout);
}

int fail(const Error &error)
{
    std::fprintf(stderr, "cutpilot-cli: %s\n", qPrintable(error.message()));
    switch (error.category()) {
    case ErrorCategory::Storage:
    case ErrorCategory::Media:
        return Io;
    case ErrorCategory::Resource:
        return error.code() == ErrorCode::NotFound ? Io : Invalid;
    default:
        return Invalid;
    }
}

int usage(const QString &message)
{
    std::fprintf(stderr, "cutpilot-cli: %s\nTry 'cutpilot-cli --help'.\n", qPrintable(message));
    return Usage;
}

Result<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return Error(ErrorCode::NotFound, u"%1 does not exist"_s.arg(path));
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::IoError, u"cannot read %1: %2"_s.arg(path, file.errorString()));
    return file.readAll();
}

/// The primary content file of a draft folder (Windows or macOS naming).
Result<ParsedDraft> readDraftFolder(const QString &folder)
{
    for (const QString &name : {u"draft_content.json"_s, u"draft_info.json"_s}) {
        const QString path = QDir(folder).filePath(name);
        if (QFileInfo::exists(path)) {
            Result<QByteArray> bytes = readFile(path);
            if (!bytes)
                return bytes.error();
            Result<ParsedDraft> parsed = DraftParser::parseBytes(*bytes, path);
            if (parsed)
                parsed->draft.name = QFileInfo(folder).fileName();
            return parsed;
        }
    }
    return Error(ErrorCode::NotFound,
                 u"%1 holds no draft_content.json or draft_info.json"_s.arg(folder));
}

int build(const QStringList &args, const QCommandLineParser &parser)
{
    if (args.size() != 1)
        return usage(u"build takes one PLAN.json"_s);
    if (!parser.isSet(u"store"_s))
        return usage(u"build needs --store DIR (the editor's draft folder)"_s);
    Result<QByteArray> bytes = readFile(args.first());
    if (!bytes)
        return fail(bytes.error());
    QJsonParseError parseError;
    const QJsonDocument plan = QJsonDocument::fromJson(*bytes, &parseError);
    if (!plan.isObject())
        return fail(Error(ErrorCode::InvalidJson,
                          u"%1: %2 at byte %3"_s.arg(args.first(), parseError.errorString())
                              .arg(parseError.offset)));
    Result<DraftPlan> built
        = buildDraftFromPlan(plan.object(), QFileInfo(args.first()).absolutePath());
    if (!built)
        return fail(built.error().withContext(args.first()));
    DraftFolderWriter::Options options;
    options.storePath = QDir(parser.value(u"store"_s)).absolutePath();
    options.force = parser.isSet(u"force"_s);
    options.stageMedia = !parser.isSet(u"no-stage"_s);
    Result<DraftFolderWriter::Written> written
        = DraftFolderWriter(*DraftProfile::builtIn(built->profile)).write(built->draft, options);
    if (!written)
        return fail(written.error());
    out(written->folder);
    return Ok;
}

int lint(const QStringList &args, const QCommandLineParser &parser)
{
    if (args.size() != 1)
        return usage(u"lint takes one DRAFT_FOLDER"_s);
    Result<ParsedDraft> parsed = readDraftFolder(args.first());
    if (!parsed)
        return fail(parsed.error());
    Result<DraftProfile> profile = DraftProfile::builtIn(parser.value(u"profile"_s));
    if (!profile)
        return fail(profile.error());
    int errors = 0;
    for (const QString &warning : std::as_const(parsed->warnings))
        out(u"warning: "_s + warning);
    for (const DraftIssue &issue : lintDraft(parsed->draft, *profile)) {
        const bool error = issue.severity == DraftIssue::Severity::Error;
        errors += error ? 1 : 0;
        out((error ? u"error: "_s : u"warning: "_s) + issue.error.message());
    }
    out(u"%1 error(s)"_s.arg(errors));
    return errors == 0 ? Ok : Invalid;
}

int summary(const QStringList &args, const QCommandLineParser &parser)
{
    if (args.size() != 1)
        return usage(u"summary takes one DRAFT_FOLDER"_s);
    Result<ParsedDraft> parsed = readDraftFolder(args.first());
    if (!parsed)
        return fail(parsed.error());
    const Draft &d = parsed->draft;
    QJsonArray tracks;
    for (const Track &t : d.tracks)
        tracks.append(QJsonObject{{u"id"_s, t.id},
                                  {u"type"_s, trackTypeName(t.type)},
                                  {u"name"_s, t.name},
                                  {u"segments"_s, t.segments.size()}});
    QJsonArray media;
    for (const MediaMaterial &m : d.media)
        media.append(QJsonObject{
            {u"name"_s, m.name}, {u"path"_s, m.path}, {u"duration_us"_s, m.durationUs}});
    const QJsonObject json{{u"name"_s, d.name},   {u"id"_s, d.id},
                           {u"width"_s, d.width}, {u"height"_s, d.height},
                           {u"fps"_s, d.fps},     {u"duration_us"_s, d.duration()},
                           {u"tracks"_s, tracks}, {u"media"_s, media}};
    if (parser.isSet(u"json"_s)) {
        out(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
        return Ok;
    }
    out(u"%1: %2×%3 @ %4 fps, %5 s, %6 track(s), %7 media file(s)"_s.arg(d.name)
            .arg(d.width)
            .arg(d.height)
            .arg(d.fps)
            .arg(double(d.duration()) / 1e6, 0, 'f', 3)
            .arg(d.tracks.size())
            .arg(d.media.size()));
    for (const Track &t : d.tracks)
        out(u"  %1 track '%2': %3 segment(s)"_s.arg(trackTypeName(t.type), t.name)
                .arg(t.segments.size()));
    return Ok;
}

int catalogs(const QStringList &args, const QCommandLineParser &parser)
{
    if (args.isEmpty())
        return usage(u"catalogs takes one or more catalog files or folders"_s);
    CatalogRegistry registry;
    for (const QString &arg : args) {
        Result<int> loaded
            = QFileInfo(arg).isDir() ? registry.loadFolder(arg) : registry.loadFile(arg);
        if (!loaded)
            return fail(loaded.error());
    }
    for (const QString &warning : registry.warnings())
        std::fprintf(stderr, "warning: %s\n", qPrintable(warning));
    const auto ns = catalogNamespaceFromName(parser.value(u"namespace"_s));
    if (!ns)
        return usage(u"--namespace must be lv or cc"_s);
    QList<CatalogKind> kinds = allCatalogKinds();
    if (parser.isSet(u"kind"_s)) {
        const auto kind = catalogKindFromName(parser.value(u"kind"_s));
        if (!kind)
            return usage(u"unknown --kind '%1'"_s.arg(parser.value(u"kind"_s)));
        kinds = {*kind};
    }
    QJsonArray all;
    for (CatalogKind kind : std::as_const(kinds)) {
        const QList<CatalogEntry> entries
            = parser.isSet(u"search"_s) ? registry.search(kind, *ns, parser.value(u"search"_s))
                                        : registry.list(kind, *ns);
        for (const CatalogEntry &e : entries) {
            if (parser.isSet(u"json"_s))
                all.append(e.toJson(*ns));
            else
                out(u"%1\t%2\t%3%4"_s.arg(catalogKindName(kind), e.name, e.resourceId,
                                          e.vip ? u"\tVIP"_s : QString()));
        }
    }
    if (parser.isSet(u"json"_s))
        out(QString::fromUtf8(QJsonDocument(all).toJson(QJsonDocument::Compact)));
    return Ok;
}

/// Probes every file in parallel (in-process libavformat) and prints one compact JSON object per
/// line, in argument order: MediaInfo::toJson() or {"path", "error": {code, name, message}}.
int probe(const QStringList &args)
{
    if (args.isEmpty())
        return usage(u"probe takes one or more media files"_s);
    const QList<QJsonObject> results
        = QtConcurrent::blockingMapped(args, [](const QString &path) -> QJsonObject {
              Result<MediaInfo> info = probeMedia(path);
              if (info)
                  return info->toJson();
              return QJsonObject{{u"path"_s, QFileInfo(path).absoluteFilePath()},
                                 {u"error"_s, info.error().toJson()}};
          });
    int failed = 0;
    QByteArray text;
    for (const QJsonObject &json : results) {
        failed += json.contains(u"error"_s) ? 1 : 0;
        text += QJsonDocument(json).toJson(QJsonDocument::Compact) + '\n';
    }
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    if (failed > 0) {
        std::fprintf(stderr, "cutpilot-cli: %d of %d files could not be probed\n", failed,
                     int(args.size()));
        return Io;
    }
    return Ok;
}

int doctor(const QCommandLineParser &parser)
{
    // editor-automation.md §10.6: which profile applies and what the accessibility tree shows.
    Result<Editor::AutomationProfiles> profiles = Editor::AutomationProfiles::builtIn();
    if (!profiles)
        return fail(profiles.error());
    Editor::DoctorInput input;
    input.product = parser.value(u"product"_s);
    input.version = parser.value(u"editor-version"_s);
    input.profileId = parser.value(u"automation-profile"_s);
    bool ok = false;
    const qint64 pid = parser.value(u"pid"_s).toLongLong(&ok);
    if (parser.isSet(u"pid"_s) && (!ok || pid <= 0))
        return usage(u"--pid takes a process id"_s);
#if defined(CUTPILOT_HAVE_ATSPI) || defined(CUTPILOT_HAVE_UIA)
    if (pid > 0) {
#if defined(CUTPILOT_HAVE_ATSPI)
        CutPilot::Automation::AtspiBackend backend(pid);
#else
        CutPilot::Automation::UiaBackend backend(pid);
#endif
        Result<QList<Editor::UiNode>> windows = backend.snapshot(parser.value(u"depth"_s).toInt());
        if (!windows)
            return fail(windows.error());
        input.windows = std::move(*windows);
    }
#else
    if (pid > 0)
        return fail(Error(ErrorCode::AutomationFailed,
                          u"this build has no accessibility backend for this platform"_s));
#endif
    out(QString::fromUtf8(
        QJsonDocument(Editor::doctorReport(*profiles, input)).toJson(QJsonDocument::Indented)));
    return Ok;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"cutpilot-cli"_s);
    QCoreApplication::setApplicationVersion(BuildInfo::current().version);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"CutPilot's draft engine for scripts.\n\n"
        "Commands:\n"
        "  build PLAN.json --store DIR   write a draft from a JSON plan (docs/cli.md)\n"
        "  lint DRAFT_FOLDER             check a draft folder against the editor's rules\n"
        "  summary DRAFT_FOLDER          print what a draft holds\n"
        "  catalogs FILE_OR_FOLDER...    list catalog entries\n"
        "  probe FILE...                 print the media facts of files as JSON lines\n"
        "  doctor --pid PID [--product P --editor-version V | --automation-profile ID]\n"
        "                                which automation profile applies to the editor and\n"
        "                                what its accessibility tree shows (docs/automation.md)\n\n"
        "Exit codes: 0 ok, 1 the draft or plan has errors, 2 bad command line,\n"
        "3 a file cannot be read or written."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"command"_s,
                                 u"build, lint, summary, catalogs, probe or doctor"_s);
    parser.addOptions({
        {u"store"_s, u"The editor's draft store to write into (build)."_s, u"DIR"_s},
        {u"force"_s, u"Write even while the editor has the draft open (build)."_s},
        {u"no-stage"_s, u"Do not copy media into the draft folder (build)."_s},
        {u"profile"_s, u"Editor profile to lint against (default jy5-win)."_s, u"ID"_s,
         u"jy5-win"_s},
        {u"json"_s, u"Print JSON (summary, catalogs)."_s},
        {u"kind"_s, u"Only this catalog kind, e.g. transition (catalogs)."_s, u"KIND"_s},
        {u"namespace"_s, u"lv (JianYing) or cc (CapCut) (catalogs)."_s, u"NS"_s, u"lv"_s},
        {u"search"_s, u"Only entries whose name contains TEXT (catalogs)."_s, u"TEXT"_s},
        {u"pid"_s, u"The editor's process (doctor)."_s, u"PID"_s},
        {u"product"_s, u"jianying, capcut or standin (doctor)."_s, u"P"_s, u"jianying"_s},
        {u"editor-version"_s, u"The editor's version, e.g. 5.9.0 (doctor)."_s, u"V"_s},
        {u"automation-profile"_s, u"Use this automation profile (doctor)."_s, u"ID"_s},
        {u"depth"_s, u"Levels of the tree to dump (doctor, default 6)."_s, u"N"_s, u"6"_s},
    });
    if (!parser.parse(app.arguments()))
        return usage(parser.errorText());
    if (parser.isSet(u"help"_s)) {
        out(parser.helpText());
        return Ok;
    }
    if (parser.isSet(u"version"_s)) {
        out(u"cutpilot-cli "_s + BuildInfo::current().version);
        return Ok;
    }
    QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return usage(u"no command given"_s);
    const QString command = args.takeFirst();
    if (command == u"build")
        return build(args, parser);
    if (command == u"lint")
        return lint(args, parser);
    if (command == u"summary")
        return summary(args, parser);
    if (command == u"catalogs")
        return catalogs(args, parser);
    if (command == u"probe")
        return probe(args);
    if (command == u"doctor")
        return doctor(parser);
    return usage(u"unknown command '%1'"_s.arg(command));
}
