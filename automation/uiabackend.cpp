#include "uiabackend.h"

#include "uia/uiacom.h"

#include <cstdint>
#include <optional>

namespace CutPilot::Automation {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::ErrorCode;
using Core::Result;
using Core::Editor::UiNode;

namespace {

QString fromWide(const std::wstring &text)
{
    return QString::fromStdWString(text);
}

Error toError(const Uia::Status &status)
{
    const QString message = fromWide(status.message);
    switch (status.code) {
    case Uia::StatusCode::NotRunning:
        return Error(ErrorCode::EditorNotRunning, message);
    case Uia::StatusCode::Timeout:
        return Error(ErrorCode::EditorUnresponsive, message);
    case Uia::StatusCode::InvalidKeys:
        return Error::invalidArgument(u"keys"_s, message);
    default:
        return Error(ErrorCode::AutomationFailed, message);
    }
}

UiNode toUiNode(const Uia::Node &node)
{
    UiNode result;
    result.role = fromWide(node.role);
    result.name = fromWide(node.name);
    result.description = fromWide(node.description);
    result.className = fromWide(node.className);
    result.showing = true; // see the class comment
    if (!node.bounds.empty())
        result.extents = QRect(int(node.bounds.left), int(node.bounds.top),
                               int(node.bounds.right - node.bounds.left),
                               int(node.bounds.bottom - node.bounds.top));
    if (node.invokable)
        result.actions.append(u"Invoke"_s);
    if (!node.defaultAction.empty())
        result.actions.append(fromWide(node.defaultAction));
    result.handle = QString::number(node.handle);
    result.children.reserve(qsizetype(node.children.size()));
    for (const Uia::Node &child : node.children)
        result.children.append(toUiNode(child));
    return result;
}

std::optional<std::uint64_t> toHandle(const UiNode &node)
{
    bool ok = false;
    const qulonglong handle = node.handle.toULongLong(&ok);
    if (!ok || handle == 0)
        return std::nullopt;
    return std::uint64_t(handle);
}

} // namespace

UiaBackend::UiaBackend(qint64 pid)
    : m_session(std::make_unique<Uia::UiaSession>(static_cast<unsigned long>(pid)))
{
}

UiaBackend::~UiaBackend() = default;

void UiaBackend::setPid(qint64 pid)
{
    m_session->setProcessId(static_cast<unsigned long>(pid));
}

void UiaBackend::setInputPolicy(const InputPolicy &policy)
{
    m_policy = policy;
}

Result<> UiaBackend::available() const
{
    const Uia::Status status = m_session->initStatus();
    if (!status.ok())
        return toError(status);
    return {};
}

Result<QList<UiNode>> UiaBackend::snapshot(int maxDepth)
{
    std::vector<Uia::Node> windows;
    const Uia::Status status = m_session->snapshot(maxDepth, &windows);
    if (!status.ok())
        return toError(status);
    QList<UiNode> result;
    result.reserve(qsizetype(windows.size()));
    for (const Uia::Node &window : windows)
        result.append(toUiNode(window));
    return result;
}

Result<> UiaBackend::activate(const UiNode &node, bool clickAllowed)
{
    const std::optional<std::uint64_t> handle = toHandle(node);
    if (!handle)
        return Error(ErrorCode::AutomationFailed,
                     u"element '%1' has no UI Automation handle"_s.arg(node.name));
    Uia::ActivateOptions options;
    options.clickAllowed = clickAllowed;
    options.preferPatterns = m_policy.preferPatterns;
    options.restoreCursor = m_policy.restoreCursor;
    const Uia::ActivateResult result = m_session->activate(*handle, options);
    if (!result.status.ok()) {
        Error error = toError(result.status);
        return Error(error.code(), u"activating '%1': %2"_s.arg(
                                       node.description.isEmpty() ? node.name : node.description,
                                       error.message()));
    }
    return {};
}

Result<> UiaBackend::sendKeys(const UiNode &window, const QString &keys)
{
    const std::optional<std::uint64_t> handle = toHandle(window);
    if (!handle)
        return Error(ErrorCode::AutomationFailed,
                     u"window '%1' has no UI Automation handle"_s.arg(window.name));
    Uia::KeyOptions options;
    options.delivery
        = m_policy.postKeyMessages ? Uia::KeyDelivery::Posted : Uia::KeyDelivery::SendInput;
    const Uia::Status status = m_session->sendKeys(*handle, keys.toStdWString(), options);
    if (!status.ok())
        return toError(status);
    return {};
}

bool UiaBackend::isResponsive()
{
    return m_session->isResponsive();
}

} // namespace CutPilot::Automation
