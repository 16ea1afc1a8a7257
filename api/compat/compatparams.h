#pragma once

#include "api/httpmessage.h"
#include "core/support/result.h"

#include <QJsonObject>
#include <QJsonValue>

namespace CutPilot::Api {

/// Reads CapCutAPI-style request parameters (capcutapi-compat.md §4.3): numbers as JSON numbers or
/// fully numeric strings, booleans as true/false, 0/1 or "true"/"false", catalog ids as strings or
/// exact JSON integers. A `null` value means "use the default". Every error names the field.
class CompatParams final
{
public:
    explicit CompatParams(QJsonObject body)
        : m_body(std::move(body))
    {
    }

    /// The transport rules (§1): Content-Type application/json and a JSON object body; anything
    /// else is an error for a 400 envelope.
    static Core::Result<QJsonObject> decode(const HttpRequest &request);

    const QJsonObject &body() const { return m_body; }
    /// Present and not null.
    bool has(const QString &key) const;
    /// CapCutAPI's "missing": absent, null, "", 0, false or [].
    bool isMissing(const QString &key) const;

    Core::Result<QString> string(const QString &key, const QString &fallback = {}) const;
    Core::Result<double> number(const QString &key, double fallback) const;
    Core::Result<qint64> integer(const QString &key, qint64 fallback) const;
    Core::Result<bool> boolean(const QString &key, bool fallback) const;
    /// A catalog or resource id: a string, or a JSON integer kept to the last digit.
    Core::Result<QString> id(const QString &key) const;

    /// Seconds to microseconds, rounded (§4.3).
    static qint64 microseconds(double seconds) { return qint64(std::llround(seconds * 1e6)); }

private:
    QJsonObject m_body;
};

} // namespace CutPilot::Api
