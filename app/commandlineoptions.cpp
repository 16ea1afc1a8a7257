#include "commandlineoptions.h"

#include "core/support/buildinfo.h"
#include "core/support/logmanager.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

namespace CutPilot::App {

using namespace Qt::StringLiterals;

Core::Result<CommandLineOptions> CommandLineOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"CutPilot: drafts, a local API and unattended export for JianYing Pro / CapCut desktop.\n"
        "Starts the GUI when a display exists, otherwise the headless API server."_s);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help and exit."_s);
    const QCommandLineOption version({u"v"_s, u"version"_s}, u"Show the version and exit."_s);
    const QCommandLineOption headless(u"headless"_s, u"Run without a GUI: the API server only."_s);
    const QCommandLineOption listen(
        u"listen"_s,
        u"Address of the local API (default 127.0.0.1:%1; port 0 picks a free port)."_s.arg(
            Core::ListenAddress::DefaultPort),
        u"ADDR:PORT"_s);
    const QCommandLineOption dataDir(
        u"data-dir"_s,
        u"Folder for settings, logs and CutPilot's own data (default: %1)."_s.arg(
            u"the platform app-data folder"_s),
        u"DIR"_s);
    const QCommandLineOption logLevel(
        u"log-level"_s,
        u"trace, debug, info, warn, error, critical or off (overrides the setting; "
        "CUTPILOT_LOG_LEVEL overrides both)."_s,
        u"LEVEL"_s);
    const QCommandLineOption allowDir(
        u"allow-dir"_s,
        u"A folder API clients may name for media and draft_folder (repeatable; adds to the "
        "allowedFolders setting for this run)."_s,
        u"DIR"_s);
    const QCommandLineOption editor(
        u"editor"_s,
        u"The editor CutPilot starts and exports with: 'standin' (the stand-in editor, a test "
        "tool) or the editor executable (overrides the editorExecutable setting)."_s,
        u"standin|PATH"_s);
    const QCommandLineOption automationProfile(
        u"automation-profile"_s,
        u"The automation profile for the editor (default: chosen by its executable and "
        "version; see docs/automation.md)."_s,
        u"ID"_s);
    parser.addOptions(
        {help, version, headless, listen, dataDir, logLevel, allowDir, editor, automationProfile});

    if (!parser.parse(arguments))
        return Core::Error(Core::ErrorCode::BadRequest, parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return Core::Error(Core::ErrorCode::BadRequest,
                           u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()));

    CommandLineOptions options;
    if (parser.isSet(help)) {
        options.action = Action::ShowHelp;
        options.text = parser.helpText();
        return options;
    }
    if (parser.isSet(version)) {
        options.action = Action::ShowVersion;
        options.text = Core::BuildInfo::current().summary() + u'\n';
        return options;
    }

    options.headless = parser.isSet(headless);
    if (parser.isSet(listen)) {
        Core::Result<Core::ListenAddress> address
            = Core::ListenAddress::parse(parser.value(listen));
        if (!address)
            return address.error().withContext(u"--listen"_s);
        options.listen = *address;
    }
    if (parser.isSet(dataDir)) {
        options.dataDir = parser.value(dataDir);
        if (options.dataDir.trimmed().isEmpty())
            return Core::Error::invalidArgument(u"data-dir"_s, u"--data-dir: the path is empty"_s);
    }
    for (const QString &dir : parser.values(allowDir)) {
        if (!QDir::isAbsolutePath(dir))
            return Core::Error::invalidArgument(
                u"allow-dir"_s, u"--allow-dir: '%1' is not an absolute path"_s.arg(dir));
        options.allowedDirs.append(QDir::cleanPath(dir));
    }
    if (parser.isSet(editor)) {
        const QString value = parser.value(editor).trimmed();
        if (value != u"standin" && !QDir::isAbsolutePath(value))
            return Core::Error::invalidArgument(
                u"editor"_s,
                u"--editor: '%1' is neither 'standin' nor an absolute path"_s.arg(value));
        options.editor = value == u"standin" ? value : QDir::cleanPath(value);
    }
    options.automationProfile = parser.value(automationProfile).trimmed();
    if (parser.isSet(logLevel)) {
        Core::Result<spdlog::level::level_enum> level
            = Core::LogManager::parseLevel(parser.value(logLevel));
        if (!level)
            return level.error().withContext(u"--log-level"_s);
        options.logLevel = Core::LogManager::levelName(*level);
    }
    return options;
}

} // namespace CutPilot::App
