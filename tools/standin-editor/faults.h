#pragma once

// Fault injection for the stand-in editor (spec/editor-automation.md §11.7). Pure Qt Core, so the
// parser is unit-tested without a display (tests/tools/tst_standinfaults.cpp).

#include "core/support/result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace CutPilot::Standin {

/// Exit codes of injected failures (§11.8: "distinct codes per injected crash/refusal").
enum ExitCode {
    ExitOk = 0,
    ExitUsage = 2,
    ExitCrash = 70,
    ExitRefuseStart = 71,
};

/// Where the stand-in is in the editor flow; a fault can be triggered when a stage is entered.
enum class Stage {
    None,
    Start,     ///< process start, before the home window
    Home,      ///< home window shown
    Open,      ///< a draft card was clicked
    Edit,      ///< edit window shown
    Export,    ///< export dialog shown (with a percentage: during the export)
    Exporting, ///< export started (with a percentage: during the export)
    Success,   ///< export complete
};

QString stageName(Stage stage);
Stage stageFromName(QStringView name); ///< Stage::None when unknown

/// One fault: `name[@stage|@percent][:value][?after=N&p=P&seed=S]`.
struct Fault
{
    QString name;
    Stage stage = Stage::None;
    double percent = -1.0; ///< export percentage that triggers it; < 0: none
    double number = 0.0;   ///< seconds, MiB, factor, count or characters, per fault
    bool endless = false;  ///< `:forever` (hang, stall)
    int afterJobs = 0;     ///< fires only for jobs after the first N
    double probability = 1.0;
    quint32 seed = 0;

    bool hasPercent() const { return percent >= 0.0; }
    /// Whether the fault fires for the job with 1-based index `job` (after-N and probability).
    bool firesFor(int job) const;
};

class FaultPlan final
{
public:
    /// Parses a comma-separated spec, e.g. `crash@export:50,hang@edit:forever,refuse-start:2`.
    static Core::Result<FaultPlan> parse(const QString &spec);
    /// The fault names the stand-in knows (§11.7).
    static QStringList knownNames();

    void append(const FaultPlan &other) { m_faults += other.m_faults; }
    bool isEmpty() const { return m_faults.isEmpty(); }
    const QList<Fault> &faults() const { return m_faults; }
    /// The first fault called `name`, or nullptr.
    const Fault *find(QStringView name) const;
    bool has(QStringView name) const { return find(name) != nullptr; }
    /// Faults called `name` that trigger when `stage` is entered (no percentage).
    QList<Fault> atStage(QStringView name, Stage stage) const;

private:
    QList<Fault> m_faults;
};

} // namespace CutPilot::Standin
