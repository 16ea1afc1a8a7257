#include "faults.h"

#include <QRandomGenerator>

#include <array>

using namespace Qt::StringLiterals;

namespace CutPilot::Standin {

namespace {

using Core::Error;
using Core::ErrorCode;
using Core::Result;

struct StageName
{
    Stage stage;
    QStringView name;
};

constexpr std::array kStages{
    StageName{Stage::Start, u"start"},     StageName{Stage::Home, u"home"},
    StageName{Stage::Open, u"open"},       StageName{Stage::Edit, u"edit"},
    StageName{Stage::Export, u"export"},   StageName{Stage::Exporting, u"exporting"},
    StageName{Stage::Success, u"success"},
};

/// How a fault reads its trigger and value.
enum class Kind {
    Trigger, ///< needs @stage or @percent; `:N` after an export stage is the percentage
    Hang,    ///< needs @stage or @percent; `:N` seconds or `:forever` (default forever)
    Count,   ///< `:N` a positive whole number (default 1)
    Amount,  ///< `:X` a positive number, required
    Flag,    ///< no value
};

struct Known
{
    QStringView name;
    Kind kind;
};

constexpr std::array kKnown{
    Known{u"crash", Kind::Trigger},        Known{u"hang", Kind::Hang},
    Known{u"stall", Kind::Trigger},        Known{u"slow-ui", Kind::Amount},
    Known{u"slow-export", Kind::Amount},   Known{u"refuse-start", Kind::Count},
    Known{u"gpu-prompt", Kind::Flag},      Known{u"vip-prompt", Kind::Flag},
    Known{u"update-prompt", Kind::Flag},   Known{u"anomaly-dialog", Kind::Flag},
    Known{u"export-error", Kind::Trigger}, Known{u"disk-full", Kind::Trigger},
    Known{u"memory-growth", Kind::Amount}, Known{u"stale-list", Kind::Flag},
    Known{u"long-name", Kind::Count},      Known{u"cover-element", Kind::Flag},
    Known{u"focus-steal", Kind::Flag},     Known{u"locked-output", Kind::Amount},
};

Error bad(const QString &item, const QString &why)
{
    return Error(ErrorCode::InvalidArgument, u"fault '%1': %2"_s.arg(item, why));
}

bool isExportStage(Stage stage)
{
    return stage == Stage::Export || stage == Stage::Exporting;
}

Result<Fault> parseItem(const QString &item)
{
    Fault fault;
    QString rest = item;
    QString query;
    if (const qsizetype q = rest.indexOf(u'?'); q >= 0) {
        query = rest.mid(q + 1);
        rest.truncate(q);
    }
    QString value;
    bool hasValue = false;
    if (const qsizetype c = rest.indexOf(u':'); c >= 0) {
        value = rest.mid(c + 1).trimmed();
        hasValue = true;
        rest.truncate(c);
    }
    QString at;
    if (const qsizetype a = rest.indexOf(u'@'); a >= 0) {
        at = rest.mid(a + 1).trimmed();
        rest.truncate(a);
    }
    fault.name = rest.trimmed().toLower();

    const auto known = std::find_if(kKnown.begin(), kKnown.end(),
                                    [&](const Known &k) { return k.name == fault.name; });
    if (known == kKnown.end())
        return bad(item, u"unknown fault (known: %1)"_s.arg(FaultPlan::knownNames().join(u", ")));

    if (!at.isEmpty()) {
        QString number = at;
        if (number.endsWith(u'%'))
            number.chop(1);
        bool ok = false;
        const double percent = number.toDouble(&ok);
        if (ok) {
            if (percent < 0.0 || percent > 100.0)
                return bad(item, u"percentage %1 is outside 0..100"_s.arg(at));
            fault.percent = percent;
            fault.stage = Stage::Exporting;
        } else {
            fault.stage = stageFromName(at.toLower());
            if (fault.stage == Stage::None)
                return bad(item, u"unknown stage '%1'"_s.arg(at));
        }
    }

    double number = 0.0;
    bool numeric = false;
    if (hasValue) {
        if (value.compare(u"forever"_s, Qt::CaseInsensitive) == 0) {
            fault.endless = true;
        } else {
            number = value.toDouble(&numeric);
            if (!numeric || number < 0.0)
                return bad(item, u"value '%1' is not a number >= 0 or 'forever'"_s.arg(value));
        }
    }

    switch (known->kind) {
    case Kind::Trigger:
        if (fault.stage == Stage::None)
            return bad(item, u"needs a trigger: @<stage> or @<percent>"_s);
        if (fault.endless && fault.name != u"stall")
            return bad(item, u"'forever' only applies to hang and stall"_s);
        if (numeric) {
            // `crash@export:50`: the value after an export stage is the percentage; after a
            // percentage (stall only) it is how long the stall lasts, in seconds.
            if (isExportStage(fault.stage) && !fault.hasPercent()) {
                if (number > 100.0)
                    return bad(item, u"percentage %1 is outside 0..100"_s.arg(value));
                fault.percent = number;
            } else if (fault.name == u"stall") {
                fault.number = number;
            } else {
                return bad(item, u"a value needs an export stage (@export:<percent>)"_s);
            }
        }
        if (fault.name == u"stall" || fault.name == u"export-error" || fault.name == u"disk-full") {
            if (!fault.hasPercent())
                return bad(item, u"happens during the export: give @<percent>"_s);
            if (fault.name == u"stall" && fault.number <= 0.0)
                fault.endless = true;
        }
        break;
    case Kind::Hang:
        if (fault.stage == Stage::None)
            return bad(item, u"needs a trigger: @<stage> or @<percent>"_s);
        if (!hasValue || fault.endless)
            fault.endless = true;
        else
            fault.number = number;
        break;
    case Kind::Count:
        if (fault.endless)
            return bad(item, u"needs a whole number, not 'forever'"_s);
        if (!hasValue) {
            if (fault.name == u"long-name")
                return bad(item, u"needs the number of characters (long-name:<N>)"_s);
            number = 1;
        }
        if (number < 1.0 || number != double(qint64(number)))
            return bad(item, u"needs a whole number >= 1"_s);
        fault.number = number;
        break;
    case Kind::Amount:
        if (!numeric || number <= 0.0)
            return bad(item, u"needs a number > 0 (%1:<N>)"_s.arg(fault.name));
        fault.number = number;
        break;
    case Kind::Flag:
        if (hasValue)
            return bad(item, u"takes no value"_s);
        break;
    }

    for (const QString &pair : query.split(u'&', Qt::SkipEmptyParts)) {
        const QString key = pair.section(u'=', 0, 0).trimmed();
        const QString text = pair.section(u'=', 1).trimmed();
        bool ok = false;
        if (key == u"after") {
            fault.afterJobs = text.toInt(&ok);
            ok = ok && fault.afterJobs >= 0;
        } else if (key == u"p") {
            fault.probability = text.toDouble(&ok);
            ok = ok && fault.probability >= 0.0 && fault.probability <= 1.0;
        } else if (key == u"seed") {
            fault.seed = text.toUInt(&ok);
        }
        if (!ok)
            return bad(item, u"bad modifier '%1' (after=N, p=0..1, seed=N)"_s.arg(pair));
    }
    return fault;
}

} // namespace

QString stageName(Stage stage)
{
    for (const StageName &s : kStages) {
        if (s.stage == stage)
            return s.name.toString();
    }
    return u"none"_s;
}

Stage stageFromName(QStringView name)
{
    for (const StageName &s : kStages) {
        if (s.name == name)
            return s.stage;
    }
    return Stage::None;
}

bool Fault::firesFor(int job) const
{
    if (job <= afterJobs)
        return false;
    if (probability >= 1.0)
        return true;
    // Deterministic per (seed, job), so a test can rely on a given sequence.
    QRandomGenerator generator(seed ^ quint32(job * 2654435761u));
    return generator.generateDouble() < probability;
}

Core::Result<FaultPlan> FaultPlan::parse(const QString &spec)
{
    FaultPlan plan;
    for (const QString &raw : spec.split(u',', Qt::SkipEmptyParts)) {
        const QString item = raw.trimmed();
        if (item.isEmpty())
            continue;
        Result<Fault> fault = parseItem(item);
        if (!fault)
            return fault.error();
        plan.m_faults.append(*fault);
    }
    return plan;
}

QStringList FaultPlan::knownNames()
{
    QStringList names;
    for (const Known &k : kKnown)
        names.append(k.name.toString());
    return names;
}

const Fault *FaultPlan::find(QStringView name) const
{
    for (const Fault &fault : m_faults) {
        if (fault.name == name)
            return &fault;
    }
    return nullptr;
}

QList<Fault> FaultPlan::atStage(QStringView name, Stage stage) const
{
    QList<Fault> found;
    for (const Fault &fault : m_faults) {
        if (fault.name == name && fault.stage == stage && !fault.hasPercent())
            found.append(fault);
    }
    return found;
}

} // namespace CutPilot::Standin
