#include "draftchange.h"

#include "core/support/log.h"

namespace CutPilot::Core {

namespace {

Track withoutSegments(const Track &track)
{
    Track head = track;
    head.segments = {}; // not clear(): that keeps the shared list's capacity in a new buffer
    return head;
}

/// Index of each track by id; false when an id comes twice.
bool indexById(const QList<Track> &tracks, QHash<QString, qsizetype> &index)
{
    index.reserve(tracks.size());
    for (qsizetype i = 0; i < tracks.size(); ++i) {
        if (index.contains(tracks.at(i).id))
            return false;
        index.insert(tracks.at(i).id, i);
    }
    return true;
}

} // namespace

DraftChange DraftChange::between(const Draft &before, const Draft &after)
{
    DraftChange change;
    change.m_before = before;
    change.m_before.tracks = {};
    change.m_after = after;
    change.m_after.tracks = {};
    change.m_before.media = {};
    change.m_after.media = {};
    // Media: both maps are sorted by id, walked side by side.
    for (auto b = before.media.cbegin(), a = after.media.cbegin();
         b != before.media.cend() || a != after.media.cend();) {
        if (a == after.media.cend() || (b != before.media.cend() && b.key() < a.key())) {
            change.m_mediaBefore.insert(b.key(), *b); // removed
            change.m_mediaAfter.insert(b.key(), std::nullopt);
            ++b;
        } else if (b == before.media.cend() || a.key() < b.key()) {
            change.m_mediaBefore.insert(a.key(), std::nullopt); // added
            change.m_mediaAfter.insert(a.key(), *a);
            ++a;
        } else {
            if (!(*a == *b)) {
                change.m_mediaBefore.insert(b.key(), *b);
                change.m_mediaAfter.insert(a.key(), *a);
            }
            ++a;
            ++b;
        }
    }
    QHash<QString, qsizetype> beforeIndex;
    QHash<QString, qsizetype> afterIndex;
    if (!indexById(before.tracks, beforeIndex) || !indexById(after.tracks, afterIndex)) {
        change.m_wholeTracks = true;
        change.m_beforeTracks = before.tracks;
        change.m_afterTracks = after.tracks;
        return change;
    }
    change.m_beforeOrder.reserve(before.tracks.size());
    for (const Track &track : before.tracks)
        change.m_beforeOrder.append(track.id);
    change.m_afterOrder.reserve(after.tracks.size());
    for (const Track &track : after.tracks)
        change.m_afterOrder.append(track.id);
    if (before.tracks.size() == after.tracks.size()
        && before.tracks.constData() == after.tracks.constData())
        return change; // the edit left the tracks alone (their list is still shared)

    for (const Track &a : after.tracks) {
        const auto found = beforeIndex.constFind(a.id);
        if (found == beforeIndex.cend()) {
            TrackChange added;
            added.added = true;
            added.after = a;
            change.m_tracks.insert(a.id, std::move(added));
            continue;
        }
        const Track &b = before.tracks.at(*found);
        TrackChange changed;
        changed.before = withoutSegments(b);
        changed.after = withoutSegments(a);
        // Segments equal at both ends are not kept; what is left between is the edit. Comparing a
        // segment the edit did not touch is cheap: its containers are shared with the other copy.
        const QList<Segment> &bs = b.segments;
        const QList<Segment> &as = a.segments;
        const bool shared = bs.size() == as.size() && bs.constData() == as.constData();
        if (!shared) {
            const qsizetype nb = bs.size();
            const qsizetype na = as.size();
            qsizetype prefix = 0;
            while (prefix < nb && prefix < na && bs.at(prefix) == as.at(prefix))
                ++prefix;
            qsizetype suffix = 0;
            while (suffix < nb - prefix && suffix < na - prefix
                   && bs.at(nb - 1 - suffix) == as.at(na - 1 - suffix))
                ++suffix;
            changed.at = prefix;
            changed.taken = bs.mid(prefix, nb - prefix - suffix);
            changed.put = as.mid(prefix, na - prefix - suffix);
        }
        if (changed.taken.isEmpty() && changed.put.isEmpty() && changed.before == changed.after)
            continue; // unchanged
        change.m_tracks.insert(a.id, std::move(changed));
    }
    for (const Track &b : before.tracks) {
        if (afterIndex.contains(b.id))
            continue;
        TrackChange removed;
        removed.removed = true;
        removed.before = b;
        change.m_tracks.insert(b.id, std::move(removed));
    }
    return change;
}

Draft DraftChange::forward(const Draft &before) const
{
    return apply(before, true);
}

Draft DraftChange::backward(const Draft &after) const
{
    return apply(after, false);
}

Draft DraftChange::apply(const Draft &from, bool forwards) const
{
    Draft out = forwards ? m_after : m_before;
    out.media = from.media;
    const auto &media = forwards ? m_mediaAfter : m_mediaBefore;
    for (auto it = media.cbegin(); it != media.cend(); ++it) {
        if (it.value())
            out.media.insert(it.key(), *it.value());
        else
            out.media.remove(it.key());
    }
    if (m_wholeTracks) {
        out.tracks = forwards ? m_afterTracks : m_beforeTracks;
        return out;
    }
    QHash<QString, const Track *> source;
    source.reserve(from.tracks.size());
    for (const Track &track : from.tracks)
        source.insert(track.id, &track);
    const QStringList &order = forwards ? m_afterOrder : m_beforeOrder;
    out.tracks.reserve(order.size());
    for (const QString &id : order) {
        const auto change = m_tracks.constFind(id);
        if (change != m_tracks.cend() && (forwards ? change->added : change->removed)) {
            out.tracks.append(forwards ? change->after : change->before); // whole
            continue;
        }
        const Track *base = source.value(id);
        if (!base) { // not the draft this change was taken from: a bug of the caller's
            Q_ASSERT_X(false, "DraftChange", "applied to another draft");
            Log::get(Log::Draft)
                ->error("undo: track {} is missing from the draft", id.toStdString());
            continue;
        }
        if (change == m_tracks.cend()) {
            out.tracks.append(*base); // unchanged: shares its segments
            continue;
        }
        Track track = forwards ? change->after : change->before;
        const QList<Segment> &remove = forwards ? change->taken : change->put;
        const QList<Segment> &insert = forwards ? change->put : change->taken;
        const QList<Segment> &segments = base->segments;
        if (remove.isEmpty() && insert.isEmpty()) {
            track.segments = segments;
        } else {
            const qsizetype at = std::min(change->at, segments.size());
            const qsizetype resume = std::min(at + remove.size(), segments.size());
            track.segments.reserve(segments.size() - (resume - at) + insert.size());
            for (qsizetype i = 0; i < at; ++i)
                track.segments.append(segments.at(i));
            track.segments.append(insert);
            for (qsizetype i = resume; i < segments.size(); ++i)
                track.segments.append(segments.at(i));
        }
        out.tracks.append(std::move(track));
    }
    return out;
}

qsizetype DraftChange::segmentsHeld() const
{
    qsizetype held = 0;
    for (const TrackChange &change : m_tracks)
        held += change.taken.size() + change.put.size() + change.before.segments.size()
                + change.after.segments.size();
    for (const Track &track : m_beforeTracks)
        held += track.segments.size();
    for (const Track &track : m_afterTracks)
        held += track.segments.size();
    return held;
}

} // namespace CutPilot::Core
