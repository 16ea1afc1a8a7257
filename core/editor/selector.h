#pragma once

#include "core/support/result.h"
#include "uinode.h"

#include <QHash>
#include <QJsonValue>
#include <QRegularExpression>
#include <QStringList>

namespace CutPilot::Core::Editor {

/// Values substituted literally into selector texts: {draftName}, {option}, {resolution}, {fps}.
using Placeholders = QHash<QString, QString>;

/// One text condition of a selector (editor-automation.md §10.2): a plain string means "equals",
/// an object one of {equals|contains|prefix|regex} plus optional "caseSensitive".
class TextMatch
{
public:
    enum class Mode {
        Any,
        Equals,
        Contains,
        Prefix,
        Regex
    };

    TextMatch() = default;
    TextMatch(Mode mode, QString pattern, bool caseSensitive);

    /// `field` names the selector field in errors; `caseSensitive` is the field's default.
    static Result<TextMatch> fromJson(const QJsonValue &json, const QString &field,
                                      bool caseSensitive);
    QJsonValue toJson() const;

    bool isAny() const { return m_mode == Mode::Any; }
    Mode mode() const { return m_mode; }
    const QString &pattern() const { return m_pattern; }
    /// Placeholders are substituted literally (escaped inside a regex).
    bool matches(const QString &text, const Placeholders &placeholders = {}) const;
    /// The same condition with Contains/Prefix turned into Equals (for exact-first lookups).
    TextMatch exact() const;

    friend bool operator==(const TextMatch &a, const TextMatch &b)
    {
        return a.m_mode == b.m_mode && a.m_pattern == b.m_pattern
               && a.m_caseSensitive == b.m_caseSensitive;
    }

private:
    Mode m_mode = Mode::Any;
    QString m_pattern;
    bool m_caseSensitive = false;
};

/// A backend-neutral element selector (§10.2). All conditions are ANDed. The search fields
/// (`state`, `within`, `target`, `from`/`relation`/`read`) are resolved by the driver; the
/// matching fields by find().
struct Selector
{
    QStringList roles; ///< any of these abstract roles; empty: any role
    TextMatch name;
    TextMatch description;
    TextMatch className;
    TextMatch nameOrDescription; ///< the name, or else the description, matches
    int depth = -1;              ///< exact depth below the search root (-1: not set)
    int maxDepth = -1;           ///< at most this depth (-1: not set)
    int index = 1;               ///< 1-based among matches in document order
    /// Try the text conditions as "equals" first, then as written: an option "1080P" then does
    /// not hit the export path text "…/Demo 1080P.mp4" that comes first (§11.2 pitfall).
    bool exactFirst = false;

    QString state;             ///< search root: this state's window
    QString within;            ///< search root: this element
    bool targetParent = false; ///< act on the parent of the match ("target": "parent")
    QString from;              ///< derived element: start from this element …
    QString relation;          ///< … and move along this relation ("nextSibling")
    QString read;              ///< what to read: name, description or value

    static Result<Selector> fromJson(const QJsonObject &json, const QString &field);
    QJsonObject toJson() const;
    bool operator==(const Selector &other) const = default;
};

/// Every match of `selector` below `root` (the root itself counts as depth 0) in document order.
/// Children that are not showing are skipped with their subtrees, as on UIA (§10.2 `depth`).
QList<UiMatch> findAll(const UiNode &root, const Selector &selector,
                       const Placeholders &placeholders = {});
/// The `index`-th match (exact-first when the selector asks for it), or an empty match.
UiMatch find(const UiNode &root, const Selector &selector, const Placeholders &placeholders = {});

/// The node at `path` below root, or nullptr.
const UiNode *nodeAt(const UiNode &root, const QList<int> &path);

} // namespace CutPilot::Core::Editor
