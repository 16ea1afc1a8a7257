#pragma once

#include "result.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <spdlog/common.h>
#include <vector>

namespace CutPilot::Core {

struct LogOptions
{
    /// Folder for the rotating log file, normally <data-dir>/logs. Empty: no file sink.
    QString directory;
    QString fileName = QStringLiteral("cutpilot.log");
    spdlog::level::level_enum level = spdlog::level::info;
    std::size_t maxFileSize = 10 * 1024 * 1024; ///< bytes before the file rotates
    std::size_t maxFiles = 5;                   ///< rotated files kept besides the current one
    bool console = true;                        ///< also write to stderr
    bool captureQtMessages = true;              ///< route qDebug/qWarning/... into the loggers
};

/// Owns the log sinks and wires every module logger (Log::get) to them. Created once by the
/// composition root, destroyed last; while it lives, Qt's message handler forwards Qt messages
/// (qDebug, qCWarning(cutpilot.api) ...) into the logger of their module.
class LogManager final
{
public:
    static Result<std::unique_ptr<LogManager>> create(const LogOptions &options);
    ~LogManager();

    LogManager(const LogManager &) = delete;
    LogManager &operator=(const LogManager &) = delete;

    void setLevel(spdlog::level::level_enum level);
    spdlog::level::level_enum level() const { return m_level; }

    /// Absolute path of the current log file, empty without a file sink.
    QString filePath() const { return m_filePath; }
    void flush();

    /// "trace", "debug", "info", "warn" (or "warning"), "error", "critical", "off".
    static Result<spdlog::level::level_enum> parseLevel(const QString &name);
    static QString levelName(spdlog::level::level_enum level);
    /// The effective level: CUTPILOT_LOG_LEVEL (environment) wins over the settings value; an
    /// invalid value is reported in `warnings` and skipped.
    static spdlog::level::level_enum resolveLevel(const QString &settingsValue,
                                                  const QString &environmentValue,
                                                  QStringList *warnings);

private:
    LogManager() = default;

    std::vector<spdlog::sink_ptr> m_sinks;
    spdlog::level::level_enum m_level = spdlog::level::info;
    QString m_filePath;
    bool m_capturingQt = false;
};

} // namespace CutPilot::Core
