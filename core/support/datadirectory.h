#pragma once

#include "result.h"

#include <QString>

#include <memory>

class QLockFile;

namespace CutPilot::Core {

/// CutPilot's data folder (--data-dir, default: the platform app-data location): settings.ini,
/// logs/, drafts, databases. Prepared before anything else; one running CutPilot owns it at a time
/// (a lock file), so two processes never write the same journals.
class DataDirectory final
{
public:
    /// The platform default (QStandardPaths::AppDataLocation for "CutPilot").
    static QString defaultPath();

    /// Creates the folder if needed and checks that it is a writable folder.
    static Result<DataDirectory> prepare(const QString &path);

    DataDirectory(DataDirectory &&) noexcept;
    DataDirectory &operator=(DataDirectory &&) noexcept;
    ~DataDirectory();

    QString path() const { return m_path; }
    QString filePath(const QString &relative) const;
    QString logsPath() const { return filePath(QStringLiteral("logs")); }

    /// Takes the folder's lock. Fails with Locked (details: pid) while another process holds it;
    /// a lock left behind by a crashed process is taken over.
    Result<> lock();
    bool isLocked() const;

private:
    explicit DataDirectory(QString path);

    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace CutPilot::Core
