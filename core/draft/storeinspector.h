#pragma once

#include "core/support/result.h"
#include "draftmodel.h"

#include <QJsonObject>
#include <QStringList>

namespace CutPilot::Core {

/// What the user's own draft store says about their editor (spec/draft-format.md §3.1 "seed from
/// the store"): the profile that fits the newest editor-authored plaintext draft, and that draft's
/// stamps to use for new drafts instead of the built-in ones (stale stamps make newer CapCut builds
/// refuse drafts).
struct StoreInspection
{
    QString profile;         ///< a built-in profile id, empty when nothing could be read
    QString appSource;       ///< "lv" or "cc"
    QString appVersion;      ///< e.g. "5.9.0"
    QString os;              ///< "windows" or "mac"
    QString sourceDraft;     ///< the folder the facts come from
    QJsonObject seed;        ///< top-level stamps and the materials list set (see applySeed)
    int encryptedDrafts = 0; ///< drafts that could not be read (JianYing 6+ encryption)
    QStringList notes;       ///< human-readable findings for the GUI and `doctor`
};

/// Scans the direct sub-folders of `storePath`, newest content file first. Drafts written by
/// CutPilot itself (no editor stamps) do not count as evidence.
Result<StoreInspection> inspectDraftStore(const QString &storePath);

/// The built-in profile for an editor's stamps (app source, version, os).
QString profileForStamps(const QString &appSource, const QString &appVersion, const QString &os);

/// Makes `draft` carry the seed's stamps and list set when written (DraftSerializer writes a
/// draft's own top-level keys over the profile's).
void applySeed(Draft &draft, const QJsonObject &seed);

} // namespace CutPilot::Core
