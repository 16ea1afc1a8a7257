#include "core/support/log.h"
#include "downloadtransfer_p.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeDatabase>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSaveFile>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <filesystem>
#include <system_error>
#include <utility>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

constexpr int ProgressIntervalMs = 100;         // <= 10 Hz per transfer (house style, Threads 4)
constexpr qint64 ReadBufferBytes = 1024 * 1024; // what Qt may hold for us before we drain it

bool isAcceptableExtension(const QString &ext)
{
    static const QRegularExpression pattern(u"^[a-z0-9]{1,10}$"_s);
    // "part" would give the final file the name of the partial one.
    return pattern.match(ext).hasMatch() && ext != u"part"_s;
}

QString extensionFor(const QList<QUrl> &urls, const QString &contentType)
{
    for (const QUrl &url : urls) {
        const QString name = url.fileName();
        const qsizetype dot = name.lastIndexOf(u'.');
        if (dot > 0) {
            const QString ext = name.mid(dot + 1).toLower();
            if (isAcceptableExtension(ext))
                return ext;
        }
    }
    const QString mimeName = contentType.section(u';', 0, 0).trimmed().toLower();
    if (!mimeName.isEmpty()) {
        const QMimeType mime = QMimeDatabase().mimeTypeForName(mimeName);
        const QString ext = mime.isValid() ? mime.preferredSuffix().toLower() : QString();
        if (isAcceptableExtension(ext))
            return ext;
    }
    return u"bin"_s;
}

/// A Content-Range header: "bytes <first>-<last>/<complete>" (complete -1 for "*").
struct ContentRange
{
    qint64 first = -1;
    qint64 last = -1;
    qint64 complete = -1;
    bool valid() const { return first >= 0 && last >= first && (complete < 0 || last < complete); }
};

ContentRange parseContentRange(const QByteArray &header)
{
    static const QRegularExpression pattern(u"^\\s*bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)\\s*$"_s);
    const QRegularExpressionMatch match = pattern.match(QString::fromLatin1(header));
    ContentRange range;
    if (!match.hasMatch())
        return range;
    bool ok = false;
    range.first = match.captured(1).toLongLong(&ok);
    range.last = ok ? match.captured(2).toLongLong(&ok) : -1;
    if (ok && match.captured(3) != u"*"_s)
        range.complete = match.captured(3).toLongLong(&ok);
    if (!ok)
        return {};
    return range;
}

constexpr int MaxRangeRequests = 1000; // a server that sends 1-byte pieces is not a server

std::filesystem::path fsPath(const QString &path)
{
    return std::filesystem::path(QDir::toNativeSeparators(path).toStdU16String());
}

QString outcomeName(DownloadJob::State state)
{
    switch (state) {
    case DownloadJob::State::Succeeded:
        return u"ok"_s;
    case DownloadJob::State::Cancelled:
        return u"cancelled"_s;
    case DownloadJob::State::Failed:
        return u"failed"_s;
    case DownloadJob::State::Running:
        break;
    }
    return u"running"_s;
}

} // namespace

DownloadTransfer::DownloadTransfer(const QUrl &url, const QString &downloadDir,
                                   const DownloadOptions &options, QNetworkAccessManager *network,
                                   QThreadPool *verifyPool, QObject *parent)
    : QObject(parent)
    , m_url(url.adjusted(QUrl::RemoveFragment))
    , m_safeUrl(Downloader::redactedUrl(url))
    , m_key(Downloader::fileKey(url))
    , m_downloadDir(downloadDir)
    , m_options(options)
    , m_network(network)
    , m_verifyPool(verifyPool)
{
    m_timeoutTimer.setSingleShot(true);
    m_stallTimer.setSingleShot(true);
    m_progressTimer.setSingleShot(true);
    connect(&m_timeoutTimer, &QTimer::timeout, this, [this] {
        fail(makeError(ErrorCode::Timeout,
                       u"download of %1 did not finish within %2 ms"_s.arg(m_safeUrl).arg(
                           m_options.timeoutMs),
                       {{u"timeoutMs"_s, m_options.timeoutMs}, {u"kind"_s, u"overall"_s}}),
             PartFile::Keep);
    });
    connect(&m_stallTimer, &QTimer::timeout, this, [this] {
        fail(makeError(ErrorCode::Timeout,
                       u"download of %1 stalled: no data for %2 ms (got %3 bytes)"_s.arg(m_safeUrl)
                           .arg(m_options.stallTimeoutMs)
                           .arg(m_received),
                       {{u"timeoutMs"_s, m_options.stallTimeoutMs}, {u"kind"_s, u"stall"_s}}),
             PartFile::Keep);
    });
    connect(&m_progressTimer, &QTimer::timeout, this, [this] { reportProgress(false); });
}

DownloadTransfer::~DownloadTransfer()
{
    dropReply();
    closeFile();
    delete m_verifyWatcher; // its task keeps running in the pool; nobody hears about it
}

void DownloadTransfer::attach(DownloadJob *job)
{
    job->m_transfer = this;
    job->m_received = m_received;
    job->m_total = m_total;
    m_jobs.append(job);
}

void DownloadTransfer::detach(DownloadJob *job)
{
    m_jobs.removeAll(job);
    if (!m_jobs.isEmpty() || m_phase != Phase::Network)
        return;
    dropReply();
    closeFile(); // the .part stays: a later fetch resumes it
    complete(DownloadJob::State::Cancelled,
             makeError(ErrorCode::Cancelled,
                       u"download of %1 cancelled by every requester"_s.arg(m_safeUrl)));
}

void DownloadTransfer::start()
{
    Q_ASSERT(m_phase == Phase::Idle);
    m_phase = Phase::Network;
    m_clock.start();
    if (m_options.timeoutMs > 0)
        m_timeoutTimer.start(m_options.timeoutMs);

    // Resume what an earlier attempt left, unless it can only be too large anyway, and only with
    // a validator (If-Range): otherwise a changed resource would be appended to the old prefix.
    QFileInfo part(partPath());
    qint64 from = 0;
    if (part.exists()) {
        const QByteArray validator = readMeta().validator();
        if (part.size() > 0 && (m_options.maxBytes <= 0 || part.size() < m_options.maxBytes)
            && !validator.isEmpty()) {
            from = part.size();
            m_ifRange = validator;
        } else {
            if (validator.isEmpty())
                Log::get(Log::Media)
                    ->debug("download {}: not resuming {} bytes without a validator", m_safeUrl,
                            part.size());
            removePart();
        }
    } else {
        QFile::remove(metaPath()); // stray
    }
    m_hops = {m_url};
    sendRequest(m_url, from);
}

void DownloadTransfer::shutdown()
{
    const Phase phase = m_phase;
    m_phase = Phase::Done;
    m_timeoutTimer.stop();
    m_stallTimer.stop();
    m_progressTimer.stop();
    dropReply();
    closeFile();
    delete m_verifyWatcher;
    m_verifyWatcher = nullptr;
    if (phase == Phase::Verifying)
        QFile::remove(m_finalPath); // never verified, never reported: not a download
    if (phase == Phase::Network || phase == Phase::Verifying) {
        Log::get(Log::Media)
            ->info("download {}: cancelled (shutting down), {} bytes in {} ms", m_safeUrl,
                   m_received, m_clock.elapsed());
    }
    const QList<DownloadJob *> jobs = std::exchange(m_jobs, {});
    QList<QPointer<DownloadJob>> guarded(jobs.cbegin(), jobs.cend());
    for (const QPointer<DownloadJob> &job : guarded) {
        if (job) {
            job->m_transfer = nullptr;
            job->finish(
                DownloadJob::State::Cancelled,
                makeError(ErrorCode::Cancelled,
                          u"download of %1 cancelled: the downloader shut down"_s.arg(m_safeUrl)));
        }
    }
}

QString DownloadTransfer::partPath() const
{
    return QDir(m_downloadDir).filePath(m_key + u".part"_s);
}

QString DownloadTransfer::metaPath() const
{
    return partPath() + u".meta"_s;
}

QByteArray DownloadTransfer::PartMeta::validator() const
{
    if (!etag.isEmpty() && !etag.startsWith("W/")) // If-Range needs a strong validator
        return etag;
    return lastModified;
}

DownloadTransfer::PartMeta DownloadTransfer::readMeta() const
{
    QFile file(metaPath());
    if (!file.open(QIODevice::ReadOnly) || file.size() > 64 * 1024)
        return {};
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    return {json.value(u"etag"_s).toString().toLatin1(),
            json.value(u"last_modified"_s).toString().toLatin1()};
}

/// Remembers the validators of the response now being written to the .part (a 200: the body
/// starts afresh), or forgets them when it has none.
void DownloadTransfer::writeMeta()
{
    const QByteArray etag = m_reply->rawHeader("ETag").trimmed();
    const QByteArray lastModified = m_reply->rawHeader("Last-Modified").trimmed();
    m_ifRange = PartMeta{etag, lastModified}.validator();
    if (m_ifRange.isEmpty()) {
        QFile::remove(metaPath());
        return;
    }
    QSaveFile file(metaPath());
    const QJsonObject json{{u"etag"_s, QString::fromLatin1(etag)},
                           {u"last_modified"_s, QString::fromLatin1(lastModified)},
                           {u"url"_s, m_safeUrl}};
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(json).toJson()) < 0
        || !file.commit())
        Log::get(Log::Media)
            ->warn("download {}: cannot write {}: {}", m_safeUrl, metaPath(), file.errorString());
}

void DownloadTransfer::removePart()
{
    QFile::remove(partPath());
    QFile::remove(metaPath());
}

Error DownloadTransfer::makeError(ErrorCode code, const QString &message, QVariantMap details) const
{
    details.insert(u"url"_s, m_safeUrl);
    return Error(code, message, details);
}

void DownloadTransfer::sendRequest(const QUrl &url, qint64 from)
{
    m_headersHandled = false;
    m_requestedFrom = from;
    m_currentUrl = url;

    QNetworkRequest request(url);
    // Redirects are followed here, one request per hop, after the checks in followRedirect()
    // (scheme, https -> http, loops, count). Qt 6.4's own follower (also with
    // UserVerifiedRedirectPolicy) re-sends a hop and reports it twice when the server closes
    // connections after a redirect, which looks like a loop.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setMaximumRedirectsAllowed(0);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    // Setting it ourselves stops Qt from asking for (and inflating) gzip, which would make the
    // byte counts disagree with Content-Length.
    request.setRawHeader("Accept-Encoding", "identity");
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("CutPilot"));
    if (from > 0) {
        // If-Range: the rest of *this* version, or the whole new one (200) if it changed.
        request.setRawHeader("Range", "bytes=" + QByteArray::number(from) + '-');
        request.setRawHeader("If-Range", m_ifRange);
    }

    QNetworkReply *reply = m_network->get(request);
    reply->setReadBufferSize(ReadBufferBytes);
    m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, [this] { handleHeaders(false); });
    connect(reply, &QNetworkReply::readyRead, this, &DownloadTransfer::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &DownloadTransfer::onReplyFinished);
    if (m_options.stallTimeoutMs > 0)
        m_stallTimer.start(m_options.stallTimeoutMs);
}

bool DownloadTransfer::restartWithoutRange(const QString &why)
{
    if (m_restarted || m_requestedFrom == 0)
        return false;
    Log::get(Log::Media)->debug("download {}: restarting from 0 ({})", m_safeUrl, why);
    m_restarted = true;
    dropReply();
    closeFile();
    removePart();
    m_ifRange.clear();
    m_rangeEnd = -1;
    m_received = 0;
    m_total = -1;
    m_hops = {m_url};
    sendRequest(m_url, 0);
    return true;
}

/// Looks at the final response's status and headers once. Returns false when the reply in hand
/// must not be used any further (the transfer failed or restarted).
bool DownloadTransfer::handleHeaders(bool replyFinished)
{
    if (m_phase != Phase::Network || !m_reply)
        return false;
    if (m_headersHandled)
        return true;
    const QVariant statusAttribute = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttribute.isValid())
        return true; // not yet (or not HTTP at all: onReplyFinished reports the network error)
    const int status = statusAttribute.toInt();
    // Interim (1xx) answers are not the response; Qt 6.4 also reports 100 for a reply it is
    // about to re-send on a fresh connection.
    if (status < 200 && !replyFinished)
        return true;

    m_headersHandled = true;
    if (status >= 300 && status < 400) {
        const QByteArray location = m_reply->rawHeader("Location");
        if (!location.isEmpty()) {
            followRedirect(QUrl::fromEncoded(location));
            return false;
        }
    }
    if (status == 416 && restartWithoutRange(u"HTTP 416"_s))
        return false;
    if (status < 200 || status >= 300) {
        const QString reason
            = m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        QString message = u"download of %1 failed: HTTP %2"_s.arg(m_safeUrl).arg(status);
        if (!reason.isEmpty())
            message += u" "_s + reason;
        if (status >= 300 && status < 400)
            message += u" (redirect without a Location)"_s;
        fail(makeError(ErrorCode::DownloadFailed, message, {{u"status"_s, status}}),
             PartFile::Keep);
        return false;
    }

    qint64 offset = 0;
    bool lengthKnown = false;
    const qint64 length
        = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&lengthKnown);
    if (status == 206) {
        // Only the range asked for, continuing the .part exactly; it may end before the whole
        // body does (then more Range requests follow, see continueRange()).
        const ContentRange range = parseContentRange(m_reply->rawHeader("Content-Range"));
        if (m_requestedFrom == 0 || !range.valid() || range.first != m_requestedFrom
            || QFileInfo(partPath()).size() != m_requestedFrom) {
            if (restartWithoutRange(u"unexpected Content-Range"_s))
                return false;
            fail(makeError(ErrorCode::DownloadFailed,
                           u"download of %1 failed: the server sent a range starting at %2, "
                           "asked for %3"_s.arg(m_safeUrl)
                               .arg(range.first)
                               .arg(m_requestedFrom),
                           {{u"status"_s, status}}),
                 PartFile::Remove);
            return false;
        }
        offset = range.first;
        m_rangeEnd = range.last;
        m_total = range.complete >= 0 ? range.complete : range.last + 1;
    } else {
        m_rangeEnd = -1;
        m_total = lengthKnown && length >= 0 ? length : -1;
    }
    if (m_options.maxBytes > 0 && m_total > m_options.maxBytes) {
        fail(makeError(ErrorCode::DownloadTooLarge,
                       u"download of %1 refused: announced size %2 bytes exceeds the limit of "
                       "%3 bytes"_s.arg(m_safeUrl)
                           .arg(m_total)
                           .arg(m_options.maxBytes),
                       {{u"size"_s, m_total}, {u"limit"_s, m_options.maxBytes}}),
             PartFile::Remove);
        return false;
    }

    m_contentType = m_reply->header(QNetworkRequest::ContentTypeHeader).toString();
    m_finalUrl = m_currentUrl;
    m_file.setFileName(partPath());
    const QIODevice::OpenMode mode = offset > 0 ? QIODevice::WriteOnly | QIODevice::Append
                                                : QIODevice::WriteOnly | QIODevice::Truncate;
    if (!m_file.open(mode)) {
        fail(makeError(ErrorCode::IoError,
                       u"cannot write %1: %2"_s.arg(QDir::toNativeSeparators(partPath()),
                                                    m_file.errorString()),
                       {{u"path"_s, partPath()}}),
             PartFile::Keep);
        return false;
    }
    m_received = offset;
    if (status != 206)
        writeMeta(); // a fresh body: its validators make the .part resumable
    reportProgress(false);
    return true;
}

/// Moves whatever Qt has buffered to the .part file. False when the transfer stopped.
bool DownloadTransfer::consumeBody()
{
    if (!handleHeaders(false))
        return false;
    if (!m_headersHandled)
        return true;
    const QByteArray chunk = m_reply->readAll();
    if (chunk.isEmpty())
        return true;
    if (m_options.stallTimeoutMs > 0)
        m_stallTimer.start(m_options.stallTimeoutMs);
    if (m_options.maxBytes > 0 && m_received + chunk.size() > m_options.maxBytes) {
        fail(makeError(
                 ErrorCode::DownloadTooLarge,
                 u"download of %1 aborted: the body exceeded the limit of %2 bytes"_s.arg(m_safeUrl)
                     .arg(m_options.maxBytes),
                 {{u"size"_s, m_received + chunk.size()}, {u"limit"_s, m_options.maxBytes}}),
             PartFile::Remove);
        return false;
    }
    if (m_file.write(chunk) != chunk.size()) {
        fail(makeError(ErrorCode::IoError,
                       u"cannot write %1: %2"_s.arg(QDir::toNativeSeparators(partPath()),
                                                    m_file.errorString()),
                       {{u"path"_s, partPath()}}),
             PartFile::Keep);
        return false;
    }
    m_received += chunk.size();
    reportProgress(false);
    return true;
}

void DownloadTransfer::onReadyRead()
{
    consumeBody();
}

void DownloadTransfer::followRedirect(const QUrl &target)
{
    const QUrl next = m_currentUrl.resolved(target).adjusted(QUrl::RemoveFragment);
    const QString scheme = next.scheme().toLower();
    if (!next.isValid() || next.host().isEmpty() || (scheme != u"http"_s && scheme != u"https"_s)) {
        fail(makeError(ErrorCode::DownloadFailed,
                       u"download of %1 failed: redirect to %2 refused (http and https URLs "
                       "only)"_s.arg(m_safeUrl, scheme.isEmpty() ? u"an invalid URL"_s
                                                                 : u"a %1 URL"_s.arg(scheme)),
                       {{u"redirect"_s, Downloader::redactedUrl(next)}}),
             PartFile::Keep);
        return;
    }
    if (m_currentUrl.scheme().toLower() == u"https"_s && scheme == u"http"_s) {
        fail(makeError(
                 ErrorCode::DownloadFailed,
                 u"download of %1 failed: redirect from https to http refused"_s.arg(m_safeUrl),
                 {{u"redirect"_s, Downloader::redactedUrl(next)}}),
             PartFile::Keep);
        return;
    }
    if (m_hops.contains(next)) {
        QStringList chain;
        for (const QUrl &hop : std::as_const(m_hops))
            chain.append(Downloader::redactedUrl(hop));
        chain.append(Downloader::redactedUrl(next));
        fail(makeError(ErrorCode::DownloadFailed,
                       u"download of %1 failed: redirect loop (%2)"_s.arg(m_safeUrl,
                                                                          chain.join(u" -> "_s)),
                       {{u"redirects"_s, chain}}),
             PartFile::Keep);
        return;
    }
    m_hops.append(next);
    const int maxRedirects = qMax(0, m_options.maxRedirects);
    if (m_hops.size() - 1 > maxRedirects) {
        fail(makeError(ErrorCode::DownloadFailed,
                       u"download of %1 failed: more than %2 redirects"_s.arg(m_safeUrl).arg(
                           maxRedirects),
                       {{u"maxRedirects"_s, maxRedirects}}),
             PartFile::Keep);
        return;
    }
    dropReply();
    sendRequest(next, m_requestedFrom);
}

Error DownloadTransfer::errorFromReply() const
{
    const QNetworkReply::NetworkError code = m_reply->error();
    const QVariantMap details{{u"networkError"_s, int(code)}};
    switch (code) {
    case QNetworkReply::TimeoutError:
        return makeError(ErrorCode::Timeout,
                         u"download of %1 timed out: %2"_s.arg(m_safeUrl, m_reply->errorString()),
                         details);
    default:
        break;
    }
    return makeError(ErrorCode::DownloadFailed,
                     u"download of %1 failed: %2"_s.arg(m_safeUrl, networkReason()), details);
}

QString DownloadTransfer::networkReason() const
{
    // Qt's message may quote the URL with its query (tokens): then keep only the kind of failure.
    const QString reason = m_reply->errorString();
    if (m_url.hasQuery() && reason.contains(m_url.query(QUrl::PrettyDecoded)))
        return u"network error %1"_s.arg(int(m_reply->error()));
    if (m_url.hasQuery() && reason.contains(m_url.query(QUrl::FullyEncoded)))
        return u"network error %1"_s.arg(int(m_reply->error()));
    return reason;
}

/// A 206 that carried all it announced but ended before the whole body: ask for the rest (with
/// the same validator). False when there is nothing more to ask for.
bool DownloadTransfer::continueRange()
{
    if (m_rangeEnd < 0 || m_received != m_rangeEnd + 1 || m_total < 0 || m_received >= m_total
        || m_reply->error() != QNetworkReply::NoError)
        return false;
    if (++m_rangeRequests > MaxRangeRequests) {
        fail(makeError(ErrorCode::DownloadFailed,
                       u"download of %1 failed: the server sent the body in more than %2 pieces "
                       "(got %3 of %4 bytes)"_s.arg(m_safeUrl)
                           .arg(MaxRangeRequests)
                           .arg(m_received)
                           .arg(m_total),
                       {{u"received"_s, m_received}, {u"expected"_s, m_total}}),
             PartFile::Keep);
        return true;
    }
    Log::get(Log::Media)
        ->debug("download {}: {} of {} bytes, asking for the rest", m_safeUrl, m_received, m_total);
    dropReply();
    if (!m_file.flush()) {
        fail(makeError(ErrorCode::IoError,
                       u"cannot write %1: %2"_s.arg(QDir::toNativeSeparators(partPath()),
                                                    m_file.errorString())),
             PartFile::Keep);
        return true;
    }
    closeFile();
    m_hops = {m_url};
    sendRequest(m_url, m_received);
    return true;
}

void DownloadTransfer::onReplyFinished()
{
    if (!handleHeaders(true) || !consumeBody())
        return;
    if (m_headersHandled && continueRange())
        return;
    // A 206 must carry what its Content-Range announced; the whole body is m_total.
    const qint64 expected = m_rangeEnd >= 0 ? m_rangeEnd + 1 : m_total;
    const bool truncated
        = (expected >= 0 && m_received < expected) || (m_total >= 0 && m_received < m_total);
    if (truncated) {
        // Qt reports a body cut short by a closed connection as an error or, sometimes, as
        // success: the byte count decides.
        QString message = u"download of %1 failed: truncated: got %2 of %3 bytes"_s.arg(m_safeUrl)
                              .arg(m_received)
                              .arg(m_total);
        QVariantMap details{{u"received"_s, m_received}, {u"expected"_s, m_total}};
        if (m_reply->error() != QNetworkReply::NoError) {
            message += u" (%1)"_s.arg(networkReason());
            details.insert(u"networkError"_s, int(m_reply->error()));
        }
        fail(makeError(ErrorCode::DownloadFailed, message, details), PartFile::Keep);
        return;
    }
    if (m_reply->error() != QNetworkReply::NoError) {
        fail(errorFromReply(), PartFile::Keep);
        return;
    }
    if (!m_headersHandled) {
        fail(makeError(ErrorCode::DownloadFailed,
                       u"download of %1 failed: no HTTP response"_s.arg(m_safeUrl)),
             PartFile::Keep);
        return;
    }
    networkDone();
}

/// The body is complete: give the file its final name and verify it.
void DownloadTransfer::networkDone()
{
    dropReply();
    m_timeoutTimer.stop();
    m_stallTimer.stop();
    if (!m_file.flush()) {
        fail(makeError(ErrorCode::IoError,
                       u"cannot write %1: %2"_s.arg(QDir::toNativeSeparators(partPath()),
                                                    m_file.errorString())),
             PartFile::Keep);
        return;
    }
    closeFile();

    const QString ext = extensionFor({m_url, m_finalUrl}, m_contentType);
    m_finalPath = QDir(m_downloadDir).absoluteFilePath(m_key + u'.' + ext);
    std::error_code ec;
    std::filesystem::rename(fsPath(partPath()), fsPath(m_finalPath), ec); // atomic replace
    if (ec) {
        fail(makeError(
                 ErrorCode::IoError,
                 u"cannot rename %1 to %2: %3"_s.arg(QDir::toNativeSeparators(partPath()),
                                                     QDir::toNativeSeparators(m_finalPath),
                                                     QString::fromLocal8Bit(ec.message().c_str())),
                 {{u"path"_s, m_finalPath}}),
             PartFile::Keep);
        return;
    }

    QFile::remove(metaPath());
    m_total = m_received;
    reportProgress(true);
    m_phase = Phase::Verifying;
    if (!m_verifier) {
        complete(DownloadJob::State::Succeeded, m_finalPath);
        return;
    }
    m_verifyWatcher = new QFutureWatcher<Result<>>(this);
    connect(m_verifyWatcher, &QFutureWatcher<Result<>>::finished, this,
            [this] { onVerified(m_verifyWatcher->result()); });
    m_verifyWatcher->setFuture(
        QtConcurrent::run(m_verifyPool, [verifier = m_verifier, file = m_finalPath]() -> Result<> {
            try {
                return verifier(file);
            } catch (const std::exception &e) {
                return Error::internal(u"verifier threw: %1"_s.arg(QString::fromUtf8(e.what())));
            } catch (...) {
                return Error::internal(u"verifier threw"_s);
            }
        }));
}

void DownloadTransfer::onVerified(const Result<> &verified)
{
    if (m_phase != Phase::Verifying)
        return;
    if (!verified) {
        QFile::remove(m_finalPath);
        complete(DownloadJob::State::Failed,
                 verified.error()
                     .withContext(u"downloaded file from %1 rejected"_s.arg(m_safeUrl))
                     .withDetail(u"url"_s, m_safeUrl));
        return;
    }
    complete(DownloadJob::State::Succeeded, m_finalPath);
}

void DownloadTransfer::fail(const Error &error, PartFile part)
{
    if (m_phase == Phase::Done)
        return;
    dropReply();
    closeFile();
    if (part == PartFile::Remove)
        removePart();
    complete(DownloadJob::State::Failed, error);
}

void DownloadTransfer::complete(DownloadJob::State state, const Result<QString> &result)
{
    if (m_phase == Phase::Done)
        return;
    m_phase = Phase::Done;
    m_timeoutTimer.stop();
    m_stallTimer.stop();
    m_progressTimer.stop();
    dropReply();
    closeFile();

    // One line per transfer; the URL is redacted (no query: it may carry tokens).
    const auto logger = Log::get(Log::Media);
    if (result)
        logger->info("download {}: ok, {} bytes in {} ms", m_safeUrl, m_received,
                     m_clock.elapsed());
    else
        logger->info("download {}: {}, {} bytes in {} ms: {}", m_safeUrl, outcomeName(state),
                     m_received, m_clock.elapsed(), result.error().toString());

    Q_EMIT done();
    const QList<DownloadJob *> jobs = std::exchange(m_jobs, {});
    const QList<QPointer<DownloadJob>> guarded(jobs.cbegin(), jobs.cend());
    for (const QPointer<DownloadJob> &job : guarded) {
        if (job) {
            job->m_transfer = nullptr;
            job->finish(state, result);
        }
    }
    deleteLater();
}

void DownloadTransfer::reportProgress(bool force)
{
    if (!force) {
        if (m_received == m_lastReported)
            return;
        if (m_lastProgress.isValid() && m_lastProgress.elapsed() < ProgressIntervalMs) {
            if (!m_progressTimer.isActive())
                m_progressTimer.start(int(ProgressIntervalMs - m_lastProgress.elapsed()));
            return;
        }
    }
    m_progressTimer.stop();
    m_lastProgress.start();
    m_lastReported = m_received;
    const QList<QPointer<DownloadJob>> guarded(m_jobs.cbegin(), m_jobs.cend());
    for (const QPointer<DownloadJob> &job : guarded) {
        // A handler may cancel jobs (even this transfer): only report to those still here.
        if (job && m_jobs.contains(job.data()))
            job->reportProgress(m_received, m_total);
    }
}

void DownloadTransfer::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    // A reply with an HTTP error status (404 ...) gets that error from Qt, possibly still on its
    // way: abort() would report a second one (Qt warns). Deleting it stops its request as well.
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!reply->isFinished() && reply->error() == QNetworkReply::NoError && status < 400)
        reply->abort();
    reply->deleteLater();
}

void DownloadTransfer::closeFile()
{
    if (m_file.isOpen())
        m_file.close();
}

} // namespace CutPilot::Core
