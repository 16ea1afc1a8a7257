// The CapCutAPI keyframe route: POST /add_video_keyframe (spec/capcutapi-compat.md §5.9, value
// grammar §8). CapCutAPI queues keyframes and applies them at save, silently dropping those no
// segment covers; CutPilot applies them at once to the covering segment and answers honestly
// (FIX, §9 row 25). A call is all or nothing: its keyframes go in as one undo step.

#include "compatcontext.h"
#include "compatroutes.h"
#include "core/services/draftservice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>
#include <optional>

namespace CutPilot::Api {

using namespace Qt::StringLiterals;
using Core::KeyframeProperty;
using Core::Result;
using Outcome = CompatApi::Outcome;

namespace {

const QString Prefix = u"Error occurred while adding keyframe: "_s;
const QString Failed = u"Failed to add keyframe: "_s;

Outcome failed(const QString &detail)
{
    return Outcome::fail(Prefix + detail + u'.');
}

/// §5.9's property table: name, draft property, the unit suffix its strings may carry and the
/// factor applied with it, and the limits of the stored value.
struct PropertyRule
{
    QString name;
    KeyframeProperty property;
    QString suffix; ///< "%" (÷ 100), "deg", or empty
    double min;
    double max;
};

const QList<PropertyRule> &propertyRules()
{
    static const QList<PropertyRule> rules{
        {u"position_x"_s, KeyframeProperty::PositionX, {}, -10, 10},
        {u"position_y"_s, KeyframeProperty::PositionY, {}, -10, 10},
        {u"rotation"_s, KeyframeProperty::Rotation, u"deg"_s, -36000, 36000},
        {u"scale_x"_s, KeyframeProperty::ScaleX, {}, 0, 100},
        {u"scale_y"_s, KeyframeProperty::ScaleY, {}, 0, 100},
        {u"uniform_scale"_s, KeyframeProperty::UniformScale, {}, 0, 100},
        {u"alpha"_s, KeyframeProperty::Alpha, u"%"_s, 0, 1},
        {u"saturation"_s, KeyframeProperty::Saturation, {}, -1, 1},
        {u"contrast"_s, KeyframeProperty::Contrast, {}, -1, 1},
        {u"brightness"_s, KeyframeProperty::Brightness, {}, -1, 1},
        {u"volume"_s, KeyframeProperty::Volume, u"%"_s, 0, 10},
    };
    return rules;
}

/// How a value or time is quoted in the messages: as the client sent it.
QString quoted(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', 17);
    case QJsonValue::Bool:
        return v.toBool() ? u"True"_s : u"False"_s;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return u"None"_s;
    default:
        return QString::fromUtf8(
            QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject()))
                .toJson(QJsonDocument::Compact));
    }
}

/// §8: `number := digits ["." digits] [exponent] | "." digits [exponent]`, with an optional sign
/// (Python's float() takes "+1", "-0.5" and "1." too; CapCutAPI parses with it). Surrounding
/// whitespace is trimmed (EXT); inf, nan and digit separators are refused (FIX).
std::optional<double> decimal(const QString &text)
{
    static const QRegularExpression grammar(
        u"^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"_s);
    if (!grammar.match(text).hasMatch())
        return std::nullopt;
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return std::nullopt;
    return v;
}

/// The stored value of `value` for `rule`, or the reason it is refused.
Result<double> parseValue(const PropertyRule &rule, const QJsonValue &value)
{
    using Core::Error;
    using Core::ErrorCode;
    const Error invalid(ErrorCode::InvalidArgument,
                        u"Invalid value format: %1"_s.arg(quoted(value)),
                        {{u"field"_s, u"value"_s}});
    double v = 0;
    if (value.isDouble()) { // EXT: JSON numbers everywhere (CapCutAPI crashed on some, row 36)
        v = value.toDouble();
        if (!std::isfinite(v))
            return invalid;
    } else if (value.isString()) {
        QString text = value.toString().trimmed();
        double factor = 1;
        if (!rule.suffix.isEmpty() && text.endsWith(rule.suffix)) { // case-sensitive units
            text.chop(rule.suffix.size());
            factor = rule.suffix == u"%" ? 0.01 : 1;
        }
        const std::optional<double> number = decimal(text);
        if (!number)
            return invalid;
        v = *number * factor;
    } else {
        return invalid;
    }
    if (v < rule.min || v > rule.max)
        return Error(
            ErrorCode::OutOfRange,
            u"Invalid value format: %1 (%2 must be between %3 and %4)"_s.arg(
                quoted(value), rule.name, QString::number(rule.min), QString::number(rule.max)),
            {{u"field"_s, u"value"_s}});
    return v;
}

struct Entry
{
    QJsonValue property;
    QJsonValue time;
    QJsonValue value;
};

Outcome addVideoKeyframe(CompatContext &context, const CompatParams &p)
{
    const QJsonObject &body = p.body();
    Result<QString> trackParam = p.string(u"track_name"_s, u"video_main"_s);
    if (!trackParam)
        return failed(trackParam.error().message());
    // FIX: null (and "") mean the default name; CapCutAPI looked for a track called None.
    const QString trackName = trackParam->isEmpty() ? u"video_main"_s : *trackParam;

    QList<Entry> entries;
    const QStringList lists{u"property_types"_s, u"times"_s, u"values"_s};
    const bool batch
        = std::any_of(lists.begin(), lists.end(), [&p](const QString &key) { return p.has(key); });
    if (batch) {
        if (!std::all_of(lists.begin(), lists.end(),
                         [&p](const QString &key) { return p.has(key); }))
            return failed(Failed
                          + u"In batch mode, property_types, times, values must be provided "
                            "together"_s);
        if (!std::all_of(lists.begin(), lists.end(),
                         [&body](const QString &key) { return body.value(key).isArray(); }))
            return failed(Failed + u"property_types, times, values must all be list types"_s);
        const QJsonArray types = body.value(lists[0]).toArray();
        const QJsonArray times = body.value(lists[1]).toArray();
        const QJsonArray values = body.value(lists[2]).toArray();
        if (types.isEmpty() || times.isEmpty() || values.isEmpty())
            return failed(Failed + u"In batch mode, parameter lists cannot be empty"_s);
        if (types.size() != times.size() || times.size() != values.size())
            return failed(Failed
                          + u"property_types, times, values must have equal lengths, current "
                            "lengths are: %1, %2, %3"_s.arg(types.size())
                                .arg(times.size())
                                .arg(values.size()));
        for (qsizetype i = 0; i < types.size(); ++i)
            entries.append({types.at(i), times.at(i), values.at(i)});
    } else {
        const auto orDefault = [&body](const QString &key, const QJsonValue &fallback) {
            const QJsonValue v = body.value(key);
            return v.isUndefined() || v.isNull() ? fallback : v;
        };
        entries.append({orDefault(u"property_type"_s, u"alpha"_s), orDefault(u"time"_s, 0),
                        orDefault(u"value"_s, u"1.0"_s)});
    }

    // FIX (§4.1): an unknown or missing draft is not created, it is reported.
    Result<CompatContext::Target> target = context.existingDraft(p);
    if (!target)
        return failed(p.isMissing(u"draft_id"_s)
                          ? u"draft_id is missing: Draft None does not exist"_s
                          : target.error().message());
    Core::DraftService &service = *target->service;
    const Core::Draft &draft = service.draft();
    const auto track = std::find_if(draft.tracks.cbegin(), draft.tracks.cend(),
                                    [&](const Core::Track &t) { return t.name == trackName; });
    if (track == draft.tracks.cend())
        return failed(Failed + u"不存在名为 '%1' 的轨道"_s.arg(trackName)); // KEEP [ran]
    if (track->segments.isEmpty())
        return failed(Failed + u"No segments in track %1"_s.arg(trackName));
    QList<Core::Segment> ordered = track->segments;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto &a, const auto &b) { return a.target.start < b.target.start; });

    QList<Core::DraftService::KeyframeSpec> specs;
    const auto entryError = [&entries](qsizetype i, const QString &reason) {
        const Entry &e = entries.at(i);
        return failed(
            Failed
            + u"Failed to add keyframe #%1 (property_type=%2, time=%3, value=%4): %5"_s.arg(i + 1)
                  .arg(quoted(e.property), quoted(e.time), quoted(e.value), reason));
    };
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const Entry &e = entries.at(i);
        const QString name = e.property.toString();
        const auto rule = std::find_if(
            propertyRules().cbegin(), propertyRules().cend(),
            [&](const PropertyRule &r) { return e.property.isString() && r.name == name; });
        if (rule == propertyRules().cend())
            return entryError(i,
                              u"Unsupported keyframe property type: %1"_s.arg(quoted(e.property)));
        const QString timeKey = u"time"_s;
        Result<double> seconds = CompatParams(QJsonObject{{timeKey, e.time}}).number(timeKey, 0);
        if (!seconds)
            return entryError(i, seconds.error().message());
        if (*seconds < 0 || *seconds > double(Core::MaxTimeUs) / 1e6)
            return entryError(i, u"time must be between 0 and %1 seconds, got %2"_s
                                     .arg(QString::number(double(Core::MaxTimeUs) / 1e6, 'f', 0))
                                     .arg(*seconds));
        Result<double> value = parseValue(*rule, e.value);
        if (!value)
            return entryError(i, value.error().message());
        // The first segment whose range holds the time, both ends inclusive (KEEP: a keyframe
        // on a boundary goes to the earlier segment, at its end).
        const qint64 at = CompatParams::microseconds(*seconds);
        const auto covering
            = std::find_if(ordered.cbegin(), ordered.cend(), [at](const Core::Segment &s) {
                  return s.target.start <= at && at <= s.target.end();
              });
        if (covering == ordered.cend())
            return entryError(
                i, u"no segment on track '%1' at %2 s"_s.arg(trackName).arg(quoted(e.time)));
        specs.append({covering->id, rule->property, at - covering->target.start, *value,
                      Core::Easing::Linear});
    }
    Result<QStringList> added = service.addKeyframes(specs);
    if (!added) {
        const int index = added.error().details().value(u"index"_s, -1).toInt();
        if (index >= 0 && index < entries.size())
            return entryError(index, added.error().message());
        return failed(Failed + added.error().message());
    }
    QJsonObject out = context.output(*target);
    if (batch)
        out.insert(u"added_keyframes_count"_s, int(specs.size()));
    return Outcome::ok(out);
}

} // namespace

void registerKeyframeRoutes(Router &router, CompatContext &context)
{
    CompatApi::addPost(
        router, u"/add_video_keyframe"_s,
        u"CapCutAPI: keyframes at absolute timeline times (seconds) on the segment of a track "
        "that covers them; single or batch mode."_s,
        [&context](const CompatParams &p) { return addVideoKeyframe(context, p); });
}

} // namespace CutPilot::Api
