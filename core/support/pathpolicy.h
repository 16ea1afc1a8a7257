#pragma once

#include "result.h"

#include <QStringList>

namespace CutPilot::Core {

/// Which local paths from outside (API requests, plan files) CutPilot may read or write: only
/// those inside an allowed folder (the allowedFolders setting plus CutPilot's own data folders).
/// Treats every path as hostile: `file://` URLs, relative paths, `..` segments and paths that
/// leave the folders through a symbolic link are refused with ErrorCode::PathNotAllowed naming the
/// field. Value type; immutable once built, so a copy can be checked from any thread.
class PathPolicy final
{
public:
    PathPolicy() = default;
    explicit PathPolicy(QStringList allowedFolders);

    /// The folders, cleaned and absolute (symbolic links resolved where they exist).
    const QStringList &allowedFolders() const { return m_folders; }

    /// The canonical absolute path when `path` is allowed, else the error. The file itself need not
    /// exist (it may be an output), but its parent folder's real location is what is checked.
    Result<QString> check(const QString &path, const QString &field) const;

    /// Whether `path` (already absolute and clean) is inside `folder`.
    static bool isInside(const QString &path, const QString &folder);

private:
    QStringList m_folders;
};

} // namespace CutPilot::Core
