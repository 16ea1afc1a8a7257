#pragma once

#include "core/support/listenaddress.h"
#include "core/support/result.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace CutPilot::App {

/// Process exit codes (documented in the README; scripts rely on them).
enum class ExitCode : int {
    Ok = 0,
    Failure = 1,         ///< runtime failure
    Usage = 2,           ///< bad command line
    CannotListen = 3,    ///< the API address is busy or not available
    DataDirUnusable = 4, ///< the data folder cannot be created or written
    DataDirInUse = 5,    ///< another CutPilot owns the data folder (headless)
};

/// What the command line asks for. Parsing never exits the process (unlike
/// QCommandLineParser::process), so it is testable and the caller picks the exit code.
struct CommandLineOptions
{
    enum class Action {
        Run,         ///< start CutPilot
        ShowHelp,    ///< print `text`, exit 0
        ShowVersion, ///< print `text`, exit 0
    };

    Action action = Action::Run;
    QString text;                              ///< help or version text
    bool headless = false;                     ///< --headless
    std::optional<Core::ListenAddress> listen; ///< --listen, overrides the setting
    QString dataDir;                           ///< --data-dir, empty = platform default
    QString logLevel;                          ///< --log-level, overrides the setting
    QStringList allowedDirs; ///< --allow-dir (repeatable): more folders API clients may name
    /// --editor: "standin" (the stand-in editor), an editor executable, or empty (the setting).
    QString editor;
    QString automationProfile; ///< --automation-profile: forces the editor's automation profile

    /// `arguments` includes the program name first, as QCoreApplication::arguments().
    static Core::Result<CommandLineOptions> parse(const QStringList &arguments);
};

} // namespace CutPilot::App
