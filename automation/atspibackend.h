#pragma once

#include "core/editor/uibackend.h"

#include <memory>

namespace CutPilot::Automation {

/// The Linux accessibility-bus backend (libatspi): drives the stand-in editor in tests and any
/// accessible application (editor-automation.md §10.4, §11).
///
/// - Roles map from AT-SPI roles (frame/window ⇒ window, dialog ⇒ dialog, label/static/text ⇒
///   text, panel/filler/grouping ⇒ group, push button ⇒ button).
/// - className is the `class` object attribute when the toolkit exposes one, else the
///   `class=<token>` written into the description (the stand-in's convention, §11.3; Qt's AT-SPI
///   bridge exposes no class name).
/// - Children without the `showing` state are reported as hidden and not descended into (Qt's
///   bridge lists hidden widgets; UIA does not).
/// - Caches are dropped before every snapshot, so names like "42%" are always fresh.
///
/// libatspi is not thread-safe: create, use and destroy the backend on one thread (the export
/// driver's). Its D-Bus traffic runs on a main context of its own, never on Qt's.
class AtspiBackend final : public Core::Editor::UiBackend
{
public:
    /// Drives the application(s) of process `pid`.
    explicit AtspiBackend(qint64 pid);
    ~AtspiBackend() override;

    QString name() const override { return QStringLiteral("atspi"); }
    Core::Result<QList<Core::Editor::UiNode>> snapshot(int maxDepth) override;
    Core::Result<> activate(const Core::Editor::UiNode &node, bool clickAllowed) override;
    Core::Result<> sendKeys(const Core::Editor::UiNode &window, const QString &keys) override;
    bool isResponsive() override;

    /// Retargets the backend (the editor was restarted).
    void setPid(qint64 pid);

    /// Whether an accessibility bus answers in this session (for doctor and test skips).
    static bool busAvailable();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace CutPilot::Automation
