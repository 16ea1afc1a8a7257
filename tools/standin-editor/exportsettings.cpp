#include "exportsettings.h"

#include <QDir>
#include <QFileInfo>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace CutPilot::Standin {

QStringList resolutionOptions()
{
    return {u"8K"_s, u"4K"_s, u"2K"_s, u"1080P"_s, u"720P"_s, u"480P"_s};
}

QStringList frameRateOptions()
{
    return {u"24fps"_s, u"25fps"_s, u"30fps"_s, u"50fps"_s, u"60fps"_s};
}

int shortSideFor(const QString &option)
{
    static const QList<std::pair<QString, int>> sides{
        {u"8K"_s, 4320},    {u"4K"_s, 2160},  {u"2K"_s, 1440},
        {u"1080P"_s, 1080}, {u"720P"_s, 720}, {u"480P"_s, 480},
    };
    for (const auto &[name, side] : sides) {
        if (name.compare(option, Qt::CaseInsensitive) == 0)
            return side;
    }
    return 0;
}

int framesPerSecondFor(const QString &option)
{
    if (!frameRateOptions().contains(option, Qt::CaseInsensitive))
        return 0;
    return option.left(option.size() - 3).toInt();
}

QString closestResolution(int width, int height)
{
    const int side = std::min(width, height);
    QString best = u"1080P"_s;
    int bestDistance = std::numeric_limits<int>::max();
    for (const QString &option : resolutionOptions()) {
        const int distance = std::abs(shortSideFor(option) - side);
        if (side > 0 && distance < bestDistance) {
            bestDistance = distance;
            best = option;
        }
    }
    return best;
}

QString closestFrameRate(double fps)
{
    QString best = u"30fps"_s;
    double bestDistance = std::numeric_limits<double>::max();
    for (const QString &option : frameRateOptions()) {
        const double distance = std::abs(framesPerSecondFor(option) - fps);
        if (fps > 0.0 && distance < bestDistance) {
            bestDistance = distance;
            best = option;
        }
    }
    return best;
}

QSize frameSizeFor(const QString &option, int draftWidth, int draftHeight)
{
    const int side = shortSideFor(option);
    if (side <= 0)
        return {};
    if (draftWidth <= 0 || draftHeight <= 0) {
        draftWidth = 16;
        draftHeight = 9;
    }
    const auto even = [](double value) {
        return std::max(2, int(std::lround(value / 2.0)) * 2);
    };
    if (draftWidth >= draftHeight)
        return {even(double(side) * draftWidth / draftHeight), side};
    return {side, even(double(side) * draftHeight / draftWidth)};
}

QString uniqueOutputPath(const QString &folder, const QString &baseName, const QString &suffix)
{
    const QDir dir(folder);
    QString candidate = dir.filePath(baseName + u'.' + suffix);
    for (int n = 1; QFileInfo::exists(candidate); ++n)
        candidate = dir.filePath(u"%1(%2).%3"_s.arg(baseName).arg(n).arg(suffix));
    return candidate;
}

} // namespace CutPilot::Standin
