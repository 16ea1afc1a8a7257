#pragma once

#include <QObject>

class QSocketNotifier;

namespace CutPilot::App {

/// Turns SIGINT/SIGTERM (Ctrl+C and service stops; the console control handler on Windows) into a
/// Qt signal on the main thread, so the event loop ends normally and logs and journals are flushed.
class ShutdownSignals final : public QObject
{
    Q_OBJECT

public:
    explicit ShutdownSignals(QObject *parent = nullptr);
    ~ShutdownSignals() override;

Q_SIGNALS:
    void shutdownRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace CutPilot::App
