#pragma once

// Private: an ordered field list for the objects of the content document, written with
// Core::JsonWriter, so that saving a draft does not build a QJsonObject tree.

#include "core/support/jsonwriter.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <variant>
#include <vector>

namespace CutPilot::Core {
struct TextMaterial;
}

namespace CutPilot::Core::DraftJson {

using Core::JsonWriter;

/// A nested value already written as JSON text.
struct RawJson
{
    QByteArray json;
};

/// The fields of one object in insertion order; inserting an existing key replaces its value, so
/// no key is written twice (the same precedence as QJsonObject::insert).
class JsonFields
{
public:
    using Value = std::variant<std::nullptr_t, bool, qint64, double, QString, QJsonValue, RawJson>;

    JsonFields() = default;
    /// `capacity`: how many fields the object will have at most (saves reallocations).
    JsonFields(std::initializer_list<std::pair<QString, Value>> fields, qsizetype capacity = 0);

    void reserve(qsizetype fields) { m_fields.reserve(size_t(fields)); }
    void insert(const QString &key, Value value);
    void insert(const QString &key, QJsonValue::Type) = delete; ///< would become an integer
    /// Every key of `overrides` set (overrides win), like DraftJson::merged().
    void merge(const QJsonObject &overrides);
    bool contains(QStringView key) const;
    void remove(QStringView key);

    void write(JsonWriter &writer) const;
    RawJson toRaw() const;

private:
    struct Field
    {
        QString key;
        quint32 tag; ///< keyTag(key): most keys differ in it, which saves comparing the strings
        Value value;
    };
    static quint32 keyTag(QStringView key)
    {
        if (key.isEmpty())
            return 0;
        return (quint32(key.size()) << 16) ^ (quint32(key.front().unicode()) << 8)
               ^ quint32(key.back().unicode());
    }
    qsizetype indexOf(QStringView key) const; ///< -1 when absent
    std::vector<Field> m_fields;
};

/// The nested content document of a text material (§12.2) as compact UTF-8 JSON.
QByteArray textContentUtf8(const TextMaterial &text);

} // namespace CutPilot::Core::DraftJson
