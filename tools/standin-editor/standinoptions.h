#pragma once

#include "faults.h"

#include <QString>

namespace CutPilot::Standin {

/// The editor build the stand-in imitates (spec/editor-automation.md §11.6).
enum class UiMode {
    V59,  ///< JianYing ≤ 6.x: everything exposed
    V7,   ///< descriptions hidden (names and class= tokens kept)
    V108, ///< opaque export dialog (no accessible children), Ctrl+E and Enter
};

/// Command line of the stand-in (§11.8); see docs/automation.md "Stand-in editor".
struct StandinOptions
{
    QString storePath;
    QString exportFolder;
    QString stateDir; ///< where refuse-start keeps its launch counter (default: the store)
    QString title = QStringLiteral("剪映专业版");
    UiMode ui = UiMode::V59;
    int maxCards = 12;
    int openDelayMs = 1500;
    double exportSpeed = 0.0; ///< N × real time; 0 = as fast as possible
    bool exposeActions = false;
    bool writeTempThenRename = false;
    FaultPlan faults;

    /// An editor description (§3.2) as this mode exposes it: empty with `--ui 7`.
    QString editorDescription(const QString &description) const
    {
        return ui == UiMode::V7 ? QString() : description;
    }
};

} // namespace CutPilot::Standin
