#pragma once

// A small streaming writer for compact JSON (UTF-8): the draft serializer writes content documents
// with it and the API its answers, without building a QJsonObject tree first.

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringView>

namespace CutPilot::Core {

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

} // namespace CutPilot::Core
