// Drafts dock with a very large store: what the GUI thread pays when an API script has stored
// N drafts (default 100,000) and keeps creating more while the window is open. Fills a fresh
// store (group commits), shows the real DraftBrowser (offscreen), and measures:
// - the first refresh (the list read on the worker, then shown);
// - R refreshes after one more draft was created each time (the API-storm case);
// - R refreshes with nothing changed (the poll timer's usual answer).
// For each: the wall time from refresh() to refreshed(), and the longest the GUI thread's event
// loop went without running (an event-loop gap monitor: a 0 ms timer that records the longest
// gap between two of its ticks), which is what a user feels as a frozen window.
// Finally: R refreshes while the GUI thread saves a draft every 2 ms (an edit in the timeline or
// through the API), reporting the slowest save: the list's read must not hold up writers.
// Usage: bench_draft_browser [--drafts 100000] [--runs 10] [--dir PATH]

#include "core/draft/draftprofile.h"
#include "core/draft/draftstore.h"
#include "ui/draftbrowser.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

Draft emptyDraft(const QString &name)
{
    Draft draft;
    draft.width = 1080;
    draft.height = 1920;
    draft.fps = 30.0;
    draft.name = name;
    return draft;
}

/// The longest time between two ticks of a 0 ms timer: how long the event loop was blocked.
class GapMonitor
{
public:
    GapMonitor()
    {
        m_timer.setInterval(0);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            m_longest = std::max(m_longest, m_clock.nsecsElapsed());
            m_clock.restart();
        });
    }
    void start()
    {
        m_longest = 0;
        m_clock.start();
        m_timer.start();
    }
    double stopMs()
    {
        m_timer.stop();
        return double(std::max(m_longest, m_clock.nsecsElapsed())) / 1e6;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_longest = 0;
};

struct Sample
{
    double wallMs = 0;
    double stallMs = 0;
};

/// refresh() → refreshed(), with the longest event-loop gap in between (`ask` false: the refresh
/// the browser started itself).
Sample timedRefresh(Ui::DraftBrowser &browser, GapMonitor &gaps, bool ask = true)
{
    QEventLoop loop;
    const QMetaObject::Connection done
        = QObject::connect(&browser, &Ui::DraftBrowser::refreshed, &loop, &QEventLoop::quit);
    QElapsedTimer wall;
    wall.start();
    gaps.start();
    if (ask)
        browser.refresh();
    loop.exec();
    const double wallMs = double(wall.nsecsElapsed()) / 1e6;
    // What the change costs after refreshed() (the view's delayed layout, the header's resize to
    // contents, the paint) counts too.
    QTimer::singleShot(100, &loop, &QEventLoop::quit);
    loop.exec();
    Sample sample;
    sample.stallMs = gaps.stopMs();
    sample.wallMs = wallMs;
    QObject::disconnect(done);
    return sample;
}

void report(const char *what, QList<Sample> samples)
{
    const auto median = [](QList<double> values) {
        std::sort(values.begin(), values.end());
        return values.isEmpty() ? 0.0 : values[values.size() / 2];
    };
    QList<double> wall;
    QList<double> stall;
    for (const Sample &s : samples) {
        wall.append(s.wallMs);
        stall.append(s.stallMs);
    }
    std::printf("%-34s runs %3lld  wall median %8.2f ms max %8.2f ms  GUI stall median %8.2f ms "
                "max %8.2f ms\n",
                what, qint64(samples.size()), median(wall),
                *std::max_element(wall.begin(), wall.end()), median(stall),
                *std::max_element(stall.begin(), stall.end()));
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    int count = 100'000;
    int runs = 10;
    QString base;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--drafts")
            count = std::max(1, args[i + 1].toInt());
        if (args[i] == u"--runs")
            runs = std::max(1, args[i + 1].toInt());
        if (args[i] == u"--dir")
            base = args[i + 1];
    }
    QTemporaryDir temp((base.isEmpty() ? QDir::tempPath() : base)
                       + u"/bench_draft_browser-XXXXXX"_s);
    if (!temp.isValid()) {
        std::fprintf(stderr, "cannot create a temporary folder\n");
        return 1;
    }
    DraftStore store(temp.filePath(u"drafts"_s));
    if (!store.open()) {
        std::fprintf(stderr, "cannot open the store\n");
        return 1;
    }
    const QString profile = u"jy6-win"_s;
    int next = 0;
    const auto addDrafts = [&](int n) {
        while (n > 0) {
            QList<DraftStore::NewDraft> batch;
            for (int i = 0; i < std::min(n, 5000); ++i, ++next)
                batch.append({emptyDraft(u"draft %1"_s.arg(next)), profile,
                              u"dfd_cat_%1_bench"_s.arg(1'700'000'000 + next)});
            n -= int(batch.size());
            for (const Result<QString> &created : store.createBatch(batch)) {
                if (!created) {
                    std::fprintf(stderr, "create failed: %s\n",
                                 qPrintable(created.error().message()));
                    std::exit(1);
                }
            }
        }
    };
    QElapsedTimer fill;
    fill.start();
    addDrafts(count);
    std::printf("draft browser benchmark: %d drafts stored in %.0f ms\n", count,
                double(fill.nsecsElapsed()) / 1e6);

    GapMonitor gaps;
    Ui::DraftBrowser browser(store, nullptr);
    browser.setRefreshInterval(24 * 3600 * 1000); // refreshes only when the bench asks
    browser.resize(480, 900);
    browser.show();
    report("first show", {timedRefresh(browser, gaps, false)}); // the constructor's refresh
    if (browser.keys().size() != count) {
        std::fprintf(stderr, "the list shows %lld drafts, expected %d\n",
                     qint64(browser.keys().size()), count);
        return 1;
    }

    QList<Sample> grown;
    for (int r = 0; r < runs; ++r) {
        addDrafts(1);
        grown.append(timedRefresh(browser, gaps));
    }
    report("one more draft, refresh", grown);

    QList<Sample> unchanged;
    for (int r = 0; r < runs; ++r)
        unchanged.append(timedRefresh(browser, gaps));
    report("nothing changed, refresh", unchanged);

    // Saves on the GUI thread while the list is read on the worker.
    {
        const QString key = u"dfd_cat_%1_bench"_s.arg(1'700'000'000);
        Result<Draft> draft = store.load(key);
        if (!draft) {
            std::fprintf(stderr, "cannot load %s\n", qPrintable(key));
            return 1;
        }
        QList<double> slowest;
        int saves = 0;
        for (int r = 0; r < runs; ++r) {
            QTimer saver;
            saver.setInterval(2);
            double worst = 0;
            QObject::connect(&saver, &QTimer::timeout, [&] {
                QElapsedTimer took;
                took.start();
                draft->name = u"saved %1"_s.arg(++saves);
                if (!store.save(key, *draft)) {
                    std::fprintf(stderr, "save failed\n");
                    std::exit(1);
                }
                worst = std::max(worst, double(took.nsecsElapsed()) / 1e6);
            });
            saver.start();
            timedRefresh(browser, gaps);
            saver.stop();
            slowest.append(worst);
        }
        std::sort(slowest.begin(), slowest.end());
        std::printf("%-34s runs %3lld  saves %5d  slowest save: median %8.2f ms max %8.2f ms\n",
                    "saves during a refresh", qint64(slowest.size()), saves,
                    slowest[slowest.size() / 2], slowest.last());
    }
    if (browser.keys().size() != count + runs) {
        std::fprintf(stderr, "the list shows %lld drafts, expected %d\n",
                     qint64(browser.keys().size()), count + runs);
        return 1;
    }
    return 0;
}
