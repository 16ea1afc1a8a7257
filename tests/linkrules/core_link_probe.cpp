// A program that links cutpilot_core and nothing else; the link_rules test inspects what it loads.
#include "core/support/buildinfo.h"
#include "core/support/settings.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    CutPilot::Core::Settings settings({dir.filePath(QStringLiteral("settings.ini")), dir.path()});
    std::printf("%s %s\n", qPrintable(CutPilot::Core::BuildInfo::current().summary()),
                qPrintable(settings.language()));
    return 0;
}
