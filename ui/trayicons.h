#pragma once

#include "core/support/result.h"

#include <QColor>
#include <QCoreApplication>
#include <QIcon>
#include <QJsonObject>
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

/// Translated name of the supervisor's state, e.g. "stopped" (EditorSupervisor::stateName() is the
/// untranslated one of the logs and the API).
QString editorStateText(int state);
/// Translated label of an export failure's machine reason ("vip", "crash", …; see
/// docs/automation.md, "Failures and retries"); an unknown reason is shown as it is.
QString exportReasonText(const QString &reason);
/// The editor check's answer (EditorHost::runDoctor) as one translated line for a notification or
/// the export panel; `failed` (optional) says whether it did not pass.
QString doctorResultText(const Core::Result<QJsonObject> &report, bool *failed = nullptr);

/// Holds the translatable texts of this file (tr() needs a class).
class EditorHealthTexts final
{
    Q_DECLARE_TR_FUNCTIONS(CutPilot::Ui::EditorHealthTexts)
public:
    static QString text(EditorHealth health);
    static QString state(int state);
    static QString reason(const QString &reason);
    static QString doctor(const Core::Result<QJsonObject> &report, bool *failed);
};

} // namespace CutPilot::Ui
