#pragma once

// Export options and output naming of the stand-in editor (spec/editor-automation.md §5, §11.5).
// Pure Qt Core, unit-tested in tests/tools/tst_standinfaults.cpp.

#include <QSize>
#include <QString>
#include <QStringList>

namespace CutPilot::Standin {

/// `8K` … `480P`, in the editor's order (§5).
QStringList resolutionOptions();
/// `24fps` … `60fps`.
QStringList frameRateOptions();

/// The short side of a resolution option (`1080P` ⇒ 1080), 0 when unknown.
int shortSideFor(const QString &option);
/// The frame rate of an option (`25fps` ⇒ 25), 0 when unknown.
int framesPerSecondFor(const QString &option);

/// The option closest to a draft's canvas (by its short side).
QString closestResolution(int width, int height);
/// The option closest to a draft's frame rate.
QString closestFrameRate(double fps);

/// The frame size for an option with the draft's aspect ratio: short side from the option, long
/// side scaled, both even (H.264 with 4:2:0 needs even sizes).
QSize frameSizeFor(const QString &option, int draftWidth, int draftHeight);

/// `<folder>/<baseName>.<suffix>`, or `<baseName>(1).<suffix>`, `(2)` … when taken (§11.5).
QString uniqueOutputPath(const QString &folder, const QString &baseName,
                         const QString &suffix = QStringLiteral("mp4"));

} // namespace CutPilot::Standin
