#include "uiacom.h"

#include "uiainterfaces.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cwctype>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace CutPilot::Automation::Uia {

using namespace Com;

namespace {

constexpr int MaxChildrenPerNode = 500;
constexpr int MaxNodesPerSnapshot = 20000;

std::wstring hresultText(long hr)
{
    wchar_t buffer[32];
    std::swprintf(buffer, sizeof buffer / sizeof buffer[0], L" (0x%08lX)",
                  static_cast<unsigned long>(hr));
    return buffer;
}

Status comFailure(StatusCode code, const std::wstring &what, HRESULT hr)
{
    return Status::failure(code, what + hresultText(hr), hr);
}

Status win32Failure(StatusCode code, const std::wstring &what)
{
    const DWORD error = GetLastError();
    return Status::failure(code, what + hresultText(long(error)), long(error));
}

std::wstring takeBstr(BSTR text)
{
    std::wstring result;
    if (text) {
        result.assign(text, SysStringLen(text));
        SysFreeString(text);
    }
    return result;
}

std::wstring stringProperty(IUIAutomationElement *element, PROPERTYID id)
{
    VARIANT value;
    VariantInit(&value);
    std::wstring result;
    if (SUCCEEDED(element->GetCurrentPropertyValue(id, &value)) && value.vt == VT_BSTR
        && value.bstrVal)
        result.assign(value.bstrVal, SysStringLen(value.bstrVal));
    VariantClear(&value);
    return result;
}

bool boolProperty(IUIAutomationElement *element, PROPERTYID id)
{
    VARIANT value;
    VariantInit(&value);
    bool result = false;
    if (SUCCEEDED(element->GetCurrentPropertyValue(id, &value)) && value.vt == VT_BOOL)
        result = value.boolVal != VARIANT_FALSE;
    VariantClear(&value);
    return result;
}

std::wstring lower(std::wstring text)
{
    for (wchar_t &c : text)
        c = wchar_t(std::towlower(c));
    return text;
}

std::wstring trimmed(const std::wstring &text)
{
    const auto first = text.find_first_not_of(L" \t");
    if (first == std::wstring::npos)
        return {};
    const auto last = text.find_last_not_of(L" \t");
    return text.substr(first, last - first + 1);
}

/// Makes `window` the foreground window. Windows only lets the foreground process hand the
/// foreground on; attaching to the current foreground thread's input makes this thread count as
/// such for the call. Returns whether `window` is foreground afterwards.
bool bringToForeground(HWND window)
{
    if (GetForegroundWindow() == window)
        return true;
    if (IsIconic(window))
        ShowWindow(window, SW_RESTORE);
    const HWND foreground = GetForegroundWindow();
    const DWORD foregroundThread = foreground ? GetWindowThreadProcessId(foreground, nullptr) : 0;
    const DWORD self = GetCurrentThreadId();
    const bool attached = foregroundThread && foregroundThread != self
                          && AttachThreadInput(self, foregroundThread, TRUE);
    SetForegroundWindow(window);
    BringWindowToTop(window);
    if (attached)
        AttachThreadInput(self, foregroundThread, FALSE);
    for (int i = 0; i < 20 && GetForegroundWindow() != window; ++i)
        Sleep(10);
    return GetForegroundWindow() == window;
}

/// Gives the foreground back to `previous` after a real input event, when it still exists.
void restoreForeground(HWND previous, HWND current)
{
    if (previous && previous != current && IsWindow(previous))
        bringToForeground(previous);
}

INPUT keyInput(unsigned short vk, bool up, bool extended)
{
    INPUT input = {};
    input.type = INPUT_KEYBOARD;
    input.ki.wVk = vk;
    input.ki.wScan = WORD(MapVirtualKeyW(vk, MAPVK_VK_TO_VSC));
    input.ki.dwFlags = (up ? KEYEVENTF_KEYUP : 0) | (extended ? KEYEVENTF_EXTENDEDKEY : 0);
    return input;
}

LPARAM keyLParam(unsigned short vk, bool up, bool extended, bool alt)
{
    const unsigned long scan = MapVirtualKeyW(vk, MAPVK_VK_TO_VSC) & 0xff;
    unsigned long value = 1 | (scan << 16);
    if (extended)
        value |= 1ul << 24;
    if (alt)
        value |= 1ul << 29;
    if (up)
        value |= (1ul << 30) | (1ul << 31);
    return LPARAM(value);
}

struct EnumState
{
    DWORD pid = 0;
    std::vector<std::uintptr_t> windows;
};

BOOL CALLBACK collectWindow(HWND window, LPARAM data)
{
    auto *state = reinterpret_cast<EnumState *>(data);
    DWORD owner = 0;
    GetWindowThreadProcessId(window, &owner);
    if (owner == state->pid && IsWindowVisible(window))
        state->windows.push_back(reinterpret_cast<std::uintptr_t>(window));
    return TRUE;
}

} // namespace

bool parseKeys(const std::wstring &keys, KeyChord *chord, std::wstring *error)
{
    std::vector<std::wstring> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t plus = keys.find(L'+', start);
        parts.push_back(
            trimmed(keys.substr(start, plus == std::wstring::npos ? plus : plus - start)));
        if (plus == std::wstring::npos)
            break;
        start = plus + 1;
    }
    KeyChord result;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        const std::wstring m = lower(parts[i]);
        if (m == L"ctrl" || m == L"control")
            result.modifiers.push_back(VK_CONTROL);
        else if (m == L"shift")
            result.modifiers.push_back(VK_SHIFT);
        else if (m == L"alt")
            result.modifiers.push_back(VK_MENU);
        else {
            if (error)
                *error = L"'" + parts[i] + L"' in '" + keys + L"' is not a modifier";
            return false;
        }
    }
    const std::wstring key = lower(parts.back());
    struct Named
    {
        const wchar_t *name;
        unsigned short vk;
        bool extended;
    };
    static const Named named[] = {
        {L"return", VK_RETURN, false},  {L"enter", VK_RETURN, false}, {L"escape", VK_ESCAPE, false},
        {L"esc", VK_ESCAPE, false},     {L"tab", VK_TAB, false},      {L"space", VK_SPACE, false},
        {L"backspace", VK_BACK, false}, {L"delete", VK_DELETE, true}, {L"del", VK_DELETE, true},
        {L"insert", VK_INSERT, true},   {L"home", VK_HOME, true},     {L"end", VK_END, true},
        {L"pageup", VK_PRIOR, true},    {L"pagedown", VK_NEXT, true}, {L"up", VK_UP, true},
        {L"down", VK_DOWN, true},       {L"left", VK_LEFT, true},     {L"right", VK_RIGHT, true},
    };
    for (const Named &n : named) {
        if (key == n.name) {
            result.key = n.vk;
            result.extended = n.extended;
        }
    }
    if (!result.key && key.size() >= 2 && key.size() <= 3 && key[0] == L'f') {
        int number = 0;
        for (std::size_t i = 1; i < key.size(); ++i)
            number = key[i] >= L'0' && key[i] <= L'9' ? number * 10 + (key[i] - L'0') : -1000;
        if (number >= 1 && number <= 24)
            result.key = static_cast<unsigned short>(VK_F1 + number - 1);
    }
    if (!result.key && key.size() == 1) {
        const wchar_t c = key[0];
        if ((c >= L'a' && c <= L'z') || (c >= L'0' && c <= L'9'))
            result.key = static_cast<unsigned short>(std::towupper(c)); // VK_A.. / VK_0.. = ASCII
    }
    if (!result.key) {
        if (error)
            *error = L"'" + parts.back() + L"' in '" + keys + L"' is not a key this backend knows";
        return false;
    }
    *chord = result;
    return true;
}

std::wstring roleForControlType(int controlType, bool isDialog)
{
    switch (controlType) {
    case UIA_WindowControlTypeId:
        return isDialog ? L"dialog" : L"window";
    case UIA_TextControlTypeId:
        return L"text";
    case UIA_GroupControlTypeId:
        return L"group";
    case UIA_ButtonControlTypeId:
        return L"button";
    default:
        return L"other";
    }
}

std::vector<std::uintptr_t> topLevelWindows(unsigned long pid)
{
    EnumState state;
    state.pid = DWORD(pid);
    EnumWindows(collectWindow, reinterpret_cast<LPARAM>(&state));
    return state.windows;
}

// --- session ---------------------------------------------------------------------------------

struct UiaSession::Private
{
    std::atomic<unsigned long> pid{0};
    std::atomic<unsigned> timeoutMs{15000};
    std::atomic<bool> stuck{false};

    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::function<void()>> queue;
    bool stopping = false;
    std::promise<Status> ready;
    Status init;
    std::thread thread;

    // Touched on the COM thread only.
    IUIAutomation *automation = nullptr;
    IUIAutomationTreeWalker *walker = nullptr;
    std::vector<IUIAutomationElement *> elements; ///< element of handle index i+1
    std::vector<HWND> elementWindows;             ///< its top-level window
    std::uint32_t generation = 0;
    int budget = 0;
    DWORD lastInjected = 0; ///< GetTickCount() after our own last SendInput (0: never)

    void loop()
    {
        const HRESULT initHr = CoInitializeEx(nullptr, COINIT_MULTITHREADED);
        Status status;
        if (FAILED(initHr)) {
            status = comFailure(StatusCode::NotReady, L"CoInitializeEx failed", initHr);
        } else {
            HRESULT hr
                = CoCreateInstance(CLSID_CUIAutomation, nullptr, CLSCTX_INPROC_SERVER,
                                   IID_IUIAutomation, reinterpret_cast<void **>(&automation));
            if (FAILED(hr) || !automation)
                status = comFailure(StatusCode::NotReady, L"CoCreateInstance(CUIAutomation) failed",
                                    hr);
            else if (FAILED(hr = automation->get_RawViewWalker(&walker)) || !walker)
                status = comFailure(StatusCode::NotReady, L"no raw-view tree walker", hr);
        }
        ready.set_value(status);
        while (true) {
            std::function<void()> job;
            {
                std::unique_lock<std::mutex> lock(mutex);
                wake.wait(lock, [this] { return stopping || !queue.empty(); });
                if (queue.empty())
                    break;
                job = std::move(queue.front());
                queue.pop_front();
            }
            job();
            std::lock_guard<std::mutex> lock(mutex);
            if (queue.empty())
                stuck = false;
        }
        releaseElements();
        if (walker)
            walker->Release();
        if (automation)
            automation->Release();
        walker = nullptr;
        automation = nullptr;
        if (SUCCEEDED(initHr))
            CoUninitialize();
    }

    /// Runs `fn` on the COM thread and waits for it; false on timeout (the job still runs).
    template<typename R>
    bool run(std::function<R()> fn, R *out)
    {
        if (stuck)
            return false;
        auto task = std::make_shared<std::packaged_task<R()>>(std::move(fn));
        std::future<R> result = task->get_future();
        {
            std::lock_guard<std::mutex> lock(mutex);
            queue.push_back([task] { (*task)(); });
        }
        wake.notify_one();
        if (result.wait_for(std::chrono::milliseconds(timeoutMs.load()))
            != std::future_status::ready) {
            // Under the lock: the loop clears `stuck` under it once the job has returned.
            std::lock_guard<std::mutex> lock(mutex);
            if (result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
                stuck = true;
                return false;
            }
        }
        *out = result.get();
        return true;
    }

    Status timeoutStatus() const
    {
        return Status::failure(StatusCode::Timeout, L"UI Automation did not answer within "
                                                        + std::to_wstring(timeoutMs.load())
                                                        + L" ms (is the editor hung?)");
    }

    void releaseElements()
    {
        for (IUIAutomationElement *element : elements)
            element->Release();
        elements.clear();
        elementWindows.clear();
    }

    std::uint64_t keep(IUIAutomationElement *element, HWND window)
    {
        element->AddRef();
        elements.push_back(element);
        elementWindows.push_back(window);
        return (std::uint64_t(generation) << 32) | std::uint64_t(elements.size());
    }

    std::size_t indexOf(std::uint64_t handle) const
    {
        const std::uint64_t index = handle & 0xffffffffu;
        if ((handle >> 32) != generation || index == 0 || index > elements.size())
            return 0;
        return std::size_t(index);
    }

    Node read(IUIAutomationElement *element, HWND window, int depth, int maxDepth)
    {
        --budget;
        Node node;
        node.handle = keep(element, window);
        BSTR text = nullptr;
        if (SUCCEEDED(element->get_CurrentName(&text)))
            node.name = takeBstr(text);
        text = nullptr;
        if (SUCCEEDED(element->get_CurrentClassName(&text)))
            node.className = takeBstr(text);
        node.description = stringProperty(element, UIA_FullDescriptionPropertyId);
        CONTROLTYPEID type = 0;
        if (SUCCEEDED(element->get_CurrentControlType(&type)))
            node.controlType = type;
        const bool dialog
            = type == UIA_WindowControlTypeId && boolProperty(element, UIA_IsDialogPropertyId);
        node.role = roleForControlType(type, dialog);
        RECT rect = {};
        if (SUCCEEDED(element->get_CurrentBoundingRectangle(&rect)))
            node.bounds = Rect{rect.left, rect.top, rect.right, rect.bottom};
        BOOL offscreen = FALSE;
        if (SUCCEEDED(element->get_CurrentIsOffscreen(&offscreen)))
            node.offscreen = offscreen != FALSE;
        node.invokable = boolProperty(element, UIA_IsInvokePatternAvailablePropertyId);
        node.legacyAccessible
            = boolProperty(element, UIA_IsLegacyIAccessiblePatternAvailablePropertyId);
        if (node.legacyAccessible)
            node.defaultAction
                = stringProperty(element, UIA_LegacyIAccessibleDefaultActionPropertyId);
        node.hasValue = boolProperty(element, UIA_IsValuePatternAvailablePropertyId);
        if (node.hasValue)
            node.value = stringProperty(element, UIA_ValueValuePropertyId);
        if (depth >= maxDepth)
            return node;
        IUIAutomationElement *child = nullptr;
        walker->GetFirstChildElement(element, &child);
        for (int i = 0; child && i < MaxChildrenPerNode && budget > 0; ++i) {
            node.children.push_back(read(child, window, depth + 1, maxDepth));
            IUIAutomationElement *next = nullptr;
            walker->GetNextSiblingElement(child, &next);
            child->Release();
            child = next;
        }
        if (child)
            child->Release();
        return node;
    }

    std::pair<Status, std::vector<Node>> snapshotOnThread(int maxDepth)
    {
        std::pair<Status, std::vector<Node>> result;
        releaseElements();
        ++generation;
        budget = MaxNodesPerSnapshot;
        IUIAutomationElement *root = nullptr;
        HRESULT hr = automation->GetRootElement(&root);
        if (FAILED(hr) || !root) {
            result.first = comFailure(StatusCode::Failed, L"no UI Automation root element", hr);
            return result;
        }
        const int target = int(pid.load());
        IUIAutomationElement *child = nullptr;
        walker->GetFirstChildElement(root, &child);
        while (child) {
            int owner = 0;
            if (SUCCEEDED(child->get_CurrentProcessId(&owner)) && owner == target && budget > 0) {
                UIA_HWND native = nullptr;
                child->get_CurrentNativeWindowHandle(&native);
                result.second.push_back(read(child, static_cast<HWND>(native), 0, maxDepth));
            }
            IUIAutomationElement *next = nullptr;
            walker->GetNextSiblingElement(child, &next);
            child->Release();
            child = next;
        }
        root->Release();
        if (result.second.empty())
            result.first
                = Status::failure(StatusCode::NotRunning,
                                  L"no UI Automation window of process " + std::to_wstring(target));
        return result;
    }

    ActivateResult activateOnThread(std::uint64_t handle, ActivateOptions options)
    {
        ActivateResult result;
        const std::size_t index = indexOf(handle);
        if (!index) {
            result.status = Status::failure(StatusCode::StaleHandle,
                                            L"the element is from an older snapshot");
            return result;
        }
        IUIAutomationElement *element = elements[index - 1];
        if (options.preferPatterns) {
            IUIAutomationInvokePattern *invoke = nullptr;
            HRESULT hr
                = element->GetCurrentPatternAs(UIA_InvokePatternId, IID_IUIAutomationInvokePattern,
                                               reinterpret_cast<void **>(&invoke));
            if (SUCCEEDED(hr) && invoke) {
                hr = invoke->Invoke();
                invoke->Release();
                result.method = ActionMethod::Invoke;
                if (FAILED(hr))
                    result.status = comFailure(StatusCode::Failed, L"Invoke failed", hr);
                return result;
            }
            // Qt's bridge answers DoDefaultAction with S_OK even when the element has no action,
            // so only elements that name a default action count as having one.
            if (!stringProperty(element, UIA_LegacyIAccessibleDefaultActionPropertyId).empty()) {
                IUIAutomationLegacyIAccessiblePattern *legacy = nullptr;
                hr = element->GetCurrentPatternAs(UIA_LegacyIAccessiblePatternId,
                                                  IID_IUIAutomationLegacyIAccessiblePattern,
                                                  reinterpret_cast<void **>(&legacy));
                if (SUCCEEDED(hr) && legacy) {
                    hr = legacy->DoDefaultAction();
                    legacy->Release();
                    result.method = ActionMethod::DefaultAction;
                    if (FAILED(hr))
                        result.status
                            = comFailure(StatusCode::Failed, L"DoDefaultAction failed", hr);
                    return result;
                }
            }
        }
        if (!options.clickAllowed) {
            result.status = Status::failure(
                StatusCode::NoAction,
                L"the element offers no Invoke or default action and the profile allows no "
                L"clicks");
            return result;
        }
        result.method = ActionMethod::Click;
        result.status = clickOnThread(element, elementWindows[index - 1], options);
        return result;
    }

    Status clickOnThread(IUIAutomationElement *element, HWND window, const ActivateOptions &options)
    {
        BOOL offscreen = FALSE;
        if (SUCCEEDED(element->get_CurrentIsOffscreen(&offscreen)) && offscreen)
            return Status::failure(StatusCode::NotAllowed, L"the element is off screen");
        RECT rect = {};
        const HRESULT hr = element->get_CurrentBoundingRectangle(&rect); // fresh, spec §10.3.5
        if (FAILED(hr) || rect.right <= rect.left || rect.bottom <= rect.top)
            return comFailure(StatusCode::Failed, L"the element has no rectangle on screen", hr);
        const POINT centre{(rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2};
        LASTINPUTINFO last = {};
        last.cbSize = sizeof last;
        if (options.operatorIdleMs && GetLastInputInfo(&last)) {
            // Our own SendInput counts as input too: only input after it means a user is active
            // (tick arithmetic modulo 2^32: "at or before our last injection").
            const bool ours = lastInjected && DWORD(lastInjected - last.dwTime) < 0x80000000u;
            if (!ours && GetTickCount() - last.dwTime < options.operatorIdleMs)
                return Status::failure(StatusCode::NotAllowed,
                                       L"the user is using mouse or keyboard: no real click now");
        }
        const HWND root = window ? GetAncestor(window, GA_ROOT) : nullptr;
        const HWND previous = GetForegroundWindow();
        if (root && !bringToForeground(root))
            return Status::failure(StatusCode::NotAllowed,
                                   L"the editor window could not be brought to the foreground");
        const HWND under = WindowFromPoint(centre);
        DWORD owner = 0;
        if (under)
            GetWindowThreadProcessId(GetAncestor(under, GA_ROOT), &owner);
        if (owner != DWORD(pid.load())) {
            restoreForeground(previous, root);
            return Status::failure(StatusCode::NotAllowed,
                                   L"another window covers the element's centre");
        }
        POINT saved = {};
        const bool haveCursor = GetCursorPos(&saved) != FALSE;
        if (!SetCursorPos(centre.x, centre.y)) {
            const Status failure = win32Failure(StatusCode::Failed, L"SetCursorPos failed");
            restoreForeground(previous, root);
            return failure;
        }
        INPUT inputs[2] = {};
        inputs[0].type = INPUT_MOUSE;
        inputs[0].mi.dwFlags = MOUSEEVENTF_LEFTDOWN;
        inputs[1].type = INPUT_MOUSE;
        inputs[1].mi.dwFlags = MOUSEEVENTF_LEFTUP;
        const UINT sent = SendInput(2, inputs, sizeof(INPUT));
        const Status status
            = sent == 2 ? Status::success()
                        : win32Failure(StatusCode::Failed, L"SendInput refused the click (UIPI?)");
        Sleep(50); // let the raw input thread route the click before anything moves
        lastInjected = GetTickCount();
        if (options.restoreCursor && haveCursor)
            SetCursorPos(saved.x, saved.y);
        restoreForeground(previous, root);
        return status;
    }

    Status sendKeysOnThread(std::uint64_t handle, const KeyChord &chord, KeyOptions options)
    {
        const std::size_t index = indexOf(handle);
        if (!index)
            return Status::failure(StatusCode::StaleHandle,
                                   L"the window is from an older snapshot");
        HWND window = elementWindows[index - 1];
        if (!window) {
            UIA_HWND native = nullptr;
            elements[index - 1]->get_CurrentNativeWindowHandle(&native);
            window = static_cast<HWND>(native);
        }
        const HWND root = window ? GetAncestor(window, GA_ROOT) : nullptr;
        if (!root)
            return Status::failure(StatusCode::Failed, L"the element has no native window");
        const bool alt = std::find(chord.modifiers.begin(), chord.modifiers.end(), VK_MENU)
                         != chord.modifiers.end();
        if (options.delivery == KeyDelivery::Posted) {
            auto post = [&](unsigned short vk, bool up, bool extended) {
                const bool sys = alt || vk == VK_MENU;
                const UINT message
                    = up ? (sys ? WM_SYSKEYUP : WM_KEYUP) : (sys ? WM_SYSKEYDOWN : WM_KEYDOWN);
                return PostMessageW(root, message, WPARAM(vk), keyLParam(vk, up, extended, alt))
                       != FALSE;
            };
            bool ok = true;
            for (unsigned short m : chord.modifiers)
                ok = post(m, false, false) && ok;
            ok = post(chord.key, false, chord.extended) && ok;
            ok = post(chord.key, true, chord.extended) && ok;
            for (auto m = chord.modifiers.rbegin(); m != chord.modifiers.rend(); ++m)
                ok = post(*m, true, false) && ok;
            return ok ? Status::success()
                      : win32Failure(StatusCode::Failed, L"PostMessage to the editor failed");
        }
        std::vector<INPUT> inputs;
        for (unsigned short m : chord.modifiers)
            inputs.push_back(keyInput(m, false, false));
        inputs.push_back(keyInput(chord.key, false, chord.extended));
        inputs.push_back(keyInput(chord.key, true, chord.extended));
        for (auto m = chord.modifiers.rbegin(); m != chord.modifiers.rend(); ++m)
            inputs.push_back(keyInput(*m, true, false));
        const HWND previous = GetForegroundWindow();
        if (!bringToForeground(root))
            return Status::failure(StatusCode::NotAllowed,
                                   L"the editor window could not be brought to the foreground");
        const UINT sent = SendInput(UINT(inputs.size()), inputs.data(), sizeof(INPUT));
        const Status status
            = sent == inputs.size()
                  ? Status::success()
                  : win32Failure(StatusCode::Failed, L"SendInput refused the keys (UIPI?)");
        Sleep(options.settleMs); // the keys must reach the editor's queue before focus moves
        lastInjected = GetTickCount();
        restoreForeground(previous, root);
        return status;
    }
};

UiaSession::UiaSession(unsigned long pid)
    : d(std::make_unique<Private>())
{
    d->pid = pid;
    std::future<Status> ready = d->ready.get_future();
    Private *p = d.get();
    d->thread = std::thread([p] { p->loop(); });
    if (ready.wait_for(std::chrono::seconds(10)) == std::future_status::ready)
        d->init = ready.get();
    else
        d->init = Status::failure(StatusCode::NotReady, L"UI Automation did not start in 10 s");
}

UiaSession::~UiaSession()
{
    {
        std::lock_guard<std::mutex> lock(d->mutex);
        d->stopping = true;
    }
    d->wake.notify_one();
    if (d->thread.joinable())
        d->thread.join(); // a call stuck in a hung editor returns when UIA's own timeout fires
}

Status UiaSession::initStatus() const
{
    return d->init;
}

void UiaSession::setProcessId(unsigned long pid)
{
    d->pid = pid;
}

unsigned long UiaSession::processId() const
{
    return d->pid.load();
}

void UiaSession::setCallTimeoutMs(unsigned ms)
{
    d->timeoutMs = ms;
}

Status UiaSession::snapshot(int maxDepth, std::vector<Node> *windows)
{
    windows->clear();
    if (!d->init.ok())
        return d->init;
    Private *p = d.get();
    std::pair<Status, std::vector<Node>> result;
    if (!d->run<std::pair<Status, std::vector<Node>>>(
            [p, maxDepth] { return p->snapshotOnThread(maxDepth); }, &result))
        return d->timeoutStatus();
    *windows = std::move(result.second);
    return result.first;
}

ActivateResult UiaSession::activate(std::uint64_t handle, const ActivateOptions &options)
{
    ActivateResult result;
    if (!d->init.ok()) {
        result.status = d->init;
        return result;
    }
    Private *p = d.get();
    if (!d->run<ActivateResult>(
            [p, handle, options] { return p->activateOnThread(handle, options); }, &result))
        result.status = d->timeoutStatus();
    return result;
}

Status UiaSession::sendKeys(std::uint64_t windowHandle, const std::wstring &keys,
                            const KeyOptions &options)
{
    KeyChord chord;
    std::wstring error;
    if (!parseKeys(keys, &chord, &error))
        return Status::failure(StatusCode::InvalidKeys, error);
    if (!d->init.ok())
        return d->init;
    Private *p = d.get();
    Status status;
    if (!d->run<Status>([p, windowHandle, chord,
                         options] { return p->sendKeysOnThread(windowHandle, chord, options); },
                        &status))
        return d->timeoutStatus();
    return status;
}

bool UiaSession::isResponsive(unsigned timeoutMs) const
{
    const std::vector<std::uintptr_t> windows = topLevelWindows(d->pid.load());
    if (windows.empty())
        return false;
    for (std::uintptr_t window : windows) {
        if (IsHungAppWindow(reinterpret_cast<HWND>(window)))
            return false;
    }
    // All windows of a Qt application share one GUI thread: one probe answers for all.
    DWORD_PTR answer = 0;
    return SendMessageTimeoutW(reinterpret_cast<HWND>(windows.front()), WM_NULL, 0, 0,
                               SMTO_ABORTIFHUNG | SMTO_BLOCK, timeoutMs, &answer)
           != 0;
}

} // namespace CutPilot::Automation::Uia
