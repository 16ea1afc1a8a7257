#include "automationprofile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace CutPilot::Core::Editor {

using namespace Qt::StringLiterals;

// --- EditorVersion ------------------------------------------------------------------------------

Result<EditorVersion> EditorVersion::parse(const QString &text)
{
    EditorVersion version;
    const QStringList parts = text.trimmed().split(u'.');
    for (const QString &part : parts) {
        bool ok = false;
        const int value = part.toInt(&ok);
        if (!ok || value < 0)
            return Error::invalidArgument(u"version"_s,
                                          u"'%1' is not a dotted version number"_s.arg(text));
        version.parts.append(value);
    }
    if (version.parts.isEmpty() || version.parts.size() > 6)
        return Error::invalidArgument(u"version"_s, u"'%1' is not a version"_s.arg(text));
    return version;
}

QString EditorVersion::toString() const
{
    QStringList text;
    for (int part : parts)
        text.append(QString::number(part));
    return text.join(u'.');
}

std::strong_ordering operator<=>(const EditorVersion &a, const EditorVersion &b)
{
    const qsizetype n = std::max(a.parts.size(), b.parts.size());
    for (qsizetype i = 0; i < n; ++i) {
        const int x = i < a.parts.size() ? a.parts.at(i) : 0;
        const int y = i < b.parts.size() ? b.parts.at(i) : 0;
        if (x != y)
            return x <=> y;
    }
    return std::strong_ordering::equal;
}

// --- VersionRange -------------------------------------------------------------------------------

Result<VersionRange> VersionRange::parse(const QString &text)
{
    static const QRegularExpression condition(uR"(^(>=|<=|>|<|=)?(\d+(?:\.\d+)*)$)"_s);
    VersionRange range;
    range.m_text = text.simplified();
    for (const QString &token : range.m_text.split(u' ', Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch m = condition.match(token);
        if (!m.hasMatch())
            return Error::invalidArgument(
                u"match.version"_s,
                u"'%1' in version range '%2' is not a condition like >=5.0"_s.arg(token, text));
        range.m_conditions.append(Condition{m.captured(1).isEmpty() ? u"="_s : m.captured(1),
                                            *EditorVersion::parse(m.captured(2))});
    }
    return range;
}

bool VersionRange::holds(const Condition &c, const EditorVersion &version)
{
    const auto order = version <=> c.version;
    return c.op == u">="   ? order >= 0
           : c.op == u">"  ? order > 0
           : c.op == u"<=" ? order <= 0
           : c.op == u"<"  ? order < 0
                           : order == 0;
}

bool VersionRange::contains(const EditorVersion &version) const
{
    return std::all_of(m_conditions.begin(), m_conditions.end(),
                       [&](const Condition &c) { return holds(c, version); });
}

double VersionRange::distance(const EditorVersion &version) const
{
    // Major.minor as a number is enough to say which family is nearest.
    const auto value = [](const EditorVersion &v) {
        return v.parts.value(0) + v.parts.value(1) / 100.0;
    };
    double worst = 0;
    for (const Condition &c : m_conditions) {
        if (holds(c, version))
            continue;
        worst = std::max(worst, std::abs(value(version) - value(c.version)));
    }
    return worst;
}

// --- DurationExpr -------------------------------------------------------------------------------

Result<DurationExpr> DurationExpr::parse(const QString &text, const QString &field)
{
    static const QRegularExpression fixed(uR"(^(\d+(?:\.\d+)?)(ms|s|m|h)$)"_s);
    static const QRegularExpression scaled(uR"(^(\d+(?:\.\d+)?)\s*\*\s*duration$)"_s);
    DurationExpr expr;
    expr.m_text = text.trimmed();
    QString body = expr.m_text;
    QStringList terms{body};
    if (body.startsWith(u"max(") && body.endsWith(u')'))
        terms = body.mid(4, body.size() - 5).split(u',');
    for (const QString &raw : std::as_const(terms)) {
        const QString term = raw.trimmed();
        if (const QRegularExpressionMatch m = fixed.match(term); m.hasMatch()) {
            const double n = m.captured(1).toDouble();
            const QString unit = m.captured(2);
            const double ms = unit == u"ms"  ? n
                              : unit == u"s" ? n * 1e3
                              : unit == u"m" ? n * 6e4
                                             : n * 3.6e6;
            if (ms > 7 * 24 * 3.6e6)
                return Error::invalidArgument(field,
                                              u"%1: '%2' is longer than a week"_s.arg(field, term));
            expr.m_terms.append(Term{qint64(ms), 0});
        } else if (const QRegularExpressionMatch s = scaled.match(term); s.hasMatch()) {
            expr.m_terms.append(Term{0, s.captured(1).toDouble()});
        } else {
            return Error::invalidArgument(
                field,
                u"%1: '%2' is not a duration (like 120s, 250ms, max(1200s, 6*duration))"_s.arg(
                    field, expr.m_text));
        }
    }
    return expr;
}

std::chrono::milliseconds DurationExpr::evaluate(std::chrono::milliseconds draftDuration) const
{
    qint64 best = 0;
    for (const Term &t : m_terms)
        best = std::max(best, t.fixedMs + qint64(t.durationFactor * double(draftDuration.count())));
    return std::chrono::milliseconds(best);
}

// --- AutomationProfile --------------------------------------------------------------------------

namespace {

QStringList strings(const QJsonValue &value)
{
    QStringList list;
    if (value.isString())
        list.append(value.toString());
    for (const QJsonValue &v : value.toArray())
        list.append(v.toString());
    return list;
}

const QStringList &knownOps()
{
    static const QStringList ops{u"ensureState"_s, u"click"_s,      u"waitState"_s,
                                 u"read"_s,        u"select"_s,     u"waitExport"_s,
                                 u"hotkey"_s,      u"waitWindow"_s, u"openDraft"_s,
                                 u"closeDialog"_s, u"key"_s};
    return ops;
}

/// Checks "element:<x>", "click:<x>" and plain element names of a step against the profile.
Result<> checkReferences(const AutomationProfile &p, const FlowStep &step, const QString &field)
{
    const auto needElement = [&](const QString &name, const QString &where) -> Result<> {
        if (!p.elements.contains(name))
            return Error::invalidArgument(where, u"%1 names element '%2', which the profile does "
                                                 "not define"_s.arg(where, name));
        return {};
    };
    for (const char16_t *key : {u"element", u"box"}) {
        const QString name = step.fields.value(QString::fromUtf16(key)).toString();
        if (!name.isEmpty()) {
            if (Result<> ok = needElement(name, field + u'.' + QString::fromUtf16(key)); !ok)
                return ok;
        }
    }
    for (const char16_t *key : {u"by", u"via", u"success", u"progress"}) {
        for (const QString &ref : strings(step.fields.value(QString::fromUtf16(key)))) {
            const qsizetype colon = ref.indexOf(u':');
            const QString kind = ref.left(colon);
            const QString name = ref.mid(colon + 1);
            if (kind == u"element" || kind == u"click") {
                if (Result<> ok = needElement(name, field + u'.' + QString::fromUtf16(key)); !ok)
                    return ok;
            }
        }
    }
    const QString state = step.fields.value(u"state"_s).toString();
    if (!state.isEmpty() && !p.states.contains(state))
        return Error::invalidArgument(field + u".state"_s,
                                      u"%1.state: unknown state '%2'"_s.arg(field, state));
    if (step.op == u"hotkey") {
        const QString keys = step.fields.value(u"keys"_s).toString();
        if (!p.hotkeys.contains(keys))
            return Error::invalidArgument(
                field + u".keys"_s, u"%1.keys: no hotkey '%2' in the profile"_s.arg(field, keys));
    }
    return {};
}

} // namespace

Result<AutomationProfile> AutomationProfile::fromJson(const QJsonObject &json)
{
    AutomationProfile p;
    p.json = json;
    p.id = json.value(u"id"_s).toString();
    static const QRegularExpression idPattern(u"^[a-z0-9][a-z0-9.-]{1,63}$"_s);
    if (!idPattern.match(p.id).hasMatch())
        return Error::invalidArgument(u"id"_s,
                                      u"profile id '%1' must be 2–64 of a-z 0-9 . -"_s.arg(p.id));
    const auto fail = [&p](const Error &e) {
        return Error(e.code(), u"automation profile %1: %2"_s.arg(p.id, e.message()), e.details());
    };
    p.product = json.value(u"product"_s).toString();
    if (!QStringList{u"jianying"_s, u"capcut"_s, u"standin"_s}.contains(p.product))
        return fail(
            Error::invalidArgument(u"product"_s, u"product must be jianying, capcut or standin"_s));
    p.os = json.value(u"os"_s).toString();
    const QJsonObject match = json.value(u"match"_s).toObject();
    p.executables = strings(match.value(u"exe"_s));
    Result<VersionRange> range = VersionRange::parse(match.value(u"version"_s).toString());
    if (!range)
        return fail(range.error());
    p.versions = *range;
    const QJsonObject evidence = json.value(u"evidence"_s).toObject();
    static const QStringList levels{u"verified"_s, u"reported"_s, u"untested"_s, u"known-broken"_s};
    for (auto it = evidence.begin(); it != evidence.end(); ++it) {
        if (!levels.contains(it.value().toString()))
            return fail(Error::invalidArgument(
                u"evidence."_s + it.key(),
                u"evidence.%1 must be one of %2"_s.arg(it.key(), levels.join(u", "))));
        p.evidence.insert(it.key(), it.value().toString());
    }
    const QJsonObject process = json.value(u"process"_s).toObject();
    p.mainProcesses = strings(process.value(u"main"_s));
    p.helperProcesses = strings(process.value(u"helpers"_s));
    const QJsonObject input = json.value(u"input"_s).toObject();
    p.clickAllowed = input.value(u"clickAllowed"_s).toBool(false);
    p.preferPatterns = input.value(u"preferPatterns"_s).toBool(true);
    const QJsonObject hotkeys = json.value(u"hotkeys"_s).toObject();
    for (auto it = hotkeys.begin(); it != hotkeys.end(); ++it)
        p.hotkeys.insert(it.key(), it.value().toString());

    const QJsonObject states = json.value(u"states"_s).toObject();
    for (auto it = states.begin(); it != states.end(); ++it) {
        const QJsonObject state = it.value().toObject();
        Result<Selector> window = Selector::fromJson(state.value(u"window"_s).toObject(),
                                                     u"states.%1.window"_s.arg(it.key()));
        if (!window)
            return fail(window.error());
        p.states.insert(it.key(), StateSpec{state.value(u"within"_s).toString(), *window});
    }
    for (auto it = p.states.cbegin(); it != p.states.cend(); ++it) {
        if (!it->within.isEmpty() && !p.states.contains(it->within))
            return fail(Error::invalidArgument(
                u"states.%1.within"_s.arg(it.key()),
                u"states.%1.within: unknown state '%2'"_s.arg(it.key(), it->within)));
    }
    const QJsonObject elements = json.value(u"elements"_s).toObject();
    for (auto it = elements.begin(); it != elements.end(); ++it) {
        Result<Selector> s = Selector::fromJson(it.value().toObject(), u"elements."_s + it.key());
        if (!s)
            return fail(s.error());
        p.elements.insert(it.key(), *s);
    }
    for (auto it = p.elements.cbegin(); it != p.elements.cend(); ++it) {
        const QString field = u"elements."_s + it.key();
        if (!it->state.isEmpty() && !p.states.contains(it->state))
            return fail(Error::invalidArgument(
                field + u".state"_s, u"%1.state: unknown state '%2'"_s.arg(field, it->state)));
        for (const QString &ref : {it->within, it->from}) {
            if (!ref.isEmpty() && !p.elements.contains(ref) && !p.states.contains(ref)
                && ref != u"mainWindow")
                return fail(Error::invalidArgument(
                    field, u"%1 refers to '%2', which is neither an element nor a state"_s.arg(
                               field, ref)));
        }
    }
    const QJsonObject options = json.value(u"options"_s).toObject();
    p.resolutionOptions = strings(options.value(u"resolution"_s));
    p.fpsOptions = strings(options.value(u"fps"_s));

    const QJsonArray popups = json.value(u"popups"_s).toArray();
    for (qsizetype i = 0; i < popups.size(); ++i) {
        const QJsonObject popup = popups.at(i).toObject();
        const QString field = u"popups[%1]"_s.arg(i);
        Result<Selector> s
            = Selector::fromJson(popup.value(u"selector"_s).toObject(), field + u".selector"_s);
        if (!s)
            return fail(s.error());
        PopupSpec spec{popup.value(u"id"_s).toString(), strings(popup.value(u"while"_s)), *s,
                       popup.value(u"action"_s).toString(u"none"_s),
                       popup.value(u"classify"_s).toString(u"dismiss"_s)};
        if (!QStringList{u"click"_s, u"close"_s, u"none"_s}.contains(spec.action))
            return fail(Error::invalidArgument(
                field + u".action"_s, u"%1.action must be click, close or none"_s.arg(field)));
        if (!QStringList{u"dismiss"_s, u"vip"_s, u"update"_s, u"fail"_s}.contains(spec.classify))
            return fail(Error::invalidArgument(
                field + u".classify"_s,
                u"%1.classify must be dismiss, vip, update or fail"_s.arg(field)));
        if (spec.id.isEmpty())
            return fail(Error::invalidArgument(field + u".id"_s, u"%1 needs an id"_s.arg(field)));
        p.popups.append(spec);
    }

    const QJsonArray flow = json.value(u"flow"_s).toArray();
    if (flow.isEmpty())
        return fail(Error::invalidArgument(u"flow"_s, u"the flow is empty"_s));
    for (qsizetype i = 0; i < flow.size(); ++i) {
        QJsonObject fields = flow.at(i).toObject();
        FlowStep step{fields.take(u"do"_s).toString(), fields};
        const QString field = u"flow[%1]"_s.arg(i);
        if (!knownOps().contains(step.op))
            return fail(Error::invalidArgument(field + u".do"_s,
                                               u"%1.do: unknown step '%2' (one of: %3)"_s.arg(
                                                   field, step.op, knownOps().join(u", "))));
        if (Result<> ok = checkReferences(p, step, field); !ok)
            return fail(ok.error());
        for (const char16_t *key : {u"timeout", u"stall"}) {
            const QJsonValue value = step.fields.value(QString::fromUtf16(key));
            if (value.isString()) {
                Result<DurationExpr> d
                    = DurationExpr::parse(value.toString(), field + u'.' + QString::fromUtf16(key));
                if (!d)
                    return fail(d.error());
            }
        }
        p.flow.append(step);
    }
    const QJsonObject timeouts = json.value(u"timeouts"_s).toObject();
    for (auto it = timeouts.begin(); it != timeouts.end(); ++it) {
        Result<DurationExpr> d
            = DurationExpr::parse(it.value().toString(), u"timeouts."_s + it.key());
        if (!d)
            return fail(d.error());
        p.timeouts.insert(it.key(), *d);
    }
    const QJsonObject restart = json.value(u"restart"_s).toObject();
    p.restartEveryJobs = restart.value(u"everyJobs"_s).toInt(p.restartEveryJobs);
    p.restartMemoryMiB = restart.value(u"memoryMiB"_s).toInt(p.restartMemoryMiB);
    if (p.restartEveryJobs < 0 || p.restartMemoryMiB < 0)
        return fail(Error::invalidArgument(u"restart"_s, u"restart values must not be negative"_s));
    p.exportFolders = strings(json.value(u"exportFolder"_s).toObject().value(u"candidates"_s));
    return p;
}

Result<AutomationProfile> AutomationProfile::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::IoError,
                     u"cannot read automation profile %1: %2"_s.arg(path, file.errorString()),
                     {{u"path"_s, path}});
    if (file.size() > 1024 * 1024)
        return Error::invalidArgument(u"path"_s,
                                      u"automation profile %1 is larger than 1 MiB"_s.arg(path));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (!doc.isObject())
        return Error(ErrorCode::InvalidArgument,
                     u"automation profile %1 is not a JSON object: %2 at offset %3"_s.arg(
                         path, error.errorString(), QString::number(error.offset)),
                     {{u"path"_s, path}});
    return fromJson(doc.object());
}

std::chrono::milliseconds AutomationProfile::timeout(const QString &name,
                                                     std::chrono::milliseconds fallback,
                                                     std::chrono::milliseconds draftDuration) const
{
    const auto it = timeouts.constFind(name);
    return it == timeouts.cend() ? fallback : it->evaluate(draftDuration);
}

// --- AutomationProfiles -------------------------------------------------------------------------

Result<AutomationProfiles> AutomationProfiles::builtIn()
{
    QList<AutomationProfile> profiles;
    const QDir dir(u":/automation-profiles"_s);
    for (const QString &name : dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name)) {
        Result<AutomationProfile> profile = AutomationProfile::load(dir.filePath(name));
        if (!profile)
            return profile.error();
        profiles.append(std::move(*profile));
    }
    return fromProfiles(std::move(profiles));
}

Result<AutomationProfiles> AutomationProfiles::fromProfiles(QList<AutomationProfile> profiles)
{
    AutomationProfiles result;
    for (AutomationProfile &p : profiles) {
        if (result.byId(p.id))
            return Error::invalidArgument(u"id"_s,
                                          u"automation profile %1 is defined twice"_s.arg(p.id));
        result.m_profiles.append(std::move(p));
    }
    return result;
}

const AutomationProfile *AutomationProfiles::byId(const QString &id) const
{
    for (const AutomationProfile &p : m_profiles) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

Result<const AutomationProfile *> AutomationProfiles::select(const QString &product,
                                                             const EditorVersion &version) const
{
    const AutomationProfile *closest = nullptr;
    double best = 1e9;
    for (const AutomationProfile &p : m_profiles) {
        if (p.product != product)
            continue;
        if (p.versions.contains(version))
            return &p;
        if (const double d = p.versions.distance(version); d < best) {
            best = d;
            closest = &p;
        }
    }
    QString message = u"no automation profile for %1 %2"_s.arg(product, version.toString());
    QVariantMap details{{u"product"_s, product}, {u"version"_s, version.toString()}};
    if (closest) {
        message += u"; closest: %1 (%2, untested with this version)"_s.arg(
            closest->id, closest->versions.text());
        details.insert(u"closest"_s, closest->id);
    }
    return Error(ErrorCode::EditorVersionUnsupported, message, details);
}

} // namespace CutPilot::Core::Editor
