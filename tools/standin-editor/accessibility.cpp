#include "accessibility.h"

#include <QAccessibleWidget>
#include <QMouseEvent>
#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace CutPilot::Standin {

namespace {

constexpr char kRoleProperty[] = "_standinAccessibleRole";
constexpr char kOpaqueProperty[] = "_standinAccessibleOpaque";
constexpr char kFullTextProperty[] = "_standinFullText";
constexpr char kPressProperty[] = "_standinPress";

/// `--expose-actions`: "Press" first, then what Qt offers (SetFocus for focusable widgets).
QStringList withPress(const QWidget *widget, QStringList names)
{
    if (widget->property(kPressProperty).toBool())
        names.prepend(QAccessibleActionInterface::pressAction());
    return names;
}

/// Emits the widget's clicked() queued, so the bus call returns first, as a click would.
bool press(QWidget *widget, const QString &actionName)
{
    if (actionName != QAccessibleActionInterface::pressAction()
        || !widget->property(kPressProperty).toBool())
        return false;
    QMetaObject::invokeMethod(widget, "clicked", Qt::QueuedConnection);
    return true;
}

/// A widget whose role and children follow its properties at call time.
class StandinWidgetAccessible final : public QAccessibleWidget
{
public:
    explicit StandinWidgetAccessible(QWidget *widget)
        : QAccessibleWidget(widget)
    {
    }

    QAccessible::Role role() const override
    {
        const QVariant role = widget()->property(kRoleProperty);
        return role.isValid() ? QAccessible::Role(role.toInt()) : QAccessible::Client;
    }

    int childCount() const override { return opaque() ? 0 : QAccessibleWidget::childCount(); }
    QAccessibleInterface *child(int index) const override
    {
        return opaque() ? nullptr : QAccessibleWidget::child(index);
    }
    int indexOfChild(const QAccessibleInterface *child) const override
    {
        return opaque() ? -1 : QAccessibleWidget::indexOfChild(child);
    }
    QAccessibleInterface *childAt(int x, int y) const override
    {
        return opaque() ? nullptr : QAccessibleWidget::childAt(x, y);
    }

    QStringList actionNames() const override
    {
        return withPress(widget(), QAccessibleWidget::actionNames());
    }
    void doAction(const QString &actionName) override
    {
        if (!press(widget(), actionName))
            QAccessibleWidget::doAction(actionName);
    }

private:
    bool opaque() const { return widget()->property(kOpaqueProperty).toBool(); }
};

/// A label: name = its text (so it stays readable, toolchain.md §4), role StaticText, and the
/// "Press" action while its ClickableLabel asks for one.
class StandinLabelAccessible final : public QAccessibleWidget
{
public:
    explicit StandinLabelAccessible(QLabel *label)
        : QAccessibleWidget(label, QAccessible::StaticText)
    {
    }

    QString text(QAccessible::Text t) const override
    {
        if (t == QAccessible::Name && widget()->accessibleName().isEmpty()) {
            const auto *label = static_cast<const QLabel *>(widget());
            if (const QVariant full = label->property(kFullTextProperty); full.isValid())
                return full.toString();
            if (label->textFormat() == Qt::RichText) {
                QTextDocument document;
                document.setHtml(label->text());
                return document.toPlainText();
            }
            return label->text();
        }
        return QAccessibleWidget::text(t);
    }

    QStringList actionNames() const override
    {
        return withPress(widget(), QAccessibleWidget::actionNames());
    }
    void doAction(const QString &actionName) override
    {
        if (!press(widget(), actionName))
            QAccessibleWidget::doAction(actionName);
    }
};

QAccessibleInterface *standinFactory(const QString &key, QObject *object)
{
    if (!object || !object->isWidgetType())
        return nullptr;
    // Answer only for the most derived class known at this moment (the first key asked).
    if (key != QLatin1StringView(object->metaObject()->className()))
        return nullptr;
    if (auto *label = qobject_cast<QLabel *>(object)) {
        if (label->metaObject() == &QLabel::staticMetaObject
            || qobject_cast<ClickableLabel *>(label))
            return new StandinLabelAccessible(label);
        return nullptr;
    }
    auto *widget = static_cast<QWidget *>(object);
    if (widget->metaObject() == &QWidget::staticMetaObject
        || widget->property(kRoleProperty).isValid())
        return new StandinWidgetAccessible(widget);
    return nullptr;
}

} // namespace

void installAccessibilityFactory()
{
    QAccessible::installFactory(standinFactory);
}

void setAccessibleRole(QWidget *widget, QAccessible::Role role)
{
    widget->setProperty(kRoleProperty, int(role));
}

void setAccessibleOpaque(QWidget *widget, bool opaque)
{
    widget->setProperty(kOpaqueProperty, opaque);
}

void setFullText(QLabel *label, const QString &text)
{
    label->setProperty(kFullTextProperty, text);
}

void setClassToken(QWidget *widget)
{
    widget->setAccessibleDescription(u"class="_s
                                     + QString::fromLatin1(widget->metaObject()->className()));
}

ClickableLabel::ClickableLabel(const QString &text, QWidget *parent)
    : QLabel(text, parent)
{
    setCursor(Qt::PointingHandCursor);
}

void ClickableLabel::setPressAction(bool on)
{
    setProperty(kPressProperty, on);
}

void ClickableLabel::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_pressed = true;
        event->accept();
        return;
    }
    QLabel::mousePressEvent(event);
}

void ClickableLabel::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_pressed) {
        m_pressed = false;
        event->accept();
        if (rect().contains(event->position().toPoint()))
            emit clicked();
        return;
    }
    QLabel::mouseReleaseEvent(event);
}

ClickableGroup::ClickableGroup(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleRole(this, QAccessible::Grouping);
    setCursor(Qt::PointingHandCursor);
}

void ClickableGroup::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_pressed = true;
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void ClickableGroup::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_pressed) {
        m_pressed = false;
        event->accept();
        if (rect().contains(event->position().toPoint()))
            emit clicked();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void ClickableGroup::setPressAction(bool on)
{
    setProperty(kPressProperty, on);
}

QWidget *newGroup(QWidget *parent)
{
    auto *group = new QWidget(parent);
    setAccessibleRole(group, QAccessible::Grouping);
    return group;
}

} // namespace CutPilot::Standin
