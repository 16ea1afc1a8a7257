#pragma once

#include "result.h"

#include <QStringList>

namespace CutPilot::Core {

/// Which local paths from outside (API requests, plan files) CutPilot may read or write: only
/// those inside an allowed folder (the allowedFolders setting plus CutPilot's own data folders).
/// Treats every path as hostile: `file://` URLs, relative paths, `..` segments, network (UNC)
/// paths and paths that leave the folders through a symbolic link are refused with
/// ErrorCode::PathNotAllowed naming the field. Value type; immutable once built, so a copy can be
/// checked from any thread.
///
/// The checks are lexical first: a path is refused before any file system call unless, as
/// written, it lies inside an allowed folder (as configured or as its symbolic links resolve).
/// Only then are its symbolic links resolved and the real location checked again. So a hostile
/// path never makes CutPilot touch the file system, and a UNC path (`\\host\share`, `//host/share`,
/// `\\?\...`, `\\.\...`; `//host/share` counts as one on every platform) never opens an SMB
/// connection that would hand the user's NTLM credentials to that host - unless an allowed folder
/// is itself on that kind of path. A path that reaches an allowed folder only through a symbolic
/// link outside the folders is refused: give the path inside the folder.
///
/// What to allow: the user's media folders and CutPilot's own folders that hold media, each on
/// its own - drafts/, downloads/ and media-cache/objects/ - never the whole data folder: it also
/// holds the settings, the API token store, the logs and the cache's index, which no request
/// may read or overwrite.
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
    /// Whether `path` is a network (UNC) or Windows device path: `\\host\share`, `//host/share`,
    /// `\\?\...`, `\\.\...`. Purely lexical; the same answer on every platform.
    static bool isNetworkPath(const QString &path);

private:
    QStringList m_folders;        ///< real locations (symbolic links resolved)
    QStringList m_lexical;        ///< as configured, cleaned: the lexical check accepts either form
    bool m_allowsNetwork = false; ///< an allowed folder is itself a UNC path
};

} // namespace CutPilot::Core
