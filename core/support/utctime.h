#pragma once

#include <QDateTime>
#include <QTimeZone>
#include <QtGlobal>

namespace CutPilot::Core {

/// A UTC date-time (time spec Qt::UTC) from milliseconds since the epoch, on every Qt version:
/// Qt 6.8 deprecates the Qt::TimeSpec overloads, and before Qt 6.5 QTimeZone::utc() is a named
/// zone (spec Qt::TimeZone, ISO text "+00:00" instead of "Z"), not Qt::UTC.
inline QDateTime utcFromMSecs(qint64 msecs)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime::fromMSecsSinceEpoch(msecs, QTimeZone(QTimeZone::UTC));
#else
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
#endif
}

/// The same from seconds since the epoch.
inline QDateTime utcFromSecs(qint64 secs)
{
    return utcFromMSecs(secs * 1000);
}

} // namespace CutPilot::Core
