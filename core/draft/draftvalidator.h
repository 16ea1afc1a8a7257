#pragma once

#include "core/support/result.h"
#include "draftmodel.h"
#include "draftprofile.h"

namespace CutPilot::Core {

struct DraftIssue
{
    enum class Severity {
        Error,   ///< the editor would misbehave: edits and saves are refused
        Warning, ///< allowed, but the user should know (lint)
    };
    Severity severity = Severity::Error;
    Error error;
};

/// Every rule of spec/draft-format.md §5, §6, §11, §12 and §21 that can be checked on the model.
/// Messages name the segment, the field and the limit.
QList<DraftIssue> lintDraft(const Draft &draft, const DraftProfile &profile);

/// The first error-level issue, or success. Used before every save and after every edit.
Result<> validateDraft(const Draft &draft, const DraftProfile &profile);

} // namespace CutPilot::Core
