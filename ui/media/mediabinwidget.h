#pragma once

#include "core/support/result.h"

#include <QStringList>
#include <QUrl>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QToolButton;

namespace CutPilot::Core {
class MediaService;
}

namespace CutPilot::Ui {

class MediaBinModel;
class MediaBinView;

/// The media bin (issue 7): imports files, folders (recursively, by extension) and URLs (with
/// download progress on the item), shows thumbnails and probe facts, errors on the item (retry,
/// remove), search by name and sort, and drags probed items onto the timeline (ui/common/
/// mediamime.h). The list persists through saveState()/restoreState().
class MediaBinWidget final : public QWidget
{
    Q_OBJECT

public:
    enum class SortKey {
        Name,
        Duration,
        DateAdded,
        Kind,
    };
    Q_ENUM(SortKey)

    /// URL imports are copied into `mediaFolder`: the drafts' media folder (<DraftStore::root()>/
    /// media), where the API's downloads go too, so that drafts never use a cache object.
    MediaBinWidget(Core::MediaService &media, const QString &mediaFolder,
                   QWidget *parent = nullptr);
    ~MediaBinWidget() override;

    /// Imports files and folders (folders: their media files, recursively, scanned in the
    /// background). Paths already in the bin are skipped. Returns the number of files added now
    /// (not counting what the folder scans add later).
    int importFiles(const QStringList &paths);
    /// Downloads an http(s) URL into the media folder and probes it. False when it is not such a
    /// URL or already in the bin (the reason shows in the bin's status line).
    bool importUrl(const QUrl &url);

    /// Writes the list (paths, URLs, names, dates added) as JSON to `path` atomically.
    Core::Result<> saveState(const QString &path) const;
    /// Adds the items listed in `path` and probes them again. A missing file is an empty list.
    Core::Result<> restoreState(const QString &path);

    void setSortKey(SortKey key, Qt::SortOrder order = Qt::AscendingOrder);
    SortKey sortKey() const;

    MediaBinModel *model() const { return m_model; }
    /// The model as the view shows it (search and sort applied).
    QSortFilterProxyModel *proxyModel() const { return m_proxy; }
    MediaBinView *view() const { return m_view; }
    /// The last message of the bin (duplicates skipped, invalid URL, folder scan result).
    QString statusMessage() const;

public Q_SLOTS:
    void importFilesWithDialog();
    void importFolderWithDialog();
    void retrySelected();
    void removeSelected();

Q_SIGNALS:
    /// A folder scan finished and its files were added.
    void folderImported(const QString &folder, int added);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void applySort();
    void importDroppedUrls(const QList<QUrl> &urls);
    void importUrlFromLineEdit();
    void showMessage(const QString &message);
    QList<int> selectedRows() const;
    void updateActions();

    MediaBinModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    MediaBinView *m_view = nullptr;
    QToolButton *m_importFiles = nullptr;
    QToolButton *m_importFolder = nullptr;
    QToolButton *m_retry = nullptr;
    QToolButton *m_remove = nullptr;
    QToolButton *m_viewMode = nullptr;
    QLineEdit *m_urlEdit = nullptr;
    QToolButton *m_download = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_sort = nullptr;
    QToolButton *m_sortOrder = nullptr;
    QLabel *m_status = nullptr;
    QString m_lastDialogFolder;
};

} // namespace CutPilot::Ui
