#include "downloader.h"

#include "core/support/log.h"
#include "downloadtransfer_p.h"

#include <QCryptographicHash>
#include <QDir>
#include <QNetworkAccessManager>
#include <QThreadPool>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

// --- DownloadJob --------------------------------------------------------------------------------

DownloadJob::DownloadJob(const QUrl &url, QObject *parent)
    : QObject(parent)
    , m_url(url)
    , m_result(Error(ErrorCode::Unavailable,
                     u"download of %1 is still running"_s.arg(Downloader::redactedUrl(url))))
{
}

DownloadJob::~DownloadJob()
{
    if (DownloadTransfer *transfer = m_transfer.data()) {
        m_transfer = nullptr;
        transfer->detach(this);
    }
}

Result<QString> DownloadJob::result() const
{
    return m_result;
}

void DownloadJob::cancel()
{
    if (isFinished())
        return;
    if (DownloadTransfer *transfer = m_transfer.data()) {
        m_transfer = nullptr;
        transfer->detach(this);
    }
    finish(State::Cancelled,
           Error(ErrorCode::Cancelled,
                 u"download of %1 cancelled"_s.arg(Downloader::redactedUrl(m_url)),
                 {{u"url"_s, Downloader::redactedUrl(m_url)}}));
}

void DownloadJob::reportProgress(qint64 received, qint64 total)
{
    if (isFinished())
        return;
    m_received = received;
    m_total = total;
    Q_EMIT progress(received, total);
}

void DownloadJob::finish(State state, const Result<QString> &result)
{
    Q_ASSERT(state != State::Running);
    if (isFinished())
        return;
    m_state = state;
    m_result = result;
    m_transfer = nullptr;
    Q_EMIT finished();
    if (m_autoDelete)
        deleteLater();
}

// --- Downloader ---------------------------------------------------------------------------------

Downloader::Downloader(QString downloadDir, DownloadOptions options, QObject *parent)
    : QObject(parent)
    , m_downloadDir(QDir(downloadDir).absolutePath())
    , m_options(options)
    , m_network(new QNetworkAccessManager(this))
    , m_verifyPool(std::make_unique<QThreadPool>())
{
    m_network->setAutoDeleteReplies(false); // DownloadTransfer deletes its replies
    m_network->setCookieJar(nullptr);
    m_verifyPool->setObjectName(u"cutpilot-download-verify"_s);
    m_verifyPool->setMaxThreadCount(2);
}

Downloader::~Downloader()
{
    // Stop every transfer while this object is still whole (jobs may be told, and a job's
    // finished() handler may even call fetch() again: that one fails, see m_shuttingDown).
    m_shuttingDown = true;
    while (!m_transfers.isEmpty()) {
        DownloadTransfer *transfer = m_transfers.begin().value();
        m_transfers.erase(m_transfers.begin());
        transfer->disconnect(this);
        transfer->shutdown();
        delete transfer;
    }
    m_verifyPool->waitForDone(); // verifiers only read their file; their results are dropped
}

void Downloader::setVerifier(Verifier verifier)
{
    m_verifier = std::move(verifier);
    for (DownloadTransfer *transfer : std::as_const(m_transfers))
        transfer->setVerifier(m_verifier);
}

Result<> Downloader::validateUrl(const QUrl &url)
{
    if (url.isEmpty())
        return Error::invalidArgument(u"url"_s, u"'url' is empty"_s);
    if (!url.isValid()) {
        return Error::invalidArgument(u"url"_s,
                                      u"'url' is not a valid URL: %1"_s.arg(url.errorString()));
    }
    const QString scheme = url.scheme().toLower();
    if (scheme != u"http"_s && scheme != u"https"_s) {
        return Error::invalidArgument(
                   u"url"_s, u"'url' must be an http or https URL, got %1"_s.arg(
                                 scheme.isEmpty() ? u"no scheme"_s : u"scheme '%1'"_s.arg(scheme)))
            .withDetail(u"scheme"_s, scheme);
    }
    if (url.host().isEmpty())
        return Error::invalidArgument(u"url"_s, u"'url' has no host"_s);
    return {};
}

QString Downloader::redactedUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
        .toString(QUrl::FullyEncoded);
}

QString Downloader::fileKey(const QUrl &url)
{
    const QByteArray encoded = url.adjusted(QUrl::RemoveFragment).toEncoded();
    return QString::fromLatin1(
        QCryptographicHash::hash(encoded, QCryptographicHash::Sha256).toHex());
}

DownloadJob *Downloader::fetch(const QUrl &url)
{
    auto *job = new DownloadJob(url, this);
    const auto failLater = [job](const Error &error) {
        QMetaObject::invokeMethod(
            job, [job, error] { job->finish(DownloadJob::State::Failed, error); },
            Qt::QueuedConnection);
        return job;
    };

    if (Result<> valid = validateUrl(url); !valid)
        return failLater(valid.error());
    if (m_shuttingDown) {
        return failLater(Error(
            ErrorCode::Cancelled,
            u"download of %1 refused: the downloader is shutting down"_s.arg(redactedUrl(url))));
    }
    if (!QDir().mkpath(m_downloadDir)) {
        return failLater(Error(
            ErrorCode::IoError,
            u"cannot create the download folder %1"_s.arg(QDir::toNativeSeparators(m_downloadDir)),
            {{u"path"_s, m_downloadDir}}));
    }

    const QString key = fileKey(url);
    if (DownloadTransfer *running = m_transfers.value(key)) {
        running->attach(job);
        return job;
    }
    auto *transfer
        = new DownloadTransfer(url, m_downloadDir, m_options, m_network, m_verifyPool.get(), this);
    transfer->setVerifier(m_verifier);
    m_transfers.insert(key, transfer);
    connect(transfer, &DownloadTransfer::done, this,
            [this, transfer] { onTransferDone(transfer); });
    transfer->attach(job);
    transfer->start();
    return job;
}

void Downloader::onTransferDone(DownloadTransfer *transfer)
{
    const auto it = m_transfers.constFind(transfer->key());
    if (it != m_transfers.cend() && it.value() == transfer)
        m_transfers.erase(it);
}

} // namespace CutPilot::Core
