#pragma once

#include "core/draft/draftmodel.h"

#include <QHash>
#include <QList>
#include <QStringList>

#include <optional>

namespace CutPilot::Core {

/// What one edit changed in a draft, as much as undoing and redoing it needs. Of a track whose
/// segments changed, only the run of segments that differs is kept, not the track's whole segment
/// array; of the media, only the entries added, removed or changed. The draft's other fields are
/// kept whole (their containers are implicitly shared, so unchanged ones cost nothing).
///
/// Keeping a whole before/after draft per undo step kept a copy of every changed track's array:
/// adding 2 000 subtitles one by one to one draft held about 600 MiB of undo history.
///
/// forward() and backward() must be given the draft the change was taken from (`before`) or made
/// (`after`): an undo stack applies its steps in order, so that holds there.
class DraftChange final
{
public:
    DraftChange() = default;
    static DraftChange between(const Draft &before, const Draft &after);

    Draft forward(const Draft &before) const; ///< the `after` of between()
    Draft backward(const Draft &after) const; ///< the `before` of between()

    /// Segment values the change holds (a measure of its memory beyond the shared containers).
    qsizetype segmentsHeld() const;
    /// Media entries it holds (added, removed or changed ones).
    qsizetype mediaHeld() const { return m_mediaBefore.size(); }

private:
    /// One track of the draft that the edit changed: added, removed, or its fields or a run of its
    /// segments. `before`/`after` are the track without its segments, or whole when the track was
    /// added (after) or removed (before).
    struct TrackChange
    {
        Track before;
        Track after;
        bool added = false;
        bool removed = false;
        qsizetype at = 0;     ///< where the run starts (same index before and after)
        QList<Segment> taken; ///< the run before the edit
        QList<Segment> put;   ///< the run after it
    };
    Draft apply(const Draft &from, bool forwards) const;

    Draft m_before; ///< without tracks and media
    Draft m_after;  ///< without tracks and media
    /// Media entries by id that the edit added, removed or changed: their value before and after
    /// (none: absent).
    QHash<QString, std::optional<MediaMaterial>> m_mediaBefore;
    QHash<QString, std::optional<MediaMaterial>> m_mediaAfter;
    QStringList m_beforeOrder; ///< track ids in layer order
    QStringList m_afterOrder;
    QHash<QString, TrackChange> m_tracks; ///< by track id; a track not here is unchanged
    /// Track ids are not unique (a damaged draft): both track lists, whole.
    bool m_wholeTracks = false;
    QList<Track> m_beforeTracks;
    QList<Track> m_afterTracks;
};

} // namespace CutPilot::Core
