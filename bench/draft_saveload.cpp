// Draft save/load benchmark (issue 3): serialize a draft with N segments to its content document
// bytes ("save", without disk I/O) and parse those bytes back ("load"); median of several runs.
// "save again": one segment moved, then serialized with the DraftSegmentCache of the save before
// (what saving after an edit costs; the text is checked against a whole save).
// Usage: bench_draft_saveload [--runs R] [--sizes 10,1000,10000]
#include "core/draft/draftparser.h"
#include "core/draft/draftprofile.h"
#include "core/draft/draftserializer.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

Draft makeDraft(int segments)
{
    Draft draft;
    draft.id = newDraftGuid();
    MediaMaterial clip;
    clip.id = newMaterialId();
    clip.kind = MediaKind::Video;
    clip.path = u"C:/media/clip.mp4"_s;
    clip.name = u"clip.mp4"_s;
    clip.durationUs = 60'000'000;
    clip.width = 1920;
    clip.height = 1080;
    draft.media.insert(clip.id, clip);
    Track video;
    video.id = newMaterialId();
    video.type = TrackType::Video;
    video.name = u"main"_s;
    Track text;
    text.id = newMaterialId();
    text.type = TrackType::Text;
    text.name = u"captions"_s;
    for (int i = 0; i < segments; ++i) {
        const qint64 start = qint64(i) * 1'000'000;
        if (i % 2 == 0) {
            Segment s;
            s.id = newMaterialId();
            s.materialId = clip.id;
            s.target = {start, 1'000'000};
            s.source = TimeRange{(i % 50) * 1'000'000LL, 1'000'000};
            s.volume = 0.8;
            KeyframeTrack k;
            k.id = newMaterialId();
            k.property = KeyframeProperty::Alpha;
            k.keyframes = {Keyframe{newMaterialId(), 0, 0.0, Easing::Linear, {}, {}, {}},
                           Keyframe{newMaterialId(), 500'000, 1.0, Easing::Linear, {}, {}, {}}};
            s.keyframes = {k};
            video.segments.append(s);
        } else {
            Segment s;
            s.id = newMaterialId();
            s.materialId = newMaterialId();
            s.target = {start, 1'000'000};
            TextMaterial t;
            t.id = s.materialId;
            t.text = u"字幕 line %1"_s.arg(i);
            TextStyle style;
            style.length = t.text.size();
            style.strokeColor = QColor(Qt::black);
            t.styles = {style};
            s.text = t;
            text.segments.append(s);
        }
    }
    draft.tracks = {video, text};
    return draft;
}

double medianMs(QList<double> samples)
{
    std::sort(samples.begin(), samples.end());
    return samples.at(samples.size() / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int runs = 7;
    QList<int> sizes{10, 1000, 10000};
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--runs")
            runs = args[i + 1].toInt();
        if (args[i] == u"--sizes") {
            sizes.clear();
            for (const QString &s : args[i + 1].split(u','))
                sizes.append(s.toInt());
        }
    }
    const DraftSerializer serializer(*DraftProfile::builtIn(u"jy5-win"_s));
    std::printf("%10s %12s %12s %12s %14s %14s\n", "segments", "bytes", "save ms", "load ms",
                "save µs/seg", "save again ms");
    for (int n : sizes) {
        const Draft draft = makeDraft(n);
        QList<double> save;
        QList<double> load;
        QList<double> again;
        QByteArray bytes;
        DraftSegmentCache cache;
        Draft edited = draft;
        serializer.contentBytes(edited, &cache);
        for (int r = 0; r < runs; ++r) {
            QElapsedTimer timer;
            timer.start();
            bytes = serializer.contentBytes(draft);
            save.append(double(timer.nsecsElapsed()) / 1e6);
            timer.restart();
            const auto parsed = DraftParser::parseBytes(bytes, u"bench"_s);
            load.append(double(timer.nsecsElapsed()) / 1e6);
            if (!parsed) {
                std::fprintf(stderr, "load failed: %s\n", qPrintable(parsed.error().message()));
                return 1;
            }
            Track &track = edited.tracks[r % 2];
            if (!track.segments.isEmpty())
                track.segments[r % track.segments.size()].transform.x += 0.01;
            timer.restart();
            const QByteArray cached = serializer.contentBytes(edited, &cache);
            again.append(double(timer.nsecsElapsed()) / 1e6);
            if (cached != serializer.contentBytes(edited)) {
                std::fprintf(stderr, "save again: not what a whole save writes\n");
                return 1;
            }
        }
        std::printf("%10d %12lld %12.2f %12.2f %14.2f %14.2f\n", n, qint64(bytes.size()),
                    medianMs(save), medianMs(load), medianMs(save) * 1000.0 / n, medianMs(again));
    }
    return 0;
}
