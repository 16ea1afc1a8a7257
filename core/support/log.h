#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

#include <cstdint>
#include <memory>
#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>
#include <string_view>

/// Module loggers. Every module logs through its own named spdlog logger:
///
///     Log::get(Log::Api)->info("listening on {}", address.toString());
///
/// LogManager (created once by the composition root) attaches the shared sinks (rotating file in
/// <data-dir>/logs, console, and the in-memory ring buffer) to every module logger. Before or
/// without a LogManager, loggers write to stderr, so unit tests still show what went wrong.
namespace CutPilot::Core::Log {

inline constexpr std::string_view App = "app";
inline constexpr std::string_view Core = "core";
inline constexpr std::string_view Settings = "settings";
inline constexpr std::string_view Draft = "draft";
inline constexpr std::string_view Media = "media";
inline constexpr std::string_view Jobs = "jobs";
inline constexpr std::string_view Editor = "editor";
inline constexpr std::string_view Api = "api";
inline constexpr std::string_view Automation = "automation";
inline constexpr std::string_view Ui = "ui";
inline constexpr std::string_view Qt = "qt"; ///< Qt messages without a cutpilot.* category
/// One line per HTTP request (id, route, status, time). Written to the log file only, never to
/// the console: at thousands of requests a second a console line each would cost more than the
/// request itself.
inline constexpr std::string_view Access = "access";

/// The modules LogManager creates up front (in this order).
inline constexpr std::string_view Modules[]
    = {App, Core, Settings, Draft, Media, Jobs, Editor, Api, Automation, Ui, Qt, Access};

/// The logger for a module; created on first use with the current sinks. Thread-safe.
std::shared_ptr<spdlog::logger> get(std::string_view module);

/// Changes whenever the loggers are recreated (LogManager configuring or resetting the sinks).
std::uint64_t generation();

/// A module's logger kept for a hot path (the access log: one line per request). get() looks the
/// module up in spdlog's registry under a lock on every call; this fetches it again only after
/// the loggers were recreated. One thread uses an instance.
class CachedLogger
{
public:
    explicit CachedLogger(std::string_view module)
        : m_module(module)
    {
    }
    spdlog::logger *operator->()
    {
        if (const std::uint64_t now = generation(); !m_logger || now != m_generation) {
            m_logger = get(m_module);
            m_generation = now;
        }
        return m_logger.get();
    }

private:
    std::string m_module;
    std::shared_ptr<spdlog::logger> m_logger;
    std::uint64_t m_generation = 0;
};

} // namespace CutPilot::Core::Log

// fmt support for Qt strings, so log calls take QString without .toStdString() noise.
template<>
struct fmt::formatter<QString> : fmt::formatter<std::string_view>
{
    template<typename FormatContext>
    auto format(const QString &text, FormatContext &ctx) const
    {
        const QByteArray utf8 = text.toUtf8();
        return fmt::formatter<std::string_view>::format(
            std::string_view(utf8.constData(), std::size_t(utf8.size())), ctx);
    }
};

template<>
struct fmt::formatter<QByteArray> : fmt::formatter<std::string_view>
{
    template<typename FormatContext>
    auto format(const QByteArray &bytes, FormatContext &ctx) const
    {
        return fmt::formatter<std::string_view>::format(
            std::string_view(bytes.constData(), std::size_t(bytes.size())), ctx);
    }
};
