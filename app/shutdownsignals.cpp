#include "shutdownsignals.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#if defined(Q_OS_UNIX)
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#elif defined(Q_OS_WIN)
#include <qt_windows.h>

#include <mutex>
#endif

namespace CutPilot::App {

namespace {

#if defined(Q_OS_UNIX)
int g_signalFds[2] = {-1, -1}; // self-pipe: async-signal-safe write, read on the main thread

void onUnixSignal(int signalNumber)
{
    const char byte = char(signalNumber);
    [[maybe_unused]] const auto written = ::write(g_signalFds[0], &byte, 1);
}
#elif defined(Q_OS_WIN)
// The console handler runs on a thread of its own: the instance is read and cleared under this
// lock, so ~ShutdownSignals cannot finish between the handler's check and its post.
std::mutex g_instanceMutex;
ShutdownSignals *g_instance = nullptr;

BOOL WINAPI onConsoleControl(DWORD type)
{
    if (type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT || type == CTRL_CLOSE_EVENT) {
        const std::lock_guard<std::mutex> lock(g_instanceMutex);
        if (g_instance)
            QMetaObject::invokeMethod(g_instance, "shutdownRequested", Qt::QueuedConnection,
                                      Q_ARG(int, int(type)));
        return TRUE;
    }
    return FALSE;
}
#endif

} // namespace

ShutdownSignals::ShutdownSignals(QObject *parent)
    : QObject(parent)
{
#if defined(Q_OS_UNIX)
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return;
    ::fcntl(g_signalFds[0], F_SETFD, FD_CLOEXEC);
    ::fcntl(g_signalFds[1], F_SETFD, FD_CLOEXEC);
    m_notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        if (::read(g_signalFds[1], &byte, 1) == 1)
            Q_EMIT shutdownRequested(int(byte));
    });
    struct sigaction action = {};
    action.sa_handler = onUnixSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
#elif defined(Q_OS_WIN)
    {
        const std::lock_guard<std::mutex> lock(g_instanceMutex);
        g_instance = this;
    }
    SetConsoleCtrlHandler(onConsoleControl, TRUE);
#endif
}

ShutdownSignals::~ShutdownSignals()
{
#if defined(Q_OS_UNIX)
    struct sigaction action = {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    if (g_signalFds[0] >= 0) {
        ::close(g_signalFds[0]);
        ::close(g_signalFds[1]);
        g_signalFds[0] = g_signalFds[1] = -1;
    }
#elif defined(Q_OS_WIN)
    SetConsoleCtrlHandler(onConsoleControl, FALSE);
    const std::lock_guard<std::mutex> lock(g_instanceMutex);
    g_instance = nullptr;
#endif
}

} // namespace CutPilot::App
