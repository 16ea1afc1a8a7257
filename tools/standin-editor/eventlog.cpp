#include "eventlog.h"

#include <cstdio>

namespace CutPilot::Standin {

void EventLog::write(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

} // namespace CutPilot::Standin
