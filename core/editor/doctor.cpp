#include "doctor.h"

#include <QJsonArray>

#include <algorithm>

namespace CutPilot::Core::Editor {

using namespace Qt::StringLiterals;

namespace {

const UiNode *stateWindow(const AutomationProfile &p, const QList<UiNode> &windows,
                          const QString &state)
{
    const auto it = p.states.constFind(state);
    if (it == p.states.cend())
        return nullptr;
    if (it->within.isEmpty()) {
        Selector top = it->window;
        top.depth = 0;
        top.maxDepth = -1;
        for (const UiNode &w : windows) {
            if (find(w, top))
                return &w;
        }
        return nullptr;
    }
    const UiNode *parent = stateWindow(p, windows, it->within);
    return parent ? find(*parent, it->window).node : nullptr;
}

/// "found", "missing" or "not-visible-now" (its state's window is not shown).
QString elementStatus(const AutomationProfile &p, const QList<UiNode> &windows, const QString &name,
                      int depth = 0)
{
    const Selector &s = p.elements.value(name);
    if (depth > 8)
        return u"missing"_s;
    if (!s.from.isEmpty())
        return elementStatus(p, windows, s.from, depth + 1); // derived: as its base
    QList<const UiNode *> roots;
    if (!s.state.isEmpty()) {
        const UiNode *w = stateWindow(p, windows, s.state);
        if (!w)
            return u"not-visible-now"_s;
        roots.append(w);
    } else if (!s.within.isEmpty() && p.elements.contains(s.within)) {
        const QString base = elementStatus(p, windows, s.within, depth + 1);
        if (base != u"found")
            return base;
        for (const UiNode &w : windows)
            roots.append(&w); // approximate: any window holding the base
    } else {
        for (const UiNode &w : windows)
            roots.append(&w);
    }
    // Placeholders are unknown here: "{draftName}" etc. cannot match, report those as such.
    const QString pattern = s.description.pattern() + s.name.pattern();
    if (pattern.contains(u'{'))
        return u"needs-input"_s;
    for (const UiNode *root : std::as_const(roots)) {
        if (find(*root, s))
            return u"found"_s;
    }
    return u"missing"_s;
}

} // namespace

QJsonObject doctorReport(const AutomationProfiles &profiles, const DoctorInput &input)
{
    QJsonObject report{{u"product"_s, input.product}, {u"version"_s, input.version}};
    const AutomationProfile *profile = nullptr;
    if (!input.profileId.isEmpty()) {
        profile = profiles.byId(input.profileId);
        if (!profile)
            report.insert(u"selection"_s, u"no automation profile '%1'"_s.arg(input.profileId));
    } else if (Result<EditorVersion> version = EditorVersion::parse(input.version); !version) {
        report.insert(u"selection"_s, version.error().message());
    } else if (Result<const AutomationProfile *> chosen = profiles.select(input.product, *version);
               chosen) {
        profile = *chosen;
    } else {
        report.insert(u"selection"_s, chosen.error().message());
        report.insert(u"closest"_s, chosen.error().details().value(u"closest"_s).toString());
    }

    QJsonArray windows;
    for (const UiNode &w : input.windows)
        windows.append(w.toJson());
    report.insert(u"windows"_s, windows);
    if (!profile) {
        report.insert(u"profile"_s, QJsonValue());
        return report;
    }
    QJsonObject evidence;
    for (auto it = profile->evidence.cbegin(); it != profile->evidence.cend(); ++it)
        evidence.insert(it.key(), it.value());
    report.insert(u"profile"_s, QJsonObject{{u"id"_s, profile->id},
                                            {u"versions"_s, profile->versions.text()},
                                            {u"evidence"_s, evidence}});
    QJsonObject states;
    for (auto it = profile->states.cbegin(); it != profile->states.cend(); ++it)
        states.insert(it.key(), stateWindow(*profile, input.windows, it.key()) != nullptr);
    report.insert(u"states"_s, states);
    QJsonObject elements;
    for (auto it = profile->elements.cbegin(); it != profile->elements.cend(); ++it)
        elements.insert(it.key(), elementStatus(*profile, input.windows, it.key()));
    report.insert(u"elements"_s, elements);
    return report;
}

QStringList doctorProblems(const QJsonObject &report, const AutomationProfile &inUse)
{
    QStringList problems;
    const QString matched = report.value(u"profile"_s).toObject().value(u"id"_s).toString();
    if (matched != inUse.id) {
        problems << (matched.isEmpty()
                         ? u"no automation profile applies to this editor (%1)"_s.arg(
                             report.value(u"selection"_s).toString())
                         : u"the profile in use (%1) is not the one for this editor (%2)"_s.arg(
                             inUse.id, matched));
        return problems;
    }
    const QJsonObject states = report.value(u"states"_s).toObject();
    const QStringList main{u"home"_s, u"edit"_s};
    if (std::none_of(main.cbegin(), main.cend(),
                     [&](const QString &state) { return states.value(state).toBool(); })) {
        problems << u"neither the home nor the edit window of the profile is on screen"_s;
        return problems;
    }
    const QJsonObject elements = report.value(u"elements"_s).toObject();
    int found = 0;
    for (auto it = elements.constBegin(); it != elements.constEnd(); ++it) {
        // An element of a main window, or derived from one.
        QString base = it.key();
        for (int depth = 0; depth < 8 && !inUse.elements.value(base).from.isEmpty(); ++depth)
            base = inUse.elements.value(base).from;
        if (!main.contains(inUse.elements.value(base).state))
            continue;
        if (it.value().toString() == u"missing")
            problems << u"element '%1' is missing"_s.arg(it.key());
        else if (it.value().toString() == u"found")
            ++found;
    }
    // A window title alone proves little (the home windows of all known builds look alike): at
    // least one control must have been found where the profile says it is.
    if (problems.isEmpty() && found == 0)
        problems << u"nothing the profile drives is on screen to check: open a draft in the "
                    "editor (its edit window) and check again"_s;
    return problems;
}

} // namespace CutPilot::Core::Editor
