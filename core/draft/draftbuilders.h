#pragma once

#include "catalog/catalogentry.h"
#include "core/support/result.h"
#include "draftmodel.h"

#include <QMap>

namespace CutPilot::Core {

/// Builders of the catalog-backed materials a segment links through extra_material_refs
/// (spec/draft-format.md §8.7–§8.16, §13.2). Each checks that the catalog entry is of the right
/// kind and returns the material exactly as the editor expects it, with a fresh id.
namespace DraftBuilders {

/// transitions[] (§8.10). Duration: the given one, else the catalog default (500 ms if none).
Result<AuxMaterial> transition(const CatalogEntry &entry, std::optional<qint64> durationUs = {});

/// effects[] filter (§8.12); intensity 0..1 (UI 0–100 ÷ 100).
Result<AuxMaterial> filter(const CatalogEntry &entry, double intensity, bool onFilterTrack = false);

/// effects[] mix mode (§8.12).
Result<AuxMaterial> mixMode(const CatalogEntry &entry);

/// video_effects[] scene or character effect (§8.11). `uiValues`: parameter name → 0..100; others
/// take their default. `onEffectTrack`: apply_target_type 2, else 0 (attached to one segment).
Result<AuxMaterial> videoEffect(const CatalogEntry &entry,
                                const QMap<QString, double> &uiValues = {},
                                bool onEffectTrack = false);

/// audio_effects[] scene sound, voice changer or speech-to-song (§8.7).
Result<AuxMaterial> audioEffect(const CatalogEntry &entry,
                                const QMap<QString, double> &uiValues = {});

struct MaskGeometry
{
    double centerXPx = 0;   ///< offset of the mask centre from the media centre, pixels, right +
    double centerYPx = 0;   ///< pixels, down + in the media (editor convention)
    double size = 0.5;      ///< main size as a fraction of the media height (§8.13)
    double rectWidth = 0;   ///< rectangles: width as a fraction of the media width
    double rotation = 0;    ///< degrees
    double feather = 0;     ///< UI 0–100
    double roundCorner = 0; ///< UI 0–100 (rectangles)
    bool invert = false;
};

/// masks[] / common_mask[] entry (§8.13), media-relative geometry; `mediaWidth/Height` in pixels.
Result<AuxMaterial> mask(const CatalogEntry &entry, const MaskGeometry &geometry, int mediaWidth,
                         int mediaHeight, const QString &list = QStringLiteral("masks"));

/// canvases[] background fill (§8.8): blur level 1–4, or a colour.
Result<AuxMaterial> backgroundBlur(int level);
AuxMaterial backgroundColor(const QColor &color);

/// effects[] text bubble and flower text (§8.12); the flower text id must also go into the text
/// style's effectStyle (TextStyle::flowerTextId).
Result<AuxMaterial> textBubble(const CatalogEntry &entry);
Result<AuxMaterial> flowerText(const CatalogEntry &entry);

enum class AnimationSlot {
    In,
    Out,
    Combo, ///< video only; excludes In and Out
    Loop,  ///< text only
};

struct AnimationSpec
{
    CatalogEntry entry;
    AnimationSlot slot = AnimationSlot::In;
    std::optional<qint64> durationUs; ///< default: the catalog's
};

/// The material_animations[] container of one segment (§8.9), starts computed from the segment
/// duration. Errors name the rule broken (combo with intro, loop on video, ...).
Result<AuxMaterial> animations(const QList<AnimationSpec> &specs, qint64 segmentDurationUs,
                               bool textSegment);

/// Where an aux material goes on a segment: materials in the same slot replace each other (one
/// transition, one mask, one animation container, one background, one mix mode, one audio effect
/// per category ...); filters and video effects stack.
QString slotOf(const AuxMaterial &material);

/// The UI value (0..100) of a catalog parameter as the editor stores it: min + (max − min) × v /
/// 100.
double parameterValue(const CatalogParam &param, double uiValue);

} // namespace DraftBuilders

} // namespace CutPilot::Core
