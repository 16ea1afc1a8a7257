#pragma once

#include "core/support/result.h"
#include "selector.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <chrono>

namespace CutPilot::Core::Editor {

/// A dotted version ("10.8.0.14471") compared numerically, part by part.
struct EditorVersion
{
    QList<int> parts;

    static Result<EditorVersion> parse(const QString &text);
    QString toString() const;
    friend std::strong_ordering operator<=>(const EditorVersion &a, const EditorVersion &b);
    friend bool operator==(const EditorVersion &a, const EditorVersion &b)
    {
        return (a <=> b) == 0;
    }
};

/// ">=5.0 <7.0": every condition must hold. Empty: any version.
class VersionRange
{
public:
    static Result<VersionRange> parse(const QString &text);
    bool contains(const EditorVersion &version) const;
    /// How far `version` is outside the range (0 inside), for "closest profile" hints.
    double distance(const EditorVersion &version) const;
    const QString &text() const { return m_text; }

private:
    struct Condition
    {
        QString op; ///< >=, >, <=, <, =
        EditorVersion version;
    };
    static bool holds(const Condition &condition, const EditorVersion &version);
    QString m_text;
    QList<Condition> m_conditions;
};

/// A duration of the profile: "120s", "250ms", "5m", "max(1200s, 6*duration)" where `duration`
/// is the draft's length (editor-automation.md §9).
class DurationExpr
{
public:
    static Result<DurationExpr> parse(const QString &text, const QString &field);
    std::chrono::milliseconds evaluate(std::chrono::milliseconds draftDuration) const;
    const QString &text() const { return m_text; }

private:
    struct Term
    {
        qint64 fixedMs = 0;
        double durationFactor = 0; ///< N*duration
    };
    QString m_text;
    QList<Term> m_terms; ///< max() over the terms
};

/// A state of the editor's UI, recognised by its window (§3.1, §10.2 "states").
struct StateSpec
{
    QString within; ///< the state whose window is the search root (empty: the top-level windows)
    Selector window;
};

/// A popup the driver dismisses or classifies between steps (§6, §8.6).
struct PopupSpec
{
    QString id;
    QStringList during; ///< the profile's "while": flow phases in which it may appear
    Selector selector;
    QString action;   ///< click, close, none
    QString classify; ///< dismiss, vip, update, fail
};

/// One step of the export flow (§10.2 "flow"). The step's fields besides "do" are kept as given;
/// the driver interprets them. References to elements and states are checked at load time.
struct FlowStep
{
    QString op; ///< ensureState, click, waitState, read, select, waitExport, hotkey, waitWindow,
                ///< openDraft, closeDialog
    QJsonObject fields;
};

/// An automation profile: everything that differs between editor builds, as data
/// (editor-automation.md §10). Loaded from resources/automation-profiles/<id>.json.
struct AutomationProfile
{
    QString id;
    QString product; ///< jianying, capcut, standin
    QString os;      ///< windows, macos, linux
    QStringList executables;
    VersionRange versions;
    QMap<QString, QString> evidence; ///< capability -> verified, reported, untested, known-broken
    QStringList mainProcesses;
    QStringList helperProcesses; ///< killed with the editor on restart
    bool clickAllowed = false;
    bool preferPatterns = true;
    QMap<QString, QString> hotkeys; ///< name -> key sequence ("Ctrl+E")
    QMap<QString, StateSpec> states;
    QMap<QString, Selector> elements;
    QStringList resolutionOptions;
    QStringList fpsOptions;
    QList<PopupSpec> popups;
    QList<FlowStep> flow;
    QMap<QString, DurationExpr> timeouts;
    int restartEveryJobs = 15;
    int restartMemoryMiB = 1024;
    QStringList exportFolders; ///< candidates for output-file watching
    QJsonObject json;          ///< the document as loaded (for doctor and comparisons)

    static Result<AutomationProfile> fromJson(const QJsonObject &json);
    /// Reads and validates one profile file (or ":/automation-profiles/<id>.json").
    static Result<AutomationProfile> load(const QString &path);

    /// A timeout by name, or `fallback` when the profile does not set it.
    std::chrono::milliseconds timeout(const QString &name, std::chrono::milliseconds fallback,
                                      std::chrono::milliseconds draftDuration = {}) const;
};

/// The profiles compiled into CutPilot, and the choice among them (§10.1: fail closed on an
/// unknown version, naming the closest profile).
class AutomationProfiles
{
public:
    /// Loads every built-in profile (resources/automation-profiles).
    static Result<AutomationProfiles> builtIn();
    static Result<AutomationProfiles> fromProfiles(QList<AutomationProfile> profiles);

    const QList<AutomationProfile> &all() const { return m_profiles; }
    const AutomationProfile *byId(const QString &id) const;

    /// The profile for this product and version; EditorVersionUnsupported otherwise, with the
    /// closest profile named in the message and in details["closest"].
    Result<const AutomationProfile *> select(const QString &product,
                                             const EditorVersion &version) const;

private:
    QList<AutomationProfile> m_profiles;
};

} // namespace CutPilot::Core::Editor
