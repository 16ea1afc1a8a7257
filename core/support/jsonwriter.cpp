#include "jsonwriter.h"

#include <QCborValue>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

constexpr char HexDigits[] = "0123456789abcdef";

char *escapeUnit(char *p, unsigned unit)
{
    *p++ = '\\';
    switch (unit) {
    case '"':
        *p++ = '"';
        break;
    case '\\':
        *p++ = '\\';
        break;
    case '\b':
        *p++ = 'b';
        break;
    case '\f':
        *p++ = 'f';
        break;
    case '\n':
        *p++ = 'n';
        break;
    case '\r':
        *p++ = 'r';
        break;
    case '\t':
        *p++ = 't';
        break;
    default:
        *p++ = 'u';
        *p++ = HexDigits[(unit >> 12) & 0xf];
        *p++ = HexDigits[(unit >> 8) & 0xf];
        *p++ = HexDigits[(unit >> 4) & 0xf];
        *p++ = HexDigits[unit & 0xf];
        break;
    }
    return p;
}

constexpr std::array<bool, 128> EscapedAscii = [] {
    std::array<bool, 128> table{};
    for (unsigned c = 0; c < 0x20; ++c)
        table[c] = true;
    table['"'] = true;
    table['\\'] = true;
    return table;
}();

bool needsEscape(unsigned c)
{
    return c < 128 && EscapedAscii[c];
}

} // namespace

JsonWriter::JsonWriter(qsizetype reserve)
{
    if (reserve > 0)
        m_buffer.resize(reserve);
}

char *JsonWriter::reserveFor(qsizetype bytes)
{
    if (m_size + bytes > m_buffer.size())
        m_buffer.resize(std::max({m_size + bytes, m_buffer.size() * 2, qsizetype(256)}));
    return m_buffer.data() + m_size;
}

QByteArray JsonWriter::take()
{
    m_buffer.truncate(m_size);
    m_size = 0;
    m_comma = false;
    return std::exchange(m_buffer, {});
}

void JsonWriter::beginObject()
{
    separate();
    put('{');
    m_comma = false;
}

void JsonWriter::endObject()
{
    put('}');
    m_comma = true;
}

void JsonWriter::beginArray()
{
    separate();
    put('[');
    m_comma = false;
}

void JsonWriter::endArray()
{
    put(']');
    m_comma = true;
}

void JsonWriter::key(QStringView key)
{
    string(key);
    put(':');
    m_comma = false;
}

void JsonWriter::null()
{
    raw("null");
}

void JsonWriter::boolean(bool value)
{
    raw(value ? QByteArrayView("true") : QByteArrayView("false"));
}

void JsonWriter::integer(qint64 value)
{
    separate();
    char *p = reserveFor(24);
    m_size += std::to_chars(p, p + 24, value).ptr - p;
    m_comma = true;
}

void JsonWriter::number(double value)
{
    if (!std::isfinite(value)) {
        null(); // as QJsonDocument writes them (RFC 8259 has no NaN or infinity)
        return;
    }
    // Integral values as integers ("1920", -0.0 as "0"), the way QJsonDocument writes them.
    constexpr double ExactIntegers = 9007199254740992.0; // 2^53
    if (std::abs(value) < ExactIntegers && value == std::trunc(value)) {
        integer(qint64(value));
        return;
    }
    separate();
    char *p = reserveFor(32);
    m_size += std::to_chars(p, p + 32, value).ptr - p; // shortest round-trip form
    m_comma = true;
}

void JsonWriter::string(QStringView value)
{
    separate();
    // Worst case: every unit written as \uXXXX.
    char *const start = reserveFor(2 + 6 * value.size());
    char *p = start;
    *p++ = '"';
    const char16_t *s = value.utf16();
    const char16_t *const end = s + value.size();
    while (s < end) {
        const char16_t c = *s++;
        if (c < 0x80) {
            if (needsEscape(c))
                p = escapeUnit(p, c);
            else
                *p++ = char(c);
        } else if (c < 0x800) {
            *p++ = char(0xc0 | (c >> 6));
            *p++ = char(0x80 | (c & 0x3f));
        } else if (!QChar::isSurrogate(c)) {
            *p++ = char(0xe0 | (c >> 12));
            *p++ = char(0x80 | ((c >> 6) & 0x3f));
            *p++ = char(0x80 | (c & 0x3f));
        } else if (QChar::isHighSurrogate(c) && s < end && QChar::isLowSurrogate(*s)) {
            const char32_t u = QChar::surrogateToUcs4(c, *s++);
            *p++ = char(0xf0 | (u >> 18));
            *p++ = char(0x80 | ((u >> 12) & 0x3f));
            *p++ = char(0x80 | ((u >> 6) & 0x3f));
            *p++ = char(0x80 | (u & 0x3f));
        } else {
            p = escapeUnit(p, c); // a lone surrogate, as QJsonDocument writes it
        }
    }
    *p++ = '"';
    m_size += p - start;
    m_comma = true;
}

void JsonWriter::utf8String(QByteArrayView utf8)
{
    separate();
    char *const start = reserveFor(2 + 6 * utf8.size());
    char *p = start;
    *p++ = '"';
    for (const char c : utf8) {
        if (needsEscape(uchar(c)))
            p = escapeUnit(p, uchar(c));
        else
            *p++ = c;
    }
    *p++ = '"';
    m_size += p - start;
    m_comma = true;
}

void JsonWriter::value(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        boolean(value.toBool());
        break;
    case QJsonValue::Double: {
        // Integers are stored as such (beyond 2^53 too): write them exactly.
        const QCborValue cbor = QCborValue::fromJsonValue(value);
        if (cbor.isInteger())
            integer(cbor.toInteger());
        else
            number(cbor.toDouble());
        break;
    }
    case QJsonValue::String:
        string(value.toString());
        break;
    case QJsonValue::Array:
        array(value.toArray());
        break;
    case QJsonValue::Object:
        object(value.toObject());
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        null();
        break;
    }
}

void JsonWriter::object(const QJsonObject &object)
{
    beginObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        key(it.key());
        value(it.value());
    }
    endObject();
}

void JsonWriter::array(const QJsonArray &array)
{
    beginArray();
    for (const QJsonValue &v : array)
        value(v);
    endArray();
}

void JsonWriter::raw(QByteArrayView json)
{
    if (json.isEmpty())
        return;
    separate();
    std::memcpy(reserveFor(json.size()), json.data(), size_t(json.size()));
    m_size += json.size();
    m_comma = true;
}

} // namespace CutPilot::Core
