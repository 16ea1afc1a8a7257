#include "editorhost.h"

#include "core/editor/doctor.h"
#include "core/editor/draftexporter.h"
#include "core/editor/editordriverthread.h"
#include "core/editor/editorsupervisor.h"
#include "core/editor/exportqueue.h"
#include "core/editor/exportqueuestore.h"
#include "core/support/futurewatch.h"
#include "core/support/log.h"

#if defined(CUTPILOT_HAVE_ATSPI)
#include "automation/atspibackend.h"
#elif defined(CUTPILOT_HAVE_UIA)
#include "automation/uiabackend.h"
#endif

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>

#if defined(Q_OS_LINUX)
#include <csignal>
#include <sys/prctl.h>
#endif

namespace CutPilot::App {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::ErrorCode;
using Core::Result;
using namespace Core::Editor;

namespace {

/// The stand-in imitates JianYing Pro 5.9 (`--ui 5.9`, its default): its profile is this one.
const QString StandinProfile = u"standin-jianying-5.9"_s;
const QString StandinDefaultUi = u"5.9"_s;

/// The exports database's queue_state key of the editor last seen working ("jianying
/// 5.9.0.11632", editor-automation.md §10.5).
const QString KnownEditorKey = u"editorIdentity"_s;
/// Levels of the accessibility tree the doctor looks at (what cutpilot-cli doctor dumps).
constexpr int DoctorDepth = 6;

/// The stand-in's UI mode among its arguments: the last `--ui MODE` (or `--ui=MODE`) wins, as in
/// its own parser.
QString standinUi(const QStringList &arguments)
{
    QString ui = StandinDefaultUi;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (arguments.at(i) == u"--ui" && i + 1 < arguments.size())
            ui = arguments.at(++i);
        else if (arguments.at(i).startsWith(u"--ui="))
            ui = arguments.at(i).mid(5);
    }
    return ui;
}

std::unique_ptr<UiBackend> createBackend(qint64 pid)
{
#if defined(CUTPILOT_HAVE_ATSPI)
    return std::make_unique<Automation::AtspiBackend>(pid);
#elif defined(CUTPILOT_HAVE_UIA)
    return std::make_unique<Automation::UiaBackend>(pid);
#else
    Q_UNUSED(pid);
    return nullptr;
#endif
}

} // namespace

EditorHost::EditorIdentity EditorHost::identify(const QString &executable)
{
    EditorIdentity identity;
    const QFileInfo info(executable);
    const QString name = info.completeBaseName().toLower();
    if (name.contains(u"standin"_s))
        identity.product = u"standin"_s;
    else if (name.contains(u"jianying"_s))
        identity.product = u"jianying"_s;
    else if (name.contains(u"capcut"_s))
        identity.product = u"capcut"_s;
    // JianYing installs each version in a folder of its own (…/JianyingPro/5.9.0.11632/
    // JianyingPro.exe): the nearest folder that is a dotted version is the editor's version.
    const QStringList parts
        = QDir::fromNativeSeparators(info.path()).split(u'/', Qt::SkipEmptyParts);
    for (auto it = parts.crbegin(); it != parts.crend(); ++it) {
        if (it->isEmpty() || !it->at(0).isDigit() || !it->contains(u'.'))
            continue;
        if (Result<EditorVersion> version = EditorVersion::parse(*it);
            version && version->parts.size() >= 2) {
            identity.version = version->toString();
            break;
        }
    }
    return identity;
}

Result<AutomationProfile> EditorHost::chooseProfile(const AutomationProfiles &profiles,
                                                    const EditorIdentity &identity,
                                                    const QString &forcedId)
{
    // The stand-in's version is its UI mode; without one, its default mode's profile.
    if (!forcedId.isEmpty() || (identity.product == u"standin" && identity.version.isEmpty())) {
        const QString id = forcedId.isEmpty() ? StandinProfile : forcedId;
        if (const AutomationProfile *profile = profiles.byId(id))
            return *profile;
        QStringList known;
        for (const AutomationProfile &profile : profiles.all())
            known << profile.id;
        return Error(
            ErrorCode::EditorVersionUnsupported,
            u"there is no automation profile '%1' (known: %2)"_s.arg(id, known.join(u", "_s)));
    }
    if (identity.product.isEmpty())
        return Error(ErrorCode::EditorVersionUnsupported,
                     u"cannot tell which editor this is (not JianYing Pro, CapCut or the "
                     "stand-in): CutPilot does not drive it"_s);
    if (identity.version.isEmpty())
        return Error(ErrorCode::EditorVersionUnsupported,
                     u"the version of the %1 editor is unknown (no version folder in its path); "
                     "CutPilot does not guess one: name a profile with --automation-profile"_s.arg(
                         identity.product));
    Result<EditorVersion> version = EditorVersion::parse(identity.version);
    if (!version)
        return version.error();
    Result<const AutomationProfile *> selected = profiles.select(identity.product, *version);
    if (!selected)
        return selected.error();
    return **selected;
}

QStringList EditorHost::standinCandidates()
{
    QStringList candidates;
    if (const QString env = qEnvironmentVariable("CUTPILOT_STANDIN_EDITOR"); !env.isEmpty())
        candidates << env;
    const QDir dir(QCoreApplication::applicationDirPath());
#if defined(Q_OS_WIN)
    const QString exe = u"standin-editor.exe"_s;
#else
    const QString exe = u"standin-editor"_s;
#endif
    candidates << dir.filePath(exe) << dir.filePath(u"../tools/"_s + exe);
    return candidates;
}

EditorHost::EditorHost(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_standin(m_options.editor == u"standin")
{
}

EditorHost::~EditorHost()
{
    stop();
}

void EditorHost::start()
{
    if (Result<> started = startEditor(); !started) {
        m_error = started.error().message();
        m_exporter.reset();
        m_queue.reset();
        if (m_supervisor)
            m_supervisor->stop();
        Core::Log::get(Core::Log::Editor)->error("editor: {}", m_error.toStdString());
    }
}

Result<> EditorHost::startEditor()
{
    auto log = Core::Log::get(Core::Log::Editor);
    // 1. Which program, and which profile drives it.
    if (m_standin) {
        m_program = m_options.standinProgram;
        if (m_program.isEmpty()) {
            for (const QString &candidate : standinCandidates()) {
                if (QFileInfo(candidate).isExecutable()) {
                    m_program = QFileInfo(candidate).canonicalFilePath();
                    break;
                }
            }
        }
        if (m_program.isEmpty() || !QFileInfo(m_program).isExecutable())
            return Error(ErrorCode::EditorNotRunning,
                         u"the stand-in editor was asked for, but it is not built or installed "
                         "(looked at: %1)"_s.arg(standinCandidates().join(u", "_s)));
    } else {
        m_program = m_options.editor;
        if (!QFileInfo(m_program).isExecutable())
            return Error(
                ErrorCode::EditorNotRunning,
                u"the editor executable '%1' does not exist or cannot be run"_s.arg(m_program));
    }
    Result<AutomationProfiles> profiles = AutomationProfiles::builtIn();
    if (!profiles)
        return profiles.error();
    m_profiles = *profiles; // the doctor judges against the same set
    // Tests and demos tune the stand-in (e.g. "--export-speed 4 --open-delay-ms 300", or
    // "--ui 10.8", which changes its version and so its profile).
    const QStringList standinExtra
        = m_standin ? QProcess::splitCommand(qEnvironmentVariable("CUTPILOT_STANDIN_ARGS"))
                    : QStringList();
    const EditorIdentity identity
        = m_standin ? EditorIdentity{u"standin"_s, standinUi(standinExtra)} : identify(m_program);
    m_identity = identity;
    Result<AutomationProfile> profile
        = chooseProfile(*profiles, identity, m_options.automationProfile);
    if (!profile)
        return profile.error();
    m_profile = *profile;

    // 2. Folders: the editor's drafts folder, and where it exports.
    const QDir data(m_options.dataDir);
    if (m_standin) {
        m_exportFolder = data.filePath(u"standin-exports"_s);
    } else {
        const QString movies = QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
        m_exportFolder = movies.isEmpty() ? data.filePath(u"editor-exports"_s) : movies;
    }
    for (const QString &folder : {m_options.draftsFolder, m_exportFolder}) {
        if (folder.isEmpty() || !QDir().mkpath(folder))
            return Error(ErrorCode::IoError, u"cannot create the folder '%1'"_s.arg(folder));
    }

    // 3. The queue's database: a damaged one costs the export routes, never the start.
    m_store = std::make_unique<ExportQueueStore>(data.filePath(u"exports.sqlite"_s));
    Result<ExportQueueStore::OpenReport> opened = m_store->open();
    if (!opened)
        return opened.error();
    if (opened->requeued > 0)
        log->warn("{} export job(s) were interrupted by the last exit and are queued again",
                  opened->requeued);

    // 4. The driver's thread, the supervisor, the queue.
    m_driver = std::make_unique<EditorDriverThread>(createBackend, EditorDriverThread::Options{});
    EditorSupervisor::Options supervision;
    supervision.program = m_program;
    // The editor (a third-party app, or the stand-in) never inherits CutPilot's API token.
    supervision.environment.remove(u"CUTPILOT_API_TOKEN"_s);
    if (m_standin) {
        supervision.arguments
            = QStringList{u"--store"_s,   m_options.draftsFolder, u"--export-folder"_s,
                          m_exportFolder, u"--state-dir"_s,       data.filePath(u"standin-state"_s),
                          u"--ui"_s,      StandinDefaultUi,       u"--expose-actions"_s};
        supervision.arguments += standinExtra;
        QDir().mkpath(data.filePath(u"standin-state"_s));
        // The accessibility bridge needs xcb (offscreen has none) and is on only when asked.
        supervision.environment.insert(u"QT_LINUX_ACCESSIBILITY_ALWAYS_ON"_s, u"1"_s);
        supervision.environment.remove(u"QT_QPA_PLATFORM"_s);
        // Its event lines (docs/automation.md, "Stdout protocol") next to CutPilot's own logs.
        supervision.standardOutputFile = data.filePath(u"logs/standin-editor.log"_s);
        QDir().mkpath(data.filePath(u"logs"_s));
#if defined(Q_OS_LINUX)
        // The stand-in dies with CutPilot, even a killed one: no orphan editor.
        supervision.childProcessModifier = [] {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        };
#endif
    }
    supervision.memoryLimitBytes = qint64(m_profile->restartMemoryMiB) * 1024 * 1024;
    m_supervisor = std::make_unique<EditorSupervisor>(
        supervision, [driver = m_driver.get()](qint64 pid) { return driver->probe(pid); });
    connect(m_supervisor.get(), &EditorSupervisor::stateChanged, this,
            [this](EditorSupervisor::State state, const QString &reason) {
                if (!reason.isEmpty())
                    m_lastReason = reason;
                Core::Log::get(Core::Log::Editor)
                    ->info("{}{}", statusText().toStdString(),
                           reason.isEmpty() ? std::string() : " (" + reason.toStdString() + ")");
                Q_UNUSED(state);
            });
    ExportQueue::Options queueOptions;
    queueOptions.profile = *m_profile;
    queueOptions.exportFolder = m_exportFolder;
    m_queue = std::make_unique<ExportQueue>(*m_store, *m_supervisor, *m_driver, queueOptions);
    m_exporter = std::make_unique<Core::Editor::DraftExporter>(
        *m_queue, Core::Editor::DraftExporter::Options{
                      m_options.draftsFolder, QDir(m_exportFolder).filePath(u"CutPilot"_s)});

    if (m_standin)
        log->warn("editor: the STAND-IN editor (a test tool imitating JianYing Pro {}, not the "
                  "real editor): {}, drafts {}, exports {}",
                  identity.version.toStdString(), m_program.toStdString(),
                  m_options.draftsFolder.toStdString(), m_exportFolder.toStdString());
    else
        log->info("editor: {} ({} {}), profile {}", m_program.toStdString(),
                  identity.product.toStdString(), identity.version.toStdString(),
                  m_profile->id.toStdString());
    checkEditorVersion();
    m_supervisor->start();
    m_queue->start();
    return {};
}

QString EditorHost::identityText() const
{
    return QStringList{m_identity.product, m_identity.version}.join(u' ').trimmed();
}

void EditorHost::checkEditorVersion()
{
    // editor-automation.md §10.5: an editor that is not the one last seen working (an update, or
    // another installation) may have moved its controls. Unattended exports wait until a doctor
    // run finds the profile's windows and controls on it (runDoctor()).
    auto log = Core::Log::get(Core::Log::Editor);
    if (m_identity.product.isEmpty() || m_identity.version.isEmpty()) {
        log->warn("editor version check: the editor's product or version is unknown (a forced "
                  "profile): a change of version cannot be seen");
        return;
    }
    const QString current = identityText();
    Result<QString> known = m_store->stateValue(KnownEditorKey);
    if (!known) {
        log->warn("editor version check: {}", known.error().message().toStdString());
        return;
    }
    if (known->isEmpty()) {
        if (Result<> stored = m_store->setStateValue(KnownEditorKey, current); !stored)
            log->warn("editor version check: {}", stored.error().message().toStdString());
        return;
    }
    if (*known == current) {
        // The editor that worked (again): a hold left by a change that was undone ends.
        if (Result<> released = m_queue->releaseHold(); !released)
            log->warn("editor version check: {}", released.error().message().toStdString());
        return;
    }
    m_versionChange = VersionChange{*known, current};
    // Stored, logged and answered by the API: in English, like the export jobs' messages.
    const QString reason
        = u"the editor changed from %1 to %2: exports wait until the doctor "
          "passes on it (Check editor, or POST /api/v1/editor/doctor)"_s.arg(*known, current);
    log->warn("editor version changed from {} to {} (profile {}): exports are held until the "
              "doctor passes",
              known->toStdString(), current.toStdString(), m_profile->id.toStdString());
    if (Result<> held = m_queue->hold(reason); !held)
        log->error("editor version check: the hold is not stored: {}",
                   held.error().message().toStdString());
}

void EditorHost::runDoctor(std::function<void(const Result<QJsonObject> &)> done)
{
    if (!m_supervisor || !m_driver || !m_profile || !m_profiles || !m_queue)
        return done(Error(ErrorCode::Unavailable,
                          m_error.isEmpty() ? u"the editor is not running"_s : m_error,
                          {{u"service"_s, u"editor"_s}}));
    // A snapshot would wait behind the export (minutes), and the export dialog is not what the
    // verdict judges.
    if (m_driver->isExporting())
        return done(Error(ErrorCode::Conflict, u"an export is running: check the editor when the "
                                               "queue is idle (pause it first)"_s));
    const qint64 pid = m_supervisor->pid();
    if (pid <= 0)
        return done(
            Error(ErrorCode::EditorNotRunning,
                  u"the editor is not running (%1): the doctor looks at a running one"_s.arg(
                      EditorSupervisor::stateName(m_supervisor->state()))));
    Core::whenResult(this, m_driver->snapshot(pid, DoctorDepth),
                     [this, done = std::move(done)](const Result<QList<UiNode>> &windows) {
                         done(judgeDoctor(windows));
                     });
}

Result<QJsonObject> EditorHost::judgeDoctor(const Result<QList<UiNode>> &windows)
{
    if (!windows)
        return windows.error();
    DoctorInput input;
    input.product = m_identity.product;
    input.version = m_identity.version;
    input.profileId = m_options.automationProfile;
    input.windows = *windows;
    QJsonObject report = doctorReport(*m_profiles, input);
    const QStringList problems = doctorProblems(report, *m_profile);
    const bool passed = problems.isEmpty();
    report.insert(u"passed"_s, passed);
    report.insert(u"problems"_s, QJsonArray::fromStringList(problems));
    auto log = Core::Log::get(Core::Log::Editor);
    if (!passed) {
        log->warn("doctor on {}: {}", identityText().toStdString(),
                  problems.join(u"; "_s).toStdString());
        return report;
    }
    if (m_queue->holdReason().isEmpty())
        return report;
    // Released first: a hold that cannot be lifted leaves the known editor as it was, and the
    // next doctor run tries again.
    if (Result<> released = m_queue->releaseHold(); !released)
        return released.error();
    log->info("doctor passed on {}: held exports resume", identityText().toStdString());
    report.insert(u"released"_s, true);
    m_versionChange.reset();
    if (!m_identity.product.isEmpty() && !m_identity.version.isEmpty()) {
        if (Result<> stored = m_store->setStateValue(KnownEditorKey, identityText()); !stored)
            log->warn("doctor: the editor's version is not recorded (the next start holds the "
                      "queue again): {}",
                      stored.error().message().toStdString());
    }
    return report;
}

void EditorHost::stop()
{
    // The queue first: it cancels nothing in the store (a running job is redone next start) and
    // stops the running export at the driver's next poll; then the editor process.
    m_exporter.reset(); // waits for a draft folder being written
    m_queue.reset();
    if (m_supervisor)
        m_supervisor->stop();
    m_supervisor.reset();
    m_driver.reset();
}

QJsonObject EditorHost::status() const
{
    QJsonObject body{
        {u"configured"_s, true},
        {u"standin"_s, m_standin},
        {u"program"_s, m_program.isEmpty() ? m_options.editor : m_program},
        {u"draftsFolder"_s, m_options.draftsFolder},
        {u"exportFolder"_s, m_exportFolder},
        {u"supervisor"_s, m_supervisor != nullptr},
        {u"label"_s, statusText()},
    };
    body.insert(u"profile"_s, m_profile ? QJsonValue(m_profile->id) : QJsonValue());
    body.insert(u"product"_s, m_identity.product);
    body.insert(u"version"_s, m_identity.version);
    body.insert(u"versionChange"_s,
                m_versionChange ? QJsonValue(QJsonObject{{u"previous"_s, m_versionChange->previous},
                                                         {u"current"_s, m_versionChange->current}})
                                : QJsonValue());
    if (m_supervisor) {
        body.insert(u"state"_s, EditorSupervisor::stateName(m_supervisor->state()));
        const qint64 pid = m_supervisor->pid();
        body.insert(u"pid"_s, pid > 0 ? QJsonValue(pid) : QJsonValue());
        body.insert(u"restarts"_s, m_supervisor->restarts());
    } else {
        body.insert(u"state"_s, m_error.isEmpty() ? u"stopped"_s : u"failed"_s);
        body.insert(u"pid"_s, QJsonValue());
        body.insert(u"restarts"_s, 0);
    }
    const QString reason = m_error.isEmpty() ? m_lastReason : m_error;
    body.insert(u"lastReason"_s, reason.isEmpty() ? QJsonValue() : QJsonValue(reason));
    if (m_queue) {
        body.insert(u"queue"_s,
                    QJsonObject{{u"paused"_s, m_queue->isPaused()},
                                {u"hold"_s, m_queue->holdReason().isEmpty()
                                                ? QJsonValue()
                                                : QJsonValue(m_queue->holdReason())},
                                {u"currentJob"_s, m_queue->currentId().isEmpty()
                                                      ? QJsonValue()
                                                      : QJsonValue(m_queue->currentId())}});
    }
    return body;
}

QString EditorHost::statusText() const
{
    const QString who = m_standin ? tr("Stand-in editor (test tool, not JianYing)") : tr("Editor");
    if (!m_supervisor)
        return m_error.isEmpty() ? tr("%1: stopped").arg(who)
                                 : tr("%1: unavailable: %2").arg(who, m_error);
    const QString state = tr("%1: %2").arg(who, EditorSupervisor::stateName(m_supervisor->state()));
    if (m_versionChange)
        return tr("%1 (version changed to %2: check the editor)")
            .arg(state, m_versionChange->current);
    return state;
}

} // namespace CutPilot::App
