// Media of the CapCutAPI media routes (capcutapi-compat.md §4.6): download or path check, probe,
// staging; asynchronous, answered on the API thread (compatmedia_p.h).

#include "compatcontext.h"
#include "compatmedia_p.h"
#include "core/draft/draftstore.h"
#include "core/services/draftworkspace.h"
#include "core/services/mediaservice.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

namespace CutPilot::Api::CompatMedia {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::ErrorCode;
using Core::MediaInfo;
using Core::Result;

namespace {

using Done = std::function<void(Result<Fetched>)>;

/// The URL as it may appear in a message: no user info, query or fragment (they may hold keys).
QString shown(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toString();
}

/// The real extension of a downloaded file (§4.6: CapCutAPI's fixed .mp4/.mp3/.png are not
/// kept): the URL's when it has a plausible one, else one for the probed container.
QString extensionFor(const QUrl &url, const MediaInfo &info)
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

/// Copies `from` to `to` through a temporary file and a rename (a crash never leaves half a
/// file under the final name); an existing `to` of the same size is the same content (the name
/// is the content's SHA-256) and is kept. Runs off the API thread.
Result<QString> stageCopy(const QString &from, const QString &to)
{
    const QFileInfo target(to);
    if (target.exists() && target.size() == QFileInfo(from).size())
        return to;
    if (!QDir().mkpath(target.absolutePath()))
        return Error(ErrorCode::IoError,
                     u"could not create the media folder %1"_s.arg(target.absolutePath()));
    const QString temporary = to + u".part"_s;
    QFile::remove(temporary);
    if (!QFile::copy(from, temporary))
        return Error(ErrorCode::IoError, u"could not copy the downloaded media into %1"_s.arg(to));
    QFile::remove(to);
    if (!QFile::rename(temporary, to)) {
        QFile::remove(temporary);
        return Error(ErrorCode::IoError, u"could not stage the downloaded media as %1"_s.arg(to));
    }
    return to;
}

void fetchUrl(CompatContext &context, const QUrl &url, const QString &field, const Done &done)
{
    Core::MediaService *media = context.services().media;
    QObject *guard = context.guard();
    const QString folder = QDir(context.services().workspace->store().root()).filePath(u"media"_s);
    media->download(url).then(
        guard, [media, guard, url, field, folder, done](const Result<MediaInfo> &downloaded) {
            if (!downloaded) {
                done(Error(downloaded.error().code(),
                           u"%1: could not download %2: %3"_s.arg(field, shown(url),
                                                                  downloaded.error().message())));
                return;
            }
            const MediaInfo info = *downloaded;
            const QString sha256 = QFileInfo(info.path).completeBaseName();
            const QString staged = QDir(folder).filePath(sha256 + u'.' + extensionFor(url, info));
            const QString source = info.path;
            QtConcurrent::run([source, staged] {
                return stageCopy(source, staged);
            }).then(guard, [media, url, info, done](const Result<QString> &copied) {
                // The draft owns its copy now (or nothing was staged): the cache may evict the
                // downloaded object again (mediaservice.h).
                media->releaseDownload(info);
                if (!copied) {
                    done(copied.error());
                    return;
                }
                Fetched fetched;
                fetched.info = info;
                fetched.info.path = *copied;
                fetched.name
                    = url.fileName().isEmpty() ? QFileInfo(*copied).fileName() : url.fileName();
                done(fetched);
            });
        });
}

} // namespace

void fetch(CompatContext &context, const QString &url, const QString &field, Done done)
{
    const CompatServices &services = context.services();
    const QString text = url.trimmed();
    static const QRegularExpression scheme(u"^([A-Za-z][A-Za-z0-9+.-]*)://"_s);
    if (const QRegularExpressionMatch m = scheme.match(text); m.hasMatch()) {
        const QString name = m.captured(1).toLower();
        if (name != u"http" && name != u"https") {
            done(Error(ErrorCode::InvalidArgument,
                       u"%1: '%2' URLs are not supported; send an http(s) URL or a local path "
                       "inside the allowed folders"_s.arg(field, name),
                       {{u"field"_s, field}}));
            return;
        }
        const QUrl parsed(text, QUrl::StrictMode);
        if (!parsed.isValid() || parsed.host().isEmpty()) {
            done(Error(ErrorCode::InvalidArgument,
                       u"%1 is not a valid URL: %2"_s.arg(field, parsed.errorString()),
                       {{u"field"_s, field}}));
            return;
        }
        fetchUrl(context, parsed, field, done);
        return;
    }
    // A local path (FIX: only inside the allowed folders).
    if (!services.pathPolicy) {
        done(Error(ErrorCode::PathNotAllowed, u"%1: local files are not allowed"_s.arg(field),
                   {{u"field"_s, field}}));
        return;
    }
    Result<QString> path = services.pathPolicy().check(text, field);
    if (!path) {
        done(path.error());
        return;
    }
    if (!QFileInfo(*path).isFile()) {
        done(Error(ErrorCode::NotFound, u"%1: there is no file %2"_s.arg(field, text),
                   {{u"field"_s, field}}));
        return;
    }
    const QString name = QFileInfo(*path).fileName();
    services.media->probe(*path).then(context.guard(),
                                      [done, name, field](const Result<MediaInfo> &info) {
                                          if (!info) {
                                              done(info.error().withContext(field));
                                              return;
                                          }
                                          done(Fetched{*info, name});
                                      });
}

} // namespace CutPilot::Api::CompatMedia
