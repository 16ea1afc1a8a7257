#include "error.h"

#include <QJsonValue>

#include <array>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

struct CodeInfo
{
    ErrorCode code;
    const char *name;
    int httpStatus;
};

// The single table behind errorCodeName() and httpStatusFor(); kept in numeric order.
constexpr std::array kCodes{
    CodeInfo{ErrorCode::None, "None", 200},
    CodeInfo{ErrorCode::BadRequest, "BadRequest", 400},
    CodeInfo{ErrorCode::InvalidArgument, "InvalidArgument", 400},
    CodeInfo{ErrorCode::MissingField, "MissingField", 400},
    CodeInfo{ErrorCode::OutOfRange, "OutOfRange", 400},
    CodeInfo{ErrorCode::InvalidJson, "InvalidJson", 400},
    CodeInfo{ErrorCode::UnsupportedMediaType, "UnsupportedMediaType", 415},
    CodeInfo{ErrorCode::PayloadTooLarge, "PayloadTooLarge", 413},
    CodeInfo{ErrorCode::MethodNotAllowed, "MethodNotAllowed", 405},
    CodeInfo{ErrorCode::Unauthorized, "Unauthorized", 401},
    CodeInfo{ErrorCode::Forbidden, "Forbidden", 403},
    CodeInfo{ErrorCode::RateLimited, "RateLimited", 429},
    CodeInfo{ErrorCode::PathNotAllowed, "PathNotAllowed", 403},
    CodeInfo{ErrorCode::NotFound, "NotFound", 404},
    CodeInfo{ErrorCode::AlreadyExists, "AlreadyExists", 409},
    CodeInfo{ErrorCode::Conflict, "Conflict", 409},
    CodeInfo{ErrorCode::Locked, "Locked", 423},
    CodeInfo{ErrorCode::AddressInUse, "AddressInUse", 409},
    CodeInfo{ErrorCode::Unavailable, "Unavailable", 503},
    CodeInfo{ErrorCode::EditorNotFound, "EditorNotFound", 503},
    CodeInfo{ErrorCode::EditorNotRunning, "EditorNotRunning", 503},
    CodeInfo{ErrorCode::EditorUnresponsive, "EditorUnresponsive", 503},
    CodeInfo{ErrorCode::EditorVersionUnsupported, "EditorVersionUnsupported", 501},
    CodeInfo{ErrorCode::AutomationFailed, "AutomationFailed", 502},
    CodeInfo{ErrorCode::ElementNotFound, "ElementNotFound", 502},
    CodeInfo{ErrorCode::ExportFailed, "ExportFailed", 502},
    CodeInfo{ErrorCode::Timeout, "Timeout", 504},
    CodeInfo{ErrorCode::MediaUnreadable, "MediaUnreadable", 422},
    CodeInfo{ErrorCode::MediaUnsupported, "MediaUnsupported", 415},
    CodeInfo{ErrorCode::MediaCorrupt, "MediaCorrupt", 422},
    CodeInfo{ErrorCode::DownloadFailed, "DownloadFailed", 502},
    CodeInfo{ErrorCode::DownloadTooLarge, "DownloadTooLarge", 413},
    CodeInfo{ErrorCode::IoError, "IoError", 500},
    CodeInfo{ErrorCode::PermissionDenied, "PermissionDenied", 500},
    CodeInfo{ErrorCode::DiskFull, "DiskFull", 507},
    CodeInfo{ErrorCode::CorruptData, "CorruptData", 422},
    CodeInfo{ErrorCode::DatabaseError, "DatabaseError", 500},
    CodeInfo{ErrorCode::EncryptedDraft, "EncryptedDraft", 422},
    CodeInfo{ErrorCode::KeychainUnavailable, "KeychainUnavailable", 503},
    CodeInfo{ErrorCode::Internal, "Internal", 500},
    CodeInfo{ErrorCode::NotImplemented, "NotImplemented", 501},
    CodeInfo{ErrorCode::Cancelled, "Cancelled", 409},
};

const CodeInfo *findCode(ErrorCode code)
{
    for (const CodeInfo &info : kCodes) {
        if (info.code == code)
            return &info;
    }
    return nullptr;
}

} // namespace

Error::Error(ErrorCode code, QString message, QVariantMap details)
    : m_code(code)
    , m_message(std::move(message))
    , m_details(std::move(details))
{
}

ErrorCategory Error::category() const
{
    return errorCategory(m_code);
}

QString Error::field() const
{
    return m_details.value(u"field"_s).toString();
}

Error Error::withDetail(const QString &key, const QVariant &value) const
{
    Error copy = *this;
    copy.m_details.insert(key, value);
    return copy;
}

Error Error::withContext(const QString &context) const
{
    Error copy = *this;
    copy.m_message = context + u": "_s + m_message;
    return copy;
}

QJsonObject Error::toJson() const
{
    QJsonObject object{
        {u"code"_s, int(m_code)},
        {u"name"_s, errorCodeName(m_code)},
        {u"message"_s, m_message},
    };
    if (const QString f = field(); !f.isEmpty())
        object.insert(u"field"_s, f);
    if (!m_details.isEmpty())
        object.insert(u"details"_s, QJsonObject::fromVariantMap(m_details));
    return object;
}

QString Error::toString() const
{
    return u"%1 (%2): %3"_s.arg(errorCodeName(m_code)).arg(int(m_code)).arg(m_message);
}

Error Error::invalidArgument(const QString &field, const QString &message)
{
    return Error(ErrorCode::InvalidArgument, message, {{u"field"_s, field}});
}

Error Error::missingField(const QString &field)
{
    return Error(ErrorCode::MissingField, u"'%1' is required"_s.arg(field), {{u"field"_s, field}});
}

Error Error::outOfRange(const QString &field, qint64 value, qint64 min, qint64 max)
{
    return Error(ErrorCode::OutOfRange,
                 u"'%1' is %2, allowed range is %3..%4"_s.arg(field).arg(value).arg(min).arg(max),
                 {{u"field"_s, field}, {u"value"_s, value}, {u"min"_s, min}, {u"max"_s, max}});
}

Error Error::notFound(const QString &kind, const QString &id)
{
    return Error(ErrorCode::NotFound, u"%1 '%2' not found"_s.arg(kind, id),
                 {{u"kind"_s, kind}, {u"id"_s, id}});
}

Error Error::internal(const QString &message)
{
    return Error(ErrorCode::Internal, message);
}

QString errorCodeName(ErrorCode code)
{
    const CodeInfo *info = findCode(code);
    return info ? QString::fromLatin1(info->name) : u"Unknown"_s;
}

ErrorCategory errorCategory(ErrorCode code)
{
    const int value = int(code);
    if (value == 0)
        return ErrorCategory::None;
    switch (value / 100) {
    case 1:
        return ErrorCategory::Request;
    case 2:
        return ErrorCategory::Resource;
    case 3:
        return ErrorCategory::Editor;
    case 4:
        return ErrorCategory::Media;
    case 5:
        return ErrorCategory::Storage;
    default:
        return ErrorCategory::Internal;
    }
}

int httpStatusFor(ErrorCode code)
{
    const CodeInfo *info = findCode(code);
    return info ? info->httpStatus : 500;
}

QList<ErrorCode> allErrorCodes()
{
    QList<ErrorCode> codes;
    codes.reserve(qsizetype(kCodes.size()));
    for (const CodeInfo &info : kCodes) {
        if (info.code != ErrorCode::None)
            codes.append(info.code);
    }
    return codes;
}

} // namespace CutPilot::Core
