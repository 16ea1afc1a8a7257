#pragma once

#include "core/support/result.h"
#include "draftmodel.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace CutPilot::Core {

/// What reading a content document gives: the model plus lint warnings about things that were
/// repaired on the way in (dangling references, numeric catalog ids ...).
struct ParsedDraft
{
    Draft draft;
    QStringList warnings;
};

/// Reads plaintext content documents (spec/draft-format.md §19, §20). Everything the model does not
/// know is kept on the owning object and written back by DraftSerializer.
class DraftParser final
{
public:
    /// Classifies the bytes of a content file (§19): plaintext JSON object, corrupt (CorruptData)
    /// or encrypted (EncryptedDraft; never decrypted). `fileName` only names the file in errors.
    static Result<QJsonObject> decodeContent(const QByteArray &bytes, const QString &fileName);

    static Result<ParsedDraft> parse(const QJsonObject &document);
    static Result<ParsedDraft> parseBytes(const QByteArray &bytes, const QString &fileName);

    /// Parses the nested `content` string of a texts[] entry into a TextMaterial (§12.2).
    static Result<TextMaterial> parseText(const QJsonObject &json);
};

} // namespace CutPilot::Core
