#pragma once

#include "core/support/result.h"

#include <QJsonObject>
#include <QList>
#include <QRect>
#include <QString>

namespace CutPilot::Core::Editor {

/// One element of a snapshot of the editor's accessibility tree, as a backend saw it (UI
/// Automation on Windows, AT-SPI on Linux; editor-automation.md §10.2). Plain values: a backend
/// takes a fresh snapshot before every action (never cached across actions, §8.4), the selector
/// engine matches on it, and the backend acts on the matched node through its `handle`.
///
/// The JSON form is the `doctor` tree dump (§10.6): a user's dump can become a test fixture or a
/// new profile.
struct UiNode
{
    QString role;        ///< abstract role: window, dialog, text, group, button, other (§11.4)
    QString name;        ///< accessible name (UIA Name)
    QString description; ///< accessible description (UIA FullDescription)
    QString className;   ///< UIA ClassName; AT-SPI: the `class` attribute or `class=` token
    bool showing = true; ///< false: a hidden widget the bridge still lists (AT-SPI)
    QRect extents;       ///< screen rectangle, empty when unknown
    QStringList actions; ///< names of the actions the element offers ("Press", "Invoke" …)
    QString handle;      ///< the backend's reference to the live element (opaque)
    QList<UiNode> children;

    QJsonObject toJson() const;
    /// Reads a dump; `path` names the place of an error ("root.children[2]").
    static Result<UiNode> fromJson(const QJsonObject &json,
                                   const QString &path = QStringLiteral("root"));

    /// The number of nodes in this subtree (this one included).
    qsizetype count() const;
};

/// Where a matched node sits: child indexes from the search root, and the node itself.
struct UiMatch
{
    QList<int> path;
    const UiNode *node = nullptr;
    const UiNode *parent = nullptr; ///< nullptr when the match is the root itself

    explicit operator bool() const { return node != nullptr; }
};

} // namespace CutPilot::Core::Editor
