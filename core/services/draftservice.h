#pragma once

#include "core/draft/draftmodel.h"
#include "core/draft/draftprofile.h"
#include "core/draft/subtitles/subtitlecue.h"
#include "core/support/result.h"

#include <QObject>
#include <QUndoStack>

#include <functional>

namespace CutPilot::Core {

/// One open draft and its undo history: the single place where drafts are edited. The GUI's
/// timeline and the API's routes call the same methods (house style: "one service layer, two
/// front doors"), so an API edit shows up in the GUI and can be undone there.
///
/// Every mutation validates the resulting draft first; on error nothing has changed and nothing
/// was pushed. On success exactly one QUndoCommand is pushed and draftChanged() is emitted
/// (also on undo and redo).
class DraftService final : public QObject
{
    Q_OBJECT

public:
    DraftService(Draft draft, DraftProfile profile, QObject *parent = nullptr);
    ~DraftService() override;

    const Draft &draft() const { return m_draft; }
    const DraftProfile &profile() const { return m_profile; }
    QUndoStack *undoStack() { return &m_undoStack; }

    /// Hands every change to storage: `persist` is called with the edited draft after validation
    /// and before the edit is pushed; when it fails the edit is refused (the error is returned,
    /// nothing changed). Undo and redo persist too; a failure there is reported through
    /// persistFailed() (QUndoStack cannot refuse an undo). DraftWorkspace's persister only queues
    /// the draft (write-behind, see DraftWorkspace::whenSaved) and reports failures itself.
    using Persister = std::function<Result<>(const Draft &)>;
    void setPersister(Persister persist) { m_persist = std::move(persist); }

    /// `relativeIndex` < 0: above the tracks of the same type (render index = base + relative).
    Result<QString> addTrack(TrackType type, const QString &name, int relativeIndex = -1);
    Result<> removeTrack(const QString &trackId);
    /// The track's mute (track attribute 1 in the editor's draft, spec §9); one undo step.
    Result<> setTrackMuted(const QString &trackId, bool muted);

    /// Adds `media` to the draft (if new) and a segment playing [sourceStart, …) at `target`.
    Result<QString> addMediaSegment(const QString &trackId, const MediaMaterial &media,
                                    TimeRange target, qint64 sourceStart, double speed = 1.0);
    Result<QString> addTextSegment(const QString &trackId, const QString &text, TimeRange target);

    /// Moves a segment to `start` on `toTrackId` (same kind of track). Consecutive moves of the
    /// same segment merge into one undo step (a drag).
    Result<> moveSegment(const QString &segmentId, const QString &toTrackId, qint64 start);
    /// New target range; the source range follows (head trim moves the source start).
    Result<> trimSegment(const QString &segmentId, TimeRange target);
    /// Splits at timeline time `at` (strictly inside the segment); returns the new right part's id.
    Result<QString> splitSegment(const QString &segmentId, qint64 at);
    Result<> removeSegment(const QString &segmentId);
    Result<> setVolume(const QString &segmentId, double volume);
    Result<> setSpeed(const QString &segmentId, double speed);
    Result<> setTransform(const QString &segmentId, const Transform &transform);
    Result<> setFades(const QString &segmentId, qint64 fadeInUs, qint64 fadeOutUs);

    /// Links a catalog-backed material (DraftBuilders) to a segment; one in the same slot
    /// (DraftBuilders::slotOf) is replaced. Returns the material's id.
    Result<QString> attachMaterial(const QString &segmentId, const AuxMaterial &material);
    Result<> detachMaterial(const QString &segmentId, const QString &materialId);
    /// A segment on an effect track (a video_effects entry with apply_target_type 2) or a filter
    /// track (an effects filter entry).
    Result<QString> addEffectSegment(const QString &trackId, const AuxMaterial &material,
                                     TimeRange target);

    /// Keyframes (spec §11): offsets are µs from the segment start. Adding at an existing offset
    /// of the same property replaces its value. Returns the keyframe id.
    Result<QString> addKeyframe(const QString &segmentId, KeyframeProperty property,
                                qint64 offsetUs, double value, Easing easing = Easing::Linear);
    /// Moves a keyframe (consecutive moves of one keyframe merge into one undo step).
    Result<> moveKeyframe(const QString &segmentId, const QString &keyframeId, qint64 offsetUs);
    Result<> removeKeyframe(const QString &segmentId, const QString &keyframeId);

    // Template mode (spec §20): a loaded draft used as a template.

    /// Replaces the media whose file name is `name` (material_name / name) in every segment that
    /// uses it; timing stays, and segments that would now run past the shorter media are cut at the
    /// tail. `replacement` carries the new path and facts.
    Result<> replaceMedia(const QString &name, const MediaMaterial &replacement);
    /// Replaces the text of a text segment; style runs are rescaled proportionally, empty runs
    /// dropped.
    Result<> replaceText(const QString &segmentId, const QString &text);
    /// The text segments in timeline order (template mode addresses texts by index).
    QStringList textSegmentIds() const;
    /// A copy with fresh draft ids and a new name: "save as a new draft".
    static Draft asNewDraft(const Draft &draft, const QString &name);

    /// Imports subtitle cues as caption segments (spec §12.3): a text track at render index 15999
    /// (more tracks below it for overlapping cues), one segment per cue, size 5, centred, wrapped,
    /// near the bottom (y = -0.8), cue styles kept as text runs. One undo step. Returns the ids of
    /// the caption tracks.
    Result<QStringList> importSubtitles(const QList<SubtitleCue> &cues, qint64 offsetUs = 0);

    /// A sticker segment (spec §8.14, §10.3) on a sticker track: a new stickers[] material with
    /// `stickerId` (1–19 decimal digits) as resource_id and sticker_id. Returns the segment id.
    /// (draftserviceeffects.cpp)
    Result<QString> addStickerSegment(const QString &trackId, const QString &stickerId,
                                      TimeRange target, const Transform &transform = {});

    /// A fully styled text segment for addTextSegments: the text material with its runs, the clip
    /// transform and the materials linked to it (bubble, flower text, animations; DraftBuilders).
    struct TextSegmentSpec
    {
        TimeRange target;
        TextMaterial text; ///< its id is assigned by addTextSegments
        Transform transform;
        QList<AuxMaterial> aux;
    };
    /// Adds styled text segments to the text track named `trackName`, creating that track first
    /// (render index = text base + `relativeIndex`; < 0: above the other text tracks) when no
    /// track has the name - track and segments in one undo step, so a failed call leaves no track
    /// behind. A track of that name of another type is a Conflict ("track '<name>' is a <type>
    /// track"); so is an overlap. Returns the new segments' ids in `segments` order.
    /// (draftservicetext.cpp)
    Result<QStringList> addTextSegments(const QString &trackName, int relativeIndex,
                                        const QList<TextSegmentSpec> &segments);

    /// A video, photo or audio segment for addMediaSegmentTo: the media (added to the draft unless
    /// a material with its id is already there), where it plays, and the materials linked to it
    /// (transition, mask, background, animations, audio effect; DraftBuilders).
    struct MediaSegmentSpec
    {
        MediaMaterial media;
        TimeRange target;
        qint64 sourceStart = 0;
        double speed = 1.0;
        double volume = 1.0;
        Transform transform;
        QList<AuxMaterial> aux;
    };
    /// Adds a media segment to the track named `trackName` (video tracks for video and photo
    /// media, audio tracks for audio), creating that track first (render index = base +
    /// `relativeIndex`; < 0: above the tracks of its type) when no track has the name. With
    /// `bottomTrack` set and no video track in the draft yet, an empty video track of that name
    /// is created first at relative index 0 (CapCutAPI's main-track rule, capcutapi-compat.md
    /// §4.5). Tracks, media and segment in one undo step. A track of that name of another type
    /// is a Conflict ("track '<name>' is a <type> track"); so is an overlap. Returns the segment
    /// id. (draftservicemedia.cpp)
    Result<QString> addMediaSegmentTo(const QString &trackName, int relativeIndex,
                                      const MediaSegmentSpec &segment,
                                      const QString &bottomTrack = {});

    /// One keyframe for addKeyframes (as addKeyframe's arguments).
    struct KeyframeSpec
    {
        QString segmentId;
        KeyframeProperty property = KeyframeProperty::Alpha;
        qint64 offsetUs = 0;
        double value = 0;
        Easing easing = Easing::Linear;
    };
    /// Several keyframes in one undo step, all or nothing, each checked as addKeyframe checks
    /// it; an error carries the failing entry's position as details["index"]. Returns the ids.
    Result<QStringList> addKeyframes(const QList<KeyframeSpec> &keyframes);

Q_SIGNALS:
    /// The draft changed (edit, undo or redo).
    void draftChanged();
    /// An undo or redo could not be written; the in-memory draft moved on regardless.
    void persistFailed(const CutPilot::Core::Error &error);

private:
    friend class DraftChangeCommand;
    using Mutation = std::function<Result<>(Draft &)>;
    /// Applies `mutation` to a copy, validates, and pushes one command. `mergeKey` non-empty:
    /// merges with the previous command of the same key (drags).
    Result<> apply(const QString &text, const Mutation &mutation, const QString &mergeKey = {});
    /// `persist`: write it through the persister (undo/redo); the first redo of a pushed command
    /// was already persisted by apply().
    void setDraft(const Draft &draft, bool persist);

    Draft m_draft;
    DraftProfile m_profile;
    QUndoStack m_undoStack;
    Persister m_persist;
};

} // namespace CutPilot::Core
