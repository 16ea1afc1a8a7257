#pragma once

#include "compatapi.h"
#include "core/draft/catalog/catalogentry.h"
#include "core/draft/draftmodel.h"

#include <QObject>

#include <memory>

namespace CutPilot::Core {
class DraftService;
}

namespace CutPilot::Api {

/// Shared rules of the CapCutAPI add_* routes (capcutapi-compat.md §4), for the route files
/// (compattext.cpp, compatcatalogroutes.cpp, …): implicit draft creation, tracks by name, the
/// KEEP error texts.
class CompatContext final
{
public:
    explicit CompatContext(CompatServices services)
        : m_services(std::move(services))
    {
    }

    const CompatServices &services() const { return m_services; }
    /// Context object of the asynchronous routes' continuations (media probes and downloads):
    /// destroyed with the routes, so a continuation never runs after them (its responder then
    /// answers 500).
    QObject *guard() const { return m_guard.get(); }
    /// A transition asked for on a segment that no segment follows yet: CapCutAPI attaches it to
    /// "this segment, played into the next" (§5.2), the draft rules want the next one there
    /// (draft-format.md §8.10). It waits here and is attached when a segment is added right after
    /// it (compatmedia.cpp). In memory only, bounded.
    struct PendingTransition
    {
        QString draftId;
        QString trackId;
        QString segmentId;
        qint64 endUs = 0;
        Core::AuxMaterial material;
    };
    QList<PendingTransition> &pendingTransitions() { return m_pendingTransitions; }
    /// The catalog namespace of the active editor (§3): CapCut profiles ⇒ CapCut names.
    Core::CatalogNamespace catalogNamespace() const;
    /// compat.effect_params_order: true (default) when add_effect maps `params` reversed.
    bool effectParamsReversed() const;

    struct Target
    {
        QString draftId; ///< the store key answered as draft_id
        Core::DraftService *service = nullptr;
        QString warning; ///< EXT output.warning (unknown draft_id replaced)
    };
    /// §4.1: `draft_id` missing/null/"" creates a draft (canvas from `width`/`height`, default
    /// 1080x1920, 30 fps); an unknown id also creates one, with a warning (KEEP).
    Core::Result<Target> draftFor(const CompatParams &params);
    /// Like draftFor, but an unknown or missing id is an error ("Draft <x> does not exist").
    Core::Result<Target> existingDraft(const CompatParams &params);

    /// §4.5: the track called `name`, created with `relativeIndex` when missing. Names are global
    /// across types: a track of another type is "track '<name>' is a <type> track".
    static Core::Result<QString> trackFor(Core::DraftService &service, const QString &name,
                                          Core::TrackType type, int relativeIndex = -1);
    /// §4.5 (KEEP text): the *new* segment's range in µs, or empty when it fits.
    static QString overlapMessage(const Core::Draft &draft, const QString &trackId,
                                  Core::TimeRange target);

    /// {"draft_id", "draft_url"} plus "warning" when there is one.
    QJsonObject output(const Target &target) const;

private:
    CompatServices m_services;
    std::unique_ptr<QObject> m_guard = std::make_unique<QObject>();
    QList<PendingTransition> m_pendingTransitions;
};

} // namespace CutPilot::Api
