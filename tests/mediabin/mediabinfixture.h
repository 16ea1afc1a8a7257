#pragma once

// Shared by the media bin and preview tests: a real MediaService (cache, downloader) in a
// temporary folder, and media generated with the ffmpeg command (tests/media/mediafixtures.h).

#include "../media/mediafixtures.h"
#include "core/media/downloader.h"
#include "core/media/mediacache.h"
#include "core/services/mediaservice.h"

#include <QDir>
#include <QTemporaryDir>

#include <memory>

namespace CutPilot::Test {

using namespace Qt::StringLiterals;

class MediaBinFixture
{
public:
    /// Media in <tmp>/media (allowed by the path policy); <tmp>/outside is not allowed.
    bool setUp()
    {
        if (!m_dir.isValid() || !MediaFixtures::haveFfmpeg())
            return false;
        QDir().mkpath(mediaDir());
        QDir().mkpath(outsideDir());
        m_media = std::make_unique<MediaFixtures>(mediaDir());
        m_cache = std::make_unique<Core::MediaCache>(m_dir.filePath(u"cache"_s));
        if (!m_cache->open())
            return false;
        m_downloader = std::make_unique<Core::Downloader>(m_dir.filePath(u"downloads"_s));
        m_service = std::make_unique<Core::MediaService>(*m_cache, *m_downloader,
                                                         Core::MediaService::Options{});
        m_service->setPathPolicy(Core::PathPolicy({mediaDir()}));
        return true;
    }

    /// testsrc video with a tone: `seconds` long, 320x240 at 25 fps, h264 + aac.
    QString video(const QString &name, int seconds)
    {
        return m_media->make(
            name, {u"-f"_s, u"lavfi"_s, u"-i"_s,
                   u"testsrc=duration=%1:size=320x240:rate=25"_s.arg(seconds), u"-f"_s, u"lavfi"_s,
                   u"-i"_s, u"sine=duration=%1"_s.arg(seconds), u"-shortest"_s, u"-c:v"_s,
                   u"libx264"_s, u"-pix_fmt"_s, u"yuv420p"_s, u"-c:a"_s, u"aac"_s});
    }
    QString audio(const QString &name, int seconds)
    {
        return m_media->make(
            name, {u"-f"_s, u"lavfi"_s, u"-i"_s, u"sine=frequency=440:duration=%1"_s.arg(seconds)});
    }
    QString image(const QString &name)
    {
        return m_media->make(name, {u"-f"_s, u"lavfi"_s, u"-i"_s, u"testsrc=size=160x120:rate=1"_s,
                                    u"-frames:v"_s, u"1"_s});
    }
    QString garbage(const QString &name) { return m_media->writeFile(name, QByteArray(4096, 'x')); }

    QString mediaDir() const { return m_dir.filePath(u"media"_s); }
    QString outsideDir() const { return m_dir.filePath(u"outside"_s); }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    Core::MediaService &service() { return *m_service; }
    Core::MediaCache &cache() { return *m_cache; }
    QString lastError() const { return m_media ? m_media->lastError() : QString(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<MediaFixtures> m_media;
    std::unique_ptr<Core::MediaCache> m_cache;
    std::unique_ptr<Core::Downloader> m_downloader;
    std::unique_ptr<Core::MediaService> m_service;
};

} // namespace CutPilot::Test
