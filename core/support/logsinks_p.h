#pragma once

// Private to core/support: the hooks LogManager uses to (re)configure the module loggers.

#include <spdlog/common.h>
#include <string_view>
#include <vector>

namespace CutPilot::Core::Log::Detail {

/// [2026-11-29 01:02:03.456] [api] [info] [t1234] message
inline constexpr std::string_view Pattern = "[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] [t%t] %v";

/// `consoleSinks` (a subset of `sinks`) get no Access lines.
void configure(std::vector<spdlog::sink_ptr> sinks, spdlog::level::level_enum level,
               std::vector<spdlog::sink_ptr> consoleSinks = {});
void reset();
void setLevel(spdlog::level::level_enum level);

} // namespace CutPilot::Core::Log::Detail
