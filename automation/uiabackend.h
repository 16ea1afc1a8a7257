#pragma once

#include "core/editor/uibackend.h"

#include <memory>

namespace CutPilot::Automation {

namespace Uia {
class UiaSession;
}

/// The Windows backend: UI Automation (IUIAutomation over COM) on a COM thread of its own
/// (editor-automation.md §10.4). A thin Qt adapter over Uia::UiaSession (automation/uia/), which
/// holds all the COM and Win32 code and no Qt, so CI cross-compiles it on Linux.
///
/// - Windows are the desktop's children in the UIA raw view whose ProcessId is the editor's;
///   subtrees come from the raw-view walker with a depth limit.
/// - name = Name, description = FullDescription (30159), className = ClassName; roles from the
///   ControlType: Window ⇒ window (dialog when IsDialog), Text ⇒ text, Group ⇒ group,
///   Button ⇒ button, anything else ⇒ other (§11.4).
/// - Every node is `showing`: Qt leaves invisible children out of the UIA tree, and off-screen
///   elements stay in the raw view the public tools count depths and indexes in.
/// - actions: "Invoke" when the Invoke pattern is there, plus the LegacyIAccessible default
///   action's name (e.g. "Press").
/// - activate(): Invoke, else DoDefaultAction, else (only when clickAllowed) a real click at the
///   centre of a freshly read rectangle with the editor verified foreground and under the point,
///   the user idle for a second, and the cursor and foreground window restored (§10.3).
/// - sendKeys(): SendInput with the editor window foreground only for the key event, or posted
///   WM_KEYDOWN/UP when the input policy says so.
/// - isResponsive(): IsHungAppWindow and a WM_NULL probe; no UIA call.
class UiaBackend final : public Core::Editor::UiBackend
{
public:
    /// The profile's `input` part (spec §10.2) beyond clickAllowed.
    struct InputPolicy
    {
        bool preferPatterns = true;
        bool restoreCursor = true;
        bool postKeyMessages = false; ///< post WM_KEYDOWN/UP instead of SendInput
    };

    explicit UiaBackend(qint64 pid);
    ~UiaBackend() override;

    QString name() const override { return QStringLiteral("uia"); }
    Core::Result<QList<Core::Editor::UiNode>> snapshot(int maxDepth) override;
    Core::Result<> activate(const Core::Editor::UiNode &node, bool clickAllowed) override;
    Core::Result<> sendKeys(const Core::Editor::UiNode &window, const QString &keys) override;
    bool isResponsive() override;

    /// Retargets the backend (the editor was restarted).
    void setPid(qint64 pid);
    void setInputPolicy(const InputPolicy &policy);

    /// Whether UI Automation could be initialised on this machine (for doctor).
    Core::Result<> available() const;

private:
    std::unique_ptr<Uia::UiaSession> m_session;
    InputPolicy m_policy;
};

} // namespace CutPilot::Automation
