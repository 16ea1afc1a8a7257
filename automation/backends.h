#pragma once

#include <QString>
#include <QStringList>

namespace CutPilot::Automation {

/// The UI-automation backends compiled into this build: "uia" (Windows UI Automation) on
/// Windows, "atspi" (the Linux accessibility bus) on Linux; none yet on macOS.
/// spec/editor-automation.md describes what each one drives.
QStringList compiledBackends();

/// The backend used on this platform by default, empty when there is none.
QString defaultBackend();

} // namespace CutPilot::Automation
