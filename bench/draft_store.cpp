// Draft store benchmark: what `POST /create_draft` costs in storage. Creates N empty 1080x1920
// drafts (as the API's create_draft does) in a fresh temporary store on one thread, lists them,
// saves each once more, and opens the store again (integrity check included). Serialization alone
// is timed too, so that the SQL share of a create can be told apart. Finally the same creates
// through DraftWorkspace (what the API calls: store + an open DraftService per draft).
// Usage: bench_draft_store [--count N] [--dir PATH] [--profile jy6-win]
#include "core/draft/draftprofile.h"
#include "core/draft/draftserializer.h"
#include "core/draft/draftstore.h"
#include "core/services/draftworkspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <cstdio>
#include <ctime>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

/// Like the compat API's ids: dfd_cat_<10 digits>_<8 hex>.
QString compatKey(int i)
{
    return u"dfd_cat_%1_%2"_s.arg(1'700'000'000 + i)
        .arg(QRandomGenerator::global()->generate(), 8, 16, QChar(u'0'));
}

Draft emptyDraft(const QString &name)
{
    Draft draft;
    draft.width = 1080;
    draft.height = 1920;
    draft.fps = 30.0;
    draft.name = name;
    return draft;
}

double perSecond(int count, qint64 nsecs)
{
    return nsecs > 0 ? double(count) * 1e9 / double(nsecs) : 0.0;
}

/// Wall time, and the CPU time of the whole process (the checkpointer thread included).
struct Timer
{
    QElapsedTimer wall;
    std::clock_t cpu = 0;
    Timer() { restart(); }
    void restart()
    {
        wall.start();
        cpu = std::clock();
    }
};

void report(const char *what, int count, const Timer &timer)
{
    const qint64 nsecs = timer.wall.nsecsElapsed();
    const double cpuUs = double(std::clock() - timer.cpu) * 1e6 / CLOCKS_PER_SEC;
    std::printf("%-32s %6d in %8.1f ms: %8.0f /s, %7.2f µs each (CPU %7.2f µs)\n", what, count,
                double(nsecs) / 1e6, perSecond(count, nsecs), double(nsecs) / 1e3 / count,
                cpuUs / count);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int count = 10'000;
    QString base;
    QString profileId = u"jy6-win"_s;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--count")
            count = std::max(1, args[i + 1].toInt());
        if (args[i] == u"--dir")
            base = args[i + 1];
        if (args[i] == u"--profile")
            profileId = args[i + 1];
    }
    QTemporaryDir temp(base.isEmpty() ? QDir::tempPath() + u"/bench_draft_store-XXXXXX"_s
                                      : base + u"/bench_draft_store-XXXXXX"_s);
    if (!temp.isValid()) {
        std::fprintf(stderr, "cannot create a temporary folder\n");
        return 1;
    }
    Result<DraftProfile> profile = DraftProfile::builtIn(profileId);
    if (!profile) {
        std::fprintf(stderr, "%s\n", qPrintable(profile.error().message()));
        return 1;
    }
    std::printf("draft store benchmark: %d empty 1080x1920 drafts, profile %s, in %s\n", count,
                qPrintable(profileId), qPrintable(temp.path()));

    QStringList keys;
    keys.reserve(count);
    for (int i = 0; i < count; ++i)
        keys.append(compatKey(i));

    // Serialization alone: what every create and save pays before any SQL.
    {
        const DraftSerializer serializer(*profile);
        const Draft draft = emptyDraft(keys.first());
        qint64 bytes = 0;
        Timer timer;
        for (int i = 0; i < count; ++i)
            bytes += serializer.contentBytes(draft).size();
        report("serialize only (contentBytes)", count, timer);
        std::printf("%-34s %8lld bytes each\n", "", bytes / count);
    }

    {
        DraftStore store(temp.filePath(u"drafts"_s));
        Timer timer;
        Result<DraftStore::OpenReport> opened = store.open();
        if (!opened) {
            std::fprintf(stderr, "%s\n", qPrintable(opened.error().message()));
            return 1;
        }
        report("open (new store)", 1, timer);

        timer.restart();
        for (const QString &key : std::as_const(keys)) {
            Result<QString> created = store.create(emptyDraft(key), profileId, key);
            if (!created) {
                std::fprintf(stderr, "create failed: %s\n", qPrintable(created.error().message()));
                return 1;
            }
        }
        report("create", count, timer);

        timer.restart();
        QStringList warnings;
        const QList<DraftStore::Summary> all = store.list(&warnings);
        const qint64 listed = timer.wall.nsecsElapsed();
        std::printf("%-34s %8lld in %9.1f ms\n", "list", qint64(all.size()), double(listed) / 1e6);
        if (all.size() != count || !warnings.isEmpty()) {
            std::fprintf(stderr, "list returned %lld drafts, %lld warnings\n", qint64(all.size()),
                         qint64(warnings.size()));
            return 1;
        }

        timer.restart();
        for (const QString &key : std::as_const(keys)) {
            Draft draft = emptyDraft(key);
            draft.id = all.first().id; // any content id: the store keeps what it is given
            if (Result<> saved = store.save(key, draft); !saved) {
                std::fprintf(stderr, "save failed: %s\n", qPrintable(saved.error().message()));
                return 1;
            }
        }
        report("save (each once more)", count, timer);
    }

    {
        Timer timer;
        DraftStore store(temp.filePath(u"drafts"_s));
        Result<DraftStore::OpenReport> opened = store.open();
        if (!opened || opened->drafts != count) {
            std::fprintf(stderr, "reopen failed\n");
            return 1;
        }
        report("open again (quick_check)", 1, timer);
        timer.restart();
        int loaded = 0;
        for (const QString &key : std::as_const(keys))
            loaded += store.load(key) ? 1 : 0;
        report("load (not cached: parse)", loaded, timer);
    }

    // The API's path: DraftWorkspace::create stores the draft and opens a DraftService for it.
    {
        DraftStore store(temp.filePath(u"workspace"_s));
        if (!store.open())
            return 1;
        DraftWorkspace workspace(store);
        Timer timer;
        for (const QString &key : std::as_const(keys)) {
            if (!workspace.create(emptyDraft(key), profileId, key)) {
                std::fprintf(stderr, "workspace create failed\n");
                return 1;
            }
        }
        report("workspace create (+ service)", count, timer);
    }
    return 0;
}
