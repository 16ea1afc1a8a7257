#pragma once

// Private to HttpServerAdapter: the socket-level guard in front of QHttpServer (issue 5).
// Uses only QTcpServer/QTcpSocket API that is the same in Qt 6.4 and 6.8+.

#include "httpserveradapter.h"
#include "requestguard.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace CutPilot::Core {
class Error;
}

namespace CutPilot::Api {

class GuardedTcpServer;

/// One accepted connection, with its RequestGuard. The guard's readyRead slot is connected before
/// QHttpServer's, so it sees every new byte first and can answer 413/431/400/501 (and 408 for a
/// slow client) itself, before QHttpServer has buffered the request.
///
/// Byte accounting: QHttpServer does not always read everything that is buffered (Qt 6.4 stops at
/// the end of a request and re-emits readyRead through a queued call for pipelined requests), so
/// the guard remembers how many buffered bytes it has already seen (m_seen) and measures that
/// again after every readyRead emission: after a real one through channelReadyRead (emitted right
/// after all readyRead slots), after a queued one in event() (QEvent::MetaCall).
class GuardedSocket final : public QTcpSocket
{
    Q_OBJECT

public:
    GuardedSocket(const HttpServerAdapter::Limits &limits, GuardedTcpServer *server);
    /// Leaves the server's connection count. Counted here, not through a destroyed()
    /// connection: QHttpServer disconnects every signal of a socket it hands to
    /// QWebSocketServer.
    ~GuardedSocket() override;

    /// Connects the guard; call before the socket is handed to QHttpServer.
    void startGuarding();
    /// A connection over the cap: 503 with Retry-After, then closed; QHttpServer never sees it.
    void refuseOverCapacity();

    /// Collects everything written until uncork(), which sends it at once: one system call when
    /// nothing else is queued. QTcpSocket would buffer each answer, turn its write notifier on
    /// and send on the next event-loop pass; under the glib dispatcher every notifier change also
    /// wakes the loop (an eventfd write and an extra pass), twice per answer. On other systems
    /// and whenever the kernel does not take everything, the rest goes through QTcpSocket's
    /// buffer as before.
    void cork();
    void uncork();

protected:
    bool event(QEvent *event) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    enum class Mode {
        Unguarded, ///< not started yet
        Guarding,
        Closing,  ///< refused: the answer is being flushed, the rest of the input is discarded
        Detached, ///< handed over to QWebSocketServer; no longer HTTP
    };

    void onReadyRead();
    void afterRead();
    void onBytesWritten();
    void sendCorked();
    void onTimer();
    void drain();
    void refuse(int status, const Core::Error &error, const HeaderList &extraHeaders = {});
    /// Closing mode: QHttpServer no longer reads this connection, input is drained, and what is
    /// queued is flushed before the connection closes (lingering close).
    void startClosing();
    void detach();
    void updateRequestState();
    void rearm();
    qint64 now() const { return m_clock.elapsed(); }

    HttpServerAdapter::Limits m_limits;
    QPointer<GuardedTcpServer> m_server; ///< null once the server is being destroyed
    RequestGuard m_guard;
    Mode m_mode = Mode::Unguarded;
    QMetaObject::Connection m_readConnection;
    QMetaObject::Connection m_afterConnection;
    QMetaObject::Connection m_writtenConnection;
    QByteArray m_peek; ///< reused peek buffer (bounded by what is buffered at once)
    bool m_corked = false;
    QByteArray m_corkBuffer; ///< written while corked
    qint64 m_seen = 0;       ///< buffered bytes the guard has already fed
    bool m_afterPending = false;
    qint64 m_deferredFront = -1; ///< a refusal waits for QHttpServer to read earlier requests

    QElapsedTimer m_clock;
    QTimer m_timer;
    qint64 m_armedForMs = -1;     ///< when m_timer, if active, fires (m_clock time)
    qint64 m_lastActivityMs = 0;  ///< connection opened, last request completed, last write
    qint64 m_requestStartMs = -1; ///< first byte of the current request; -1 between requests
    int m_requestIndex = 0;       ///< completedRequests() when the current request started
    bool m_awaitingResponse = false;
    // Closing: lingering close, so the peer reads the answer instead of a connection reset.
    bool m_flushed = false;
    qint64 m_quietSinceMs = 0;
    qint64 m_closeDeadlineMs = 0;
    bool m_disconnectRequested = false;
};

/// The standard reason phrase of a status (RFC 9110: "OK", "Forbidden"); "Error" for another
/// error status, "Unknown" for another status.
QByteArray reasonPhrase(int status);

/// On POSIX systems, raises the soft limit of open files (often 1024) to fit `connections`
/// sockets plus what the rest of the process keeps open, up to the hard limit; logs when it
/// cannot. Elsewhere a no-op.
void ensureOpenFileLimit(int connections);

/// The QTcpServer HttpServerAdapter binds: creates a GuardedSocket per connection, enforces the
/// connection cap, then hands the socket to QHttpServer (addPendingConnection).
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT

public:
    explicit GuardedTcpServer(const HttpServerAdapter::Limits &limits, QObject *parent = nullptr);
    /// Deletes the connections not yet taken while this object is whole (they report to it).
    ~GuardedTcpServer() override;

    void setLimits(const HttpServerAdapter::Limits &limits) { m_limits = limits; }
    int openConnections() const { return m_open; }
    /// A GuardedSocket was destroyed.
    void connectionClosed() { --m_open; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    HttpServerAdapter::Limits m_limits;
    int m_open = 0;
};

} // namespace CutPilot::Api
