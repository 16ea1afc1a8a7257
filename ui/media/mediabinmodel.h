#pragma once

#include "core/support/result.h"
#include "ui/media/mediabinitem.h"

#include <QAbstractListModel>
#include <QJsonObject>
#include <QList>

namespace CutPilot::Core {
class MediaService;
}

namespace CutPilot::Ui {

/// The media bin's items (issue 7): every item is probed through MediaService (downloaded first
/// when it came as a URL), gets a thumbnail, and shows its error when something failed. Results
/// come back on the GUI thread (Core::whenResult) and are addressed by item id and attempt,
/// so a removed or retried item ignores late answers.
///
/// Drags carry MediaMimeType (ui/common/mediamime.h) and text/uri-list, for probed items only.
class MediaBinModel final : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        PathRole,      ///< QString, absolute
        NameRole,      ///< QString
        StateRole,     ///< int (MediaBinItem::State)
        ErrorRole,     ///< QString, empty unless failed
        DurationRole,  ///< qint64 µs (0 until probed, and for images)
        AddedRole,     ///< QDateTime
        KindRole,      ///< QString: "video", "audio", "image", "" until probed
        FactsRole,     ///< QString: the facts line ("0:02 · 320×240 · 25 fps · h264 · 1.2 MB")
        ThumbnailRole, ///< QImage (null for audio and until it arrives)
        ProgressRole,  ///< int percent while downloading, -1 when the size is unknown
        UrlRole,       ///< QUrl for URL imports
    };
    Q_ENUM(Role)

    /// URL imports are copied into `mediaFolder` (the drafts' media folder, <DraftStore::root()>/
    /// media, where the API's downloads go too) by MediaService::downloadInto.
    MediaBinModel(Core::MediaService &media, const QString &mediaFolder, QObject *parent = nullptr);
    ~MediaBinModel() override;

    /// Adds a local file and starts probing it. False when the same absolute path is already in
    /// the bin (or the path is empty).
    bool addFile(const QString &path, const QDateTime &added = {});
    /// Adds a URL and starts downloading it. False when the URL is already in the bin.
    bool addUrl(const QUrl &url, const QDateTime &added = {});
    /// Probes (or downloads) the item at `row` again.
    void retry(int row);
    /// Removes the items at `rows` (any order; a downloaded copy stays in the media folder).
    void removeRows(QList<int> rows);

    const MediaBinItem &item(int row) const { return m_items.at(row); }
    int rowOfPath(const QString &path) const;

    /// {"version": 1, "items": [{"path", "url", "name", "added"}]}: what the bin lists, not the
    /// probe results (those are probed again on restore).
    QJsonObject toJson() const;
    /// Adds the items listed in `json` (duplicates skipped) and probes them again; a URL item
    /// whose downloaded copy is gone shows that as its error (retry downloads it again).
    Core::Result<> restore(const QJsonObject &json);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override;

    /// "probing…", the facts line, the download progress or the error: the item's second line.
    QString statusText(const MediaBinItem &item) const;

Q_SIGNALS:
    /// An item finished probing (ok) or failed.
    void itemSettled(quint64 id, bool ok);

private:
    int rowOf(quint64 id) const;
    MediaBinItem *find(quint64 id, int attempt);
    void start(MediaBinItem &item);
    void probe(quint64 id, int attempt, const QString &path);
    void download(quint64 id, int attempt, const QUrl &url);
    void requestThumbnail(quint64 id, int attempt);
    void fail(quint64 id, int attempt, const QString &message);
    void onDownloadProgress(const QUrl &url, qint64 received, qint64 total);
    void changed(quint64 id, const QList<int> &roles = {});
    QString factsText(const Core::MediaInfo &info) const;

    Core::MediaService &m_media;
    QString m_mediaFolder;
    QList<MediaBinItem> m_items;
    quint64 m_nextId = 1;
};

} // namespace CutPilot::Ui
