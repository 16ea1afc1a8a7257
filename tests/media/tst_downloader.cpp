#include "core/media/downloader.h"
#include "core/support/log.h"
#include "faultserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>
#include <spdlog/sinks/ostream_sink.h>
#include <sstream>

using namespace CutPilot::Core;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray Magic = "CPMEDIA\n"; // what the test verifier accepts as "media"

QByteArray makeBody(qsizetype size)
{
    QByteArray body = Magic;
    body.reserve(size);
    for (qsizetype i = body.size(); i < size; ++i)
        body.append(char((i * 31 + i / 251) & 0xff));
    body.truncate(size);
    return body;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

Result<> magicVerifier(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::MediaUnreadable, u"cannot open %1"_s.arg(path));
    if (file.read(Magic.size()) != Magic)
        return Error(ErrorCode::MediaUnsupported, u"not a media file"_s);
    return {};
}

/// For QVERIFY2's message, which is evaluated even when the check passes.
const char *why(const Result<QString> &result)
{
    static QByteArray text;
    text = result ? QByteArray("ok") : result.error().toString().toUtf8();
    return text.constData();
}

struct Progress
{
    qint64 received;
    qint64 total;
};

/// Records every progress() of a job.
class ProgressLog
{
public:
    explicit ProgressLog(DownloadJob *job)
    {
        QObject::connect(job, &DownloadJob::progress, job, [this](qint64 received, qint64 total) {
            entries.append({received, total});
        });
    }
    bool monotonic() const
    {
        for (qsizetype i = 1; i < entries.size(); ++i) {
            if (entries[i].received < entries[i - 1].received)
                return false;
        }
        return true;
    }
    QList<Progress> entries;
};

const qsizetype FileSize = 300 * 1024;
const qsizetype SlowSize = 64 * 1024;

} // namespace

class tst_Downloader : public QObject
{
    Q_OBJECT

private:
    /// A job the test owns (no auto-delete), so that it can be inspected after finished().
    static DownloadJob *fetch(Downloader &downloader, const QUrl &url)
    {
        DownloadJob *job = downloader.fetch(url);
        job->setAutoDelete(false);
        return job;
    }
    static bool waitFinished(DownloadJob *job, int timeoutMs = 5000)
    {
        if (job->isFinished())
            return true;
        QSignalSpy spy(job, &DownloadJob::finished);
        return spy.wait(timeoutMs);
    }
    /// The Range headers the server saw. Qt 6.4 sometimes re-sends a request whose body ended
    /// early after the reply has finished (the answer goes nowhere), so count Range requests
    /// rather than all requests.
    static QList<QByteArray> rangeHeaders(const QList<FaultServer::Request> &requests)
    {
        QList<QByteArray> ranges;
        for (const FaultServer::Request &request : requests) {
            if (request.headers.contains("range"))
                ranges.append(request.headers.value("range"));
        }
        return ranges;
    }
    QString dir() const { return m_dir->path(); }
    QStringList files() const { return QDir(dir()).entryList(QDir::Files, QDir::Name); }
    QString partPathFor(const QUrl &url) const
    {
        return QDir(dir()).filePath(Downloader::fileKey(url) + u".part"_s);
    }

    FaultServer m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QByteArray m_fileBody = makeBody(FileSize);
    QByteArray m_slowBody = makeBody(SlowSize);

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_server.listen());
        using Mode = FaultServer::Mode;
        using Route = FaultServer::Route;
        const auto route = [](Mode mode, const QByteArray &body,
                              const std::function<void(Route &)> &tweak = {}) {
            Route made;
            made.mode = mode;
            made.body = body;
            if (tweak)
                tweak(made);
            return made;
        };
        const auto redirect = [](const QByteArray &location) {
            Route made;
            made.mode = Mode::Redirect;
            made.location = location;
            return made;
        };
        m_server.setRoute("/file.bin", route(Mode::File, m_fileBody));
        m_server.setRoute("/clip.mp4", route(Mode::File, m_fileBody));
        m_server.setRoute(
            "/media", route(Mode::File, m_fileBody, [](Route &r) { r.contentType = "video/mp4"; }));
        m_server.setRoute("/moved", redirect("/clip.mp4"));
        m_server.setRoute("/norange.bin", route(Mode::File, m_fileBody, [](Route &r) {
                              r.supportsRange = false;
                              r.etag = "\"n1\"";
                          }));
        m_server.setRoute("/slow.bin", route(Mode::Slow, m_slowBody, [](Route &r) {
                              r.chunkSize = 4096;
                              r.intervalMs = 25;
                              r.etag = "\"s1\"";
                          }));
        m_server.setRoute("/endless.bin",
                          route(Mode::Slow, makeBody(4 * 1024 * 1024), [](Route &r) {
                              r.chunkSize = 1024;
                              r.intervalMs = 20;
                          }));
        m_server.setRoute("/stall.bin",
                          route(Mode::Stall, m_slowBody, [](Route &r) { r.chunkSize = 1024; }));
        m_server.setRoute("/truncated.bin", route(Mode::Truncated, makeBody(100000),
                                                  [](Route &r) { r.cutAt = 40000; }));
        m_server.setRoute("/reset.bin",
                          route(Mode::Reset, makeBody(100000), [](Route &r) { r.cutAt = 30000; }));
        m_server.setRoute("/resume.bin", route(Mode::ResumeAfterDrop, m_fileBody, [](Route &r) {
                              r.cutAt = 100000;
                              r.etag = "\"r1\"";
                          }));
        m_server.setRoute("/novalidator.bin", route(Mode::ResumeAfterDrop, m_fileBody,
                                                    [](Route &r) { r.cutAt = 100000; }));
        m_server.setRoute("/pieces.bin", route(Mode::ResumeAfterDrop, m_fileBody, [](Route &r) {
                              r.cutAt = 100000;
                              r.maxRangeBytes = 60000; // short 206 answers
                              r.lastModified = "Wed, 21 Oct 2015 07:28:00 GMT";
                          }));
        m_server.setRoute("/missing",
                          route(Mode::Status, "gone", [](Route &r) { r.status = 404; }));
        m_server.setRoute("/broken", route(Mode::Status, "oops", [](Route &r) { r.status = 500; }));
        m_server.setRoute("/loop", redirect("/loop2"));
        m_server.setRoute("/loop2", redirect("/loop"));
        for (int hop = 0; hop < 7; ++hop)
            m_server.setRoute("/hop" + QByteArray::number(hop),
                              redirect("/hop" + QByteArray::number(hop + 1)));
        m_server.setRoute("/hop7", route(Mode::File, m_fileBody));
        m_server.setRoute("/toftp", redirect("ftp://127.0.0.1/file.bin"));
        m_server.setRoute("/announced-3g", route(Mode::AnnounceOnly, {},
                                                 [](Route &r) { r.announcedLength = 3LL << 30; }));
        m_server.setRoute("/close-delimited.bin",
                          route(Mode::CloseDelimited, makeBody(256 * 1024)));
        m_server.setRoute("/chunked.bin", route(Mode::Chunked, makeBody(256 * 1024),
                                                [](Route &r) { r.chunkSize = 8192; }));
        m_server.setRoute("/wrong.mp4", route(Mode::File, "<html>this is not a video</html>",
                                              [](Route &r) { r.contentType = "video/mp4"; }));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_server.clearRequests();
    }

    void success_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("suffix");
        QTest::newRow("plain") << u"/file.bin"_s << u"bin"_s;
        QTest::newRow("extension from the path") << u"/clip.mp4"_s << u"mp4"_s;
        QTest::newRow("extension from Content-Type") << u"/media?id=7"_s << u"mp4"_s;
        QTest::newRow("redirected") << u"/moved"_s << u"mp4"_s;
        QTest::newRow("five redirects") << u"/hop2"_s << u"bin"_s;
    }
    void success()
    {
        QFETCH(QString, path);
        QFETCH(QString, suffix);
        Downloader downloader(dir());
        downloader.setVerifier(magicVerifier);
        const QUrl url = m_server.url(path);
        DownloadJob *job = fetch(downloader, url);
        ProgressLog progress(job);
        QCOMPARE(job->state(), DownloadJob::State::Running);
        QCOMPARE(downloader.activeTransfers(), 1);

        QVERIFY(waitFinished(job));
        QVERIFY2(job->result(), why(job->result()));
        QCOMPARE(job->state(), DownloadJob::State::Succeeded);
        const QString file = *job->result();
        QCOMPARE(file, QDir(dir()).filePath(Downloader::fileKey(url) + u'.' + suffix));
        QVERIFY(readFile(file) == m_fileBody);
        QCOMPARE(files(), QStringList{QFileInfo(file).fileName()}); // no .part left behind
        QCOMPARE(downloader.activeTransfers(), 0);

        QVERIFY(!progress.entries.isEmpty());
        QVERIFY(progress.monotonic());
        QCOMPARE(progress.entries.last().received, FileSize);
        QCOMPARE(progress.entries.last().total, FileSize);
        QCOMPARE(job->bytesReceived(), FileSize);
    }

    void autoDeleteAfterFinished()
    {
        Downloader downloader(dir());
        QPointer<DownloadJob> job = downloader.fetch(m_server.url(u"/file.bin"_s));
        QSignalSpy finished(job.data(), &DownloadJob::finished);
        QVERIFY(finished.wait(5000));
        QTRY_VERIFY(job.isNull());
    }

    void refusesUrl_data()
    {
        QTest::addColumn<QUrl>("url");
        QTest::newRow("file") << QUrl(u"file:///etc/passwd"_s);
        QTest::newRow("ftp") << QUrl(u"ftp://127.0.0.1/file.bin"_s);
        QTest::newRow("data") << QUrl(u"data:text/plain,hello"_s);
        QTest::newRow("javascript") << QUrl(u"javascript:alert(1)"_s);
        QTest::newRow("relative") << QUrl(u"/file.bin"_s);
        QTest::newRow("no host") << QUrl(u"http:///file.bin"_s);
        QTest::newRow("empty") << QUrl();
    }
    void refusesUrl()
    {
        QFETCH(QUrl, url);
        QVERIFY(!Downloader::validateUrl(url));
        Downloader downloader(dir());
        DownloadJob *job = fetch(downloader, url);
        QVERIFY(!job->isFinished()); // the failure arrives like any other outcome: later
        QCOMPARE(downloader.activeTransfers(), 0);
        QVERIFY(waitFinished(job));
        QCOMPARE(job->state(), DownloadJob::State::Failed);
        QCOMPARE(job->result().error().code(), ErrorCode::InvalidArgument);
        QCOMPARE(job->result().error().field(), u"url"_s);
        QVERIFY(files().isEmpty());
    }

    void httpError_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::newRow("404") << u"/missing?token=SECRET"_s << 404;
        QTest::newRow("500") << u"/broken?token=SECRET"_s << 500;
    }
    void httpError()
    {
        QFETCH(QString, path);
        QFETCH(int, status);
        Downloader downloader(dir());
        DownloadJob *job = fetch(downloader, m_server.url(path));
        QVERIFY(waitFinished(job));
        QCOMPARE(job->state(), DownloadJob::State::Failed);
        const Error error = job->result().error();
        QCOMPARE(error.code(), ErrorCode::DownloadFailed);
        QVERIFY2(error.message().contains(QString::number(status)), qPrintable(error.message()));
        QCOMPARE(error.details().value(u"status"_s).toInt(), status);
        QVERIFY(!error.toString().contains(u"SECRET"_s)); // no query (tokens) in messages
        QVERIFY(files().isEmpty());
    }

    void truncated()
    {
        Downloader downloader(dir());
        const QUrl url = m_server.url(u"/truncated.bin"_s);
        DownloadJob *job = fetch(downloader, url);
        QVERIFY(waitFinished(job));
        const Error error = job->result().error();
        QCOMPARE(error.code(), ErrorCode::DownloadFailed);
        QVERIFY2(error.message().contains(u"truncated: got 40000 of 100000 bytes"_s),
                 qPrintable(error.message()));
        QCOMPARE(QFileInfo(partPathFor(url)).size(), 40000); // kept for a resume
    }

    void connectionReset()
    {
        Downloader downloader(dir());
        DownloadJob *job = fetch(downloader, m_server.url(u"/reset.bin"_s));
        QVERIFY(waitFinished(job));
        QCOMPARE(job->state(), DownloadJob::State::Failed);
        QCOMPARE(job->result().error().code(), ErrorCode::DownloadFailed);
        QCOMPARE(downloader.activeTransfers(), 0);
    }

    void redirectFailures_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QTest::newRow("loop") << u"/loop"_s << u"redirect loop"_s;
        QTest::newRow("too many") << u"/hop0"_s << u"more than 5 redirects"_s;
        QTest::newRow("to ftp") << u"/toftp"_s << QString();
    }
    void redirectFailures()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        Downloader downloader(dir());
        DownloadJob *job = fetch(downloader, m_server.url(path));
        QVERIFY(waitFinished(job));
        const Error error = job->result().error();
        QCOMPARE(error.code(), ErrorCode::DownloadFailed);
        QVERIFY2(error.message().contains(expected), qPrintable(error.message()));
        QCOMPARE(m_server.requestCount("/file.bin"), 0);
        QVERIFY(m_server.requestCount("/loop") <= 1);
    }

    void tooLargeAnnounced_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<qint64>("limit");
        QTest::addColumn<qint64>("announced");
        QTest::newRow("small limit") << u"/file.bin"_s << qint64(64 * 1024) << qint64(FileSize);
        QTest::newRow("default limit") << u"/announced-3g"_s << qint64(0) << (3LL << 30);
    }
    void tooLargeAnnounced()
    {
        QFETCH(QString, path);
        QFETCH(qint64, limit);
        QFETCH(qint64, announced);
        DownloadOptions options;
        if (limit > 0)
            options.maxBytes = limit;
        else
            limit = options.maxBytes;
        QCOMPARE(DownloadOptions().maxBytes, 2LL * 1024 * 1024 * 1024);
        Downloader downloader(dir(), options);
        DownloadJob *job = fetch(downloader, m_server.url(path));
        QVERIFY(waitFinished(job));
        const Error error = job->result().error();
        QCOMPARE(error.code(), ErrorCode::DownloadTooLarge);
        QVERIFY2(error.message().contains(QString::number(limit)), qPrintable(error.message()));
        QVERIFY2(error.message().contains(QString::number(announced)), qPrintable(error.message()));
        QCOMPARE(error.details().value(u"limit"_s).toLongLong(), limit);
        QCOMPARE(error.details().value(u"size"_s).toLongLong(), announced);
        QVERIFY(files().isEmpty());
    }

    void tooLargeStreaming_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("close-delimited") << u"/close-delimited.bin"_s;
        QTest::newRow("chunked") << u"/chunked.bin"_s;
    }
    void tooLargeStreaming()
    {
        QFETCH(QString, path);
        DownloadOptions options;
        options.maxBytes = 64 * 1024;
        Downloader downloader(dir(), options);
        DownloadJob *job = fetch(downloader, m_server.url(path));
        QVERIFY(waitFinished(job));
        const Error error = job->result().error();
        QCOMPARE(error.code(), ErrorCode::DownloadTooLarge);
        QVERIFY2(error.message().contains(u"65536"_s), qPrintable(error.message()));
        QVERIFY(job->bytesReceived() <= 64 * 1024);
        QVERIFY(files().isEmpty()); // the partial file of an oversized body is useless
    }

    void overallTimeout()
    {
        DownloadOptions options;
        options.timeoutMs = 300;
        options.stallTimeoutMs = 5000;
        Downloader downloader(dir(), options);
        QElapsedTimer clock;
        clock.start();
        DownloadJob *job = fetch(downloader, m_server.url(u"/endless.bin"_s));
        QVERIFY(waitFinished(job));
        const Error error = job->result().error();
        QCOMPARE(error.code(), ErrorCode::Timeout);
        QCOMPARE(error.details().value(u"kind"_s).toString(), u"overall"_s);
        QVERIFY2(error.message().contains(u"300 ms"_s), qPrintable(error.message()));
        QVERIFY(clock.elapsed() < 3000);
        QVERIFY(job->bytesReceived() > 0); // it was moving, just too slowly
    }

    void stallTimeout()
    {
        DownloadOptions options;
        options.timeoutMs = 5000;
        options.stallTimeoutMs = 300;
        Downloader downloader(dir(), options);
        QElapsedTimer clock;
        clock.start();
        DownloadJob *job = fetch(downloader, m_server.url(u"/stall.bin"_s));
        QVERIFY(waitFinished(job));
        const Error error = job->result().error();
        QCOMPARE(error.code(), ErrorCode::Timeout);
        QCOMPARE(error.details().value(u"kind"_s).toString(), u"stall"_s);
        QVERIFY(clock.elapsed() < 3000);
    }

    void verifierRejects()
    {
        Downloader downloader(dir());
        downloader.setVerifier(magicVerifier);
        DownloadJob *job = fetch(downloader, m_server.url(u"/wrong.mp4"_s));
        QVERIFY(waitFinished(job));
        QCOMPARE(job->state(), DownloadJob::State::Failed);
        const Error error = job->result().error();
        QCOMPARE(error.code(), ErrorCode::MediaUnsupported); // the verifier's error
        QVERIFY2(error.message().contains(u"not a media file"_s), qPrintable(error.message()));
        QVERIFY(files().isEmpty()); // rejected file deleted
    }

    void concurrentFetchesShareOneTransfer()
    {
        Downloader downloader(dir());
        downloader.setVerifier(magicVerifier);
        const QUrl url = m_server.url(u"/slow.bin"_s);
        QList<DownloadJob *> jobs;
        for (int i = 0; i < 10; ++i)
            jobs.append(fetch(downloader, url));
        QCOMPARE(downloader.activeTransfers(), 1);
        for (DownloadJob *job : std::as_const(jobs))
            QVERIFY(waitFinished(job));
        QCOMPARE(m_server.requestCount("/slow.bin"), 1);
        const QString file = *jobs.first()->result();
        for (DownloadJob *job : std::as_const(jobs)) {
            QCOMPARE(job->state(), DownloadJob::State::Succeeded);
            QCOMPARE(*job->result(), file);
        }
        QVERIFY(readFile(file) == m_slowBody);
        QCOMPARE(downloader.activeTransfers(), 0);
    }

    void cancelByOneRequester()
    {
        Downloader downloader(dir());
        const QUrl url = m_server.url(u"/slow.bin"_s);
        QElapsedTimer clock;
        clock.start();
        DownloadJob *first = fetch(downloader, url);
        DownloadJob *second = fetch(downloader, url);
        ProgressLog progress(second);
        QSignalSpy firstFinished(first, &DownloadJob::finished);
        QSignalSpy started(first, &DownloadJob::progress);
        QVERIFY(started.wait(5000));

        first->cancel();
        QCOMPARE(firstFinished.size(), 1); // at once
        QCOMPARE(first->state(), DownloadJob::State::Cancelled);
        QCOMPARE(first->result().error().code(), ErrorCode::Cancelled);
        QCOMPARE(downloader.activeTransfers(), 1);

        QVERIFY(waitFinished(second));
        QCOMPARE(second->state(), DownloadJob::State::Succeeded);
        QVERIFY(readFile(*second->result()) == m_slowBody);
        QVERIFY(progress.monotonic());
        QCOMPARE(progress.entries.last().received, SlowSize);
        QCOMPARE(firstFinished.size(), 1);
        QCOMPARE(m_server.requestCount("/slow.bin"), 1);
        // 16 chunks in ~0.4 s: the throttle allows ~10 reports a second plus the final one.
        const qint64 allowed = clock.elapsed() / 100 + 2;
        QVERIFY2(progress.entries.size() <= allowed,
                 qPrintable(u"%1 progress reports in %2 ms"_s.arg(progress.entries.size())
                                .arg(clock.elapsed())));
    }

    void cancelByEveryRequester()
    {
        QFile keep(QDir(dir()).filePath(u"keep.txt"_s));
        QVERIFY(keep.open(QIODevice::WriteOnly));
        keep.write("unrelated");
        keep.close();

        Downloader downloader(dir());
        DownloadJob *earlier = fetch(downloader, m_server.url(u"/file.bin"_s));
        QVERIFY(waitFinished(earlier));
        const QString earlierFile = *earlier->result();

        const QUrl url = m_server.url(u"/slow.bin"_s);
        DownloadJob *first = fetch(downloader, url);
        DownloadJob *second = fetch(downloader, url);
        QTRY_VERIFY_WITH_TIMEOUT(first->bytesReceived() >= 8192, 5000);
        first->cancel();
        QCOMPARE(downloader.activeTransfers(), 1);
        second->cancel();
        QCOMPARE(downloader.activeTransfers(), 0);
        for (DownloadJob *job : {first, second}) {
            QCOMPARE(job->state(), DownloadJob::State::Cancelled);
            QCOMPARE(job->result().error().code(), ErrorCode::Cancelled);
        }

        // Nothing else touched; the partial body stays for a resume.
        QVERIFY(readFile(keep.fileName()) == "unrelated");
        QVERIFY(readFile(earlierFile) == m_fileBody);
        const qint64 partSize = QFileInfo(partPathFor(url)).size();
        QVERIFY(partSize >= 8192);
        QCOMPARE(files().size(), 4); // keep.txt, the earlier file, the .part and its .part.meta
        QVERIFY(QFile::exists(partPathFor(url) + u".meta"_s));

        // ... and the next fetch continues where the cancelled one stopped.
        DownloadJob *again = fetch(downloader, url);
        QVERIFY(waitFinished(again));
        QVERIFY2(again->result(), why(again->result()));
        QVERIFY(readFile(*again->result()) == m_slowBody);
        const QList<FaultServer::Request> requests = m_server.requests("/slow.bin");
        QVERIFY(!requests.first().headers.contains("range"));
        QCOMPARE(rangeHeaders(requests),
                 QList<QByteArray>{"bytes=" + QByteArray::number(partSize) + '-'});
        QCOMPARE(requests.last().headers.value("if-range"), QByteArray("\"s1\""));
    }

    void resumeAfterDrop()
    {
        Downloader downloader(dir());
        const QUrl url = m_server.url(u"/resume.bin"_s);
        DownloadJob *first = fetch(downloader, url);
        QVERIFY(waitFinished(first));
        QCOMPARE(first->result().error().code(), ErrorCode::DownloadFailed);
        QCOMPARE(QFileInfo(partPathFor(url)).size(), 100000);

        DownloadJob *second = fetch(downloader, url);
        ProgressLog progress(second);
        QVERIFY(waitFinished(second));
        QVERIFY2(second->result(), why(second->result()));
        QVERIFY(readFile(*second->result()) == m_fileBody);
        const QList<FaultServer::Request> requests = m_server.requests("/resume.bin");
        QVERIFY(!requests.first().headers.contains("range"));
        QCOMPARE(rangeHeaders(requests), QList<QByteArray>{"bytes=100000-"});
        QVERIFY(!progress.entries.isEmpty());
        QVERIFY(progress.entries.first().received >= 100000); // counts what was already there
        QCOMPARE(progress.entries.last().received, FileSize);
        QVERIFY(!QFile::exists(partPathFor(url)));
        QVERIFY(!QFile::exists(partPathFor(url) + u".meta"_s));
        QCOMPARE(requests.last().headers.value("if-range"), QByteArray("\"r1\""));
    }

    void resumeOfAChangedResourceStartsAgain()
    {
        // The first attempt stops at 100000 bytes of version 1; then the resource changes. The
        // resume asks "the rest if it is still r1" (If-Range) and gets all of version 2.
        FaultServer::Route v1;
        v1.mode = FaultServer::Mode::ResumeAfterDrop;
        v1.body = m_fileBody;
        v1.cutAt = 100000;
        v1.etag = "\"v1\"";
        m_server.setRoute("/changing.bin", v1);
        Downloader downloader(dir());
        const QUrl url = m_server.url(u"/changing.bin"_s);
        DownloadJob *first = fetch(downloader, url);
        QVERIFY(waitFinished(first));
        QCOMPARE(QFileInfo(partPathFor(url)).size(), 100000);

        FaultServer::Route v2;
        v2.body = makeBody(200000);
        v2.body[50] = 'X';
        v2.etag = "\"v2\"";
        m_server.setRoute("/changing.bin", v2);
        DownloadJob *second = fetch(downloader, url);
        QVERIFY(waitFinished(second));
        QVERIFY2(second->result(), why(second->result()));
        QVERIFY(readFile(*second->result()) == v2.body); // not v1's prefix + v2's tail
        const FaultServer::Request resumed = m_server.requests("/changing.bin").last();
        QCOMPARE(resumed.headers.value("range"), QByteArray("bytes=100000-"));
        QCOMPARE(resumed.headers.value("if-range"), QByteArray("\"v1\""));
    }

    void noValidatorNoResume()
    {
        // Without ETag or Last-Modified nothing says the rest belongs to the same version.
        Downloader downloader(dir());
        const QUrl url = m_server.url(u"/novalidator.bin"_s);
        DownloadJob *first = fetch(downloader, url);
        QVERIFY(waitFinished(first));
        QCOMPARE(QFileInfo(partPathFor(url)).size(), 100000);
        QVERIFY(!QFile::exists(partPathFor(url) + u".meta"_s));
        m_server.clearRequests();
        DownloadJob *second = fetch(downloader, url);
        QVERIFY(waitFinished(second));
        QCOMPARE(second->result().error().code(), ErrorCode::DownloadFailed); // cut again
        QVERIFY(rangeHeaders(m_server.requests("/novalidator.bin")).isEmpty());
        QCOMPARE(QFileInfo(partPathFor(url)).size(), 100000); // from 0, not appended to
    }

    void shortRangesAreCompleted()
    {
        // Every 206 carries at most 60000 bytes ("bytes 100000-159999/307200"): the download asks
        // for the rest until all 307200 bytes are there, never reporting success before.
        Downloader downloader(dir());
        const QUrl url = m_server.url(u"/pieces.bin"_s);
        DownloadJob *first = fetch(downloader, url);
        QVERIFY(waitFinished(first));
        QCOMPARE(QFileInfo(partPathFor(url)).size(), 100000);
        DownloadJob *second = fetch(downloader, url);
        QVERIFY(waitFinished(second));
        QVERIFY2(second->result(), why(second->result()));
        QVERIFY(readFile(*second->result()) == m_fileBody);
        const QList<FaultServer::Request> requests = m_server.requests("/pieces.bin");
        QCOMPARE(rangeHeaders(requests), (QList<QByteArray>{"bytes=100000-", "bytes=160000-",
                                                            "bytes=220000-", "bytes=280000-"}));
        QCOMPARE(requests.last().headers.value("if-range"),
                 QByteArray("Wed, 21 Oct 2015 07:28:00 GMT"));
    }

    void restartWhenRangeIgnored()
    {
        const QUrl url = m_server.url(u"/norange.bin"_s);
        QFile part(partPathFor(url));
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.write(QByteArray(1000, 'x')); // stale bytes that must not end up in the file
        part.close();
        QFile meta(partPathFor(url) + u".meta"_s); // as an earlier attempt left it
        QVERIFY(meta.open(QIODevice::WriteOnly));
        meta.write(QJsonDocument(QJsonObject{{u"etag"_s, u"\"n1\""_s}}).toJson());
        meta.close();

        Downloader downloader(dir());
        DownloadJob *job = fetch(downloader, url);
        QVERIFY(waitFinished(job));
        QVERIFY2(job->result(), why(job->result()));
        QVERIFY(readFile(*job->result()) == m_fileBody);
        QCOMPARE(m_server.requests("/norange.bin").first().headers.value("range"),
                 QByteArray("bytes=1000-"));
    }

    void deletingTheLastJobCancels()
    {
        Downloader downloader(dir());
        DownloadJob *job = fetch(downloader, m_server.url(u"/endless.bin"_s));
        QCOMPARE(downloader.activeTransfers(), 1);
        delete job;
        QCOMPARE(downloader.activeTransfers(), 0);
    }

    void verifierRunsOffTheMainThread()
    {
        Downloader downloader(dir());
        auto verifierThread = std::make_shared<std::atomic<QThread *>>(nullptr);
        downloader.setVerifier([verifierThread](const QString &file) {
            verifierThread->store(QThread::currentThread());
            return magicVerifier(file);
        });
        DownloadJob *job = fetch(downloader, m_server.url(u"/file.bin"_s));
        QVERIFY(waitFinished(job));
        QCOMPARE(job->state(), DownloadJob::State::Succeeded);
        QVERIFY(verifierThread->load() != nullptr);
        QVERIFY(verifierThread->load() != QThread::currentThread());
    }

    void destroyingTheDownloaderCancels()
    {
        QObject holder;
        QPointer<DownloadJob> job;
        {
            Downloader downloader(dir());
            job = fetch(downloader, m_server.url(u"/endless.bin"_s));
            job->setParent(&holder); // outlives the downloader
            QTRY_VERIFY_WITH_TIMEOUT(job->bytesReceived() > 0, 5000);
        }
        QVERIFY(job);
        QCOMPARE(job->state(), DownloadJob::State::Cancelled);
        QCOMPARE(job->result().error().code(), ErrorCode::Cancelled);
        job->cancel(); // harmless once finished
    }

    void logsOneLineWithoutQuery()
    {
        // One info line per finished transfer, with the URL stripped of its query (tokens).
        const auto logger = Log::get(Log::Media);
        std::ostringstream captured;
        const auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
        const spdlog::level::level_enum previousLevel = logger->level();
        logger->sinks().push_back(sink);
        logger->set_level(spdlog::level::info);
        {
            Downloader downloader(dir());
            DownloadJob *ok = fetch(downloader, m_server.url(u"/file.bin?token=SECRET1"_s));
            DownloadJob *missing = fetch(downloader, m_server.url(u"/missing?token=SECRET2"_s));
            QVERIFY(waitFinished(ok));
            QVERIFY(waitFinished(missing));
        }
        logger->sinks().pop_back();
        logger->set_level(previousLevel);

        const QString text = QString::fromStdString(captured.str());
        QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY2(!text.contains(u"SECRET"_s), qPrintable(text));
        if (!lines.at(0).contains(u"/file.bin"_s))
            lines.swapItemsAt(0, 1); // the two transfers may finish in either order
        QVERIFY2(lines.at(0).contains(u"/file.bin: ok, %1 bytes in"_s.arg(FileSize)),
                 qPrintable(lines.at(0)));
        QVERIFY2(lines.at(1).contains(u"/missing: failed"_s), qPrintable(lines.at(1)));
    }

    void redactedUrl_data()
    {
        QTest::addColumn<QUrl>("url");
        QTest::addColumn<QString>("expected");
        QTest::newRow("query") << QUrl(u"https://cdn.example/v.mp4?sig=abc&exp=1"_s)
                               << u"https://cdn.example/v.mp4"_s;
        QTest::newRow("user info") << QUrl(u"http://user:pw@host/a#frag"_s) << u"http://host/a"_s;
    }
    void redactedUrl()
    {
        QFETCH(QUrl, url);
        QFETCH(QString, expected);
        QCOMPARE(Downloader::redactedUrl(url), expected);
    }

    void cleanupTestCase() { m_dir.reset(); }
};

QTEST_GUILESS_MAIN(tst_Downloader)
#include "tst_downloader.moc"
