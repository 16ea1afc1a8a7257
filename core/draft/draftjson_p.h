#pragma once

// Private helpers shared by the draft serializer and parser.

#include <QColor>
#include <QJsonArray>
#include <QJsonObject>

namespace CutPilot::Core::DraftJson {

/// `base` with every key of `overrides` set (overrides win).
inline QJsonObject merged(QJsonObject base, const QJsonObject &overrides)
{
    for (auto it = overrides.begin(); it != overrides.end(); ++it)
        base.insert(it.key(), it.value());
    return base;
}

/// `object` without the given keys (what is left is "extra": keys the model does not know).
inline QJsonObject without(QJsonObject object, std::initializer_list<const char *> keys)
{
    for (const char *key : keys)
        object.remove(QLatin1StringView(key));
    return object;
}

inline QJsonObject timeRange(qint64 start, qint64 duration)
{
    return QJsonObject{{QStringLiteral("start"), start}, {QStringLiteral("duration"), duration}};
}

inline QJsonArray rgb(const QColor &color)
{
    return QJsonArray{color.redF(), color.greenF(), color.blueF()};
}

inline QColor fromRgb(const QJsonValue &value, const QColor &fallback)
{
    const QJsonArray array = value.toArray();
    if (array.size() < 3)
        return fallback;
    return QColor::fromRgbF(float(array.at(0).toDouble()), float(array.at(1).toDouble()),
                            float(array.at(2).toDouble()));
}

/// "#RRGGBB" (colour fields outside text styles, §14).
inline QString hexColor(const QColor &color)
{
    return color.name(QColor::HexRgb);
}

/// Deterministic id for a material derived from its segment (speed, fade): stable across saves
/// without storing it, unique per segment (32 uppercase hex, §4).
QString derivedId(const QString &segmentId, const char *purpose);

/// The canonical position of an aux material in extra_material_refs (§8.2).
int auxRank(const QString &list, const QString &type);

} // namespace CutPilot::Core::DraftJson
