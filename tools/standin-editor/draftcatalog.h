#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace CutPilot::Standin {

/// A draft folder of the store as the home page lists it.
struct DraftEntry
{
    QString name;   ///< the folder name (what the card's description carries, §3.2)
    QString folder; ///< absolute path
    qint64 durationUs = 0;
    int width = 1920;
    int height = 1080;
    double fps = 30.0;
    QDateTime modified;
};

/// The drafts of `storePath`: direct sub-folders whose content file (draft_content.json or
/// draft_info.json) core/draft can read; newest first. Unreadable (encrypted, corrupt) folders are
/// left out, as the editor would not show them either.
QList<DraftEntry> scanDraftStore(const QString &storePath);

} // namespace CutPilot::Standin
