#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>
#include <QVariantMap>

namespace CutPilot::Core {

/// One error-code space for the whole program, grouped by hundreds (house style):
/// 1xx request, 2xx resources, 3xx editor/automation, 4xx media, 5xx storage, 9xx internal.
/// The numbers are part of the public API (HTTP error bodies, CLI exit details): never renumber,
/// only add. docs/errors.md lists them.
enum class ErrorCode : int {
    None = 0,

    // 1xx: the request (CLI option, HTTP body, plan file) is malformed or not allowed.
    BadRequest = 100,
    InvalidArgument = 101,
    MissingField = 102,
    OutOfRange = 103,
    InvalidJson = 104,
    UnsupportedMediaType = 105,
    PayloadTooLarge = 106,
    MethodNotAllowed = 107,
    Unauthorized = 110,
    Forbidden = 111,
    RateLimited = 112,
    PathNotAllowed = 113,

    // 2xx: the resource named by the request.
    NotFound = 200,
    AlreadyExists = 201,
    Conflict = 202,
    Locked = 203,
    AddressInUse = 204,
    Unavailable = 205,

    // 3xx: the desktop editor and its automation.
    EditorNotFound = 300,
    EditorNotRunning = 301,
    EditorUnresponsive = 302,
    EditorVersionUnsupported = 303,
    AutomationFailed = 304,
    ElementNotFound = 305,
    ExportFailed = 306,
    Timeout = 307,

    // 4xx: media files and downloads.
    MediaUnreadable = 400,
    MediaUnsupported = 401,
    MediaCorrupt = 402,
    DownloadFailed = 410,
    DownloadTooLarge = 411,

    // 5xx: storage (files, drafts, databases, keychain).
    IoError = 500,
    PermissionDenied = 501,
    DiskFull = 502,
    CorruptData = 503,
    DatabaseError = 504,
    EncryptedDraft = 505,
    KeychainUnavailable = 506,

    // 9xx: bugs and things CutPilot cannot do (yet).
    Internal = 900,
    NotImplemented = 901,
    Cancelled = 902,
};

enum class ErrorCategory {
    None,
    Request,
    Resource,
    Editor,
    Media,
    Storage,
    Internal,
};

/// An error as it crosses a module boundary: a stable code, a human message that names the
/// field and the limit, and machine-readable details (e.g. {"field": "port", "max": 65535}).
class Error final
{
public:
    Error() = default;
    Error(ErrorCode code, QString message, QVariantMap details = {});

    ErrorCode code() const { return m_code; }
    const QString &message() const { return m_message; }
    const QVariantMap &details() const { return m_details; }
    ErrorCategory category() const;

    /// The field the error is about, if any (details["field"]).
    QString field() const;

    /// Returns a copy with one more detail (details are merged, later wins).
    Error withDetail(const QString &key, const QVariant &value) const;
    /// Returns a copy whose message is prefixed with context ("loading settings: ...").
    Error withContext(const QString &context) const;

    /// {"code": 101, "name": "InvalidArgument", "message": "...", "field": "...", "details": {...}}
    QJsonObject toJson() const;
    /// "InvalidArgument (101): message"
    QString toString() const;

    // Helpers that keep messages uniform across modules.
    static Error invalidArgument(const QString &field, const QString &message);
    static Error missingField(const QString &field);
    static Error outOfRange(const QString &field, qint64 value, qint64 min, qint64 max);
    static Error notFound(const QString &kind, const QString &id);
    static Error internal(const QString &message);

    friend bool operator==(const Error &a, const Error &b)
    {
        return a.m_code == b.m_code && a.m_message == b.m_message && a.m_details == b.m_details;
    }

private:
    ErrorCode m_code = ErrorCode::None;
    QString m_message;
    QVariantMap m_details;
};

/// "InvalidArgument" for ErrorCode::InvalidArgument; "Unknown" for values outside the enum.
QString errorCodeName(ErrorCode code);
ErrorCategory errorCategory(ErrorCode code);
/// The HTTP status an error maps to on /api/v1 (one table for the whole API).
int httpStatusFor(ErrorCode code);
/// Every defined code, in numeric order (for docs, tests and the OpenAPI document).
QList<ErrorCode> allErrorCodes();

} // namespace CutPilot::Core

Q_DECLARE_METATYPE(CutPilot::Core::Error)
