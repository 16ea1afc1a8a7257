#pragma once

#include <QtGlobal>

#include <chrono>
#include <deque>

namespace CutPilot::Core::Editor {

/// When to restart the editor after a failure: exponential backoff (base 1 s, factor 2, at most
/// 10 s by default) and a circuit breaker that stops restarting after too many failures in a
/// window (issue 6). Pure: the caller passes the time, so tests need no clock.
class RestartPolicy
{
public:
    struct Options
    {
        std::chrono::milliseconds base{1000};
        double factor = 2.0;
        std::chrono::milliseconds max{10'000};
        int breakerFailures = 5;                          ///< this many failures …
        std::chrono::milliseconds breakerWindow{300'000}; ///< … within this window open it
    };

    RestartPolicy() = default;
    explicit RestartPolicy(Options options)
        : m_options(options)
    {
    }

    const Options &options() const { return m_options; }

    /// Records a failure at `nowMs`; returns the delay before the next start attempt.
    std::chrono::milliseconds recordFailure(qint64 nowMs);
    /// The editor reached ready: the backoff starts again from `base`.
    void recordSuccess();
    /// True when the breaker is open: too many failures in the window; no automatic restarts.
    bool isOpen(qint64 nowMs) const;
    /// Closes the breaker (the operator asked for a restart).
    void reset();
    int consecutiveFailures() const { return m_consecutive; }

private:
    Options m_options;
    int m_consecutive = 0;
    std::deque<qint64> m_failures; ///< times within the window
};

} // namespace CutPilot::Core::Editor
