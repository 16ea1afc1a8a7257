#include "core/support/settings.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

class tst_Settings : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void defaults();
    void validation_data();
    void validation();
    void persistsAcrossInstances();
    void signalsOnlyOnRealChanges();
    void invalidStoredValuesFallBackToDefaults();
    void malformedFileIsKeptAndDefaultsUsed();
    void unwritableFileChangesNothing();
    void genericAccessByName();
    void resetRestoresDefault();

private:
    Settings::Options options() const
    {
        return {m_dir->filePath(u"settings.ini"_s), m_dir->path()};
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Settings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_Settings::defaults()
{
    Settings settings(options());
    QVERIFY(settings.loadWarnings().isEmpty());
    QCOMPARE(settings.apiListenAddress().toString(), u"127.0.0.1:9001"_s);
    QCOMPARE(settings.language(), u"system"_s);
    QCOMPARE(settings.logLevel(), u"info"_s);
    QCOMPARE(settings.editorProfile(), u"auto"_s);
    QVERIFY(settings.editorExecutable().isEmpty());
    QVERIFY(!settings.startMinimized());
    QVERIFY(!settings.requireTokenEverywhere());
    QVERIFY(settings.allowedFolders().isEmpty());
    QCOMPARE(settings.compatNamespace(), u"auto"_s);
    QCOMPARE(settings.compatUnknownDraftId(), u"create"_s);
    QCOMPARE(settings.compatEffectParamsOrder(), u"reversed"_s);
    QVERIFY(QDir::isAbsolutePath(settings.draftsFolder()));
#if defined(Q_OS_LINUX)
    QCOMPARE(settings.draftsFolder(), m_dir->filePath(u"editor-drafts"_s));
#endif
    QCOMPARE(Settings::defaultFilePath(m_dir->path()), m_dir->filePath(u"settings.ini"_s));
    QVERIFY(Settings::knownEditorProfiles().contains(u"jy10-win"_s));
    QCOMPARE(Settings::knownEditorProfiles().first(), u"auto"_s);
    // Nothing is written until something changes.
    QVERIFY(!QFile::exists(m_dir->filePath(u"settings.ini"_s)));
}

void tst_Settings::validation_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<int>("expectedCode"); // 0 = accepted
    QTest::addColumn<QVariant>("stored");  // normalized value when accepted

    const int invalid = int(ErrorCode::InvalidArgument);
    const QString file = QDir::temp().filePath(u"cutpilot-settings-test-file"_s);

    QTest::newRow("drafts absolute")
        << u"draftsFolder"_s << QVariant(u"/tmp/a/../drafts"_s) << 0 << QVariant(u"/tmp/drafts"_s);
    QTest::newRow("drafts relative")
        << u"draftsFolder"_s << QVariant(u"drafts"_s) << invalid << QVariant();
    QTest::newRow("drafts empty") << u"draftsFolder"_s << QVariant(u"  "_s) << invalid
                                  << QVariant();
    QTest::newRow("drafts is a file")
        << u"draftsFolder"_s << QVariant(file) << invalid << QVariant();

    QTest::newRow("editor empty = detect")
        << u"editorExecutable"_s << QVariant(u""_s) << 0 << QVariant(QString());
    QTest::newRow("editor absolute") << u"editorExecutable"_s << QVariant(u"/opt/jy/JianyingPro"_s)
                                     << 0 << QVariant(u"/opt/jy/JianyingPro"_s);
    QTest::newRow("editor relative")
        << u"editorExecutable"_s << QVariant(u"JianyingPro.exe"_s) << invalid << QVariant();
    QTest::newRow("editor is a folder")
        << u"editorExecutable"_s << QVariant(QDir::tempPath()) << invalid << QVariant();

    QTest::newRow("profile known")
        << u"editorProfile"_s << QVariant(u"jy10-win"_s) << 0 << QVariant(u"jy10-win"_s);
    QTest::newRow("profile jy9") << u"editorProfile"_s << QVariant(u"jy9-win"_s) << 0
                                 << QVariant(u"jy9-win"_s);
    QTest::newRow("profile unknown")
        << u"editorProfile"_s << QVariant(u"jy99"_s) << invalid << QVariant();

    QTest::newRow("listen ok") << u"apiListenAddress"_s << QVariant(u"127.0.0.1:9100"_s) << 0
                               << QVariant(u"127.0.0.1:9100"_s);
    QTest::newRow("listen port 0") << u"apiListenAddress"_s << QVariant(u"127.0.0.1:0"_s)
                                   << int(ErrorCode::OutOfRange) << QVariant();
    QTest::newRow("listen garbage")
        << u"apiListenAddress"_s << QVariant(u"nonsense"_s) << invalid << QVariant();

    QTest::newRow("language zh") << u"language"_s << QVariant(u"zh_CN"_s) << 0
                                 << QVariant(u"zh_CN"_s);
    QTest::newRow("language fr") << u"language"_s << QVariant(u"fr"_s) << invalid << QVariant();

    QTest::newRow("log level warning")
        << u"logLevel"_s << QVariant(u"WARNING"_s) << 0 << QVariant(u"warn"_s);
    QTest::newRow("log level bad") << u"logLevel"_s << QVariant(u"loud"_s) << invalid << QVariant();

    QTest::newRow("minimized bool") << u"startMinimized"_s << QVariant(true) << 0 << QVariant(true);
    QTest::newRow("minimized text")
        << u"startMinimized"_s << QVariant(u"yes"_s) << 0 << QVariant(true);
    QTest::newRow("minimized bad")
        << u"startMinimized"_s << QVariant(u"maybe"_s) << invalid << QVariant();

    QTest::newRow("allowed folders dedupe")
        << u"allowedFolders"_s << QVariant(QStringList{u"/srv/media"_s, u"/srv/media/"_s}) << 0
        << QVariant(QStringList{u"/srv/media"_s});
    QTest::newRow("allowed folders relative")
        << u"allowedFolders"_s << QVariant(QStringList{u"/srv"_s, u"media"_s}) << invalid
        << QVariant();

    const int range = int(ErrorCode::OutOfRange);
    QTest::newRow("download limit 100 MiB")
        << u"downloadMaxBytes"_s << QVariant(u"104857600"_s) << 0 << QVariant(qint64(104857600));
    QTest::newRow("download limit too small")
        << u"downloadMaxBytes"_s << QVariant(qint64(1000)) << range << QVariant();
    QTest::newRow("download limit text")
        << u"downloadMaxBytes"_s << QVariant(u"lots"_s) << invalid << QVariant();
    QTest::newRow("cache 1 GiB") << u"mediaCacheMaxBytes"_s << QVariant(qint64(1) << 30) << 0
                                 << QVariant(qint64(1) << 30);
    QTest::newRow("compat namespace capcut")
        << u"compat.namespace"_s << QVariant(u" CapCut "_s) << 0 << QVariant(u"capcut"_s);
    QTest::newRow("compat namespace bad")
        << u"compat.namespace"_s << QVariant(u"douyin"_s) << invalid << QVariant();
    QTest::newRow("compat unknown id error")
        << u"compat.unknown_draft_id"_s << QVariant(u"error"_s) << 0 << QVariant(u"error"_s);
    QTest::newRow("compat unknown id bad")
        << u"compat.unknown_draft_id"_s << QVariant(u"ignore"_s) << invalid << QVariant();
    QTest::newRow("compat params catalog")
        << u"compat.effect_params_order"_s << QVariant(u"catalog"_s) << 0 << QVariant(u"catalog"_s);
    QTest::newRow("compat params bad")
        << u"compat.effect_params_order"_s << QVariant(true) << invalid << QVariant();
    QTest::newRow("cache negative")
        << u"mediaCacheMaxBytes"_s << QVariant(qint64(-1)) << range << QVariant();
}

void tst_Settings::validation()
{
    QFETCH(QString, key);
    QFETCH(QVariant, value);
    QFETCH(int, expectedCode);
    QFETCH(QVariant, stored);

    QFile file(QDir::temp().filePath(u"cutpilot-settings-test-file"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    Settings settings(options());
    const Settings::Key k = *Settings::keyFromName(key);
    const QVariant before = settings.value(k);
    QSignalSpy spy(&settings, &Settings::changed);

    const Result<> result = settings.setValue(k, value);
    if (expectedCode == 0) {
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message()));
        QCOMPARE(settings.value(k), stored);
    } else {
        QVERIFY(!result);
        QCOMPARE(int(result.error().code()), expectedCode);
        QCOMPARE(result.error().field(), key); // the error names the setting
        QCOMPARE(settings.value(k), before);   // a failed set changes nothing
        QCOMPARE(spy.count(), 0);
    }
    file.remove();
}

void tst_Settings::persistsAcrossInstances()
{
    {
        Settings settings(options());
        QVERIFY(settings.setLanguage(u"zh_CN"_s));
        QVERIFY(settings.setApiListenAddress(*ListenAddress::parse(u"127.0.0.1:9555"_s)));
        QVERIFY(settings.setAllowedFolders({u"/data/a"_s, u"/data/b, with comma"_s}));
        QVERIFY(settings.setStartMinimized(true));
    }
    Settings reloaded(options());
    QVERIFY(reloaded.loadWarnings().isEmpty());
    QCOMPARE(reloaded.language(), u"zh_CN"_s);
    QCOMPARE(reloaded.apiListenAddress().port(), quint16(9555));
    QCOMPARE(reloaded.allowedFolders(), (QStringList{u"/data/a"_s, u"/data/b, with comma"_s}));
    QVERIFY(reloaded.startMinimized());
}

void tst_Settings::signalsOnlyOnRealChanges()
{
    Settings settings(options());
    QSignalSpy any(&settings, &Settings::changed);
    QSignalSpy language(&settings, &Settings::languageChanged);
    QSignalSpy address(&settings, &Settings::apiListenAddressChanged);

    QVERIFY(settings.setLanguage(u"en"_s));
    QCOMPARE(language.count(), 1);
    QCOMPARE(language.at(0).at(0).toString(), u"en"_s);
    QVERIFY(settings.setLanguage(u"en"_s)); // same value: no signal
    QCOMPARE(language.count(), 1);
    QVERIFY(!settings.setLanguage(u"xx"_s));
    QCOMPARE(language.count(), 1);

    QVERIFY(settings.setApiListenAddress(*ListenAddress::parse(u"[::1]:9002"_s)));
    QCOMPARE(address.count(), 1);
    QCOMPARE(address.at(0).at(0).value<ListenAddress>().toString(), u"[::1]:9002"_s);
    QCOMPARE(any.count(), 2);
    QCOMPARE(any.at(0).at(0).value<Settings::Key>(), Settings::Key::Language);
}

void tst_Settings::invalidStoredValuesFallBackToDefaults()
{
    QFile file(m_dir->filePath(u"settings.ini"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[api]\nlisten=999.1.1.1:80\n[ui]\nlanguage=klingon\nstartMinimized=true\n"
               "[log]\nlevel=debug\n");
    file.close();

    Settings settings(options());
    QCOMPARE(settings.apiListenAddress(), ListenAddress::defaultAddress());
    QCOMPARE(settings.language(), u"system"_s);
    QVERIFY(settings.startMinimized()); // valid values next to broken ones are kept
    QCOMPARE(settings.logLevel(), u"debug"_s);
    const QStringList warnings = settings.loadWarnings();
    QCOMPARE(warnings.size(), 2);
    QVERIFY(warnings.join(u'\n').contains(u"apiListenAddress"_s));
    QVERIFY(warnings.join(u'\n').contains(u"klingon"_s));
}

void tst_Settings::malformedFileIsKeptAndDefaultsUsed()
{
    QFile file(m_dir->filePath(u"settings.ini"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[ui\nlanguage=zh_CN\n");
    file.close();

    Settings settings(options());
    if (settings.loadWarnings().isEmpty())
        QSKIP("this Qt version's INI reader accepts the malformed section header");
    QVERIFY(settings.loadWarnings().first().contains(u"malformed"_s));
    const QStringList copies = QDir(m_dir->path()).entryList({u"settings.ini.corrupt-*"_s});
    QCOMPARE(copies.size(), 1);
}

void tst_Settings::unwritableFileChangesNothing()
{
    // A settings path below a regular file can never be created (even as root).
    QFile blocker(m_dir->filePath(u"blocker"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    Settings settings({m_dir->filePath(u"blocker/settings.ini"_s), m_dir->path()});
    QSignalSpy spy(&settings, &Settings::changed);

    const Result<> result = settings.setLanguage(u"en"_s);
    QVERIFY(!result);
    QCOMPARE(result.error().code(), ErrorCode::IoError);
    QCOMPARE(result.error().field(), u"language"_s);
    QCOMPARE(settings.language(), u"system"_s);
    QCOMPARE(spy.count(), 0);
}

void tst_Settings::genericAccessByName()
{
    Settings settings(options());
    QCOMPARE(Settings::keyName(Settings::Key::ApiListenAddress), u"apiListenAddress"_s);
    QVERIFY(!Settings::keyFromName(u"noSuchKey"_s));
    QCOMPARE(Settings::keyFromName(u"noSuchKey"_s).error().code(), ErrorCode::InvalidArgument);
    const Result<QVariant> valid = settings.validate(Settings::Key::LogLevel, u"ERROR"_s);
    QCOMPARE(valid->toString(), u"error"_s);
    QCOMPARE(settings.logLevel(), u"info"_s); // validate() stores nothing
}

void tst_Settings::resetRestoresDefault()
{
    Settings settings(options());
    QVERIFY(settings.setEditorProfile(u"cc-win"_s));
    QVERIFY(settings.reset(Settings::Key::EditorProfile));
    QCOMPARE(settings.editorProfile(), u"auto"_s);
    Settings reloaded(options());
    QCOMPARE(reloaded.editorProfile(), u"auto"_s);
}

QTEST_GUILESS_MAIN(tst_Settings)
#include "tst_settings.moc"
