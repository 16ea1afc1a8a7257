#pragma once

#include "core/support/result.h"
#include "draftmodel.h"
#include "draftprofile.h"

#include <QDateTime>

namespace CutPilot::Core {

/// Writes a draft into the editor's draft store the way spec/draft-format.md §3.7 prescribes:
/// stage media into the draft folder, content document and its mirrors, meta document, sidecars,
/// then the root-index entry; every file atomically (QSaveFile), keeping a .bak of a replaced one.
class DraftFolderWriter final
{
public:
    struct Options
    {
        QString storePath;      ///< the editor's draft store (drafts folder setting)
        bool force = false;     ///< write even while the editor holds the draft open
        bool stageMedia = true; ///< copy media into the draft folder (mandatory on macOS)
        QDateTime now = QDateTime::currentDateTimeUtc();
    };

    struct Written
    {
        QString folder;      ///< absolute draft folder
        QString contentFile; ///< absolute primary content file
        Draft draft;         ///< the draft as written (staged paths, local material ids)
    };

    explicit DraftFolderWriter(DraftProfile profile);

    /// Validates, then writes. On error nothing in an existing draft folder is left half-written.
    Result<Written> write(const Draft &draft, const Options &options) const;

    /// The folder name for a display name: characters Windows forbids replaced, reserved names
    /// avoided, trimmed, at most 64 characters (§21.12).
    static QString folderNameFor(const QString &displayName);

    /// The meta document (§15) for a draft written to `folder` in `store`.
    QJsonObject metaDocument(const Draft &draft, const QString &folder, const QString &store,
                             qint64 contentBytes, const QDateTime &now) const;

private:
    DraftProfile m_profile;
};

/// Writes `data` to `path` atomically (QSaveFile). With `keepBackup`, an existing file's previous
/// content is kept as `path + ".bak"` first.
Result<> writeFileAtomically(const QString &path, const QByteArray &data, bool keepBackup = false);

} // namespace CutPilot::Core
