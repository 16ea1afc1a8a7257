#pragma once

// Private: writes the tracks, segments and materials of a content document for DraftSerializer,
// and keeps what writing a segment gave in a DraftSegmentCache.

#include "draftserializer.h"
#include "jsonwriter_p.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>

namespace CutPilot::Core::DraftJson {

/// A materials entry that writing a segment adds (§8.2): its list, its id and its JSON text.
struct MaterialPiece
{
    QString list;
    QString id;
    QByteArray json;
};

/// What writing one segment gives: its object in the track's segments[] and the material entries
/// it adds, in order.
struct SegmentText
{
    QByteArray json;
    QList<MaterialPiece> materials;
};

/// Collects material entries while tracks are written: one entry per list and id (§8.2). Each
/// list is the comma-separated text of its entries, in the order they were added.
struct MaterialLists
{
    QMap<QString, JsonWriter> lists;
    QSet<QString> ids;

    /// The list to write a new entry to, or nullptr when an entry with this id is already there.
    JsonWriter *accept(const QString &list, const QString &id);
    void add(const QString &list, const QJsonObject &json);
    void add(const QString &list, const QString &id, const JsonFields &fields);
    /// An entry written before: the first piece with its list and id wins, like add().
    void add(const MaterialPiece &piece);
};

class ContentWriter
{
public:
    /// `cache`: segments written by an earlier call for the same draft (may be null).
    ContentWriter(const DraftSerializer &serializer, MaterialLists &materials,
                  DraftSegmentCache::Private *cache);

    JsonFields mediaJson(const MediaMaterial &media) const;
    void writeTrack(JsonWriter &out, const Track &track);

private:
    SegmentText segmentText(const Track &track, const Segment &segment) const;
    RawJson keyframesJson(const Segment &segment) const;
    JsonFields textJson(const TextMaterial &text) const;

    const DraftSerializer &m_serializer;
    MaterialLists &m_materials;
    DraftSegmentCache::Private *m_cache;
};

} // namespace CutPilot::Core::DraftJson

namespace CutPilot::Core {

struct DraftSegmentCache::Private
{
    struct Entry
    {
        Segment segment; ///< shares its data with the draft's segment (implicit sharing)
        TrackType type = TrackType::Video;
        int renderIndex = 0;
        DraftJson::SegmentText text;
        quint64 pass = 0; ///< the last contentBytes() call that wrote it
        qsizetype bytes = 0;
    };

    /// Starts a contentBytes() call: entries of another serializer are of no use.
    void begin(quint64 serializerId);
    /// The text written for an equal segment on the same kind of track at the same layer, or null.
    const DraftJson::SegmentText *find(const Track &track, const Segment &segment);
    void store(const Track &track, const Segment &segment, const DraftJson::SegmentText &text);
    /// Ends the call: segments it did not write are gone from the draft.
    void end();

    QHash<QString, Entry> entries; ///< by segment id
    quint64 serializer = 0;
    quint64 pass = 0;
    qsizetype bytes = 0;
    qint64 hits = 0;
    qint64 misses = 0;
};

} // namespace CutPilot::Core
