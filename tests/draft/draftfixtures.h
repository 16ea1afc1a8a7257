#pragma once

// Shared fixtures of the draft-engine tests: the spec's Appendix A draft built through the model,
// and helpers to read golden JSON straight from ../shared/spec (never copied into the repo).

#include "core/draft/draftmodel.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace CutPilot::Test {

using namespace Qt::StringLiterals;

inline QString sharedPath(const QString &relative)
{
    return QStringLiteral(CUTPILOT_SHARED_DIR "/") + relative;
}

/// The first ```json block after `heading` in spec/draft-format.md, or an empty object.
inline QJsonObject specJsonBlock(const QString &heading)
{
    QFile file(sharedPath(u"spec/draft-format.md"_s));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(file.readAll());
    const qsizetype at = text.indexOf(heading);
    if (at < 0)
        return {};
    const qsizetype open = text.indexOf(u"```json\n"_s, at);
    const qsizetype close = text.indexOf(u"\n```"_s, open + 8);
    if (open < 0 || close < 0)
        return {};
    return QJsonDocument::fromJson(text.mid(open + 8, close - open - 8).toUtf8()).object();
}

inline QJsonObject readJsonFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

/// texts[].content strings parsed into objects, so that key order inside them does not matter.
inline QJsonObject withParsedTextContent(QJsonObject document)
{
    QJsonObject materials = document.value(u"materials"_s).toObject();
    QJsonArray texts = materials.value(u"texts"_s).toArray();
    for (qsizetype i = 0; i < texts.size(); ++i) {
        QJsonObject text = texts.at(i).toObject();
        text.insert(u"content"_s,
                    QJsonDocument::fromJson(text.value(u"content"_s).toString().toUtf8()).object());
        texts.replace(i, text);
    }
    materials.insert(u"texts"_s, texts);
    document.insert(u"materials"_s, materials);
    return document;
}

/// Every materials list sorted by id: list order carries no meaning for the editor (§8.2).
inline QJsonObject withSortedMaterials(QJsonObject document)
{
    QJsonObject materials = document.value(u"materials"_s).toObject();
    for (auto it = materials.begin(); it != materials.end(); ++it) {
        QJsonArray list = it.value().toArray();
        QList<QJsonValue> values(list.begin(), list.end());
        std::sort(values.begin(), values.end(), [](const QJsonValue &a, const QJsonValue &b) {
            return a.toObject().value(u"id"_s).toString() < b.toObject().value(u"id"_s).toString();
        });
        QJsonArray sorted;
        for (const QJsonValue &v : values)
            sorted.append(v);
        it.value() = sorted;
    }
    document.insert(u"materials"_s, materials);
    return document;
}

/// The differences between two JSON values as "path: a != b" lines (empty when equal).
inline QStringList jsonDiff(const QJsonValue &a, const QJsonValue &b, const QString &path = u"$"_s)
{
    QStringList out;
    if (a.isObject() && b.isObject()) {
        const QJsonObject oa = a.toObject();
        const QJsonObject ob = b.toObject();
        for (auto it = oa.begin(); it != oa.end(); ++it) {
            if (!ob.contains(it.key()))
                out.append(path + u'.' + it.key() + u": missing on the right"_s);
            else
                out += jsonDiff(it.value(), ob.value(it.key()), path + u'.' + it.key());
        }
        for (auto it = ob.begin(); it != ob.end(); ++it) {
            if (!oa.contains(it.key()))
                out.append(path + u'.' + it.key() + u": missing on the left"_s);
        }
        return out;
    }
    if (a.isArray() && b.isArray()) {
        const QJsonArray aa = a.toArray();
        const QJsonArray ab = b.toArray();
        if (aa.size() != ab.size())
            return {path + u": %1 vs %2 elements"_s.arg(aa.size()).arg(ab.size())};
        for (qsizetype i = 0; i < aa.size(); ++i)
            out += jsonDiff(aa.at(i), ab.at(i), path + u"[%1]"_s.arg(i));
        return out;
    }
    if (a.isDouble() && b.isDouble()) {
        if (qFuzzyCompare(1.0 + a.toDouble(), 1.0 + b.toDouble()))
            return {};
    }
    if (a != b) {
        out.append(
            path + u": "_s
            + QString::fromUtf8(QJsonDocument(QJsonArray{a}).toJson(QJsonDocument::Compact))
            + u" != "_s
            + QString::fromUtf8(QJsonDocument(QJsonArray{b}).toJson(QJsonDocument::Compact)));
    }
    return out;
}

/// Appendix A of spec/draft-format.md, built through the model with the appendix's own ids.
inline Core::Draft appendixADraft()
{
    using namespace Core;
    Draft draft;
    draft.id = u"2B9C1C3E-6F7A-4C1D-9E0B-0A1B2C3D4E5F"_s;
    draft.metaDraftId = u"0C7D4E2A-91B3-4F6E-8A5D-3B2C1D0E9F8A"_s;
    draft.name = u"CutPilot Demo"_s;
    draft.width = 1920;
    draft.height = 1080;
    draft.fps = 30.0;

    MediaMaterial clip;
    clip.id = u"7E1D0C551A2B4C3D8E9F101112131415"_s;
    clip.localMaterialId = u"6B6B00000000400080000000000000E1"_s;
    clip.kind = MediaKind::Video;
    clip.path = u"C:\\Users\\me\\Videos\\CutPilot\\clip.mp4"_s;
    clip.name = u"clip.mp4"_s;
    clip.durationUs = 10'000'000;
    clip.width = 1920;
    clip.height = 1080;
    draft.media.insert(clip.id, clip);

    MediaMaterial bgm;
    bgm.id = u"7E1D0C551A2B4C3D8E9F202122232425"_s;
    bgm.localMaterialId = u"6B6B00000000400080000000000000E2"_s;
    bgm.kind = MediaKind::Audio;
    bgm.path = u"C:\\Users\\me\\Music\\bgm.mp3"_s;
    bgm.name = u"bgm.mp3"_s;
    bgm.durationUs = 30'000'000;
    draft.media.insert(bgm.id, bgm);

    Track video;
    video.id = u"3C3C000000004000800000000000000A"_s;
    video.type = TrackType::Video;
    video.name = u"main"_s;
    Segment v;
    v.id = u"9F9F00000000400080000000000000A1"_s;
    v.materialId = clip.id;
    v.target = {0, 5'000'000};
    v.source = TimeRange{2'000'000, 5'000'000};
    v.speedId = u"5A5A0001000040008000000000000001"_s;
    KeyframeTrack zoom;
    zoom.id = u"4D4D00000000400080000000000000D1"_s;
    zoom.property = KeyframeProperty::UniformScale;
    zoom.keyframes
        = {Keyframe{u"4D4D00000000400080000000000000D2"_s, 0, 1.0, Easing::Linear, {}, {}, {}},
           Keyframe{
               u"4D4D00000000400080000000000000D3"_s, 5'000'000, 1.2, Easing::Linear, {}, {}, {}}};
    v.keyframes = {zoom};
    video.segments = {v};

    Track audio;
    audio.id = u"3C3C000000004000800000000000000B"_s;
    audio.type = TrackType::Audio;
    audio.name = u"bgm"_s;
    Segment a;
    a.id = u"9F9F00000000400080000000000000B1"_s;
    a.materialId = bgm.id;
    a.target = {0, 5'000'000};
    a.source = TimeRange{0, 5'000'000};
    a.volume = 0.8;
    a.fadeInUs = 500'000;
    a.fadeOutUs = 1'000'000;
    a.speedId = u"5A5A0001000040008000000000000002"_s;
    a.fadeId = u"5A5A0002000040008000000000000001"_s;
    audio.segments = {a};

    Track title;
    title.id = u"3C3C000000004000800000000000000C"_s;
    title.type = TrackType::Text;
    title.name = u"title"_s;
    Segment t;
    t.id = u"9F9F00000000400080000000000000C1"_s;
    t.materialId = u"7E1D0C551A2B4C3D8E9F303132333435"_s;
    t.target = {500'000, 4'000'000};
    t.transform.y = -0.8;
    TextMaterial text;
    text.id = t.materialId;
    text.text = u"你好 CutPilot"_s;
    TextStyle style;
    style.start = 0;
    style.length = 11;
    style.strokeColor = QColor(Qt::black);
    text.styles = {style};
    t.text = text;
    title.segments = {t};

    draft.tracks = {video, audio, title};
    return draft;
}

} // namespace CutPilot::Test
