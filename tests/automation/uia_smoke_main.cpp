// Compile-and-link check of the Windows UI Automation COM layer (automation/uia), built with the
// mingw-w64 cross compiler by the `uia_mingw_compile` test. It is never run on Linux; on Windows
// it prints the windows of a process: uia_smoke.exe <pid> [depth].
#include "automation/uia/uiacom.h"

#include <cstdio>
#include <cstdlib>

using namespace CutPilot::Automation::Uia;

namespace {

void print(const Node &node, int depth)
{
    std::wprintf(L"%*ls%ls '%ls' desc='%ls' class='%ls' [%ld,%ld,%ld,%ld]%ls%ls%ls\n", depth * 2,
                 L"", node.role.c_str(), node.name.c_str(), node.description.c_str(),
                 node.className.c_str(), node.bounds.left, node.bounds.top, node.bounds.right,
                 node.bounds.bottom, node.offscreen ? L" offscreen" : L"",
                 node.invokable ? L" invoke" : L"", node.hasValue ? node.value.c_str() : L"");
    for (const Node &child : node.children)
        print(child, depth + 1);
}

} // namespace

int main(int argc, char **argv)
{
    const unsigned long pid = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 0;
    const int depth = argc > 2 ? std::atoi(argv[2]) : 3;

    KeyChord chord;
    std::wstring error;
    if (!parseKeys(L"Ctrl+E", &chord, &error) || parseKeys(L"Hyper+E", &chord, &error))
        return 2;
    std::wprintf(L"%ls %ls\n", roleForControlType(50032, true).c_str(), error.c_str());

    UiaSession session(pid);
    session.setProcessId(pid);
    session.setCallTimeoutMs(20000);
    const Status init = session.initStatus();
    std::wprintf(L"init: %ls (pid %lu, %zu windows, responsive %d)\n", init.message.c_str(),
                 session.processId(), topLevelWindows(pid).size(), int(session.isResponsive(500)));
    if (!init.ok() || pid == 0)
        return init.ok() ? 0 : 1;

    std::vector<Node> windows;
    const Status status = session.snapshot(depth, &windows);
    if (!status.ok()) {
        std::wprintf(L"snapshot: %ls\n", status.message.c_str());
        return 1;
    }
    for (const Node &window : windows)
        print(window, 0);
    if (argc > 3 && !windows.empty()) { // uia_smoke.exe <pid> <depth> act: exercise the actions
        ActivateOptions options;
        options.clickAllowed = false;
        const ActivateResult activated = session.activate(windows.front().handle, options);
        std::wprintf(L"activate: %d %ls\n", int(activated.method),
                     activated.status.message.c_str());
        KeyOptions keys;
        keys.delivery = KeyDelivery::Posted;
        const Status sent = session.sendKeys(windows.front().handle, L"Escape", keys);
        std::wprintf(L"keys: %ls\n", sent.message.c_str());
    }
    return 0;
}
