#include "trayicons.h"

#include "core/editor/editorsupervisor.h"

#include <QJsonArray>
#include <QPainter>
#include <QPixmap>

namespace CutPilot::Ui {

using namespace Qt::StringLiterals;
using State = Core::Editor::EditorSupervisor::State;

EditorHealth editorHealth(const Core::Editor::EditorSupervisor *supervisor)
{
    if (!supervisor)
        return EditorHealth::None;
    switch (supervisor->state()) {
    case State::Ready:
        return EditorHealth::Ready;
    case State::Busy:
        return EditorHealth::Busy;
    case State::Starting:
    case State::Unresponsive:
    case State::Restarting:
        return EditorHealth::Degraded;
    case State::Stopped:
    case State::Failed:
        return EditorHealth::Down;
    }
    return EditorHealth::Down;
}

QColor editorHealthColor(EditorHealth health)
{
    switch (health) {
    case EditorHealth::None:
        return QColor(0x9e, 0x9e, 0x9e);
    case EditorHealth::Ready:
        return QColor(0x2e, 0xa0, 0x43);
    case EditorHealth::Busy:
        return QColor(0x1f, 0x6f, 0xeb);
    case EditorHealth::Degraded:
        return QColor(0xf0, 0x88, 0x3e);
    case EditorHealth::Down:
        return QColor(0xd7, 0x3a, 0x49);
    }
    return Qt::gray;
}

QString editorHealthText(EditorHealth health)
{
    return EditorHealthTexts::text(health);
}

QString EditorHealthTexts::text(EditorHealth health)
{
    switch (health) {
    case EditorHealth::None:
        return tr("No editor configured");
    case EditorHealth::Ready:
        return tr("Editor ready");
    case EditorHealth::Busy:
        return tr("Editor exporting");
    case EditorHealth::Degraded:
        return tr("Editor degraded");
    case EditorHealth::Down:
        return tr("Editor down");
    }
    return QString();
}

QString editorStateText(int state)
{
    return EditorHealthTexts::state(state);
}

QString EditorHealthTexts::state(int state)
{
    switch (State(state)) {
    case State::Stopped:
        return tr("stopped");
    case State::Starting:
        return tr("starting");
    case State::Ready:
        return tr("ready");
    case State::Busy:
        return tr("busy");
    case State::Unresponsive:
        return tr("unresponsive");
    case State::Restarting:
        return tr("restarting");
    case State::Failed:
        return tr("failed");
    }
    return Core::Editor::EditorSupervisor::stateName(State(state));
}

QString exportReasonText(const QString &reason)
{
    return EditorHealthTexts::reason(reason);
}

QString doctorResultText(const Core::Result<QJsonObject> &report, bool *failed)
{
    return EditorHealthTexts::doctor(report, failed);
}

QString EditorHealthTexts::doctor(const Core::Result<QJsonObject> &report, bool *failed)
{
    const bool passed = report && report->value(u"passed"_s).toBool();
    if (failed)
        *failed = !passed;
    if (!report)
        return tr("The editor could not be checked: %1").arg(report.error().message());
    if (passed)
        return report->value(u"released"_s).toBool()
                   ? tr("The editor passed the check: held exports resume.")
                   : tr("The editor passed the check.");
    QStringList problems;
    for (const QJsonValue &problem : report->value(u"problems"_s).toArray())
        problems << problem.toString();
    return tr("The editor failed the check: %1").arg(problems.join(u"; "_s));
}

QString EditorHealthTexts::reason(const QString &reason)
{
    static const struct
    {
        const char16_t *code;
        const char *text;
    } labels[] = {
        {u"vip", QT_TR_NOOP("Needs VIP")},
        {u"draftNotFound", QT_TR_NOOP("Draft not found in the editor")},
        {u"crash", QT_TR_NOOP("Editor crashed")},
        {u"hang", QT_TR_NOOP("Editor not responding")},
        {u"stall", QT_TR_NOOP("Export stalled")},
        {u"exportError", QT_TR_NOOP("The editor reported an error")},
        {u"timeout", QT_TR_NOOP("Timed out")},
        {u"automation", QT_TR_NOOP("Automation error")},
        {u"outputMissing", QT_TR_NOOP("No output file")},
        {u"outputUnstable", QT_TR_NOOP("Output file still changing")},
        {u"outputInvalid", QT_TR_NOOP("Output is not a valid video")},
        {u"durationMismatch", QT_TR_NOOP("Wrong duration")},
        {u"moveFailed", QT_TR_NOOP("Could not move the file")},
        {u"cancelled", QT_TR_NOOP("Cancelled")},
    };
    for (const auto &label : labels) {
        if (reason == QStringView(label.code))
            return tr(label.text);
    }
    return reason;
}

QIcon editorHealthIcon(EditorHealth health)
{
    QIcon icon;
    const QIcon app(u":/icons/cutpilot.svg"_s);
    for (const int size : {16, 22, 24, 32, 48, 64}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        if (!app.isNull()) {
            app.paint(&painter, pixmap.rect());
        } else {
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(0x30, 0x30, 0x30));
            painter.drawRoundedRect(QRectF(pixmap.rect()).adjusted(1, 1, -1, -1), size / 5.0,
                                    size / 5.0);
        }
        // The status dot, bottom right, with a light ring so it reads on dark and light panels.
        const qreal dot = size * 0.5;
        const QRectF circle(size - dot - 0.5, size - dot - 0.5, dot, dot);
        painter.setPen(QPen(Qt::white, std::max(1.0, size / 16.0)));
        painter.setBrush(editorHealthColor(health));
        painter.drawEllipse(circle);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace CutPilot::Ui
