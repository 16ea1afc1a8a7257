#include "requestguard.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace CutPilot::Api {

using namespace Qt::StringLiterals;

namespace {

// A chunk-size line is a few hex digits plus optional extensions; anything longer is an attack.
constexpr qsizetype kMaxChunkLine = 4096;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmedOws(QByteArrayView text)
{
    while (!text.isEmpty() && isOws(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isOws(text.back()))
        text.chop(1);
    return text;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

QString printable(QByteArrayView text)
{
    constexpr qsizetype kMax = 40;
    QString out = QString::fromLatin1(text.first(std::min(text.size(), kMax)));
    for (QChar &c : out) {
        if (c.unicode() < 0x20 || c.unicode() >= 0x7f)
            c = u'?';
    }
    return text.size() > kMax ? out + u"..."_s : out;
}

} // namespace

RequestGuard::RequestGuard(RequestGuardLimits limits)
    : m_limits(limits)
{
}

int RequestGuard::httpStatus(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Continue:
        return 0;
    case Verdict::RejectTooLarge:
        return 413;
    case Verdict::RejectHeadersTooLarge:
        return 431;
    case Verdict::RejectMalformed:
        return 400;
    case Verdict::RejectUnsupported:
        return 501;
    }
    return 400;
}

RequestGuard::Verdict RequestGuard::feed(QByteArrayView bytes)
{
    const char *data = bytes.data();
    const qsizetype size = bytes.size();
    const qint64 base = m_fed;
    m_fed += size;
    qsizetype i = 0;
    while (i < size) {
        switch (m_state) {
        case State::Idle: {
            // Qt 6.4 skips this whitespace before a request line (readRequestLine); so do we.
            const char c = data[i];
            if (c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\v')
                ++i;
            else
                startRequest(base + i);
            break;
        }
        case State::RequestLine:
        case State::HeaderLines:
        case State::ChunkSize:
        case State::Trailers:
            m_lineEnd = base + i; // consumeLine() adds the line's length
            i = consumeLine(bytes, i);
            break;
        case State::Body:
        case State::ChunkData: {
            // Only counted, never kept: the guard's memory does not depend on the body size.
            const qint64 take = std::min<qint64>(m_remaining, size - i);
            i += take;
            m_remaining -= take;
            if (m_remaining == 0) {
                if (m_state == State::Body) {
                    completeRequest(base + i);
                } else {
                    m_state = State::ChunkDataEnd;
                    m_sawCr = false;
                }
            }
            break;
        }
        case State::ChunkDataEnd: {
            // Exactly CRLF: Qt 6.4 reads two bytes here whatever they are, so anything else would
            // let it frame the rest of the stream differently from us.
            const char c = data[i++];
            if (c == '\r' && !m_sawCr) {
                m_sawCr = true;
            } else if (c == '\n' && m_sawCr) {
                m_state = State::ChunkSize;
            } else {
                reject(Verdict::RejectMalformed, u"chunk data is not followed by CRLF"_s);
                return m_verdict;
            }
            break;
        }
        case State::Upgraded:
            return m_verdict;
        case State::Rejected:
            return m_verdict;
        }
    }
    return m_verdict;
}

void RequestGuard::startRequest(qint64 offset)
{
    m_state = State::RequestLine;
    m_requestStart = offset;
    m_inRequest = true;
    m_headersComplete = false;
    m_sectionBytes = 0;
    m_sectionFields = 0;
    m_line.clear();
    m_contentLength = -1;
    m_chunkedCount = 0;
    m_chunkedLast = false;
    m_unsupportedCoding.clear();
    m_connectionUpgrade = false;
    m_upgradeWebSocket = false;
    m_remaining = 0;
    m_bodyBytes = 0;
}

void RequestGuard::completeRequest(qint64 end)
{
    ++m_completed;
    m_lastCompletedEnd = end;
    m_inRequest = false;
    m_headersComplete = false;
    m_line.clear();
    // The same condition as QAbstractHttpServer: after this request the connection belongs to
    // QWebSocketServer (or is closed), and the bytes that follow are WebSocket frames.
    m_state = m_connectionUpgrade && m_upgradeWebSocket ? State::Upgraded : State::Idle;
}

bool RequestGuard::reject(Verdict verdict, QString reason)
{
    if (m_state == State::Rejected)
        return false;
    m_state = State::Rejected;
    m_verdict = verdict;
    m_reason = std::move(reason);
    m_line.clear();
    return false;
}

qsizetype RequestGuard::consumeLine(QByteArrayView bytes, qsizetype from)
{
    const char *start = bytes.data() + from;
    const qsizetype available = bytes.size() - from;
    const auto *newline = static_cast<const char *>(std::memchr(start, '\n', size_t(available)));
    const qsizetype take = newline ? newline - start + 1 : available; // including the LF

    if (m_state == State::ChunkSize) {
        if (m_line.size() + take > kMaxChunkLine) {
            reject(Verdict::RejectMalformed,
                   u"a chunk-size line is longer than %1 bytes"_s.arg(kMaxChunkLine));
            return bytes.size();
        }
    } else {
        // Counted before anything is kept, so a header that never ends costs at most the limit.
        m_sectionBytes += take;
        if (m_sectionBytes > m_limits.maxHeaderBytes) {
            reject(Verdict::RejectHeadersTooLarge,
                   u"the request %1 exceed the limit of %2 bytes"_s
                       .arg(m_state == State::Trailers ? u"trailer fields"_s : u"headers"_s)
                       .arg(m_limits.maxHeaderBytes));
            return bytes.size();
        }
    }

    m_line.append(start, newline ? take - 1 : take);
    if (!newline)
        return bytes.size();
    m_lineEnd += take;

    const bool bareLf = !m_line.endsWith('\r');
    if (!bareLf)
        m_line.chop(1);
    const QByteArray line = std::exchange(m_line, {});
    if (line.contains('\r') || line.contains('\0')) {
        reject(Verdict::RejectMalformed, u"a request line or header contains a bare CR or NUL"_s);
        return bytes.size();
    }
    // Qt 6.4 only ends a chunk-size line at CRLF, and reads exactly two bytes after the last
    // chunk: a bare LF there would be framed differently by it.
    if (bareLf && (m_state == State::ChunkSize || m_state == State::Trailers)) {
        reject(Verdict::RejectMalformed, u"a chunked body line does not end with CRLF"_s);
        return bytes.size();
    }
    if (!lineDone(line))
        return bytes.size();
    return from + take;
}

bool RequestGuard::lineDone(QByteArray line)
{
    switch (m_state) {
    case State::RequestLine:
        if (!requestLine(line))
            return false;
        m_state = State::HeaderLines;
        return true;
    case State::HeaderLines:
        if (line.isEmpty())
            return headersDone();
        return headerField(line, false);
    case State::ChunkSize:
        return chunkSizeLine(line);
    case State::Trailers:
        if (line.isEmpty()) {
            completeRequest(m_lineEnd);
            return true;
        }
        // Qt 6.4 reads exactly two bytes after the last chunk and parses whatever follows as the
        // next request, so a trailer would be framed differently there: refuse it.
        if (!headerField(line, true))
            return false;
        return reject(Verdict::RejectUnsupported,
                      u"trailer fields after the last chunk are not supported"_s);
    default:
        return true;
    }
}

bool RequestGuard::requestLine(QByteArrayView line)
{
    // method SP request-target SP HTTP-version (Qt 6.4 also tolerates repeated spaces).
    QByteArrayView parts[3];
    int count = 0;
    qsizetype i = 0;
    while (i < line.size()) {
        while (i < line.size() && line[i] == ' ')
            ++i;
        if (i == line.size())
            break;
        qsizetype end = i;
        while (end < line.size() && line[end] != ' ')
            ++end;
        if (count == 3)
            return reject(Verdict::RejectMalformed,
                          u"malformed request line: %1"_s.arg(printable(line)));
        parts[count++] = line.sliced(i, end - i);
        i = end;
    }
    const QByteArrayView version = count == 3 ? parts[2] : QByteArrayView();
    const bool versionOk = version.size() == 8 && version.startsWith("HTTP/") && version[5] >= '0'
                           && version[5] <= '9' && version[6] == '.' && version[7] >= '0'
                           && version[7] <= '9';
    if (count != 3 || !isToken(parts[0]) || !versionOk)
        return reject(Verdict::RejectMalformed,
                      u"malformed request line: %1"_s.arg(printable(line)));
    return true;
}

bool RequestGuard::headerField(QByteArrayView line, bool trailer)
{
    if (isOws(line.front()))
        return reject(Verdict::RejectMalformed, u"obsolete header line folding is not accepted"_s);
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon)))
        return reject(Verdict::RejectMalformed,
                      u"malformed header field: %1"_s.arg(printable(line)));
    if (++m_sectionFields > m_limits.maxHeaderCount) {
        return reject(Verdict::RejectHeadersTooLarge,
                      u"the request has more than %1 %2 fields"_s.arg(m_limits.maxHeaderCount)
                          .arg(trailer ? u"trailer"_s : u"header"_s));
    }
    if (trailer)
        return true;

    const QByteArrayView name = line.first(colon);
    const QByteArrayView value = trimmedOws(line.sliced(colon + 1));
    if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
        return contentLength(value);
    if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
        transferEncoding(value);
        return true;
    }
    if (name.compare("Connection", Qt::CaseInsensitive) == 0) {
        // Qt: connection.toLower().contains("upgrade") over the combined field values.
        if (QByteArray(value.data(), value.size()).toLower().contains("upgrade"))
            m_connectionUpgrade = true;
    } else if (name.compare("Upgrade", Qt::CaseInsensitive) == 0) {
        if (value.compare("websocket", Qt::CaseInsensitive) == 0)
            m_upgradeWebSocket = true;
    }
    return true;
}

bool RequestGuard::contentLength(QByteArrayView value)
{
    // Digits only. Qt 6.4 uses the first Content-Length and treats anything toULongLong() rejects
    // ("5, 5", "-1", an overflow) as "no body": accepting those would frame differently from it.
    if (value.isEmpty())
        return reject(Verdict::RejectMalformed, u"Content-Length is empty"_s);
    qint64 length = 0;
    for (const char c : value) {
        if (c < '0' || c > '9') {
            return reject(Verdict::RejectMalformed,
                          u"Content-Length is not a decimal number: %1"_s.arg(printable(value)));
        }
        if (length > (std::numeric_limits<qint64>::max() - 9) / 10)
            return reject(Verdict::RejectMalformed, u"Content-Length is out of range"_s);
        length = length * 10 + (c - '0');
    }
    if (m_contentLength >= 0 && m_contentLength != length)
        return reject(Verdict::RejectMalformed, u"conflicting Content-Length values"_s);
    m_contentLength = length;
    return true;
}

void RequestGuard::transferEncoding(QByteArrayView value)
{
    // Several fields combine into one list (Qt: combinedHeaderValue).
    qsizetype i = 0;
    while (i <= value.size()) {
        qsizetype comma = value.indexOf(',', i);
        if (comma < 0)
            comma = value.size();
        const QByteArrayView coding = trimmedOws(value.sliced(i, comma - i));
        i = comma + 1;
        if (coding.isEmpty() || coding.compare("identity", Qt::CaseInsensitive) == 0)
            continue;
        if (coding.compare("chunked", Qt::CaseInsensitive) == 0) {
            ++m_chunkedCount;
            m_chunkedLast = true;
        } else {
            m_chunkedLast = false;
            if (m_unsupportedCoding.isEmpty())
                m_unsupportedCoding = coding.toByteArray().left(40);
        }
    }
}

bool RequestGuard::headersDone()
{
    m_headersComplete = true;
    if (!m_unsupportedCoding.isEmpty()) {
        return reject(Verdict::RejectUnsupported,
                      u"Transfer-Encoding '%1' is not supported (only chunked)"_s.arg(
                          printable(m_unsupportedCoding)));
    }
    if (m_chunkedCount > 1 || (m_chunkedCount == 1 && !m_chunkedLast))
        return reject(Verdict::RejectMalformed, u"Transfer-Encoding must end with one chunked"_s);
    const bool chunked = m_chunkedCount == 1;
    if (chunked && m_contentLength >= 0) {
        // Request smuggling: two framings, and every hop may pick another one (RFC 9112 §6.3).
        return reject(Verdict::RejectMalformed,
                      u"both Content-Length and Transfer-Encoding are present"_s);
    }
    if (chunked) {
        m_state = State::ChunkSize;
        return true;
    }
    if (m_contentLength > m_limits.maxBodyBytes) {
        return reject(
            Verdict::RejectTooLarge,
            u"the request body (%1 bytes) exceeds the limit of %2 bytes"_s.arg(m_contentLength)
                .arg(m_limits.maxBodyBytes));
    }
    if (m_contentLength > 0) {
        m_state = State::Body;
        m_remaining = m_contentLength;
        m_bodyBytes = m_contentLength;
        return true;
    }
    completeRequest(m_lineEnd);
    return true;
}

bool RequestGuard::chunkSizeLine(QByteArrayView line)
{
    // chunk-size = 1*HEXDIG, then optional whitespace and ";" extensions (ignored, as Qt does).
    qsizetype i = 0;
    qint64 size = 0;
    bool tooLarge = false;
    while (i < line.size() && hexValue(line[i]) >= 0) {
        if (!tooLarge) {
            size = size * 16 + hexValue(line[i]);
            tooLarge = size > m_limits.maxBodyBytes;
        }
        ++i;
    }
    if (i == 0)
        return reject(Verdict::RejectMalformed, u"malformed chunk size: %1"_s.arg(printable(line)));
    qsizetype rest = i;
    while (rest < line.size() && isOws(line[rest]))
        ++rest;
    if (rest < line.size() && line[rest] != ';')
        return reject(Verdict::RejectMalformed, u"malformed chunk size: %1"_s.arg(printable(line)));

    if (tooLarge || size > m_limits.maxBodyBytes - m_bodyBytes) {
        return reject(
            Verdict::RejectTooLarge,
            u"the chunked request body exceeds the limit of %1 bytes"_s.arg(m_limits.maxBodyBytes));
    }
    if (size == 0) {
        m_state = State::Trailers;
        m_sectionBytes = 0;
        m_sectionFields = 0;
        return true;
    }
    m_bodyBytes += size;
    m_remaining = size;
    m_state = State::ChunkData;
    return true;
}

} // namespace CutPilot::Api
