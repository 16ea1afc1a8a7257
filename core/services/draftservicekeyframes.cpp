// DraftService: keyframe edits (spec §11). The rest of the class is in draftservice.cpp.
#include "draftservice.h"
#include "draftservice_p.h"

#include <cmath>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace DraftServiceDetail;

namespace {

/// A property a segment of this kind can animate (§11's table; text/sticker rotation and alpha are
/// unverified on the editors but kept possible, volume only on sound).
bool animatable(KeyframeProperty property, TrackType track)
{
    switch (property) {
    case KeyframeProperty::Volume:
        return track == TrackType::Audio || track == TrackType::Video;
    case KeyframeProperty::Saturation:
    case KeyframeProperty::Contrast:
    case KeyframeProperty::Brightness:
        return track == TrackType::Video;
    default:
        return track == TrackType::Video || track == TrackType::Text || track == TrackType::Sticker;
    }
}

void sortKeyframes(KeyframeTrack &track)
{
    std::stable_sort(track.keyframes.begin(), track.keyframes.end(),
                     [](const Keyframe &a, const Keyframe &b) { return a.offsetUs < b.offsetUs; });
}

/// addKeyframe's edit of `d`; `id` is the new keyframe's id, replaced by the existing one's when
/// a keyframe of that property is already at `offsetUs`.
Result<> insertKeyframe(Draft &d, const QString &segmentId, KeyframeProperty property,
                        qint64 offsetUs, double value, Easing easing, QString &id)
{
    auto [track, s] = d.segment(segmentId);
    if (!s)
        return segmentNotFound(segmentId);
    if (!animatable(property, track->type))
        return Error::invalidArgument(
            u"property"_s, u"%1 cannot be animated on a %2 segment"_s.arg(
                               keyframePropertyName(property), trackTypeName(track->type)));
    // An explicit X or Y scale ends the uniform zoom and vice versa (§11).
    const bool axisScale
        = property == KeyframeProperty::ScaleX || property == KeyframeProperty::ScaleY;
    for (const KeyframeTrack &k : std::as_const(s->keyframes)) {
        if ((axisScale && k.property == KeyframeProperty::UniformScale)
            || (property == KeyframeProperty::UniformScale
                && (k.property == KeyframeProperty::ScaleX
                    || k.property == KeyframeProperty::ScaleY)))
            return Error(ErrorCode::Conflict,
                         u"uniform and per-axis scale keyframes cannot be mixed on one segment"_s,
                         {{u"field"_s, u"property"_s}});
    }
    auto it = std::find_if(s->keyframes.begin(), s->keyframes.end(), [&](const KeyframeTrack &k) {
        return k.property == property && k.unknownProperty.isEmpty();
    });
    if (it == s->keyframes.end()) {
        KeyframeTrack list;
        list.id = newMaterialId();
        list.property = property;
        s->keyframes.append(list);
        it = s->keyframes.end() - 1;
    }
    for (Keyframe &k : it->keyframes) {
        if (k.offsetUs == offsetUs) {
            k.value = value;
            k.easing = easing;
            id = k.id;
            return {};
        }
    }
    it->keyframes.append(Keyframe{id, offsetUs, value, easing, {}, {}, {}});
    sortKeyframes(*it);
    if (axisScale)
        s->uniformScale = false;
    return {};
}

} // namespace

Result<QString> DraftService::addKeyframe(const QString &segmentId, KeyframeProperty property,
                                          qint64 offsetUs, double value, Easing easing)
{
    if (!std::isfinite(value))
        return Error::invalidArgument(u"value"_s, u"a keyframe value must be a number"_s);
    QString id = newMaterialId();
    Result<> done = apply(u"Add keyframe"_s, [&](Draft &d) -> Result<> {
        return insertKeyframe(d, segmentId, property, offsetUs, value, easing, id);
    });
    if (!done)
        return done.error();
    return id;
}

Result<QStringList> DraftService::addKeyframes(const QList<KeyframeSpec> &keyframes)
{
    if (keyframes.isEmpty())
        return Error::invalidArgument(u"keyframes"_s, u"there is no keyframe to add"_s);
    QStringList ids;
    for (qsizetype i = 0; i < keyframes.size(); ++i) {
        if (!std::isfinite(keyframes.at(i).value))
            return Error::invalidArgument(u"value"_s, u"a keyframe value must be a number"_s)
                .withDetail(u"index"_s, int(i));
        ids.append(newMaterialId());
    }
    const QString text
        = keyframes.size() == 1 ? u"Add keyframe"_s : u"Add %1 keyframes"_s.arg(keyframes.size());
    Result<> done = apply(text, [&](Draft &d) -> Result<> {
        for (qsizetype i = 0; i < keyframes.size(); ++i) {
            const KeyframeSpec &k = keyframes.at(i);
            if (Result<> added
                = insertKeyframe(d, k.segmentId, k.property, k.offsetUs, k.value, k.easing, ids[i]);
                !added)
                return added.error().withDetail(u"index"_s, int(i));
        }
        return {};
    });
    if (!done)
        return done.error();
    return ids;
}

Result<> DraftService::moveKeyframe(const QString &segmentId, const QString &keyframeId,
                                    qint64 offsetUs)
{
    return apply(
        u"Move keyframe"_s,
        [&](Draft &d) -> Result<> {
            auto [track, s] = d.segment(segmentId);
            if (!s)
                return segmentNotFound(segmentId);
            for (KeyframeTrack &k : s->keyframes) {
                for (Keyframe &f : k.keyframes) {
                    if (f.id != keyframeId)
                        continue;
                    const bool taken = std::any_of(
                        k.keyframes.begin(), k.keyframes.end(), [&](const Keyframe &o) {
                            return o.id != keyframeId && o.offsetUs == offsetUs;
                        });
                    if (taken)
                        return Error(
                            ErrorCode::Conflict,
                            u"another keyframe of that property is at %1 µs"_s.arg(offsetUs),
                            {{u"field"_s, u"offset"_s}});
                    f.offsetUs = offsetUs;
                    sortKeyframes(k);
                    return {};
                }
            }
            return Error::notFound(u"keyframe"_s, keyframeId);
        },
        u"keyframe:"_s + keyframeId);
}

Result<> DraftService::removeKeyframe(const QString &segmentId, const QString &keyframeId)
{
    return apply(u"Delete keyframe"_s, [&](Draft &d) -> Result<> {
        auto [track, s] = d.segment(segmentId);
        if (!s)
            return segmentNotFound(segmentId);
        for (KeyframeTrack &k : s->keyframes) {
            if (k.keyframes.removeIf([&](const Keyframe &f) { return f.id == keyframeId; }) > 0) {
                s->keyframes.removeIf([](const KeyframeTrack &t) { return t.keyframes.isEmpty(); });
                const bool axisScale = std::any_of(
                    s->keyframes.begin(), s->keyframes.end(), [](const KeyframeTrack &t) {
                        return t.property == KeyframeProperty::ScaleX
                               || t.property == KeyframeProperty::ScaleY;
                    });
                if (!axisScale)
                    s->uniformScale = true;
                return {};
            }
        }
        return Error::notFound(u"keyframe"_s, keyframeId);
    });
}

} // namespace CutPilot::Core
