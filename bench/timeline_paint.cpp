// Timeline paint benchmark (issue 7): a draft with 5,000 clips over several tracks (video with
// keyframes, audio, text), painted by TimelineWidget into a QImage at a normal zoom (100 px a
// second, scrolled to the middle) and at "fit" (the whole draft in the view). Median and p95 of
// N frames each. Goal: ≤ 16 ms a frame (Release build). No media service: the clip bodies, labels,
// keyframe markers, ruler, headers and playhead are what is measured.
// Usage: bench_timeline_paint [--clips 5000] [--frames 200] [--width 1600] [--height 600]
//                             [--save <dir>]   (writes the last frame of each case as PNG)

#include "core/draft/draftprofile.h"
#include "core/services/draftservice.h"
#include "ui/timeline/timelinewidget.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <cstdio>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

Draft makeDraft(int clips)
{
    Draft draft;
    draft.id = newDraftGuid();
    draft.name = u"paint bench"_s;
    MediaMaterial video;
    video.id = newMaterialId();
    video.kind = MediaKind::Video;
    video.path = u"/media/clip.mp4"_s;
    video.name = u"clip.mp4"_s;
    video.durationUs = 60'000'000;
    video.width = 1920;
    video.height = 1080;
    MediaMaterial audio = video;
    audio.id = newMaterialId();
    audio.kind = MediaKind::Audio;
    audio.path = u"/media/music.wav"_s;
    audio.name = u"music.wav"_s;
    audio.width = audio.height = 0;
    draft.media.insert(video.id, video);
    draft.media.insert(audio.id, audio);
    const struct
    {
        TrackType type;
        int relative;
    } layout[] = {{TrackType::Video, 0}, {TrackType::Video, 1}, {TrackType::Video, 2},
                  {TrackType::Audio, 0}, {TrackType::Audio, 1}, {TrackType::Text, 0}};
    const int trackCount = int(std::size(layout));
    for (int t = 0; t < trackCount; ++t) {
        Track track;
        track.id = newMaterialId();
        track.type = layout[t].type;
        track.relativeIndex = layout[t].relative;
        track.name = u"track %1"_s.arg(t + 1);
        draft.tracks.append(track);
    }
    for (int i = 0; i < clips; ++i) {
        Track &track = draft.tracks[i % trackCount];
        const qint64 start = qint64(i / trackCount) * 2'000'000 + (i % 3) * 100'000;
        Segment s;
        s.id = newMaterialId();
        s.target = {start, 1'700'000};
        if (track.type == TrackType::Text) {
            s.materialId = newMaterialId();
            TextMaterial text;
            text.id = s.materialId;
            text.text = u"caption %1"_s.arg(i);
            s.text = text;
        } else {
            s.materialId = track.type == TrackType::Audio ? audio.id : video.id;
            s.source = TimeRange{(i % 20) * 1'000'000LL, 1'700'000};
            if (track.type == TrackType::Video && i % 4 == 0) {
                KeyframeTrack k;
                k.id = newMaterialId();
                k.property = KeyframeProperty::Alpha;
                k.keyframes = {Keyframe{newMaterialId(), 0, 0.0, Easing::Linear, {}, {}, {}},
                               Keyframe{newMaterialId(), 800'000, 1.0, Easing::Linear, {}, {}, {}}};
                s.keyframes = {k};
            }
        }
        track.segments.append(s);
    }
    return draft;
}

struct Stats
{
    double median = 0;
    double p95 = 0;
    double max = 0;
};

Stats measure(Ui::TimelineWidget &timeline, int frames, const QString &savePath)
{
    QImage image(timeline.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    QList<double> ms;
    ms.reserve(frames);
    for (int i = 0; i < frames; ++i) {
        // Move the playhead each frame, as playback would (forces a full repaint of the view).
        timeline.setPlayhead(timeline.playhead() + 40'000);
        QElapsedTimer timer;
        timer.start();
        QPainter painter(&image);
        timeline.viewport()->render(&painter);
        painter.end();
        ms.append(double(timer.nsecsElapsed()) / 1e6);
    }
    if (!savePath.isEmpty())
        image.save(savePath);
    std::sort(ms.begin(), ms.end());
    return {ms.at(ms.size() / 2), ms.at(std::min<qsizetype>(ms.size() - 1, ms.size() * 95 / 100)),
            ms.last()};
}

int argValue(const QStringList &args, const QString &name, int fallback)
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1).toInt() : fallback;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int clips = argValue(args, u"--clips"_s, 5000);
    const int frames = qMax(1, argValue(args, u"--frames"_s, 200));
    const int width = argValue(args, u"--width"_s, 1600);
    const int height = argValue(args, u"--height"_s, 600);
    const qsizetype saveAt = args.indexOf(u"--save"_s);
    const QString saveDir
        = saveAt >= 0 && saveAt + 1 < args.size() ? args.at(saveAt + 1) : QString();
    auto savePath = [&](const QString &name) {
        return saveDir.isEmpty() ? QString() : saveDir + u'/' + name;
    };

    Result<DraftProfile> profile = DraftProfile::builtIn(u"jy6-win"_s);
    if (!profile) {
        std::fprintf(stderr, "profile: %s\n", qPrintable(profile.error().message()));
        return 1;
    }
    DraftService service(makeDraft(clips), *profile);
    Ui::TimelineWidget timeline;
    timeline.resize(width, height);
    timeline.setDraft(&service);
    timeline.show();
    QCoreApplication::processEvents();

    std::printf("timeline paint: %d clips on %lld tracks, duration %.1f s, %dx%d, %d frames\n",
                clips, qlonglong(service.draft().tracks.size()),
                double(service.draft().duration()) / 1e6, width, height, frames);

    timeline.setUsPerPx(10'000); // 100 px a second
    timeline.setPlayhead(service.draft().duration() / 2);
    timeline.horizontalScrollBar()->setValue(int(service.draft().duration() / 2 / 10'000)
                                             - width / 2); // the middle of the draft
    const Stats normal = measure(timeline, frames, savePath(u"timeline-normal.png"_s));
    std::printf("normal zoom (100 px/s): median %.2f ms, p95 %.2f ms, max %.2f ms\n", normal.median,
                normal.p95, normal.max);

    timeline.zoomToFit();
    timeline.setPlayhead(0);
    const Stats fit = measure(timeline, frames, savePath(u"timeline-fit.png"_s));
    std::printf("fit (%.0f us/px):       median %.2f ms, p95 %.2f ms, max %.2f ms\n",
                timeline.usPerPx(), fit.median, fit.p95, fit.max);
    const bool ok = normal.p95 <= 16.0 && fit.p95 <= 16.0;
    std::printf("goal <= 16 ms a frame (p95): %s\n", ok ? "met" : "NOT met");
    return 0;
}
