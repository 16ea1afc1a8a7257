#pragma once

#include "commandlineoptions.h"
#include "core/support/datadirectory.h"

#include <QObject>

#include <memory>
#include <optional>

namespace CutPilot::Core {
class CatalogRegistry;
class DraftStore;
class DraftWorkspace;
class DraftCreator;
class ApiTokenStore;
class EventBridge;
class EventHub;
class JobService;
class JobStore;
class Downloader;
class MediaCache;
class MediaService;
class LogManager;
class Settings;
} // namespace CutPilot::Core
namespace CutPilot::Api {
class ApiServer;
}
namespace CutPilot::Ui {
class MainWindow;
class Translations;
} // namespace CutPilot::Ui

namespace CutPilot::App {

class EditorHost;
class ShutdownSignals;
class SingleInstance;

/// The composition root: creates the services once, hands them to the GUI and the API by
/// reference, and owns their lifetimes. Nothing else creates services (no singletons).
class Application final : public QObject
{
    Q_OBJECT

public:
    enum class Mode {
        Gui,
        Headless,
    };

    struct StartResult
    {
        bool running = false; ///< true: enter the event loop
        ExitCode exitCode = ExitCode::Ok;
        QString message; ///< for stderr when not running (empty for a quiet exit)
    };

    Application(CommandLineOptions options, Mode mode, QObject *parent = nullptr);
    ~Application() override;

    /// GUI when a display exists (always on Windows/macOS; DISPLAY, WAYLAND_DISPLAY or an explicit
    /// QT_QPA_PLATFORM elsewhere), unless --headless.
    static Mode chooseMode(const CommandLineOptions &options);

    StartResult start();

private:
    StartResult fail(ExitCode code, const QString &message);
    void startGui();
    void loadCatalogs();
    StartResult startMedia();
    /// The editor and its export queue, when one is configured (--editor, editorExecutable).
    void startEditor();
    /// The draft profile for new drafts: the editorProfile setting, or detected once ("auto").
    QString activeProfile();
    void shutdown(int signalNumber);

    CommandLineOptions m_options;
    Mode m_mode;
    std::optional<Core::DataDirectory> m_dataDir;
    std::unique_ptr<Core::LogManager> m_logs;
    std::unique_ptr<Core::Settings> m_settings;
    std::shared_ptr<Core::CatalogRegistry> m_catalogs; // shared with the loading thread
    std::unique_ptr<Core::DraftStore> m_drafts;
    std::unique_ptr<Core::DraftWorkspace> m_workspace;  // the open drafts, shared by GUI and API
    std::unique_ptr<Core::DraftCreator> m_draftCreator; // group-committed creates (create_draft)
    std::unique_ptr<Core::MediaCache> m_mediaCache;
    std::unique_ptr<Core::Downloader> m_downloader;
    std::unique_ptr<Core::MediaService> m_media; // declared after what it uses: destroyed first
    std::unique_ptr<Core::JobStore> m_jobStore;  // <data-dir>/jobs.sqlite
    std::unique_ptr<Core::JobService> m_jobs;    // long work (save, probe, download) as records
    std::unique_ptr<Core::EventHub> m_events;    // outlives the bridge and the API's feed
    std::unique_ptr<Core::EventBridge> m_eventBridge;
    std::unique_ptr<EditorHost> m_editor; // null: no editor configured (exports answer 503)
    QString m_detectedProfile;
    std::unique_ptr<Core::ApiTokenStore> m_apiToken;
    std::unique_ptr<Api::ApiServer> m_api;
    std::unique_ptr<ShutdownSignals> m_signals;
    std::unique_ptr<SingleInstance> m_singleInstance;
    std::unique_ptr<Ui::Translations> m_translations;
    std::unique_ptr<Ui::MainWindow> m_mainWindow;
};

} // namespace CutPilot::App
