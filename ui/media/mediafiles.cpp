#include "mediafiles.h"

#include <QDirIterator>
#include <QFileInfo>

#include <algorithm>

namespace CutPilot::Ui::MediaFiles {

using namespace Qt::StringLiterals;

const QStringList &videoExtensions()
{
    static const QStringList extensions{u"mp4"_s,  u"mov"_s, u"m4v"_s,  u"mkv"_s, u"avi"_s,
                                        u"webm"_s, u"flv"_s, u"wmv"_s,  u"mpg"_s, u"mpeg"_s,
                                        u"ts"_s,   u"mts"_s, u"m2ts"_s, u"3gp"_s, u"gif"_s};
    return extensions;
}

const QStringList &audioExtensions()
{
    static const QStringList extensions{u"mp3"_s,  u"wav"_s, u"aac"_s,  u"m4a"_s,
                                        u"flac"_s, u"ogg"_s, u"opus"_s, u"wma"_s};
    return extensions;
}

const QStringList &imageExtensions()
{
    static const QStringList extensions{u"png"_s,  u"jpg"_s, u"jpeg"_s, u"bmp"_s,
                                        u"webp"_s, u"tif"_s, u"tiff"_s, u"heic"_s};
    return extensions;
}

bool hasMediaExtension(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return !suffix.isEmpty()
           && (videoExtensions().contains(suffix) || audioExtensions().contains(suffix)
               || imageExtensions().contains(suffix));
}

QStringList scanFolder(const QString &folder)
{
    QStringList found;
    QDirIterator it(folder, QDir::Files | QDir::Readable | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (hasMediaExtension(path))
            found.append(QFileInfo(path).absoluteFilePath());
    }
    std::sort(found.begin(), found.end());
    return found;
}

QString dialogPatterns()
{
    QStringList patterns;
    for (const QStringList *list : {&videoExtensions(), &audioExtensions(), &imageExtensions()})
        for (const QString &extension : *list)
            patterns.append(u"*."_s + extension);
    return patterns.join(u' ');
}

} // namespace CutPilot::Ui::MediaFiles
