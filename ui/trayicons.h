#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QIcon>
#include <QString>

namespace CutPilot::Core::Editor {
class EditorSupervisor;
}

namespace CutPilot::Ui {

/// The editor's health as the tray, the status bar and the export panel show it.
enum class EditorHealth {
    None,     ///< no editor configured (grey)
    Ready,    ///< green
    Busy,     ///< exporting (blue)
    Degraded, ///< starting, unresponsive or restarting (orange)
    Down,     ///< stopped or failed: the circuit breaker is open (red)
};

/// Health of `supervisor` (null: None).
EditorHealth editorHealth(const Core::Editor::EditorSupervisor *supervisor);
QColor editorHealthColor(EditorHealth health);
/// Translated, e.g. "Editor ready".
QString editorHealthText(EditorHealth health);
/// The tray icon: the app's icon with a status dot in the health's colour (plain shapes when the
/// app icon is unavailable).
QIcon editorHealthIcon(EditorHealth health);

/// Holds the translatable texts of this file (tr() needs a class).
class EditorHealthTexts final
{
    Q_DECLARE_TR_FUNCTIONS(CutPilot::Ui::EditorHealthTexts)
public:
    static QString text(EditorHealth health);
};

} // namespace CutPilot::Ui
