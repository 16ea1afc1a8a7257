#include "core/editor/automationprofile.h"
#include "core/editor/doctor.h"
#include "core/editor/selector.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace CutPilot::Core;
using namespace CutPilot::Core::Editor;
using namespace Qt::StringLiterals;

namespace {

/// The edit window with the export dialog open, as editor-automation.md §11.2 draws it, for a
/// draft called `draftName` (its export path is the first depth-2 text of the dialog).
UiNode editWindowWithExportDialog(const QString &draftName, bool optionsOpen)
{
    const auto text = [](const QString &name, const QString &description) {
        UiNode n;
        n.role = u"text"_s;
        n.name = name;
        n.description = description;
        return n;
    };
    const auto group = [](QList<UiNode> children, const QString &className = {}) {
        UiNode n;
        n.role = u"group"_s;
        n.className = className;
        n.children = std::move(children);
        return n;
    };
    UiNode dialog;
    dialog.role = u"dialog"_s;
    dialog.name = u"导出"_s;
    dialog.children.append(group({text(u"导出至"_s, u"ExportPath"_s),
                                  text(draftName, u"/home/u/Videos/%1.mp4"_s.arg(draftName))}));
    dialog.children.append(group({group({text(u"1080P"_s, u"ExportSharpnessInput"_s),
                                         text(u"30fps"_s, u"FrameRateInput"_s)})},
                                 u"PanelSettingsGroup_QMLTYPE_0"_s));
    if (optionsOpen) {
        QList<UiNode> options;
        for (const QString &o : {u"4K"_s, u"2K"_s, u"1080P"_s, u"720P"_s})
            options.append(text(o, o));
        dialog.children.append(group(options));
    }
    dialog.children.append(group({text(u"导出"_s, u"ExportOkBtn"_s), text(u"取消"_s, QString())}));
    dialog.children.append(text(u"42%"_s, QString()));

    UiNode window;
    window.role = u"window"_s;
    window.name = u"剪映专业版"_s;
    window.className = u"MainWindowWindow"_s;
    for (int i = 0; i < 4; ++i) {
        UiNode button = group({}, u"TitleBarButton"_s);
        button.name = u"button %1"_s.arg(i + 1);
        window.children.append(button);
    }
    window.children.append(group({text(u"导出"_s, u"MainWindowTitleBarExportBtn"_s)}));
    window.children.append(dialog);
    return window;
}

const UiNode &exportDialog(const UiNode &window)
{
    return window.children.constLast();
}

QJsonObject profileJson(const QString &id)
{
    QFile file(u":/automation-profiles/%1.json"_s.arg(id));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class tst_AutomationProfile : public QObject
{
    Q_OBJECT

private slots:
    void builtInProfilesLoad();
    void standInProfilesAreTheRealOnes_data();
    void standInProfilesAreTheRealOnes();
    void selectsByVersionAndFailsClosed();
    void badProfilesNameTheField_data();
    void badProfilesNameTheField();
    void durations();
    void selectorsOnTheExportDialog();
    void optionLookupSkipsTheExportPath();
    void hiddenNodesAreSkipped();
    void placeholdersAreLiteral();
    void dumpRoundTrip();
    void doctorReportsStatesAndElements();
    void doctorJudgesTheProfileInUse();
};

void tst_AutomationProfile::builtInProfilesLoad()
{
    Result<AutomationProfiles> profiles = AutomationProfiles::builtIn();
    QVERIFY2(profiles, qPrintable(profiles ? QString() : profiles.error().message()));
    QVERIFY(profiles->all().size() >= 4);
    const AutomationProfile *legacy = profiles->byId(u"jianying-pro-5.9-win"_s);
    QVERIFY(legacy);
    QCOMPARE(legacy->elements.value(u"backHome"_s).index, 3);
    QCOMPARE(legacy->elements.value(u"draftCard"_s).targetParent, true);
    QCOMPARE(legacy->states.value(u"export"_s).within, u"edit"_s);
    QCOMPARE(legacy->resolutionOptions.first(), u"8K"_s);
    QCOMPARE(legacy->flow.first().op, u"ensureState"_s);
    QCOMPARE(legacy->timeout(u"launch"_s, std::chrono::milliseconds(1)),
             std::chrono::milliseconds(120'000));
    QCOMPARE(legacy->timeout(u"missing"_s, std::chrono::milliseconds(7)),
             std::chrono::milliseconds(7));
}

void tst_AutomationProfile::standInProfilesAreTheRealOnes_data()
{
    QTest::addColumn<QString>("standIn");
    QTest::addColumn<QString>("real");
    QTest::newRow("5.9") << u"standin-jianying-5.9"_s << u"jianying-pro-5.9-win"_s;
    QTest::newRow("10.8") << u"standin-jianying-10.8"_s << u"jianying-pro-10.8-win"_s;
}

void tst_AutomationProfile::standInProfilesAreTheRealOnes()
{
    // §11.1: the tests drive the stand-in with the real profile's states, elements and flow.
    QFETCH(QString, standIn);
    QFETCH(QString, real);
    const QJsonObject a = profileJson(standIn);
    const QJsonObject b = profileJson(real);
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    for (const QString &key : {u"states"_s, u"elements"_s, u"flow"_s, u"options"_s, u"hotkeys"_s})
        QVERIFY2(a.value(key) == b.value(key), qPrintable(key));
    QVERIFY(a.value(u"match"_s) != b.value(u"match"_s));
}

void tst_AutomationProfile::selectsByVersionAndFailsClosed()
{
    Result<AutomationProfiles> profiles = AutomationProfiles::builtIn();
    QVERIFY(profiles);
    const auto pick = [&](const QString &product, const QString &version) {
        return profiles->select(product, *EditorVersion::parse(version));
    };
    QCOMPARE((*pick(u"jianying"_s, u"6.8.0.12345"_s))->id, u"jianying-pro-5.9-win"_s);
    QCOMPARE((*pick(u"jianying"_s, u"5.0"_s))->id, u"jianying-pro-5.9-win"_s);
    QCOMPARE((*pick(u"jianying"_s, u"10.8.1"_s))->id, u"jianying-pro-10.8-win"_s);
    QCOMPARE((*pick(u"standin"_s, u"5.9"_s))->id, u"standin-jianying-5.9"_s);

    // Unknown builds are refused, naming the nearest family.
    const auto unknown = pick(u"jianying"_s, u"11.5.0.14471"_s);
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code(), ErrorCode::EditorVersionUnsupported);
    QCOMPARE(unknown.error().details().value(u"closest"_s).toString(), u"jianying-pro-10.8-win"_s);
    QVERIFY2(unknown.error().message().contains(u"11.5.0.14471"_s),
             qPrintable(unknown.error().message()));
    QCOMPARE(pick(u"jianying"_s, u"7.0"_s).error().details().value(u"closest"_s).toString(),
             u"jianying-pro-5.9-win"_s);
    const auto capcut = pick(u"capcut"_s, u"7.7"_s);
    QVERIFY(!capcut);
    QVERIFY(!capcut.error().details().contains(u"closest"_s));

    QVERIFY(!EditorVersion::parse(u"6.x"_s));
    QVERIFY(!VersionRange::parse(u">=5.0 <7.x"_s));
    QVERIFY(*EditorVersion::parse(u"6.10"_s) > *EditorVersion::parse(u"6.9.9"_s));
    QVERIFY(*EditorVersion::parse(u"6.0"_s) == *EditorVersion::parse(u"6"_s));
}

void tst_AutomationProfile::badProfilesNameTheField_data()
{
    QTest::addColumn<QString>("path"); // a JSON-pointer-like edit of the 5.9 profile
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("field");

    QTest::newRow("unknown selector field")
        << u"elements/confirm/colour"_s << QJsonValue(u"red"_s) << u"elements.confirm.colour"_s;
    QTest::newRow("unknown role") << u"elements/confirm/role"_s << QJsonValue(u"slider"_s)
                                  << u"elements.confirm.role"_s;
    QTest::newRow("bad regex") << u"elements/progressText/nameOrDescription"_s
                               << QJsonValue(QJsonObject{{u"regex"_s, u"(("_s}})
                               << u"elements.progressText.nameOrDescription"_s;
    QTest::newRow("two text modes")
        << u"elements/confirm/description"_s
        << QJsonValue(QJsonObject{{u"equals"_s, u"a"_s}, {u"contains"_s, u"b"_s}})
        << u"elements.confirm.description"_s;
    QTest::newRow("depth and maxDepth")
        << u"elements/confirm/maxDepth"_s << QJsonValue(3) << u"elements.confirm.depth"_s;
    QTest::newRow("negative depth")
        << u"elements/confirm/depth"_s << QJsonValue(-1) << u"elements.confirm.depth"_s;
    QTest::newRow("unknown state")
        << u"elements/confirm/state"_s << QJsonValue(u"preview"_s) << u"elements.confirm.state"_s;
    QTest::newRow("unknown step") << u"flow/0/do"_s << QJsonValue(u"teleport"_s) << u"flow[0].do"_s;
    QTest::newRow("missing element")
        << u"flow/3/element"_s << QJsonValue(u"exportKnob"_s) << u"flow[3].element"_s;
    QTest::newRow("bad duration") << u"timeouts/launch"_s << QJsonValue(u"two minutes"_s)
                                  << u"timeouts.launch"_s;
    QTest::newRow("bad step duration")
        << u"flow/2/timeout"_s << QJsonValue(u"180 parsecs"_s) << u"flow[2].timeout"_s;
    QTest::newRow("bad version range")
        << u"match/version"_s << QJsonValue(u"about 6"_s) << u"match.version"_s;
    QTest::newRow("bad popup action")
        << u"popups/0/action"_s << QJsonValue(u"explode"_s) << u"popups[0].action"_s;
    QTest::newRow("bad evidence") << u"evidence/export"_s << QJsonValue(u"rumoured"_s)
                                  << u"evidence.export"_s;
}

void tst_AutomationProfile::badProfilesNameTheField()
{
    QFETCH(QString, path);
    QFETCH(QJsonValue, value);
    QFETCH(QString, field);
    QJsonObject json = profileJson(u"jianying-pro-5.9-win"_s);
    QVERIFY(AutomationProfile::fromJson(json)); // the unedited profile is fine

    // Set `value` at `path` (objects and arrays along the way).
    const QStringList parts = path.split(u'/');
    std::function<QJsonValue(QJsonValue, int)> set = [&](QJsonValue node, int i) -> QJsonValue {
        if (i == parts.size())
            return value;
        if (node.isArray()) {
            QJsonArray array = node.toArray();
            const int at = parts.at(i).toInt();
            array[at] = set(array.at(at), i + 1);
            return array;
        }
        QJsonObject object = node.toObject();
        object[parts.at(i)] = set(object.value(parts.at(i)), i + 1);
        return object;
    };
    json = set(json, 0).toObject();
    Result<AutomationProfile> profile = AutomationProfile::fromJson(json);
    QVERIFY(!profile);
    QCOMPARE(profile.error().code(), ErrorCode::InvalidArgument);
    QVERIFY2(profile.error().field() == field,
             qPrintable(profile.error().field() + u" / "_s + profile.error().message()));
    QVERIFY(profile.error().message().startsWith(u"automation profile jianying-pro-5.9-win: "_s));
}

void tst_AutomationProfile::durations()
{
    using std::chrono::milliseconds;
    QCOMPARE(DurationExpr::parse(u"120s"_s, u"t"_s)->evaluate({}), milliseconds(120'000));
    QCOMPARE(DurationExpr::parse(u"250ms"_s, u"t"_s)->evaluate({}), milliseconds(250));
    QCOMPARE(DurationExpr::parse(u"1.5m"_s, u"t"_s)->evaluate({}), milliseconds(90'000));
    const DurationExpr whole = *DurationExpr::parse(u"max(1200s, 6*duration)"_s, u"t"_s);
    QCOMPARE(whole.evaluate(milliseconds(60'000)), milliseconds(1'200'000));
    QCOMPARE(whole.evaluate(milliseconds(300'000)), milliseconds(1'800'000));
    QVERIFY(!DurationExpr::parse(u"-5s"_s, u"t"_s));
    QVERIFY(!DurationExpr::parse(u"9999h"_s, u"t"_s));
    QVERIFY(!DurationExpr::parse(u"max(1s, soon)"_s, u"t"_s));
}

void tst_AutomationProfile::selectorsOnTheExportDialog()
{
    Result<AutomationProfiles> profiles = AutomationProfiles::builtIn();
    QVERIFY(profiles);
    const AutomationProfile &p = *profiles->byId(u"jianying-pro-5.9-win"_s);
    const UiNode window = editWindowWithExportDialog(u"Travel"_s, false);
    const UiNode &dialog = exportDialog(window);

    QVERIFY(find(window, p.states.value(u"edit"_s).window, {}).node == &window);
    QVERIFY(!find(window, p.states.value(u"home"_s).window, {}));
    QVERIFY(find(window, p.states.value(u"export"_s).window, {}).node == &dialog);

    const UiMatch button = find(window, p.elements.value(u"exportButton"_s));
    QVERIFY(button);
    QCOMPARE(button.path, (QList<int>{4, 0}));
    const UiMatch back = find(window, p.elements.value(u"backHome"_s));
    QCOMPARE(back.node->name, u"button 3"_s); // the 3rd TitleBarButton
    const UiMatch confirm = find(dialog, p.elements.value(u"confirm"_s));
    QCOMPARE(confirm.node->name, u"导出"_s);
    const UiMatch progress = find(dialog, p.elements.value(u"progressText"_s));
    QCOMPARE(progress.node->name, u"42%"_s);
    const UiMatch label = find(dialog, p.elements.value(u"exportPathLabel"_s));
    QVERIFY(label);
    const UiNode &next = label.parent->children.at(label.path.last() + 1);
    QCOMPARE(next.description, u"/home/u/Videos/Travel.mp4"_s);
    const UiMatch panel = find(dialog, p.elements.value(u"settingsPanel"_s));
    QVERIFY(panel);
    QCOMPARE(find(*panel.node, p.elements.value(u"resolutionBox"_s)).node->name, u"1080P"_s);
    QCOMPARE(find(*panel.node, p.elements.value(u"fpsBox"_s)).node->name, u"30fps"_s);
    // Exact depth: the dropdown texts sit at depth 3 of the dialog, not 2.
    Selector atTwo = p.elements.value(u"resolutionBox"_s);
    QVERIFY(!find(dialog, atTwo));
    atTwo.depth = 3;
    QVERIFY(find(dialog, atTwo));
}

void tst_AutomationProfile::optionLookupSkipsTheExportPath()
{
    // §11.2 pitfall: a draft named "Demo 1080P" puts "1080P" into the export path text, which
    // comes first among the dialog's depth-2 texts. The profile's option lookup tries "equals"
    // first, so it clicks the option; a plain "contains" lookup hits the path.
    Result<AutomationProfiles> profiles = AutomationProfiles::builtIn();
    QVERIFY(profiles);
    const Selector option = profiles->byId(u"jianying-pro-5.9-win"_s)->elements.value(u"option"_s);
    QVERIFY(option.exactFirst);
    const UiNode window = editWindowWithExportDialog(u"Demo 1080P"_s, true);
    const UiNode &dialog = exportDialog(window);
    const Placeholders values{{u"option"_s, u"1080P"_s}};
    const UiMatch hit = find(dialog, option, values);
    QVERIFY(hit);
    QCOMPARE(hit.node->description, u"1080P"_s);
    QCOMPARE(hit.path.first(), 2); // the option list, not the path row
    Selector naive = option;
    naive.exactFirst = false;
    QCOMPARE(find(dialog, naive, values).path.first(), 0); // the editor tools' behaviour
    QCOMPARE(findAll(dialog, naive, values).size(), 2);
    // Options that exist only as "contains" still resolve.
    Selector partial = option;
    QCOMPARE(find(dialog, partial, {{u"option"_s, u"72"_s}}).node->description, u"720P"_s);
}

void tst_AutomationProfile::hiddenNodesAreSkipped()
{
    // AT-SPI lists hidden widgets (not showing); UIA does not. Index and depth count only
    // showing nodes, so "the 3rd TitleBarButton" is the same on both buses.
    Result<AutomationProfiles> profiles = AutomationProfiles::builtIn();
    QVERIFY(profiles);
    UiNode window = editWindowWithExportDialog(u"Travel"_s, false);
    UiNode hidden;
    hidden.role = u"group"_s;
    hidden.className = u"TitleBarButton"_s;
    hidden.name = u"hidden"_s;
    hidden.showing = false;
    window.children.prepend(hidden);
    const Selector back = profiles->byId(u"jianying-pro-5.9-win"_s)->elements.value(u"backHome"_s);
    QCOMPARE(find(window, back).node->name, u"button 3"_s);
    // Class names of the editor's tokens: TitleBarButton is matched case-sensitively.
    window.children[2].className = u"titlebarbutton"_s;
    QCOMPARE(find(window, back).node->name, u"button 4"_s);
}

void tst_AutomationProfile::placeholdersAreLiteral()
{
    Result<AutomationProfiles> profiles = AutomationProfiles::builtIn();
    QVERIFY(profiles);
    const Selector card = profiles->byId(u"jianying-pro-5.9-win"_s)->elements.value(u"draftCard"_s);
    UiNode home;
    home.role = u"window"_s;
    for (const QString &name : {u"a.b (1)"_s, u"aXb (1)"_s, u"草稿 [2]"_s}) {
        UiNode cardNode;
        cardNode.role = u"group"_s;
        UiNode title;
        title.role = u"text"_s;
        title.name = name;
        title.description = u"HomePageDraftTitle:"_s + name;
        cardNode.children.append(title);
        home.children.append(cardNode);
    }
    const UiMatch m = find(home, card, {{u"draftName"_s, u"aXb (1)"_s}});
    QVERIFY(m);
    QCOMPARE(m.path, (QList<int>{1, 0}));
    QVERIFY(card.targetParent);
    QCOMPARE(m.parent, &home.children.at(1)); // the card is what gets clicked
    QVERIFY(find(home, card, {{u"draftName"_s, u"草稿 [2]"_s}}));
    QVERIFY(!find(home, card, {{u"draftName"_s, u"草稿"_s}})); // equals, not contains
    Selector regex;
    regex.description
        = TextMatch(TextMatch::Mode::Regex, u"^HomePageDraftTitle:{draftName}$"_s, false);
    // The placeholder is escaped inside a regex: "." matches only a dot.
    QCOMPARE(findAll(home, regex, {{u"draftName"_s, u"a.b (1)"_s}}).size(), 1);
}

void tst_AutomationProfile::dumpRoundTrip()
{
    const UiNode window = editWindowWithExportDialog(u"Travel"_s, true);
    const QJsonObject dump = window.toJson();
    Result<UiNode> read = UiNode::fromJson(dump);
    QVERIFY(read);
    QCOMPARE(read->toJson(), dump);
    QCOMPARE(read->count(), window.count());

    QJsonObject broken = dump;
    QJsonArray children = broken.value(u"children"_s).toArray();
    QJsonObject child = children.at(1).toObject();
    child.insert(u"name"_s, 42);
    children[1] = child;
    broken.insert(u"children"_s, children);
    Result<UiNode> bad = UiNode::fromJson(broken);
    QVERIFY(!bad);
    QCOMPARE(bad.error().field(), u"root.children[1].name"_s);
}

void tst_AutomationProfile::doctorReportsStatesAndElements()
{
    Result<AutomationProfiles> profiles = AutomationProfiles::builtIn();
    QVERIFY(profiles);
    DoctorInput input;
    input.product = u"jianying"_s;
    input.version = u"6.8.0.100"_s;
    input.windows = {editWindowWithExportDialog(u"Travel"_s, false)};
    const QJsonObject report = doctorReport(*profiles, input);
    QCOMPARE(report.value(u"profile"_s).toObject().value(u"id"_s).toString(),
             u"jianying-pro-5.9-win"_s);
    const QJsonObject states = report.value(u"states"_s).toObject();
    QCOMPARE(states.value(u"edit"_s).toBool(), true);
    QCOMPARE(states.value(u"export"_s).toBool(), true);
    QCOMPARE(states.value(u"home"_s).toBool(), false);
    const QJsonObject elements = report.value(u"elements"_s).toObject();
    QCOMPARE(elements.value(u"confirm"_s).toString(), u"found"_s);
    QCOMPARE(elements.value(u"backHome"_s).toString(), u"found"_s);
    QCOMPARE(elements.value(u"exportPath"_s).toString(), u"found"_s);
    QCOMPARE(elements.value(u"done"_s).toString(), u"missing"_s);
    QCOMPARE(elements.value(u"draftCard"_s).toString(), u"not-visible-now"_s);
    QCOMPARE(report.value(u"windows"_s).toArray().size(), 1);

    input.version = u"11.5.0.14471"_s;
    const QJsonObject unknown = doctorReport(*profiles, input);
    QVERIFY(unknown.value(u"profile"_s).isNull());
    QCOMPARE(unknown.value(u"closest"_s).toString(), u"jianying-pro-10.8-win"_s);
    QVERIFY(unknown.value(u"selection"_s).toString().contains(u"11.5.0.14471"_s));
}

void tst_AutomationProfile::doctorJudgesTheProfileInUse()
{
    Result<AutomationProfiles> profiles = AutomationProfiles::builtIn();
    QVERIFY(profiles);
    const AutomationProfile *v59 = profiles->byId(u"jianying-pro-5.9-win"_s);
    const AutomationProfile *v108 = profiles->byId(u"jianying-pro-10.8-win"_s);
    QVERIFY(v59 && v108);
    DoctorInput input;
    input.product = u"jianying"_s;
    input.version = u"6.8.0.100"_s;
    input.windows = {editWindowWithExportDialog(u"Travel"_s, false)};
    // The edit window with all its elements: passes, though the dialog's "done" is not shown
    // yet (export-dialog elements are not judged).
    QJsonObject report = doctorReport(*profiles, input);
    QCOMPARE(report.value(u"elements"_s).toObject().value(u"done"_s).toString(), u"missing"_s);
    QCOMPARE(doctorProblems(report, *v59), QStringList());
    // Driving it with another version's profile does not pass.
    QStringList problems = doctorProblems(report, *v108);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(u"jianying-pro-10.8-win"_s), qPrintable(problems.first()));
    // An update that dropped the title-bar export button.
    UiNode window = editWindowWithExportDialog(u"Travel"_s, false);
    window.children.removeAt(4);
    input.windows = {window};
    report = doctorReport(*profiles, input);
    problems = doctorProblems(report, *v59);
    QVERIFY2(problems.contains(u"element 'exportButton' is missing"_s),
             qPrintable(problems.join(u"; "_s)));
    // The home page alone: its window looks the same in every known build, and the draft cards
    // need a name; nothing was checked, so no pass.
    UiNode home;
    home.role = u"window"_s;
    home.name = u"剪映专业版"_s;
    home.className = u"HomePageWindow"_s;
    input.version = u"6.8.0.100"_s;
    input.windows = {home};
    report = doctorReport(*profiles, input);
    QCOMPARE(report.value(u"states"_s).toObject().value(u"home"_s).toBool(), true);
    problems = doctorProblems(report, *v59);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().startsWith(u"nothing the profile drives is on screen"_s),
             qPrintable(problems.first()));
    // Nothing of the profile on screen (a renamed window, or another app in front).
    window = editWindowWithExportDialog(u"Travel"_s, false);
    window.name = u"CapCut"_s;
    input.windows = {window};
    problems = doctorProblems(doctorReport(*profiles, input), *v59);
    QCOMPARE(problems,
             QStringList{u"neither the home nor the edit window of the profile is on screen"_s});
    // No profile for the version at all.
    input.version = u"11.5.0"_s;
    problems = doctorProblems(doctorReport(*profiles, input), *v59);
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().startsWith(u"no automation profile applies"_s),
             qPrintable(problems.first()));
}

QTEST_GUILESS_MAIN(tst_AutomationProfile)
#include "tst_automationprofile.moc"
