#pragma once

// A small real draft (one text clip of the given length) written into an editor drafts folder,
// for the stand-in editor to open and export: shared by tst_exportqueue, bench_export_soak and
// bench_export_overhead.

#include "core/draft/draftfolderwriter.h"
#include "core/draft/draftprofile.h"
#include "core/services/draftplan.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace CutPilot::Test {

/// Writes the draft into `store` (plan scratch files under `scratch`) and returns its folder name,
/// which is what the editor's home page lists. Fails the process on error (test and bench setup).
inline QString writeStandinDraft(const QString &store, const QString &scratch, const QString &name,
                                 qint64 durationUs, int width = 1280, int height = 720)
{
    using namespace Qt::StringLiterals;
    const QJsonObject plan{
        {u"name"_s, name},
        {u"profile"_s, u"jy5-win"_s},
        {u"width"_s, width},
        {u"height"_s, height},
        {u"fps"_s, 25},
        {u"tracks"_s,
         QJsonArray{QJsonObject{
             {u"type"_s, u"text"_s},
             {u"name"_s, u"title"_s},
             {u"segments"_s,
              QJsonArray{QJsonObject{
                  {u"text"_s, name}, {u"start_us"_s, 0}, {u"duration_us"_s, durationUs}}}}}}},
    };
    Core::Result<Core::DraftPlan> built = Core::buildDraftFromPlan(plan, scratch);
    if (!built)
        qFatal("%s", qPrintable(built.error().message()));
    Core::DraftFolderWriter::Options options;
    options.storePath = store;
    Core::Result<Core::DraftFolderWriter::Written> written
        = Core::DraftFolderWriter(*Core::DraftProfile::builtIn(built->profile))
              .write(built->draft, options);
    if (!written)
        qFatal("%s", qPrintable(written.error().message()));
    return QFileInfo(written->folder).fileName();
}

} // namespace CutPilot::Test
