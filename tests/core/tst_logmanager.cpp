#include "core/support/log.h"
#include "core/support/logmanager.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <unistd.h>
#endif

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcProbe, "cutpilot.media.probe")
Q_LOGGING_CATEGORY(lcForeign, "qt.network.ssl")

namespace {

QString readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

class tst_LogManager : public QObject
{
    Q_OBJECT

private slots:
    void parseLevel_data();
    void parseLevel();
    void resolveLevel_data();
    void resolveLevel();
    void writesModuleLoggersToTheFile();
    void accessLinesSkipTheConsole();
    void levelFilters();
    void rotates();
    void bridgesQtMessages();
    void worksWithoutAManager();
    void unusableFolderIsAnError();

private:
    std::unique_ptr<LogManager> create(const QString &dir, spdlog::level::level_enum level,
                                       std::size_t maxSize = 1024 * 1024, std::size_t files = 3)
    {
        LogOptions options;
        options.directory = dir;
        options.level = level;
        options.maxFileSize = maxSize;
        options.maxFiles = files;
        options.console = false;
        auto manager = LogManager::create(options);
        if (!manager)
            qFatal("LogManager::create failed: %s", qPrintable(manager.error().message()));
        return std::move(manager).value();
    }
};

void tst_LogManager::parseLevel_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("level"); // -1 = invalid
    QTest::newRow("trace") << u"trace"_s << int(spdlog::level::trace);
    QTest::newRow("debug upper") << u"DEBUG"_s << int(spdlog::level::debug);
    QTest::newRow("info spaced") << u" info "_s << int(spdlog::level::info);
    QTest::newRow("warn") << u"warn"_s << int(spdlog::level::warn);
    QTest::newRow("warning") << u"warning"_s << int(spdlog::level::warn);
    QTest::newRow("error") << u"error"_s << int(spdlog::level::err);
    QTest::newRow("critical") << u"critical"_s << int(spdlog::level::critical);
    QTest::newRow("off") << u"off"_s << int(spdlog::level::off);
    QTest::newRow("empty") << u""_s << -1;
    QTest::newRow("number") << u"3"_s << -1;
    QTest::newRow("verbose") << u"verbose"_s << -1;
}

void tst_LogManager::parseLevel()
{
    QFETCH(QString, name);
    QFETCH(int, level);
    const auto parsed = LogManager::parseLevel(name);
    if (level < 0) {
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code(), ErrorCode::InvalidArgument);
        QCOMPARE(parsed.error().field(), u"logLevel"_s);
    } else {
        QVERIFY(parsed);
        QCOMPARE(int(*parsed), level);
        QCOMPARE(LogManager::parseLevel(LogManager::levelName(*parsed)).value(), *parsed);
    }
}

void tst_LogManager::resolveLevel_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<int>("level");
    QTest::addColumn<int>("warnings");
    QTest::newRow("nothing") << QString() << QString() << int(spdlog::level::info) << 0;
    QTest::newRow("setting") << u"debug"_s << QString() << int(spdlog::level::debug) << 0;
    QTest::newRow("environment wins") << u"debug"_s << u"error"_s << int(spdlog::level::err) << 0;
    QTest::newRow("bad environment") << u"debug"_s << u"noisy"_s << int(spdlog::level::debug) << 1;
    QTest::newRow("both bad") << u"x"_s << u"y"_s << int(spdlog::level::info) << 2;
}

void tst_LogManager::resolveLevel()
{
    QFETCH(QString, setting);
    QFETCH(QString, environment);
    QFETCH(int, level);
    QFETCH(int, warnings);
    QStringList messages;
    QCOMPARE(int(LogManager::resolveLevel(setting, environment, &messages)), level);
    QCOMPARE(messages.size(), warnings);
    if (warnings > 0)
        QVERIFY(messages.first().contains(environment.isEmpty() ? setting : environment));
}

void tst_LogManager::writesModuleLoggersToTheFile()
{
    QTemporaryDir dir;
    auto manager = create(dir.filePath(u"logs"_s), spdlog::level::info);
    QCOMPARE(manager->filePath(), dir.filePath(u"logs/cutpilot.log"_s));
    Log::get(Log::Api)->info("request {} served", 42);
    Log::get(Log::Draft)->error("draft {} is corrupt", u"草稿"_s);
    manager->flush();

    const QString text = readAll(manager->filePath());
    QVERIFY2(text.contains(u"[api] [info]"_s), qPrintable(text));
    QVERIFY(text.contains(u"request 42 served"_s));
    QVERIFY(text.contains(u"[draft] [error]"_s));
    QVERIFY(text.contains(u"draft 草稿 is corrupt"_s)); // QString formats as UTF-8
}

void tst_LogManager::accessLinesSkipTheConsole()
{
    // One line per HTTP request goes to the file only: at thousands of requests a second a
    // console line each (written and flushed one by one) would cost more than the request.
#ifndef Q_OS_UNIX
    QSKIP("captures stderr with dup2 (POSIX)");
#else
    QTemporaryDir dir;
    const QString captured = dir.filePath(u"stderr.txt"_s);
    std::fflush(stderr);
    const int saved = ::dup(2);
    QVERIFY(saved >= 0);
    const int file = ::open(QFile::encodeName(captured).constData(), O_WRONLY | O_CREAT, 0600);
    QVERIFY(file >= 0);
    ::dup2(file, 2);
    ::close(file);
    QString fileText;
    {
        LogOptions options;
        options.directory = dir.filePath(u"logs"_s);
        options.console = true;
        options.captureQtMessages = false;
        auto manager = LogManager::create(options);
        QVERIFY(manager);
        Log::get(Log::Access)->info("#7 POST /create_draft -> 200");
        Log::get(Log::Api)->info("API listening on the test address");
        (*manager)->flush();
        fileText = readAll((*manager)->filePath());
    }
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    const QString consoleText = readAll(captured);
    QVERIFY2(fileText.contains(u"[access] [info]"_s), qPrintable(fileText));
    QVERIFY(fileText.contains(u"#7 POST /create_draft -> 200"_s));
    QVERIFY(fileText.contains(u"API listening on the test address"_s));
    QVERIFY2(consoleText.contains(u"API listening on the test address"_s), qPrintable(consoleText));
    QVERIFY2(!consoleText.contains(u"create_draft"_s), qPrintable(consoleText));
#endif
}

void tst_LogManager::levelFilters()
{
    QTemporaryDir dir;
    auto manager = create(dir.path(), spdlog::level::warn);
    Log::get(Log::Media)->info("quiet line");
    Log::get(Log::Media)->warn("loud line");
    manager->setLevel(spdlog::level::debug);
    QCOMPARE(manager->level(), spdlog::level::debug);
    Log::get(Log::Media)->debug("debug after level change");
    Log::get("brand-new-module")->debug("new logger follows the level");
    manager->flush();

    const QString text = readAll(manager->filePath());
    QVERIFY(!text.contains(u"quiet line"_s));
    QVERIFY(text.contains(u"loud line"_s));
    QVERIFY(text.contains(u"debug after level change"_s));
    QVERIFY(text.contains(u"new logger follows the level"_s));
}

void tst_LogManager::rotates()
{
    QTemporaryDir dir;
    const std::size_t maxSize = 4096;
    {
        auto manager = create(dir.path(), spdlog::level::info, maxSize, 2);
        const std::string payload(100, 'x');
        for (int i = 0; i < 400; ++i)
            Log::get(Log::Jobs)->info("line {} {}", i, payload);
        manager->flush();
    }
    const QDir logs(dir.path());
    QVERIFY(logs.exists(u"cutpilot.log"_s));
    QVERIFY(logs.exists(u"cutpilot.1.log"_s));
    QVERIFY(logs.exists(u"cutpilot.2.log"_s));
    QVERIFY(!logs.exists(u"cutpilot.3.log"_s)); // bounded: maxFiles rotated files
    for (const QString &name : logs.entryList({u"cutpilot*.log"_s})) {
        const qint64 size = QFileInfo(logs.filePath(name)).size();
        QVERIFY2(size <= qint64(maxSize), qPrintable(u"%1: %2 bytes"_s.arg(name).arg(size)));
    }
    // The newest lines are in the current file.
    QVERIFY(readAll(logs.filePath(u"cutpilot.log"_s)).contains(u"line 399 "_s));
}

void tst_LogManager::bridgesQtMessages()
{
    QTemporaryDir dir;
    auto manager = create(dir.path(), spdlog::level::debug);
    qCWarning(lcProbe) << "probe timed out";
    qCWarning(lcForeign) << "handshake failed";
    qInfo("plain qInfo line");
    manager->flush();

    const QString text = readAll(manager->filePath());
    const auto hasLine = [&text](const QString &pattern) {
        return QRegularExpression(pattern, QRegularExpression::MultilineOption)
            .match(text)
            .hasMatch();
    };
    QVERIFY2(hasLine(uR"(\[media\] \[warning\] \[t\d+\] probe timed out$)"_s), qPrintable(text));
    QVERIFY(hasLine(uR"(\[qt\] \[warning\] \[t\d+\] \[qt\.network\.ssl\] handshake failed$)"_s));
    QVERIFY(hasLine(uR"(\[qt\] \[info\] \[t\d+\] plain qInfo line$)"_s));
}

void tst_LogManager::worksWithoutAManager()
{
    // No LogManager alive: loggers exist and do not crash (they write warnings to stderr).
    auto logger = Log::get(Log::Editor);
    QVERIFY(logger);
    logger->debug("dropped");
    QCOMPARE(Log::get(Log::Editor).get(), logger.get());
}

void tst_LogManager::unusableFolderIsAnError()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(u"file"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    LogOptions options;
    options.directory = dir.filePath(u"file/logs"_s);
    options.console = false;
    const auto manager = LogManager::create(options);
    QVERIFY(!manager);
    QCOMPARE(manager.error().code(), ErrorCode::IoError);
    QVERIFY(manager.error().message().contains(u"file/logs"_s));
}

QTEST_GUILESS_MAIN(tst_LogManager)
#include "tst_logmanager.moc"
