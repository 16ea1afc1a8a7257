// Media of the CapCutAPI media routes (capcutapi-compat.md §4.6): download or path check, probe,
// staging; asynchronous, answered on the API thread (compatmedia_p.h).

#include "compatcontext.h"
#include "compatmedia_p.h"
#include "core/draft/draftstore.h"
#include "core/services/draftworkspace.h"
#include "core/services/mediaservice.h"
#include "core/support/futurewatch.h"

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

void fetchUrl(CompatContext &context, const QUrl &url, const QString &field, const Done &done)
{
    Core::MediaService *media = context.services().media;
    QObject *guard = context.guard();
    const QString folder = QDir(context.services().workspace->store().root()).filePath(u"media"_s);
    // Copied into the drafts' media folder, the download's pin released (MediaService).
    Core::whenFinished(
        guard, media->downloadInto(url, folder),
        [url, field, done](const QFuture<Result<MediaInfo>> &finished) {
            const Result<MediaInfo> staged
                = finished.isCanceled() || finished.resultCount() == 0
                      ? Result<MediaInfo>(Error(ErrorCode::Cancelled, u"cancelled"_s))
                      : finished.result();
            if (!staged) {
                done(Error(staged.error().code(),
                           u"%1: could not download %2: %3"_s.arg(field, shown(url),
                                                                  staged.error().message())));
                return;
            }
            Fetched fetched;
            fetched.info = *staged;
            fetched.name
                = url.fileName().isEmpty() ? QFileInfo(staged->path).fileName() : url.fileName();
            done(fetched);
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
    Core::whenResult(context.guard(), services.media->probe(*path),
                     [done, name, field](const Result<MediaInfo> &info) {
                         if (!info) {
                             done(info.error().withContext(field));
                             return;
                         }
                         done(Fetched{*info, name});
                     });
}

} // namespace CutPilot::Api::CompatMedia
