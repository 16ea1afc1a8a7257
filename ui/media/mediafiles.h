#pragma once

#include <QString>
#include <QStringList>

namespace CutPilot::Ui::MediaFiles {

/// File extensions (lower case, without the dot) the bin imports from folders and offers in its
/// file dialog. A file named explicitly is imported whatever its extension: the probe decides.
const QStringList &videoExtensions();
const QStringList &audioExtensions();
const QStringList &imageExtensions();

/// Whether `path` has one of the extensions above (case-insensitive).
bool hasMediaExtension(const QString &path);

/// The media files under `folder`, recursively, sorted by path. Symbolic links to folders are not
/// followed (no loops). Pure: runs on any thread.
QStringList scanFolder(const QString &folder);

/// "*.mp4 *.mov ..." for a QFileDialog name filter.
QString dialogPatterns();

} // namespace CutPilot::Ui::MediaFiles
