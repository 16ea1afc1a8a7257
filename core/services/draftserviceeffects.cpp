// DraftService: sticker segments (spec/draft-format.md §8.14, §10.3).

#include "draftservice.h"
#include "draftservice_p.h"

#include <algorithm>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace DraftServiceDetail;

Result<QString> DraftService::addStickerSegment(const QString &trackId, const QString &stickerId,
                                                TimeRange target, const Transform &transform)
{
    const bool digits = std::all_of(stickerId.cbegin(), stickerId.cend(),
                                    [](QChar c) { return c >= u'0' && c <= u'9'; });
    if (stickerId.isEmpty() || stickerId.size() > 19 || !digits)
        return Error::invalidArgument(
            u"sticker_id"_s, u"a sticker id is a decimal id of up to 19 digits, got \"%1\""_s.arg(
                                 stickerId.left(40)));
    if (!(transform.alpha >= 0 && transform.alpha <= 1))
        return Error::invalidArgument(u"transform.alpha"_s,
                                      u"alpha %1 is outside 0..1"_s.arg(transform.alpha));
    const QString id = newMaterialId();
    const QString materialId = newMaterialId();
    Result<> done = apply(u"Add sticker"_s, [&](Draft &d) -> Result<> {
        Track *track = d.track(trackId);
        if (!track)
            return trackNotFound(trackId);
        if (track->type != TrackType::Sticker)
            return Error::invalidArgument(u"trackId"_s, u"stickers go on sticker tracks"_s);
        Segment s;
        s.id = id;
        s.materialId = materialId;
        s.target = target;
        s.transform = transform;
        // The minimal entry the editor accepts (§8.14); ids stay strings (§2.3).
        s.main = AuxMaterial{u"stickers"_s, QJsonObject{{u"id"_s, materialId},
                                                        {u"type"_s, u"sticker"_s},
                                                        {u"resource_id"_s, stickerId},
                                                        {u"sticker_id"_s, stickerId},
                                                        {u"source_platform"_s, 1}}};
        track->segments.append(s);
        return {};
    });
    if (!done)
        return done.error();
    return id;
}

} // namespace CutPilot::Core
