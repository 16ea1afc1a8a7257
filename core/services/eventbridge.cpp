#include "eventbridge.h"

#include "core/editor/editorsupervisor.h"
#include "core/editor/exportqueue.h"
#include "core/jobs/jobservice.h"
#include "draftworkspace.h"
#include "eventhub.h"
#include "mediaservice.h"

#include <QJsonObject>
#include <QUrl>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

QString publicUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

} // namespace

EventBridge::EventBridge(EventHub &hub, QObject *parent)
    : QObject(parent)
    , m_hub(hub)
{
}

void EventBridge::connectWorkspace(DraftWorkspace &workspace)
{
    const auto draftEvent = [this](const QString &key, const QString &change) {
        m_hub.publish(EventTopic::Drafts, QJsonObject{{u"draftId"_s, key}, {u"change"_s, change}});
    };
    connect(&workspace, &DraftWorkspace::draftOpened, this,
            [draftEvent](const QString &key) { draftEvent(key, u"opened"_s); });
    connect(&workspace, &DraftWorkspace::draftChanged, this,
            [draftEvent](const QString &key) { draftEvent(key, u"changed"_s); });
    connect(&workspace, &DraftWorkspace::draftClosed, this,
            [draftEvent](const QString &key) { draftEvent(key, u"closed"_s); });
}

void EventBridge::connectMedia(MediaService &media)
{
    connect(&media, &MediaService::downloadProgress, this,
            [this](const QUrl &url, qint64 received, qint64 total) {
                m_hub.publishThrottled(EventTopic::Downloads, url.toString(),
                                       QJsonObject{
                                           {u"url"_s, publicUrl(url)},
                                           {u"state"_s, u"running"_s},
                                           {u"received"_s, received},
                                           {u"total"_s, total},
                                       });
            });
    connect(&media, &MediaService::downloadFinished, this,
            [this](const QUrl &url, bool ok, const QString &message) {
                QJsonObject data{
                    {u"url"_s, publicUrl(url)},
                    {u"state"_s, ok ? u"finished"_s : u"failed"_s},
                };
                if (!ok)
                    data.insert(u"message"_s, message);
                // Through the same throttle as the progress, so it cannot overtake a pending
                // progress event; it replaces it and goes out at the end of the interval.
                m_hub.publishThrottled(EventTopic::Downloads, url.toString(), data);
            });
}

void EventBridge::connectJobs(JobService &jobs)
{
    connect(&jobs, &JobService::jobChanged, this, [this](const Job &job) {
        // Through the throttle keyed by the job: a final state never overtakes a pending progress
        // event, it replaces it.
        m_hub.publishThrottled(EventTopic::Jobs, job.id, job.toJson());
    });
}

void EventBridge::connectEditor(Editor::EditorSupervisor &supervisor, Editor::ExportQueue *queue,
                                bool standin)
{
    using Editor::EditorSupervisor;
    connect(&supervisor, &EditorSupervisor::stateChanged, this,
            [this, &supervisor, standin](EditorSupervisor::State state, const QString &reason) {
                QJsonObject data{
                    {u"state"_s, EditorSupervisor::stateName(state)},
                    {u"pid"_s, supervisor.pid() > 0 ? QJsonValue(supervisor.pid()) : QJsonValue()},
                    {u"restarts"_s, supervisor.restarts()},
                    {u"standin"_s, standin},
                };
                if (!reason.isEmpty())
                    data.insert(u"reason"_s, reason);
                m_hub.publish(EventTopic::Editor, data);
            });
    if (!queue)
        return;
    connect(queue, &Editor::ExportQueue::pausedChanged, this, [this](bool paused) {
        m_hub.publish(EventTopic::Editor, QJsonObject{{u"queuePaused"_s, paused}});
    });
    connect(queue, &Editor::ExportQueue::holdChanged, this, [this](const QString &reason) {
        m_hub.publish(EventTopic::Editor,
                      QJsonObject{{u"queueHold"_s, reason.isEmpty() ? QJsonValue() : reason}});
    });
    connect(queue, &Editor::ExportQueue::jobChanged, this, [this](const Editor::ExportJob &job) {
        QJsonObject data = job.toJson();
        data.insert(u"kind"_s, u"export"_s);
        m_hub.publishThrottled(EventTopic::Jobs, job.id, data);
    });
}

} // namespace CutPilot::Core
