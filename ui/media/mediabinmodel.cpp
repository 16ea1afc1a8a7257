#include "mediabinmodel.h"

#include "core/services/mediaservice.h"
#include "core/support/futurewatch.h"
#include "ui/common/mediamime.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QMimeData>
#include <QPixmap>
#include <QStyle>

#include <algorithm>

namespace CutPilot::Ui {

using namespace Qt::StringLiterals;
using State = MediaBinItem::State;

namespace {

constexpr int ThumbnailHeight = 90;

Qt::CaseSensitivity pathCase()
{
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
    return Qt::CaseInsensitive;
#else
    return Qt::CaseSensitive;
#endif
}

QString absoluteClean(const QString &path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

QString nameForUrl(const QUrl &url)
{
    const QString file = url.fileName();
    return file.isEmpty() ? url.host() : file;
}

QString formatDuration(qint64 us)
{
    const qint64 totalSeconds = (us + 500'000) / 1'000'000;
    const qint64 hours = totalSeconds / 3600;
    const qint64 minutes = (totalSeconds / 60) % 60;
    const qint64 seconds = totalSeconds % 60;
    if (hours > 0)
        return u"%1:%2:%3"_s.arg(hours)
            .arg(minutes, 2, 10, QChar(u'0'))
            .arg(seconds, 2, 10, QChar(u'0'));
    return u"%1:%2"_s.arg(minutes).arg(seconds, 2, 10, QChar(u'0'));
}

QIcon standardIcon(QStyle::StandardPixmap pixmap)
{
    return QApplication::style() ? QApplication::style()->standardIcon(pixmap) : QIcon();
}

} // namespace

MediaBinModel::MediaBinModel(Core::MediaService &media, const QString &mediaFolder, QObject *parent)
    : QAbstractListModel(parent)
    , m_media(media)
    , m_mediaFolder(mediaFolder)
{
    connect(&m_media, &Core::MediaService::downloadProgress, this,
            &MediaBinModel::onDownloadProgress);
}

MediaBinModel::~MediaBinModel() = default;

int MediaBinModel::rowOfPath(const QString &path) const
{
    const QString wanted = absoluteClean(path);
    for (int row = 0; row < m_items.size(); ++row) {
        if (!m_items[row].isUrl() && m_items[row].path.compare(wanted, pathCase()) == 0)
            return row;
    }
    return -1;
}

bool MediaBinModel::addFile(const QString &path, const QDateTime &added)
{
    if (path.trimmed().isEmpty() || rowOfPath(path) >= 0)
        return false;
    MediaBinItem item;
    item.id = m_nextId++;
    item.path = absoluteClean(path);
    item.name = QFileInfo(item.path).fileName();
    item.added = added.isValid() ? added : QDateTime::currentDateTimeUtc();
    item.state = State::Probing;
    const int row = int(m_items.size());
    beginInsertRows({}, row, row);
    m_items.append(item);
    endInsertRows();
    start(m_items.last());
    return true;
}

bool MediaBinModel::addUrl(const QUrl &url, const QDateTime &added)
{
    if (!url.isValid() || url.isEmpty())
        return false;
    if (std::any_of(m_items.cbegin(), m_items.cend(),
                    [&](const MediaBinItem &item) { return item.url == url; }))
        return false;
    MediaBinItem item;
    item.id = m_nextId++;
    item.url = url;
    item.name = nameForUrl(url);
    item.added = added.isValid() ? added : QDateTime::currentDateTimeUtc();
    item.state = State::Downloading;
    const int row = int(m_items.size());
    beginInsertRows({}, row, row);
    m_items.append(item);
    endInsertRows();
    start(m_items.last());
    return true;
}

void MediaBinModel::retry(int row)
{
    if (row < 0 || row >= m_items.size())
        return;
    MediaBinItem &item = m_items[row];
    ++item.attempt;
    item.error.clear();
    item.info = {};
    item.thumbnail = {};
    if (item.isUrl()) {
        item.path.clear();
        item.state = State::Downloading;
        item.received = 0;
        item.total = -1;
    } else {
        item.state = State::Probing;
    }
    changed(item.id);
    start(item);
}

void MediaBinModel::removeRows(QList<int> rows)
{
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (int row : std::as_const(rows)) {
        if (row < 0 || row >= m_items.size())
            continue;
        beginRemoveRows({}, row, row);
        m_items.removeAt(row);
        endRemoveRows();
    }
}

void MediaBinModel::start(MediaBinItem &item)
{
    const quint64 id = item.id;
    const int attempt = item.attempt;
    if (item.isUrl()) {
        if (item.path.isEmpty()) {
            download(id, attempt, item.url);
        } else if (QFileInfo::exists(item.path)) {
            // Restored: the copy in the media folder is CutPilot's own file, not an outside path.
            item.state = State::Probing;
            probe(id, attempt, item.path);
        } else {
            item.path.clear();
            fail(id, attempt,
                 tr("The downloaded copy is no longer in the media folder; retry to download it "
                    "again."));
        }
        return;
    }
    // Paths from outside go through the same policy as the API's (core/support/pathpolicy.h).
    const Core::Result<QString> allowed = m_media.checkExternalPath(item.path, u"path"_s);
    if (!allowed) {
        fail(id, attempt, allowed.error().message());
        return;
    }
    probe(id, attempt, *allowed);
}

void MediaBinModel::probe(quint64 id, int attempt, const QString &path)
{
    Core::whenResult(this, m_media.probe(path),
                     [this, id, attempt](const Core::Result<Core::MediaInfo> &info) {
                         MediaBinItem *item = find(id, attempt);
                         if (!item)
                             return;
                         if (!info) {
                             fail(id, attempt, info.error().message());
                             return;
                         }
                         item->info = *info;
                         item->state = State::Ready;
                         item->error.clear();
                         changed(id);
                         Q_EMIT itemSettled(id, true);
                         requestThumbnail(id, attempt);
                     });
}

void MediaBinModel::download(quint64 id, int attempt, const QUrl &url)
{
    // Copied into the drafts' media folder (as the API's downloads are), with the download's cache
    // pin released: the path goes into drag payloads and so into drafts, and the cache's size
    // bound never evicts that copy.
    if (m_mediaFolder.isEmpty()) {
        fail(id, attempt, tr("Download failed: there is no media folder to download into."));
        return;
    }
    Core::whenResult(this, m_media.downloadInto(url, m_mediaFolder),
                     [this, id, attempt](const Core::Result<Core::MediaInfo> &info) {
                         MediaBinItem *item = find(id, attempt);
                         if (!item)
                             return; // removed or retried meanwhile
                         if (!info) {
                             fail(id, attempt,
                                  tr("Download failed: %1").arg(info.error().message()));
                             return;
                         }
                         item->path = info->path;
                         item->info = *info;
                         item->state = State::Ready;
                         item->error.clear();
                         changed(id);
                         Q_EMIT itemSettled(id, true);
                         requestThumbnail(id, attempt);
                     });
}

void MediaBinModel::requestThumbnail(quint64 id, int attempt)
{
    MediaBinItem *item = find(id, attempt);
    if (!item || !item->info.hasVideo)
        return;
    // A frame a little into the clip says more than a fade-in's black first frame.
    const qint64 at
        = item->info.isStillImage ? 0 : std::min<qint64>(1'000'000, item->info.durationUs / 3);
    Core::whenResult(
        this, m_media.thumbnail(item->path, at, ThumbnailHeight),
        [this, id, attempt](const Core::Result<QImage> &image) {
            MediaBinItem *target = find(id, attempt);
            if (!target || !image || image->isNull())
                return; // no thumbnail is not an error: the item keeps its generic icon
            target->thumbnail = *image;
            changed(id, {Qt::DecorationRole, ThumbnailRole});
        });
}

void MediaBinModel::fail(quint64 id, int attempt, const QString &message)
{
    MediaBinItem *item = find(id, attempt);
    if (!item)
        return;
    item->state = State::Failed;
    item->error = message;
    changed(id);
    Q_EMIT itemSettled(id, false);
}

void MediaBinModel::onDownloadProgress(const QUrl &url, qint64 received, qint64 total)
{
    for (MediaBinItem &item : m_items) {
        if (item.state == State::Downloading && item.url == url) {
            item.received = received;
            item.total = total;
            changed(item.id, {Qt::DisplayRole, ProgressRole});
        }
    }
}

int MediaBinModel::rowOf(quint64 id) const
{
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items[row].id == id)
            return row;
    }
    return -1;
}

MediaBinItem *MediaBinModel::find(quint64 id, int attempt)
{
    const int row = rowOf(id);
    if (row < 0 || m_items[row].attempt != attempt)
        return nullptr;
    return &m_items[row];
}

void MediaBinModel::changed(quint64 id, const QList<int> &roles)
{
    const int row = rowOf(id);
    if (row >= 0)
        Q_EMIT dataChanged(index(row), index(row), roles);
}

QString MediaBinModel::factsText(const Core::MediaInfo &info) const
{
    QStringList parts;
    if (!info.isStillImage && info.durationUs > 0)
        parts.append(formatDuration(info.durationUs));
    if (info.hasVideo && info.width > 0)
        parts.append(u"%1×%2"_s.arg(info.width).arg(info.height));
    if (!info.isStillImage && info.hasVideo && info.fps > 0)
        parts.append(tr("%1 fps").arg(QLocale().toString(info.fps, 'g', 4)));
    if (info.hasVideo && !info.videoCodec.isEmpty())
        parts.append(info.videoCodec);
    else if (info.hasAudio && !info.audioCodec.isEmpty())
        parts.append(info.audioCodec);
    if (!info.hasVideo && info.sampleRate > 0)
        parts.append(tr("%1 kHz").arg(QLocale().toString(info.sampleRate / 1000.0, 'g', 3)));
    parts.append(QLocale().formattedDataSize(info.fileSize));
    return parts.join(u" · "_s);
}

QString MediaBinModel::statusText(const MediaBinItem &item) const
{
    switch (item.state) {
    case State::Probing:
        return tr("Probing…");
    case State::Downloading:
        if (item.total > 0)
            return tr("Downloading… %1 % (%2 of %3)")
                .arg(int(item.received * 100 / item.total))
                .arg(QLocale().formattedDataSize(item.received),
                     QLocale().formattedDataSize(item.total));
        return tr("Downloading… %1").arg(QLocale().formattedDataSize(item.received));
    case State::Ready:
        return factsText(item.info);
    case State::Failed:
        return item.error;
    }
    return {};
}

int MediaBinModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

QVariant MediaBinModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const MediaBinItem &item = m_items[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return QString(item.name + u'\n' + statusText(item));
    case Qt::DecorationRole:
        if (item.state == State::Failed)
            return standardIcon(QStyle::SP_MessageBoxWarning);
        if (!item.thumbnail.isNull())
            return QIcon(QPixmap::fromImage(item.thumbnail));
        if (item.state == State::Ready && !item.info.hasVideo)
            return standardIcon(QStyle::SP_MediaVolume);
        return standardIcon(QStyle::SP_FileIcon);
    case Qt::ToolTipRole: {
        const QString where = item.isUrl() && item.path.isEmpty()
                                  ? item.url.toDisplayString(QUrl::RemoveUserInfo)
                                  : QDir::toNativeSeparators(item.path);
        if (item.state == State::Failed)
            return tr("%1\nError: %2").arg(where, item.error);
        return QString(where + u'\n' + statusText(item));
    }
    case IdRole:
        return item.id;
    case PathRole:
        return item.path;
    case NameRole:
        return item.name;
    case StateRole:
        return int(item.state);
    case ErrorRole:
        return item.error;
    case DurationRole:
        return item.state == State::Ready && !item.info.isStillImage ? item.info.durationUs
                                                                     : qint64(0);
    case AddedRole:
        return item.added;
    case KindRole:
        return item.state == State::Ready ? item.info.kind() : QString();
    case FactsRole:
        return item.state == State::Ready ? factsText(item.info) : QString();
    case ThumbnailRole:
        return item.thumbnail;
    case ProgressRole:
        return item.total > 0 ? int(item.received * 100 / item.total) : -1;
    case UrlRole:
        return item.url;
    default:
        return {};
    }
}

Qt::ItemFlags MediaBinModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (m_items[index.row()].isDraggable())
        flags |= Qt::ItemIsDragEnabled;
    return flags;
}

QStringList MediaBinModel::mimeTypes() const
{
    return {QString(MediaMimeType), u"text/uri-list"_s};
}

Qt::DropActions MediaBinModel::supportedDragActions() const
{
    return Qt::CopyAction;
}

QMimeData *MediaBinModel::mimeData(const QModelIndexList &indexes) const
{
    // The payload of ui/common/mediamime.h, in the order the indexes come, each item once.
    QList<int> rows;
    for (const QModelIndex &index : indexes) {
        if (index.isValid() && index.model() == this && !rows.contains(index.row())
            && m_items.value(index.row()).isDraggable())
            rows.append(index.row());
    }
    if (rows.isEmpty())
        return nullptr;
    QJsonArray array;
    QList<QUrl> urls;
    for (int row : std::as_const(rows)) {
        const MediaBinItem &item = m_items[row];
        const Core::MediaInfo &info = item.info;
        const QString kind = info.kind() == u"image"_s ? u"photo"_s : info.kind();
        const bool photo = kind == u"photo"_s;
        const bool audio = kind == u"audio"_s;
        array.append(QJsonObject{
            {u"path"_s, QDir::toNativeSeparators(item.path)},
            {u"name"_s, item.name},
            {u"kind"_s, kind},
            {u"durationUs"_s, photo ? qint64(0) : info.durationUs},
            {u"width"_s, audio ? 0 : info.width},
            {u"height"_s, audio ? 0 : info.height},
            {u"fps"_s, audio || photo ? 0.0 : info.fps},
        });
        urls.append(QUrl::fromLocalFile(item.path));
    }
    auto *mime = new QMimeData;
    mime->setData(MediaMimeType, QJsonDocument(array).toJson(QJsonDocument::Compact));
    mime->setUrls(urls);
    return mime;
}

QJsonObject MediaBinModel::toJson() const
{
    QJsonArray items;
    for (const MediaBinItem &item : m_items) {
        QJsonObject entry{{u"path"_s, item.path},
                          {u"name"_s, item.name},
                          {u"added"_s, item.added.toUTC().toString(Qt::ISODateWithMs)}};
        if (item.isUrl())
            entry.insert(u"url"_s, item.url.toString());
        items.append(entry);
    }
    return {{u"version"_s, 1}, {u"items"_s, items}};
}

Core::Result<> MediaBinModel::restore(const QJsonObject &json)
{
    if (json.value(u"version"_s).toInt() != 1 || !json.value(u"items"_s).isArray())
        return Core::Error(Core::ErrorCode::CorruptData,
                           tr("the media bin list has an unknown format (version %1)")
                               .arg(json.value(u"version"_s).toVariant().toString()));
    const QJsonArray items = json.value(u"items"_s).toArray();
    for (const QJsonValue &value : items) {
        const QJsonObject entry = value.toObject();
        const QDateTime added
            = QDateTime::fromString(entry.value(u"added"_s).toString(), Qt::ISODateWithMs);
        const QString url = entry.value(u"url"_s).toString();
        if (url.isEmpty()) {
            addFile(entry.value(u"path"_s).toString(), added);
            continue;
        }
        const QUrl parsed(url);
        if (!parsed.isValid()
            || std::any_of(m_items.cbegin(), m_items.cend(),
                           [&](const MediaBinItem &i) { return i.url == parsed; }))
            continue;
        MediaBinItem item;
        item.id = m_nextId++;
        item.url = parsed;
        item.path = entry.value(u"path"_s).toString();
        item.name = entry.value(u"name"_s).toString(nameForUrl(parsed));
        item.added = added.isValid() ? added : QDateTime::currentDateTimeUtc();
        item.state = item.path.isEmpty() ? State::Downloading : State::Probing;
        const int row = int(m_items.size());
        beginInsertRows({}, row, row);
        m_items.append(item);
        endInsertRows();
        start(m_items.last());
    }
    return {};
}

} // namespace CutPilot::Ui
