#include "compatcontext.h"

#include "core/draft/draftstore.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "core/support/log.h"
#include "core/support/settings.h"

namespace CutPilot::Api {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::ErrorCode;
using Core::Result;

Core::CatalogNamespace CompatContext::catalogNamespace() const
{
    const QString chosen = m_services.settings ? m_services.settings->compatNamespace() : QString();
    if (chosen == u"capcut")
        return Core::CatalogNamespace::CapCut;
    if (chosen == u"jianying")
        return Core::CatalogNamespace::JianYing;
    return m_services.profileId().startsWith(u"cc"_s) ? Core::CatalogNamespace::CapCut
                                                      : Core::CatalogNamespace::JianYing;
}

bool CompatContext::effectParamsReversed() const
{
    return !m_services.settings || m_services.settings->compatEffectParamsOrder() != u"catalog";
}

Result<CompatContext::Target> CompatContext::draftFor(const CompatParams &params)
{
    Result<QString> id = params.string(u"draft_id"_s);
    if (!id)
        return id.error();
    Core::DraftWorkspace &workspace = *m_services.workspace;
    Target target;
    if (!id->isEmpty() && workspace.store().contains(*id)) {
        Result<Core::DraftService *> opened = workspace.open(*id);
        if (!opened)
            return opened.error();
        target.draftId = *id;
        target.service = *opened;
        return target;
    }
    // compat.unknown_draft_id = error: a typo is an error instead of a new draft (§4.1).
    if (!id->isEmpty() && m_services.settings
        && m_services.settings->compatUnknownDraftId() == u"error")
        return Error(ErrorCode::NotFound, u"Draft %1 does not exist"_s.arg(*id));
    // Implicit creation (KEEP): the canvas from this call's width/height.
    Result<qint64> width = params.integer(u"width"_s, 1080);
    Result<qint64> height = params.integer(u"height"_s, 1920);
    if (!width)
        return width.error();
    if (!height)
        return height.error();
    if (*width < 16 || *width > 8192)
        return Error::outOfRange(u"width"_s, *width, 16, 8192);
    if (*height < 16 || *height > 8192)
        return Error::outOfRange(u"height"_s, *height, 16, 8192);
    const QString newId = CompatApi::newDraftId();
    Core::Draft draft;
    draft.width = int(*width);
    draft.height = int(*height);
    draft.fps = 30;
    draft.name = newId;
    Result<QString> created = workspace.create(std::move(draft), m_services.profileId(), newId);
    if (!created)
        return created.error();
    Result<Core::DraftService *> opened = workspace.open(newId);
    if (!opened)
        return opened.error();
    if (!id->isEmpty()) {
        target.warning = u"draft_id %1 not found; created new draft %2"_s.arg(*id, newId);
        Core::Log::get(Core::Log::Api)->warn("{}", target.warning.toStdString());
    }
    target.draftId = newId;
    target.service = *opened;
    return target;
}

Result<CompatContext::Target> CompatContext::existingDraft(const CompatParams &params)
{
    Result<QString> id = params.string(u"draft_id"_s);
    if (!id)
        return id.error();
    Core::DraftWorkspace &workspace = *m_services.workspace;
    if (id->isEmpty() || !workspace.store().contains(*id))
        return Error(ErrorCode::NotFound, u"Draft %1 does not exist"_s.arg(*id));
    Result<Core::DraftService *> opened = workspace.open(*id);
    if (!opened)
        return opened.error();
    return Target{*id, *opened, {}};
}

Result<QString> CompatContext::trackFor(Core::DraftService &service, const QString &name,
                                        Core::TrackType type, int relativeIndex)
{
    for (const Core::Track &track : service.draft().tracks) {
        if (track.name != name)
            continue;
        if (track.type != type)
            return Error(ErrorCode::Conflict,
                         u"track '%1' is a %2 track"_s.arg(name, Core::trackTypeName(track.type)),
                         {{u"field"_s, u"track_name"_s}});
        return track.id;
    }
    return service.addTrack(type, name, relativeIndex);
}

QString CompatContext::overlapMessage(const Core::Draft &draft, const QString &trackId,
                                      Core::TimeRange target)
{
    const Core::Track *track = draft.track(trackId);
    if (!track)
        return {};
    for (const Core::Segment &s : track->segments) {
        if (s.target.overlaps(target))
            return u"New segment overlaps with existing segment [start: %1, end: %2]"_s
                .arg(target.start)
                .arg(target.start + target.duration);
    }
    return {};
}

QJsonObject CompatContext::output(const Target &target) const
{
    QJsonObject out{{u"draft_id"_s, target.draftId},
                    {u"draft_url"_s, m_services.draftUrl(target.draftId)}};
    if (!target.warning.isEmpty())
        out.insert(u"warning"_s, target.warning);
    return out;
}

} // namespace CutPilot::Api
