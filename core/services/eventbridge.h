#pragma once

#include <QObject>

namespace CutPilot::Core {

class DraftWorkspace;
class EventHub;
class MediaService;

/// Bridges service signals into the EventHub (docs/api.md, "Events"):
///
/// - DraftWorkspace: draftOpened / draftChanged / draftClosed → topic "drafts",
///   `{"draftId": <store key>, "change": "opened" | "changed" | "closed"}`;
/// - MediaService: downloadProgress / downloadFinished → topic "downloads", throttled per URL
///   (≤ 10 Hz, the outcome is never dropped), `{"url", "state": "running" | "finished" |
///   "failed", "received", "total", "message"?}`. The URL loses user info, query and fragment
///   (they may carry credentials).
///
/// Jobs ("jobs") and editor health ("editor") are published by their owners through
/// EventHub::publishThrottled() / publish(); the composition root wires them.
/// Lives on the main thread with the services it connects.
class EventBridge final : public QObject
{
    Q_OBJECT

public:
    explicit EventBridge(EventHub &hub, QObject *parent = nullptr);

    void connectWorkspace(DraftWorkspace &workspace);
    void connectMedia(MediaService &media);

private:
    EventHub &m_hub;
};

} // namespace CutPilot::Core
