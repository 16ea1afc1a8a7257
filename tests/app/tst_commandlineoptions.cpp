#include "app/commandlineoptions.h"

#include <QTest>

using namespace CutPilot;
using namespace CutPilot::App;
using namespace Qt::StringLiterals;

class tst_CommandLineOptions : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void valid_data();
    void valid();
    void rejected_data();
    void rejected();
    void allowDirIsRepeatable();
    void helpAndVersion();
};

void tst_CommandLineOptions::defaults()
{
    const auto options = CommandLineOptions::parse({u"cutpilot"_s});
    QVERIFY(options);
    QCOMPARE(options->action, CommandLineOptions::Action::Run);
    QVERIFY(!options->headless);
    QVERIFY(!options->listen.has_value());
    QVERIFY(options->dataDir.isEmpty());
    QVERIFY(options->logLevel.isEmpty());
}

void tst_CommandLineOptions::valid_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("headless");
    QTest::addColumn<QString>("listen");
    QTest::addColumn<QString>("dataDir");
    QTest::addColumn<QString>("logLevel");

    QTest::newRow("headless") << QStringList{u"--headless"_s} << true << QString() << QString()
                              << QString();
    QTest::newRow("all") << QStringList{u"--headless"_s, u"--listen"_s, u"127.0.0.1:9100"_s,
                                        u"--data-dir"_s, u"/tmp/cp"_s,  u"--log-level"_s,
                                        u"Warning"_s}
                         << true << u"127.0.0.1:9100"_s << u"/tmp/cp"_s << u"warn"_s;
    QTest::newRow("equals syntax") << QStringList{u"--listen=[::1]:0"_s, u"--data-dir=rel/dir"_s}
                                   << false << u"[::1]:0"_s << u"rel/dir"_s << QString();
    QTest::newRow("single dash long")
        << QStringList{u"-headless"_s} << true << QString() << QString() << QString();
}

void tst_CommandLineOptions::valid()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, headless);
    QFETCH(QString, listen);
    QFETCH(QString, dataDir);
    QFETCH(QString, logLevel);

    arguments.prepend(u"cutpilot"_s);
    const auto options = CommandLineOptions::parse(arguments);
    QVERIFY2(options, qPrintable(options ? QString() : options.error().message()));
    QCOMPARE(options->headless, headless);
    QCOMPARE(options->listen ? options->listen->toString() : QString(), listen);
    QCOMPARE(options->dataDir, dataDir);
    QCOMPARE(options->logLevel, logLevel);
}

void tst_CommandLineOptions::rejected_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("messagePart"); // the message must say what is wrong

    QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s} << u"frobnicate"_s;
    QTest::newRow("listen missing value") << QStringList{u"--listen"_s} << u"listen"_s;
    QTest::newRow("listen no port") << QStringList{u"--listen"_s, u"127.0.0.1"_s}
                                    << u"--listen: '127.0.0.1' is not ADDR:PORT"_s;
    QTest::newRow("listen port range")
        << QStringList{u"--listen"_s, u"127.0.0.1:70000"_s} << u"allowed range is 0..65535"_s;
    QTest::newRow("listen host name")
        << QStringList{u"--listen=example.org:80"_s} << u"not an IP address"_s;
    QTest::newRow("empty data dir") << QStringList{u"--data-dir="_s} << u"data-dir"_s;
    QTest::newRow("bad log level") << QStringList{u"--log-level"_s, u"chatty"_s}
                                   << u"--log-level: 'chatty' is not a log level"_s;
    QTest::newRow("positional") << QStringList{u"draft.json"_s} << u"unexpected argument"_s;
    QTest::newRow("relative allow-dir") << QStringList{u"--allow-dir"_s, u"media"_s}
                                        << u"--allow-dir: 'media' is not an absolute path"_s;
}

void tst_CommandLineOptions::rejected()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, messagePart);
    arguments.prepend(u"cutpilot"_s);
    const auto options = CommandLineOptions::parse(arguments);
    QVERIFY(!options);
    QVERIFY2(options.error().message().contains(messagePart),
             qPrintable(options.error().message()));
}

void tst_CommandLineOptions::allowDirIsRepeatable()
{
    const auto options = CommandLineOptions::parse(
        {u"cutpilot"_s, u"--allow-dir"_s, u"/srv/media/"_s, u"--allow-dir=/home/u/Videos"_s});
    QVERIFY(options);
    QCOMPARE(options->allowedDirs, (QStringList{u"/srv/media"_s, u"/home/u/Videos"_s}));
}

void tst_CommandLineOptions::helpAndVersion()
{
    const auto help = CommandLineOptions::parse({u"cutpilot"_s, u"--help"_s});
    QVERIFY(help);
    QCOMPARE(help->action, CommandLineOptions::Action::ShowHelp);
    for (const QString &option : {u"--headless"_s, u"--listen"_s, u"--data-dir"_s, u"--version"_s})
        QVERIFY2(help->text.contains(option), qPrintable(option));

    const auto version = CommandLineOptions::parse({u"cutpilot"_s, u"--version"_s});
    QVERIFY(version);
    QCOMPARE(version->action, CommandLineOptions::Action::ShowVersion);
    QVERIFY(version->text.startsWith(u"CutPilot "_s));
}

QTEST_GUILESS_MAIN(tst_CommandLineOptions)
#include "tst_commandlineoptions.moc"
