#pragma once

#include "catalogentry.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace CutPilot::Core {

/// Catalog files larger than this are refused (PayloadTooLarge) before they are parsed.
inline constexpr qint64 MaxCatalogFileBytes = 64 * 1024 * 1024;

/// The file shapes loadCatalogJson understands (docs/catalogs.md).
enum class CatalogFileFormat {
    CutPilot, ///< {"format": "cutpilot-catalog", "version": 1, "namespace", "entries": [...]}
    PyJianYingDraft, ///< {"source", "categories": {<Enum>: {file, used_in, entries: [{name,
                     ///< ...}]}}}
    VectCutApi, ///< {"source", "categories": {<Enum>: {profile, get_route, entries: [{api_name,
                ///< display_name, ...}]}}}
};

/// Which shape a parsed document has, judged by its structure; nullopt if it is none of them.
std::optional<CatalogFileFormat> detectCatalogFormat(const QJsonObject &root);

/// Parses a catalog document in any supported shape. Every entry's origin is `origin` (the file
/// path), except harvested entries of a CutPilot file, which keep their "harvested:…" origin.
///
/// Errors (nothing is returned then): InvalidJson for a syntax error (with the offset),
/// PayloadTooLarge above MaxCatalogFileBytes, CorruptData for a wrong shape or type, with the
/// message and details naming `origin` ("file") and the JSON path ("field"), e.g.
/// "categories.Filter_type.entries[3].resource_id". Categories whose name CutPilot does not know
/// are skipped with a warning (logged and, if given, appended to *warnings), not an error.
Result<QList<CatalogEntry>> loadCatalogJson(const QByteArray &json, const QString &origin,
                                            QStringList *warnings = nullptr);

/// Reads `path` (IoError/NotFound when it cannot be read) and calls loadCatalogJson with it as
/// origin.
Result<QList<CatalogEntry>> loadCatalogFile(const QString &path, QStringList *warnings = nullptr);

/// Serialises entries in CutPilot's own format. Entries of the other namespace carry a per-entry
/// "namespace" key.
QByteArray catalogToJson(const QList<CatalogEntry> &entries, CatalogNamespace fileNamespace);

} // namespace CutPilot::Core
