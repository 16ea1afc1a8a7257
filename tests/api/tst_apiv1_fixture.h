#pragma once

// The /api/v1 test fixture: a real ApiServer on 127.0.0.1:0 with real services (draft store,
// workspace, jobs database, media cache, downloader, media service, settings, catalogs) in a
// temporary folder, and a client that sends the Bearer token.

#include "api/apiserver.h"
#include "core/draft/catalog/catalogregistry.h"
#include "core/draft/draftstore.h"
#include "core/jobs/jobservice.h"
#include "core/jobs/jobstore.h"
#include "core/media/downloader.h"
#include "core/media/mediacache.h"
#include "core/services/draftworkspace.h"
#include "core/services/mediaservice.h"
#include "core/support/settings.h"
#include "httptestclient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

namespace CutPilot::Test {

inline const QByteArray V1Token = "v1-test-token-0123456789abcdef";

class ApiV1Fixture
{
public:
    QTemporaryDir dir;
    std::unique_ptr<Core::Settings> settings;
    std::unique_ptr<Core::DraftStore> store;
    std::unique_ptr<Core::DraftWorkspace> workspace;
    std::unique_ptr<Core::JobStore> jobStore;
    std::unique_ptr<Core::JobService> jobs;
    std::unique_ptr<Core::MediaCache> cache;
    std::unique_ptr<Core::Downloader> downloader;
    std::unique_ptr<Core::MediaService> media;
    std::shared_ptr<Core::CatalogRegistry> catalogs;
    std::unique_ptr<Api::ApiServer> server;

    QString allowed() const { return dir.filePath(QStringLiteral("allowed")); }
    QString outside() const { return dir.filePath(QStringLiteral("outside")); }
    QString editorStore() const { return dir.filePath(QStringLiteral("allowed/editor-store")); }
    QString jobsPath() const { return dir.filePath(QStringLiteral("data/jobs.sqlite")); }

    /// Starts everything; `keepData`: reuse the folder's databases (a restart).
    bool start(bool keepData = false)
    {
        stop();
        if (!keepData) {
            QDir(dir.path()).removeRecursively();
            QDir().mkpath(dir.path());
        }
        QDir().mkpath(allowed());
        QDir().mkpath(outside());
        QDir().mkpath(editorStore());
        const QString data = dir.filePath(QStringLiteral("data"));
        settings = std::make_unique<Core::Settings>(
            Core::Settings::Options{Core::Settings::defaultFilePath(data), data});
        store = std::make_unique<Core::DraftStore>(data + QStringLiteral("/drafts"));
        if (!store->open())
            return false;
        workspace = std::make_unique<Core::DraftWorkspace>(*store);
        jobStore = std::make_unique<Core::JobStore>(jobsPath());
        if (!jobStore->open())
            return false;
        jobs = std::make_unique<Core::JobService>(*jobStore);
        cache = std::make_unique<Core::MediaCache>(data + QStringLiteral("/media-cache"));
        if (!cache->open())
            return false;
        downloader = std::make_unique<Core::Downloader>(data + QStringLiteral("/downloads"));
        media = std::make_unique<Core::MediaService>(*cache, *downloader,
                                                     Core::MediaService::Options{});
        media->setPathPolicy(Core::PathPolicy({allowed()}));
        catalogs = std::make_shared<Core::CatalogRegistry>();

        Api::CompatServices compat;
        compat.workspace = workspace.get();
        compat.profileId = [] {
            return QStringLiteral("jy5-win");
        };
        compat.draftsFolder = [this] {
            return editorStore();
        };
        compat.pathPolicy = [this] {
            return media->pathPolicy();
        };
        compat.catalogs = catalogs;
        Api::ApiServer::Dependencies deps{Core::BuildInfo::current(), {}, compat};
        deps.v1.jobs = jobs.get();
        deps.v1.media = media.get();
        deps.v1.settings = settings.get();
        server = std::make_unique<Api::ApiServer>(std::move(deps));
        server->setToken(QString::fromLatin1(V1Token));
        return bool(server->start(*Core::ListenAddress::parse(QStringLiteral("127.0.0.1:0"))));
    }

    void stop()
    {
        server.reset();
        media.reset();
        downloader.reset();
        cache.reset();
        jobs.reset();
        jobStore.reset();
        workspace.reset();
        store.reset();
        settings.reset();
    }

    QUrl url(const QString &path) const { return QUrl(server->address().toUrl() + path); }

    HttpResult call(const QByteArray &method, const QString &path, const QByteArray &body = {},
                    bool token = true, const QByteArray &contentType = "application/json")
    {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (token)
            headers.append({"Authorization", "Bearer " + V1Token});
        if (!body.isEmpty())
            headers.append({"Content-Type", contentType});
        return httpRequest(method, url(path), body, headers);
    }
    HttpResult get(const QString &path) { return call("GET", path); }
    HttpResult post(const QString &path, const QByteArray &body = {})
    {
        return call("POST", path, body);
    }
    HttpResult patch(const QString &path, const QByteArray &body)
    {
        return call("PATCH", path, body);
    }
    HttpResult del(const QString &path) { return call("DELETE", path); }

    /// POST /api/v1/drafts; the new draft's id.
    QString createDraft(const QByteArray &body = "{}")
    {
        return post(QStringLiteral("/api/v1/drafts"), body).json().value(u"id").toString();
    }
    QString addTrack(const QString &draft, const QString &type)
    {
        return post(QStringLiteral("/api/v1/drafts/%1/tracks").arg(draft),
                    QStringLiteral(R"({"type":"%1"})").arg(type).toUtf8())
            .json()
            .value(u"id")
            .toString();
    }

    /// Polls GET /api/v1/jobs/{id} until the job has finished; the last body.
    QJsonObject waitForJob(const QString &id, int timeoutMs = 20000)
    {
        QElapsedTimer timer;
        timer.start();
        QJsonObject job;
        while (timer.elapsed() < timeoutMs) {
            job = get(QStringLiteral("/api/v1/jobs/") + id).json();
            const QString state = job.value(u"state").toString();
            if (state == u"done" || state == u"failed" || state == u"cancelled")
                return job;
            QTest::qWait(20);
        }
        return job;
    }
};

/// The error body's parts.
inline QString errorField(const HttpResult &r)
{
    return r.json().value(u"error").toObject().value(u"field").toString();
}
inline QString errorMessage(const HttpResult &r)
{
    return r.json().value(u"error").toObject().value(u"message").toString();
}

} // namespace CutPilot::Test
