#include "settings.h"

#include "core/draft/draftprofile.h"
#include "log.h"
#include "logmanager.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

struct KeySpec
{
    Settings::Key key;
    const char *name;    // API/dialog name
    const char *iniPath; // where it lives in settings.ini (part of the file format)
};

constexpr KeySpec kKeys[] = {
    {Settings::Key::DraftsFolder, "draftsFolder", "drafts/folder"},
    {Settings::Key::EditorExecutable, "editorExecutable", "editor/executable"},
    {Settings::Key::EditorProfile, "editorProfile", "editor/profile"},
    {Settings::Key::ApiListenAddress, "apiListenAddress", "api/listen"},
    {Settings::Key::Language, "language", "ui/language"},
    {Settings::Key::LogLevel, "logLevel", "log/level"},
    {Settings::Key::StartMinimized, "startMinimized", "ui/startMinimized"},
    {Settings::Key::AllowedFolders, "allowedFolders", "api/allowedFolders"},
    {Settings::Key::RequireTokenEverywhere, "requireTokenEverywhere", "api/requireTokenEverywhere"},
    {Settings::Key::DownloadMaxBytes, "downloadMaxBytes", "media/downloadMaxBytes"},
    {Settings::Key::MediaCacheMaxBytes, "mediaCacheMaxBytes", "media/cacheMaxBytes"},
    {Settings::Key::CompatNamespace, "compat.namespace", "compat/namespace"},
    {Settings::Key::CompatUnknownDraftId, "compat.unknown_draft_id", "compat/unknownDraftId"},
    {Settings::Key::CompatEffectParamsOrder, "compat.effect_params_order",
     "compat/effectParamsOrder"},
};

/// The values a choice setting takes; the first is the default.
QStringList choices(Settings::Key key)
{
    switch (key) {
    case Settings::Key::CompatNamespace:
        return {u"auto"_s, u"jianying"_s, u"capcut"_s};
    case Settings::Key::CompatUnknownDraftId:
        return {u"create"_s, u"error"_s};
    case Settings::Key::CompatEffectParamsOrder:
        return {u"reversed"_s, u"catalog"_s};
    default:
        return {};
    }
}

const KeySpec &spec(Settings::Key key)
{
    for (const KeySpec &s : kKeys) {
        if (s.key == key)
            return s;
    }
    Q_UNREACHABLE();
}

QString iniPath(Settings::Key key)
{
    return QString::fromLatin1(spec(key).iniPath);
}

/// The editor's default draft store on this platform (spec/draft-format.md §2). On Linux, where
/// no JianYing/CapCut exists, the stand-in editor's store below the data folder.
QString platformDraftsFolder(const QString &dataDir)
{
#if defined(Q_OS_WIN)
    Q_UNUSED(dataDir);
    const QString local = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir::cleanPath(local + u"/JianyingPro/User Data/Projects/com.lveditor.draft"_s);
#elif defined(Q_OS_MACOS)
    Q_UNUSED(dataDir);
    const QString movies = QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
    return QDir::cleanPath(movies + u"/JianyingPro/User Data/Projects/com.lveditor.draft"_s);
#else
    return QDir::cleanPath(dataDir + u"/editor-drafts"_s);
#endif
}

Result<bool> toBool(const QString &field, const QVariant &value)
{
    if (value.typeId() == QMetaType::Bool)
        return value.toBool();
    const QString text = value.toString().trimmed().toLower();
    if (text == u"true" || text == u"1" || text == u"yes" || text == u"on")
        return true;
    if (text == u"false" || text == u"0" || text == u"no" || text == u"off")
        return false;
    return Error::invalidArgument(field, u"'%1' must be true or false"_s.arg(value.toString()));
}

Result<QString> toAbsoluteFolder(const QString &field, const QString &path)
{
    const QString trimmed = path.trimmed();
    if (trimmed.isEmpty())
        return Error::invalidArgument(field, u"'%1' must not be empty"_s.arg(field));
    if (!QDir::isAbsolutePath(trimmed))
        return Error::invalidArgument(
            field, u"'%1' must be an absolute folder path, got '%2'"_s.arg(field, trimmed));
    const QString clean = QDir::cleanPath(trimmed);
    const QFileInfo info(clean);
    if (info.exists() && !info.isDir())
        return Error::invalidArgument(
            field, u"'%1' must be a folder, but '%2' is a file"_s.arg(field, clean));
    return clean;
}

} // namespace

Settings::Settings(const Options &options, QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(options.filePath, QSettings::IniFormat))
    , m_dataDir(options.dataDir)
{
    load();
}

Settings::~Settings() = default;

QString Settings::defaultFilePath(const QString &dataDir)
{
    return QDir(dataDir).absoluteFilePath(u"settings.ini"_s);
}

QString Settings::filePath() const
{
    return m_settings->fileName();
}

void Settings::load()
{
    if (m_settings->status() == QSettings::FormatError) {
        // Keep the user's file for inspection before the next write replaces it.
        const QString backup = filePath() + u".corrupt-"_s
                               + QDateTime::currentDateTimeUtc().toString(u"yyyyMMddThhmmss"_s);
        QFile::copy(filePath(), backup);
        m_loadWarnings.append(
            u"settings file %1 is malformed; defaults used, a copy was kept as %2"_s.arg(filePath(),
                                                                                         backup));
    }
    for (const KeySpec &s : kKeys) {
        const QString path = QString::fromLatin1(s.iniPath);
        QVariant stored = defaultValue(s.key);
        if (m_settings->contains(path)) {
            Result<QVariant> valid = validate(s.key, m_settings->value(path));
            if (valid)
                stored = *valid;
            else
                m_loadWarnings.append(u"setting %1 ignored, default used: %2"_s.arg(
                    QString::fromLatin1(s.name), valid.error().message()));
        }
        m_values.insert(s.key, stored);
    }
    // Not logged here: the composition root logs loadWarnings() once the log file is open.
}

QString Settings::keyName(Key key)
{
    return QString::fromLatin1(spec(key).name);
}

Result<Settings::Key> Settings::keyFromName(const QString &name)
{
    for (const KeySpec &s : kKeys) {
        if (name == QLatin1StringView(s.name))
            return s.key;
    }
    return Error::invalidArgument(u"key"_s, u"'%1' is not a setting"_s.arg(name));
}

QVariant Settings::value(Key key) const
{
    return m_values.value(key);
}

QVariant Settings::defaultValue(Key key) const
{
    switch (key) {
    case Key::DraftsFolder:
        return platformDraftsFolder(m_dataDir);
    case Key::EditorExecutable:
        return QString();
    case Key::EditorProfile:
        return u"auto"_s;
    case Key::ApiListenAddress:
        return ListenAddress::defaultAddress().toString();
    case Key::Language:
        return u"system"_s;
    case Key::LogLevel:
        return u"info"_s;
    case Key::StartMinimized:
    case Key::RequireTokenEverywhere:
        return false;
    case Key::AllowedFolders:
        return QStringList();
    case Key::DownloadMaxBytes:
        return qint64(2) * 1024 * 1024 * 1024;
    case Key::MediaCacheMaxBytes:
        return qint64(10) * 1024 * 1024 * 1024;
    case Key::CompatNamespace:
    case Key::CompatUnknownDraftId:
    case Key::CompatEffectParamsOrder:
        return choices(key).constFirst();
    }
    Q_UNREACHABLE();
}

Result<QVariant> Settings::validate(Key key, const QVariant &value) const
{
    const QString field = keyName(key);
    switch (key) {
    case Key::DraftsFolder: {
        Result<QString> folder = toAbsoluteFolder(field, value.toString());
        if (!folder)
            return folder.error();
        return QVariant(*folder);
    }
    case Key::EditorExecutable: {
        const QString path = value.toString().trimmed();
        if (path.isEmpty())
            return QVariant(QString());
        if (!QDir::isAbsolutePath(path))
            return Error::invalidArgument(
                field, u"the editor executable must be an absolute path, got '%1'"_s.arg(path));
        if (QFileInfo(path).isDir())
            return Error::invalidArgument(field,
                                          u"the editor executable '%1' is a folder"_s.arg(path));
        return QVariant(QDir::cleanPath(path));
    }
    case Key::EditorProfile: {
        const QString profile = value.toString().trimmed();
        if (!knownEditorProfiles().contains(profile))
            return Error::invalidArgument(field,
                                          u"'%1' is not an editor profile (one of: %2)"_s.arg(
                                              profile, knownEditorProfiles().join(u", ")));
        return QVariant(profile);
    }
    case Key::ApiListenAddress: {
        Result<ListenAddress> address
            = ListenAddress::parse(value.toString(), ListenAddress::PortPolicy::RequireFixed);
        if (!address)
            return Error(address.error().code(), address.error().message(),
                         address.error().details())
                .withDetail(u"field"_s, field);
        return QVariant(address->toString());
    }
    case Key::Language: {
        const QString language = value.toString().trimmed();
        if (!knownLanguages().contains(language))
            return Error::invalidArgument(field, u"'%1' is not a language (one of: %2)"_s.arg(
                                                     language, knownLanguages().join(u", ")));
        return QVariant(language);
    }
    case Key::LogLevel: {
        Result<spdlog::level::level_enum> level = LogManager::parseLevel(value.toString());
        if (!level)
            return level.error();
        return QVariant(LogManager::levelName(*level));
    }
    case Key::StartMinimized:
    case Key::RequireTokenEverywhere: {
        Result<bool> flag = toBool(field, value);
        if (!flag)
            return flag.error();
        return QVariant(*flag);
    }
    case Key::DownloadMaxBytes:
    case Key::MediaCacheMaxBytes: {
        bool ok = false;
        const qint64 bytes = value.toLongLong(&ok);
        const bool download = key == Key::DownloadMaxBytes;
        const qint64 min = download ? MinDownloadBytes : MinCacheBytes;
        const qint64 max = download ? MaxDownloadBytes : MaxCacheBytes;
        if (!ok)
            return Error::invalidArgument(field,
                                          u"'%1' is not a number of bytes"_s.arg(value.toString()));
        if (bytes < min || bytes > max)
            return Error::outOfRange(field, bytes, min, max);
        return QVariant(bytes);
    }
    case Key::CompatNamespace:
    case Key::CompatUnknownDraftId:
    case Key::CompatEffectParamsOrder: {
        const QString choice = value.toString().trimmed().toLower();
        if (!choices(key).contains(choice))
            return Error::invalidArgument(
                field, u"'%1' is not a value of %2 (one of: %3)"_s.arg(value.toString(), field,
                                                                       choices(key).join(u", ")));
        return QVariant(choice);
    }
    case Key::AllowedFolders: {
        QStringList input = value.toStringList();
        if (input.isEmpty() && !value.toString().isEmpty())
            input = {value.toString()};
        QStringList folders;
        for (const QString &entry : std::as_const(input)) {
            Result<QString> folder = toAbsoluteFolder(field, entry);
            if (!folder)
                return folder.error();
            if (!folders.contains(*folder))
                folders.append(*folder);
        }
        return QVariant(folders);
    }
    }
    Q_UNREACHABLE();
}

Result<> Settings::setValue(Key key, const QVariant &value)
{
    Result<QVariant> valid = validate(key, value);
    if (!valid)
        return valid.error();
    if (m_values.value(key) == *valid)
        return {};

    const QString path = iniPath(key);
    const bool hadValue = m_settings->contains(path);
    const QVariant previous = m_settings->value(path);
    m_settings->setValue(path, *valid);
    m_settings->sync(); // QSettings writes through QSaveFile: the file is replaced atomically
    if (m_settings->status() != QSettings::NoError) {
        if (hadValue)
            m_settings->setValue(path, previous);
        else
            m_settings->remove(path);
        return Error(ErrorCode::IoError,
                     u"cannot write the settings file %1; '%2' was not changed"_s.arg(filePath(),
                                                                                      keyName(key)),
                     {{u"path"_s, filePath()}, {u"field"_s, keyName(key)}});
    }
    m_values.insert(key, *valid);
    emitChanged(key, *valid);
    return {};
}

Result<> Settings::reset(Key key)
{
    return setValue(key, defaultValue(key));
}

void Settings::emitChanged(Key key, const QVariant &value)
{
    Log::get(Log::Settings)->info("setting {} changed", keyName(key));
    switch (key) {
    case Key::DraftsFolder:
        Q_EMIT draftsFolderChanged(value.toString());
        break;
    case Key::EditorExecutable:
        Q_EMIT editorExecutableChanged(value.toString());
        break;
    case Key::EditorProfile:
        Q_EMIT editorProfileChanged(value.toString());
        break;
    case Key::ApiListenAddress:
        Q_EMIT apiListenAddressChanged(apiListenAddress());
        break;
    case Key::Language:
        Q_EMIT languageChanged(value.toString());
        break;
    case Key::LogLevel:
        Q_EMIT logLevelChanged(value.toString());
        break;
    case Key::StartMinimized:
        Q_EMIT startMinimizedChanged(value.toBool());
        break;
    case Key::AllowedFolders:
        Q_EMIT allowedFoldersChanged(value.toStringList());
        break;
    case Key::RequireTokenEverywhere:
        Q_EMIT requireTokenEverywhereChanged(value.toBool());
        break;
    case Key::DownloadMaxBytes:
        Q_EMIT downloadMaxBytesChanged(value.toLongLong());
        break;
    case Key::MediaCacheMaxBytes:
        Q_EMIT mediaCacheMaxBytesChanged(value.toLongLong());
        break;
    case Key::CompatNamespace:
    case Key::CompatUnknownDraftId:
    case Key::CompatEffectParamsOrder:
        break; // read per request; changed() below is enough
    }
    Q_EMIT changed(key, value);
}

QStringList Settings::knownEditorProfiles()
{
    // "auto" (detect from the user's draft store) or one of the built-in draft profiles.
    return QStringList{u"auto"_s} + DraftProfile::builtInIds();
}

QStringList Settings::knownLanguages()
{
    return {u"system"_s, u"zh_CN"_s, u"en"_s};
}

// Typed accessors: thin wrappers over the validated generic path above.
QString Settings::draftsFolder() const
{
    return value(Key::DraftsFolder).toString();
}
Result<> Settings::setDraftsFolder(const QString &folder)
{
    return setValue(Key::DraftsFolder, folder);
}
QString Settings::editorExecutable() const
{
    return value(Key::EditorExecutable).toString();
}
Result<> Settings::setEditorExecutable(const QString &path)
{
    return setValue(Key::EditorExecutable, path);
}
QString Settings::editorProfile() const
{
    return value(Key::EditorProfile).toString();
}
Result<> Settings::setEditorProfile(const QString &profile)
{
    return setValue(Key::EditorProfile, profile);
}
ListenAddress Settings::apiListenAddress() const
{
    return ListenAddress::parse(value(Key::ApiListenAddress).toString())
        .valueOr(ListenAddress::defaultAddress());
}
Result<> Settings::setApiListenAddress(const ListenAddress &address)
{
    return setValue(Key::ApiListenAddress, address.toString());
}
QString Settings::language() const
{
    return value(Key::Language).toString();
}
Result<> Settings::setLanguage(const QString &language)
{
    return setValue(Key::Language, language);
}
QString Settings::logLevel() const
{
    return value(Key::LogLevel).toString();
}
Result<> Settings::setLogLevel(const QString &level)
{
    return setValue(Key::LogLevel, level);
}
bool Settings::startMinimized() const
{
    return value(Key::StartMinimized).toBool();
}
Result<> Settings::setStartMinimized(bool minimized)
{
    return setValue(Key::StartMinimized, minimized);
}
QStringList Settings::allowedFolders() const
{
    return value(Key::AllowedFolders).toStringList();
}
Result<> Settings::setAllowedFolders(const QStringList &folders)
{
    return setValue(Key::AllowedFolders, folders);
}
qint64 Settings::downloadMaxBytes() const
{
    return value(Key::DownloadMaxBytes).toLongLong();
}
Result<> Settings::setDownloadMaxBytes(qint64 bytes)
{
    return setValue(Key::DownloadMaxBytes, bytes);
}
qint64 Settings::mediaCacheMaxBytes() const
{
    return value(Key::MediaCacheMaxBytes).toLongLong();
}
Result<> Settings::setMediaCacheMaxBytes(qint64 bytes)
{
    return setValue(Key::MediaCacheMaxBytes, bytes);
}
bool Settings::requireTokenEverywhere() const
{
    return value(Key::RequireTokenEverywhere).toBool();
}
Result<> Settings::setRequireTokenEverywhere(bool required)
{
    return setValue(Key::RequireTokenEverywhere, required);
}

QString Settings::compatNamespace() const
{
    return value(Key::CompatNamespace).toString();
}

QString Settings::compatUnknownDraftId() const
{
    return value(Key::CompatUnknownDraftId).toString();
}

QString Settings::compatEffectParamsOrder() const
{
    return value(Key::CompatEffectParamsOrder).toString();
}

} // namespace CutPilot::Core
