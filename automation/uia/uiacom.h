#pragma once

// The COM layer of the Windows UI Automation backend: plain C++17 + Win32, no Qt, so CI
// compile-checks it on Linux with mingw-w64 (tests/automation: uia_mingw_compile). The Qt
// adapter (automation/uiabackend.h) converts its plain structs to Core::Editor::UiNode.
//
// Everything UIA runs on one thread the session owns (COINIT_MULTITHREADED, as Microsoft
// recommends for UIA clients); the public functions hand work to it and wait with a timeout, so
// a hung editor cannot block the caller forever.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace CutPilot::Automation::Uia {

/// A screen rectangle in physical pixels (UIA BoundingRectangle), right/bottom exclusive.
struct Rect
{
    long left = 0;
    long top = 0;
    long right = 0;
    long bottom = 0;

    bool empty() const { return right <= left || bottom <= top; }
};

/// One element of a snapshot. `handle` refers to the live element until the next snapshot.
struct Node
{
    std::wstring role; ///< window, dialog, text, group, button, other (editor-automation.md §11.4)
    std::wstring name; ///< UIA Name (30005)
    std::wstring description;      ///< UIA FullDescription (30159)
    std::wstring className;        ///< UIA ClassName (30012)
    int controlType = 0;           ///< UIA ControlType (30003)
    Rect bounds;                   ///< UIA BoundingRectangle
    bool offscreen = false;        ///< UIA IsOffscreen
    bool invokable = false;        ///< Invoke pattern available
    bool legacyAccessible = false; ///< LegacyIAccessible pattern available
    std::wstring defaultAction;    ///< LegacyIAccessible DefaultAction ("Press", "Click" …)
    bool hasValue = false;         ///< Value pattern available
    std::wstring value;            ///< its Value, when available
    std::uint64_t handle = 0;      ///< the session's reference (0: none)
    std::vector<Node> children;
};

enum class StatusCode {
    Ok,
    NotReady,    ///< COM or UI Automation could not be initialised
    NotRunning,  ///< no window of the process in the UIA tree
    StaleHandle, ///< the node is from an older snapshot
    NoAction,    ///< no pattern and clicks not allowed
    NotAllowed,  ///< real input refused (not foreground, not under the point, operator busy)
    InvalidKeys, ///< a key sequence this layer cannot send
    Timeout,     ///< the UIA thread did not answer in time (editor hung?)
    Failed,      ///< a COM / Win32 call failed
};

struct Status
{
    StatusCode code = StatusCode::Ok;
    long hresult = 0; ///< the failing HRESULT or GetLastError() value, when there was one
    std::wstring message;

    bool ok() const { return code == StatusCode::Ok; }
    static Status success() { return {}; }
    static Status failure(StatusCode code, std::wstring message, long hresult = 0)
    {
        return Status{code, hresult, std::move(message)};
    }
};

/// How an element was activated.
enum class ActionMethod {
    None,
    Invoke,        ///< UIA Invoke pattern
    DefaultAction, ///< LegacyIAccessible DoDefaultAction
    Click,         ///< SendInput click at the rectangle centre
};

struct ActivateOptions
{
    bool clickAllowed = false;      ///< the profile's input.clickAllowed (spec §10.3 rule 4)
    bool restoreCursor = true;      ///< the profile's input.restoreCursor
    bool preferPatterns = true;     ///< false: skip Invoke / DoDefaultAction (profile preference)
    unsigned operatorIdleMs = 1000; ///< refuse a real click when the user touched input lately
};

struct ActivateResult
{
    Status status;
    ActionMethod method = ActionMethod::None;
};

enum class KeyDelivery {
    SendInput, ///< foreground the window for the key event only, SendInput, restore
    Posted,    ///< WM_KEYDOWN/UP (WM_SYSKEY* with Alt) posted to the window; no focus change
};

struct KeyOptions
{
    KeyDelivery delivery = KeyDelivery::SendInput;
    unsigned settleMs = 100; ///< wait after SendInput before giving the foreground back
};

/// A parsed "Ctrl+Shift+E": Win32 virtual-key codes.
struct KeyChord
{
    std::vector<unsigned short> modifiers; ///< VK_CONTROL, VK_SHIFT, VK_MENU, in order
    unsigned short key = 0;
    bool extended = false; ///< needs KEYEVENTF_EXTENDEDKEY (arrows, Home, PageUp …)
};

/// Parses "Ctrl+E", "Return", "Escape", "Alt+F4", "PageDown" (case-insensitive names,
/// '+'-separated, modifiers first). False with `error` set for anything else.
bool parseKeys(const std::wstring &keys, KeyChord *chord, std::wstring *error);

/// The abstract role of a UIA control type (IsDialog marks a Window as a dialog).
std::wstring roleForControlType(int controlType, bool isDialog);

/// Visible top-level windows (HWND values) of process `pid`, by EnumWindows.
std::vector<std::uintptr_t> topLevelWindows(unsigned long pid);

/// A UI Automation client session bound to one process. Thread-safe: every UIA call runs on the
/// session's own COM thread; calls are serialised.
class UiaSession
{
public:
    explicit UiaSession(unsigned long pid = 0);
    ~UiaSession();
    UiaSession(const UiaSession &) = delete;
    UiaSession &operator=(const UiaSession &) = delete;

    /// Whether COM and CUIAutomation initialised on the session thread (else: why not).
    Status initStatus() const;

    void setProcessId(unsigned long pid);
    unsigned long processId() const;

    /// Upper bound for one call on the UIA thread (default 15 s). After a timeout the session
    /// refuses new calls until the stuck one returns.
    void setCallTimeoutMs(unsigned ms);

    /// The process's top-level UIA elements (children of the desktop root in the raw view whose
    /// ProcessId matches), each with its raw-view subtree down to `maxDepth` levels below it.
    /// Drops the element handles of the previous snapshot.
    Status snapshot(int maxDepth, std::vector<Node> *windows);

    /// Invoke → LegacyIAccessible DoDefaultAction → (only when allowed) a real click at the
    /// centre of a freshly read bounding rectangle, cursor restored afterwards.
    ActivateResult activate(std::uint64_t handle, const ActivateOptions &options);

    /// Sends `keys` to the top-level window that contains element `windowHandle`.
    Status sendKeys(std::uint64_t windowHandle, const std::wstring &keys,
                    const KeyOptions &options);

    /// False when the process has no visible top-level window or one of them is hung
    /// (IsHungAppWindow, or no answer to WM_NULL within `timeoutMs`). No UIA involved.
    bool isResponsive(unsigned timeoutMs = 1000) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace CutPilot::Automation::Uia
