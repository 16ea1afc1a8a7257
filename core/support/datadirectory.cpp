#include "datadirectory.h"

#include <QDir>
#include <QFileInfo>
#include <QLockFile>
#include <QStandardPaths>
#include <QTemporaryFile>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

DataDirectory::DataDirectory(QString path)
    : m_path(std::move(path))
{
}

DataDirectory::DataDirectory(DataDirectory &&) noexcept = default;
DataDirectory &DataDirectory::operator=(DataDirectory &&) noexcept = default;
DataDirectory::~DataDirectory() = default;

QString DataDirectory::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

Result<DataDirectory> DataDirectory::prepare(const QString &path)
{
    const QString field = u"data-dir"_s;
    if (path.trimmed().isEmpty())
        return Error::invalidArgument(field, u"the data folder path is empty"_s);
    const QString absolute = QDir::cleanPath(QDir::current().absoluteFilePath(path));
    const QFileInfo info(absolute);
    if (info.exists() && !info.isDir())
        return Error(ErrorCode::InvalidArgument,
                     u"the data folder %1 is a file, not a folder"_s.arg(absolute),
                     {{u"field"_s, field}, {u"path"_s, absolute}});
    if (!QDir().mkpath(absolute))
        return Error(ErrorCode::IoError, u"cannot create the data folder %1"_s.arg(absolute),
                     {{u"field"_s, field}, {u"path"_s, absolute}});

    // Probe real writability: permission bits lie (ACLs, read-only mounts, root).
    QTemporaryFile probe(absolute + u"/.write-probe-XXXXXX"_s);
    if (!probe.open() || probe.write("ok", 2) != 2)
        return Error(ErrorCode::PermissionDenied,
                     u"the data folder %1 is not writable: %2"_s.arg(absolute, probe.errorString()),
                     {{u"field"_s, field}, {u"path"_s, absolute}});
    return DataDirectory(absolute);
}

QString DataDirectory::filePath(const QString &relative) const
{
    return QDir(m_path).absoluteFilePath(relative);
}

Result<> DataDirectory::lock()
{
    if (isLocked())
        return {};
    auto lock = std::make_unique<QLockFile>(filePath(u"cutpilot.lock"_s));
    lock->setStaleLockTime(0); // only a dead owner makes a lock stale, never its age
    if (lock->tryLock(0)) {
        m_lock = std::move(lock);
        return {};
    }
    if (lock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host;
        QString app;
        lock->getLockInfo(&pid, &host, &app);
        return Error(
            ErrorCode::Locked,
            u"the data folder %1 is in use by another CutPilot (pid %2)"_s.arg(m_path).arg(pid),
            {{u"path"_s, m_path}, {u"pid"_s, pid}});
    }
    return Error(ErrorCode::IoError, u"cannot create the lock file in %1"_s.arg(m_path),
                 {{u"path"_s, m_path}});
}

bool DataDirectory::isLocked() const
{
    return m_lock && m_lock->isLocked();
}

} // namespace CutPilot::Core
