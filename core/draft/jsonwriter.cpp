#include "draftmodel.h"
#include "jsonwriter_p.h"

#include <algorithm>
#include <utility>

namespace CutPilot::Core::DraftJson {

using namespace Qt::StringLiterals;

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
