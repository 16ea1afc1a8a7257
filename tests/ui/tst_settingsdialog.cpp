// The settings dialog against a real Settings file: typed input is validated field by field
// (the field is marked, OK is disabled), valid input is stored all at once, the API token can
// be shown, copied and regenerated (after a confirmation), and the editors' default drafts
// folders are listed per OS.
#include "core/support/apitokenstore.h"
#include "core/support/settings.h"
#include "ui/settingsdialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Ui;
using namespace Qt::StringLiterals;
using Platform = DraftFolderPlatform;

namespace {

void retype(QLineEdit *field, const QString &text)
{
    field->setFocus();
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(field, Qt::Key_Backspace);
    QTest::keyClicks(field, text);
}

bool isMarked(QWidget *field)
{
    return field->property("invalid").toBool();
}

} // namespace

class tst_SettingsDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void validationMarksFieldsAndDisablesOk_data();
    void validationMarksFieldsAndDisablesOk();
    void nonLoopbackWarns();
    void validValuesAreSaved();
    void nothingIsHalfApplied();
    void tokenShowCopyRegenerate();
    void draftFolderCandidates_data();
    void draftFolderCandidates();
    void detectedFolderFillsTheField();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Core::Settings> m_settings;
    std::unique_ptr<SettingsDialog> m_dialog;
    QPushButton *ok() const
    {
        return m_dialog->findChild<QDialogButtonBox *>(u"buttons"_s)->button(QDialogButtonBox::Ok);
    }
    QLineEdit *field(const QString &name) const { return m_dialog->findChild<QLineEdit *>(name); }
};

void tst_SettingsDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_settings = std::make_unique<Core::Settings>(
        Core::Settings::Options{Core::Settings::defaultFilePath(m_dir->path()), m_dir->path()});
    m_dialog = std::make_unique<SettingsDialog>(*m_settings, nullptr);
    m_dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
    QVERIFY(ok()->isEnabled());
    QVERIFY(m_dialog->isInputValid());
}

void tst_SettingsDialog::cleanup()
{
    m_dialog.reset();
    m_settings.reset();
    m_dir.reset();
}

void tst_SettingsDialog::validationMarksFieldsAndDisablesOk_data()
{
    QTest::addColumn<QString>("fieldName");
    QTest::addColumn<QString>("bad");
    QTest::addColumn<QString>("good");
    QTest::newRow("port too big") << u"apiPort"_s << u"70000"_s << u"9123"_s;
    QTest::newRow("port zero") << u"apiPort"_s << u"0"_s << u"1"_s;
    QTest::newRow("port text") << u"apiPort"_s << u"http"_s << u"65535"_s;
    QTest::newRow("port empty") << u"apiPort"_s << QString() << u"9001"_s;
    QTest::newRow("address") << u"apiAddress"_s << u"999.1.1.1"_s << u"127.0.0.1"_s;
    QTest::newRow("address name") << u"apiAddress"_s << u"example.com"_s << u"::1"_s;
    QTest::newRow("relative drafts folder") << u"draftsFolder"_s << u"drafts"_s << QDir::tempPath();
    QTest::newRow("relative editor")
        << u"editorExecutable"_s << u"JianyingPro.exe"_s << u"/opt/editor/JianyingPro.exe"_s;
}

void tst_SettingsDialog::validationMarksFieldsAndDisablesOk()
{
    QFETCH(QString, fieldName);
    QFETCH(QString, bad);
    QFETCH(QString, good);
    const QString before = m_settings->apiListenAddress().toString();
    QLineEdit *edit = field(fieldName);
    QVERIFY(edit);

    retype(edit, bad);
    QVERIFY(isMarked(edit));
    QVERIFY(!ok()->isEnabled());
    QVERIFY(!m_dialog->validationText().isEmpty());
    auto *message = m_dialog->findChild<QLabel *>(u"validationMessage"_s);
    QVERIFY(message->isVisible());
    QVERIFY(!edit->toolTip().isEmpty());
    // Return does not accept an invalid dialog either.
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(m_dialog->isVisible());
    QCOMPARE(m_settings->apiListenAddress().toString(), before);

    retype(edit, good);
    QVERIFY(!isMarked(edit));
    QVERIFY(ok()->isEnabled());
    QVERIFY(!message->isVisible());
}

void tst_SettingsDialog::nonLoopbackWarns()
{
    auto *warning = m_dialog->findChild<QLabel *>(u"apiWarning"_s);
    QVERIFY(!warning->isVisible());
    retype(field(u"apiAddress"_s), u"0.0.0.0"_s);
    QVERIFY(warning->isVisible());
    QVERIFY(warning->text().contains(u"token"_s));
    QVERIFY(ok()->isEnabled()); // a warning, not an error
    retype(field(u"apiAddress"_s), u"::1"_s);
    QVERIFY(!warning->isVisible());
}

void tst_SettingsDialog::validValuesAreSaved()
{
    QSignalSpy changed(m_settings.get(), &Core::Settings::changed);
    const QString drafts = QDir(m_dir->path()).filePath(u"my drafts"_s);
    retype(field(u"draftsFolder"_s), drafts);
    retype(field(u"editorExecutable"_s), u"/opt/jianying/JianyingPro.exe"_s);
    retype(field(u"apiAddress"_s), u"0.0.0.0"_s);
    retype(field(u"apiPort"_s), u"9123"_s);
    auto *minimized = m_dialog->findChild<QCheckBox *>(u"startMinimized"_s);
    QTest::mouseClick(minimized, Qt::LeftButton, {}, QPoint(4, minimized->height() / 2));
    QVERIFY(minimized->isChecked());
    auto *profile = m_dialog->findChild<QComboBox *>(u"editorProfile"_s);
    profile->setFocus();
    QTest::keyClick(profile, Qt::Key_Down);
    const QString chosenProfile = profile->currentData().toString();
    QVERIFY(chosenProfile != u"auto"_s);

    QTest::mouseClick(ok(), Qt::LeftButton);
    QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
    QCOMPARE(m_settings->draftsFolder(), drafts);
    QCOMPARE(m_settings->editorExecutable(), u"/opt/jianying/JianyingPro.exe"_s);
    QCOMPARE(m_settings->apiListenAddress().toString(), u"0.0.0.0:9123"_s);
    QVERIFY(m_settings->startMinimized());
    QCOMPARE(m_settings->editorProfile(), chosenProfile);
    QVERIFY(changed.size() >= 5);

    // Stored in the file: a new Settings reads the same.
    Core::Settings reread(
        Core::Settings::Options{Core::Settings::defaultFilePath(m_dir->path()), m_dir->path()});
    QCOMPARE(reread.apiListenAddress().toString(), u"0.0.0.0:9123"_s);
    QCOMPARE(reread.draftsFolder(), drafts);
}

void tst_SettingsDialog::nothingIsHalfApplied()
{
    // A good folder with a bad port: OK is disabled and Cancel stores nothing.
    QSignalSpy changed(m_settings.get(), &Core::Settings::changed);
    retype(field(u"draftsFolder"_s), QDir(m_dir->path()).filePath(u"elsewhere"_s));
    retype(field(u"apiPort"_s), u"99999"_s);
    QVERIFY(!ok()->isEnabled());
    m_dialog->accept(); // even forced, it refuses
    QVERIFY(m_dialog->isVisible());
    QTest::keyClick(field(u"apiPort"_s), Qt::Key_Escape);
    QVERIFY(!m_dialog->isVisible());
    QCOMPARE(changed.size(), 0);
}

void tst_SettingsDialog::tokenShowCopyRegenerate()
{
    Core::ApiTokenStore::Options options;
    options.dataDir = m_dir->path();
    options.useKeychain = false;
    Core::ApiTokenStore tokens(options);
    QSignalSpy ready(&tokens, &Core::ApiTokenStore::ready);
    tokens.load();
    QTRY_COMPARE(ready.size(), 1);
    const QString first = tokens.token();

    SettingsDialog dialog(*m_settings, &tokens);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *token = dialog.findChild<QLineEdit *>(u"apiToken"_s);
    QCOMPARE(token->text(), first);
    QCOMPARE(token->echoMode(), QLineEdit::Password);
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"showToken"_s), Qt::LeftButton);
    QCOMPARE(token->echoMode(), QLineEdit::Normal);
    QTest::mouseClick(dialog.findChild<QPushButton *>(u"copyToken"_s), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), first);

    // Regenerate asks first; Cancel keeps the token.
    auto *regenerate = dialog.findChild<QPushButton *>(u"regenerateToken"_s);
    QTest::mouseClick(regenerate, Qt::LeftButton);
    auto *box = dialog.findChild<QMessageBox *>(u"regenerateConfirmation"_s);
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QTest::qWait(50);
    QCOMPARE(tokens.token(), first);

    QTest::mouseClick(regenerate, Qt::LeftButton);
    box = dialog.findChild<QMessageBox *>(u"regenerateConfirmation"_s);
    QTRY_VERIFY(box && box->isVisible());
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_COMPARE(ready.size(), 2);
    QVERIFY(tokens.token() != first);
    QCOMPARE(token->text(), tokens.token());
}

void tst_SettingsDialog::draftFolderCandidates_data()
{
    QTest::addColumn<int>("platform");
    QTest::addColumn<QString>("home");
    QTest::addColumn<QString>("localAppData");
    QTest::addColumn<QStringList>("expected"); // "editor|path"
    QTest::newRow("windows")
        << int(Platform::Windows) << u"C:/Users/me"_s << u"C:/Users/me/AppData/Local"_s
        << QStringList{
               u"JianYing|C:/Users/me/AppData/Local/JianyingPro/User Data/Projects/com.lveditor.draft"_s,
               u"CapCut|C:/Users/me/AppData/Local/CapCut/User Data/Projects/com.lveditor.draft"_s};
    QTest::newRow("windows without LOCALAPPDATA")
        << int(Platform::Windows) << u"C:/Users/me"_s << QString()
        << QStringList{
               u"JianYing|C:/Users/me/AppData/Local/JianyingPro/User Data/Projects/com.lveditor.draft"_s,
               u"CapCut|C:/Users/me/AppData/Local/CapCut/User Data/Projects/com.lveditor.draft"_s};
    QTest::newRow("macos")
        << int(Platform::MacOS) << u"/Users/me"_s << QString()
        << QStringList{
               u"JianYing|/Users/me/Movies/JianyingPro/User Data/Projects/com.lveditor.draft"_s,
               u"JianYing|/Users/me/Library/Containers/com.lemon.lvpro/Data/Movies/JianyingPro/User Data/Projects/com.lveditor.draft"_s,
               u"CapCut|/Users/me/Movies/CapCut/User Data/Projects/com.lveditor.draft"_s};
    QTest::newRow("linux: the stand-in") << int(Platform::Linux) << u"/home/me"_s << QString()
                                         << QStringList{u"Stand-in editor|/data/editor-drafts"_s};
}

void tst_SettingsDialog::draftFolderCandidates()
{
    QFETCH(int, platform);
    QFETCH(QString, home);
    QFETCH(QString, localAppData);
    QFETCH(QStringList, expected);
    QStringList got;
    for (const DraftFolderCandidate &candidate :
         Ui::draftFolderCandidates(Platform(platform), home, localAppData, u"/data"_s))
        got.append(candidate.editor + u'|' + candidate.path);
    QCOMPARE(got, expected);
}

void tst_SettingsDialog::detectedFolderFillsTheField()
{
    // On Linux the stand-in's store is the candidate: once it exists, it is offered.
    QVERIFY(QDir().mkpath(QDir(m_dir->path()).filePath(u"editor-drafts"_s)));
    SettingsDialog dialog(*m_settings, nullptr);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *detected = dialog.findChild<QComboBox *>(u"detectedDraftFolders"_s);
#ifdef Q_OS_LINUX
    QVERIFY(detected->isEnabled());
    QCOMPARE(detected->count(), 2);
    auto *folder = dialog.findChild<QLineEdit *>(u"draftsFolder"_s);
    folder->clear();
    detected->setFocus();
    QTest::keyClick(detected, Qt::Key_Down); // activated(): the folder goes into the field
    QCOMPARE(QDir::fromNativeSeparators(folder->text()),
             QDir(m_dir->path()).filePath(u"editor-drafts"_s));
#else
    Q_UNUSED(detected);
    QSKIP("the detected folder depends on the editors installed on this OS");
#endif
}

QTEST_MAIN(tst_SettingsDialog)
#include "tst_settingsdialog.moc"
