#pragma once

#include <QString>

namespace CutPilot::Standin {

/// The stand-in's stdout protocol (§11.8): one event per line, flushed at once, so a test reading
/// the pipe sees `READY`, `STATE …`, `OPEN …`, `PROGRESS …`, `EXPORT_DONE …`, `FAULT …` in order.
class EventLog final
{
public:
    void write(const QString &line);
    void state(const QString &state) { write(QStringLiteral("STATE ") + state); }
    void fault(const QString &name) { write(QStringLiteral("FAULT ") + name); }
};

} // namespace CutPilot::Standin
