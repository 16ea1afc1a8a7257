#pragma once

#include "core/support/result.h"
#include "uinode.h"

#include <QList>
#include <QString>

namespace CutPilot::Core::Editor {

/// What the export driver needs from an accessibility backend (editor-automation.md §10.4):
/// fresh snapshots of the editor's windows and a few actions on their elements. Implemented by
/// automation/ (AT-SPI on Linux, UI Automation on Windows). Not thread-safe: one backend object
/// is used on the driver's thread only, and the nodes' handles stay valid until the next
/// snapshot() call.
class UiBackend
{
public:
    virtual ~UiBackend() = default;

    virtual QString name() const = 0;

    /// The editor's top-level windows (UIA: its desktop children; AT-SPI: the children of its
    /// application node), each with its subtree down to `maxDepth` levels.
    virtual Result<QList<UiNode>> snapshot(int maxDepth) = 0;

    /// Activates an element following the input policy (§10.3): an accessible action ("Press",
    /// "Invoke", "click") when the element offers one, else a click at the centre of its
    /// extents when `clickAllowed`.
    virtual Result<> activate(const UiNode &node, bool clickAllowed) = 0;

    /// Sends a key sequence ("Ctrl+E", "Return", "Escape") to the editor window `window`.
    virtual Result<> sendKeys(const UiNode &window, const QString &keys) = 0;

    /// Whether the editor's accessibility tree answers at all (process alive and not hung).
    virtual bool isResponsive() = 0;
};

} // namespace CutPilot::Core::Editor
