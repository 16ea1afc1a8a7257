// The CapCutAPI catalog routes (capcutapi-compat.md §5.14, §6) and the two add_* routes that take
// their material from a catalog entry or an id: add_effect (§5.7) and add_sticker (§5.8).

#include "compatcatalog_p.h"
#include "compatcontext.h"
#include "compatroutes.h"
#include "core/draft/catalog/catalogregistry.h"
#include "core/draft/draftbuilders.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "core/support/log.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <functional>

namespace CutPilot::Api {

using namespace Qt::StringLiterals;
using Core::CatalogEntry;
using Core::CatalogKind;
using Core::CatalogNamespace;
using Core::Error;
using Core::ErrorCode;
using Core::Result;
using Core::TimeRange;
using Core::TrackType;
using Outcome = CompatApi::Outcome;

// ------------------------------------------------------------------------------------------------
// Names (§6)

namespace CompatCatalog {

QString compatName(const CatalogEntry &entry)
{
    if (!entry.aliases.isEmpty())
        return entry.aliases.constFirst();
    return entry.name.isEmpty() ? entry.nameEn : entry.name;
}

QString normalisedName(const QString &name)
{
    QString out = name.toCaseFolded();
    out.removeIf([](QChar c) { return c == u' ' || c == u'_' || c == u'-'; });
    return out;
}

Resolution resolve(const Core::CatalogRegistry *catalogs, CatalogKind kind, CatalogNamespace ns,
                   const QString &name)
{
    constexpr qsizetype MaxCloseNames = 20;
    Resolution r;
    if (!catalogs) {
        r.catalogEmpty = true;
        return r;
    }
    if (std::optional<CatalogEntry> found = catalogs->find(kind, ns, name)) {
        r.entry = std::move(found);
        return r;
    }
    const QList<CatalogEntry> entries = catalogs->list(kind, ns);
    r.catalogEmpty = entries.isEmpty();
    const QString wanted = normalisedName(name);
    if (wanted.isEmpty())
        return r;
    QList<qsizetype> matches;
    QStringList near;
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const CatalogEntry &e = entries.at(i);
        QStringList names = e.aliases;
        names << e.name << e.nameEn;
        bool exact = false;
        bool close = false;
        for (const QString &candidate : std::as_const(names)) {
            const QString n = normalisedName(candidate);
            if (n.isEmpty())
                continue;
            exact = exact || n == wanted;
            close = close || n.contains(wanted) || (n.size() >= 2 && wanted.contains(n));
        }
        if (exact)
            matches.append(i);
        else if (close && near.size() < MaxCloseNames)
            near.append(compatName(e));
    }
    if (matches.size() == 1) {
        r.entry = entries.at(matches.constFirst());
        return r;
    }
    // Ambiguous normalised matches come first among the suggestions.
    for (const qsizetype i : std::as_const(matches))
        r.closeNames.append(compatName(entries.at(i)));
    r.closeNames.append(near);
    r.closeNames = r.closeNames.mid(0, MaxCloseNames);
    return r;
}

QString unknownNameMessage(const QString &base, const Resolution &resolution, const QString &what)
{
    if (resolution.catalogEmpty)
        return base + u" (no %1 catalog is loaded)"_s.arg(what);
    if (!resolution.closeNames.isEmpty())
        return base + u" (close names: %1)"_s.arg(resolution.closeNames.join(u", "_s));
    return base;
}

} // namespace CompatCatalog

namespace {

// ------------------------------------------------------------------------------------------------
// GET routes (§5.14)

struct ListRoute
{
    QString path;
    QString what; ///< "Error occurred while getting <what> types: "
    CatalogKind kind;
    bool jianYingList = false; ///< fonts: the JianYing list in both namespaces (§6, KEEP)
};

QJsonArray namesOf(const Core::CatalogRegistry *catalogs, CatalogKind kind, CatalogNamespace ns)
{
    QJsonArray out;
    if (!catalogs)
        return out; // CutPilot ships no catalog data: nothing loaded, nothing listed
    for (const CatalogEntry &entry : catalogs->list(kind, ns))
        out.append(QJsonObject{{u"name"_s, CompatCatalog::compatName(entry)}});
    return out;
}

/// Catalog parameter values on the 0..100 scale of get_audio_effect_types (internal × 100),
/// without the float noise of the multiplication (57.99999999999999 ⇒ 58).
double percent(double value)
{
    return std::round(value * 100.0 * 1e9) / 1e9;
}

QJsonArray audioEffectsOf(const Core::CatalogRegistry *catalogs, CatalogNamespace ns)
{
    struct Group
    {
        CatalogKind kind;
        QString type;
    };
    // CapCutAPI's order and "type" labels: JianYing Tone, Audio_scene, Speech_to_song; CapCut
    // Voice_filters, Voice_characters, Speech_to_song.
    const QList<Group> groups
        = ns == CatalogNamespace::CapCut
              ? QList<Group>{{CatalogKind::AudioSceneEffect, u"Voice_filters"_s},
                             {CatalogKind::VoiceChanger, u"Voice_characters"_s},
                             {CatalogKind::SpeechToSong, u"Speech_to_song"_s}}
              : QList<Group>{{CatalogKind::VoiceChanger, u"Tone"_s},
                             {CatalogKind::AudioSceneEffect, u"Audio_scene"_s},
                             {CatalogKind::SpeechToSong, u"Speech_to_song"_s}};
    QJsonArray out;
    if (!catalogs)
        return out;
    for (const Group &group : groups) {
        for (const CatalogEntry &entry : catalogs->list(group.kind, ns)) {
            QJsonArray params;
            for (const Core::CatalogParam &p : entry.params) {
                params.append(QJsonObject{{u"name"_s, p.name},
                                          {u"default_value"_s, percent(p.defaultValue)},
                                          {u"min_value"_s, percent(p.min)},
                                          {u"max_value"_s, percent(p.max)}});
            }
            out.append(QJsonObject{{u"name"_s, CompatCatalog::compatName(entry)},
                                   {u"type"_s, group.type},
                                   {u"params"_s, params}});
        }
    }
    return out;
}

// ------------------------------------------------------------------------------------------------
// Shared parameter rules of add_effect and add_sticker

/// The largest time accepted, in seconds (Core::MaxTimeUs).
constexpr double MaxSeconds = double(Core::MaxTimeUs) / 1e6;

/// `start`/`end` as a timeline range (§4.3; FIX: negative, inverted and empty ranges are errors).
Result<TimeRange> timelineRange(const CompatParams &p, double defaultStart, double defaultEnd)
{
    Result<double> start = p.number(u"start"_s, defaultStart);
    if (!start)
        return start.error();
    Result<double> end = p.number(u"end"_s, defaultEnd);
    if (!end)
        return end.error();
    if (*start < 0)
        return Error(ErrorCode::OutOfRange, u"start must not be negative, got %1"_s.arg(*start),
                     {{u"field"_s, u"start"_s}, {u"min"_s, 0}});
    for (const auto &[key, value] : {std::pair{u"start"_s, *start}, std::pair{u"end"_s, *end}}) {
        if (value > MaxSeconds)
            return Error(ErrorCode::OutOfRange,
                         u"%1 must be at most %2 seconds, got %3"_s.arg(key)
                             .arg(QString::number(MaxSeconds, 'f', 0))
                             .arg(value),
                         {{u"field"_s, key}, {u"max"_s, MaxSeconds}});
    }
    if (*end <= *start)
        return Error(ErrorCode::OutOfRange,
                     u"end (%1) must be greater than start (%2)"_s.arg(*end).arg(*start),
                     {{u"field"_s, u"end"_s}});
    const qint64 startUs = CompatParams::microseconds(*start);
    const qint64 endUs = CompatParams::microseconds(*end);
    if (endUs <= startUs)
        return Error(
            ErrorCode::OutOfRange,
            u"the range from start %1 to end %2 is shorter than 1 µs"_s.arg(*start).arg(*end),
            {{u"field"_s, u"end"_s}});
    return TimeRange{startUs, endUs - startUs};
}

/// A number within [min, max], naming the field and the limits.
Result<double> boundedNumber(const CompatParams &p, const QString &key, double fallback, double min,
                             double max)
{
    Result<double> value = p.number(key, fallback);
    if (!value)
        return value;
    if (*value < min || *value > max)
        return Error(
            ErrorCode::OutOfRange,
            u"%1 must be between %2 and %3, got %4"_s.arg(key).arg(min).arg(max).arg(*value),
            {{u"field"_s, key}, {u"min"_s, min}, {u"max"_s, max}});
    return value;
}

/// A track name; null or "" ⇒ the route's default (FIX for CapCutAPI's unnamed tracks).
Result<QString> trackName(const CompatParams &p, const QString &fallback)
{
    Result<QString> name = p.string(u"track_name"_s, fallback);
    if (name && name->trimmed().isEmpty())
        return fallback;
    return name;
}

QString joinWarnings(const QStringList &warnings)
{
    QStringList present;
    for (const QString &w : warnings) {
        if (!w.isEmpty())
            present.append(w);
    }
    return present.join(u"; "_s);
}

/// The draft, the named track (created with `relativeIndex` when missing) and the new segment,
/// all or nothing (§4.5 FIX: a failed call changes nothing): the track type and the overlap are
/// checked before anything is created; a track or draft created by this call is taken back when
/// the segment cannot be added.
Result<CompatContext::Target>
placeSegment(CompatContext &context, const CompatParams &p, const QString &name, TrackType type,
             int relativeIndex, TimeRange range,
             const std::function<Result<QString>(Core::DraftService &, const QString &)> &add)
{
    Result<QString> requested = p.string(u"draft_id"_s);
    if (!requested)
        return requested.error();
    Result<CompatContext::Target> target = context.draftFor(p);
    if (!target)
        return target;
    Core::DraftWorkspace &workspace = *context.services().workspace;
    const bool draftCreated = target->draftId != *requested;
    Core::DraftService &service = *target->service;
    const auto undo = [&](bool trackCreated, const Error &error) -> Error {
        if (draftCreated) {
            if (Result<> removed = workspace.remove(target->draftId); !removed)
                Core::Log::get(Core::Log::Api)
                    ->warn("compat: could not take back draft {}: {}",
                           target->draftId.toStdString(), removed.error().message().toStdString());
        } else if (trackCreated) {
            service.undoStack()->undo();
        }
        return error;
    };

    const auto existing
        = std::find_if(service.draft().tracks.cbegin(), service.draft().tracks.cend(),
                       [&](const Core::Track &t) { return t.name == name; });
    const bool trackExists = existing != service.draft().tracks.cend();
    if (trackExists) {
        if (existing->type != type)
            return undo(false, Error(ErrorCode::Conflict,
                                     u"track '%1' is a %2 track"_s.arg(
                                         name, Core::trackTypeName(existing->type)),
                                     {{u"field"_s, u"track_name"_s}}));
        const QString overlap = CompatContext::overlapMessage(service.draft(), existing->id, range);
        if (!overlap.isEmpty())
            return undo(false, Error(ErrorCode::Conflict, overlap, {{u"field"_s, u"start"_s}}));
    }
    Result<QString> trackId = CompatContext::trackFor(service, name, type, relativeIndex);
    if (!trackId)
        return undo(false, trackId.error());
    Result<QString> segment = add(service, *trackId);
    if (!segment)
        return undo(!trackExists, segment.error());
    return target;
}

// ------------------------------------------------------------------------------------------------
// POST /add_effect (§5.7)

/// `params`: a list of 0..100 numbers or nulls; absent or null ⇒ all defaults (FIX: CapCutAPI
/// crashes).
Result<QList<std::optional<double>>> effectParams(const CompatParams &p)
{
    const QJsonValue value = p.body().value(u"params"_s);
    QList<std::optional<double>> out;
    if (value.isUndefined() || value.isNull())
        return out;
    if (!value.isArray())
        return Error(ErrorCode::InvalidArgument,
                     u"params must be a list of numbers from 0 to 100 (or nulls)"_s,
                     {{u"field"_s, u"params"_s}});
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString field = u"params[%1]"_s.arg(i);
        Result<double> number
            = CompatParams(QJsonObject{{field, array.at(i)}}).number(field, qQNaN());
        if (!number)
            return number.error();
        out.append(array.at(i).isNull() ? std::nullopt : std::optional<double>(*number));
    }
    return out;
}

Outcome addEffect(CompatContext &context, const CompatParams &p)
{
    if (p.isMissing(u"effect_type"_s))
        return Outcome::fail(u"Hi, the required parameters 'effect_type' are missing. Please add "
                             "them and try again."_s);
    const auto fail = [](const QString &detail) {
        return Outcome::fail(u"Error occurred while adding effect: "_s + detail + u". "_s);
    };
    Result<QString> name = p.string(u"effect_type"_s);
    if (!name)
        return fail(name.error().message());
    Result<QString> category = p.string(u"effect_category"_s, u"scene"_s);
    if (!category)
        return fail(category.error().message());
    Result<TimeRange> range = timelineRange(p, 0.0, 3.0);
    if (!range)
        return fail(range.error().message());
    Result<QString> track = trackName(p, u"effect_01"_s);
    if (!track)
        return fail(track.error().message());
    Result<QList<std::optional<double>>> values = effectParams(p);
    if (!values)
        return fail(values.error().message());

    // KEEP: only "scene" and "character"; anything else is an unknown <category> effect.
    const QString unknown = u"Unknown %1 effect type: %2"_s.arg(*category, *name);
    if (*category != u"scene" && *category != u"character")
        return fail(unknown);
    const CatalogKind kind
        = *category == u"scene" ? CatalogKind::SceneEffect : CatalogKind::CharacterEffect;
    const CompatCatalog::Resolution resolved = CompatCatalog::resolve(
        context.services().catalogs.get(), kind, context.catalogNamespace(), *name);
    if (!resolved.entry)
        return fail(CompatCatalog::unknownNameMessage(unknown, resolved, *category + u" effect"_s));
    const CatalogEntry &entry = *resolved.entry;

    // KEEP (quirk 11): the list is reversed before it is mapped onto the catalog's parameters, so
    // the last value sets the first parameter; surplus values (the first ones) are ignored.
    // compat.effect_params_order = catalog maps them in order instead (§5.7).
    const bool reversedOrder = context.effectParamsReversed();
    QList<std::optional<double>> reversed = *values;
    if (reversedOrder)
        std::reverse(reversed.begin(), reversed.end());
    QMap<QString, double> uiValues;
    QStringList dropped;
    for (qsizetype i = 0; i < reversed.size(); ++i) {
        const qsizetype original = reversedOrder ? reversed.size() - 1 - i : i;
        const std::optional<double> &v = reversed.at(i);
        if (i >= entry.params.size()) {
            const QString text
                = u"params[%1] = %2"_s.arg(original).arg(v ? QString::number(*v) : u"null"_s);
            if (reversedOrder)
                dropped.prepend(text);
            else
                dropped.append(text);
            continue;
        }
        if (!v)
            continue; // null ⇒ the parameter's default
        if (!(*v >= 0 && *v <= 100))
            return fail(u"Invalid parameter value %1 (params[%2]) for %3: allowed 0..100"_s.arg(*v)
                            .arg(original)
                            .arg(entry.params.at(i).name));
        uiValues.insert(entry.params.at(i).name, *v);
    }
    QString paramsWarning;
    if (!dropped.isEmpty())
        paramsWarning = u"params: '%1' takes %2 value(s), applied in %3 order; ignored: %4"_s.arg(
            *name, QString::number(entry.params.size()),
            reversedOrder ? u"reverse"_s : u"catalog"_s, dropped.join(u", "_s));

    Result<Core::AuxMaterial> material = Core::DraftBuilders::videoEffect(entry, uiValues, true);
    if (!material)
        return fail(material.error().message());
    // Effect tracks sit at render index 10000 like CapCutAPI's (relative index 0).
    Result<CompatContext::Target> target
        = placeSegment(context, p, *track, TrackType::Effect, 0, *range,
                       [&](Core::DraftService &service, const QString &trackId) {
                           return service.addEffectSegment(trackId, *material, *range);
                       });
    if (!target)
        return fail(target.error().message());
    target->warning = joinWarnings({target->warning, paramsWarning});
    return Outcome::ok(context.output(*target));
}

// ------------------------------------------------------------------------------------------------
// POST /add_sticker (§5.8)

Outcome addSticker(CompatContext &context, const CompatParams &p)
{
    if (p.isMissing(u"sticker_id"_s))
        return Outcome::fail(u"Hi, the required parameter 'sticker_id' is missing. Please add it "
                             "and try again. "_s);
    const auto fail = [](const QString &detail) {
        return Outcome::fail(u"Error occurred while adding sticker: "_s + detail + u". "_s);
    };
    // Strings, or JSON integers kept to the last digit (§4.3), written as strings.
    Result<QString> id = p.id(u"sticker_id"_s);
    if (!id)
        return fail(id.error().message());
    const bool digits
        = std::all_of(id->cbegin(), id->cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    if (id->isEmpty() || id->size() > 19 || !digits)
        return fail(
            u"sticker_id must be a decimal id of up to 19 digits, got \"%1\""_s.arg(id->left(40)));
    Result<TimeRange> range = timelineRange(p, 0.0, 5.0);
    if (!range)
        return fail(range.error().message());

    Core::Transform transform;
    struct NumberField
    {
        QString key;
        double fallback;
        double min;
        double max;
        double *into;
        bool positive = false; ///< min excluded
    };
    // Limits are generous (FIX: CapCutAPI accepts anything and writes a broken segment).
    const NumberField numbers[] = {
        {u"transform_x"_s, 0.0, -1000.0, 1000.0, &transform.x},
        {u"transform_y"_s, 0.0, -1000.0, 1000.0, &transform.y},
        {u"scale_x"_s, 1.0, 0.0, 100.0, &transform.scaleX, true},
        {u"scale_y"_s, 1.0, 0.0, 100.0, &transform.scaleY, true},
        {u"alpha"_s, 1.0, 0.0, 1.0, &transform.alpha},
        {u"rotation"_s, 0.0, -3600.0, 3600.0, &transform.rotation},
    };
    for (const NumberField &field : numbers) {
        Result<double> value = boundedNumber(p, field.key, field.fallback, field.min, field.max);
        if (!value)
            return fail(value.error().message());
        if (field.positive && *value <= field.min)
            return fail(
                u"%1 must be greater than %2, got %3"_s.arg(field.key).arg(field.min).arg(*value));
        *field.into = *value;
    }
    Result<bool> flipH = p.boolean(u"flip_horizontal"_s, false);
    if (!flipH)
        return fail(flipH.error().message());
    Result<bool> flipV = p.boolean(u"flip_vertical"_s, false);
    if (!flipV)
        return fail(flipV.error().message());
    transform.flipHorizontal = *flipH;
    transform.flipVertical = *flipV;
    Result<QString> track = trackName(p, u"sticker_main"_s);
    if (!track)
        return fail(track.error().message());
    // Render index 14000 + relative_index when the track is created (§4.5, KEEP); text starts at
    // 15000, so at most 999.
    Result<qint64> relativeIndex = p.integer(u"relative_index"_s, 0);
    if (!relativeIndex)
        return fail(relativeIndex.error().message());
    if (*relativeIndex < 0 || *relativeIndex > 999)
        return fail(Error::outOfRange(u"relative_index"_s, *relativeIndex, 0, 999).message());

    Result<CompatContext::Target> target
        = placeSegment(context, p, *track, TrackType::Sticker, int(*relativeIndex), *range,
                       [&](Core::DraftService &service, const QString &trackId) {
                           return service.addStickerSegment(trackId, *id, *range, transform);
                       });
    if (!target)
        return fail(target.error().message());
    // EXT: CapCutAPI has no sticker catalog and accepts any id; say when ours does not know it.
    const Core::CatalogRegistry *catalogs = context.services().catalogs.get();
    if (!catalogs
        || !catalogs->findByResourceId(CatalogKind::Sticker, context.catalogNamespace(), *id))
        target->warning = joinWarnings(
            {target->warning,
             u"sticker id not in catalog; the editor must be able to download it"_s});
    return Outcome::ok(context.output(*target));
}

} // namespace

void registerCatalogRoutes(Router &router, CompatContext &context)
{
    const QList<ListRoute> lists{
        {u"/get_intro_animation_types"_s, u"entrance animation"_s, CatalogKind::VideoIntro},
        {u"/get_outro_animation_types"_s, u"exit animation"_s, CatalogKind::VideoOutro},
        {u"/get_combo_animation_types"_s, u"combo animation"_s, CatalogKind::VideoCombo},
        {u"/get_transition_types"_s, u"transition animation"_s, CatalogKind::Transition},
        {u"/get_mask_types"_s, u"mask"_s, CatalogKind::Mask},
        {u"/get_font_types"_s, u"font"_s, CatalogKind::Font, true},
        {u"/get_text_intro_types"_s, u"text entrance animation"_s, CatalogKind::TextIntro},
        {u"/get_text_outro_types"_s, u"text exit animation"_s, CatalogKind::TextOutro},
        {u"/get_text_loop_anim_types"_s, u"text loop animation"_s, CatalogKind::TextLoop},
        {u"/get_video_scene_effect_types"_s, u"scene effect"_s, CatalogKind::SceneEffect},
        {u"/get_video_character_effect_types"_s, u"character effect"_s,
         CatalogKind::CharacterEffect},
    };
    for (const ListRoute &route : lists) {
        CompatApi::addGet(
            router, route.path,
            u"CapCutAPI: the %1 names of the active catalog namespace."_s.arg(route.what),
            [&context, route] {
                const CatalogNamespace ns
                    = route.jianYingList ? CatalogNamespace::JianYing : context.catalogNamespace();
                return Outcome::ok(namesOf(context.services().catalogs.get(), route.kind, ns));
            });
    }
    CompatApi::addGet(router, u"/get_audio_effect_types"_s,
                      u"CapCutAPI: the audio effects (name, type, parameters 0..100) of the active "
                      "catalog namespace."_s,
                      [&context] {
                          return Outcome::ok(audioEffectsOf(context.services().catalogs.get(),
                                                            context.catalogNamespace()));
                      });

    CompatApi::addPost(router, u"/add_effect"_s,
                       u"CapCutAPI: a scene or character effect on an effect track (seconds)."_s,
                       [&context](const CompatParams &p) { return addEffect(context, p); });
    CompatApi::addPost(router, u"/add_sticker"_s,
                       u"CapCutAPI: a sticker by resource id on a sticker track (seconds)."_s,
                       [&context](const CompatParams &p) { return addSticker(context, p); });
}

} // namespace CutPilot::Api
