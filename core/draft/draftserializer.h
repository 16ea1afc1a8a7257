#pragma once

#include "draftmodel.h"
#include "draftprofile.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QSet>

namespace CutPilot::Core {

/// Turns a Draft into the editor's content document for a profile (spec/draft-format.md §7–§12).
/// Pure and deterministic: the same draft and profile give the same JSON, ids included.
/// Keys the model does not know (read from an existing draft) are written back unchanged.
class DraftSerializer final
{
public:
    explicit DraftSerializer(DraftProfile profile);

    QJsonObject contentDocument(const Draft &draft) const;

    /// A path as the editor reads it: Windows profiles get "C:\\..." (native separators),
    /// mac profiles POSIX paths (§2.6).
    QString editorPath(const QString &path) const;

    const DraftProfile &profile() const { return m_profile; }

private:
    QJsonObject topLevelDefaults() const;
    QJsonObject configDefaults() const;
    /// Collects material entries while tracks are written: one entry per id (§8.2), in linear time.
    struct MaterialSink
    {
        QMap<QString, QJsonArray> lists;
        QSet<QString> ids;
        void add(const QString &list, const QJsonObject &json);
    };

    QJsonObject mediaJson(const MediaMaterial &media) const;
    QJsonObject trackJson(const Track &track, MaterialSink &materials) const;
    QJsonObject segmentJson(const Track &track, const Segment &segment,
                            MaterialSink &materials) const;
    QJsonObject textJson(const TextMaterial &text) const;
    QJsonArray keyframesJson(const Segment &segment) const;

    DraftProfile m_profile;
};

/// The nested content document of a text material (§12.2), serialised compactly.
QString textContentString(const TextMaterial &text);

} // namespace CutPilot::Core
