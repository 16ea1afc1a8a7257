// DraftService: fully styled text segments in one undo step (spec/draft-format.md §12), as the
// CapCutAPI add_text and add_subtitle routes need them (capcutapi-compat.md §5.5, §5.6).

#include "core/draft/draftbuilders.h"
#include "draftservice.h"
#include "draftservice_p.h"

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace DraftServiceDetail;

namespace {

/// The linked materials a text segment can carry (§8.9, §8.12).
bool fitsText(const AuxMaterial &material)
{
    if (material.list == u"material_animations")
        return true;
    return material.list == u"effects"
           && (material.type() == u"text_shape" || material.type() == u"text_effect");
}

} // namespace

Result<QStringList> DraftService::addTextSegments(const QString &trackName, int relativeIndex,
                                                  const QList<TextSegmentSpec> &segments)
{
    if (trackName.isEmpty())
        return Error::missingField(u"trackName"_s);
    if (segments.isEmpty())
        return Error::invalidArgument(u"segments"_s, u"there is no text segment to add"_s);
    for (qsizetype i = 0; i < segments.size(); ++i) {
        for (const AuxMaterial &material : segments.at(i).aux) {
            if (material.id().isEmpty())
                return Error::missingField(u"segments[%1].aux.id"_s.arg(i));
            if (!fitsText(material))
                return Error::invalidArgument(
                    u"segments[%1].aux"_s.arg(i),
                    u"a %1 material cannot go on a text segment"_s.arg(
                        material.type().isEmpty() ? material.list : material.type()));
        }
    }
    QStringList ids;
    ids.reserve(segments.size());
    for (qsizetype i = 0; i < segments.size(); ++i)
        ids.append(newMaterialId());
    const QString trackId = newMaterialId();
    const QString text
        = segments.size() == 1 ? u"Add text"_s : u"Add %1 texts"_s.arg(segments.size());
    Result<> done = apply(text, [&](Draft &d) -> Result<> {
        Track *track = nullptr;
        for (Track &t : d.tracks) {
            if (t.name == trackName) {
                track = &t;
                break;
            }
        }
        if (track && track->type != TrackType::Text)
            return Error(ErrorCode::Conflict,
                         u"track '%1' is a %2 track"_s.arg(trackName, trackTypeName(track->type)),
                         {{u"field"_s, u"track_name"_s}});
        if (!track) {
            Track created;
            created.id = trackId;
            created.type = TrackType::Text;
            created.name = trackName;
            int relative = 0;
            for (const Track &t : d.tracks) {
                if (t.type == TrackType::Text)
                    relative = std::max(relative, t.relativeIndex + 1);
            }
            created.relativeIndex = relativeIndex >= 0 ? relativeIndex : relative;
            d.tracks.append(created);
            track = &d.tracks.last();
        }
        for (qsizetype i = 0; i < segments.size(); ++i) {
            const TextSegmentSpec &spec = segments.at(i);
            Segment s;
            s.id = ids.at(i);
            s.materialId = newMaterialId();
            s.target = spec.target;
            s.transform = spec.transform;
            s.text = spec.text;
            s.text->id = s.materialId;
            for (const AuxMaterial &material : spec.aux) {
                // One material per slot (one animation container, one bubble, one flower text).
                const QString slot = DraftBuilders::slotOf(material);
                s.aux.removeIf(
                    [&](const AuxMaterial &a) { return DraftBuilders::slotOf(a) == slot; });
                s.aux.append(material);
            }
            track->segments.append(s);
        }
        return {};
    });
    if (!done)
        return done.error();
    return ids;
}

} // namespace CutPilot::Core
