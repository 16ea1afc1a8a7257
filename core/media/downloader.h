#pragma once

#include "core/support/result.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QThreadPool;

namespace CutPilot::Core {

class DownloadTransfer;

/// Limits for one transfer. A value <= 0 switches a limit off (maxRedirects <= 0: no redirect is
/// followed).
struct DownloadOptions
{
    qint64 maxBytes = 2LL * 1024 * 1024 * 1024; ///< body size limit, checked up front and streaming
    int timeoutMs = 10 * 60 * 1000;             ///< the whole network transfer
    int stallTimeoutMs = 30 * 1000;             ///< no body bytes for this long -> Timeout
    int maxRedirects = 5;
};

/// One requester's view of a download: what Downloader::fetch() returns. Every fetch() gets its own
/// DownloadJob; concurrent fetches of the same URL share one network transfer behind them, and
/// that transfer is aborted only when every job on it was cancelled (or deleted).
///
/// Ownership: the job is a child of the Downloader. By default it deletes itself (deleteLater)
/// after emitting finished(), so read result() in the slot connected to finished(). With
/// setAutoDelete(false) the caller deletes it (or reparents it); otherwise it goes with the
/// Downloader. Deleting a running job cancels it for this requester, silently.
class DownloadJob final : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Running,
        Succeeded,
        Failed,
        Cancelled,
    };
    Q_ENUM(State)

    ~DownloadJob() override;

    /// The URL as given to fetch(). May contain a query: do not log it (see redactedUrl()).
    QUrl url() const { return m_url; }
    State state() const { return m_state; }
    bool isFinished() const { return m_state != State::Running; }

    /// After finished(): the absolute path of the downloaded file, or why there is none
    /// (InvalidArgument, DownloadFailed, DownloadTooLarge, Timeout, IoError, Cancelled or the
    /// verifier's error). While running: an Unavailable error.
    Result<QString> result() const;

    /// Bytes of the body on disk so far (a resumed transfer starts above 0) and the expected
    /// total (-1 while unknown), as last reported by progress().
    qint64 bytesReceived() const { return m_received; }
    qint64 bytesTotal() const { return m_total; }

    bool autoDelete() const { return m_autoDelete; }
    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }

public Q_SLOTS:
    /// Withdraws this requester: the job finishes at once (state Cancelled, finished() emitted
    /// before this returns). The shared transfer stops only when no other job still wants it;
    /// its partial file is kept so that a later fetch() resumes. No-op once finished.
    void cancel();

Q_SIGNALS:
    /// Throttled to at most ~10 Hz per transfer, plus a final one (received == total) on success.
    /// received never decreases; total is -1 while the size is unknown.
    void progress(qint64 received, qint64 total);
    /// Exactly once, when the job leaves State::Running.
    void finished();

private:
    friend class Downloader;
    friend class DownloadTransfer;

    DownloadJob(const QUrl &url, QObject *parent);
    void reportProgress(qint64 received, qint64 total);
    void finish(State state, const Result<QString> &result);

    QUrl m_url;
    State m_state = State::Running;
    Result<QString> m_result;
    qint64 m_received = 0;
    qint64 m_total = -1;
    bool m_autoDelete = true;
    QPointer<DownloadTransfer> m_transfer;
};

/// Downloads media by URL (import by URL, HTTP API routes that take media URLs) with
/// QNetworkAccessManager:
///  - http and https only; anything else is refused with InvalidArgument on field "url";
///  - the body streams to <downloadDir>/<sha256(url)>.part as it arrives and is renamed
///    atomically to <sha256(url)>.<ext> (ext from the URL path, else the Content-Type, else
///    "bin") on success; a .part left by an earlier failed attempt is resumed with a Range
///    request carrying If-Range with the validator (strong ETag, else Last-Modified) of the
///    response it came from, kept in <sha256(url)>.part.meta (JSON) - appended on a 206 whose
///    Content-Range starts exactly at the .part's end, restarted on 200 (the resource changed);
///    without a validator the .part is not resumed but downloaded again from the start. A 206
///    that ends before the whole body (Content-Range "bytes a-b/complete" with b+1 < complete)
///    is followed by further Range requests until all `complete` bytes are there;
///  - size limit from Content-Length up front and while streaming (DownloadTooLarge), overall
///    and stall timeouts (Timeout);
///  - redirects followed hop by hop: at most maxRedirects, http(s) targets only, never from
///    https to http, loops named as such; HTTP errors (details {"status": 404}), truncated
///    bodies ("truncated: got N of M bytes") and resets: DownloadFailed;
///  - then the verifier (if any) runs on a worker thread; when it fails the file is deleted
///    and the job fails with the verifier's error.
/// Partial files are kept after network failures, timeouts and cancellation (for a resume) and
/// deleted when the body is too large. Error messages and the one log line per transfer carry
/// the URL without its query (see redactedUrl()). A URL whose final file already exists is
/// downloaded again (the media cache above deduplicates by content). Lives on one thread
/// (normally the main thread) and is used from it; nothing here blocks that thread.
class Downloader final : public QObject
{
    Q_OBJECT

public:
    /// Runs on a worker thread (so it must be thread-safe), after the file got its final name.
    using Verifier = std::function<Result<>(const QString &file)>;

    explicit Downloader(QString downloadDir, DownloadOptions options = {},
                        QObject *parent = nullptr);
    /// Aborts every transfer (partial files are kept) and waits for running verifiers.
    ~Downloader() override;

    QString downloadDir() const { return m_downloadDir; }
    DownloadOptions options() const { return m_options; }
    /// Applies to transfers started afterwards.
    void setOptions(const DownloadOptions &options) { m_options = options; }
    /// Applies to transfers that have not finished their network part yet.
    void setVerifier(Verifier verifier);

    /// Starts (or joins the running transfer of) url. Never null, never finishes synchronously:
    /// a refused URL gives a job that fails on the next event-loop turn. See DownloadJob for
    /// ownership.
    DownloadJob *fetch(const QUrl &url);

    /// Network transfers running (or verifying) now; concurrent fetches of a URL count once.
    int activeTransfers() const { return int(m_transfers.size()); }

    /// InvalidArgument (field "url") unless url is an absolute http(s) URL with a host; for
    /// routes that want to answer 400 before starting anything.
    static Result<> validateUrl(const QUrl &url);
    /// url without query, fragment and user info: safe for logs and error messages.
    static QString redactedUrl(const QUrl &url);
    /// The hex sha256 that names the files of url (fragment ignored).
    static QString fileKey(const QUrl &url);

private:
    void onTransferDone(DownloadTransfer *transfer);

    QString m_downloadDir;
    DownloadOptions m_options;
    Verifier m_verifier;
    QNetworkAccessManager *m_network = nullptr;
    std::unique_ptr<QThreadPool> m_verifyPool;
    QHash<QString, DownloadTransfer *> m_transfers; ///< by fileKey()
    bool m_shuttingDown = false;
};

} // namespace CutPilot::Core
