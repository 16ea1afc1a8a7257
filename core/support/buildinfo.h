#pragma once

#include <QJsonObject>
#include <QString>

namespace CutPilot::Core {

/// Facts about this build, for --version, GET /version and bug reports.
struct BuildInfo
{
    QString name;             // "CutPilot"
    QString version;          // "0.1.0"
    QString revision;         // git describe, or "unknown" outside a checkout
    QString buildType;        // CMAKE_BUILD_TYPE
    QString compiler;         // "GNU 12.2.0"
    QString qtBuildVersion;   // Qt the binary was compiled against
    QString qtRuntimeVersion; // Qt loaded at run time
    QString ffmpegVersion;    // libavformat's version string
    QString platform;         // "debian 12 x86_64"
    bool sanitized = false;   // built with ASan/UBSan

    static BuildInfo current();

    QJsonObject toJson() const;
    /// "CutPilot 0.1.0 (abc123, Debug, Qt 6.4.2, GNU 12.2.0)"
    QString summary() const;
};

} // namespace CutPilot::Core
