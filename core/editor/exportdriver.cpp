#include "exportdriver.h"

#include "core/support/log.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QThread>

namespace CutPilot::Core::Editor {

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

struct ExportDriver::View
{
    QList<UiNode> windows; ///< moved, never copied: the pointers below point into it
};

namespace {

QString elementRef(const QString &ref, const QString &kind)
{
    return ref.startsWith(kind + u':') ? ref.mid(kind.size() + 1) : QString();
}

QString describe(const Selector &s)
{
    if (!s.description.isAny())
        return s.description.pattern();
    if (!s.name.isAny())
        return s.name.pattern();
    return s.className.pattern();
}

} // namespace

ExportDriver::ExportDriver(const AutomationProfile &profile, UiBackend &backend, Options options)
    : m_profile(profile)
    , m_backend(backend)
    , m_options(options)
{
}

Result<ExportRun> ExportDriver::run(const ExportRequest &request, const ProgressFn &progress,
                                    const std::atomic_bool *cancel)
{
    m_request = request;
    m_progress = progress;
    m_cancel = cancel;
    m_run = {};
    m_percent = 0;
    m_placeholders = {{u"draftName"_s, request.draftName},
                      {u"resolution"_s, request.resolution},
                      {u"fps"_s, request.fps}};
    auto log = Log::get(Log::Automation);
    log->info("export of '{}' with profile {} via {}", request.draftName, m_profile.id,
              m_backend.name());
    for (qsizetype i = 0; i < m_profile.flow.size(); ++i) {
        const FlowStep &step = m_profile.flow.at(i);
        if (Result<> c = checkCancel(); !c)
            return c.error();
        Result<> done;
        if (step.op == u"ensureState") {
            done = ensureState(step);
        } else if (step.op == u"click" || step.op == u"openDraft" || step.op == u"closeDialog") {
            done = click(step);
        } else if (step.op == u"waitState") {
            const QString state = step.fields.value(u"state"_s).toString();
            const QString phase = state == u"edit" ? u"opening"_s : state;
            done = waitState(state, timeoutOf(step, u"step"_s, 60s), phase);
            if (done)
                report(state, state == u"edit" ? 15 : state == u"export" ? 20 : 5);
        } else if (step.op == u"read") {
            done = readValue(step);
        } else if (step.op == u"select") {
            done = select(step);
        } else if (step.op == u"hotkey") {
            done = keys(m_profile.hotkeys.value(step.fields.value(u"keys"_s).toString()));
        } else if (step.op == u"key") {
            done = keys(step.fields.value(u"keys"_s).toString());
            if (!done && step.fields.value(u"optional"_s).toBool())
                done = {};
        } else if (step.op == u"waitExport") {
            done = waitExport(step);
        } else if (step.op == u"waitWindow") {
            done = waitState(u"export"_s, timeoutOf(step, u"step"_s, 60s), u"edit"_s);
        }
        if (!done) {
            log->warn("export of '{}': step {} ({}) failed: {}", request.draftName, i, step.op,
                      done.error().message());
            return Error(done.error().code(),
                         u"%1 (step %2: %3)"_s.arg(done.error().message()).arg(i).arg(step.op),
                         done.error().details());
        }
    }
    report(u"done"_s, 100);
    m_run.outputPath = m_run.values.value(u"outputPath"_s, m_run.outputPath);
    return m_run;
}

Result<ExportDriver::View> ExportDriver::look()
{
    Result<QList<UiNode>> windows = m_backend.snapshot(m_options.snapshotDepth);
    if (!windows)
        return windows.error();
    View view;
    view.windows = std::move(*windows);
    return view;
}

const UiNode *ExportDriver::stateWindow(const View &view, const QString &state) const
{
    const auto it = m_profile.states.constFind(state);
    if (it == m_profile.states.cend())
        return nullptr;
    if (it->within.isEmpty()) {
        Selector top = it->window;
        top.depth = 0; // the editor's top-level windows themselves
        top.maxDepth = -1;
        for (const UiNode &window : view.windows) {
            if (find(window, top, m_placeholders))
                return &window;
        }
        return nullptr;
    }
    const UiNode *parent = stateWindow(view, it->within);
    return parent ? find(*parent, it->window, m_placeholders).node : nullptr;
}

ExportDriver::Found ExportDriver::resolve(const View &view, const QString &element) const
{
    const auto it = m_profile.elements.constFind(element);
    if (it == m_profile.elements.cend())
        return {};
    const Selector &s = *it;
    if (!s.from.isEmpty()) {
        const Found base = resolve(view, s.from);
        if (!base.node || !base.parent)
            return {};
        const int at = s.relation == u"previousSibling" ? base.index - 1 : base.index + 1;
        if (s.relation == u"parent")
            return Found{base.parent, nullptr, -1};
        // Siblings that are not showing do not exist for UIA either.
        for (int i = at; i >= 0 && i < base.parent->children.size();
             i += s.relation == u"previousSibling" ? -1 : 1) {
            if (base.parent->children.at(i).showing)
                return Found{&base.parent->children.at(i), base.parent, i};
        }
        return {};
    }
    QList<const UiNode *> roots;
    if (!s.state.isEmpty()) {
        if (const UiNode *w = stateWindow(view, s.state))
            roots.append(w);
    } else if (!s.within.isEmpty()) {
        if (m_profile.elements.contains(s.within)) {
            if (const Found f = resolve(view, s.within); f.node)
                roots.append(f.node);
        } else if (const UiNode *w = stateWindow(view, s.within)) {
            roots.append(w);
        }
    } else {
        for (const UiNode &w : view.windows)
            roots.append(&w);
    }
    for (const UiNode *root : std::as_const(roots)) {
        const UiMatch m = find(*root, s, m_placeholders);
        if (!m)
            continue;
        if (s.targetParent)
            return Found{m.parent ? m.parent : m.node, nullptr, -1};
        return Found{m.node, m.parent, m.path.isEmpty() ? -1 : m.path.constLast()};
    }
    return {};
}

Result<> ExportDriver::handlePopups(const View &view, const QString &phase)
{
    for (const PopupSpec &popup : m_profile.popups) {
        if (!popup.during.isEmpty() && !popup.during.contains(phase))
            continue;
        for (const UiNode &window : view.windows) {
            const UiMatch m = find(window, popup.selector, m_placeholders);
            if (!m)
                continue;
            Log::get(Log::Automation)
                ->info("popup '{}' during {}: {}", popup.id, phase, popup.classify);
            if (popup.classify == u"vip")
                return Error(
                    ErrorCode::ExportFailed,
                    u"the editor asks for a VIP membership: the draft uses VIP resources"_s,
                    {{u"reason"_s, u"vip"_s}, {u"popup"_s, popup.id}});
            if (popup.classify == u"fail")
                return Error(ErrorCode::ExportFailed,
                             u"the editor reported an export error (popup %1)"_s.arg(popup.id),
                             {{u"reason"_s, u"exportError"_s}, {u"popup"_s, popup.id}});
            if (popup.action == u"click") {
                if (Result<> done = m_backend.activate(*m.node, m_profile.clickAllowed); !done)
                    return done;
            }
        }
    }
    return {};
}

Result<> ExportDriver::checkCancel() const
{
    if (m_cancel && m_cancel->load())
        return Error(ErrorCode::Cancelled, u"the export was cancelled"_s);
    return {};
}

void ExportDriver::report(const QString &stage, int percent, qint64 bytes)
{
    m_phase = stage;
    // Never backwards: the return to the home page after the export is not "5 %" again.
    m_percent = std::max(m_percent, std::clamp(percent, 0, 100));
    if (m_progress)
        m_progress(ExportProgress{stage, m_percent, bytes});
}

std::chrono::milliseconds ExportDriver::timeoutOf(const FlowStep &step, const QString &fallbackName,
                                                  std::chrono::milliseconds fallback) const
{
    const QString text = step.fields.value(u"timeout"_s).toString();
    if (!text.isEmpty()) {
        if (Result<DurationExpr> d = DurationExpr::parse(text, u"timeout"_s))
            return d->evaluate(m_request.draftDuration);
    }
    return m_profile.timeout(fallbackName, fallback, m_request.draftDuration);
}

Result<> ExportDriver::waitState(const QString &state, std::chrono::milliseconds timeout,
                                 const QString &phase)
{
    QDeadlineTimer deadline(timeout);
    while (true) {
        if (Result<> c = checkCancel(); !c)
            return c;
        Result<View> view = look();
        if (!view) {
            // An editor that is still starting is not on the bus yet: wait for it.
            if (view.error().code() != ErrorCode::EditorNotRunning || deadline.hasExpired())
                return view.error();
            QThread::msleep(quint64(m_options.poll.count()));
            continue;
        }
        if (stateWindow(*view, state))
            return {};
        if (Result<> popups = handlePopups(*view, phase); !popups)
            return popups;
        if (deadline.hasExpired())
            return Error(ErrorCode::Timeout,
                         u"the editor did not reach the %1 state within %2 s"_s.arg(state).arg(
                             timeout.count() / 1000.0),
                         {{u"state"_s, state}});
        QThread::msleep(quint64(m_options.poll.count()));
    }
}

Result<> ExportDriver::ensureState(const FlowStep &step)
{
    const QString state = step.fields.value(u"state"_s).toString();
    const auto timeout = m_profile.timeout(u"home"_s, 15s);
    QDeadlineTimer deadline(timeout);
    const QStringList via = step.fields.value(u"via"_s).toVariant().toStringList();
    while (true) {
        if (Result<> c = checkCancel(); !c)
            return c;
        Result<View> view = look();
        if (!view) {
            // An editor that is still starting is not on the bus yet: wait for it.
            if (view.error().code() != ErrorCode::EditorNotRunning || deadline.hasExpired())
                return view.error();
            QThread::msleep(quint64(m_options.poll.count()));
            continue;
        }
        if (stateWindow(*view, state)) {
            report(state, state == u"home" ? 5 : 0);
            return {};
        }
        if (Result<> popups = handlePopups(*view, state); !popups)
            return popups;
        for (const QString &ref : via) {
            if (const Found f = resolve(*view, elementRef(ref, u"click"_s)); f.node) {
                if (Result<> done = m_backend.activate(*f.node, m_profile.clickAllowed); !done)
                    return done;
                break;
            }
        }
        if (deadline.hasExpired())
            return Error(ErrorCode::Timeout,
                         u"the editor did not return to the %1 state within %2 s"_s.arg(state).arg(
                             timeout.count() / 1000.0),
                         {{u"state"_s, state}});
        QThread::msleep(quint64(m_options.poll.count()));
    }
}

Result<> ExportDriver::click(const FlowStep &step)
{
    QStringList candidates;
    if (const QString element = step.fields.value(u"element"_s).toString(); !element.isEmpty())
        candidates.append(element);
    for (const QString &ref : step.fields.value(u"by"_s).toVariant().toStringList()) {
        if (const QString element = elementRef(ref, u"element"_s); !element.isEmpty())
            candidates.append(element);
    }
    const bool optional = step.fields.value(u"optional"_s).toBool();
    const auto timeout = m_profile.timeout(u"step"_s, 5s);
    QDeadlineTimer deadline(optional ? std::min(timeout, std::chrono::milliseconds(1500))
                                     : timeout);
    while (true) {
        if (Result<> c = checkCancel(); !c)
            return c;
        Result<View> view = look();
        if (!view)
            return view.error();
        for (const QString &element : std::as_const(candidates)) {
            if (const Found f = resolve(*view, element); f.node) {
                if (Result<> done = m_backend.activate(*f.node, m_profile.clickAllowed); !done)
                    return done;
                if (element == u"draftCard")
                    report(u"opening"_s, 10);
                return {};
            }
        }
        if (Result<> popups = handlePopups(*view, m_phase); !popups)
            return popups;
        if (deadline.hasExpired())
            break;
        QThread::msleep(quint64(m_options.poll.count()));
    }
    if (optional)
        return {};
    if (step.fields.value(u"notFound"_s).toString() == u"draftNotFound")
        return Error(ErrorCode::ElementNotFound,
                     u"draft '%1' is not on the editor's home page"_s.arg(m_request.draftName),
                     {{u"reason"_s, u"draftNotFound"_s}, {u"draft"_s, m_request.draftName}});
    const QString element = candidates.value(0);
    return Error(ErrorCode::ElementNotFound,
                 u"element '%1' (%2) not found within %3 s"_s.arg(
                     element, describe(m_profile.elements.value(element)),
                     QString::number(timeout.count() / 1000.0)),
                 {{u"element"_s, element}});
}

Result<> ExportDriver::readValue(const FlowStep &step)
{
    const QString element = step.fields.value(u"element"_s).toString();
    const QString into = step.fields.value(u"into"_s).toString(element);
    QDeadlineTimer deadline(m_profile.timeout(u"step"_s, 5s));
    while (true) {
        Result<View> view = look();
        if (!view)
            return view.error();
        if (const Found f = resolve(*view, element); f.node) {
            const QString how = m_profile.elements.value(element).read;
            m_run.values.insert(into, how == u"description" ? f.node->description : f.node->name);
            return {};
        }
        if (deadline.hasExpired())
            return Error(ErrorCode::ElementNotFound,
                         u"could not read '%1' from the export dialog"_s.arg(element),
                         {{u"element"_s, element}});
        QThread::msleep(quint64(m_options.poll.count()));
    }
}

Result<> ExportDriver::select(const FlowStep &step)
{
    QString value = step.fields.value(u"option"_s).toString();
    for (auto it = m_placeholders.cbegin(); it != m_placeholders.cend(); ++it)
        value.replace(u'{' + it.key() + u'}', it.value());
    if (value.isEmpty())
        return {}; // not requested: the editor's default stays
    const QString box = step.fields.value(u"box"_s).toString();
    const auto stepTimeout = m_profile.timeout(u"step"_s, 5s);
    const Placeholders saved = m_placeholders;
    for (int attempt = 0; attempt < 3; ++attempt) {
        Result<View> view = look();
        if (!view)
            return view.error();
        const Found current = resolve(*view, box);
        if (!current.node)
            break;
        if (current.node->name.compare(value, Qt::CaseInsensitive) == 0)
            return {};
        if (Result<> opened = m_backend.activate(*current.node, m_profile.clickAllowed); !opened)
            return opened;
        m_placeholders.insert(u"option"_s, value);
        QDeadlineTimer deadline(stepTimeout);
        bool chosen = false;
        while (!chosen && !deadline.hasExpired()) {
            QThread::msleep(quint64(m_options.poll.count()));
            Result<View> list = look();
            if (!list)
                return list.error();
            if (const Found option = resolve(*list, u"option"_s);
                option.node && option.node != nullptr) {
                if (Result<> done = m_backend.activate(*option.node, m_profile.clickAllowed); !done)
                    return done;
                chosen = true;
            }
        }
        m_placeholders = saved;
        QDeadlineTimer applied(stepTimeout);
        while (chosen && !applied.hasExpired()) {
            QThread::msleep(quint64(m_options.poll.count()));
            Result<View> after = look();
            if (!after)
                return after.error();
            const Found now = resolve(*after, box);
            if (now.node && now.node->name.compare(value, Qt::CaseInsensitive) == 0)
                return {};
        }
    }
    return Error(
        ErrorCode::AutomationFailed,
        u"could not set %1 to '%2' (is it one of the editor's options: %3?)"_s.arg(
            box, value,
            (box == u"fpsBox" ? m_profile.fpsOptions : m_profile.resolutionOptions).join(u", ")),
        {{u"element"_s, box}, {u"value"_s, value}});
}

Result<> ExportDriver::keys(const QString &keys)
{
    Result<View> view = look();
    if (!view)
        return view.error();
    if (view->windows.isEmpty())
        return Error(ErrorCode::EditorNotRunning, u"the editor has no window to send keys to"_s);
    const UiNode *target = stateWindow(*view, u"edit"_s);
    return m_backend.sendKeys(target ? *target : view->windows.constFirst(), keys);
}

Result<> ExportDriver::waitExport(const FlowStep &step)
{
    const auto timeout = timeoutOf(step, u"export"_s, 1200s);
    const QString stallText = step.fields.value(u"stall"_s).toString();
    const auto stall = stallText.isEmpty()
                           ? m_profile.timeout(u"stall"_s, 120s)
                           : DurationExpr::parse(stallText, u"stall"_s)->evaluate({});
    const QStringList success = step.fields.value(u"success"_s).toVariant().toStringList();
    const QStringList progress = step.fields.value(u"progress"_s).toVariant().toStringList();
    const qint64 startedMs = QDateTime::currentMSecsSinceEpoch();
    static const QRegularExpression percentPattern(u"(\\d+(?:\\.\\d+)?)%"_s);

    QDeadlineTimer deadline(timeout);
    QDeadlineTimer stalled(stall);
    double lastPercent = -1;
    qint64 lastBytes = -1;
    QDeadlineTimer stableSince(QDeadlineTimer::Forever);
    report(u"exporting"_s, 20);
    while (true) {
        if (Result<> c = checkCancel(); !c)
            return c;
        Result<View> view = look();
        if (!view)
            return view.error();
        if (view->windows.isEmpty())
            return Error(ErrorCode::EditorNotRunning,
                         u"the editor's window vanished during the export"_s);
        if (Result<> popups = handlePopups(*view, u"exporting"_s); !popups)
            return popups;

        // The output file: the path read from the dialog, or a new video in the export folder.
        QString file = m_run.values.value(u"outputPath"_s);
        if (file.isEmpty() && !m_request.exportFolder.isEmpty()) {
            const QFileInfoList candidates
                = QDir(m_request.exportFolder)
                      .entryInfoList({u"*.mp4"_s, u"*.mov"_s}, QDir::Files, QDir::Time);
            for (const QFileInfo &info : candidates) {
                if (info.lastModified().toMSecsSinceEpoch() >= startedMs - 2000) {
                    file = info.absoluteFilePath();
                    m_run.values.insert(u"outputPath"_s, file);
                    break;
                }
            }
        }
        const qint64 bytes = file.isEmpty() ? -1 : QFileInfo(file).size();

        double percent = lastPercent;
        for (const QString &ref : progress) {
            if (const QString element = elementRef(ref, u"element"_s); !element.isEmpty()) {
                if (const Found f = resolve(*view, element); f.node) {
                    QRegularExpressionMatch m = percentPattern.match(f.node->name);
                    if (!m.hasMatch())
                        m = percentPattern.match(f.node->description);
                    if (m.hasMatch())
                        percent = m.captured(1).toDouble();
                }
            }
        }
        if (percent != lastPercent || (bytes >= 0 && bytes != lastBytes)) {
            stalled = QDeadlineTimer(stall);
            report(u"exporting"_s, 20 + int(0.8 * std::max(0.0, percent)), bytes);
        }
        if (bytes != lastBytes || bytes <= 0)
            stableSince = QDeadlineTimer(m_options.fileStable);
        lastPercent = percent;
        lastBytes = bytes;

        bool uiSuccess = false;
        bool fileOnly = true;
        for (const QString &ref : success) {
            if (const QString element = elementRef(ref, u"element"_s); !element.isEmpty()) {
                fileOnly = false;
                uiSuccess = uiSuccess || resolve(*view, element).node;
            }
        }
        if (uiSuccess || (fileOnly && bytes > 0 && stableSince.hasExpired())) {
            m_run.outputPath = file;
            report(u"exported"_s, 99, bytes);
            return {};
        }
        if (stalled.hasExpired())
            return Error(ErrorCode::ExportFailed,
                         u"the export stalled: no progress and no file growth for %1 s"_s.arg(
                             stall.count() / 1000),
                         {{u"reason"_s, u"stalled"_s}});
        if (deadline.hasExpired())
            return Error(ErrorCode::Timeout,
                         u"the export did not finish within %1 s"_s.arg(timeout.count() / 1000),
                         {{u"reason"_s, u"timeout"_s}});
        QThread::msleep(quint64(m_options.poll.count()));
    }
}

} // namespace CutPilot::Core::Editor
