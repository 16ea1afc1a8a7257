#include "draftbuilders.h"

#include <QJsonArray>

namespace CutPilot::Core::DraftBuilders {

using namespace Qt::StringLiterals;

namespace {

Result<> expectKind(const CatalogEntry &entry, std::initializer_list<CatalogKind> kinds,
                    const QString &what)
{
    for (CatalogKind kind : kinds) {
        if (entry.kind == kind)
            return {};
    }
    return Error::invalidArgument(u"catalog"_s, u"'%1' is a %2, not a %3"_s.arg(
                                                    entry.name, catalogKindName(entry.kind), what));
}

QJsonArray parameterInstances(const CatalogEntry &entry, const QMap<QString, double> &uiValues)
{
    QJsonArray params;
    for (qsizetype i = 0; i < entry.params.size(); ++i) {
        const CatalogParam &p = entry.params.at(i);
        const double value = uiValues.contains(p.name) ? parameterValue(p, uiValues.value(p.name))
                                                       : p.defaultValue;
        params.append(QJsonObject{{u"name"_s, p.name},
                                  {u"default_value"_s, p.defaultValue},
                                  {u"min_value"_s, p.min},
                                  {u"max_value"_s, p.max},
                                  {u"value"_s, value},
                                  {u"parameterIndex"_s, int(i)},
                                  {u"portIndex"_s, 0}});
    }
    return params;
}

Result<> checkUiValues(const CatalogEntry &entry, const QMap<QString, double> &uiValues)
{
    for (auto it = uiValues.begin(); it != uiValues.end(); ++it) {
        const bool known = std::any_of(entry.params.begin(), entry.params.end(),
                                       [&](const CatalogParam &p) { return p.name == it.key(); });
        if (!known)
            return Error::invalidArgument(
                u"params."_s + it.key(), u"'%1' has no parameter '%2'"_s.arg(entry.name, it.key()));
        if (!(it.value() >= 0 && it.value() <= 100))
            return Error::outOfRange(u"params."_s + it.key(), qint64(it.value()), 0, 100);
    }
    return {};
}

} // namespace

double parameterValue(const CatalogParam &param, double uiValue)
{
    return param.min + (param.max - param.min) * uiValue / 100.0;
}

Result<AuxMaterial> transition(const CatalogEntry &entry, std::optional<qint64> durationUs)
{
    if (Result<> ok = expectKind(entry, {CatalogKind::Transition}, u"transition"_s); !ok)
        return ok.error();
    const qint64 duration
        = durationUs.value_or(entry.defaultDurationUs > 0 ? entry.defaultDurationUs : 500'000);
    if (duration <= 0 || duration > 60'000'000)
        return Error::outOfRange(u"duration"_s, duration, 1, 60'000'000);
    return AuxMaterial{u"transitions"_s, QJsonObject{{u"id"_s, newMaterialId()},
                                                     {u"type"_s, u"transition"_s},
                                                     {u"name"_s, entry.name},
                                                     {u"effect_id"_s, entry.effectId},
                                                     {u"resource_id"_s, entry.resourceId},
                                                     {u"duration"_s, duration},
                                                     {u"is_overlap"_s, entry.overlap},
                                                     {u"platform"_s, u"all"_s},
                                                     {u"category_id"_s, u""_s},
                                                     {u"category_name"_s, u""_s}}};
}

Result<AuxMaterial> filter(const CatalogEntry &entry, double intensity, bool onFilterTrack)
{
    if (Result<> ok = expectKind(entry, {CatalogKind::Filter}, u"filter"_s); !ok)
        return ok.error();
    if (!(intensity >= 0 && intensity <= 1))
        return Error::invalidArgument(u"intensity"_s,
                                      u"intensity %1 is outside 0..1"_s.arg(intensity));
    // effect_id == resource_id for filters (§13.2).
    const QString id = entry.resourceId.isEmpty() ? entry.effectId : entry.resourceId;
    return AuxMaterial{u"effects"_s, QJsonObject{{u"id"_s, newMaterialId()},
                                                 {u"type"_s, u"filter"_s},
                                                 {u"name"_s, entry.name},
                                                 {u"effect_id"_s, id},
                                                 {u"resource_id"_s, id},
                                                 {u"value"_s, intensity},
                                                 {u"adjust_params"_s, QJsonArray()},
                                                 {u"apply_target_type"_s, onFilterTrack ? 2 : 0},
                                                 {u"source_platform"_s, 1},
                                                 {u"sub_type"_s, u"none"_s},
                                                 {u"platform"_s, u"all"_s},
                                                 {u"bloom_params"_s, QJsonValue::Null},
                                                 {u"color_match_info"_s,
                                                  QJsonObject{{u"source_feature_path"_s, u""_s},
                                                              {u"target_feature_path"_s, u""_s},
                                                              {u"target_image_path"_s, u""_s}}},
                                                 {u"enable_skin_tone_correction"_s, false},
                                                 {u"exclusion_group"_s, QJsonArray()},
                                                 {u"face_adjust_params"_s, QJsonArray()},
                                                 {u"intensity_key"_s, u""_s},
                                                 {u"multi_language_current"_s, u""_s},
                                                 {u"panel_id"_s, u""_s},
                                                 {u"algorithm_artifact_path"_s, u""_s},
                                                 {u"formula_id"_s, u""_s},
                                                 {u"time_range"_s, QJsonValue::Null},
                                                 {u"version"_s, u""_s},
                                                 {u"category_id"_s, u""_s},
                                                 {u"category_name"_s, u""_s}}};
}

Result<AuxMaterial> mixMode(const CatalogEntry &entry)
{
    if (Result<> ok = expectKind(entry, {CatalogKind::MixMode}, u"mix mode"_s); !ok)
        return ok.error();
    return AuxMaterial{u"effects"_s, QJsonObject{{u"id"_s, newMaterialId()},
                                                 {u"type"_s, u"mix_mode"_s},
                                                 {u"name"_s, entry.name},
                                                 {u"effect_id"_s, entry.effectId},
                                                 {u"resource_id"_s, entry.resourceId},
                                                 {u"value"_s, 1.0},
                                                 {u"apply_target_type"_s, 0},
                                                 {u"platform"_s, u"all"_s},
                                                 {u"source_platform"_s, 0},
                                                 {u"category_id"_s, u""_s},
                                                 {u"category_name"_s, u""_s},
                                                 {u"sub_type"_s, u"none"_s},
                                                 {u"time_range"_s, QJsonValue::Null}}};
}

Result<AuxMaterial> videoEffect(const CatalogEntry &entry, const QMap<QString, double> &uiValues,
                                bool onEffectTrack)
{
    if (Result<> ok = expectKind(entry, {CatalogKind::SceneEffect, CatalogKind::CharacterEffect},
                                 u"scene or character effect"_s);
        !ok)
        return ok.error();
    if (Result<> ok = checkUiValues(entry, uiValues); !ok)
        return ok.error();
    return AuxMaterial{
        u"video_effects"_s,
        QJsonObject{{u"id"_s, newMaterialId()},
                    {u"type"_s, entry.kind == CatalogKind::CharacterEffect ? u"face_effect"_s
                                                                           : u"video_effect"_s},
                    {u"name"_s, entry.name},
                    {u"effect_id"_s, entry.effectId},
                    {u"resource_id"_s, entry.resourceId},
                    {u"adjust_params"_s, parameterInstances(entry, uiValues)},
                    {u"apply_target_type"_s, onEffectTrack ? 2 : 0},
                    {u"apply_time_range"_s, QJsonValue::Null},
                    {u"time_range"_s, QJsonValue::Null},
                    {u"render_index"_s, 11000},
                    {u"track_render_index"_s, 0},
                    {u"category_id"_s, u""_s},
                    {u"category_name"_s, u""_s},
                    {u"common_keyframes"_s, QJsonArray()},
                    {u"disable_effect_faces"_s, QJsonArray()},
                    {u"formula_id"_s, u""_s},
                    {u"platform"_s, u"all"_s},
                    {u"source_platform"_s, 0},
                    {u"value"_s, 1.0},
                    {u"version"_s, u""_s}}};
}

Result<AuxMaterial> audioEffect(const CatalogEntry &entry, const QMap<QString, double> &uiValues)
{
    if (Result<> ok = expectKind(
            entry,
            {CatalogKind::AudioSceneEffect, CatalogKind::VoiceChanger, CatalogKind::SpeechToSong},
            u"audio effect"_s);
        !ok)
        return ok.error();
    if (Result<> ok = checkUiValues(entry, uiValues); !ok)
        return ok.error();
    QString categoryId = u"sound_effect"_s;
    QString categoryName = u"场景音"_s;
    int subType = 1;
    if (entry.kind == CatalogKind::VoiceChanger) {
        categoryId = u"tone"_s;
        categoryName = u"音色"_s;
        subType = 2;
    } else if (entry.kind == CatalogKind::SpeechToSong) {
        categoryId = u"speech_to_song"_s;
        categoryName = u"声音成曲"_s;
        subType = 3;
    }
    return AuxMaterial{
        u"audio_effects"_s,
        QJsonObject{{u"id"_s, newMaterialId()},
                    {u"type"_s, u"audio_effect"_s},
                    {u"name"_s, entry.name},
                    {u"resource_id"_s, entry.resourceId},
                    {u"category_id"_s, categoryId},
                    {u"category_name"_s, categoryName},
                    {u"sub_type"_s, subType},
                    {u"audio_adjust_params"_s, parameterInstances(entry, uiValues)},
                    {u"is_ugc"_s, false},
                    {u"production_path"_s, u""_s},
                    {u"speaker_id"_s, u""_s},
                    {u"time_range"_s, QJsonObject{{u"start"_s, 0}, {u"duration"_s, 0}}}}};
}

Result<AuxMaterial> mask(const CatalogEntry &entry, const MaskGeometry &g, int mediaWidth,
                         int mediaHeight, const QString &list)
{
    if (Result<> ok = expectKind(entry, {CatalogKind::Mask}, u"mask"_s); !ok)
        return ok.error();
    if (mediaWidth <= 0 || mediaHeight <= 0)
        return Error::invalidArgument(u"media"_s, u"a mask needs the media's size"_s);
    if (!(g.size > 0 && g.size <= 10))
        return Error::invalidArgument(u"size"_s, u"mask size %1 is outside 0..10"_s.arg(g.size));
    if (!(g.feather >= 0 && g.feather <= 100) || !(g.roundCorner >= 0 && g.roundCorner <= 100))
        return Error::invalidArgument(u"feather"_s, u"feather and round corner are 0..100"_s);
    const double aspect = entry.defaultAspectRatio > 0 ? entry.defaultAspectRatio : 1.0;
    const bool rectangle = entry.resourceType == u"rectangle";
    // Media-relative geometry (pyJianYingDraft convention, §8.13).
    const double width = rectangle ? (g.rectWidth > 0 ? g.rectWidth : g.size)
                                   : g.size * mediaHeight * aspect / mediaWidth;
    return AuxMaterial{
        list,
        QJsonObject{{u"id"_s, newMaterialId()},
                    {u"type"_s, u"mask"_s},
                    {u"name"_s, entry.name},
                    {u"resource_type"_s, entry.resourceType},
                    {u"resource_id"_s, entry.resourceId},
                    {u"platform"_s, u"all"_s},
                    {u"position_info"_s, u""_s},
                    {u"config"_s, QJsonObject{{u"centerX"_s, g.centerXPx / (mediaWidth / 2.0)},
                                              {u"centerY"_s, g.centerYPx / (mediaHeight / 2.0)},
                                              {u"width"_s, width},
                                              {u"height"_s, g.size},
                                              {u"aspectRatio"_s, aspect},
                                              {u"rotation"_s, g.rotation},
                                              {u"invert"_s, g.invert},
                                              {u"feather"_s, g.feather / 100.0},
                                              {u"roundCorner"_s, g.roundCorner / 100.0}}}}};
}

Result<AuxMaterial> backgroundBlur(int level)
{
    static constexpr double blur[] = {0.0625, 0.375, 0.75, 1.0}; // the editor's four steps (§8.8)
    if (level < 1 || level > 4)
        return Error::outOfRange(u"blur"_s, level, 1, 4);
    return AuxMaterial{u"canvases"_s, QJsonObject{{u"id"_s, newMaterialId()},
                                                  {u"type"_s, u"canvas_blur"_s},
                                                  {u"blur"_s, blur[level - 1]},
                                                  {u"color"_s, u"#00000000"_s},
                                                  {u"source_platform"_s, 0}}};
}

AuxMaterial backgroundColor(const QColor &color)
{
    const QString rgba = color.name(QColor::HexRgb).toUpper()
                         + u"%1"_s.arg(color.alpha(), 2, 16, QChar(u'0')).toUpper();
    return AuxMaterial{u"canvases"_s, QJsonObject{{u"id"_s, newMaterialId()},
                                                  {u"type"_s, u"canvas_color"_s},
                                                  {u"blur"_s, 0.0},
                                                  {u"color"_s, rgba},
                                                  {u"source_platform"_s, 0}}};
}

Result<AuxMaterial> textBubble(const CatalogEntry &entry)
{
    if (Result<> ok = expectKind(entry, {CatalogKind::TextBubble}, u"text bubble"_s); !ok)
        return ok.error();
    return AuxMaterial{u"effects"_s, QJsonObject{{u"id"_s, newMaterialId()},
                                                 {u"type"_s, u"text_shape"_s},
                                                 {u"effect_id"_s, entry.effectId},
                                                 {u"resource_id"_s, entry.resourceId},
                                                 {u"apply_target_type"_s, 0},
                                                 {u"value"_s, 1.0}}};
}

Result<AuxMaterial> flowerText(const CatalogEntry &entry)
{
    if (Result<> ok = expectKind(entry, {CatalogKind::FlowerText}, u"flower text"_s); !ok)
        return ok.error();
    const QString id = entry.resourceId.isEmpty() ? entry.effectId : entry.resourceId;
    return AuxMaterial{u"effects"_s, QJsonObject{{u"id"_s, newMaterialId()},
                                                 {u"type"_s, u"text_effect"_s},
                                                 {u"effect_id"_s, id},
                                                 {u"resource_id"_s, id},
                                                 {u"apply_target_type"_s, 0},
                                                 {u"value"_s, 1.0},
                                                 {u"source_platform"_s, 1}}};
}

Result<AuxMaterial> animations(const QList<AnimationSpec> &specs, qint64 segmentDurationUs,
                               bool textSegment)
{
    if (specs.isEmpty())
        return Error::invalidArgument(u"animations"_s, u"no animation given"_s);
    if (segmentDurationUs <= 0)
        return Error::outOfRange(u"segment.duration"_s, segmentDurationUs, 1, MaxTimeUs);
    const auto has = [&](AnimationSlot slot) {
        return std::count_if(specs.begin(), specs.end(),
                             [&](const AnimationSpec &s) { return s.slot == slot; });
    };
    for (AnimationSlot slot :
         {AnimationSlot::In, AnimationSlot::Out, AnimationSlot::Combo, AnimationSlot::Loop}) {
        if (has(slot) > 1)
            return Error::invalidArgument(u"animations"_s, u"one animation per slot"_s);
    }
    if (has(AnimationSlot::Combo) && (has(AnimationSlot::In) || has(AnimationSlot::Out)))
        return Error::invalidArgument(u"animations"_s,
                                      u"a combo animation excludes intro and outro (§8.9)"_s);
    if (textSegment && has(AnimationSlot::Combo))
        return Error::invalidArgument(u"animations"_s, u"texts have no combo animations"_s);
    if (!textSegment && has(AnimationSlot::Loop))
        return Error::invalidArgument(u"animations"_s, u"loop animations are for texts"_s);

    qint64 outroStart = segmentDurationUs;
    QJsonArray list;
    QList<AnimationSpec> ordered = specs;
    // Loop is written last (§8.9); the outro's start bounds it.
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const AnimationSpec &a, const AnimationSpec &b) {
                         return (a.slot == AnimationSlot::Loop) < (b.slot == AnimationSlot::Loop);
                     });
    for (const AnimationSpec &spec : std::as_const(ordered)) {
        const CatalogEntry &e = spec.entry;
        CatalogKind expected = CatalogKind::VideoIntro;
        QString type;
        switch (spec.slot) {
        case AnimationSlot::In:
            expected = textSegment ? CatalogKind::TextIntro : CatalogKind::VideoIntro;
            type = u"in"_s;
            break;
        case AnimationSlot::Out:
            expected = textSegment ? CatalogKind::TextOutro : CatalogKind::VideoOutro;
            type = u"out"_s;
            break;
        case AnimationSlot::Combo:
            expected = CatalogKind::VideoCombo;
            type = u"group"_s;
            break;
        case AnimationSlot::Loop:
            expected = CatalogKind::TextLoop;
            type = u"loop"_s;
            break;
        }
        if (e.kind != expected)
            return Error::invalidArgument(
                u"animations"_s, u"'%1' is a %2, this slot needs a %3"_s.arg(
                                     e.name, catalogKindName(e.kind), catalogKindName(expected)));
        qint64 duration
            = spec.durationUs.value_or(e.defaultDurationUs > 0 ? e.defaultDurationUs : 500'000);
        duration = std::min(duration, segmentDurationUs);
        if (duration <= 0)
            return Error::outOfRange(u"animations.duration"_s, duration, 1, segmentDurationUs);
        qint64 start = 0;
        if (spec.slot == AnimationSlot::Out) {
            start = segmentDurationUs - duration;
            outroStart = start;
        } else if (spec.slot == AnimationSlot::Combo) {
            duration = segmentDurationUs;
        } else if (spec.slot == AnimationSlot::Loop) {
            duration = outroStart;
        }
        list.append(QJsonObject{{u"type"_s, type},
                                {u"id"_s, e.effectId},
                                {u"resource_id"_s, e.resourceId},
                                {u"name"_s, e.name},
                                {u"start"_s, start},
                                {u"duration"_s, duration},
                                {u"panel"_s, textSegment ? u""_s : u"video"_s},
                                {u"material_type"_s, textSegment ? u"sticker"_s : u"video"_s},
                                {u"platform"_s, u"all"_s},
                                {u"anim_adjust_params"_s, QJsonValue::Null}});
    }
    return AuxMaterial{u"material_animations"_s,
                       QJsonObject{{u"id"_s, newMaterialId()},
                                   {u"type"_s, u"sticker_animation"_s},
                                   {u"multi_language_current"_s, u"none"_s},
                                   {u"animations"_s, list}}};
}

QString slotOf(const AuxMaterial &material)
{
    const QString type = material.type();
    if (material.list == u"effects" && type == u"filter")
        return u"filter:"_s + material.id(); // filters stack
    if (material.list == u"video_effects")
        return u"effect:"_s + material.id(); // effects stack
    if (material.list == u"audio_effects")
        return u"audio_effects:"_s + material.json.value(u"category_id"_s).toString();
    if (material.list == u"common_mask")
        return u"masks"_s;
    return material.list + u':' + type;
}

} // namespace CutPilot::Core::DraftBuilders
