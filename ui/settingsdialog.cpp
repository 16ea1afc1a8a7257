#include "settingsdialog.h"

#include "core/editor/automationprofile.h"
#include "core/support/apitokenstore.h"
#include "core/support/listenaddress.h"
#include "core/support/settings.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace CutPilot::Ui {

using namespace Qt::StringLiterals;
using Key = Core::Settings::Key;

QList<DraftFolderCandidate> draftFolderCandidates(DraftFolderPlatform platform, const QString &home,
                                                  const QString &localAppData,
                                                  const QString &dataDir)
{
    const QString tail = u"User Data/Projects/com.lveditor.draft"_s;
    QList<DraftFolderCandidate> candidates;
    const auto add = [&](const QString &editor, const QString &path) {
        candidates.append({editor, QDir::cleanPath(path)});
    };
    switch (platform) {
    case DraftFolderPlatform::Windows: {
        const QString local = localAppData.isEmpty() ? home + u"/AppData/Local"_s : localAppData;
        add(SettingsDialog::tr("JianYing"), local + u"/JianyingPro/"_s + tail);
        add(SettingsDialog::tr("CapCut"), local + u"/CapCut/"_s + tail);
        break;
    }
    case DraftFolderPlatform::MacOS:
        add(SettingsDialog::tr("JianYing"), home + u"/Movies/JianyingPro/"_s + tail);
        // The sandboxed build keeps its drafts in the app's container (§2, reported).
        add(SettingsDialog::tr("JianYing"),
            home + u"/Library/Containers/com.lemon.lvpro/Data/Movies/JianyingPro/"_s + tail);
        add(SettingsDialog::tr("CapCut"), home + u"/Movies/CapCut/"_s + tail);
        break;
    case DraftFolderPlatform::Linux:
        // Neither editor exists for Linux: the stand-in editor's store (tools/standin-editor).
        add(SettingsDialog::tr("Stand-in editor"), dataDir + u"/editor-drafts"_s);
        break;
    }
    return candidates;
}

QList<DraftFolderCandidate> detectDraftFolders(const QString &dataDir)
{
#if defined(Q_OS_WIN)
    const DraftFolderPlatform platform = DraftFolderPlatform::Windows;
#elif defined(Q_OS_MACOS)
    const DraftFolderPlatform platform = DraftFolderPlatform::MacOS;
#else
    const DraftFolderPlatform platform = DraftFolderPlatform::Linux;
#endif
    QList<DraftFolderCandidate> found;
    const QList<DraftFolderCandidate> candidates = draftFolderCandidates(
        platform, QDir::homePath(),
        QDir::fromNativeSeparators(qEnvironmentVariable("LOCALAPPDATA")), dataDir);
    for (const DraftFolderCandidate &candidate : candidates) {
        if (QFileInfo(candidate.path).isDir())
            found.append(candidate);
    }
    return found;
}

SettingsDialog::SettingsDialog(Core::Settings &settings, Core::ApiTokenStore *token,
                               QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_token(token)
    , m_dataDir(QFileInfo(settings.filePath()).absolutePath())
{
    setObjectName(u"settingsDialog"_s);
    const auto named = [](auto *widget, const QString &name) {
        widget->setObjectName(name);
        return widget;
    };

    // Editor
    auto *editor = new QGroupBox(this);
    editor->setObjectName(u"editorGroup"_s);
    m_draftsLabel = new QLabel(editor);
    m_draftsFolder = named(new QLineEdit(editor), u"draftsFolder"_s);
    m_browseDrafts = named(new QPushButton(editor), u"browseDraftsFolder"_s);
    m_detected = named(new QComboBox(editor), u"detectedDraftFolders"_s);
    auto *draftsRow = new QHBoxLayout;
    draftsRow->addWidget(m_draftsFolder, 1);
    draftsRow->addWidget(m_browseDrafts);
    m_executableLabel = new QLabel(editor);
    m_executable = named(new QLineEdit(editor), u"editorExecutable"_s);
    m_browseExecutable = named(new QPushButton(editor), u"browseEditorExecutable"_s);
    auto *executableRow = new QHBoxLayout;
    executableRow->addWidget(m_executable, 1);
    executableRow->addWidget(m_browseExecutable);
    m_profileLabel = new QLabel(editor);
    m_profile = named(new QComboBox(editor), u"editorProfile"_s);
    m_automationLabel = new QLabel(editor);
    m_automation = named(new QComboBox(editor), u"automationProfile"_s);
    auto *editorForm = new QFormLayout(editor);
    editorForm->addRow(m_draftsLabel, draftsRow);
    editorForm->addRow(QString(), m_detected);
    editorForm->addRow(m_executableLabel, executableRow);
    editorForm->addRow(m_profileLabel, m_profile);
    editorForm->addRow(m_automationLabel, m_automation);

    // Local API
    auto *api = new QGroupBox(this);
    api->setObjectName(u"apiGroup"_s);
    m_addressLabel = new QLabel(api);
    m_address = named(new QLineEdit(api), u"apiAddress"_s);
    m_portLabel = new QLabel(api);
    m_port = named(new QLineEdit(api), u"apiPort"_s);
    m_port->setMaxLength(6);
    auto *listenRow = new QHBoxLayout;
    listenRow->addWidget(m_address, 1);
    listenRow->addWidget(m_portLabel);
    listenRow->addWidget(m_port);
    m_apiWarning = named(new QLabel(api), u"apiWarning"_s);
    m_apiWarning->setWordWrap(true);
    m_tokenLabel = new QLabel(api);
    m_tokenField = named(new QLineEdit(api), u"apiToken"_s);
    m_tokenField->setReadOnly(true);
    m_tokenField->setEchoMode(QLineEdit::Password);
    m_showToken = named(new QPushButton(api), u"showToken"_s);
    m_showToken->setCheckable(true);
    m_copyToken = named(new QPushButton(api), u"copyToken"_s);
    m_regenerate = named(new QPushButton(api), u"regenerateToken"_s);
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_tokenField, 1);
    tokenRow->addWidget(m_showToken);
    tokenRow->addWidget(m_copyToken);
    tokenRow->addWidget(m_regenerate);
    auto *apiForm = new QFormLayout(api);
    apiForm->addRow(m_addressLabel, listenRow);
    apiForm->addRow(QString(), m_apiWarning);
    apiForm->addRow(m_tokenLabel, tokenRow);

    // Interface
    auto *ui = new QGroupBox(this);
    ui->setObjectName(u"interfaceGroup"_s);
    m_languageLabel = new QLabel(ui);
    m_language = named(new QComboBox(ui), u"language"_s);
    m_startMinimized = named(new QCheckBox(ui), u"startMinimized"_s);
    auto *uiForm = new QFormLayout(ui);
    uiForm->addRow(m_languageLabel, m_language);
    uiForm->addRow(QString(), m_startMinimized);

    m_problems = named(new QLabel(this), u"validationMessage"_s);
    m_problems->setWordWrap(true);
    QPalette palette = m_problems->palette();
    palette.setColor(QPalette::WindowText, QColor(0xd7, 0x3a, 0x49));
    m_problems->setPalette(palette);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(u"buttons"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(editor);
    layout->addWidget(api);
    layout->addWidget(ui);
    layout->addWidget(m_problems);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    for (QLineEdit *field : {m_draftsFolder, m_executable, m_address, m_port})
        connect(field, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    connect(m_detected, &QComboBox::activated, this, [this](int index) {
        const QString path = m_detected->itemData(index).toString();
        if (!path.isEmpty())
            m_draftsFolder->setText(QDir::toNativeSeparators(path));
    });
    connect(m_browseDrafts, &QPushButton::clicked, this, [this] {
        auto *dialog = new QFileDialog(this, tr("Drafts folder"), m_draftsFolder->text());
        dialog->setFileMode(QFileDialog::Directory);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &folder) {
            m_draftsFolder->setText(QDir::toNativeSeparators(folder));
        });
        dialog->open();
    });
    connect(m_browseExecutable, &QPushButton::clicked, this, [this] {
        auto *dialog = new QFileDialog(this, tr("Editor executable"),
                                       QFileInfo(m_executable->text()).absolutePath());
        dialog->setFileMode(QFileDialog::ExistingFile);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &file) {
            m_executable->setText(QDir::toNativeSeparators(file));
        });
        dialog->open();
    });
    connect(m_showToken, &QPushButton::toggled, this, &SettingsDialog::showToken);
    connect(m_copyToken, &QPushButton::clicked, this, [this] {
        if (m_token && m_token->isReady())
            QApplication::clipboard()->setText(m_token->token());
    });
    connect(m_regenerate, &QPushButton::clicked, this, &SettingsDialog::regenerateToken);
    if (m_token) {
        connect(m_token, &Core::ApiTokenStore::ready, this, [this] {
            m_tokenField->setText(m_token->token());
            m_tokenField->setToolTip(m_token->warning());
        });
    }

    retranslateUi();
    load();
    validate();
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::load()
{
    m_draftsFolder->setText(QDir::toNativeSeparators(m_settings.draftsFolder()));
    m_executable->setText(QDir::toNativeSeparators(m_settings.editorExecutable()));
    m_profile->clear();
    for (const QString &profile : Core::Settings::knownEditorProfiles())
        m_profile->addItem(profile, profile);
    m_profile->setCurrentIndex(std::max(0, m_profile->findData(m_settings.editorProfile())));

    // The automation profile follows the editor's product and version (editor-automation.md
    // §10.1): listed for information, not chosen here.
    m_automation->clear();
    m_automation->addItem(tr("Automatic (by editor version)"), QString());
    if (Core::Result<Core::Editor::AutomationProfiles> profiles
        = Core::Editor::AutomationProfiles::builtIn()) {
        for (const Core::Editor::AutomationProfile &profile : profiles->all()) {
            m_automation->addItem(u"%1 (%2, %3 %4)"_s.arg(profile.id, profile.product, profile.os,
                                                          profile.versions.text()),
                                  profile.id);
        }
    }

    const Core::ListenAddress listen = m_settings.apiListenAddress();
    const QString host = listen.host().toString();
    m_address->setText(host);
    m_port->setText(QString::number(listen.port()));

    m_tokenField->setText(m_token && m_token->isReady() ? m_token->token() : QString());
    m_tokenField->setToolTip(m_token ? m_token->warning() : QString());

    m_language->clear();
    m_language->addItem(tr("System language"), u"system"_s);
    m_language->addItem(u"中文（简体）"_s, u"zh_CN"_s);
    m_language->addItem(u"English"_s, u"en"_s);
    m_language->setCurrentIndex(std::max(0, m_language->findData(m_settings.language())));
    m_startMinimized->setChecked(m_settings.startMinimized());

    m_detected->clear();
    const QList<DraftFolderCandidate> detected = detectDraftFolders(m_dataDir);
    m_detected->addItem(detected.isEmpty() ? tr("No JianYing or CapCut drafts folder found")
                                           : tr("Detected folders…"),
                        QString());
    for (const DraftFolderCandidate &candidate : detected)
        m_detected->addItem(
            u"%1: %2"_s.arg(candidate.editor, QDir::toNativeSeparators(candidate.path)),
            candidate.path);
    m_detected->setEnabled(!detected.isEmpty());
}

QString SettingsDialog::hostText() const
{
    const QString host = m_address->text().trimmed();
    if (host.contains(u':') && !host.startsWith(u'['))
        return u"[%1]"_s.arg(host); // a bare IPv6 address
    return host;
}

QString SettingsDialog::listenText() const
{
    return hostText() + u':' + m_port->text().trimmed();
}

void SettingsDialog::mark(QWidget *field, const QString &error)
{
    field->setProperty("invalid", !error.isEmpty());
    field->setStyleSheet(error.isEmpty() ? QString() : u"border: 2px solid #d73a49;"_s);
    field->setToolTip(error);
    if (!error.isEmpty())
        m_errors.append(error);
}

void SettingsDialog::validate()
{
    m_errors.clear();
    Core::Result<QVariant> drafts = m_settings.validate(
        Key::DraftsFolder, QDir::fromNativeSeparators(m_draftsFolder->text()));
    mark(m_draftsFolder, drafts ? QString() : drafts.error().message());
    Core::Result<QVariant> executable = m_settings.validate(
        Key::EditorExecutable, QDir::fromNativeSeparators(m_executable->text()));
    mark(m_executable, executable ? QString() : executable.error().message());

    // Port first, then the address: each field gets its own message.
    bool portOk = false;
    const int port = m_port->text().trimmed().toInt(&portOk);
    const bool portValid = portOk && port >= 1 && port <= 65535;
    mark(m_port, portValid ? QString() : tr("The port must be a number from 1 to 65535."));
    const QString host = m_address->text().trimmed();
    // The address alone (with a placeholder port), so a bad port does not mark it too.
    Core::Result<Core::ListenAddress> address = Core::ListenAddress::parse(
        hostText() + u":1"_s, Core::ListenAddress::PortPolicy::RequireFixed);
    mark(m_address,
         address ? QString()
                 : tr("\"%1\" is not an IP address (for example 127.0.0.1 or ::1).").arg(host));
    const bool exposed = address && !address->isLoopback();
    m_apiWarning->setVisible(exposed);

    m_problems->setText(m_errors.join(u'\n'));
    m_problems->setVisible(!m_errors.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_errors.isEmpty());
}

bool SettingsDialog::isInputValid() const
{
    return m_errors.isEmpty();
}

QString SettingsDialog::validationText() const
{
    return m_errors.join(u'\n');
}

void SettingsDialog::accept()
{
    validate();
    if (!isInputValid())
        return;
    // Everything is validated first and only then stored: nothing is half-applied.
    const QList<std::pair<Key, QVariant>> wanted{
        {Key::DraftsFolder, QDir::fromNativeSeparators(m_draftsFolder->text())},
        {Key::EditorExecutable, QDir::fromNativeSeparators(m_executable->text())},
        {Key::EditorProfile, m_profile->currentData()},
        {Key::ApiListenAddress, listenText()},
        {Key::Language, m_language->currentData()},
        {Key::StartMinimized, m_startMinimized->isChecked()},
    };
    QList<std::pair<Key, QVariant>> values;
    for (const auto &[key, value] : wanted) {
        Core::Result<QVariant> valid = m_settings.validate(key, value);
        if (!valid) {
            m_problems->setText(valid.error().message());
            m_problems->setVisible(true);
            return;
        }
        if (*valid != m_settings.value(key))
            values.append({key, *valid});
    }
    for (const auto &[key, value] : std::as_const(values)) {
        if (Core::Result<> stored = m_settings.setValue(key, value); !stored) {
            m_problems->setText(stored.error().message());
            m_problems->setVisible(true);
            return;
        }
    }
    QDialog::accept();
}

void SettingsDialog::showToken()
{
    m_tokenField->setEchoMode(m_showToken->isChecked() ? QLineEdit::Normal : QLineEdit::Password);
}

void SettingsDialog::regenerateToken()
{
    if (!m_token)
        return;
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("Regenerate API token"),
        tr("Scripts and tools that use the current token stop working until they get the new "
           "one. Regenerate the token?"),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(u"regenerateConfirmation"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box] {
        if (box->standardButton(box->clickedButton()) == QMessageBox::Yes)
            m_token->regenerate(); // ready() fills the field
    });
    box->open();
}

void SettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void SettingsDialog::retranslateUi()
{
    setWindowTitle(tr("CutPilot settings"));
    findChild<QGroupBox *>(u"editorGroup"_s)->setTitle(tr("Editor"));
    findChild<QGroupBox *>(u"apiGroup"_s)->setTitle(tr("Local API"));
    findChild<QGroupBox *>(u"interfaceGroup"_s)->setTitle(tr("Interface"));
    m_draftsLabel->setText(tr("Drafts folder:"));
    m_browseDrafts->setText(tr("Browse…"));
    m_executableLabel->setText(tr("Editor executable:"));
    m_executable->setPlaceholderText(tr("Detect automatically"));
    m_browseExecutable->setText(tr("Browse…"));
    m_profileLabel->setText(tr("Draft profile:"));
    m_automationLabel->setText(tr("Automation profile:"));
    m_automation->setToolTip(
        tr("Chosen from the editor's product and version when the editor starts."));
    m_addressLabel->setText(tr("Listen address:"));
    m_portLabel->setText(tr("Port:"));
    m_apiWarning->setText(tr("Other computers can reach the API at this address: every request "
                             "then needs the API token."));
    m_tokenLabel->setText(tr("API token:"));
    m_showToken->setText(tr("Show"));
    m_copyToken->setText(tr("Copy"));
    m_regenerate->setText(tr("Regenerate…"));
    m_languageLabel->setText(tr("Language:"));
    if (m_language->count() > 0)
        m_language->setItemText(0, tr("System language"));
    m_startMinimized->setText(tr("Start minimized to the tray"));
    const bool tokenUsable = m_token != nullptr;
    m_showToken->setEnabled(tokenUsable);
    m_copyToken->setEnabled(tokenUsable);
    m_regenerate->setEnabled(tokenUsable);
}

} // namespace CutPilot::Ui
