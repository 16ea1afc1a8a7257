// Real services in a temporary data folder for the GUI tests: Settings, DraftStore, DraftWorkspace,
// EventHub with the EventBridge (as app/Application wires them), handed over as UiServices.
#pragma once

#include "core/draft/draftstore.h"
#include "core/editor/editordriverthread.h"
#include "core/editor/editorsupervisor.h"
#include "core/editor/exportqueue.h"
#include "core/editor/exportqueuestore.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "core/services/eventbridge.h"
#include "core/services/eventhub.h"
#include "core/support/settings.h"
#include "ui/uiservices.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

struct UiTestFixture
{
    UiTestFixture()
        : settings(CutPilot::Core::Settings::Options{
            CutPilot::Core::Settings::defaultFilePath(dir.path()), dir.path()})
        , store(QDir(dir.path()).filePath(QStringLiteral("drafts")))
        , bridge(hub)
    {
        if (!store.open())
            qFatal("draft store did not open");
        workspace = std::make_unique<CutPilot::Core::DraftWorkspace>(store);
        bridge.connectWorkspace(*workspace);
        services.settings = &settings;
        services.drafts = &store;
        services.workspace = workspace.get();
        services.events = &hub;
        services.apiAddress = [] {
            return QStringLiteral("http://127.0.0.1:9001");
        };
        services.profileId = [] {
            return QStringLiteral("jy5-win");
        };
    }

    /// A stored draft named `name`, created the way POST /api/v1/drafts does.
    QString createDraft(const QString &name)
    {
        CutPilot::Core::Draft draft;
        draft.id = CutPilot::Core::newDraftGuid();
        draft.name = name;
        CutPilot::Core::Result<QString> key = workspace->create(draft, QStringLiteral("jy5-win"));
        if (!key)
            qFatal("%s", qPrintable(key.error().message()));
        return *key;
    }

    QString logsFolder() const { return QDir(dir.path()).filePath(QStringLiteral("logs")); }

    QTemporaryDir dir;
    CutPilot::Core::Settings settings;
    CutPilot::Core::DraftStore store;
    CutPilot::Core::EventHub hub;
    CutPilot::Core::EventBridge bridge;
    std::unique_ptr<CutPilot::Core::DraftWorkspace> workspace;
    CutPilot::Ui::UiServices services;
};

/// The export machinery with no editor behind it: the supervisor is never started, so jobs stay
/// queued; queue, cancel, retry, pause and health are real.
struct QueueRig
{
    explicit QueueRig(const QString &root)
        : store(root + QStringLiteral("/exports.sqlite"))
        , driver([](qint64) { return std::unique_ptr<CutPilot::Core::Editor::UiBackend>(); }, {})
        , supervisor(CutPilot::Core::Editor::EditorSupervisor::Options{},
                     [](qint64) { return QtFuture::makeReadyFuture(false); })
    {
        if (!store.open())
            qFatal("exports store did not open");
        CutPilot::Core::Editor::ExportQueue::Options options;
        options.exportFolder = root + QStringLiteral("/exports");
        queue = std::make_unique<CutPilot::Core::Editor::ExportQueue>(store, supervisor, driver,
                                                                      options);
        queue->start();
    }
    ~QueueRig()
    {
        queue.reset();
        supervisor.stop();
    }
    CutPilot::Core::Editor::ExportQueueStore store;
    CutPilot::Core::Editor::EditorDriverThread driver;
    CutPilot::Core::Editor::EditorSupervisor supervisor;
    std::unique_ptr<CutPilot::Core::Editor::ExportQueue> queue;
};
