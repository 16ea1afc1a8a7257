#include "pathpolicy.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

Qt::CaseSensitivity pathCase()
{
#if defined(Q_OS_WIN) || defined(Q_OS_MACOS)
    return Qt::CaseInsensitive;
#else
    return Qt::CaseSensitive;
#endif
}

/// The real location of `path`: canonical for what exists, else the canonical nearest existing
/// ancestor plus the rest (so a file to be created is checked where it would really land).
QString realPath(const QString &path)
{
    QString existing = QDir::cleanPath(path);
    QStringList rest;
    while (!existing.isEmpty()) {
        const QFileInfo info(existing);
        if (info.exists()) {
            QString canonical = info.canonicalFilePath();
            for (auto it = rest.crbegin(); it != rest.crend(); ++it)
                canonical += u'/' + *it;
            return QDir::cleanPath(canonical);
        }
        const QString parent = info.path();
        if (parent == existing)
            break;
        rest.append(info.fileName());
        existing = parent;
    }
    return QDir::cleanPath(path);
}

/// `path` with '/' separators and `.`/duplicate separators removed, without touching the file
/// system. Keeps a UNC path's leading "//" (QDir::cleanPath keeps it only on Windows).
QString lexicalClean(const QString &path)
{
    const QString normalized = QDir::fromNativeSeparators(path);
    if (PathPolicy::isNetworkPath(normalized))
        return u"//"_s + QDir::cleanPath(normalized.mid(2));
    return QDir::cleanPath(normalized);
}

} // namespace

PathPolicy::PathPolicy(QStringList allowedFolders)
{
    for (const QString &folder : std::as_const(allowedFolders)) {
        if (folder.isEmpty() || !QDir::isAbsolutePath(QDir::fromNativeSeparators(folder)))
            continue;
        const QString lexical = lexicalClean(folder);
        if (isNetworkPath(lexical))
            m_allowsNetwork = true;
        if (!m_lexical.contains(lexical, pathCase()))
            m_lexical.append(lexical);
        // The configured folders are trusted: resolving their links may touch the file system.
        const QString real = realPath(folder);
        if (!m_folders.contains(real, pathCase()))
            m_folders.append(real);
    }
}

bool PathPolicy::isInside(const QString &path, const QString &folder)
{
    if (path.compare(folder, pathCase()) == 0)
        return true;
    const QString prefix = folder.endsWith(u'/') ? folder : folder + u'/';
    return path.startsWith(prefix, pathCase());
}

bool PathPolicy::isNetworkPath(const QString &path)
{
    // \\host\share, //host/share, \\?\C:\..., \\.\pipe\...: two separators in front.
    return path.size() >= 2 && (path[0] == u'/' || path[0] == u'\\')
           && (path[1] == u'/' || path[1] == u'\\');
}

Result<QString> PathPolicy::check(const QString &path, const QString &field) const
{
    const QVariantMap details{{u"field"_s, field}};
    const auto outside = [&] {
        return Error(ErrorCode::PathNotAllowed,
                     m_folders.isEmpty()
                         ? u"%1: '%2' is outside the allowed folders (none is configured: add the "
                           "folder to the allowedFolders setting)"_s.arg(field, path)
                         : u"%1: '%2' is outside the allowed folders (%3); add its folder to the "
                           "allowedFolders setting"_s.arg(field, path, m_folders.join(u", "_s)),
                     details);
    };
    // Everything up to the lexical containment check looks at the text only: no file system call
    // for a path that is not inside an allowed folder as written.
    if (path.isEmpty())
        return Error(ErrorCode::MissingField, u"%1 is empty"_s.arg(field), details);
    if (path.startsWith(u"file:"_s, Qt::CaseInsensitive))
        return Error(ErrorCode::PathNotAllowed,
                     u"%1: file:// URLs are not accepted; give a plain absolute path"_s.arg(field),
                     details);
    if (path.contains(QChar(0)))
        return Error(ErrorCode::PathNotAllowed,
                     u"%1: the path contains a NUL character"_s.arg(field), details);
    const QString normalized = QDir::fromNativeSeparators(path);
    if (isNetworkPath(normalized) && !m_allowsNetwork)
        return Error(ErrorCode::PathNotAllowed,
                     u"%1: '%2' is a network (UNC) or device path; only local folders are "
                     "accepted"_s.arg(field, path),
                     details);
    if (!QDir::isAbsolutePath(normalized))
        return Error(ErrorCode::PathNotAllowed,
                     u"%1: '%2' is not an absolute path"_s.arg(field, path), details);
    const QStringList segments = normalized.split(u'/');
    if (segments.contains(u".."_s))
        return Error(ErrorCode::PathNotAllowed,
                     u"%1: '%2' contains '..'; give the path without it"_s.arg(field, path),
                     details);
    const QString lexical = lexicalClean(normalized);
    const auto inAny = [](const QString &candidate, const QStringList &folders) {
        return std::any_of(folders.cbegin(), folders.cend(),
                           [&](const QString &folder) { return isInside(candidate, folder); });
    };
    if (!inAny(lexical, m_lexical) && !inAny(lexical, m_folders))
        return outside();

    // Inside as written: now resolve symbolic links and check where it really is.
    const QString real = realPath(lexical);
    if (!inAny(real, m_folders))
        return outside();
    return real;
}

} // namespace CutPilot::Core
