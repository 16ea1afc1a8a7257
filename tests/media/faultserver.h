#pragma once

// A tiny HTTP/1.1 server for download tests: listens on 127.0.0.1:0 and misbehaves on purpose,
// one behaviour per path (slow, stalled, truncated, reset, redirect loops, huge announcements...).
// Every response closes its connection. It runs on the test's thread and is served whenever the
// test spins the event loop (QSignalSpy::wait, QTRY_*).

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <memory>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace CutPilot::Test {

class FaultServer final
{
public:
    enum class Mode {
        File,            ///< 200 with Content-Length (206 for a Range when supportsRange)
        Slow,            ///< like File, but chunkSize bytes every intervalMs
        Stall,           ///< headers and the first chunkSize bytes, then silence (kept open)
        Truncated,       ///< announces the whole body, sends cutAt bytes, closes cleanly
        Reset,           ///< announces the whole body, sends cutAt bytes, then resets (RST)
        Status,          ///< `status` with a short text body (404, 500 ...)
        Redirect,        ///< 302 to `location`
        AnnounceOnly,    ///< 200 with Content-Length announcedLength and no body (kept open)
        CloseDelimited,  ///< 200 without Content-Length: the body ends when the connection does
        Chunked,         ///< 200 with Transfer-Encoding: chunked
        ResumeAfterDrop, ///< without Range: like Truncated; with Range: 206 with the rest
    };
    // Range requests: "bytes=N-" only (what a resuming downloader asks for), honoured by File,
    // Slow and ResumeAfterDrop when supportsRange; If-Range against etag / lastModified.

    struct Route
    {
        Mode mode = Mode::File;
        QByteArray body;
        QByteArray contentType = "application/octet-stream";
        int status = 200;
        QByteArray location;
        qint64 announcedLength = -1;
        qint64 cutAt = 0;
        int chunkSize = 4096;
        int intervalMs = 20;
        bool supportsRange = true;
        QByteArray etag;          ///< sent as ETag when set; If-Range must match it for a 206
        QByteArray lastModified;  ///< sent as Last-Modified when set; If-Range may match it
        qint64 maxRangeBytes = 0; ///< > 0: a 206 carries at most this many bytes (a short range)
    };

    struct Request
    {
        QByteArray method;
        QByteArray target;                     ///< path and query as sent
        QHash<QByteArray, QByteArray> headers; ///< names lower-cased
    };

    FaultServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                accept(socket);
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }

    QUrl url(const QString &pathAndQuery) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(pathAndQuery));
    }

    void setRoute(const QByteArray &path, const Route &route) { m_routes.insert(path, route); }

    int requestCount(const QByteArray &path) const { return int(m_requests.value(path).size()); }
    QList<Request> requests(const QByteArray &path) const { return m_requests.value(path); }
    void clearRequests() { m_requests.clear(); }

private:
    static QByteArray reason(int status)
    {
        switch (status) {
        case 200:
            return "OK";
        case 206:
            return "Partial Content";
        case 302:
            return "Found";
        case 404:
            return "Not Found";
        case 416:
            return "Range Not Satisfiable";
        case 500:
            return "Internal Server Error";
        default:
            return "Status";
        }
    }

    static QByteArray head(int status, const QList<QPair<QByteArray, QByteArray>> &headers)
    {
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) + "\r\n";
        for (const auto &[name, value] : headers)
            out += name + ": " + value + "\r\n";
        out += "Connection: close\r\n\r\n";
        return out;
    }

    void accept(QTcpSocket *socket)
    {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0 || socket->property("served").toBool())
                return;
            socket->setProperty("served", true);
            serve(socket, parse(buffer->left(end)));
        });
    }

    static Request parse(const QByteArray &text)
    {
        Request request;
        const QList<QByteArray> lines = text.split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                       lines[i].mid(colon + 1).trimmed());
        }
        return request;
    }

    /// Ends the response like a careful server does: once everything is written, half-close
    /// (FIN) and wait for the client to close, reading whatever it still sends. Closing at once
    /// would reset the connection whenever the client had sent more (the kernel answers unread
    /// data with RST), and the client would lose the response and retry.
    static void closeAfterWrite(QTcpSocket *socket)
    {
        const auto halfClose = [socket] {
#ifdef Q_OS_UNIX
            ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
#else
            socket->disconnectFromHost();
#endif
        };
        if (socket->bytesToWrite() == 0) {
            socket->flush();
        }
        if (socket->bytesToWrite() == 0) {
            halfClose();
        } else {
            QObject::connect(socket, &QTcpSocket::bytesWritten, socket, [socket, halfClose] {
                if (socket->bytesToWrite() == 0 && !socket->property("halfClosed").toBool()) {
                    socket->setProperty("halfClosed", true);
                    halfClose();
                }
            });
        }
        QTimer::singleShot(5000, socket, [socket] { socket->abort(); });
    }

    static void trickle(QTcpSocket *socket, const QByteArray &data, int chunkSize, int intervalMs)
    {
        auto *timer = new QTimer(socket);
        auto offset = std::make_shared<qsizetype>(0);
        QObject::connect(timer, &QTimer::timeout, socket, [=] {
            if (socket->state() != QAbstractSocket::ConnectedState) {
                timer->stop();
                return;
            }
            socket->write(data.mid(*offset, chunkSize));
            *offset += chunkSize;
            if (*offset >= data.size()) {
                timer->stop();
                closeAfterWrite(socket);
            }
        });
        timer->start(intervalMs);
    }

    void serve(QTcpSocket *socket, const Request &request)
    {
        const QByteArray path = request.target.split('?').value(0);
        m_requests[path].append(request);
        if (!m_routes.contains(path)) {
            socket->write(head(404, {{"Content-Length", "9"}}) + "not found");
            closeAfterWrite(socket);
            return;
        }
        const Route route = m_routes.value(path);
        const QByteArray size = QByteArray::number(route.body.size());

        // "bytes=N-" only: that is all a resuming downloader asks for.
        qint64 from = 0;
        const QByteArray range = request.headers.value("range");
        const bool rangeMode = route.mode == Mode::File || route.mode == Mode::Slow
                               || route.mode == Mode::ResumeAfterDrop;
        // If-Range: the range only while the validator is current, else the whole new body.
        const QByteArray ifRange = request.headers.value("if-range");
        const bool current = ifRange.isEmpty() || (!route.etag.isEmpty() && ifRange == route.etag)
                             || (!route.lastModified.isEmpty() && ifRange == route.lastModified);
        const bool partial = !range.isEmpty() && route.supportsRange && rangeMode && current
                             && range.startsWith("bytes=") && range.endsWith('-');
        if (partial) {
            from = range.mid(6, range.size() - 7).toLongLong();
            if (from >= route.body.size()) {
                socket->write(
                    head(416, {{"Content-Range", "bytes */" + size}, {"Content-Length", "0"}}));
                closeAfterWrite(socket);
                return;
            }
        }
        const QByteArray rest
            = route.body.mid(from, partial && route.maxRangeBytes > 0 ? route.maxRangeBytes : -1);
        QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", route.contentType}};
        if (!route.etag.isEmpty())
            headers.append({"ETag", route.etag});
        if (!route.lastModified.isEmpty())
            headers.append({"Last-Modified", route.lastModified});
        if (partial) {
            headers.append({"Content-Range", "bytes " + QByteArray::number(from) + '-'
                                                 + QByteArray::number(from + rest.size() - 1) + '/'
                                                 + size});
        }

        switch (route.mode) {
        case Mode::File:
            headers.append({"Content-Length", QByteArray::number(rest.size())});
            socket->write(head(partial ? 206 : 200, headers) + rest);
            closeAfterWrite(socket);
            return;
        case Mode::Slow:
            headers.append({"Content-Length", QByteArray::number(rest.size())});
            socket->write(head(partial ? 206 : 200, headers));
            trickle(socket, rest, route.chunkSize, route.intervalMs);
            return;
        case Mode::Stall:
            headers.append({"Content-Length", size});
            socket->write(head(200, headers) + route.body.left(route.chunkSize));
            return;
        case Mode::ResumeAfterDrop:
            if (partial) {
                headers.append({"Content-Length", QByteArray::number(rest.size())});
                socket->write(head(206, headers) + rest);
                closeAfterWrite(socket);
                return;
            }
            Q_FALLTHROUGH();
        case Mode::Truncated:
            headers.append({"Content-Length", size});
            socket->write(head(200, headers) + route.body.left(route.cutAt));
            closeAfterWrite(socket);
            return;
        case Mode::Reset:
            headers.append({"Content-Length", size});
            socket->write(head(200, headers) + route.body.left(route.cutAt));
            socket->flush();
            // Give the client a moment to read the first bytes, then reset the connection.
            QTimer::singleShot(50, socket, [socket] {
#ifdef Q_OS_UNIX
                const linger noLinger{1, 0}; // close() then sends RST, not FIN
                ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &noLinger,
                             sizeof noLinger);
#endif
                socket->abort();
                socket->deleteLater();
            });
            return;
        case Mode::Status:
            headers = {{"Content-Type", "text/plain"},
                       {"Content-Length", QByteArray::number(route.body.size())}};
            socket->write(head(route.status, headers) + route.body);
            closeAfterWrite(socket);
            return;
        case Mode::Redirect:
            socket->write(head(302, {{"Location", route.location}, {"Content-Length", "0"}}));
            closeAfterWrite(socket);
            return;
        case Mode::AnnounceOnly:
            headers.append({"Content-Length", QByteArray::number(route.announcedLength)});
            socket->write(head(200, headers));
            return;
        case Mode::CloseDelimited:
            socket->write(head(200, headers) + route.body);
            closeAfterWrite(socket);
            return;
        case Mode::Chunked: {
            headers.append(qMakePair(QByteArray("Transfer-Encoding"), QByteArray("chunked")));
            QByteArray out = head(200, headers);
            for (qsizetype at = 0; at < route.body.size(); at += route.chunkSize) {
                const QByteArray piece = route.body.mid(at, route.chunkSize);
                out += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
            }
            out += "0\r\n\r\n";
            socket->write(out);
            closeAfterWrite(socket);
            return;
        }
        }
    }

    QTcpServer m_server;
    QHash<QByteArray, Route> m_routes;
    QHash<QByteArray, QList<Request>> m_requests;
};

} // namespace CutPilot::Test
