#pragma once

// Accessibility of the stand-in (spec/editor-automation.md §11.3, §11.4): roles through an
// accessible factory, `class=<token>` descriptions for containers, clickable labels that react to
// a real mouse click and optionally expose a "Press" action.

#include <QAccessible>
#include <QLabel>

namespace CutPilot::Standin {

/// Installs the factory that serves every QWidget and QLabel of the stand-in with interfaces that
/// read the role (setAccessibleRole), the opaque flag (setAccessibleOpaque) and the Press action
/// (ClickableLabel::setPressAction) when asked, not when created: Qt may query a widget while its
/// base class is still being constructed, and caches the interface it got then.
void installAccessibilityFactory();

/// The role a widget reports (Window, Dialog, Grouping …); plain widgets report Client.
void setAccessibleRole(QWidget *widget, QAccessible::Role role);
/// An opaque widget reports no accessible children (`--ui 10.8` export dialog, §11.6).
void setAccessibleOpaque(QWidget *widget, bool opaque);
/// The accessible name of a label whose visible text is elided (a long draft name, §11.2).
void setFullText(QLabel *label, const QString &text);
/// Writes `class=<meta-object class name>` into the widget's accessible description (§11.3).
void setClassToken(QWidget *widget);

/// A text the user clicks (the editor's QML texts with mouse areas, §2): clicked() on mouse press
/// and release inside it, or through the "Press" action when exposed.
class ClickableLabel : public QLabel
{
    Q_OBJECT

public:
    explicit ClickableLabel(const QString &text, QWidget *parent = nullptr);

    /// `--expose-actions`: offer a "Press" accessible action (§11.2).
    void setPressAction(bool on);

signals:
    void clicked();

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    bool m_pressed = false;
};

/// A container the user clicks (a draft card, a title-bar button): role Grouping, clicked() on
/// mouse press and release inside it.
class ClickableGroup : public QWidget
{
    Q_OBJECT

public:
    explicit ClickableGroup(QWidget *parent = nullptr);

    /// `--expose-actions`: offer a "Press" accessible action (§11.2).
    void setPressAction(bool on);

signals:
    void clicked();

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    bool m_pressed = false;
};

/// A plain container node (layouts add no nodes, widgets do): role Grouping.
QWidget *newGroup(QWidget *parent);

} // namespace CutPilot::Standin
