#include "logmanager.h"

#include "log.h"
#include "logsinks_p.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>

#include <chrono>
#include <cstdlib>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

QtMessageHandler g_previousHandler = nullptr;

/// "cutpilot.api.routes" -> "api"; anything not ours -> "qt".
std::string moduleForCategory(const char *category)
{
    constexpr std::string_view prefix = "cutpilot.";
    const std::string_view name = category ? std::string_view(category) : std::string_view();
    if (name.substr(0, prefix.size()) == prefix) {
        std::string_view rest = name.substr(prefix.size());
        return std::string(rest.substr(0, rest.find('.')));
    }
    return std::string(Log::Qt);
}

spdlog::level::level_enum levelForQtType(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return spdlog::level::debug;
    case QtInfoMsg:
        return spdlog::level::info;
    case QtWarningMsg:
        return spdlog::level::warn;
    case QtCriticalMsg:
        return spdlog::level::err;
    case QtFatalMsg:
        return spdlog::level::critical;
    }
    return spdlog::level::info;
}

void qtMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const std::string module = moduleForCategory(context.category);
    auto logger = Log::get(module);
    const char *category = context.category ? context.category : "default";
    const bool ours = module != Log::Qt;
    if (ours || qstrcmp(category, "default") == 0)
        logger->log(levelForQtType(type), "{}", message);
    else
        logger->log(levelForQtType(type), "[{}] {}", category, message);
    if (type == QtFatalMsg) {
        spdlog::apply_all([](const std::shared_ptr<spdlog::logger> &l) { l->flush(); });
        std::abort();
    }
}

} // namespace

Result<std::unique_ptr<LogManager>> LogManager::create(const LogOptions &options)
{
    std::unique_ptr<LogManager> manager(new LogManager);
    manager->m_level = options.level;

    const std::string pattern(Log::Detail::Pattern);
    if (!options.directory.isEmpty()) {
        const QString dir = QDir::cleanPath(options.directory);
        if (!QDir().mkpath(dir)) {
            return Error(ErrorCode::IoError, u"cannot create the log folder %1"_s.arg(dir),
                         {{u"path"_s, dir}});
        }
        const QString path = QDir(dir).absoluteFilePath(options.fileName);
        try {
            auto fileSink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                QDir::toNativeSeparators(path).toStdString(), options.maxFileSize,
                options.maxFiles);
            fileSink->set_pattern(pattern);
            manager->m_sinks.push_back(fileSink);
        } catch (const spdlog::spdlog_ex &e) {
            return Error(
                ErrorCode::IoError,
                u"cannot open the log file %1: %2"_s.arg(path, QString::fromLocal8Bit(e.what())),
                {{u"path"_s, path}});
        }
        manager->m_filePath = path;
    }
    std::vector<spdlog::sink_ptr> consoleSinks;
    if (options.console) {
        auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        console->set_pattern(pattern);
        manager->m_sinks.push_back(console);
        consoleSinks.push_back(console);
    }

    Log::Detail::configure(manager->m_sinks, options.level, consoleSinks);
    spdlog::flush_every(std::chrono::seconds(1));

    if (options.captureQtMessages) {
        g_previousHandler = qInstallMessageHandler(qtMessageHandler);
        manager->m_capturingQt = true;
    }
    return manager;
}

LogManager::~LogManager()
{
    if (m_capturingQt)
        qInstallMessageHandler(g_previousHandler);
    flush();
    Log::Detail::reset();
}

void LogManager::setLevel(spdlog::level::level_enum level)
{
    m_level = level;
    Log::Detail::setLevel(level);
}

void LogManager::flush()
{
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger> &l) { l->flush(); });
}

Result<spdlog::level::level_enum> LogManager::parseLevel(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"trace")
        return spdlog::level::trace;
    if (n == u"debug")
        return spdlog::level::debug;
    if (n == u"info")
        return spdlog::level::info;
    if (n == u"warn" || n == u"warning")
        return spdlog::level::warn;
    if (n == u"error")
        return spdlog::level::err;
    if (n == u"critical")
        return spdlog::level::critical;
    if (n == u"off")
        return spdlog::level::off;
    return Error::invalidArgument(
        u"logLevel"_s,
        u"'%1' is not a log level (trace, debug, info, warn, error, critical, off)"_s.arg(name));
}

QString LogManager::levelName(spdlog::level::level_enum level)
{
    switch (level) {
    case spdlog::level::trace:
        return u"trace"_s;
    case spdlog::level::debug:
        return u"debug"_s;
    case spdlog::level::info:
        return u"info"_s;
    case spdlog::level::warn:
        return u"warn"_s;
    case spdlog::level::err:
        return u"error"_s;
    case spdlog::level::critical:
        return u"critical"_s;
    case spdlog::level::off:
    case spdlog::level::n_levels:
        break;
    }
    return u"off"_s;
}

spdlog::level::level_enum LogManager::resolveLevel(const QString &settingsValue,
                                                   const QString &environmentValue,
                                                   QStringList *warnings)
{
    if (!environmentValue.isEmpty()) {
        if (auto level = parseLevel(environmentValue))
            return *level;
        if (warnings)
            warnings->append(u"CUTPILOT_LOG_LEVEL ignored: %1"_s.arg(
                parseLevel(environmentValue).error().message()));
    }
    if (!settingsValue.isEmpty()) {
        if (auto level = parseLevel(settingsValue))
            return *level;
        if (warnings)
            warnings->append(
                u"logLevel setting ignored: %1"_s.arg(parseLevel(settingsValue).error().message()));
    }
    return spdlog::level::info;
}

} // namespace CutPilot::Core
