#pragma once

#include "draftmodel.h"
#include "draftprofile.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QMutex>
#include <QSet>

#include <memory>

namespace CutPilot::Core {

/// The serialized segments of one draft, kept from one DraftSerializer::contentBytes() call to the
/// next. A segment that has not changed since (same value, same kind of track, same layer, same
/// serializer) is written from here instead of being serialized again: an edit changes a few
/// segments of a draft, and serializing every segment was most of what saving it cost. Holds only
/// the segments of the draft's last call, so its size follows the draft.
///
/// Not thread-safe: one draft, one thread at a time. Values are compared with ==, so a number that
/// changes from 0.0 to -0.0 keeps its old text ("0"), which the editor reads the same.
class DraftSegmentCache final
{
public:
    DraftSegmentCache();
    ~DraftSegmentCache();
    DraftSegmentCache(const DraftSegmentCache &) = delete;
    DraftSegmentCache &operator=(const DraftSegmentCache &) = delete;

    /// Bytes of JSON text held (segments and their material entries).
    qsizetype bytes() const;
    qsizetype segments() const;
    /// Segments written from the cache and serialized, over the cache's life.
    qint64 hits() const;
    qint64 misses() const;

    struct Private; ///< draftcontentwriter_p.h

private:
    friend class DraftSerializer;
    std::unique_ptr<Private> d;
};

/// Turns a Draft into the editor's content document for a profile (spec/draft-format.md §7–§12).
/// Pure and deterministic: the same draft and profile give the same JSON, ids included.
/// Keys the model does not know (read from an existing draft) are written back unchanged.
class DraftSerializer final
{
public:
    explicit DraftSerializer(DraftProfile profile);

    QJsonObject contentDocument(const Draft &draft) const;
    /// The same document as compact UTF-8 JSON text, written directly (no QJsonObject tree): what
    /// saving writes. Keys may come in another order than QJsonDocument's; none appears twice.
    QByteArray contentBytes(const Draft &draft) const;
    /// The same text, writing the segments that are unchanged since the last call with `cache`
    /// from it (and keeping this call's segments in it). `cache` may be null.
    QByteArray contentBytes(const Draft &draft, DraftSegmentCache *cache) const;
    /// True for a draft with nothing but its canvas and ids (no tracks, media or kept keys): its
    /// content is a pure function of width, height, fps, main-track magnet, id and the profile.
    static bool isBare(const Draft &draft);

    /// A path as the editor reads it: Windows profiles get "C:\\..." (native separators),
    /// mac profiles POSIX paths (§2.6).
    QString editorPath(const QString &path) const;

    const DraftProfile &profile() const { return m_profile; }

private:
    QByteArray fullContentBytes(const Draft &draft, DraftSegmentCache *cache = nullptr) const;
    /// A new draft's content (no tracks, media or kept keys) is the same text for every draft
    /// of one canvas up to its id, which comes last: the text before the id, written once per
    /// canvas (create_draft at thousands a second creates many such drafts).
    QByteArray bareContentBytes(const Draft &draft) const;
    QJsonObject buildTopLevelDefaults() const;
    QJsonObject buildConfigDefaults() const;
    const QJsonObject &topLevelDefaults() const { return m_topLevel; }
    const QJsonObject &configDefaults() const { return m_config; }
    DraftProfile m_profile;
    quint64 m_id; ///< unique per serializer in the process: what a DraftSegmentCache was filled by
    // Built once per serializer (they depend on the profile only): an empty draft's save is
    // dominated by them otherwise. Immutable after construction, so a serializer can be shared
    // by threads.
    QJsonObject m_topLevel;
    QJsonObject m_config;
    // The only mutable state: a small memo (bounded, thread-safe) of bare content prefixes.
    mutable QMutex m_bareMutex;
    mutable QHash<QByteArray, QByteArray> m_barePrefixes; ///< canvas key -> text before the id
};

/// The nested content document of a text material (§12.2), serialised compactly.
QString textContentString(const TextMaterial &text);

} // namespace CutPilot::Core
