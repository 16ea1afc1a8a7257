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
    Count,
    ListPage
};

class DraftSerializer;

namespace DraftStoreDetail {

/// Version of the stored content: 1 is the content document as DraftSerializer writes it (the
/// legacy draft.json wrapper carried the same number as "version"); 2 is a bare draft (no tracks,
/// media or kept keys) stored as its canvas alone, see encodeContent(). Rows newer than
/// FormatVersion are refused on load.
constexpr int DocumentFormat = 1;
constexpr int BareFormat = 2;
constexpr int FormatVersion = BareFormat;

/// What a row's content and format_version columns hold for `draft`.
struct EncodedContent
{
    QByteArray bytes;
    int format = DocumentFormat;
};
/// A bare draft's content is a pure function of its canvas, its id and the profile, and a new
/// draft from create_draft is bare: storing the canvas alone (about 70 bytes instead of a 2.2 KB
/// document) cuts the database writes of a create burst about thirtyfold. Everything else is the
/// document. The first edit makes a draft non-bare, and the save stores its document.
/// `cache` (may be null): the draft's segments from its last save (DraftSegmentCache).
EncodedContent encodeContent(const DraftSerializer &serializer, const Draft &draft,
                             DraftSegmentCache *cache = nullptr);

/// "drafts database: <what>: <driver text>", with details.sqliteCode.
Error databaseError(const QString &what, const QSqlError &error);

/// A null QString binds as SQL NULL; the text columns are NOT NULL.
inline QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

} // namespace DraftStoreDetail

} // namespace CutPilot::Core
