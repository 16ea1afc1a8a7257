#pragma once

// Private to Downloader: one network transfer shared by every DownloadJob of the same URL.

#include "downloader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFutureWatcher>
#include <QList>
#include <QPointer>
#include <QTimer>

class QNetworkReply;

namespace CutPilot::Core {

class DownloadTransfer final : public QObject
{
    Q_OBJECT

public:
    DownloadTransfer(const QUrl &url, const QString &downloadDir, const DownloadOptions &options,
                     QNetworkAccessManager *network, QThreadPool *verifyPool, QObject *parent);
    ~DownloadTransfer() override;

    QString key() const { return m_key; }
    /// Only taken into account before the network part ends.
    void setVerifier(const Downloader::Verifier &verifier) { m_verifier = verifier; }

    void attach(DownloadJob *job);
    /// The job was cancelled or deleted. When it was the last one and the body is still
    /// arriving, the transfer is aborted (partial file kept). A transfer that already verifies
    /// cannot be stopped; it finishes unobserved.
    void detach(DownloadJob *job);

    void start();
    /// The Downloader goes away: stop now, finish the remaining jobs as Cancelled, emit nothing
    /// else. The caller deletes the transfer right after.
    void shutdown();

Q_SIGNALS:
    /// The transfer has an outcome; emitted before the jobs are told (so that a job's finished()
    /// handler can start a fresh transfer of the same URL). The transfer deletes itself later.
    void done();

private:
    enum class Phase {
        Idle,
        Network,
        Verifying,
        Done,
    };
    enum class PartFile {
        Keep,   ///< resumable: a later fetch continues with a Range request
        Remove, ///< unwanted content (too large, rejected)
    };
    /// What a .part was downloaded from, kept next to it as <key>.part.meta (JSON): without a
    /// validator a resumed body could be the tail of another version of the resource.
    struct PartMeta
    {
        QByteArray etag;         ///< strong ETag of the response the .part holds, or empty
        QByteArray lastModified; ///< its Last-Modified, or empty
        /// The If-Range value: the strong ETag, else Last-Modified; empty: not resumable.
        QByteArray validator() const;
    };

    void sendRequest(const QUrl &url, qint64 from);
    bool restartWithoutRange(const QString &why);
    bool handleHeaders(bool replyFinished);
    bool consumeBody();
    void onReadyRead();
    void onReplyFinished();
    void followRedirect(const QUrl &target);
    void networkDone();
    void onVerified(const Result<> &verified);

    void reportProgress(bool force);
    void fail(const Error &error, PartFile part);
    void complete(DownloadJob::State state, const Result<QString> &result);
    void dropReply();
    void closeFile();

    QString partPath() const;
    QString metaPath() const;
    PartMeta readMeta() const;
    void writeMeta();
    void removePart();
    bool continueRange();
    QString safeUrl() const { return m_safeUrl; }
    Error makeError(ErrorCode code, const QString &message, QVariantMap details = {}) const;
    Error errorFromReply() const;
    QString networkReason() const;

    QUrl m_url;
    QString m_safeUrl;
    QString m_key;
    QString m_downloadDir;
    DownloadOptions m_options;
    Downloader::Verifier m_verifier;
    QNetworkAccessManager *m_network = nullptr;
    QThreadPool *m_verifyPool = nullptr;

    Phase m_phase = Phase::Idle;
    QList<DownloadJob *> m_jobs;
    QPointer<QNetworkReply> m_reply;
    QUrl m_currentUrl;  ///< the URL of the request in flight (after redirects)
    QList<QUrl> m_hops; ///< the request URL and every redirect target, for loop detection
    bool m_headersHandled = false;
    bool m_restarted = false;
    qint64 m_requestedFrom = 0; ///< the Range start asked for (0: whole body)
    QByteArray m_ifRange;       ///< the validator sent with Range requests (If-Range)
    qint64 m_rangeEnd = -1;     ///< last byte the current 206 response carries, -1 for a 200
    int m_rangeRequests = 0;    ///< Range requests sent to complete a body served in pieces
    QFile m_file;
    qint64 m_received = 0; ///< bytes of the body on disk, resumed part included
    qint64 m_total = -1;   ///< expected body size, -1 while unknown
    QString m_contentType;
    QUrl m_finalUrl;
    QString m_finalPath;

    QTimer m_timeoutTimer;
    QTimer m_stallTimer;
    QTimer m_progressTimer;
    QElapsedTimer m_clock;
    QElapsedTimer m_lastProgress;
    qint64 m_lastReported = -1;
    QFutureWatcher<Result<>> *m_verifyWatcher = nullptr;
};

} // namespace CutPilot::Core
