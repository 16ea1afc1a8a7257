#pragma once

#include "automationprofile.h"
#include "uinode.h"

#include <QJsonObject>

namespace CutPilot::Core::Editor {

/// What `doctor` reports about a running editor (editor-automation.md §10.6): which profile
/// applies (or why none does, naming the closest), which of the profile's states and elements
/// the accessibility tree shows right now, and the tree itself (the dump a user can send, or turn
/// into a new profile).
struct DoctorInput
{
    QString product;   ///< jianying, capcut, standin
    QString version;   ///< the editor's executable version ("5.9.0.11632")
    QString profileId; ///< forces a profile (skips the version match)
    QList<UiNode> windows;
};

/// The report as JSON: {product, version, profile{id, evidence, versions} | null, selection
/// (why no profile), states{name: bool}, elements{name: found|missing|not-visible-now},
/// windows[dump]}.
QJsonObject doctorReport(const AutomationProfiles &profiles, const DoctorInput &input);

/// Whether `report` (doctorReport()'s) shows that `inUse`, the profile CutPilot drives the editor
/// with, fits it: the report picked that profile, its home or edit window is on screen, no
/// element of those windows is missing and at least one was found (on the home page alone only
/// the window itself can be checked, which every known build shares: the edit window is needed).
/// Export-dialog elements come and go during an export (progress, the done button), so they are
/// not judged here. Empty: passed; otherwise one line per problem.
QStringList doctorProblems(const QJsonObject &report, const AutomationProfile &inUse);

} // namespace CutPilot::Core::Editor
