#pragma once

// The fixture of the CapCutAPI media route tests (tst_compatmedia.cpp,
// tst_compatmediakeyframes.cpp): media made with the ffmpeg command once per test program
// (tests/media/mediafixtures.h), a loopback file server for downloads (tests/media/faultserver.h),
// and per test a fresh server on 127.0.0.1:0 over the real DraftStore, MediaCache, Downloader and
// MediaService.

#include "../media/faultserver.h"
#include "../media/mediafixtures.h"
#include "api/apiserver.h"
#include "core/draft/catalog/catalogregistry.h"
#include "core/draft/draftstore.h"
#include "core/media/downloader.h"
#include "core/media/mediacache.h"
#include "core/services/draftservice.h"
#include "core/services/draftworkspace.h"
#include "core/services/mediaservice.h"
#include "httptestclient.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Api;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

namespace CutPilot::Test::CompatMediaFixtureDetail {

const QString VideoPrefix = u"Error occurred while processing video: "_s;
const QString AudioPrefix = u"Error occurred while processing audio: "_s;
const QString ImagePrefix = u"Error occurred while processing image: "_s;
const QString KeyframePrefix = u"Error occurred while adding keyframe: "_s;

inline Core::CatalogEntry entry(Core::CatalogKind kind, const QString &name, const QString &id)
{
    Core::CatalogEntry e;
    e.kind = kind;
    e.ns = Core::CatalogNamespace::JianYing;
    e.name = name;
    e.resourceId = id;
    e.effectId = id.left(7);
    return e;
}

inline std::shared_ptr<Core::CatalogRegistry> testCatalogs()
{
    using Core::CatalogKind;
    auto catalogs = std::make_shared<Core::CatalogRegistry>();
    Core::CatalogEntry circle = entry(CatalogKind::Mask, u"圆形"_s, u"6791652175668843016"_s);
    circle.resourceType = u"circle"_s;
    circle.aliases = {u"Circle"_s};
    Core::CatalogEntry rectangle = entry(CatalogKind::Mask, u"矩形"_s, u"6791699060161286662"_s);
    rectangle.resourceType = u"rectangle"_s;
    Core::CatalogEntry echo
        = entry(CatalogKind::AudioSceneEffect, u"回音"_s, u"7021052004386591262"_s);
    echo.params = {{u"strength"_s, 0.5, 0, 1}};
    catalogs->add({
        entry(CatalogKind::Transition, u"叠化"_s, u"6724845717472416269"_s),
        circle,
        rectangle,
        entry(CatalogKind::VideoIntro, u"渐显"_s, u"6798320778182922760"_s),
        echo,
    });
    return catalogs;
}

} // namespace CutPilot::Test::CompatMediaFixtureDetail

using namespace CutPilot::Test::CompatMediaFixtureDetail;

/// Base of the test classes (they add Q_OBJECT and the slots).
class CompatMediaFixture : public QObject
{
protected:
    QTemporaryDir m_mediaDir; ///< generated once: allowed/ and outside/
    QTemporaryDir m_dir;      ///< per test: store, cache, downloads
    QString m_clip;           ///< 4 s, 320x240, no sound
    QString m_clipWithSound;  ///< 2 s with sound
    QString m_tone;           ///< 3 s of sound
    QString m_still;          ///< 64x48 PNG
    QString m_unicodeClip;
    QString m_outsideClip;
    FaultServer m_files;
    std::unique_ptr<Core::DraftStore> m_store;
    std::unique_ptr<Core::DraftWorkspace> m_workspace;
    std::unique_ptr<Core::MediaCache> m_cache;
    std::unique_ptr<Core::Downloader> m_downloader;
    std::unique_ptr<Core::MediaService> m_media;
    std::unique_ptr<ApiServer> m_server;

    QString allowedFolder() const { return m_mediaDir.filePath(u"allowed"_s); }

    void start(bool withMedia = true, bool withCatalogs = false)
    {
        m_server.reset();
        m_media.reset();
        m_downloader.reset();
        m_cache.reset();
        m_workspace.reset();
        m_store.reset();
        QDir(m_dir.path()).removeRecursively();
        QDir().mkpath(m_dir.path());
        m_store = std::make_unique<Core::DraftStore>(m_dir.filePath(u"data/drafts"_s));
        QVERIFY(m_store->open());
        m_workspace = std::make_unique<Core::DraftWorkspace>(*m_store);
        m_cache = std::make_unique<Core::MediaCache>(m_dir.filePath(u"data/media-cache"_s));
        QVERIFY(m_cache->open());
        m_downloader = std::make_unique<Core::Downloader>(m_dir.filePath(u"data/downloads"_s));
        m_media = std::make_unique<Core::MediaService>(*m_cache, *m_downloader,
                                                       Core::MediaService::Options{});
        CompatServices compat;
        compat.workspace = m_workspace.get();
        compat.profileId = [] {
            return u"jy5-win"_s;
        };
        compat.draftsFolder = [this] {
            return m_dir.filePath(u"editor-store"_s);
        };
        compat.pathPolicy = [this] {
            return Core::PathPolicy({allowedFolder()});
        };
        if (withCatalogs)
            compat.catalogs = testCatalogs();
        if (withMedia)
            compat.media = m_media.get();
        m_server = std::make_unique<ApiServer>(
            ApiServer::Dependencies{Core::BuildInfo::current(), {}, compat});
        QVERIFY(m_server->start(*Core::ListenAddress::parse(u"127.0.0.1:0"_s)));
    }

    QJsonObject post(const QString &path, const QJsonObject &body)
    {
        const HttpResult r
            = httpRequest("POST", QUrl(m_server->address().toUrl() + path),
                          QJsonDocument(body).toJson(QJsonDocument::Compact), {}, 60'000);
        if (r.status != 200)
            qWarning() << "HTTP" << r.status << r.body;
        return r.json();
    }

    /// Posts and expects success; returns the draft id ("" on failure, with the error logged).
    QString ok(const QString &path, const QJsonObject &body)
    {
        const QJsonObject answer = post(path, body);
        if (!answer.value(u"success"_s).toBool())
            qWarning().noquote() << path << answer.value(u"error"_s).toString();
        return answer.value(u"success"_s).toBool()
                   ? answer.value(u"output"_s).toObject().value(u"draft_id"_s).toString()
                   : QString();
    }

    QString errorOf(const QString &path, const QJsonObject &body)
    {
        const QJsonObject answer = post(path, body);
        if (answer.value(u"success"_s).toBool())
            return u"<success>"_s;
        if (answer.value(u"output"_s) != QJsonValue(QString()))
            return u"<output is not \"\">"_s;
        return answer.value(u"error"_s).toString();
    }

    Core::Draft load(const QString &id)
    {
        Core::Result<Core::Draft> draft = m_store->load(id);
        return draft ? *draft : Core::Draft();
    }

    static const Core::Track *track(const Core::Draft &draft, const QString &name)
    {
        for (const Core::Track &t : draft.tracks) {
            if (t.name == name)
                return &t;
        }
        return nullptr;
    }

    static Core::Segment onlySegment(const Core::Draft &draft, const QString &name)
    {
        const Core::Track *t = track(draft, name);
        return t && t->segments.size() == 1 ? t->segments.first() : Core::Segment();
    }

    static QStringList trackNames(const Core::Draft &draft)
    {
        QStringList names;
        for (const Core::Track &t : draft.tracks)
            names.append(t.name);
        return names;
    }

    qsizetype draftCount() const { return m_store->list().size(); }

    static qint64 us(double seconds) { return qint64(std::llround(seconds * 1e6)); }

    /// A draft with two 2 s clips on video_main: [0, 2] s and [2, 4] s.
    QString twoClips()
    {
        const QString id = ok(u"/add_video"_s, {{u"video_url"_s, m_clip}, {u"end"_s, 2}});
        if (id.isEmpty())
            return id;
        return ok(u"/add_video"_s, {{u"draft_id"_s, id},
                                    {u"video_url"_s, m_clip},
                                    {u"start"_s, 1},
                                    {u"end"_s, 3},
                                    {u"target_start"_s, 2}});
    }

    static Core::Keyframe keyframe(const Core::Segment &s, Core::KeyframeProperty property,
                                   qsizetype index = 0)
    {
        for (const Core::KeyframeTrack &k : s.keyframes) {
            if (k.property == property && index < k.keyframes.size())
                return k.keyframes.at(index);
        }
        return Core::Keyframe{u"<none>"_s, -1, qQNaN(), {}, {}, {}, {}};
    }

    static int keyframeCount(const Core::Draft &draft)
    {
        int n = 0;
        for (const Core::Track &t : draft.tracks) {
            for (const Core::Segment &s : t.segments) {
                for (const Core::KeyframeTrack &k : s.keyframes)
                    n += int(k.keyframes.size());
            }
        }
        return n;
    }

    /// Makes the media and starts the file server (initTestCase).
    void prepareMedia()
    {
        QVERIFY2(MediaFixtures::haveFfmpeg(),
                 "the ffmpeg command is needed to generate test media");
        const QString allowed = allowedFolder();
        const QString outside = m_mediaDir.filePath(u"outside"_s);
        QVERIFY(QDir().mkpath(allowed) && QDir().mkpath(outside));
        MediaFixtures media(allowed);
        m_clip = media.make(u"clip.mp4"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s,
                                            u"testsrc=duration=4:size=320x240:rate=25"_s, u"-c:v"_s,
                                            u"libx264"_s, u"-pix_fmt"_s, u"yuv420p"_s});
        QVERIFY2(!m_clip.isEmpty(), qPrintable(media.lastError()));
        m_clipWithSound = media.make(
            u"talk.mp4"_s,
            {u"-f"_s, u"lavfi"_s, u"-i"_s, u"testsrc=duration=2:size=160x120:rate=25"_s, u"-f"_s,
             u"lavfi"_s, u"-i"_s, u"sine=duration=2"_s, u"-shortest"_s, u"-c:v"_s, u"libx264"_s,
             u"-pix_fmt"_s, u"yuv420p"_s, u"-c:a"_s, u"aac"_s});
        QVERIFY2(!m_clipWithSound.isEmpty(), qPrintable(media.lastError()));
        m_tone = media.make(u"tone.wav"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s,
                                            u"sine=frequency=440:duration=3:sample_rate=48000"_s});
        QVERIFY2(!m_tone.isEmpty(), qPrintable(media.lastError()));
        m_still = media.make(u"still.png"_s, {u"-f"_s, u"lavfi"_s, u"-i"_s,
                                              u"color=c=red:size=64x48"_s, u"-frames:v"_s, u"1"_s});
        QVERIFY2(!m_still.isEmpty(), qPrintable(media.lastError()));
        QVERIFY(QDir().mkpath(QDir(allowed).filePath(u"媒体 ü"_s)));
        m_unicodeClip = QDir(allowed).filePath(u"媒体 ü/画面 1.mp4"_s);
        QVERIFY(QFile::copy(m_clip, m_unicodeClip));
        m_outsideClip = QDir(outside).filePath(u"clip.mp4"_s);
        QVERIFY(QFile::copy(m_clip, m_outsideClip));
        // Canonical forms, as the path policy answers them (the temp dir may be a link).
        for (QString *path : {&m_clip, &m_clipWithSound, &m_tone, &m_still, &m_unicodeClip})
            *path = QFileInfo(*path).canonicalFilePath();

        QVERIFY(m_files.listen());
        QFile clip(m_clip);
        QVERIFY(clip.open(QIODevice::ReadOnly));
        FaultServer::Route file;
        file.body = clip.readAll();
        m_files.setRoute("/media/clip.mp4", file);
        FaultServer::Route missing;
        missing.mode = FaultServer::Mode::Status;
        missing.status = 404;
        missing.body = "not here";
        m_files.setRoute("/media/missing.mp4", missing);
        FaultServer::Route slow = file;
        slow.mode = FaultServer::Mode::Slow;
        slow.chunkSize = 1024; // about 2 s for the 21 kB clip
        slow.intervalMs = 100;
        m_files.setRoute("/media/slow.mp4", slow);
    }

    static bool isInsideFolder(const QString &path, const QString &folder)
    {
        return Core::PathPolicy::isInside(QFileInfo(path).canonicalFilePath(),
                                          QFileInfo(folder).canonicalFilePath());
    }
};
