#pragma once

// Private to DraftStore, whose implementation is split in two: draftstore.cpp (the drafts: create,
// save, load, list ...) and draftstoredatabase.cpp (drafts.sqlite: per-thread connections and their
// prepared statements, open() with the schema migration, the legacy import and damage handling).
// Never included from a public header.

#include "draftstore.h"

#include <QSqlError>
#include <QString>

namespace CutPilot::Core {

/// The prepared statements each connection keeps (see StatementSql in draftstoredatabase.cpp).
enum class DraftStore::Statement : int {
    Insert,
    Update,
    Select,
    Profile,
    Delete,
    List,
    Count
};

namespace DraftStoreDetail {

/// Version of the stored content (the content document as DraftSerializer writes it). The legacy
/// draft.json wrapper carried the same number as "version".
constexpr int FormatVersion = 1;

/// "drafts database: <what>: <driver text>", with details.sqliteCode.
Error databaseError(const QString &what, const QSqlError &error);

/// A null QString binds as SQL NULL; the text columns are NOT NULL.
inline QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

} // namespace DraftStoreDetail

} // namespace CutPilot::Core
