#pragma once

#include "core/draft/draftmodel.h"
#include "core/draft/draftprofile.h"
#include "core/support/result.h"

#include <QJsonObject>

namespace CutPilot::Core {

/// A draft described as a JSON plan (cutpilot-cli build, scripts): canvas, media with their facts,
/// tracks with segments, subtitle files. docs/cli.md describes the format. Every edit goes through
/// DraftService, so a plan is validated exactly like a GUI or API edit; errors name the plan path
/// ("tracks[1].segments[0].duration_us").
struct DraftPlan
{
    Draft draft;
    QString profile;
};

/// `baseDir` resolves relative media and subtitle paths.
Result<DraftPlan> buildDraftFromPlan(const QJsonObject &plan, const QString &baseDir);

} // namespace CutPilot::Core
