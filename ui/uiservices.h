#pragma once

#include "core/support/result.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <memory>

namespace CutPilot::Core {
class CatalogRegistry;
class DraftStore;
class DraftWorkspace;
class EventHub;
class JobService;
class MediaService;
class Settings;
class ApiTokenStore;
namespace Editor {
class DraftExporter;
class EditorSupervisor;
class ExportQueue;
} // namespace Editor
} // namespace CutPilot::Core

namespace CutPilot::Ui {

/// What the GUI is given by the composition root (app/Application): the same service objects the
/// API uses ("one service layer, two front doors"). Non-owning; every pointer outlives the GUI.
/// Pointers documented as optional may be null (a feature that is unavailable shows why).
struct UiServices
{
    Core::Settings *settings = nullptr;
    Core::DraftStore *drafts = nullptr;
    Core::DraftWorkspace *workspace = nullptr;
    Core::MediaService *media = nullptr;
    std::shared_ptr<Core::CatalogRegistry> catalogs;
    Core::EventHub *events = nullptr;                 ///< optional
    Core::JobService *jobs = nullptr;                 ///< optional (jobs database unusable)
    Core::Editor::ExportQueue *exports = nullptr;     ///< optional (no editor configured)
    Core::Editor::EditorSupervisor *editor = nullptr; ///< optional (no editor configured)
    /// "Export this draft" (the API's export routes use the same object); set with `exports`.
    Core::Editor::DraftExporter *exporter = nullptr;
    Core::ApiTokenStore *apiToken = nullptr; ///< optional
    /// "http://127.0.0.1:9001" once the API listens, else empty.
    std::function<QString()> apiAddress;
    /// The draft profile new drafts get (e.g. "jianying-pro-5.9").
    std::function<QString()> profileId;
    /// One line naming the editor and its state for the status bar and the tray, e.g.
    /// "Stand-in editor (test tool, not JianYing): ready"; unset: no editor is configured.
    std::function<QString()> editorStatusText;
    /// The automation profile driving the editor (e.g. "standin-jianying-5.9"), empty if none.
    QString automationProfile;
    /// Checks the running editor against its profile (the doctor, app/EditorHost::runDoctor);
    /// the callback runs on the GUI thread, later or (for an error found at once) before this
    /// returns. Unset: no editor runs.
    std::function<void(std::function<void(const Core::Result<QJsonObject> &)>)> runDoctor;
};

} // namespace CutPilot::Ui
