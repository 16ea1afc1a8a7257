#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QWidget;

namespace CutPilot::Core {
class ApiTokenStore;
class Settings;
} // namespace CutPilot::Core

namespace CutPilot::Ui {

/// A default draft folder of JianYing or CapCut (spec/draft-format.md §2).
struct DraftFolderCandidate
{
    QString editor; ///< "JianYing", "CapCut", "Stand-in editor"
    QString path;
    friend bool operator==(const DraftFolderCandidate &, const DraftFolderCandidate &) = default;
};

enum class DraftFolderPlatform {
    Windows,
    MacOS,
    Linux,
};

/// Where the editors keep their drafts by default on `platform`, most likely first. Pure: the
/// caller passes the user's home, %LOCALAPPDATA% (Windows) and CutPilot's data folder.
QList<DraftFolderCandidate> draftFolderCandidates(DraftFolderPlatform platform, const QString &home,
                                                  const QString &localAppData,
                                                  const QString &dataDir);
/// The candidates of this computer that exist.
QList<DraftFolderCandidate> detectDraftFolders(const QString &dataDir);

/// The settings dialog: drafts folder (with the detected editor folders), editor executable and
/// profiles, the API's listen address and token, language, start minimized. Every field is
/// checked while typing (Settings::validate): an invalid one is marked and OK stays disabled.
/// OK stores everything or nothing.
class SettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    /// `token` may be null (token row disabled).
    SettingsDialog(Core::Settings &settings, Core::ApiTokenStore *token, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    /// True when every field holds a valid value (what OK's enabled state shows).
    bool isInputValid() const;
    /// The problems of the invalid fields, one per line (empty when valid).
    QString validationText() const;

    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void load();
    void validate();
    void mark(QWidget *field, const QString &error);
    QString hostText() const;
    QString listenText() const;
    void regenerateToken();
    void showToken();
    void retranslateUi();

    Core::Settings &m_settings;
    Core::ApiTokenStore *m_token;
    QString m_dataDir;
    QStringList m_errors;

    QLabel *m_draftsLabel = nullptr;
    QLineEdit *m_draftsFolder = nullptr;
    QPushButton *m_browseDrafts = nullptr;
    QComboBox *m_detected = nullptr;
    QLabel *m_executableLabel = nullptr;
    QLineEdit *m_executable = nullptr;
    QPushButton *m_browseExecutable = nullptr;
    QLabel *m_profileLabel = nullptr;
    QComboBox *m_profile = nullptr;
    QLabel *m_automationLabel = nullptr;
    QComboBox *m_automation = nullptr;
    QLabel *m_addressLabel = nullptr;
    QLineEdit *m_address = nullptr;
    QLabel *m_portLabel = nullptr;
    QLineEdit *m_port = nullptr;
    QLabel *m_apiWarning = nullptr;
    QLabel *m_tokenLabel = nullptr;
    QLineEdit *m_tokenField = nullptr;
    QPushButton *m_showToken = nullptr;
    QPushButton *m_copyToken = nullptr;
    QPushButton *m_regenerate = nullptr;
    QLabel *m_languageLabel = nullptr;
    QComboBox *m_language = nullptr;
    QCheckBox *m_startMinimized = nullptr;
    QLabel *m_problems = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace CutPilot::Ui
