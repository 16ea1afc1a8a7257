// The process tst_crashsafety kills with SIGKILL (issue 8): opens CutPilot's draft store and export
// queue store in a folder, runs the steps of crashworkload.h from a given one to the end, and
// prints "ack <step>" after each step is durable (the call that wrote it has returned).
//
//   crash_worker <folder> <first step> [--paced]
//
// --paced: each step waits for one byte on stdin (end of input: exit 0), so that the test decides
// which step is running when its SIGKILL comes. Exit 0 after the last step; 2 on a usage error;
// 3 when a store fails (the message on stderr).
#include "core/draft/draftstore.h"
#include "crashworkload.h"

#include <QCoreApplication>

#include <cstdio>

using namespace CutPilot;
using namespace CutPilot::Test::Crash;

namespace {

int fail(const QString &what)
{
    std::fprintf(stderr, "crash_worker: %s\n", qPrintable(what));
    return 3;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    bool numeric = false;
    const int first = args.size() >= 3 ? args.at(2).toInt(&numeric) : 0;
    const bool paced = args.size() == 4 && args.at(3) == QStringLiteral("--paced");
    if (!numeric || first < 1 || args.size() > 4 || (args.size() == 4 && !paced))
        return (std::fprintf(stderr, "usage: crash_worker <folder> <first step> [--paced]\n"), 2);
    const QString folder = args.at(1);

    Core::DraftStore drafts(folder + QStringLiteral("/drafts"));
    if (Core::Result<Core::DraftStore::OpenReport> opened = drafts.open(); !opened)
        return fail(opened.error().message());
    Core::Editor::ExportQueueStore jobs(folder + QStringLiteral("/exports.sqlite"));
    if (auto opened = jobs.open(); !opened)
        return fail(opened.error().message());

    for (int step = first; step <= Steps; ++step) {
        if (paced && std::getchar() == EOF)
            return 0;
        const int op = operationOf(step);
        if (isDraftStep(step)) {
            const QString key = draftKey(draftIndexOf(op));
            // A create that was killed before its ack may already be stored: then it is a save.
            Core::Result<> written;
            if (drafts.contains(key)) {
                written = drafts.save(key, draftFor(op));
            } else if (Core::Result<QString> created = drafts.create(draftFor(op), Profile, key);
                       !created) {
                written = created.error();
            }
            if (!written)
                return fail(written.error().message());
        } else {
            ExportJob job = jobFor(op);
            if (Core::Result<> written = jobs.put(job); !written)
                return fail(written.error().message());
        }
        std::printf("ack %d\n", step);
        std::fflush(stdout);
    }
    return 0;
}
