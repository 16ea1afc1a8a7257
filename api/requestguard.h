#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace CutPilot::Api {

struct RequestGuardLimits
{
    qint64 maxBodyBytes = 8 * 1024 * 1024; ///< per request; chunked bodies count the chunk data
    int maxHeaderBytes = 64 * 1024;        ///< request line + header fields (and, again, trailers)
    int maxHeaderCount = 100;              ///< header fields (and, again, trailer fields)
};

/// Follows the framing of HTTP/1.1 requests as their bytes arrive on one connection, without
/// buffering them: QHttpServer 6.4 has no size limits and keeps every body in memory
/// (toolchain.md §2.3), so HttpServerAdapter feeds each connection's bytes through one of these
/// first and answers 413/431/400/501 itself before QHttpServer sees an oversized request.
///
/// Pure and incremental: any split of the byte stream gives the same verdicts, several pipelined
/// requests are followed one after another, and memory stays bounded by the header limits (the body
/// is only counted). Where QHttpServer would be lenient (a negative, repeated or garbled
/// Content-Length, an unknown Transfer-Encoding, both framings at once, malformed chunk sizes) the
/// guard rejects, so it never ends a request at a different byte than QHttpServer does.
class RequestGuard final
{
public:
    enum class Verdict {
        Continue,
        RejectTooLarge,        ///< 413: Content-Length or chunk data over maxBodyBytes
        RejectHeadersTooLarge, ///< 431: over maxHeaderBytes or maxHeaderCount
        RejectMalformed,       ///< 400: bad framing (request line, header syntax, CL, chunks)
        RejectUnsupported,     ///< 501: a Transfer-Encoding other than chunked (or identity)
    };

    explicit RequestGuard(RequestGuardLimits limits = {});

    /// Feeds bytes exactly as they arrive on the connection (any split, several pipelined
    /// requests). Returns the first non-Continue verdict and stays in it.
    Verdict feed(QByteArrayView bytes);

    Verdict verdict() const { return m_verdict; }
    /// Part of a request (headers or body) has arrived and the request is not complete.
    bool inRequest() const { return m_inRequest; }
    /// The header section of the current request is complete (its body may still be arriving).
    bool headersComplete() const { return m_headersComplete; }
    int completedRequests() const { return m_completed; }
    /// A WebSocket upgrade request (Connection: upgrade, Upgrade: websocket) completed: the bytes
    /// after it are WebSocket frames, not HTTP, and are ignored from then on.
    bool isUpgraded() const { return m_state == State::Upgraded; }
    /// Stream offsets (bytes fed so far count from 0), for a caller that has to know which of
    /// the bytes it buffered belong to which request.
    qint64 bytesFed() const { return m_fed; }
    /// Where the current request (or the rejected one) began; -1 before the first request.
    qint64 requestStartOffset() const { return m_requestStart; }
    /// Just after the last complete request; 0 before the first one completes.
    qint64 lastCompletedEnd() const { return m_lastCompletedEnd; }
    /// Human text for the error body, naming the limit ("... exceeds the limit of 8388608 bytes").
    QString reason() const { return m_reason; }
    const RequestGuardLimits &limits() const { return m_limits; }

    /// 413, 431, 400, 501 for the rejections; 0 for Continue.
    static int httpStatus(Verdict verdict);

private:
    enum class State {
        Idle,        ///< between requests: Qt skips CR, LF, SP, HT and VT there
        RequestLine, ///< and the header fields: one line at a time
        HeaderLines,
        Body,      ///< Content-Length bytes left in m_remaining
        ChunkSize, ///< the chunk-size line (hex, optional extensions)
        ChunkData, ///< chunk bytes left in m_remaining
        ChunkDataEnd,
        Trailers,
        Upgraded,
        Rejected,
    };

    qsizetype consumeLine(QByteArrayView bytes, qsizetype from);
    bool lineDone(QByteArray line);
    bool requestLine(QByteArrayView line);
    bool headerField(QByteArrayView line, bool trailer);
    bool contentLength(QByteArrayView value);
    void transferEncoding(QByteArrayView value);
    bool headersDone();
    bool chunkSizeLine(QByteArrayView line);
    void completeRequest(qint64 end);
    void startRequest(qint64 offset);
    bool reject(Verdict verdict, QString reason);

    RequestGuardLimits m_limits;
    State m_state = State::Idle;
    Verdict m_verdict = Verdict::Continue;
    QString m_reason;
    QByteArray m_line; ///< the current line (bounded by maxHeaderBytes or the chunk-line limit)
    qint64 m_sectionBytes = 0; ///< bytes of the current header or trailer section
    int m_sectionFields = 0;   ///< fields of the current header or trailer section
    bool m_inRequest = false;
    bool m_headersComplete = false;
    int m_completed = 0;
    qint64 m_fed = 0;
    qint64 m_lineEnd = 0; ///< stream offset just after the line being handled
    qint64 m_requestStart = -1;
    qint64 m_lastCompletedEnd = 0;

    // The framing of the current request, from its header fields.
    qint64 m_contentLength = -1;
    int m_chunkedCount = 0;
    bool m_chunkedLast = false;
    QByteArray m_unsupportedCoding;
    bool m_connectionUpgrade = false;
    bool m_upgradeWebSocket = false;

    qint64 m_remaining = 0; ///< body or chunk bytes still to skip
    qint64 m_bodyBytes = 0; ///< body bytes of the current request so far (chunked: declared)
    bool m_sawCr = false;   ///< ChunkDataEnd: the CR of the CRLF after chunk data arrived
};

} // namespace CutPilot::Api
