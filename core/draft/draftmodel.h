#pragma once

#include <QColor>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace CutPilot::Core {

/// The largest time CutPilot accepts anywhere, in µs (about 3 years; a photo's nominal duration is
/// 3 hours). Keeping every time within ±MaxTimeUs makes all time arithmetic overflow-free.
inline constexpr qint64 MaxTimeUs = 100'000'000'000'000;

/// A time range in microseconds: start and *length* (spec/draft-format.md §5).
struct TimeRange
{
    qint64 start = 0;
    qint64 duration = 0;

    qint64 end() const { return start + duration; }
    bool overlaps(const TimeRange &other) const
    {
        return start < other.end() && other.start < end(); // half-open: touching is fine
    }
    friend bool operator==(const TimeRange &, const TimeRange &) = default;
};

/// Fresh ids in the editor's formats (§4).
QString newMaterialId(); ///< 32 uppercase hex, no hyphens: tracks, segments, materials, keyframes
QString newDraftGuid();  ///< uppercase hyphenated GUID: the content document and draft ids

enum class TrackType {
    Video,
    Audio,
    Text,
    Sticker,
    Effect,
    Filter,
    Adjust, ///< preserved on read, never created (§9)
};
QString trackTypeName(TrackType type);
std::optional<TrackType> trackTypeFromName(const QString &name);
/// render_index base of a track type (§9): video/audio 0, effect 10000, filter 11000, sticker
/// 14000, text 15000.
int renderIndexBase(TrackType type);

enum class MediaKind {
    Video,
    Photo,
    Audio,
};

/// A media file used by segments (videos[] or audios[]); one entry shared by many segments.
struct MediaMaterial
{
    QString id;              ///< also material_id / music_id
    QString localMaterialId; ///< draft_meta_info.draft_materials entry (§15.2)
    MediaKind kind = MediaKind::Video;
    QString path;          ///< absolute path as the editor will see it (native form of its OS)
    QString name;          ///< display name (file name)
    qint64 durationUs = 0; ///< photos: 10 800 000 000 (§5)
    int width = 0;
    int height = 0;
    QJsonObject extra; ///< keys read from a draft that the model does not know (kept on save)

    static constexpr qint64 PhotoDurationUs = 10'800'000'000;
    friend bool operator==(const MediaMaterial &, const MediaMaterial &) = default;
};

enum class KeyframeProperty {
    PositionX,
    PositionY,
    Rotation,
    ScaleX,
    ScaleY,
    UniformScale, ///< written as KFTypeScaleX while uniform_scale.on stays true (§11)
    Alpha,
    Saturation,
    Contrast,
    Brightness,
    Volume,
};
QString keyframePropertyName(KeyframeProperty property); ///< "KFTypePositionX" ...
std::optional<KeyframeProperty> keyframePropertyFromName(const QString &name);

enum class Easing {
    Linear, ///< "Line"
    Hold,   ///< "Hold"
    EaseIn,
    EaseOut,
    EaseInOut,
};

struct Keyframe
{
    QString id;
    qint64 offsetUs = 0; ///< from the segment start (§11)
    double value = 0;
    Easing easing = Easing::Linear;
    QString curveType; ///< as read; written again while `easing` still matches it
    QJsonObject extra;
    QJsonArray moreValues; ///< values after the first (multi-value keyframes), kept verbatim
    friend bool operator==(const Keyframe &, const Keyframe &) = default;
};

struct KeyframeTrack
{
    QString id;
    KeyframeProperty property = KeyframeProperty::PositionX;
    QString unknownProperty;   ///< a property_type the model does not know, kept verbatim
    QList<Keyframe> keyframes; ///< sorted by offset
    QJsonObject extra;
    friend bool operator==(const KeyframeTrack &, const KeyframeTrack &) = default;
};

/// clip (§10.4): position in half-canvas units (x right +, y up +), scale 1.0 = 100 %.
struct Transform
{
    double x = 0;
    double y = 0;
    double scaleX = 1;
    double scaleY = 1;
    double rotation = 0; ///< degrees, clockwise +
    bool flipHorizontal = false;
    bool flipVertical = false;
    double alpha = 1;
    friend bool operator==(const Transform &, const Transform &) = default;
};

/// One styled run of a text (§12.2). Range in UTF-16 code units, [start, start + length).
struct TextStyle
{
    qsizetype start = 0;
    qsizetype length = 0;
    double size = 8.0;
    bool bold = false;
    bool italic = false;
    bool underline = false;
    QColor color = Qt::white;
    std::optional<QColor> strokeColor;
    double strokeWidth = 0.08;
    QString fontId;       ///< font catalog resource_id
    QString flowerTextId; ///< effectStyle id (flower text)
    std::optional<QColor> shadowColor;
    double shadowAlpha = 1.0;
    double shadowDiffuse = 0.025;
    double shadowDistance = 5.0;
    double shadowAngle = -45.0;
    QJsonObject extra;
    friend bool operator==(const TextStyle &, const TextStyle &) = default;
};

struct TextBackground
{
    int style = 1;
    QColor color = Qt::black;
    double alpha = 0.5;
    double roundRadius = 0;
    double height = 0.14;
    double width = 0.14;
    double horizontalOffset = 0;
    double verticalOffset = 0;
    friend bool operator==(const TextBackground &, const TextBackground &) = default;
};

/// A texts[] material (§12.1), one per text segment.
struct TextMaterial
{
    QString id;
    QString text;
    QList<TextStyle> styles;
    int alignment = 1;     ///< 0 left, 1 centre, 2 right
    bool vertical = false; ///< typesetting 1
    double letterSpacing = 0;
    double lineSpacing = 0.02;
    double lineMaxWidth = 0.82;
    bool autoWrap = false; ///< type "subtitle"
    double alpha = 1.0;    ///< global_alpha
    std::optional<TextBackground> background;
    QJsonObject contentExtra; ///< unknown keys of the nested content document
    QJsonObject extra;
    friend bool operator==(const TextMaterial &, const TextMaterial &) = default;
};

/// An auxiliary material linked from a segment's extra_material_refs and kept as its JSON: speed
/// and fades are modelled on the segment itself; animations, transitions, masks, filters, effects,
/// mix modes, canvases, audio effects, bubbles and flower text are built by DraftBuilders from
/// catalog entries and edited through typed helpers (draftbuilders.h).
struct AuxMaterial
{
    QString list;     ///< the materials list it lives in, e.g. "transitions"
    QJsonObject json; ///< the material, "id" included

    QString id() const { return json.value(QStringLiteral("id")).toString(); }
    QString type() const { return json.value(QStringLiteral("type")).toString(); }
    friend bool operator==(const AuxMaterial &, const AuxMaterial &) = default;
};

struct Segment
{
    QString id;
    QString materialId; ///< media, text or sticker material; effect/filter: the main aux material
    TimeRange target;
    std::optional<TimeRange> source; ///< video/photo/audio only
    double speed = 1.0;              ///< source.duration = round(target.duration × speed)
    double volume = 1.0;             ///< linear gain
    qint64 fadeInUs = 0;
    qint64 fadeOutUs = 0;
    Transform transform;
    bool uniformScale = true;
    bool visible = true;
    bool toneModify = false;
    QList<KeyframeTrack> keyframes;
    QList<AuxMaterial> aux;           ///< in extra_material_refs order (without speed and fade)
    std::optional<AuxMaterial> main;  ///< effect/filter/sticker segments: their main material
    std::optional<TextMaterial> text; ///< text segments
    QString speedId; ///< ids of the modelled aux materials; empty: derived from the segment id
    QString fadeId;
    QJsonObject speedExtra; ///< unknown keys of the speeds[] / audio_fades[] entries (round trip)
    QJsonObject fadeExtra;
    QStringList refOrder; ///< extra_material_refs as read, reused while the set is unchanged
    QJsonObject extra;
    friend bool operator==(const Segment &, const Segment &) = default;

    /// Source length implied by the target length and the speed.
    qint64 sourceDurationFor(qint64 targetDuration) const;
};

struct Track
{
    QString id;
    TrackType type = TrackType::Video;
    QString name;
    bool muted = false;      ///< attribute 1
    int relativeIndex = 0;   ///< render_index = base + relativeIndex
    QList<Segment> segments; ///< sorted by target start
    QJsonObject extra;

    int renderIndex() const { return renderIndexBase(type) + relativeIndex; }
    friend bool operator==(const Track &, const Track &) = default;
};

/// A whole draft: canvas, tracks, media. Value type; ids are stable across edits and saves.
struct Draft
{
    QString id;   ///< content document id (= timeline id)
    QString name; ///< display name; the folder name is derived from it
    int width = 1920;
    int height = 1080;
    double fps = 30.0;
    bool mainTrackMagnet = true; ///< config.maintrack_adsorb (§6)
    QList<Track> tracks;         ///< in layer order, bottom first (§9)
    QMap<QString, MediaMaterial> media;
    QJsonObject extra;          ///< top-level keys the model does not know
    QJsonObject configExtra;    ///< config keys the model does not know
    QJsonObject otherMaterials; ///< materials lists the model does not fill, kept verbatim
    QString metaDraftId;        ///< draft_meta_info.draft_id

    /// max over segments of target end (§5).
    qint64 duration() const;

    const Track *track(const QString &trackId) const;
    Track *track(const QString &trackId);
    /// The segment and its track, or {nullptr, nullptr}.
    std::pair<const Track *, const Segment *> segment(const QString &segmentId) const;
    std::pair<Track *, Segment *> segment(const QString &segmentId);
    friend bool operator==(const Draft &, const Draft &) = default;
};

} // namespace CutPilot::Core
