#include "core/support/error.h"
#include "core/support/log.h"
#include "guardedtcpserver_p.h"

#include <QEvent>
#include <QPointer>

#include <algorithm>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <sys/socket.h>
#include <sys/types.h>
#endif
#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

namespace CutPilot::Api {

using namespace Qt::StringLiterals;

namespace {

/// A refused connection is closed once its peer has been quiet this long after the answer was
/// flushed: closing with unread input would reset the connection, and the peer could lose the
/// answer (lingering close).
constexpr qint64 kQuietMs = 200;
/// After disconnectFromHost() the socket gets this long to finish before it is aborted.
constexpr qint64 kDisconnectGraceMs = 1000;
/// The peek buffer is kept between reads unless a burst made it larger than this.
constexpr qsizetype kKeepPeekCapacity = 256 * 1024;
/// Answers up to this size are collected and sent at once (GuardedSocket::cork).
constexpr qint64 kMaxCorkBytes = 64 * 1024;

} // namespace

QByteArray reasonPhrase(int status)
{
    // RFC 9110's phrases for the codes CutPilot answers with (and their neighbours).
    switch (status) {
    case 100:
        return "Continue";
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 206:
        return "Partial Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 410:
        return "Gone";
    case 411:
        return "Length Required";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 416:
        return "Range Not Satisfiable";
    case 422:
        return "Unprocessable Entity";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 507:
        return "Insufficient Storage";
    default:
        return status >= 400 ? "Error" : "Unknown";
    }
}

namespace {

/// The whole answer, written by the guard itself: QHttpServer never saw this request.
QByteArray rawResponse(int status, const Core::Error &error, const HeaderList &extraHeaders)
{
    const QByteArray body = HttpResponse::error(error, status).body;
    QByteArray out;
    out.reserve(512 + body.size());
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    out += "Content-Type: application/json\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "Connection: close\r\n";
    for (const auto &[name, value] : extraHeaders)
        out += name + ": " + value + "\r\n";
    for (const auto &[name, value] : HttpServerAdapter::defaultHeaders())
        out += name + ": " + value + "\r\n";
    out += "\r\n";
    out += body;
    return out;
}

Core::ErrorCode errorCodeFor(int status)
{
    switch (status) {
    case 413:
        return Core::ErrorCode::PayloadTooLarge;
    case 501:
        return Core::ErrorCode::NotImplemented;
    default:
        return Core::ErrorCode::BadRequest; // 400, 431
    }
}

} // namespace

// --- GuardedSocket ------------------------------------------------------------------------------

GuardedSocket::GuardedSocket(const HttpServerAdapter::Limits &limits, GuardedTcpServer *server)
    : QTcpSocket(server)
    , m_limits(limits)
    , m_server(server)
    , m_guard(RequestGuardLimits{limits.maxBodyBytes, limits.maxHeaderBytes, limits.maxHeaderCount})
{
    m_clock.start();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &GuardedSocket::onTimer);
}

GuardedSocket::~GuardedSocket()
{
    if (m_server)
        m_server->connectionClosed();
}

void GuardedSocket::startGuarding()
{
    m_mode = Mode::Guarding;
    // Connected before QHttpServer connects its own slot (in addPendingConnection), so they run
    // first on every readyRead emission.
    m_readConnection = connect(this, &QIODevice::readyRead, this, &GuardedSocket::onReadyRead);
    // Emitted right after all readyRead slots have returned
    // (QAbstractSocketPrivate::emitReadyRead).
    m_afterConnection
        = connect(this, &QIODevice::channelReadyRead, this, &GuardedSocket::afterRead);
    m_writtenConnection
        = connect(this, &QIODevice::bytesWritten, this, &GuardedSocket::onBytesWritten);
    m_lastActivityMs = now();
    rearm();
}

void GuardedSocket::refuseOverCapacity()
{
    // Never handed to QHttpServer, so this socket deletes itself.
    connect(this, &QAbstractSocket::disconnected, this, &QObject::deleteLater);
    refuse(503,
           Core::Error(Core::ErrorCode::Unavailable,
                       u"too many open connections (the limit is %1); retry later"_s.arg(
                           m_limits.maxConnections)),
           {{"Retry-After", "1"}});
}

bool GuardedSocket::event(QEvent *event)
{
    if (event->type() != QEvent::MetaCall)
        return QTcpSocket::event(event);
    // A queued call on the socket: QHttpServer re-emits readyRead this way when it left bytes of
    // a pipelined request unread. Measure what it left once its slot has returned.
    const QPointer<GuardedSocket> self(this);
    const bool result = QTcpSocket::event(event);
    if (self)
        afterRead();
    return result;
}

void GuardedSocket::onReadyRead()
{
    if (m_mode != Mode::Guarding)
        return;
    const qint64 available = bytesAvailable();
    if (m_afterPending || available < m_seen) {
        // Someone read this socket outside the emissions the guard follows: it can no longer tell
        // new bytes from seen ones, and guessing could let an oversized request through.
        refuse(500, Core::Error::internal(u"the request framing could not be followed"_s));
        return;
    }
    m_afterPending = true;
    const qint64 fresh = available - m_seen;
    if (fresh > 0) {
        // peek() never consumes: QHttpServer reads the same bytes right after us. Inside its
        // transaction, peek() starts where QHttpServer stopped reading, so the new bytes are the
        // last `fresh` ones of what is buffered.
        m_peek.resize(available);
        if (peek(m_peek.data(), available) != available) {
            refuse(500, Core::Error::internal(u"the request framing could not be followed"_s));
            return;
        }
        m_guard.feed(QByteArrayView(m_peek.constData() + m_seen, fresh));
        if (m_peek.capacity() > kKeepPeekCapacity)
            m_peek = QByteArray();
        m_seen = available;
    }

    const RequestGuard::Verdict verdict = m_guard.verdict();
    if (verdict != RequestGuard::Verdict::Continue) {
        // Complete requests pipelined before the refused one are still QHttpServer's to answer,
        // in order. It reads one request per pass and stops at its end, so it gets those bytes
        // first, for as long as it makes progress; the refusal follows once they are read.
        const qint64 front = m_guard.bytesFed() - available; // first byte QHttpServer has not read
        if (m_guard.lastCompletedEnd() > front && front != m_deferredFront) {
            m_deferredFront = front;
            return;
        }
        const int status = RequestGuard::httpStatus(verdict);
        refuse(status, Core::Error(errorCodeFor(status), m_guard.reason()));
        return;
    }
    updateRequestState();
    rearm();
}

void GuardedSocket::afterRead()
{
    if (m_mode != Mode::Guarding || !m_afterPending)
        return;
    m_afterPending = false;
    if (!m_readConnection) {
        // QHttpServer disconnected every readyRead slot: it handed the socket to
        // QWebSocketServer (a WebSocket upgrade). From here on it is not HTTP.
        detach();
        return;
    }
    m_seen = bytesAvailable();
    if (m_guard.isUpgraded() && m_seen == 0 && state() == QAbstractSocket::ConnectedState) {
        // QHttpServer read the whole upgrade request but neither took the socket over nor closed
        // it; the guard no longer follows this stream, so it must not stay open.
        if (bytesToWrite() > 0) {
            // Qt 6.8 refuses an upgrade itself (the verifier's deny): its answer is queued, so
            // the peer gets it before the connection closes (the lingering close of refuse()).
            startClosing();
            return;
        }
        Core::Log::get(Core::Log::Api)
            ->warn("closing a connection from {}: upgrade not taken", peerAddress().toString());
        abort();
    }
}

void GuardedSocket::cork()
{
    m_corked = true;
    if (m_corkBuffer.capacity() < 1024)
        m_corkBuffer.reserve(1024); // an answer's headers and a small body, without regrowing
}

void GuardedSocket::uncork()
{
    if (!m_corked)
        return;
    m_corked = false;
    sendCorked();
}

void GuardedSocket::sendCorked()
{
    if (m_corkBuffer.isEmpty())
        return;
    qint64 sent = 0;
#ifdef Q_OS_LINUX
    // Only while QTcpSocket has nothing queued: its bytes go first.
    if (state() == QAbstractSocket::ConnectedState && bytesToWrite() == 0
        && socketDescriptor() != -1) {
        ssize_t n = 0;
        do {
            n = ::send(int(socketDescriptor()), m_corkBuffer.constData(),
                       size_t(m_corkBuffer.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        } while (n < 0 && errno == EINTR);
        // A failure (other than a full send buffer) is left to QTcpSocket's own write below,
        // which meets it again and reports it the usual way.
        sent = n > 0 ? qint64(n) : 0;
    }
#endif
    const qint64 rest = m_corkBuffer.size() - sent;
    if (rest > 0)
        QTcpSocket::writeData(m_corkBuffer.constData() + sent, rest); // bytesWritten follows
    m_corkBuffer.truncate(0); // keeps its capacity (at most kMaxCorkBytes) for the next answer
    if (rest == 0)
        onBytesWritten(); // what the bytesWritten signal would have done
}

qint64 GuardedSocket::writeData(const char *data, qint64 size)
{
    if (m_corked) {
        if (m_corkBuffer.size() + size <= kMaxCorkBytes) {
            m_corkBuffer.append(data, size);
            return size;
        }
        // A large body is not copied once more: what is corked goes first, the body through
        // QTcpSocket's buffer behind it (and the rest of the answer too, see sendCorked()).
        sendCorked();
    }
    return QTcpSocket::writeData(data, size);
}

void GuardedSocket::onBytesWritten()
{
    if (m_mode == Mode::Guarding) {
        m_lastActivityMs = now();
        if (!m_guard.inRequest())
            m_awaitingResponse = false;
        rearm();
    } else if (m_mode == Mode::Closing && !m_flushed && bytesToWrite() == 0) {
        m_flushed = true;
        m_quietSinceMs = now();
        rearm();
    }
}

void GuardedSocket::updateRequestState()
{
    const int completed = m_guard.completedRequests();
    if (completed != m_requestIndex) {
        // A request is complete: its handler may take a while, so the idle clock waits for the
        // answer (the next write) rather than running now.
        m_requestIndex = completed;
        m_requestStartMs = -1;
        m_awaitingResponse = true;
        m_lastActivityMs = now();
    }
    if (!m_guard.inRequest())
        m_requestStartMs = -1;
    else if (m_requestStartMs < 0)
        m_requestStartMs = now();
}

void GuardedSocket::rearm()
{
    qint64 deadline = -1;
    if (m_mode == Mode::Guarding) {
        if (m_requestStartMs >= 0) {
            deadline = m_requestStartMs + m_limits.requestTimeout.count();
            if (!m_guard.headersComplete())
                deadline = std::min(deadline, m_requestStartMs + m_limits.headerTimeout.count());
        } else if (!m_awaitingResponse) {
            deadline = m_lastActivityMs + m_limits.idleTimeout.count();
        }
    } else if (m_mode == Mode::Closing) {
        deadline = m_closeDeadlineMs;
        if (m_flushed && !m_disconnectRequested)
            deadline = std::min(deadline, m_quietSinceMs + kQuietMs);
    }
    // Lazily: restarting a timer costs a timer registration, and this runs several times per
    // request. An armed timer is kept when it fires no later than needed; onTimer() checks every
    // limit again when it fires and re-arms for what is then due, so firing early is harmless.
    if (deadline < 0) {
        if (m_mode != Mode::Guarding)
            m_timer.stop(); // Guarding: nothing due while an answer is awaited; may fire early
        return;
    }
    if (m_timer.isActive() && m_armedForMs <= deadline)
        return;
    m_armedForMs = deadline;
    m_timer.start(std::chrono::milliseconds(std::max<qint64>(0, deadline - now())));
}

void GuardedSocket::onTimer()
{
    const qint64 t = now();
    if (m_mode == Mode::Guarding) {
        if (!m_readConnection) {
            detach(); // Qt 6.8+ hands a WebSocket over with socket->disconnect()
            return;
        }
        if (m_requestStartMs >= 0) {
            const qint64 headerLimit = m_limits.headerTimeout.count();
            const qint64 requestLimit = m_limits.requestTimeout.count();
            if (!m_guard.headersComplete() && t >= m_requestStartMs + headerLimit) {
                refuse(408, Core::Error(Core::ErrorCode::BadRequest,
                                        u"the request headers were not complete within %1 ms"_s.arg(
                                            headerLimit)));
                return;
            }
            if (t >= m_requestStartMs + requestLimit) {
                refuse(408, Core::Error(
                                Core::ErrorCode::BadRequest,
                                u"the request was not complete within %1 ms"_s.arg(requestLimit)));
                return;
            }
        } else if (!m_awaitingResponse && t >= m_lastActivityMs + m_limits.idleTimeout.count()) {
            // An idle keep-alive connection: closed without an answer (nothing was asked).
            Core::Log::get(Core::Log::Api)
                ->debug("closing an idle connection from {}", peerAddress().toString());
            m_mode = Mode::Closing;
            m_flushed = true;
            m_disconnectRequested = true;
            m_closeDeadlineMs = t + kDisconnectGraceMs;
            disconnectFromHost();
            if (state() != QAbstractSocket::UnconnectedState)
                rearm();
            return;
        }
        rearm();
        return;
    }

    if (m_mode != Mode::Closing)
        return;
    if (t >= m_closeDeadlineMs) {
        abort(); // the peer kept sending (or never read the answer)
        return;
    }
    if (m_flushed && !m_disconnectRequested && t >= m_quietSinceMs + kQuietMs) {
        m_disconnectRequested = true;
        m_closeDeadlineMs = std::min(m_closeDeadlineMs, t + kDisconnectGraceMs);
        disconnectFromHost();
        if (state() == QAbstractSocket::UnconnectedState)
            return;
    }
    rearm();
}

void GuardedSocket::drain()
{
    if (const qint64 available = bytesAvailable(); available > 0)
        skip(available);
    if (m_flushed) {
        m_quietSinceMs = now();
        rearm();
    }
}

void GuardedSocket::refuse(int status, const Core::Error &error, const HeaderList &extraHeaders)
{
    if (m_mode == Mode::Closing || m_mode == Mode::Detached)
        return;
    Core::Log::get(Core::Log::Api)
        ->warn("refused a request from {} with {}: {}", peerAddress().toString(), status,
               error.message());
    startClosing();
    write(rawResponse(status, error, extraHeaders));
}

void GuardedSocket::startClosing()
{
    m_mode = Mode::Closing;
    // Take the connection away from QHttpServer: it must never parse what the guard refused.
    // Disconnecting every readyRead slot (the guard's too) also keeps QHttpServer's slot from
    // running later in the current emission.
    QObject::disconnect(this, &QIODevice::readyRead, nullptr, nullptr);
    QObject::disconnect(m_afterConnection);
    connect(this, &QIODevice::readyRead, this, &GuardedSocket::drain);
    if (!m_writtenConnection) {
        m_writtenConnection
            = connect(this, &QIODevice::bytesWritten, this, &GuardedSocket::onBytesWritten);
    }
    if (isTransactionStarted())
        rollbackTransaction(); // QHttpServer's half-read request
    if (const qint64 available = bytesAvailable(); available > 0)
        skip(available);
    m_peek = QByteArray();
    // The lingering close: the queued answer is flushed, then the connection closes once the
    // peer is quiet, or at the deadline.
    m_flushed = false;
    m_disconnectRequested = false;
    m_closeDeadlineMs = now() + m_limits.lingerTimeout.count();
    rearm();
}

void GuardedSocket::detach()
{
    m_mode = Mode::Detached;
    m_timer.stop();
    QObject::disconnect(m_readConnection);
    QObject::disconnect(m_afterConnection);
    QObject::disconnect(m_writtenConnection);
    m_peek = QByteArray();
}

// --- GuardedTcpServer ---------------------------------------------------------------------------

GuardedTcpServer::GuardedTcpServer(const HttpServerAdapter::Limits &limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
{
}

GuardedTcpServer::~GuardedTcpServer()
{
    // Connections QHttpServer has not taken yet are deleted here, while their destructors can
    // still report to this object; QTcpServer's destructor would delete them after this part of
    // the object is gone.
    close();
    while (QTcpSocket *socket = nextPendingConnection())
        delete socket;
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    // Parented like QTcpServer's own sockets, so they go away with the server.
    auto *socket = new GuardedSocket(m_limits, this);
    ++m_open; // until ~GuardedSocket
    if (!socket->setSocketDescriptor(descriptor)) {
        Core::Log::get(Core::Log::Api)
            ->warn("cannot accept a connection: {}", socket->errorString());
        delete socket;
        return;
    }
    if (m_limits.maxConnections > 0 && m_open > m_limits.maxConnections) {
        socket->refuseOverCapacity();
        return;
    }
    socket->startGuarding();
    addPendingConnection(socket); // QHttpServer connects its readyRead slot here, after ours
}

void ensureOpenFileLimit(int connections)
{
#ifdef Q_OS_UNIX
    if (connections <= 0)
        return;
    // Databases, logs, the editor's pipes, Qt's own descriptors: room for them besides the sockets.
    const rlim_t wanted = rlim_t(connections) + 512;
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= wanted)
        return;
    const rlim_t before = limit.rlim_cur;
    limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur < wanted) {
        Core::Log::get(Core::Log::Api)
            ->warn("open files are limited to {} (wanted {} for {} connections): connections "
                   "beyond that are refused by the system",
                   limit.rlim_cur < wanted ? quint64(limit.rlim_cur) : quint64(before),
                   quint64(wanted), connections);
        return;
    }
    Core::Log::get(Core::Log::Api)
        ->debug("open-file limit raised from {} to {}", quint64(before), quint64(limit.rlim_cur));
#else
    Q_UNUSED(connections);
#endif
}

} // namespace CutPilot::Api
