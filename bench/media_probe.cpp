// bench_media_probe: in-process probing (core/media) against the ffprobe command on the same files,
// side by side in one run, and thumbnails per second (issue 4: ">= 10x faster, <= 5 ms a file").
//
//   bench_media_probe [--files 100] [--dir DIR]
//
// The media are generated once with the ffmpeg command into DIR (default: a temp folder): mp4
// videos with sound of 1-7 s and sizes from 336x240 to 1920x1080, and m4a audio.
#include "core/media/framegrabber.h"
#include "core/media/mediaprobe.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentMap>

#include <cstdio>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

bool run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    return p.waitForFinished(120'000) && p.exitStatus() == QProcess::NormalExit
           && p.exitCode() == 0;
}

QStringList makeMedia(const QString &dir, int count)
{
    QStringList files;
    for (int i = 0; i < count; ++i) {
        const bool audio = i % 4 == 3;
        const QString path = QDir(dir).filePath(audio ? u"a%1.m4a"_s.arg(i) : u"v%1.mp4"_s.arg(i));
        files.append(path);
        if (QFileInfo(path).size() > 0)
            continue;
        const int seconds = i % 7 + 1;
        const int width = 320 + (i * 16) % 1600;
        QStringList args{u"-y"_s, u"-loglevel"_s, u"error"_s};
        if (audio) {
            args << u"-f"_s << u"lavfi"_s << u"-i"_s << u"sine=duration=%1"_s.arg(seconds)
                 << u"-c:a"_s << u"aac"_s;
        } else {
            args << u"-f"_s << u"lavfi"_s << u"-i"_s
                 << u"testsrc=duration=%1:size=%2x%3:rate=25"_s.arg(seconds).arg(width).arg(
                        width * 9 / 16 / 2 * 2)
                 << u"-f"_s << u"lavfi"_s << u"-i"_s << u"sine=duration=%1"_s.arg(seconds)
                 << u"-shortest"_s << u"-c:v"_s << u"libx264"_s << u"-preset"_s << u"ultrafast"_s
                 << u"-pix_fmt"_s << u"yuv420p"_s << u"-c:a"_s << u"aac"_s;
        }
        if (!run(u"ffmpeg"_s, args << path)) {
            std::fprintf(stderr, "ffmpeg failed for %s\n", qPrintable(path));
            return {};
        }
    }
    return files;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{u"files"_s, u"How many files."_s, u"N"_s, u"100"_s},
                       {u"dir"_s, u"Where the media are generated (kept)."_s, u"DIR"_s}});
    parser.process(app);
    const int count = std::clamp(parser.value(u"files"_s).toInt(), 1, 10'000);
    QTemporaryDir temp;
    const QString dir = parser.isSet(u"dir"_s) ? parser.value(u"dir"_s) : temp.path();
    QDir().mkpath(dir);
    const QStringList files = makeMedia(dir, count);
    if (files.isEmpty())
        return 1;

    // Warm the page cache and the libraries once, like a user's second import.
    for (const QString &f : files)
        (void)probeMedia(f);

    QElapsedTimer t;
    t.start();
    int failures = 0;
    for (const QString &f : files)
        failures += probeMedia(f) ? 0 : 1;
    const double sequentialMs = t.nsecsElapsed() / 1e6;

    t.restart();
    const QList<bool> ok
        = QtConcurrent::blockingMapped(files, [](const QString &f) { return bool(probeMedia(f)); });
    const double parallelMs = t.nsecsElapsed() / 1e6;
    failures += int(ok.count(false));

    t.restart();
    for (const QString &f : files)
        run(u"ffprobe"_s,
            {u"-v"_s, u"error"_s, u"-show_format"_s, u"-show_streams"_s, u"-of"_s, u"json"_s, f});
    const double ffprobeMs = t.nsecsElapsed() / 1e6;

    // Thumbnails: one 120-pixel-high frame from the middle of each video.
    QStringList videos;
    for (const QString &f : files) {
        if (f.endsWith(u".mp4"_s))
            videos.append(f);
    }
    t.restart();
    for (const QString &f : std::as_const(videos))
        failures += FrameGrabber::thumbnail(f, 500'000, {120}) ? 0 : 1;
    const double thumbMs = t.nsecsElapsed() / 1e6;

    std::printf("files %d (videos %d)\n", int(files.size()), int(videos.size()));
    std::printf("probe in-process, one thread : %8.1f ms total, %6.2f ms a file\n", sequentialMs,
                sequentialMs / files.size());
    std::printf("probe in-process, all cores  : %8.1f ms total, %6.2f ms a file\n", parallelMs,
                parallelMs / files.size());
    std::printf("ffprobe command              : %8.1f ms total, %6.2f ms a file\n", ffprobeMs,
                ffprobeMs / files.size());
    std::printf("speed-up (one thread)        : %8.1fx\n", ffprobeMs / sequentialMs);
    std::printf("thumbnails (one thread)      : %8.1f per second (%d in %.1f ms)\n",
                videos.size() * 1000.0 / thumbMs, int(videos.size()), thumbMs);
    std::printf("failures                     : %d\n", failures);
    return failures == 0 ? 0 : 1;
}
