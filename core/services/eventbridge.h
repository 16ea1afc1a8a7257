#pragma once

#include <QObject>

namespace CutPilot::Core {

class DraftWorkspace;
class EventHub;
class JobService;
class MediaService;
namespace Editor {
class EditorSupervisor;
class ExportQueue;
} // namespace Editor

/// Bridges service signals into the EventHub (docs/api.md, "Events"):
///
/// - DraftWorkspace: draftOpened / draftChanged / draftClosed → topic "drafts",
///   `{"draftId": <store key>, "change": "opened" | "changed" | "closed"}`;
/// - MediaService: downloadProgress / downloadFinished → topic "downloads", throttled per URL
///   (≤ 10 Hz, the outcome is never dropped), `{"url", "state": "running" | "finished" |
///   "failed", "received", "total", "message"?}`. The URL loses user info, query and fragment
///   (they may carry credentials).
/// - JobService: jobChanged → topic "jobs", the job's JSON (Job::toJson), throttled per job
///   (≤ 10 Hz, the last state is never dropped).
///
/// - EditorSupervisor: stateChanged → topic "editor", `{"state", "reason"?, "pid", "restarts",
///   "standin"}` (every change, unthrottled: they are rare); ExportQueue: pausedChanged → topic
///   "editor", `{"queuePaused"}`; holdChanged → topic "editor", `{"queueHold": reason | null}`;
///   jobChanged → topic "jobs", the export job's JSON with
///   `"kind": "export"`, throttled per job like JobService's.
/// Lives on the main thread with the services it connects.
class EventBridge final : public QObject
{
    Q_OBJECT

public:
    explicit EventBridge(EventHub &hub, QObject *parent = nullptr);

    void connectWorkspace(DraftWorkspace &workspace);
    void connectMedia(MediaService &media);
    void connectJobs(JobService &jobs);
    /// `queue` may be null (an editor without a usable queue still reports its health).
    void connectEditor(Editor::EditorSupervisor &supervisor, Editor::ExportQueue *queue,
                       bool standin);

private:
    EventHub &m_hub;
};

} // namespace CutPilot::Core
