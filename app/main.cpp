#include "application.h"
#include "commandlineoptions.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>
#include <memory>

using namespace CutPilot;

int main(int argc, char *argv[])
{
    // No organization name: the data folder is .../CutPilot, not .../CutPilot/CutPilot.
    QCoreApplication::setApplicationName(QStringLiteral("CutPilot"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CUTPILOT_VERSION));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    const Core::Result<App::CommandLineOptions> options = App::CommandLineOptions::parse(arguments);
    if (!options) {
        std::fprintf(stderr, "cutpilot: %s\nTry 'cutpilot --help' for the options.\n",
                     qPrintable(options.error().message()));
        return int(App::ExitCode::Usage);
    }
    if (options->action != App::CommandLineOptions::Action::Run) {
        std::fputs(qPrintable(options->text), stdout);
        return int(App::ExitCode::Ok);
    }

    const App::Application::Mode mode = App::Application::chooseMode(*options);
    std::unique_ptr<QCoreApplication> qtApp;
    if (mode == App::Application::Mode::Gui) {
        auto gui = std::make_unique<QApplication>(argc, argv);
        gui->setApplicationDisplayName(QStringLiteral("CutPilot"));
        qtApp = std::move(gui);
    } else {
        qtApp = std::make_unique<QCoreApplication>(argc, argv);
    }

    int exitCode = 0;
    {
        App::Application application(*options, mode);
        const App::Application::StartResult started = application.start();
        if (!started.running) {
            if (!started.message.isEmpty())
                std::fprintf(stderr, "cutpilot: %s\n", qPrintable(started.message));
            return int(started.exitCode);
        }
        exitCode = qtApp->exec();
    }
    return exitCode;
}
