#include "draftmodel.h"
#include "jsonwriter_p.h"

#include <QCborValue>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <utility>

namespace CutPilot::Core::DraftJson {

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

JsonFields::JsonFields(std::initializer_list<std::pair<QString, Value>> fields, qsizetype capacity)
{
    m_fields.reserve(std::max(fields.size() + 2, size_t(capacity)));
    for (const auto &[key, value] : fields)
        insert(key, value);
}

qsizetype JsonFields::indexOf(QStringView key) const
{
    const quint32 tag = keyTag(key);
    for (size_t i = 0; i < m_fields.size(); ++i) {
        if (m_fields[i].tag == tag && m_fields[i].key == key)
            return qsizetype(i);
    }
    return -1;
}

void JsonFields::insert(const QString &key, Value value)
{
    if (const qsizetype i = indexOf(key); i >= 0)
        m_fields[size_t(i)].value = std::move(value);
    else
        m_fields.push_back(Field{key, keyTag(key), std::move(value)});
}

void JsonFields::merge(const QJsonObject &overrides)
{
    for (auto it = overrides.constBegin(); it != overrides.constEnd(); ++it)
        insert(it.key(), QJsonValue(it.value()));
}

bool JsonFields::contains(QStringView key) const
{
    return indexOf(key) >= 0;
}

void JsonFields::remove(QStringView key)
{
    if (const qsizetype i = indexOf(key); i >= 0)
        m_fields.erase(m_fields.begin() + i); // keys are unique
}

void JsonFields::write(JsonWriter &writer) const
{
    struct Visitor
    {
        JsonWriter &w;
        void operator()(std::nullptr_t) const { w.null(); }
        void operator()(bool v) const { w.boolean(v); }
        void operator()(qint64 v) const { w.integer(v); }
        void operator()(double v) const { w.number(v); }
        void operator()(const QString &v) const { w.string(v); }
        void operator()(const QJsonValue &v) const { w.value(v); }
        void operator()(const RawJson &v) const { w.raw(v.json); }
    };
    writer.beginObject();
    for (const Field &field : m_fields) {
        writer.key(field.key);
        std::visit(Visitor{writer}, field.value);
    }
    writer.endObject();
}

RawJson JsonFields::toRaw() const
{
    JsonWriter writer(256);
    write(writer);
    return RawJson{writer.take()};
}

namespace {

RawJson rgbJson(const QColor &color)
{
    JsonWriter w(64);
    w.beginArray();
    w.number(color.redF());
    w.number(color.greenF());
    w.number(color.blueF());
    w.endArray();
    return RawJson{w.take()};
}

} // namespace

QByteArray textContentUtf8(const TextMaterial &text)
{
    JsonWriter out(256 + 4 * text.text.size());
    out.beginObject();
    JsonFields content;
    content.merge(text.contentExtra);
    content.remove(u"text");
    content.remove(u"styles");
    // The fields of `content` first, then the two modelled keys written directly.
    JsonWriter scratch;
    content.write(scratch);
    const QByteArrayView extra = scratch.view().sliced(1, scratch.size() - 2); // without {}
    out.raw(extra);
    out.key(u"text");
    out.string(text.text);
    out.key(u"styles");
    out.beginArray();
    for (const TextStyle &s : text.styles) {
        JsonFields style;
        style.reserve(s.extra.size() + 10);
        style.merge(s.extra);
        JsonWriter range(48);
        range.beginArray();
        range.integer(s.start);
        range.integer(s.start + s.length);
        range.endArray();
        style.insert(u"range"_s, RawJson{range.take()});
        style.insert(u"size"_s, s.size);
        style.insert(u"bold"_s, s.bold);
        style.insert(u"italic"_s, s.italic);
        style.insert(u"underline"_s, s.underline);
        JsonFields solid{{u"alpha"_s, 1.0}, {u"color"_s, rgbJson(s.color)}};
        JsonFields fillContent{{u"render_type"_s, u"solid"_s}, {u"solid"_s, solid.toRaw()}};
        style.insert(u"fill"_s,
                     JsonFields{{u"alpha"_s, 1.0}, {u"content"_s, fillContent.toRaw()}}.toRaw());
        JsonWriter strokes(128);
        strokes.beginArray();
        if (s.strokeColor) {
            JsonFields strokeSolid{{u"alpha"_s, 1.0}, {u"color"_s, rgbJson(*s.strokeColor)}};
            JsonFields strokeContent{{u"solid"_s, strokeSolid.toRaw()}};
            JsonFields{{u"content"_s, strokeContent.toRaw()}, {u"width"_s, s.strokeWidth}}.write(
                strokes);
        }
        strokes.endArray();
        style.insert(u"strokes"_s, RawJson{strokes.take()});
        if (!s.fontId.isEmpty())
            style.insert(u"font"_s, JsonFields{{u"id"_s, s.fontId}, {u"path"_s, u"D:"_s}}.toRaw());
        else
            style.remove(u"font");
        if (!s.flowerTextId.isEmpty())
            style.insert(u"effectStyle"_s,
                         JsonFields{{u"id"_s, s.flowerTextId}, {u"path"_s, u"C:"_s}}.toRaw());
        else
            style.remove(u"effectStyle");
        if (s.shadowColor) {
            JsonFields shadowSolid{{u"color"_s, rgbJson(*s.shadowColor)}};
            JsonFields shadowContent{{u"solid"_s, shadowSolid.toRaw()}};
            JsonWriter shadows(160);
            shadows.beginArray();
            JsonFields{{u"alpha"_s, s.shadowAlpha},
                       {u"content"_s, shadowContent.toRaw()},
                       {u"diffuse"_s, s.shadowDiffuse},
                       {u"distance"_s, s.shadowDistance},
                       {u"angle"_s, s.shadowAngle}}
                .write(shadows);
            shadows.endArray();
            style.insert(u"shadows"_s, RawJson{shadows.take()});
        } else {
            style.remove(u"shadows");
        }
        style.write(out);
    }
    out.endArray();
    out.endObject();
    return out.take();
}

} // namespace CutPilot::Core::DraftJson
