#pragma once

// Private to compattext.cpp: reading CapCutAPI parameters with the first error kept, and the
// colour rule of capcutapi-compat.md §4.4.

#include "compatparams.h"
#include "core/draft/draftmodel.h"

#include <QColor>

#include <cmath>
#include <optional>

namespace CutPilot::Api::CompatText {

using namespace Qt::StringLiterals;

inline constexpr double MaxSeconds = double(Core::MaxTimeUs) / 1e6;

inline QString decimal(double v)
{
    return v == std::trunc(v) ? QString::number(v, 'f', 1) : QString::number(v);
}

/// §4.4: "#RRGGBB" or "#RGB", with or without '#'; characters after the sixth digit are ignored.
/// `shown` gets the value as CapCutAPI quotes it: leading '#' removed, the 3-digit form doubled.
inline std::optional<QColor> hexColor(const QString &value, QString *shown)
{
    QString hex = value;
    while (hex.startsWith(u'#'))
        hex.remove(0, 1);
    if (hex.size() == 3)
        hex = QString(2, hex[0]) + QString(2, hex[1]) + QString(2, hex[2]);
    *shown = hex;
    if (hex.size() < 6)
        return std::nullopt;
    for (QChar c : QStringView(hex).first(6)) {
        if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F')))
            return std::nullopt;
    }
    return QColor::fromRgb(QStringView(hex).first(6).toUInt(nullptr, 16));
}

/// Reads parameters of one JSON object and keeps the first error, so that a route reads all of
/// them in one go and checks once. `context` ("text_styles[2].style: ") prefixes the messages of
/// nested objects.
class Reader final
{
public:
    explicit Reader(const QJsonObject &object, QString context = {})
        : m_params(object)
        , m_context(std::move(context))
    {
    }

    bool has(const QString &key) const { return m_params.has(key); }
    const std::optional<QString> &error() const { return m_error; }
    void fail(const QString &message)
    {
        if (!m_error)
            m_error = m_context + message;
    }

    QString string(const QString &key, const QString &fallback = {})
    {
        return take(m_params.string(key, fallback), fallback);
    }
    bool boolean(const QString &key, bool fallback)
    {
        return take(m_params.boolean(key, fallback), fallback);
    }
    qint64 integer(const QString &key, qint64 fallback)
    {
        return take(m_params.integer(key, fallback), fallback);
    }
    double number(const QString &key, double fallback)
    {
        return take(m_params.number(key, fallback), fallback);
    }
    /// min..max inclusive, else "<name> value must be between <min> and <max>" (CapCutAPI's
    /// wording of its alpha checks).
    double ranged(const QString &key, double fallback, double min, double max,
                  const QString &name = {})
    {
        const double v = number(key, fallback);
        if (v < min || v > max)
            fail(u"%1 value must be between %2 and %3"_s.arg(name.isEmpty() ? key : name,
                                                             decimal(min), decimal(max)));
        return v;
    }
    double positive(const QString &key, double fallback)
    {
        const double v = number(key, fallback);
        if (!(v > 0))
            fail(u"%1 must be greater than 0, got %2"_s.arg(key).arg(v));
        return v;
    }
    /// Seconds > 0 ⇒ µs.
    qint64 duration(const QString &key, double fallback)
    {
        const double v = number(key, fallback);
        if (!(v > 0 && v <= MaxSeconds))
            fail(u"%1 must be greater than 0 seconds, got %2"_s.arg(key).arg(v));
        return v > 0 && v <= MaxSeconds ? CompatParams::microseconds(v) : 0;
    }
    QString id(const QString &key) { return take(m_params.id(key), QString()); }
    /// `keep`: CapCutAPI's exact text; else the field is named after it.
    QColor color(const QString &key, const QString &fallback, bool keep = false)
    {
        QString shown;
        const std::optional<QColor> c = hexColor(string(key, fallback), &shown);
        if (c)
            return *c;
        if (m_context.isEmpty())
            fail(u"Color parameter error: Invalid hexadecimal color code: %1%2"_s.arg(
                shown, keep ? QString() : u" (%1)"_s.arg(key)));
        else
            fail(u"%1: Invalid hexadecimal color code: %2"_s.arg(key, shown));
        return Qt::black;
    }

private:
    template<typename T>
    T take(Core::Result<T> value, T fallback)
    {
        if (value)
            return *value;
        fail(value.error().message());
        return fallback;
    }

    CompatParams m_params;
    QString m_context;
    std::optional<QString> m_error;
};

} // namespace CutPilot::Api::CompatText
