#include "compatparams.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace CutPilot::Api {

using namespace Qt::StringLiterals;
using Core::Error;
using Core::ErrorCode;
using Core::Result;

namespace {

Error wrongType(const QString &key, const QString &expected, const QJsonValue &value)
{
    QString got;
    switch (value.type()) {
    case QJsonValue::String:
        got = u"the string \"%1\""_s.arg(value.toString().left(40));
        break;
    case QJsonValue::Double:
        got = u"the number %1"_s.arg(value.toDouble());
        break;
    case QJsonValue::Bool:
        got = value.toBool() ? u"true"_s : u"false"_s;
        break;
    case QJsonValue::Array:
        got = u"a list"_s;
        break;
    case QJsonValue::Object:
        got = u"an object"_s;
        break;
    default:
        got = u"nothing"_s;
    }
    return Error(ErrorCode::InvalidArgument, u"%1 must be %2, got %3"_s.arg(key, expected, got),
                 {{u"field"_s, key}});
}

} // namespace

Result<QJsonObject> CompatParams::decode(const HttpRequest &request)
{
    const QByteArray type = request.header("Content-Type").trimmed().toLower();
    const QByteArray mime
        = type.left(type.indexOf(';') < 0 ? type.size() : type.indexOf(';')).trimmed();
    if (mime != "application/json")
        return Error(ErrorCode::UnsupportedMediaType,
                     u"the request body must be JSON with 'Content-Type: application/json'%1"_s.arg(
                         type.isEmpty()
                             ? QString()
                             : u" (got '%1')"_s.arg(QString::fromLatin1(type.left(80)))));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error(
            ErrorCode::InvalidJson,
            u"the request body is not valid JSON: %1 at offset %2"_s.arg(parseError.errorString())
                .arg(parseError.offset));
    if (!document.isObject())
        return Error(ErrorCode::InvalidJson, u"the request body must be a JSON object"_s);
    return document.object();
}

bool CompatParams::has(const QString &key) const
{
    const QJsonValue v = m_body.value(key);
    return !v.isUndefined() && !v.isNull();
}

bool CompatParams::isMissing(const QString &key) const
{
    const QJsonValue v = m_body.value(key);
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString().isEmpty();
    case QJsonValue::Double:
        return v.toDouble() == 0;
    case QJsonValue::Bool:
        return !v.toBool();
    case QJsonValue::Array:
        return v.toArray().isEmpty();
    case QJsonValue::Object:
        return false;
    default:
        return true;
    }
}

Result<QString> CompatParams::string(const QString &key, const QString &fallback) const
{
    const QJsonValue v = m_body.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isString())
        return wrongType(key, u"a string"_s, v);
    return v.toString();
}

Result<double> CompatParams::number(const QString &key, double fallback) const
{
    const QJsonValue v = m_body.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    double value = 0;
    if (v.isDouble()) {
        value = v.toDouble();
    } else if (v.isString()) {
        bool ok = false;
        value = v.toString().trimmed().toDouble(&ok);
        if (!ok)
            return wrongType(key, u"a number"_s, v);
    } else {
        return wrongType(key, u"a number"_s, v);
    }
    if (!std::isfinite(value))
        return Error(ErrorCode::InvalidArgument, u"%1 must be a finite number"_s.arg(key),
                     {{u"field"_s, key}});
    return value;
}

Result<qint64> CompatParams::integer(const QString &key, qint64 fallback) const
{
    Result<double> value = number(key, double(fallback));
    if (!value)
        return value.error();
    if (std::abs(*value) > 9.0e15 || *value != std::trunc(*value))
        return Error(ErrorCode::InvalidArgument,
                     u"%1 must be a whole number, got %2"_s.arg(key).arg(*value),
                     {{u"field"_s, key}});
    return qint64(*value);
}

Result<bool> CompatParams::boolean(const QString &key, bool fallback) const
{
    const QJsonValue v = m_body.value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (v.isBool())
        return v.toBool();
    if (v.isDouble() && (v.toDouble() == 0 || v.toDouble() == 1))
        return v.toDouble() == 1;
    if (v.isString()) {
        const QString text = v.toString().trimmed().toLower();
        if (text == u"true" || text == u"1")
            return true;
        if (text == u"false" || text == u"0")
            return false;
    }
    return wrongType(key, u"true or false"_s, v);
}

Result<QString> CompatParams::id(const QString &key) const
{
    const QJsonValue v = m_body.value(key);
    if (v.isString())
        return v.toString().trimmed();
    if (v.isDouble()) {
        // Qt keeps integers that fit in 64 bits exactly; toDouble() would round 19-digit ids.
        const qint64 exact = v.toInteger(std::numeric_limits<qint64>::min());
        if (exact == std::numeric_limits<qint64>::min() || exact < 0)
            return wrongType(key, u"an id (digits)"_s, v);
        return QString::number(exact);
    }
    if (v.isUndefined() || v.isNull())
        return QString();
    return wrongType(key, u"an id (a string or a whole number)"_s, v);
}

} // namespace CutPilot::Api
