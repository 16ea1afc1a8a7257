#include "pathpolicy.h"

#include <QDir>
#include <QFileInfo>

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

} // namespace

PathPolicy::PathPolicy(QStringList allowedFolders)
{
    for (const QString &folder : std::as_const(allowedFolders)) {
        if (folder.isEmpty() || !QDir::isAbsolutePath(folder))
            continue;
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

Result<QString> PathPolicy::check(const QString &path, const QString &field) const
{
    const QVariantMap details{{u"field"_s, field}};
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
    if (!QDir::isAbsolutePath(normalized))
        return Error(ErrorCode::PathNotAllowed,
                     u"%1: '%2' is not an absolute path"_s.arg(field, path), details);
    const QStringList segments = normalized.split(u'/');
    if (segments.contains(u".."_s))
        return Error(ErrorCode::PathNotAllowed,
                     u"%1: '%2' contains '..'; give the path without it"_s.arg(field, path),
                     details);
    const QString real = realPath(normalized);
    for (const QString &folder : m_folders) {
        if (isInside(real, folder))
            return real;
    }
    return Error(ErrorCode::PathNotAllowed,
                 m_folders.isEmpty()
                     ? u"%1: '%2' is outside the allowed folders (none is configured: add the "
                       "folder to the allowedFolders setting)"_s.arg(field, path)
                     : u"%1: '%2' is outside the allowed folders (%3); add its folder to the "
                       "allowedFolders setting"_s.arg(field, path, m_folders.join(u", "_s)),
                 details);
}

} // namespace CutPilot::Core
