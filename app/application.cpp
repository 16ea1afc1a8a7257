#include "application.h"

#include "api/apiserver.h"
#include "core/draft/catalog/catalogregistry.h"
#include "core/draft/draftstore.h"
#include "core/draft/storeinspector.h"
#include "core/editor/editorsupervisor.h"
#include "core/editor/exportqueue.h"
#include "core/jobs/jobservice.h"
#include "core/jobs/jobstore.h"
#include "core/media/downloader.h"
#include "core/media/mediacache.h"
#include "core/services/draftcreator.h"
#include "core/services/draftworkspace.h"
#include "core/services/eventbridge.h"
#include "core/services/eventhub.h"
#include "core/services/mediaservice.h"
#include "core/support/apitokenstore.h"
#include "core/support/buildinfo.h"
#include "core/support/futurewatch.h"
#include "core/support/log.h"
#include "core/support/logmanager.h"
#include "core/support/settings.h"
#include "editorhost.h"
#include "shutdownsignals.h"
#include "singleinstance.h"
#include "ui/mainwindow.h"
#include "ui/translations.h"
#include "ui/traycontroller.h"
#include "ui/uiservices.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFuture>
#include <QtConcurrent>

#include <algorithm>
#include <cstdio>

namespace CutPilot::App {

using namespace Qt::StringLiterals;

Application::Application(CommandLineOptions options, Mode mode, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_mode(mode)
{
}

Application::~Application()
{
    // Front doors first, services next, logging last: everything may log while it shuts down.
    m_mainWindow.reset();
    m_api.reset();
    m_singleInstance.reset();
    // The export queue, then the editor process (no orphan editor); jobs in flight resume.
    m_editor.reset();
    // Services that log while they stop (pools finishing, transfers cancelled) go before the log.
    m_media.reset();
    m_jobs.reset();
    m_jobStore.reset();
    m_downloader.reset();
    m_mediaCache.reset();
    m_draftCreator.reset();
    m_workspace.reset();
    m_drafts.reset();
    if (m_logs)
        Core::Log::get(Core::Log::App)->info("CutPilot stopped");
    m_settings.reset();
    m_logs.reset();
}

Application::Mode Application::chooseMode(const CommandLineOptions &options)
{
    if (options.headless)
        return Mode::Headless;
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
    return Mode::Gui;
#else
    const bool display = !qEnvironmentVariableIsEmpty("DISPLAY")
                         || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
                         || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
    return display ? Mode::Gui : Mode::Headless;
#endif
}

Application::StartResult Application::fail(ExitCode code, const QString &message)
{
    if (m_logs) {
        Core::Log::get(Core::Log::App)->critical("{}", message);
        m_logs->flush();
    }
    return StartResult{false, code, message};
}

Application::StartResult Application::start()
{
    // 1. The data folder, and its lock: one CutPilot per data folder.
    const QString dataPath
        = m_options.dataDir.isEmpty() ? Core::DataDirectory::defaultPath() : m_options.dataDir;
    Core::Result<Core::DataDirectory> dataDir = Core::DataDirectory::prepare(dataPath);
    if (!dataDir)
        return fail(ExitCode::DataDirUnusable, dataDir.error().message());
    m_dataDir.emplace(std::move(*dataDir));

    if (Core::Result<> locked = m_dataDir->lock(); !locked) {
        if (locked.error().code() == Core::ErrorCode::Locked && m_mode == Mode::Gui) {
            const QString server = SingleInstance::serverNameFor(m_dataDir->path());
            if (SingleInstance::activate(server, QCoreApplication::arguments()))
                return StartResult{false, ExitCode::Ok, QString()}; // the running one took over
        }
        return fail(locked.error().code() == Core::ErrorCode::Locked ? ExitCode::DataDirInUse
                                                                     : ExitCode::DataDirUnusable,
                    locked.error().message());
    }

    // 2. Settings, then logging at the level they (or the environment, or --log-level) ask for.
    m_settings = std::make_unique<Core::Settings>(Core::Settings::Options{
        Core::Settings::defaultFilePath(m_dataDir->path()), m_dataDir->path()});
    QStringList warnings = m_settings->loadWarnings();
    const QString environmentLevel = qEnvironmentVariable("CUTPILOT_LOG_LEVEL");
    const bool levelOverridden = !m_options.logLevel.isEmpty() || !environmentLevel.isEmpty();
    const spdlog::level::level_enum level = Core::LogManager::resolveLevel(
        m_options.logLevel.isEmpty() ? m_settings->logLevel() : m_options.logLevel,
        m_options.logLevel.isEmpty() ? environmentLevel : QString(), &warnings);

    Core::LogOptions logOptions;
    logOptions.directory = m_dataDir->logsPath();
    logOptions.level = level;
    Core::Result<std::unique_ptr<Core::LogManager>> logs = Core::LogManager::create(logOptions);
    if (!logs)
        return fail(ExitCode::DataDirUnusable, logs.error().message());
    m_logs = std::move(*logs);
    if (!levelOverridden) {
        connect(m_settings.get(), &Core::Settings::logLevelChanged, this,
                [this](const QString &name) {
                    if (auto parsed = Core::LogManager::parseLevel(name))
                        m_logs->setLevel(*parsed);
                });
    }

    auto log = Core::Log::get(Core::Log::App);
    const Core::BuildInfo build = Core::BuildInfo::current();
    log->info("{} starting: {} mode, data folder {}, pid {}", build.summary(),
              m_mode == Mode::Gui ? "GUI" : "headless", m_dataDir->path(),
              QCoreApplication::applicationPid());
    for (const QString &warning : std::as_const(warnings))
        log->warn("{}", warning);

    // 3. Services: CutPilot's own drafts and the catalogs (loaded off the main thread).
    m_drafts = std::make_unique<Core::DraftStore>(m_dataDir->filePath(u"drafts"_s));
    // Drafts are user work: a damaged database is moved aside and reported, never started empty
    // without a word. open() logs what it imported and what it could not.
    if (Core::Result<Core::DraftStore::OpenReport> drafts = m_drafts->open(); !drafts)
        return fail(ExitCode::DataDirUnusable, drafts.error().message());
    m_workspace = std::make_unique<Core::DraftWorkspace>(*m_drafts);
    loadCatalogs();
    if (StartResult media = startMedia(); media.exitCode != ExitCode::Ok)
        return media;
    // Jobs of the API (save, probe, download). A damaged jobs database costs the job routes (503),
    // never the start: jobs are records of work, not user work.
    m_jobStore = std::make_unique<Core::JobStore>(m_dataDir->filePath(u"jobs.sqlite"_s));
    if (Core::Result<Core::JobStore::OpenReport> jobs = m_jobStore->open(); jobs) {
        m_jobs = std::make_unique<Core::JobService>(*m_jobStore);
        if (jobs->interrupted > 0)
            log->warn("{} job(s) were interrupted by the last exit", jobs->interrupted);
    } else {
        log->error("jobs: {}", jobs.error().message());
    }

    startEditor();

    m_signals = std::make_unique<ShutdownSignals>();
    connect(m_signals.get(), &ShutdownSignals::shutdownRequested, this, &Application::shutdown);

    // 4. The local API (both modes: scripts work beside the GUI too).
    Api::SecurityOptions security;
    security.requireTokenEverywhere = m_settings->requireTokenEverywhere();
    Api::CompatServices compat;
    compat.workspace = m_workspace.get();
    compat.profileId = [this] {
        return activeProfile();
    };
    connect(m_settings.get(), &Core::Settings::draftsFolderChanged, this,
            [this] { m_detectedProfile.clear(); }); // detect again for the new store
    compat.draftsFolder = [this] {
        return m_settings->draftsFolder();
    };
    compat.pathPolicy = [this] {
        return m_media->pathPolicy();
    };
    compat.catalogs = m_catalogs;
    compat.media = m_media.get();
    compat.settings = m_settings.get();
    m_draftCreator = std::make_unique<Core::DraftCreator>(*m_drafts);
    compat.creator = m_draftCreator.get();
    // The event feed: service signals (drafts, downloads, jobs) → EventHub → WebSocket
    // /api/v1/events.
    m_events = std::make_unique<Core::EventHub>();
    m_eventBridge = std::make_unique<Core::EventBridge>(*m_events);
    m_eventBridge->connectWorkspace(*m_workspace);
    m_eventBridge->connectMedia(*m_media);
    if (m_jobs)
        m_eventBridge->connectJobs(*m_jobs);
    if (m_editor && m_editor->supervisor())
        m_eventBridge->connectEditor(*m_editor->supervisor(), m_editor->queue(),
                                     m_editor->isStandin());
    Api::ApiServer::Dependencies apiDeps{build, security, compat};
    apiDeps.events = m_events.get();
    apiDeps.v1.jobs = m_jobs.get();
    apiDeps.v1.settings = m_settings.get();
    apiDeps.operations.storage = [this] {
        return m_drafts->isOpen()
               && Api::Metrics::probeWritableFolder(m_dataDir->filePath(u"drafts"_s));
    };
    if (m_editor) {
        EditorHost *editor = m_editor.get();
        apiDeps.v1.editor.queue = editor->queue();
        apiDeps.v1.editor.status = [editor] {
            return editor->status();
        };
        apiDeps.v1.editor.exporter = editor->exporter();
        apiDeps.v1.editor.unavailableReason = editor->unavailableReason();
        if (editor->queue()) // the editor started (the capability says so)
            apiDeps.v1.editor.doctor = [editor](auto done) {
                editor->runDoctor(std::move(done));
            };
        // /ready: ready and busy are fine; /metrics: state, restarts, export jobs by state.
        apiDeps.operations.editor = [editor] {
            const auto *supervisor = editor->supervisor();
            return supervisor
                   && (supervisor->state() == Core::Editor::EditorSupervisor::State::Ready
                       || supervisor->state() == Core::Editor::EditorSupervisor::State::Busy);
        };
        apiDeps.operations.editorState = [editor] {
            return editor->supervisor()
                       ? Core::Editor::EditorSupervisor::stateName(editor->supervisor()->state())
                       : u"failed"_s;
        };
        apiDeps.operations.exportQueueHold = [editor] {
            return editor->queue() ? editor->queue()->holdReason() : QString();
        };
        apiDeps.operations.editorRestarts = [editor] {
            return editor->supervisor() ? quint64(editor->supervisor()->restarts()) : 0;
        };
        apiDeps.operations.exportsByState = [editor] {
            QList<QPair<QString, qint64>> counts;
            if (!editor->queue())
                return counts;
            // Counted by the database: a scrape never reads the jobs themselves. Every state is
            // listed (0 when the count cannot be read).
            const auto byState = editor->queue()->countByState();
            for (int s = 0; s <= int(Core::Editor::ExportJobState::Cancelled); ++s) {
                const auto state = Core::Editor::ExportJobState(s);
                counts.append(
                    {Core::Editor::exportJobStateName(state), byState ? byState->at(s).second : 0});
            }
            std::sort(counts.begin(), counts.end()); // by state name, as before
            return counts;
        };
    } else {
        apiDeps.v1.editor.unavailableReason
            = u"no editor is configured: set editorExecutable, or start CutPilot with "
              "--editor standin (the stand-in editor)"_s;
    }
    m_api = std::make_unique<Api::ApiServer>(std::move(apiDeps));
    connect(
        m_media.get(), &Core::MediaService::downloadFinished, m_api.get(),
        [this](const QUrl &, bool ok, const QString &) { m_api->metrics().recordDownload(ok); });
    connect(m_settings.get(), &Core::Settings::requireTokenEverywhereChanged, this,
            [this](bool required) { m_api->setRequireTokenEverywhere(required); });
    // The token comes from the keychain asynchronously; until then token routes answer 503.
    Core::ApiTokenStore::Options tokenOptions;
    tokenOptions.dataDir = m_dataDir->path();
    tokenOptions.environmentToken = qEnvironmentVariable("CUTPILOT_API_TOKEN");
    m_apiToken = std::make_unique<Core::ApiTokenStore>(tokenOptions);
    connect(m_apiToken.get(), &Core::ApiTokenStore::ready, this,
            [this] { m_api->setToken(m_apiToken->token()); });
    m_apiToken->load();
    const Core::ListenAddress address = m_options.listen.value_or(m_settings->apiListenAddress());
    Core::Result<Core::ListenAddress> bound = m_api->start(address);

    if (m_mode == Mode::Headless) {
        if (!bound)
            return fail(ExitCode::CannotListen, bound.error().message());
        std::fprintf(stdout, "CutPilot API listening on %s\n", qPrintable(bound->toUrl()));
        if (m_editor)
            std::fprintf(stdout, "%s\n", qPrintable(m_editor->statusText()));
        std::fflush(stdout);
        return StartResult{true, ExitCode::Ok, QString()};
    }

    startGui();
    if (bound) {
        m_mainWindow->setApiStatus(true, bound->toUrl());
    } else {
        log->error("{}", bound.error().message());
        m_mainWindow->setApiStatus(false, bound.error().message());
    }
    return StartResult{true, ExitCode::Ok, QString()};
}

void Application::startGui()
{
    m_translations = std::make_unique<Ui::Translations>(QCoreApplication::instance());
    m_translations->apply(m_settings->language());

    // The GUI gets the same service objects as the API (house style: one service layer).
    Ui::UiServices services;
    services.settings = m_settings.get();
    services.drafts = m_drafts.get();
    services.workspace = m_workspace.get();
    services.media = m_media.get();
    services.catalogs = m_catalogs;
    services.events = m_events.get();
    services.jobs = m_jobs.get();
    services.exports = m_editor ? m_editor->queue() : nullptr;
    services.editor = m_editor ? m_editor->supervisor() : nullptr;
    services.exporter = m_editor ? m_editor->exporter() : nullptr;
    if (m_editor) {
        EditorHost *editor = m_editor.get();
        services.editorStatusText = [editor] {
            return editor->statusText();
        };
        if (editor->profile())
            services.automationProfile = editor->profile()->id;
        if (editor->queue())
            services.runDoctor = [editor](auto done) {
                editor->runDoctor(std::move(done));
            };
    }
    services.apiToken = m_apiToken.get();
    services.apiAddress = [this] {
        return m_api && m_api->isListening() ? m_api->address().toUrl() : QString();
    };
    services.profileId = [this] {
        return activeProfile();
    };
    Ui::MainWindowOptions windowOptions;
    windowOptions.logsFolder = m_dataDir->logsPath();
    windowOptions.stateFile = m_dataDir->filePath(u"window-state.json"_s);
    windowOptions.mediaBinStateFile = m_dataDir->filePath(u"media-bin.json"_s);
    windowOptions.translations = m_translations.get(); // follows Settings::languageChanged

    m_mainWindow = std::make_unique<Ui::MainWindow>(services, windowOptions);
    m_mainWindow->setWindowIcon(QIcon(u":/icons/cutpilot.svg"_s));
    connect(m_mainWindow.get(), &Ui::MainWindow::quitRequested, this, &QCoreApplication::quit,
            Qt::QueuedConnection);
    // Without a system tray the window is the app: closing it quits (toolchain.md §2.4).
    const bool tray = Ui::TrayController::isAvailable();
    if (tray) {
        QApplication::setQuitOnLastWindowClosed(false);
        m_mainWindow->setCloseToTray(true);
        auto *controller = new Ui::TrayController(services, m_mainWindow.get(),
                                                  m_dataDir->logsPath(), m_mainWindow.get());
        connect(controller, &Ui::TrayController::quitRequested, this, &QCoreApplication::quit,
                Qt::QueuedConnection);
    }
    if (!m_settings->startMinimized())
        m_mainWindow->show();
    else if (!tray)
        m_mainWindow->showMinimized();
    // else: minimized to the tray, the icon is all that shows

    m_singleInstance
        = std::make_unique<SingleInstance>(SingleInstance::serverNameFor(m_dataDir->path()));
    if (Core::Result<> listening = m_singleInstance->listen(); !listening)
        Core::Log::get(Core::Log::App)->warn("{}", listening.error().message());
    connect(m_singleInstance.get(), &SingleInstance::activationRequested, this, [this] {
        Core::Log::get(Core::Log::App)->info("activated by another CutPilot start");
        m_mainWindow->activate();
    });
}

void Application::startEditor()
{
    // --editor wins over the setting; without either there is no editor (exports answer 503).
    const QString editor
        = m_options.editor.isEmpty() ? m_settings->editorExecutable() : m_options.editor;
    if (editor.isEmpty()) {
        Core::Log::get(Core::Log::Editor)
            ->info("no editor configured: exports are unavailable (set editorExecutable, or "
                   "start with --editor standin)");
        return;
    }
    EditorHost::Options options;
    options.editor = editor;
    options.automationProfile = m_options.automationProfile;
    options.dataDir = m_dataDir->path();
    options.draftsFolder = m_settings->draftsFolder();
    m_editor = std::make_unique<EditorHost>(options);
    m_editor->start();
}

Application::StartResult Application::startMedia()
{
    auto log = Core::Log::get(Core::Log::Media);
    Core::MediaCacheOptions cacheOptions;
    cacheOptions.maxBytes = m_settings->mediaCacheMaxBytes();
    m_mediaCache
        = std::make_unique<Core::MediaCache>(m_dataDir->filePath(u"media-cache"_s), cacheOptions);
    // Verifying stats every indexed file and hashes only files the index lost: quick unless the
    // index had to be rebuilt, and then it must finish before anything uses the cache.
    Core::Result<Core::MediaCacheVerifyReport> verified = m_mediaCache->open();
    if (!verified)
        return fail(ExitCode::DataDirUnusable,
                    verified.error().withContext(u"media cache"_s).message());
    log->info("media cache: {} objects, {} derived, {} MB{}", verified->objects, verified->derived,
              verified->totalBytes / (1024 * 1024),
              verified->indexRecovered ? ", index rebuilt after damage" : "");

    Core::DownloadOptions downloadOptions;
    downloadOptions.maxBytes = m_settings->downloadMaxBytes();
    m_downloader
        = std::make_unique<Core::Downloader>(m_dataDir->filePath(u"downloads"_s), downloadOptions);
    m_media = std::make_unique<Core::MediaService>(*m_mediaCache, *m_downloader,
                                                   Core::MediaService::Options{});
    const auto updatePolicy = [this] {
        // API clients may name: the configured folders (setting and --allow-dir), the editor's
        // drafts folder, and of the data folder only what holds drafts and media, never the
        // settings, the token fallback or the logs.
        m_media->setPathPolicy(Core::PathPolicy(m_settings->allowedFolders() + m_options.allowedDirs
                                                << m_settings->draftsFolder()
                                                << m_dataDir->filePath(u"drafts"_s)
                                                << m_dataDir->filePath(u"media-cache/objects"_s)));
    };
    updatePolicy();
    connect(m_settings.get(), &Core::Settings::allowedFoldersChanged, this, updatePolicy);
    connect(m_settings.get(), &Core::Settings::draftsFolderChanged, this, updatePolicy);
    connect(m_settings.get(), &Core::Settings::downloadMaxBytesChanged, this, [this](qint64 bytes) {
        Core::DownloadOptions options = m_downloader->options();
        options.maxBytes = bytes;
        m_downloader->setOptions(options);
    });
    connect(m_settings.get(), &Core::Settings::mediaCacheMaxBytesChanged, this,
            [this](qint64 bytes) { m_mediaCache->setMaxBytes(bytes); });
    return {};
}

QString Application::activeProfile()
{
    const QString setting = m_settings->editorProfile();
    if (setting != u"auto"_s)
        return setting;
    if (m_detectedProfile.isEmpty()) {
        // Once per run: the newest editor-authored draft in the user's store says which editor
        // (and version) drafts are for (spec/draft-format.md §3.1).
        Core::Result<Core::StoreInspection> inspected
            = Core::inspectDraftStore(m_settings->draftsFolder());
        m_detectedProfile = inspected && !inspected->profile.isEmpty() ? inspected->profile
#ifdef Q_OS_MACOS
                                                                       : u"jy-mac"_s;
#else
                                                                       : u"jy6-win"_s;
#endif
        Core::Log::get(Core::Log::Draft)
            ->info("editor profile for new drafts: {} ({})", m_detectedProfile.toStdString(),
                   inspected && !inspected->profile.isEmpty() ? "detected from the draft store"
                                                              : "default, nothing detected");
    }
    return m_detectedProfile;
}

void Application::loadCatalogs()
{
    // Every catalog file in <data-dir>/catalogs/ (CutPilot's format or an imported export, see
    // docs/catalogs.md) is loaded at start, on a worker thread; lookups are thread-safe.
    m_catalogs = std::make_shared<Core::CatalogRegistry>();
    const QString folder = m_dataDir->filePath(u"catalogs"_s);
    QDir().mkpath(folder);
    // A watcher, not then(this): Qt 6.4's then() asserts when its context goes first.
    Core::whenResult(this, QtConcurrent::run([catalogs = m_catalogs, folder] {
                         return catalogs->loadFolder(folder);
                     }),
                     [this, folder](const Core::Result<int> &loaded) {
                         auto log = Core::Log::get(Core::Log::Draft);
                         if (!loaded) {
                             log->error("catalogs in {}: {}", folder, loaded.error().message());
                             return;
                         }
                         for (const QString &warning : m_catalogs->warnings())
                             log->warn("catalogs: {}", warning);
                         log->info("loaded {} catalog entries from {}", m_catalogs->size(), folder);
                     });
}

void Application::shutdown(int signalNumber)
{
    Core::Log::get(Core::Log::App)->info("signal {} received, shutting down", signalNumber);
    QCoreApplication::quit();
}

} // namespace CutPilot::App
