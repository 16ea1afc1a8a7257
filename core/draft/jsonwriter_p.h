#pragma once

// Private: a small streaming writer for compact JSON (UTF-8) and an ordered field list for the
// objects of the content document, so that saving a draft does not build a QJsonObject tree.

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

/// Writes compact JSON text as QJsonDocument::Compact does: strings escaped the same way (control
/// characters, quotes and backslashes; non-ASCII as raw UTF-8; lone surrogates as \uXXXX), integers
/// exactly, doubles in their shortest round-trip form, NaN and infinities as null. Commas are
/// placed automatically; values written at the top level are separated by commas too (a list of
/// array elements that is spliced into an array later with raw()).
class JsonWriter
{
public:
    JsonWriter() = default;
    explicit JsonWriter(qsizetype reserve);

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    void key(QStringView key);

    void null();
    void boolean(bool value);
    void integer(qint64 value);
    void number(double value);
    void string(QStringView value);
    /// A string given as valid UTF-8 (as produced by this writer), escaped as a JSON string.
    void utf8String(QByteArrayView utf8);
    void value(const QJsonValue &value);
    void object(const QJsonObject &object);
    void array(const QJsonArray &array);
    /// JSON text written as it is: one value, or comma-separated values inside an array. Empty
    /// text writes nothing.
    void raw(QByteArrayView json);

    qsizetype size() const { return m_size; }
    QByteArrayView view() const { return QByteArrayView(m_buffer.constData(), m_size); }
    QByteArray take();

private:
    char *reserveFor(qsizetype bytes);
    void put(char c) { *reserveFor(1) = c, ++m_size; }
    void separate()
    {
        if (m_comma)
            put(',');
    }

    QByteArray m_buffer; ///< its size is the capacity; m_size bytes are written
    qsizetype m_size = 0;
    bool m_comma = false;
};

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
