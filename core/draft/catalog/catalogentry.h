#pragma once

#include "core/support/result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace CutPilot::Core {

/// What a catalog entry is for; decides which draft material it feeds (spec/draft-format.md §13.2).
/// The string names (catalogKindName) are part of CutPilot's catalog file format: never rename.
enum class CatalogKind {
    SceneEffect,      ///< "scene_effect": video_effects type "video_effect" (画面特效)
    CharacterEffect,  ///< "character_effect": video_effects type "face_effect" (人物特效)
    Filter,           ///< "filter": effects type "filter"
    Transition,       ///< "transition": transitions
    VideoIntro,       ///< "video_intro": material_animations, type "in", video panel
    VideoOutro,       ///< "video_outro": type "out", video panel
    VideoCombo,       ///< "video_combo": type "group", video panel
    TextIntro,        ///< "text_intro": type "in", text
    TextOutro,        ///< "text_outro": type "out", text
    TextLoop,         ///< "text_loop": type "loop", text
    Mask,             ///< "mask": masks / common_mask
    Font,             ///< "font": text content styles[].font.id
    Sticker,          ///< "sticker": stickers (harvested only, §13.3)
    TextBubble,       ///< "text_bubble": effects type "text_shape" (harvested only)
    FlowerText,       ///< "flower_text": effects type "text_effect" (harvested only)
    AudioSceneEffect, ///< "audio_scene_effect": audio_effects category sound_effect
    VoiceChanger,     ///< "voice_changer": audio_effects category tone
    SpeechToSong,     ///< "speech_to_song": audio_effects category speech_to_song
    MixMode,          ///< "mix_mode": effects type "mix_mode"
};

/// Every kind, in declaration order (for pickers, docs and tests).
QList<CatalogKind> allCatalogKinds();
/// "scene_effect" for CatalogKind::SceneEffect.
QString catalogKindName(CatalogKind kind);
/// The inverse of catalogKindName (exact, lowercase); nullopt for unknown names.
std::optional<CatalogKind> catalogKindFromName(QStringView name);

/// Catalog ids of JianYing and CapCut differ for the same visual effect (§13.3): an entry belongs
/// to exactly one namespace, named like the drafts' platform.app_source.
enum class CatalogNamespace {
    JianYing, ///< "lv"
    CapCut,   ///< "cc"
};

/// "lv" or "cc".
QString catalogNamespaceName(CatalogNamespace ns);
/// Accepts "lv"/"cc" (the app_source values) and, case-insensitively, "jianying"/"capcut".
std::optional<CatalogNamespace> catalogNamespaceFromName(QStringView name);

/// One adjustable parameter of an effect (internal value range; UI 0..100 maps onto [min, max]).
struct CatalogParam
{
    QString name;
    double defaultValue = 0.0;
    double min = 0.0;
    double max = 1.0;

    friend bool operator==(const CatalogParam &, const CatalogParam &) = default;
};

/// One item of an editor catalog (spec/draft-format.md §13.1). Ids are decimal strings (§2.3).
struct CatalogEntry
{
    CatalogKind kind = CatalogKind::SceneEffect;
    CatalogNamespace ns = CatalogNamespace::JianYing;
    QString name;        ///< display name as the editor shows it (usually Chinese); may be empty
    QString nameEn;      ///< optional English name
    QStringList aliases; ///< further names that resolve to this entry (CapCutAPI api_name, …)
    QString resourceId;  ///< up to 19 decimal digits; the identity inside kind + namespace
    QString effectId;    ///< decimal id, or a UUID in some CapCut catalogs
    QString md5;         ///< resource package checksum; never written into drafts
    bool vip = false;    ///< the editor demands a membership at export
    QList<CatalogParam> params;
    qint64 defaultDurationUs = 0; ///< animations and transitions; 0 = unknown
    bool overlap = false;         ///< transitions: the two clips overlap
    QString resourceType;         ///< masks: line, mirror, circle, rectangle, geometric_shape …
    double defaultAspectRatio = 0.0; ///< masks; 0 = unknown
    QString origin; ///< where it came from: a file path or "harvested:<draft>" (not in the file)

    /// True when the entry was learnt from a user's draft (origin "harvested:…").
    bool isHarvested() const;

    /// One entry of CutPilot's catalog format (docs/catalogs.md). `namespace` is written only when
    /// it differs from fileNamespace; empty optional fields are left out; origin is written only
    /// for harvested entries (so that saving harvested entries again keeps them).
    QJsonObject toJson(CatalogNamespace fileNamespace) const;

    /// Reads one entry of CutPilot's format. `path` is the entry's JSON path for error messages
    /// (e.g. "entries[3]"); errors are CorruptData with details {"field": "<path>.<key>"}.
    static Result<CatalogEntry> fromJson(const QJsonObject &object, CatalogNamespace fileNamespace,
                                         const QString &path);

    friend bool operator==(const CatalogEntry &, const CatalogEntry &) = default;
};

/// How strictly catalogIdFromJson checks an id.
enum class CatalogIdRule {
    Digits,   ///< 1–19 decimal digits (resource ids, §2.3)
    AnyString ///< any non-empty string without control characters (effect ids: CapCut uses UUIDs)
};

/// Reads a catalog id that should be a JSON string but may be a JSON number (some tools write
/// Python ints). A number is read exactly as a 64-bit integer (never through double) and turned
/// into its decimal string; a number that is not an exact non-negative integer is an error naming
/// `path`.
Result<QString> catalogIdFromJson(const QJsonValue &value, const QString &path,
                                  CatalogIdRule rule = CatalogIdRule::Digits);

/// The error every catalog reader uses for a wrong value: CorruptData, details {"field": path}.
Error catalogFieldError(const QString &path, const QString &message);

} // namespace CutPilot::Core
