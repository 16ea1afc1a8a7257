#pragma once

#include "core/support/result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace CutPilot::Core {

/// One target editor family (product × OS × version range): file names, mirrors, stamps, key and
/// list sets, where masks go (spec/draft-format.md §3.1). Profiles are data: they are read from
/// resources/draft-profiles/<id>.json, so a new editor version is an edit, not a refactor.
struct DraftProfile
{
    QString id;
    QString displayName;
    QString product; ///< "jianying" or "capcut"
    QString os;      ///< "windows" or "mac"
    QJsonObject evidence;

    QString contentFile;              ///< draft_content.json or draft_info.json
    QStringList mirrors;              ///< identical copies of the content document
    bool placeholderTemplate = false; ///< a small template.tmp placeholder
    bool timelines = false;           ///< Timelines/ layout (§3.4)
    QStringList sidecars;             ///< draft_settings, key_value.json, ... (§17)
    QStringList emptyFolders;
    QString stagingFolder;    ///< where media is copied into the draft folder (§3.7)
    bool windowsPaths = true; ///< paths inside JSON in Windows form

    QJsonObject platform; ///< platform and last_modified_platform (§7.3, §18)
    QString newVersion;
    int version = 360000;
    int colorSpace = 0;
    bool canvasBackground = false;
    QJsonObject configExtra;   ///< config keys beyond the base 24 (§7.2)
    QJsonObject topLevelExtra; ///< extra top-level keys of newer families (§7.5)
    QStringList materialLists; ///< every list emitted, empty when unused (§8.1)
    QStringList maskLists;     ///< masks, common_mask or both (§8.13)
    QStringList metaRemove;    ///< base meta keys this family lacks (§15.1)
    QJsonObject metaExtra;     ///< meta keys this family adds
    double minSpeed = 0.1;
    double maxSpeed = 100.0;
    QStringList keyframeCurves; ///< curve types this profile may write (§11)

    QString appSource() const { return platform.value(QStringLiteral("app_source")).toString(); }

    static Result<DraftProfile> fromJson(const QJsonObject &json);
    /// A built-in profile by id ("jy5-win", "cc-mac" ...).
    static Result<DraftProfile> builtIn(const QString &id);
    static QStringList builtInIds();
};

} // namespace CutPilot::Core
