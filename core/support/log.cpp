#include "log.h"

#include "logsinks_p.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace CutPilot::Core::Log {

namespace {

// The sinks every module logger writes to. Process-wide by nature: spdlog's registry and Qt's
// message handler are process-wide too. Only LogManager changes them (see logmanager.cpp).
struct SinkState
{
    std::mutex mutex;
    std::vector<spdlog::sink_ptr> sinks;
    std::vector<spdlog::sink_ptr> consoleSinks; ///< subset of sinks without Access lines
    spdlog::level::level_enum level = spdlog::level::info;
    bool configured = false;
    std::atomic<std::uint64_t> generation{1};
};

SinkState &state()
{
    static SinkState s;
    return s;
}

spdlog::sink_ptr fallbackSink()
{
    // Before a LogManager exists (unit tests, early start-up): stderr, so nothing is lost.
    static spdlog::sink_ptr sink = [] {
        auto s = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        s->set_pattern(std::string(Detail::Pattern));
        return s;
    }();
    return sink;
}

std::shared_ptr<spdlog::logger> createLocked(SinkState &s, const std::string &name)
{
    std::vector<spdlog::sink_ptr> sinks
        = s.configured ? s.sinks : std::vector<spdlog::sink_ptr>{fallbackSink()};
    if (name == Access) {
        std::erase_if(sinks, [&s](const spdlog::sink_ptr &sink) {
            return sink == fallbackSink()
                   || std::find(s.consoleSinks.begin(), s.consoleSinks.end(), sink)
                          != s.consoleSinks.end();
        });
    }
    auto logger = std::make_shared<spdlog::logger>(name, sinks.begin(), sinks.end());
    logger->set_level(s.configured ? s.level : spdlog::level::warn);
    logger->flush_on(spdlog::level::warn);
    spdlog::register_logger(logger);
    return logger;
}

} // namespace

std::shared_ptr<spdlog::logger> get(std::string_view module)
{
    const std::string name(module);
    if (auto existing = spdlog::get(name))
        return existing;
    SinkState &s = state();
    std::lock_guard lock(s.mutex);
    if (auto existing = spdlog::get(name)) // created by another thread meanwhile
        return existing;
    return createLocked(s, name);
}

std::uint64_t generation()
{
    return state().generation.load(std::memory_order_acquire);
}

namespace Detail {

void configure(std::vector<spdlog::sink_ptr> sinks, spdlog::level::level_enum level,
               std::vector<spdlog::sink_ptr> consoleSinks)
{
    SinkState &s = state();
    std::lock_guard lock(s.mutex);
    spdlog::drop_all();
    ++s.generation;
    s.sinks = std::move(sinks);
    s.consoleSinks = std::move(consoleSinks);
    s.level = level;
    s.configured = true;
    for (std::string_view module : Modules)
        createLocked(s, std::string(module));
    spdlog::set_default_logger(spdlog::get(std::string(App)));
}

void reset()
{
    SinkState &s = state();
    std::lock_guard lock(s.mutex);
    spdlog::drop_all();
    ++s.generation;
    s.sinks.clear();
    s.consoleSinks.clear();
    s.configured = false;
}

void setLevel(spdlog::level::level_enum level)
{
    SinkState &s = state();
    std::lock_guard lock(s.mutex);
    s.level = level;
    spdlog::apply_all([level](const std::shared_ptr<spdlog::logger> &l) { l->set_level(level); });
}

} // namespace Detail

} // namespace CutPilot::Core::Log
