#pragma once

#include "core/editor/automationprofile.h"
#include "core/support/result.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace CutPilot::Core::Editor {
class DraftExporter;
class EditorDriverThread;
class EditorSupervisor;
class ExportQueue;
class ExportQueueStore;
} // namespace CutPilot::Core::Editor

namespace CutPilot::App {

/// The desktop editor inside the running app (issue 6): owns the EditorSupervisor, the
/// EditorDriverThread (with this platform's UI backend), the ExportQueueStore
/// (<data-dir>/exports.sqlite) and the ExportQueue, and hands them to the GUI and the API by
/// reference. Created by Application when an editor is configured (Settings' editor executable,
/// `--editor PATH`) or when `--editor standin` asks for the stand-in editor.
///
/// The automation profile follows the editor (docs/automation.md): the stand-in's own profile,
/// or the one AutomationProfiles::select() picks for the executable's product and version. An
/// editor whose version is unknown or has no profile is reported (state "failed", reason) and
/// never driven with a guessed profile (spec/editor-automation.md §10.1, fail closed).
class EditorHost final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString editor;            ///< "standin" or the editor executable
        QString automationProfile; ///< forces a profile id; empty: chosen by executable + version
        QString dataDir;           ///< exports.sqlite, the stand-in's exports and state
        QString draftsFolder;      ///< the editor's drafts folder (the stand-in's --store)
        QString standinProgram;    ///< empty: found next to CutPilot (standinCandidates())
    };

    /// What the executable says about the editor (tested without an editor).
    struct EditorIdentity
    {
        QString product; ///< jianying, capcut, standin; empty when unknown
        QString version; ///< a dotted version found in the path; empty when unknown
    };
    static EditorIdentity identify(const QString &executable);
    /// The automation profile for `identity`, or why there is none (EditorVersionUnsupported).
    static Core::Result<Core::Editor::AutomationProfile>
    chooseProfile(const Core::Editor::AutomationProfiles &profiles, const EditorIdentity &identity,
                  const QString &forcedId = {});
    /// Where the stand-in editor is looked for: $CUTPILOT_STANDIN_EDITOR, then next to CutPilot
    /// (installed: bin/standin-editor) and in the build tree (build/<preset>/tools/).
    static QStringList standinCandidates();

    explicit EditorHost(Options options, QObject *parent = nullptr);
    ~EditorHost() override;

    /// Opens the store and starts the editor and the queue. An error (no profile, no stand-in,
    /// an unusable exports database) is kept as the reason() and the queue stays null.
    void start();
    /// Stops the queue first (a running job stays "running" in the store and is redone on the
    /// next start), then the editor process: no orphan editor is left behind.
    void stop();

    bool isStandin() const { return m_standin; }
    /// Null until start() succeeded (and after stop()).
    Core::Editor::ExportQueue *queue() const { return m_queue.get(); }
    Core::Editor::EditorSupervisor *supervisor() const { return m_supervisor.get(); }
    /// "Export this draft" for the GUI and the API; null when queue() is.
    Core::Editor::DraftExporter *exporter() const { return m_exporter.get(); }
    const Core::Editor::AutomationProfile *profile() const
    {
        return m_profile ? &*m_profile : nullptr;
    }
    QString draftsFolder() const { return m_options.draftsFolder; }
    QString exportFolder() const { return m_exportFolder; }
    /// Why there is no queue (empty when there is one).
    QString unavailableReason() const { return m_error; }
    /// /api/v1/editor: {configured, state, profile, product, version, versionChange, pid, restarts,
    /// standin, lastReason, label, queue{paused, hold, currentJob}}.
    QJsonObject status() const;
    /// editor-automation.md §10.6 on the running editor: its accessibility tree (6 levels) against
    /// the profile in use (Core::Editor::doctorProblems). `done` (on this thread; at once for the
    /// errors found before the snapshot) gets doctorReport()'s JSON plus `passed` and `problems`;
    /// an error when no editor runs (Unavailable, EditorNotRunning), an export is running
    /// (Conflict) or the tree cannot be read. A pass while the queue is held (§10.5) releases the
    /// hold (`released`) and records this editor as the known one.
    void runDoctor(std::function<void(const Core::Result<QJsonObject> &)> done);
    /// One line for the log, the tray and the status bar ("stand-in editor: ready").
    QString statusText() const;

private:
    struct VersionChange
    {
        QString previous; ///< "jianying 5.9.0.11632"
        QString current;
    };

    Core::Result<> startEditor();
    /// §10.5: compares the editor with the one last seen working; a change holds the queue.
    void checkEditorVersion();
    /// runDoctor()'s verdict on a snapshot; releases a hold on a pass.
    Core::Result<QJsonObject> judgeDoctor(const Core::Result<QList<Core::Editor::UiNode>> &windows);
    QString identityText() const;

    Options m_options;
    bool m_standin = false;
    QString m_program;
    QString m_exportFolder;
    QString m_error;
    QString m_lastReason;
    EditorIdentity m_identity;
    std::optional<VersionChange> m_versionChange; ///< until a doctor passes
    std::optional<Core::Editor::AutomationProfile> m_profile;
    std::optional<Core::Editor::AutomationProfiles> m_profiles; ///< parsed once, at start
    std::unique_ptr<Core::Editor::ExportQueueStore> m_store;
    std::unique_ptr<Core::Editor::EditorDriverThread> m_driver;
    std::unique_ptr<Core::Editor::EditorSupervisor> m_supervisor;
    std::unique_ptr<Core::Editor::ExportQueue> m_queue;
    std::unique_ptr<Core::Editor::DraftExporter> m_exporter; ///< uses m_queue: declared after it
};

} // namespace CutPilot::App
