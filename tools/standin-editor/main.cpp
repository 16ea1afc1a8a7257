// standin-editor: a stand-in for JianYing Pro's export UI, driven by the same automation profile
// over the real accessibility bus, and really exporting a video (spec/editor-automation.md §11;
// docs/automation.md "Stand-in editor"). A test tool and demo backend; not the editor.

#include "accessibility.h"
#include "eventlog.h"
#include "faults.h"
#include "standincontroller.h"
#include "standinoptions.h"

extern "C" {
#include <libavutil/log.h>
}

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <cstdio>

using namespace CutPilot::Standin;
using namespace Qt::StringLiterals;

namespace {

int usage(const QString &message)
{
    std::fprintf(stderr, "standin-editor: %s\n", qPrintable(message));
    return ExitUsage;
}

/// refuse-start:N — the first N launches exit with ExitRefuseStart; the launch count lives in
/// `<state dir>/.standin-launches` (the store unless --state-dir).
bool refusesStart(const StandinOptions &options, EventLog &events)
{
    const Fault *refuse = options.faults.find(u"refuse-start");
    if (!refuse)
        return false;
    QDir().mkpath(options.stateDir);
    QFile counter(QDir(options.stateDir).filePath(u".standin-launches"_s));
    int launches = 0;
    if (counter.open(QIODevice::ReadOnly))
        launches = counter.readAll().trimmed().toInt();
    counter.close();
    ++launches;
    if (counter.open(QIODevice::WriteOnly | QIODevice::Truncate))
        counter.write(QByteArray::number(launches) + '\n');
    if (launches > int(refuse->number))
        return false;
    events.fault(u"refuse-start"_s);
    std::fprintf(stderr, "standin-editor: refusing to start (launch %d of %d refused)\n", launches,
                 int(refuse->number));
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"standin-editor"_s);
    QApplication::setApplicationDisplayName(u"standin-editor"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Stand-in for JianYing Pro's export UI (tests and demos; not the editor)."_s);
    parser.addHelpOption();
    parser.addOptions({
        {u"store"_s, u"Draft store: one folder per draft."_s, u"DIR"_s},
        {u"export-folder"_s, u"Where exports are written (default: the Movies folder)."_s,
         u"DIR"_s},
        {u"state-dir"_s, u"Where refuse-start counts launches (default: the store)."_s, u"DIR"_s},
        {u"title"_s, u"Window title (default 剪映专业版)."_s, u"TEXT"_s},
        {u"ui"_s, u"Editor build to imitate: 5.9, 7 or 10.8 (default 5.9)."_s, u"MODE"_s},
        {u"max-cards"_s, u"Draft cards per home page (default 12)."_s, u"N"_s},
        {u"open-delay-ms"_s, u"Time a draft takes to open (default 1500)."_s, u"MS"_s},
        {u"export-speed"_s, u"Export at N x real time (default: as fast as possible)."_s, u"N"_s},
        {u"expose-actions"_s, u"Give clickable texts a \"Press\" accessible action."_s},
        {u"write-temp-then-rename"_s, u"Export to a hidden .part file, rename at the end."_s},
        {u"faults"_s, u"Faults to inject (also $CUTPILOT_STANDIN_FAULTS), e.g. crash@export:50."_s,
         u"SPEC"_s},
    });
    parser.process(app);

    StandinOptions options;
    if (!parser.isSet(u"store"_s))
        return usage(u"--store DIR is required"_s);
    options.storePath = QDir(parser.value(u"store"_s)).absolutePath();
    options.exportFolder = parser.isSet(u"export-folder"_s)
                               ? QDir(parser.value(u"export-folder"_s)).absolutePath()
                               : QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
    options.stateDir = parser.isSet(u"state-dir"_s)
                           ? QDir(parser.value(u"state-dir"_s)).absolutePath()
                           : options.storePath;
    if (parser.isSet(u"title"_s))
        options.title = parser.value(u"title"_s);
    const QString ui = parser.value(u"ui"_s);
    if (ui.isEmpty() || ui == u"5.9")
        options.ui = UiMode::V59;
    else if (ui == u"7")
        options.ui = UiMode::V7;
    else if (ui == u"10.8")
        options.ui = UiMode::V108;
    else
        return usage(u"--ui must be 5.9, 7 or 10.8"_s);
    bool ok = true;
    if (parser.isSet(u"max-cards"_s))
        options.maxCards = parser.value(u"max-cards"_s).toInt(&ok);
    if (!ok || options.maxCards < 1)
        return usage(u"--max-cards must be a whole number >= 1"_s);
    if (parser.isSet(u"open-delay-ms"_s))
        options.openDelayMs = parser.value(u"open-delay-ms"_s).toInt(&ok);
    if (!ok || options.openDelayMs < 0)
        return usage(u"--open-delay-ms must be a whole number >= 0"_s);
    if (parser.isSet(u"export-speed"_s))
        options.exportSpeed = parser.value(u"export-speed"_s).toDouble(&ok);
    if (!ok || options.exportSpeed < 0.0)
        return usage(u"--export-speed must be a number > 0"_s);
    options.exposeActions = parser.isSet(u"expose-actions"_s);
    options.writeTempThenRename = parser.isSet(u"write-temp-then-rename"_s);

    for (const QString &spec :
         {qEnvironmentVariable("CUTPILOT_STANDIN_FAULTS"), parser.value(u"faults"_s)}) {
        CutPilot::Core::Result<FaultPlan> plan = FaultPlan::parse(spec);
        if (!plan)
            return usage(plan.error().message());
        options.faults.append(*plan);
    }

    EventLog events;
    if (refusesStart(options, events))
        return ExitRefuseStart;

    av_log_set_level(AV_LOG_ERROR); // no encoder banners on stderr
    installAccessibilityFactory();
    StandinController controller(options, events);
    controller.start();
    return app.exec();
}
