#pragma once

#include "listenaddress.h"
#include "result.h"

#include <QMap>
#include <QObject>
#include <QStringList>
#include <QVariant>

#include <memory>

class QSettings;

namespace CutPilot::Core {

/// The one typed view of CutPilot's persistent settings; nothing else reads QSettings.
///
/// Stored as an INI file in the data folder (<data-dir>/settings.ini) on every platform, so a data
/// folder is self-contained and can be backed up or moved. Every setter validates first: on error
/// nothing is stored and no signal is emitted. Values that were stored by hand and fail validation
/// are replaced by their defaults at load time, and loadWarnings() says which and why.
class Settings final : public QObject
{
    Q_OBJECT

public:
    /// Keys as written in the INI file (stable: they are the file format).
    enum class Key {
        DraftsFolder,
        EditorExecutable,
        EditorProfile,
        ApiListenAddress,
        Language,
        LogLevel,
        StartMinimized,
        AllowedFolders,
        RequireTokenEverywhere,
        DownloadMaxBytes,
        MediaCacheMaxBytes,
        CompatNamespace,
        CompatUnknownDraftId,
        CompatEffectParamsOrder,
    };
    Q_ENUM(Key)

    struct Options
    {
        QString filePath; ///< the INI file
        QString dataDir;  ///< <data-dir>: some defaults live below it
    };

    explicit Settings(const Options &options, QObject *parent = nullptr);
    ~Settings() override;

    static QString defaultFilePath(const QString &dataDir);
    QString filePath() const;
    QStringList loadWarnings() const { return m_loadWarnings; }

    /// The editor's draft store that saved drafts are registered in (spec/draft-format.md §2).
    QString draftsFolder() const;
    Result<> setDraftsFolder(const QString &folder);

    /// The editor executable; empty means "detect it".
    QString editorExecutable() const;
    Result<> setEditorExecutable(const QString &path);

    /// "auto" or a draft profile id (spec/draft-format.md §3.1).
    QString editorProfile() const;
    Result<> setEditorProfile(const QString &profile);
    static QStringList knownEditorProfiles();

    ListenAddress apiListenAddress() const;
    Result<> setApiListenAddress(const ListenAddress &address);

    /// "system", "zh_CN" or "en".
    QString language() const;
    Result<> setLanguage(const QString &language);
    static QStringList knownLanguages();

    /// trace, debug, info, warn, error, critical, off (CUTPILOT_LOG_LEVEL overrides it).
    QString logLevel() const;
    Result<> setLogLevel(const QString &level);

    bool startMinimized() const;
    Result<> setStartMinimized(bool minimized);

    /// Extra folders (besides the drafts folder and <data-dir>) that API clients may name.
    QStringList allowedFolders() const;
    Result<> setAllowedFolders(const QStringList &folders);

    /// When on, compat routes need the API token even from loopback.
    bool requireTokenEverywhere() const;
    Result<> setRequireTokenEverywhere(bool required);

    /// Largest download accepted (bytes; default 2 GiB).
    qint64 downloadMaxBytes() const;
    Result<> setDownloadMaxBytes(qint64 bytes);
    static constexpr qint64 MinDownloadBytes = 1024 * 1024;
    static constexpr qint64 MaxDownloadBytes = 1024LL * 1024 * 1024 * 1024;

    /// Size bound of the media cache (downloads, thumbnails, waveforms; default 10 GiB).
    qint64 mediaCacheMaxBytes() const;
    Result<> setMediaCacheMaxBytes(qint64 bytes);
    static constexpr qint64 MinCacheBytes = 64LL * 1024 * 1024;
    static constexpr qint64 MaxCacheBytes = 16LL * 1024 * 1024 * 1024 * 1024;

    /// CapCutAPI drop-in behaviour (capcutapi-compat.md §3, §4.1, §5.7). Changes apply to the next
    /// request; they have no typed signal (changed() carries them).
    /// Catalog namespace of the compat routes: "auto" (the active editor's), "jianying", "capcut".
    QString compatNamespace() const;
    /// What an add_* route does with an unknown draft_id: "create" (CapCutAPI's way, with a
    /// warning) or "error" ("Draft <x> does not exist").
    QString compatUnknownDraftId() const;
    /// How add_effect maps `params` onto the catalog's parameters: "reversed" (CapCutAPI's way)
    /// or "catalog".
    QString compatEffectParamsOrder() const;

    /// Generic access, for the settings dialog and the API (values in their stored form).
    static QString keyName(Key key);
    static Result<Key> keyFromName(const QString &name);
    QVariant value(Key key) const;
    QVariant defaultValue(Key key) const;
    /// Validates and normalizes `value` for `key`; does not store it.
    Result<QVariant> validate(Key key, const QVariant &value) const;
    Result<> setValue(Key key, const QVariant &value);
    Result<> reset(Key key);

Q_SIGNALS:
    void changed(CutPilot::Core::Settings::Key key, const QVariant &value);
    void draftsFolderChanged(const QString &folder);
    void editorExecutableChanged(const QString &path);
    void editorProfileChanged(const QString &profile);
    void apiListenAddressChanged(const CutPilot::Core::ListenAddress &address);
    void languageChanged(const QString &language);
    void logLevelChanged(const QString &level);
    void startMinimizedChanged(bool minimized);
    void allowedFoldersChanged(const QStringList &folders);
    void requireTokenEverywhereChanged(bool required);
    void downloadMaxBytesChanged(qint64 bytes);
    void mediaCacheMaxBytesChanged(qint64 bytes);

private:
    void load();
    void emitChanged(Key key, const QVariant &value);

    std::unique_ptr<QSettings> m_settings;
    QString m_dataDir;
    QMap<Key, QVariant> m_values; // validated cache of what is stored
    QStringList m_loadWarnings;
};

} // namespace CutPilot::Core
