#pragma once

// Private helpers shared by the files that implement DraftService.

#include "core/support/error.h"

namespace CutPilot::Core::DraftServiceDetail {

inline Error segmentNotFound(const QString &id)
{
    return Error::notFound(QStringLiteral("segment"), id);
}

inline Error trackNotFound(const QString &id)
{
    return Error::notFound(QStringLiteral("track"), id);
}

} // namespace CutPilot::Core::DraftServiceDetail
