// Undo history benchmark: N subtitles added one by one to one draft through DraftService (what a
// script calling add_text in a loop does), printing the heap in use (glibc mallinfo2; elsewhere
// not measured) and the mean time per add at each quarter. The service keeps 500 undo steps.
// Usage: bench_undo_history [--texts 2000]
#include "core/draft/draftprofile.h"
#include "core/services/draftservice.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <cstdio>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

double heapMiB()
{
#if defined(__GLIBC__)
    const struct mallinfo2 m = mallinfo2();
    return double(m.uordblks + m.hblkhd) / (1024.0 * 1024.0);
#else
    return -1;
#endif
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int texts = 2000;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--texts")
            texts = std::max(4, args[i + 1].toInt());
    }
    Draft draft;
    draft.id = newDraftGuid();
    DraftService service(draft, *DraftProfile::builtIn(u"jy5-win"_s));
    const QString track = *service.addTrack(TrackType::Text, u"subtitles"_s);
    const double start = heapMiB();
    std::printf("%8s %16s %14s %12s\n", "texts", "heap grown MiB", "ms per add", "undo steps");
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < texts; ++i) {
        const auto added = service.addTextSegment(track, u"subtitle %1"_s.arg(i),
                                                  {qint64(i) * 1'000'000, 1'000'000});
        if (!added) {
            std::fprintf(stderr, "add failed: %s\n", qPrintable(added.error().message()));
            return 1;
        }
        if ((i + 1) % (texts / 4) == 0)
            std::printf("%8d %16.1f %14.3f %12d\n", i + 1, heapMiB() - start,
                        double(timer.nsecsElapsed()) / 1e6 / (i + 1), service.undoStack()->count());
    }
    return 0;
}
