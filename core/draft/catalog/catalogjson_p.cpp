#include "catalogjson_p.h"

#include <QJsonArray>

#include <cmath>

namespace CutPilot::Core::CatalogJson {

using namespace Qt::StringLiterals;

QString childPath(const QString &parent, QStringView key)
{
    if (parent.isEmpty())
        return key.toString();
    return parent + u'.' + key;
}

QString indexPath(const QString &parent, qsizetype index)
{
    return parent + u'[' + QString::number(index) + u']';
}

namespace {

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"a boolean"_s;
    case QJsonValue::Double:
        return u"a number"_s;
    case QJsonValue::String:
        return u"a string"_s;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"nothing"_s;
}

} // namespace

FieldReader::FieldReader(const QJsonObject &object, QString path)
    : m_object(object)
    , m_path(std::move(path))
{
}

bool FieldReader::has(QStringView key) const
{
    const QJsonValue v = value(key);
    return !v.isUndefined() && !v.isNull();
}

QJsonValue FieldReader::value(QStringView key) const
{
    return m_object.value(key);
}

void FieldReader::fail(const QString &key, const QString &message)
{
    if (!m_error)
        m_error = catalogFieldError(childPath(m_path, key), message);
}

QString FieldReader::string(QStringView key, bool required)
{
    const QJsonValue v = value(key);
    if (v.isString())
        return v.toString();
    if (v.isUndefined() || v.isNull()) {
        if (required)
            fail(key.toString(), u"missing (a string is required)"_s);
        return {};
    }
    fail(key.toString(), u"expected a string, got "_s + typeName(v));
    return {};
}

bool FieldReader::boolean(QStringView key, bool fallback)
{
    const QJsonValue v = value(key);
    if (v.isBool())
        return v.toBool();
    if (!v.isUndefined() && !v.isNull())
        fail(key.toString(), u"expected a boolean, got "_s + typeName(v));
    return fallback;
}

double FieldReader::number(QStringView key, double fallback)
{
    const QJsonValue v = value(key);
    if (v.isDouble())
        return v.toDouble();
    if (!v.isUndefined() && !v.isNull())
        fail(key.toString(), u"expected a number, got "_s + typeName(v));
    return fallback;
}

qint64 FieldReader::integer(QStringView key, qint64 fallback)
{
    const QJsonValue v = value(key);
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isDouble()) {
        fail(key.toString(), u"expected an integer, got "_s + typeName(v));
        return fallback;
    }
    // toInteger() answers its default for fractions and out-of-range values: two different
    // defaults tell "not an exact integer" apart from any real value.
    const qint64 a = v.toInteger(0);
    const qint64 b = v.toInteger(1);
    if (a != b) {
        fail(key.toString(), u"expected an integer, got %1"_s.arg(v.toDouble(), 0, 'g', 17));
        return fallback;
    }
    return a;
}

QString FieldReader::id(QStringView key, CatalogIdRule rule, bool required)
{
    const QJsonValue v = value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            fail(key.toString(), u"missing (an id string is required)"_s);
        return {};
    }
    Result<QString> id = catalogIdFromJson(v, childPath(m_path, key), rule);
    if (!id) {
        if (!m_error)
            m_error = id.error();
        return {};
    }
    return *id;
}

QStringList FieldReader::stringList(QStringView key)
{
    const QJsonValue v = value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isArray()) {
        fail(key.toString(), u"expected an array of strings, got "_s + typeName(v));
        return {};
    }
    QStringList out;
    const QJsonArray array = v.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString()) {
            fail(indexPath(key.toString(), i),
                 u"expected a string, got "_s + typeName(array.at(i)));
            return {};
        }
        out.append(array.at(i).toString());
    }
    return out;
}

QList<CatalogParam> FieldReader::params(QStringView key, const ParamKeys &keys)
{
    const QJsonValue v = value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isArray()) {
        fail(key.toString(), u"expected an array of parameters, got "_s + typeName(v));
        return {};
    }
    QList<CatalogParam> out;
    const QJsonArray array = v.toArray();
    const QString arrayPath = childPath(m_path, key);
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = indexPath(arrayPath, i);
        if (!array.at(i).isObject()) {
            if (!m_error)
                m_error = catalogFieldError(itemPath,
                                            u"expected an object, got "_s + typeName(array.at(i)));
            return {};
        }
        FieldReader item(array.at(i).toObject(), itemPath);
        CatalogParam param;
        param.name = item.string(keys.name, true);
        param.defaultValue = item.number(keys.defaultValue, 0.0);
        param.min = item.number(keys.min, 0.0);
        param.max = item.number(keys.max, 1.0);
        if (item.ok()
            && !(std::isfinite(param.min) && std::isfinite(param.max)
                 && std::isfinite(param.defaultValue))) {
            item.fail(keys.min.toString(), u"parameter range must be finite"_s);
        }
        if (!item.ok()) {
            if (!m_error)
                m_error = item.error();
            return {};
        }
        out.append(param);
    }
    return out;
}

} // namespace CutPilot::Core::CatalogJson
