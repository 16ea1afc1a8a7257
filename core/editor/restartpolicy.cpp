#include "restartpolicy.h"

#include <algorithm>
#include <cmath>

namespace CutPilot::Core::Editor {

std::chrono::milliseconds RestartPolicy::recordFailure(qint64 nowMs)
{
    m_failures.push_back(nowMs);
    while (!m_failures.empty() && nowMs - m_failures.front() > m_options.breakerWindow.count())
        m_failures.pop_front();
    const double delay
        = double(m_options.base.count()) * std::pow(std::max(1.0, m_options.factor), m_consecutive);
    ++m_consecutive;
    return std::chrono::milliseconds(qint64(std::min(delay, double(m_options.max.count()))));
}

void RestartPolicy::recordSuccess()
{
    m_consecutive = 0;
}

bool RestartPolicy::isOpen(qint64 nowMs) const
{
    const auto recent = std::count_if(m_failures.begin(), m_failures.end(), [&](qint64 t) {
        return nowMs - t <= m_options.breakerWindow.count();
    });
    return m_options.breakerFailures > 0 && recent >= m_options.breakerFailures;
}

void RestartPolicy::reset()
{
    m_consecutive = 0;
    m_failures.clear();
}

} // namespace CutPilot::Core::Editor
