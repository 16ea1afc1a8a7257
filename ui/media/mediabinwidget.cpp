#include "mediabinwidget.h"

#include "core/support/futurewatch.h"
#include "ui/media/mediabindelegate.h"
#include "ui/media/mediabinmodel.h"
#include "ui/media/mediabinview.h"
#include "ui/media/mediafiles.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace CutPilot::Ui {

using namespace Qt::StringLiterals;

namespace {

/// Sorts by the role of the chosen key; names compare locale-aware and case-insensitively.
class MediaBinProxy final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override
    {
        const int role = sortRole();
        if (role == MediaBinModel::DurationRole)
            return left.data(role).toLongLong() < right.data(role).toLongLong();
        if (role == MediaBinModel::AddedRole)
            return left.data(role).toDateTime() < right.data(role).toDateTime();
        const int byRole = QString::localeAwareCompare(left.data(role).toString().toCaseFolded(),
                                                       right.data(role).toString().toCaseFolded());
        if (byRole != 0 || role == MediaBinModel::NameRole)
            return byRole < 0;
        // Same kind: by name.
        return QString::localeAwareCompare(
                   left.data(MediaBinModel::NameRole).toString().toCaseFolded(),
                   right.data(MediaBinModel::NameRole).toString().toCaseFolded())
               < 0;
    }
};

int roleFor(MediaBinWidget::SortKey key)
{
    switch (key) {
    case MediaBinWidget::SortKey::Name:
        return MediaBinModel::NameRole;
    case MediaBinWidget::SortKey::Duration:
        return MediaBinModel::DurationRole;
    case MediaBinWidget::SortKey::DateAdded:
        return MediaBinModel::AddedRole;
    case MediaBinWidget::SortKey::Kind:
        return MediaBinModel::KindRole;
    }
    return MediaBinModel::NameRole;
}

QToolButton *toolButton(QWidget *parent, const QString &objectName, QStyle::StandardPixmap icon)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(objectName);
    button->setIcon(parent->style()->standardIcon(icon));
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(true);
    return button;
}

} // namespace

MediaBinWidget::MediaBinWidget(Core::MediaService &media, const QString &mediaFolder,
                               QWidget *parent)
    : QWidget(parent)
    , m_model(new MediaBinModel(media, mediaFolder, this))
    , m_proxy(new MediaBinProxy(this))
    , m_view(new MediaBinView(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(MediaBinModel::NameRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setDynamicSortFilter(true);
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new MediaBinDelegate(m_view));
    m_view->setObjectName(u"mediaBinView"_s);

    m_importFiles = toolButton(this, u"mediaBinImportFiles"_s, QStyle::SP_FileIcon);
    m_importFolder = toolButton(this, u"mediaBinImportFolder"_s, QStyle::SP_DirIcon);
    m_retry = toolButton(this, u"mediaBinRetry"_s, QStyle::SP_BrowserReload);
    m_remove = toolButton(this, u"mediaBinRemove"_s, QStyle::SP_TrashIcon);
    m_viewMode = toolButton(this, u"mediaBinViewMode"_s, QStyle::SP_FileDialogListView);
    m_viewMode->setCheckable(true);
    m_viewMode->setToolButtonStyle(Qt::ToolButtonIconOnly);

    m_urlEdit = new QLineEdit(this);
    m_urlEdit->setObjectName(u"mediaBinUrl"_s);
    m_urlEdit->setClearButtonEnabled(true);
    m_download = toolButton(this, u"mediaBinDownload"_s, QStyle::SP_ArrowDown);

    m_search = new QLineEdit(this);
    m_search->setObjectName(u"mediaBinSearch"_s);
    m_search->setClearButtonEnabled(true);
    m_sort = new QComboBox(this);
    m_sort->setObjectName(u"mediaBinSort"_s);
    for (SortKey key : {SortKey::Name, SortKey::Duration, SortKey::DateAdded, SortKey::Kind})
        m_sort->addItem(QString(), int(key));
    m_sortOrder = toolButton(this, u"mediaBinSortOrder"_s, QStyle::SP_ArrowUp);
    m_sortOrder->setCheckable(true); // checked: descending
    m_sortOrder->setToolButtonStyle(Qt::ToolButtonIconOnly);

    m_status = new QLabel(this);
    m_status->setObjectName(u"mediaBinStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *tools = new QHBoxLayout;
    tools->setContentsMargins(0, 0, 0, 0);
    for (QToolButton *button : {m_importFiles, m_importFolder, m_retry, m_remove})
        tools->addWidget(button);
    tools->addStretch();
    tools->addWidget(m_viewMode);
    auto *urlRow = new QHBoxLayout;
    urlRow->setContentsMargins(0, 0, 0, 0);
    urlRow->addWidget(m_urlEdit, 1);
    urlRow->addWidget(m_download);
    auto *findRow = new QHBoxLayout;
    findRow->setContentsMargins(0, 0, 0, 0);
    findRow->addWidget(m_search, 1);
    findRow->addWidget(m_sort);
    findRow->addWidget(m_sortOrder);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(tools);
    layout->addLayout(urlRow);
    layout->addLayout(findRow);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    connect(m_importFiles, &QToolButton::clicked, this, &MediaBinWidget::importFilesWithDialog);
    connect(m_importFolder, &QToolButton::clicked, this, &MediaBinWidget::importFolderWithDialog);
    connect(m_retry, &QToolButton::clicked, this, &MediaBinWidget::retrySelected);
    connect(m_remove, &QToolButton::clicked, this, &MediaBinWidget::removeSelected);
    connect(m_viewMode, &QToolButton::toggled, m_view, &MediaBinView::setIconMode);
    connect(m_download, &QToolButton::clicked, this, &MediaBinWidget::importUrlFromLineEdit);
    connect(m_urlEdit, &QLineEdit::returnPressed, this, &MediaBinWidget::importUrlFromLineEdit);
    connect(m_search, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_sort, &QComboBox::currentIndexChanged, this, &MediaBinWidget::applySort);
    connect(m_sortOrder, &QToolButton::toggled, this, [this](bool descending) {
        m_sortOrder->setIcon(
            style()->standardIcon(descending ? QStyle::SP_ArrowDown : QStyle::SP_ArrowUp));
        applySort();
    });
    connect(m_view, &MediaBinView::urlsDropped, this, &MediaBinWidget::importDroppedUrls);
    connect(m_view, &MediaBinView::removeRequested, this, &MediaBinWidget::removeSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MediaBinWidget::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MediaBinWidget::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MediaBinWidget::updateActions);

    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        menu.addAction(m_retry->text(), this, &MediaBinWidget::retrySelected)
            ->setEnabled(m_retry->isEnabled());
        menu.addAction(m_remove->text(), this, &MediaBinWidget::removeSelected)
            ->setEnabled(m_remove->isEnabled());
        menu.exec(m_view->viewport()->mapToGlobal(pos));
    });

    retranslateUi();
    applySort();
    updateActions();
}

MediaBinWidget::~MediaBinWidget() = default;

void MediaBinWidget::retranslateUi()
{
    m_importFiles->setText(tr("Import files…"));
    m_importFiles->setToolTip(tr("Add video, audio and image files to the bin"));
    m_importFolder->setText(tr("Import folder…"));
    m_importFolder->setToolTip(tr("Add every media file of a folder and its subfolders"));
    m_retry->setText(tr("Retry"));
    m_retry->setToolTip(tr("Probe the selected items again"));
    m_remove->setText(tr("Remove"));
    m_remove->setToolTip(tr("Remove the selected items from the bin (the files stay)"));
    m_viewMode->setToolTip(tr("Show as icons"));
    m_urlEdit->setPlaceholderText(tr("Media URL (http or https), then Enter"));
    m_download->setText(tr("Download"));
    m_download->setToolTip(tr("Download the URL into the media folder and add it"));
    m_search->setPlaceholderText(tr("Search by name"));
    m_sort->setItemText(0, tr("Name"));
    m_sort->setItemText(1, tr("Duration"));
    m_sort->setItemText(2, tr("Date added"));
    m_sort->setItemText(3, tr("Kind"));
    m_sort->setToolTip(tr("Sort by"));
    m_sortOrder->setToolTip(tr("Descending order"));
    m_view->setAccessibleName(tr("Media bin"));
}

void MediaBinWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void MediaBinWidget::setSortKey(SortKey key, Qt::SortOrder order)
{
    m_sort->setCurrentIndex(m_sort->findData(int(key)));
    m_sortOrder->setChecked(order == Qt::DescendingOrder);
    applySort();
}

MediaBinWidget::SortKey MediaBinWidget::sortKey() const
{
    return SortKey(m_sort->currentData().toInt());
}

void MediaBinWidget::applySort()
{
    m_proxy->setSortRole(roleFor(sortKey()));
    m_proxy->sort(0, m_sortOrder->isChecked() ? Qt::DescendingOrder : Qt::AscendingOrder);
}

int MediaBinWidget::importFiles(const QStringList &paths)
{
    int added = 0;
    int skipped = 0;
    for (const QString &path : paths) {
        const QFileInfo info(path);
        if (info.isDir()) {
            // Walking a big folder tree must not freeze the window.
            const QString folder = info.absoluteFilePath();
            Core::whenResult(
                this, QtConcurrent::run([folder] { return MediaFiles::scanFolder(folder); }),
                [this, folder](const QStringList &files) {
                    int fromFolder = 0;
                    for (const QString &file : files)
                        fromFolder += m_model->addFile(file) ? 1 : 0;
                    if (files.isEmpty())
                        showMessage(
                            tr("No media files found in %1").arg(QDir::toNativeSeparators(folder)));
                    else
                        showMessage(tr("%n file(s) added from %1", nullptr, fromFolder)
                                        .arg(QDir::toNativeSeparators(folder)));
                    Q_EMIT folderImported(folder, fromFolder);
                });
            continue;
        }
        if (m_model->addFile(path))
            ++added;
        else if (!path.trimmed().isEmpty())
            ++skipped;
    }
    if (skipped > 0)
        showMessage(tr("%n file(s) already in the bin", nullptr, skipped));
    return added;
}

bool MediaBinWidget::importUrl(const QUrl &url)
{
    if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s)
        || url.host().isEmpty()) {
        showMessage(tr("Not a media URL: %1 (give an http or https address)")
                        .arg(url.toDisplayString(QUrl::RemoveUserInfo)));
        return false;
    }
    if (!m_model->addUrl(url)) {
        showMessage(tr("%1 is already in the bin").arg(url.toDisplayString(QUrl::RemoveUserInfo)));
        return false;
    }
    return true;
}

void MediaBinWidget::importUrlFromLineEdit()
{
    const QString text = m_urlEdit->text().trimmed();
    if (text.isEmpty())
        return;
    if (importUrl(QUrl(text, QUrl::StrictMode)))
        m_urlEdit->clear(); // on failure the text stays, to be corrected
}

void MediaBinWidget::importDroppedUrls(const QList<QUrl> &urls)
{
    QStringList files;
    for (const QUrl &url : urls) {
        if (url.isLocalFile())
            files.append(url.toLocalFile());
        else
            importUrl(url);
    }
    if (!files.isEmpty())
        importFiles(files);
}

void MediaBinWidget::importFilesWithDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import media"), m_lastDialogFolder,
        tr("Media files (%1);;All files (*)").arg(MediaFiles::dialogPatterns()));
    if (files.isEmpty())
        return;
    m_lastDialogFolder = QFileInfo(files.first()).absolutePath();
    importFiles(files);
}

void MediaBinWidget::importFolderWithDialog()
{
    const QString folder
        = QFileDialog::getExistingDirectory(this, tr("Import a folder"), m_lastDialogFolder);
    if (folder.isEmpty())
        return;
    m_lastDialogFolder = folder;
    importFiles({folder});
}

QList<int> MediaBinWidget::selectedRows() const
{
    QList<int> rows;
    const QModelIndexList selected = m_view->selectionModel()->selectedIndexes();
    for (const QModelIndex &index : selected)
        rows.append(m_proxy->mapToSource(index).row());
    return rows;
}

void MediaBinWidget::retrySelected()
{
    for (int row : selectedRows())
        m_model->retry(row);
}

void MediaBinWidget::removeSelected()
{
    m_model->removeRows(selectedRows());
}

void MediaBinWidget::updateActions()
{
    const bool any = m_view->selectionModel()->hasSelection();
    m_retry->setEnabled(any);
    m_remove->setEnabled(any);
}

void MediaBinWidget::showMessage(const QString &message)
{
    m_status->setText(message);
}

QString MediaBinWidget::statusMessage() const
{
    return m_status->text();
}

Core::Result<> MediaBinWidget::saveState(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Core::Error(Core::ErrorCode::IoError,
                           tr("could not write the media bin list %1: %2")
                               .arg(QDir::toNativeSeparators(path), file.errorString()));
    file.write(QJsonDocument(m_model->toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return Core::Error(Core::ErrorCode::IoError,
                           tr("could not write the media bin list %1: %2")
                               .arg(QDir::toNativeSeparators(path), file.errorString()));
    return {};
}

Core::Result<> MediaBinWidget::restoreState(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return Core::Error(Core::ErrorCode::IoError,
                           tr("could not read the media bin list %1: %2")
                               .arg(QDir::toNativeSeparators(path), file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return Core::Error(Core::ErrorCode::CorruptData,
                           tr("the media bin list %1 is not valid JSON: %2")
                               .arg(QDir::toNativeSeparators(path), parseError.errorString()));
    if (Core::Result<> restored = m_model->restore(document.object()); !restored)
        return Core::Error(restored.error().code(), tr("%1: %2").arg(QDir::toNativeSeparators(path),
                                                                     restored.error().message()));
    return {};
}

} // namespace CutPilot::Ui
