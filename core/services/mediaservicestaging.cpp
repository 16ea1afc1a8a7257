// MediaService::downloadInto: a download copied into a folder of the caller's (a draft's media
// folder), so that the cache may evict its own copy again.
#include "core/support/futurewatch.h"
#include "mediaservice.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPromise>
#include <QRegularExpression>
#include <QTemporaryFile>
#include <QtConcurrent/QtConcurrentRun>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

/// Copies `from` to `to` through a temporary file of its own and a rename (a crash never leaves
/// half a file under the final name). The name is the content's SHA-256, so an existing `to` of
/// the same size is the same content: it is kept, never removed (another caller may already
/// use it), and a copy that lost the race to it counts as done.
Result<QString> stageCopy(const QString &from, const QString &to)
{
    const QFileInfo target(to);
    const qint64 size = QFileInfo(from).size();
    const auto present = [&] {
        const QFileInfo now(to);
        return now.exists() && now.size() == size;
    };
    if (present())
        return to;
    if (!QDir().mkpath(target.absolutePath()))
        return Error(ErrorCode::IoError,
                     u"could not create the media folder %1"_s.arg(target.absolutePath()));
    QTemporaryFile temporary(to + u".XXXXXX.part"_s);
    QFile source(from);
    if (!temporary.open() || !source.open(QIODevice::ReadOnly))
        return Error(ErrorCode::IoError, u"could not copy the downloaded media into %1"_s.arg(to));
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (qint64 n; (n = source.read(buffer.data(), buffer.size())) > 0;) {
        if (temporary.write(buffer.constData(), n) != n)
            return Error(ErrorCode::IoError,
                         u"could not copy the downloaded media into %1"_s.arg(to));
    }
    if (!temporary.flush() || temporary.size() != size)
        return Error(ErrorCode::IoError, u"could not copy the downloaded media into %1"_s.arg(to));
    temporary.close();
    // rename() never replaces: when another copy of the same content won, use it.
    if (!QFile::rename(temporary.fileName(), to)) {
        if (present())
            return to;
        return Error(ErrorCode::IoError, u"could not stage the downloaded media as %1"_s.arg(to));
    }
    temporary.setAutoRemove(false);
    return to;
}

} // namespace

QString MediaService::extensionFor(const QUrl &url, const MediaInfo &info)
{
    static const QRegularExpression plausible(u"^[A-Za-z0-9]{1,5}$"_s);
    const QString suffix = QFileInfo(url.path()).suffix().toLower();
    if (plausible.match(suffix).hasMatch())
        return suffix;
    const QString container = info.container;
    const auto has = [&container](const QString &name) {
        return container.split(u',').contains(name);
    };
    if (has(u"mp4"_s) || has(u"mov"_s))
        return info.hasVideo ? u"mp4"_s : u"m4a"_s;
    if (has(u"matroska"_s) || has(u"webm"_s))
        return has(u"webm"_s) && !has(u"matroska"_s) ? u"webm"_s : u"mkv"_s;
    if (has(u"mp3"_s))
        return u"mp3"_s;
    if (has(u"wav"_s))
        return u"wav"_s;
    if (has(u"ogg"_s))
        return u"ogg"_s;
    if (has(u"flac"_s))
        return u"flac"_s;
    if (container.startsWith(u"png"_s))
        return u"png"_s;
    if (container.startsWith(u"jpeg"_s) || container.startsWith(u"mjpeg"_s))
        return u"jpg"_s;
    if (container.startsWith(u"webp"_s))
        return u"webp"_s;
    if (container.startsWith(u"gif"_s))
        return u"gif"_s;
    return u"bin"_s;
}

QFuture<Result<MediaInfo>> MediaService::downloadInto(const QUrl &url, const QString &folder)
{
    auto promise = std::make_shared<QPromise<Result<MediaInfo>>>();
    QFuture<Result<MediaInfo>> future = promise->future();
    promise->start();
    QFuture<Result<MediaInfo>> download = this->download(url);
    // Cancelling the caller's future withdraws the download and ends the caller's future at once
    // (cancelled), whatever the transfer does next.
    auto *cancelled = new QFutureWatcher<Result<MediaInfo>>(this);
    connect(cancelled, &QFutureWatcherBase::canceled, this, [download, promise]() mutable {
        download.cancel();
        promise->finish();
    });
    connect(cancelled, &QFutureWatcherBase::finished, cancelled, &QObject::deleteLater);
    cancelled->setFuture(future);

    const auto finish = [promise](const Result<MediaInfo> &result) {
        if (!promise->isCanceled())
            promise->addResult(result);
        promise->finish();
    };
    whenFinished(
        this, download,
        [this, url, folder, promise, finish](const QFuture<Result<MediaInfo>> &done) {
            if (done.isCanceled() || done.resultCount() == 0) {
                finish(Error(ErrorCode::Cancelled, u"cancelled"_s));
                return;
            }
            const Result<MediaInfo> downloaded = done.result();
            if (!downloaded || promise->isCanceled()) {
                if (downloaded)
                    releaseDownload(*downloaded);
                finish(downloaded ? Result<MediaInfo>(Error(ErrorCode::Cancelled, u"cancelled"_s))
                                  : downloaded);
                return;
            }
            const MediaInfo info = *downloaded;
            const QString sha256 = QFileInfo(info.path).completeBaseName();
            const QString staged = QDir(folder).filePath(sha256 + u'.' + extensionFor(url, info));
            const QString source = info.path;
            whenFinished(this,
                         QtConcurrent::run(m_stagingPool.get(),
                                           [source, staged] { return stageCopy(source, staged); }),
                         [this, info, finish](const QFuture<Result<QString>> &copy) {
                             // The folder owns its copy now (or nothing was staged): the cache may
                             // evict the downloaded object again.
                             releaseDownload(info);
                             const Result<QString> copied
                                 = copy.resultCount() > 0
                                       ? copy.result()
                                       : Result<QString>(
                                           Error(ErrorCode::Cancelled, u"cancelled"_s));
                             if (!copied) {
                                 finish(copied.error());
                                 return;
                             }
                             MediaInfo result = info;
                             result.path = *copied;
                             finish(result);
                         });
        });
    return future;
}

} // namespace CutPilot::Core
