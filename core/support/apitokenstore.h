#pragma once

#include "result.h"

#include <QObject>
#include <QString>

namespace CutPilot::Core {

/// The local API's token (issue 5): generated at first start and kept in the OS keychain
/// (QtKeychain: Windows Credential Manager, macOS Keychain, Secret Service on Linux). When no
/// keychain works it lives in `<data-dir>/api-token` (mode 0600) and warning() says so for the log
/// and the GUI. `CUTPILOT_API_TOKEN` overrides both (scripts and tests); it is never stored.
///
/// Keychain calls are asynchronous: load() returns at once and ready() follows. A keychain that
/// does not answer within `keychainTimeoutMs` counts as unavailable.
class ApiTokenStore final : public QObject
{
    Q_OBJECT

public:
    enum class Source {
        None,        ///< not loaded yet
        Environment, ///< CUTPILOT_API_TOKEN
        Keychain,
        File, ///< the fallback file
    };
    Q_ENUM(Source)

    struct Options
    {
        QString dataDir;          ///< for the fallback file and the keychain entry's name
        QString environmentToken; ///< the value of CUTPILOT_API_TOKEN (empty: unset)
        QString service = QStringLiteral("CutPilot");
        int keychainTimeoutMs = 5000;
        bool useKeychain = true; ///< false: straight to the file (tests, --no-keychain)
    };

    explicit ApiTokenStore(Options options, QObject *parent = nullptr);
    ~ApiTokenStore() override;

    /// Reads (or creates and stores) the token; emits ready() once, asynchronously.
    void load();
    /// A new token replaces the old one everywhere it is kept (not the environment). Emits ready().
    void regenerate();

    bool isReady() const { return m_source != Source::None; }
    QString token() const { return m_token; }
    Source source() const { return m_source; }
    /// Non-empty when the token is not in the keychain (why, and where it is instead).
    QString warning() const { return m_warning; }

    /// The keychain entry's key: one per data folder, so two CutPilot profiles keep two tokens.
    QString keychainKey() const;
    QString fallbackFile() const;
    /// 32 random bytes, base64url without padding (43 characters).
    static QString generateToken();
    /// Constant-time comparison (the time does not depend on where the strings differ).
    static bool equals(QByteArrayView a, QByteArrayView b);

Q_SIGNALS:
    void ready();

private:
    void readKeychain();
    void writeKeychain(const QString &token, bool thenReady);
    void useFile(const QString &why, bool fresh);
    void finish(const QString &token, Source source);
    Result<QString> readFile() const;
    Result<> writeFile(const QString &token) const;

    Options m_options;
    QString m_token;
    Source m_source = Source::None;
    QString m_warning;
    quint64 m_generation = 0; ///< ignores answers of superseded keychain jobs
};

} // namespace CutPilot::Core
