#include "backends.h"

namespace CutPilot::Automation {

using namespace Qt::StringLiterals;

QStringList compiledBackends()
{
#if defined(Q_OS_WIN)
    return {u"uia"_s};
#elif defined(Q_OS_LINUX)
    return {u"atspi"_s};
#else
    return {};
#endif
}

QString defaultBackend()
{
    const QStringList backends = compiledBackends();
    return backends.isEmpty() ? QString() : backends.first();
}

} // namespace CutPilot::Automation
