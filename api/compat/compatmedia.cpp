// The CapCutAPI media routes: POST /add_video (spec/capcutapi-compat.md §5.2), /add_audio (§5.3)
// and /add_image (§5.4). Every parameter is read and checked before any media is touched; the
// media is then probed (local path inside the allowed folders) or downloaded and staged (URL)
// off the API thread (compatmediafetch.cpp), its length resolved at add time (FIX for the
// zero-length segments of CapCutAPI), and the segment goes in with its track in one DraftService
// step: a failed call changes nothing (§4.5).

#include "compatcatalog_p.h"
#include "compatcontext.h"
#include "compatmedia_p.h"
#include "compatroutes.h"
#include "compattext_p.h"
#include "core/draft/draftbuilders.h"
#include "core/draft/draftstore.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "core/support/log.h"

#include <QJsonArray>

#include <cmath>
#include <optional>

namespace CutPilot::Api {

using namespace Qt::StringLiterals;
using CompatText::MaxSeconds;
using CompatText::Reader;
using Core::CatalogEntry;
using Core::CatalogKind;
using Core::Error;
using Core::ErrorCode;
using Core::MediaKind;
using Core::Result;
using Core::TimeRange;
using Outcome = CompatApi::Outcome;
using Reply = CompatApi::Reply;
using MediaSpec = Core::DraftService::MediaSegmentSpec;

namespace {

// KEEP texts (§5.2-§5.4).
const QString VideoPrefix = u"Error occurred while processing video: "_s;
const QString AudioPrefix = u"Error occurred while processing audio: "_s;
const QString ImagePrefix = u"Error occurred while processing image: "_s;
/// The empty bottom video track of the first video/image add (§4.5, KEEP).
const QString BottomTrack = u"video"_s;
/// How far `end`/`duration` may pass the probed length and be taken as "the end" (container
/// and stream durations differ by a frame or so).
constexpr qint64 LengthToleranceUs = 50'000;

Outcome failed(const QString &prefix, const QString &detail)
{
    return Outcome::fail(prefix + detail + u'.');
}

/// The route-specific texts and defaults of the visual options (§5.2 vs §5.4).
struct VisualRules
{
    bool image = false;
    double maskCenterX = 0.5;
    double maskCenterY = 0.5;
    double maskSize = 1.0;
    QString defaultTrack;
};

/// Transform, track, transition, mask and background of add_video and add_image.
struct Visual
{
    Core::Transform transform;
    QString trackName;
    int relativeIndex = 0;
    std::optional<CatalogEntry> transition;
    qint64 transitionUs = 500'000;
    std::optional<CatalogEntry> mask;
    double maskCenterX = 0; ///< canvas pixels from the centre (§5.2)
    double maskCenterY = 0;
    double maskSize = 1;                 ///< fraction of the canvas height
    std::optional<double> maskRectWidth; ///< fraction of the canvas width
    double maskRotation = 0;
    double maskFeather = 0;
    double maskRoundCorner = 0;
    bool maskInvert = false;
    std::optional<int> blur;
};

QString trackNameOf(Reader &r, const QString &fallback)
{
    const QString name = r.string(u"track_name"_s, fallback);
    return name.trimmed().isEmpty() ? fallback : name; // null/"" ⇒ the default (FIX)
}

std::optional<CatalogEntry> resolveName(const CompatContext &context, Reader &r, CatalogKind kind,
                                        const QString &name, const QString &unknown,
                                        const QString &what)
{
    if (name.isEmpty() || r.error())
        return std::nullopt;
    const CompatCatalog::Resolution resolved = CompatCatalog::resolve(
        context.services().catalogs.get(), kind, context.catalogNamespace(), name);
    if (!resolved.entry)
        r.fail(CompatCatalog::unknownNameMessage(unknown, resolved, what));
    return resolved.entry;
}

Visual readVisual(Reader &r, const CompatContext &context, const VisualRules &rules)
{
    Visual v;
    v.trackName = trackNameOf(r, rules.defaultTrack);
    const qint64 relative = r.integer(u"relative_index"_s, 0);
    if (relative < 0 || relative > 9999) // video base 0; effects start at 10000 (§4.5)
        r.fail(u"relative_index must be between 0 and 9999, got %1"_s.arg(relative));
    v.relativeIndex = int(std::clamp<qint64>(relative, 0, 9999));
    v.transform.x = r.ranged(u"transform_x"_s, 0, -1000, 1000);
    v.transform.y = r.ranged(u"transform_y"_s, 0, -1000, 1000);
    v.transform.scaleX = r.positive(u"scale_x"_s, 1);
    v.transform.scaleY = r.positive(u"scale_y"_s, 1);
    for (const double scale : {v.transform.scaleX, v.transform.scaleY}) {
        if (scale > 100)
            r.fail(u"scale_x and scale_y must be at most 100, got %1"_s.arg(scale));
    }

    const QString transition = r.string(u"transition"_s);
    if (!transition.isEmpty())
        v.transitionUs = r.duration(u"transition_duration"_s, 0.5);
    v.transition = resolveName(
        context, r, CatalogKind::Transition, transition,
        rules.image
            ? u"Warning: Unsupported transition type %1, this parameter will be ignored"_s.arg(
                transition)
            : u"Unsupported transition type: %1, transition setting skipped"_s.arg(transition),
        u"transition"_s);

    const QString maskType = r.string(u"mask_type"_s);
    v.maskCenterX = r.ranged(u"mask_center_x"_s, rules.maskCenterX, -100000, 100000);
    v.maskCenterY = r.ranged(u"mask_center_y"_s, rules.maskCenterY, -100000, 100000);
    v.maskSize = r.number(u"mask_size"_s, rules.maskSize);
    if (!(v.maskSize > 0 && v.maskSize <= 10))
        r.fail(u"mask_size must be greater than 0 and at most 10, got %1"_s.arg(v.maskSize));
    v.maskRotation = r.ranged(u"mask_rotation"_s, 0, -3600, 3600);
    v.maskFeather = r.ranged(u"mask_feather"_s, 0, 0, 100);
    v.maskInvert = r.boolean(u"mask_invert"_s, false);
    if (r.has(u"mask_rect_width"_s)) {
        v.maskRectWidth = r.number(u"mask_rect_width"_s, 0);
        if (!(*v.maskRectWidth > 0 && *v.maskRectWidth <= 10))
            r.fail(u"mask_rect_width must be greater than 0 and at most 10, got %1"_s.arg(
                *v.maskRectWidth));
    }
    v.maskRoundCorner = r.ranged(u"mask_round_corner"_s, 0, 0, 100);
    const QString names = rules.image ? u"Linear, Mirror, Circle, Rectangle, Heart, Star"_s
                                      : u"linear, mirror, circle, rectangle, heart, star"_s;
    v.mask = resolveName(
        context, r, CatalogKind::Mask, maskType,
        u"Unsupported mask type %1, supported types include: %2"_s.arg(maskType, names), u"mask"_s);
    if (v.mask && v.mask->resourceType != u"rectangle") {
        // CapCutAPI reports these with the "Unsupported mask type" text; the field is named here.
        for (const QString &key : {u"mask_rect_width"_s, u"mask_round_corner"_s}) {
            if (r.has(key))
                r.fail(u"%1 applies to the rectangle mask only, not to %2"_s.arg(key, maskType));
        }
    }

    if (r.has(u"background_blur"_s)) {
        const qint64 level = r.integer(u"background_blur"_s, 0);
        if (!r.error() && (level < 1 || level > 4))
            r.fail(rules.image
                       ? u"Invalid background blur level %1, valid values are 1-4"_s.arg(level)
                       : u"Invalid background blur level: %1, valid values are: 1, 2, 3, 4"_s.arg(
                           level));
        v.blur = int(std::clamp<qint64>(level, 1, 4));
    }
    return v;
}

/// The linked materials of a visual segment. The mask's compat inputs are canvas-relative
/// (§5.2: centre in canvas pixels, size by the canvas height); the draft's are media-relative,
/// so they are converted through the media's fit into the canvas to keep the visible result.
Result<QList<Core::AuxMaterial>> visualMaterials(const Visual &v, const Core::Draft &draft,
                                                 const Core::MediaInfo &info)
{
    QList<Core::AuxMaterial> aux;
    if (v.transition) {
        Result<Core::AuxMaterial> t
            = Core::DraftBuilders::transition(*v.transition, v.transitionUs);
        if (!t)
            return t.error();
        aux.append(*t);
    }
    if (v.mask) {
        const int w = info.width;
        const int h = info.height;
        if (w <= 0 || h <= 0)
            return Error::invalidArgument(u"mask_type"_s, u"a mask needs the media's size"_s);
        const double fit = std::min(double(draft.width) / w, double(draft.height) / h);
        Core::DraftBuilders::MaskGeometry g;
        g.centerXPx = v.maskCenterX / fit;
        g.centerYPx = v.maskCenterY / fit;
        g.size = v.maskSize * draft.height / (h * fit);
        g.rectWidth = v.maskRectWidth ? *v.maskRectWidth * draft.width / (w * fit) : 0;
        g.rotation = v.maskRotation;
        g.feather = v.maskFeather;
        g.roundCorner = v.maskRoundCorner;
        g.invert = v.maskInvert;
        Result<Core::AuxMaterial> m = Core::DraftBuilders::mask(*v.mask, g, w, h);
        if (!m)
            return m.error();
        aux.append(*m);
    }
    if (v.blur) {
        Result<Core::AuxMaterial> b = Core::DraftBuilders::backgroundBlur(*v.blur);
        if (!b)
            return b.error();
        aux.append(*b);
    }
    return aux;
}

/// The media material for `fetched`: the draft's own when it already has that file (§4.6 KEEP:
/// the same URL gives the same material), else a new one.
Core::MediaMaterial materialFor(const Core::Draft &draft, const CompatMedia::Fetched &fetched,
                                MediaKind kind)
{
    for (const Core::MediaMaterial &m : draft.media) {
        if (m.path == fetched.info.path && m.kind == kind)
            return m;
    }
    Core::MediaMaterial m;
    m.id = Core::newMaterialId();
    m.kind = kind;
    m.path = fetched.info.path;
    m.name = fetched.name;
    m.durationUs
        = kind == MediaKind::Photo ? Core::MediaMaterial::PhotoDurationUs : fetched.info.durationUs;
    m.width = kind == MediaKind::Audio ? 0 : fetched.info.width;
    m.height = kind == MediaKind::Audio ? 0 : fetched.info.height;
    return m;
}

/// After a segment was added at `range` on `trackName`: attaches the transitions that waited for
/// a segment right after theirs (CompatContext::PendingTransition), and queues `waiting` (this
/// segment's transition, when none follows it yet). Returns the output warning (EXT).
QString settleTransitions(CompatContext &context, const CompatContext::Target &target,
                          const QString &trackName, TimeRange range, const QString &segmentId,
                          const std::optional<Core::AuxMaterial> &waiting)
{
    constexpr qsizetype MaxPending = 1000;
    Core::DraftService &service = *target.service;
    QString trackId;
    for (const Core::Track &t : service.draft().tracks) {
        if (t.name == trackName)
            trackId = t.id;
    }
    QStringList warnings{target.warning};
    QList<CompatContext::PendingTransition> &pending = context.pendingTransitions();
    for (qsizetype i = 0; i < pending.size();) {
        const CompatContext::PendingTransition w = pending.at(i);
        if (w.draftId != target.draftId || w.trackId != trackId || w.endUs != range.start) {
            ++i;
            continue;
        }
        pending.removeAt(i);
        const auto [track, segment] = service.draft().segment(w.segmentId);
        if (!segment || segment->target.end() != w.endUs)
            continue;
        if (Result<QString> attached = service.attachMaterial(w.segmentId, w.material); !attached)
            warnings.append(u"the transition of the previous segment could not be added: %1"_s.arg(
                attached.error().message()));
    }
    if (waiting) {
        if (pending.size() >= MaxPending)
            pending.removeFirst();
        pending.append({target.draftId, trackId, segmentId, range.end(), *waiting});
        warnings.append(u"transition '%1' is added when a segment is placed right after this one "
                        "(at %2 s)"_s.arg(waiting->json.value(u"name"_s).toString())
                            .arg(double(range.end()) / 1e6));
    }
    warnings.removeAll(QString());
    return warnings.join(u"; "_s);
}

/// The draft (§4.1), the named track (created with its bottom track when new) and the segment,
/// all or nothing (§4.5 FIX): the track type and the overlap (KEEP text) are checked first, and
/// a draft created by this call is removed again when the segment cannot be added.
/// `build` completes the spec once the draft is known (material, linked materials).
Outcome place(CompatContext &context, const CompatParams &p, const QString &prefix,
              const QString &trackName, int relativeIndex, const QString &bottomTrack,
              MediaSpec spec,
              const std::function<Result<QList<Core::AuxMaterial>>(const Core::Draft &)> &aux,
              const CompatMedia::Fetched &fetched)
{
    Result<QString> requested = p.string(u"draft_id"_s);
    if (!requested)
        return failed(prefix, requested.error().message());
    Result<CompatContext::Target> target = context.draftFor(p);
    if (!target)
        return failed(prefix, target.error().message());
    const bool created = target->draftId != *requested;
    const auto fail = [&](const QString &detail) {
        if (created) {
            if (Result<> removed = context.services().workspace->remove(target->draftId); !removed)
                Core::Log::get(Core::Log::Api)
                    ->warn("compat: could not take back draft {}: {}",
                           target->draftId.toStdString(), removed.error().message().toStdString());
        }
        return failed(prefix, detail);
    };
    Core::DraftService &service = *target->service;
    const Core::Draft &draft = service.draft();
    const Core::TrackType type
        = spec.media.kind == MediaKind::Audio ? Core::TrackType::Audio : Core::TrackType::Video;
    bool followed = false; // a segment starts where this one ends
    for (const Core::Track &t : draft.tracks) {
        if (t.name != trackName)
            continue;
        if (t.type != type)
            return fail(u"track '%1' is a %2 track"_s.arg(trackName, Core::trackTypeName(t.type)));
        if (const QString overlap = CompatContext::overlapMessage(draft, t.id, spec.target);
            !overlap.isEmpty())
            return fail(overlap);
        followed = std::any_of(t.segments.cbegin(), t.segments.cend(),
                               [&](const auto &s) { return s.target.start == spec.target.end(); });
    }
    spec.media = materialFor(draft, fetched, spec.media.kind);
    if (aux) {
        Result<QList<Core::AuxMaterial>> linked = aux(draft);
        if (!linked)
            return fail(linked.error().message());
        spec.aux = *linked;
    }
    std::optional<Core::AuxMaterial> waiting;
    const auto transition = std::find_if(spec.aux.begin(), spec.aux.end(),
                                         [](const auto &a) { return a.list == u"transitions"; });
    if (transition != spec.aux.end() && !followed) {
        waiting = *transition;
        spec.aux.erase(transition);
    }
    Result<QString> added = service.addMediaSegmentTo(trackName, relativeIndex, spec, bottomTrack);
    if (!added)
        return fail(added.error().message());
    target->warning = settleTransitions(context, *target, trackName, spec.target, *added, waiting);
    return Outcome::ok(context.output(*target));
}

/// Where add_video and add_audio play from the media (§5.2, §5.3): `start` is the in-point;
/// `end` 0/absent/null means the end of the media, or `duration` when given (the probed length
/// checks it). FIX: a start at or beyond the end and an end beyond the media are errors.
struct SourceTimes
{
    double start = 0;
    double end = 0; ///< 0: to the end
    std::optional<double> duration;
    double speed = 1;
    double targetStart = 0;
};

SourceTimes readSourceTimes(Reader &r)
{
    SourceTimes t;
    t.start = r.ranged(u"start"_s, 0, 0, MaxSeconds);
    t.end = r.ranged(u"end"_s, 0, 0, MaxSeconds);
    if (r.has(u"duration"_s)) {
        t.duration = r.number(u"duration"_s, 0);
        if (!(*t.duration > 0 && *t.duration <= MaxSeconds))
            r.fail(u"duration must be greater than 0 seconds, got %1"_s.arg(*t.duration));
    }
    if (!r.error() && t.end > 0 && t.end <= t.start)
        r.fail(u"end (%1) must be greater than start (%2)"_s.arg(t.end).arg(t.start));
    t.targetStart = r.ranged(u"target_start"_s, 0, 0, MaxSeconds);
    t.speed = r.positive(u"speed"_s, 1.0);
    return t;
}

/// The segment's source start and timeline range from the times and the probed length.
Result<std::pair<qint64, TimeRange>> resolveTimes(const SourceTimes &t, qint64 mediaUs)
{
    if (mediaUs <= 0)
        return Error(ErrorCode::InvalidArgument, u"the media has no duration"_s);
    const QString seconds = QString::number(double(mediaUs) / 1e6);
    qint64 out = mediaUs;
    if (t.duration) {
        const qint64 d = CompatParams::microseconds(*t.duration);
        if (d > mediaUs + LengthToleranceUs)
            return Error(
                ErrorCode::OutOfRange,
                u"duration %1 s is longer than the media (%2 s)"_s.arg(*t.duration).arg(seconds),
                {{u"field"_s, u"duration"_s}});
        out = std::min(d, mediaUs);
    }
    if (t.end > 0) {
        const qint64 e = CompatParams::microseconds(t.end);
        if (e > mediaUs + LengthToleranceUs)
            return Error(ErrorCode::OutOfRange,
                         u"end %1 s is beyond the media's duration %2 s"_s.arg(t.end).arg(seconds),
                         {{u"field"_s, u"end"_s}});
        out = std::min(e, mediaUs);
    }
    const qint64 in = CompatParams::microseconds(t.start);
    if (in >= out)
        return Error(ErrorCode::OutOfRange,
                     u"start %1 s is at or beyond the end of what is played (%2 s; media %3 s)"_s
                         .arg(t.start)
                         .arg(double(out) / 1e6)
                         .arg(seconds),
                     {{u"field"_s, u"start"_s}});
    // Timeline length = (out − in) / speed (§5.2); the source length follows from it (as the
    // draft stores it) and must stay inside the media.
    Core::Segment s;
    s.speed = t.speed;
    qint64 length = std::llround(double(out - in) / t.speed);
    while (length > 0 && in + s.sourceDurationFor(length) > mediaUs)
        --length;
    if (length <= 0)
        return Error(ErrorCode::OutOfRange,
                     u"the played range is shorter than 1 µs at speed %1"_s.arg(t.speed),
                     {{u"field"_s, u"speed"_s}});
    return std::pair{in, TimeRange{CompatParams::microseconds(t.targetStart), length}};
}

/// Runs the media part of a route: fails without media service, else fetches `url` and hands
/// the result to `then` on the API thread.
void withMedia(CompatContext &context, const QString &url, const QString &field,
               const QString &prefix, const Reply &reply,
               std::function<Outcome(const CompatMedia::Fetched &)> then)
{
    if (!context.services().media) {
        reply(failed(prefix, u"media service unavailable"_s));
        return;
    }
    CompatMedia::fetch(context, url, field,
                       [reply, prefix, then = std::move(then)](Result<CompatMedia::Fetched> got) {
                           if (!got) {
                               reply(failed(prefix, got.error().message()));
                               return;
                           }
                           reply(then(*got));
                       });
}

// ------------------------------------------------------------------------------------------------
// POST /add_video (§5.2)

void addVideo(CompatContext &context, const CompatParams &p, const Reply &reply)
{
    if (p.isMissing(u"video_url"_s))
        return reply(Outcome::fail(u"Hi, the required parameters 'video_url' are missing."_s));
    Reader r(p.body());
    const QString url = r.string(u"video_url"_s);
    const SourceTimes times = readSourceTimes(r);
    MediaSpec spec;
    spec.volume = r.ranged(u"volume"_s, 1.0, 0, 100);
    spec.speed = times.speed;
    spec.media.kind = MediaKind::Video;
    const Visual visual = readVisual(r, context, {false, 0.5, 0.5, 1.0, u"video_main"_s});
    spec.transform = visual.transform;
    r.string(u"draft_folder"_s); // type-checked; the draft's media paths are absolute (§9 row 29)
    if (r.error())
        return reply(failed(VideoPrefix, *r.error()));

    withMedia(
        context, url, u"video_url"_s, VideoPrefix, reply,
        [&context, p, times, spec, visual](const CompatMedia::Fetched &fetched) mutable {
            const Core::MediaInfo &info = fetched.info;
            if (!info.hasVideo)
                return failed(VideoPrefix,
                              u"video_url has no video stream (use add_audio for sound)"_s);
            if (info.isStillImage)
                return failed(VideoPrefix,
                              u"video_url is a still image (use add_image for pictures)"_s);
            Result<std::pair<qint64, TimeRange>> resolved = resolveTimes(times, info.durationUs);
            if (!resolved)
                return failed(VideoPrefix, resolved.error().message());
            spec.sourceStart = resolved->first;
            spec.target = resolved->second;
            return place(
                context, p, VideoPrefix, visual.trackName, visual.relativeIndex, BottomTrack, spec,
                [&visual, &info](const Core::Draft &draft) {
                    return visualMaterials(visual, draft, info);
                },
                fetched);
        });
}

// ------------------------------------------------------------------------------------------------
// POST /add_audio (§5.3)

/// `effect_type` by name: JianYing scene sound → voice character → speech-to-song; CapCut voice
/// filters → voice characters → speech-to-song (the same kinds in CutPilot's catalogs).
std::optional<CatalogEntry> audioEffect(const CompatContext &context, Reader &r,
                                        const QString &name)
{
    if (name.isEmpty() || r.error())
        return std::nullopt;
    for (const CatalogKind kind :
         {CatalogKind::AudioSceneEffect, CatalogKind::VoiceChanger, CatalogKind::SpeechToSong}) {
        const CompatCatalog::Resolution resolved = CompatCatalog::resolve(
            context.services().catalogs.get(), kind, context.catalogNamespace(), name);
        if (resolved.entry)
            return resolved.entry;
    }
    r.fail(u"unknown audio effect '%1'"_s.arg(name)); // FIX: CapCutAPI ignored it
    return std::nullopt;
}

/// `effect_params` in the catalog's order (not reversed here, §5.3); null entries keep the
/// default; more values than the effect has, or a value outside 0–100, is an error (KEEP).
QMap<QString, double> audioEffectValues(Reader &r, const QJsonValue &value,
                                        const std::optional<CatalogEntry> &entry)
{
    QMap<QString, double> out;
    if (value.isUndefined() || value.isNull() || r.error())
        return out;
    if (!value.isArray()) {
        r.fail(u"effect_params must be a list of numbers from 0 to 100 (or nulls)"_s);
        return out;
    }
    const QJsonArray list = value.toArray();
    if (!entry) {
        if (!list.isEmpty())
            r.fail(u"effect_params needs effect_type"_s);
        return out;
    }
    if (list.size() > entry->params.size()) {
        r.fail(u"effect_params has %1 values, but '%2' takes %3"_s.arg(list.size())
                   .arg(entry->name)
                   .arg(entry->params.size()));
        return out;
    }
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (list.at(i).isNull())
            continue;
        const QString field = u"effect_params[%1]"_s.arg(i);
        Reader item(QJsonObject{{field, list.at(i)}});
        const double v = item.number(field, 0);
        if (item.error()) {
            r.fail(*item.error());
            return out;
        }
        if (!(v >= 0 && v <= 100)) {
            r.fail(u"Invalid parameter value %1 (%2) for %3: allowed 0..100"_s.arg(v).arg(
                field, entry->params.at(i).name));
            return out;
        }
        out.insert(entry->params.at(i).name, v);
    }
    return out;
}

void addAudio(CompatContext &context, const CompatParams &p, const Reply &reply)
{
    if (p.isMissing(u"audio_url"_s))
        return reply(Outcome::fail(u"Hi, the required parameters 'audio_url' are missing."_s));
    Reader r(p.body());
    const QString url = r.string(u"audio_url"_s);
    const SourceTimes times = readSourceTimes(r);
    MediaSpec spec;
    spec.volume = r.ranged(u"volume"_s, 1.0, 0, 100);
    spec.speed = times.speed;
    spec.media.kind = MediaKind::Audio;
    const QString trackName = trackNameOf(r, u"audio_main"_s);
    r.string(u"draft_folder"_s);
    const std::optional<CatalogEntry> effect = audioEffect(context, r, r.string(u"effect_type"_s));
    const QMap<QString, double> values
        = audioEffectValues(r, p.body().value(u"effect_params"_s), effect);
    if (r.error())
        return reply(failed(AudioPrefix, *r.error()));
    if (effect) {
        Result<Core::AuxMaterial> material = Core::DraftBuilders::audioEffect(*effect, values);
        if (!material)
            return reply(failed(AudioPrefix, material.error().message()));
        spec.aux.append(*material);
    }

    withMedia(context, url, u"audio_url"_s, AudioPrefix, reply,
              [&context, p, times, spec, trackName](const CompatMedia::Fetched &fetched) mutable {
                  // A file with a picture too (a video) is used for its sound (the draft's
                  // extract_music material); its duration is the container's.
                  if (!fetched.info.hasAudio)
                      return failed(AudioPrefix, u"audio_url has no audio stream"_s);
                  Result<std::pair<qint64, TimeRange>> resolved
                      = resolveTimes(times, fetched.info.durationUs);
                  if (!resolved)
                      return failed(AudioPrefix, resolved.error().message());
                  spec.sourceStart = resolved->first;
                  spec.target = resolved->second;
                  const QList<Core::AuxMaterial> aux = spec.aux;
                  return place(
                      context, p, AudioPrefix, trackName, -1, QString(), spec,
                      [aux](const Core::Draft &) { return Result<QList<Core::AuxMaterial>>(aux); },
                      fetched);
              });
}

// ------------------------------------------------------------------------------------------------
// POST /add_image (§5.4)

void addImage(CompatContext &context, const CompatParams &p, const Reply &reply)
{
    if (p.isMissing(u"image_url"_s))
        return reply(Outcome::fail(u"Hi, the required parameters 'image_url' are missing."_s));
    Reader r(p.body());
    const QString url = r.string(u"image_url"_s);
    // start/end are the timeline range here (§5.4, quirk 5).
    const double start = r.ranged(u"start"_s, 0, 0, MaxSeconds);
    const double end = r.ranged(u"end"_s, 3.0, 0, MaxSeconds);
    if (!r.error() && end <= start)
        r.fail(u"end (%1) must be greater than start (%2)"_s.arg(end).arg(start));
    MediaSpec spec;
    spec.media.kind = MediaKind::Photo;
    spec.target = {CompatParams::microseconds(start),
                   CompatParams::microseconds(end) - CompatParams::microseconds(start)};
    if (!r.error() && spec.target.duration <= 0)
        r.fail(u"the range from start %1 to end %2 is shorter than 1 µs"_s.arg(start).arg(end));
    const Visual visual = readVisual(r, context, {true, 0, 0, 0.5, u"image_main"_s});
    spec.transform = visual.transform;
    r.string(u"draft_folder"_s);

    // Animations (KEEP names and texts; `animation` is the legacy alias of intro_animation, and
    // its duration is used only when intro_animation_duration is sent as null).
    const bool legacy = !r.has(u"intro_animation"_s);
    const QString intro = r.string(legacy ? u"animation"_s : u"intro_animation"_s);
    const bool nullIntroDuration = p.body().contains(u"intro_animation_duration"_s)
                                   && p.body().value(u"intro_animation_duration"_s).isNull();
    const QString introDurationKey
        = nullIntroDuration ? u"animation_duration"_s : u"intro_animation_duration"_s;
    QList<Core::DraftBuilders::AnimationSpec> animations;
    struct Slot
    {
        QString name;
        QString durationKey;
        CatalogKind kind;
        Core::DraftBuilders::AnimationSlot slot;
        QString word;
    };
    const Slot animationSlots[] = {
        {intro, introDurationKey, CatalogKind::VideoIntro, Core::DraftBuilders::AnimationSlot::In,
         u"entrance"_s},
        {r.string(u"outro_animation"_s), u"outro_animation_duration"_s, CatalogKind::VideoOutro,
         Core::DraftBuilders::AnimationSlot::Out, u"exit"_s},
        {r.string(u"combo_animation"_s), u"combo_animation_duration"_s, CatalogKind::VideoCombo,
         Core::DraftBuilders::AnimationSlot::Combo, u"combo"_s},
    };
    for (const Slot &s : animationSlots) {
        if (s.name.isEmpty())
            continue;
        const qint64 us = r.duration(s.durationKey, 0.5);
        const std::optional<CatalogEntry> entry = resolveName(
            context, r, s.kind, s.name,
            u"Warning: Unsupported %1 animation type %2, this parameter will be ignored"_s.arg(
                s.word, s.name),
            s.word + u" animation"_s);
        if (entry)
            animations.append({*entry, s.slot, us});
    }
    if (r.error())
        return reply(failed(ImagePrefix, *r.error()));
    std::optional<Core::AuxMaterial> animation;
    if (!animations.isEmpty()) {
        Result<Core::AuxMaterial> container
            = Core::DraftBuilders::animations(animations, spec.target.duration, false);
        if (!container)
            return reply(failed(ImagePrefix, container.error().message()));
        animation = *container;
    }

    withMedia(
        context, url, u"image_url"_s, ImagePrefix, reply,
        [&context, p, spec, visual, animation](const CompatMedia::Fetched &fetched) mutable {
            const Core::MediaInfo &info = fetched.info;
            if (!info.hasVideo || info.width <= 0 || info.height <= 0)
                return failed(ImagePrefix, u"image_url is not a picture"_s);
            // A photo plays its first 'length' of a nominal 3 h (§5.4).
            spec.sourceStart = 0;
            spec.speed = 1;
            return place(
                context, p, ImagePrefix, visual.trackName, visual.relativeIndex, BottomTrack, spec,
                [&visual, &info, &animation](const Core::Draft &draft) {
                    Result<QList<Core::AuxMaterial>> aux = visualMaterials(visual, draft, info);
                    if (aux && animation)
                        aux->append(*animation);
                    return aux;
                },
                fetched);
        });
}

} // namespace

void registerMediaRoutes(Router &router, CompatContext &context)
{
    CompatApi::addAsyncPost(
        router, u"/add_video"_s,
        u"CapCutAPI: add a video segment (start/end = source in/out, seconds) from a URL or an "
        "allowed local path."_s,
        [&context](const CompatParams &p, const Reply &reply) { addVideo(context, p, reply); });
    CompatApi::addAsyncPost(
        router, u"/add_audio"_s,
        u"CapCutAPI: add an audio segment (start/end = source in/out, seconds)."_s,
        [&context](const CompatParams &p, const Reply &reply) { addAudio(context, p, reply); });
    CompatApi::addAsyncPost(
        router, u"/add_image"_s,
        u"CapCutAPI: add a picture (start/end = timeline range, seconds) on its own video "
        "track."_s,
        [&context](const CompatParams &p, const Reply &reply) { addImage(context, p, reply); });
}

} // namespace CutPilot::Api
