#pragma once

#include "core/support/result.h"

#include <QObject>
#include <QStringList>

class QLocalServer;

namespace CutPilot::App {

/// Lets a second GUI start hand over to the running one instead of starting twice.
///
/// Which process is primary is decided by the data folder's lock (DataDirectory::lock); this class
/// only carries the "activate" message over a per-user local socket (QLocalServer: a named pipe on
/// Windows, a Unix socket elsewhere) whose name is derived from the data folder.
class SingleInstance final : public QObject
{
    Q_OBJECT

public:
    explicit SingleInstance(QString serverName, QObject *parent = nullptr);
    ~SingleInstance() override;

    /// "cutpilot-<hash of user and data folder>": one name per data folder and user.
    static QString serverNameFor(const QString &dataDir);

    /// Primary side: start answering activation requests. Call only while holding the data
    /// folder's lock (any existing socket of that name is then stale and is removed).
    Core::Result<> listen();

    /// Secondary side: ask the primary to show itself. Blocks for at most `timeoutMs` (it runs
    /// before any window exists, in a process that exits right after).
    static Core::Result<> activate(const QString &serverName, const QStringList &arguments,
                                   int timeoutMs = 3000);

Q_SIGNALS:
    void activationRequested(const QStringList &arguments);

private:
    void onNewConnection();

    QString m_serverName;
    QLocalServer *m_server = nullptr;
};

} // namespace CutPilot::App
