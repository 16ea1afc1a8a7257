#include "selector.h"

#include <QJsonArray>
#include <QJsonObject>

namespace CutPilot::Core::Editor {

using namespace Qt::StringLiterals;

namespace {

/// Walks deeper than any editor window needs only when a selector sets no depth at all.
constexpr int UnboundedDepth = 16;

QString substitute(QString text, const Placeholders &placeholders, bool forRegex)
{
    for (auto it = placeholders.cbegin(); it != placeholders.cend(); ++it) {
        const QString key = u'{' + it.key() + u'}';
        if (text.contains(key))
            text.replace(key, forRegex ? QRegularExpression::escape(it.value()) : it.value());
    }
    return text;
}

const QStringList &knownRoles()
{
    static const QStringList roles{u"window"_s, u"dialog"_s, u"text"_s, u"group"_s,
                                   u"button"_s, u"any"_s,    u"other"_s};
    return roles;
}

} // namespace

TextMatch::TextMatch(Mode mode, QString pattern, bool caseSensitive)
    : m_mode(mode)
    , m_pattern(std::move(pattern))
    , m_caseSensitive(caseSensitive)
{
}

Result<TextMatch> TextMatch::fromJson(const QJsonValue &json, const QString &field,
                                      bool caseSensitive)
{
    if (json.isUndefined() || json.isNull())
        return TextMatch();
    if (json.isString())
        return TextMatch(Mode::Equals, json.toString(), caseSensitive);
    if (!json.isObject())
        return Error::invalidArgument(
            field, u"%1 must be a string or {equals|contains|prefix|regex}"_s.arg(field));
    const QJsonObject object = json.toObject();
    const bool sensitive = object.value(u"caseSensitive"_s).toBool(caseSensitive);
    const std::pair<const char16_t *, Mode> modes[] = {{u"equals", Mode::Equals},
                                                       {u"contains", Mode::Contains},
                                                       {u"prefix", Mode::Prefix},
                                                       {u"regex", Mode::Regex}};
    TextMatch match;
    for (const auto &[key, mode] : modes) {
        const QJsonValue value = object.value(QString::fromUtf16(key));
        if (value.isUndefined())
            continue;
        if (!match.isAny())
            return Error::invalidArgument(field, u"%1 takes one of equals, contains, prefix, "
                                                 "regex"_s.arg(field));
        if (!value.isString())
            return Error::invalidArgument(
                field, u"%1.%2 must be a string"_s.arg(field, QString::fromUtf16(key)));
        match = TextMatch(mode, value.toString(), sensitive);
        if (mode == Mode::Regex && !QRegularExpression(match.m_pattern).isValid())
            return Error::invalidArgument(
                field, u"%1.regex is not a valid expression: %2"_s.arg(field, match.m_pattern));
    }
    if (match.isAny())
        return Error::invalidArgument(
            field, u"%1 needs one of equals, contains, prefix, regex"_s.arg(field));
    return match;
}

QJsonValue TextMatch::toJson() const
{
    const char16_t *key = nullptr;
    switch (m_mode) {
    case Mode::Any:
        return QJsonValue();
    case Mode::Equals:
        key = u"equals";
        break;
    case Mode::Contains:
        key = u"contains";
        break;
    case Mode::Prefix:
        key = u"prefix";
        break;
    case Mode::Regex:
        key = u"regex";
        break;
    }
    return QJsonObject{{QString::fromUtf16(key), m_pattern}, {u"caseSensitive"_s, m_caseSensitive}};
}

bool TextMatch::matches(const QString &text, const Placeholders &placeholders) const
{
    const Qt::CaseSensitivity cs = m_caseSensitive ? Qt::CaseSensitive : Qt::CaseInsensitive;
    switch (m_mode) {
    case Mode::Any:
        return true;
    case Mode::Equals:
        return text.compare(substitute(m_pattern, placeholders, false), cs) == 0;
    case Mode::Contains:
        return text.contains(substitute(m_pattern, placeholders, false), cs);
    case Mode::Prefix:
        return text.startsWith(substitute(m_pattern, placeholders, false), cs);
    case Mode::Regex: {
        const QRegularExpression re(substitute(m_pattern, placeholders, true),
                                    m_caseSensitive ? QRegularExpression::NoPatternOption
                                                    : QRegularExpression::CaseInsensitiveOption);
        return re.match(text).hasMatch();
    }
    }
    return false;
}

TextMatch TextMatch::exact() const
{
    if (m_mode == Mode::Contains || m_mode == Mode::Prefix)
        return TextMatch(Mode::Equals, m_pattern, m_caseSensitive);
    return *this;
}

Result<Selector> Selector::fromJson(const QJsonObject &json, const QString &field)
{
    static const QStringList known{
        u"role"_s,   u"name"_s,     u"description"_s, u"className"_s,  u"nameOrDescription"_s,
        u"depth"_s,  u"maxDepth"_s, u"index"_s,       u"exactFirst"_s, u"state"_s,
        u"within"_s, u"target"_s,   u"from"_s,        u"relation"_s,   u"read"_s};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key()))
            return Error::invalidArgument(
                field + u'.' + it.key(), u"%1: unknown selector field '%2'"_s.arg(field, it.key()));
    }
    Selector s;
    const QString role = json.value(u"role"_s).toString();
    if (!role.isEmpty() && role != u"any") {
        s.roles = role.split(u'|');
        for (const QString &r : std::as_const(s.roles)) {
            if (!knownRoles().contains(r))
                return Error::invalidArgument(field + u".role"_s,
                                              u"%1.role: unknown role '%2' (one of: %3)"_s.arg(
                                                  field, r, knownRoles().join(u", ")));
        }
    }
    const std::tuple<const char16_t *, TextMatch *, bool> texts[] = {
        {u"name", &s.name, true},
        {u"description", &s.description, false},
        {u"className", &s.className, false},
        {u"nameOrDescription", &s.nameOrDescription, false},
    };
    for (const auto &[key, out, sensitive] : texts) {
        const QString name = QString::fromUtf16(key);
        Result<TextMatch> match
            = TextMatch::fromJson(json.value(name), field + u'.' + name, sensitive);
        if (!match)
            return match.error();
        *out = *match;
    }
    const auto integer = [&](const QString &key, int min, int *out) -> Result<> {
        const QJsonValue value = json.value(key);
        if (value.isUndefined())
            return {};
        if (!value.isDouble() || value.toDouble() != double(value.toInt()) || value.toInt() < min
            || value.toInt() > 64)
            return Error::invalidArgument(field + u'.' + key,
                                          u"%1.%2 must be a whole number from %3 to 64"_s.arg(
                                              field, key, QString::number(min)));
        *out = value.toInt();
        return {};
    };
    for (const auto &[key, min, out] :
         {std::tuple{u"depth"_s, 0, &s.depth}, std::tuple{u"maxDepth"_s, 0, &s.maxDepth},
          std::tuple{u"index"_s, 1, &s.index}}) {
        if (Result<> read = integer(key, min, out); !read)
            return read.error();
    }
    if (s.depth >= 0 && s.maxDepth >= 0)
        return Error::invalidArgument(field + u".depth"_s,
                                      u"%1: depth and maxDepth exclude each other"_s.arg(field));
    s.exactFirst = json.value(u"exactFirst"_s).toBool(false);
    s.state = json.value(u"state"_s).toString();
    s.within = json.value(u"within"_s).toString();
    const QString target = json.value(u"target"_s).toString();
    if (!target.isEmpty() && target != u"parent")
        return Error::invalidArgument(field + u".target"_s,
                                      u"%1.target: only \"parent\" is known"_s.arg(field));
    s.targetParent = target == u"parent";
    s.from = json.value(u"from"_s).toString();
    s.relation = json.value(u"relation"_s).toString();
    s.read = json.value(u"read"_s).toString();
    if (!s.relation.isEmpty() && s.relation != u"nextSibling" && s.relation != u"previousSibling"
        && s.relation != u"parent")
        return Error::invalidArgument(field + u".relation"_s,
                                      u"%1.relation: one of nextSibling, previousSibling, "
                                      "parent"_s.arg(field));
    if (!s.read.isEmpty() && s.read != u"name" && s.read != u"description" && s.read != u"value")
        return Error::invalidArgument(field + u".read"_s,
                                      u"%1.read: one of name, description, value"_s.arg(field));
    if (!s.relation.isEmpty() && s.from.isEmpty())
        return Error::invalidArgument(field + u".from"_s,
                                      u"%1: a relation needs \"from\""_s.arg(field));
    return s;
}

QJsonObject Selector::toJson() const
{
    QJsonObject json;
    if (!roles.isEmpty())
        json.insert(u"role"_s, roles.join(u'|'));
    const std::pair<const char16_t *, const TextMatch *> texts[]
        = {{u"name", &name},
           {u"description", &description},
           {u"className", &className},
           {u"nameOrDescription", &nameOrDescription}};
    for (const auto &[key, match] : texts) {
        if (!match->isAny())
            json.insert(QString::fromUtf16(key), match->toJson());
    }
    if (depth >= 0)
        json.insert(u"depth"_s, depth);
    if (maxDepth >= 0)
        json.insert(u"maxDepth"_s, maxDepth);
    if (index != 1)
        json.insert(u"index"_s, index);
    if (exactFirst)
        json.insert(u"exactFirst"_s, true);
    for (const auto &[key, value] :
         {std::pair{u"state"_s, state}, std::pair{u"within"_s, within}, std::pair{u"from"_s, from},
          std::pair{u"relation"_s, relation}, std::pair{u"read"_s, read}}) {
        if (!value.isEmpty())
            json.insert(key, value);
    }
    if (targetParent)
        json.insert(u"target"_s, u"parent"_s);
    return json;
}

namespace {

struct Walk
{
    const Selector &selector;
    const Placeholders &placeholders;
    bool exactOnly;
    QList<UiMatch> *out;

    bool textMatches(const TextMatch &match, const QString &text) const
    {
        return (exactOnly ? match.exact() : match).matches(text, placeholders);
    }

    bool accepts(const UiNode &node, int level) const
    {
        if (selector.depth >= 0 && level != selector.depth)
            return false;
        if (!selector.roles.isEmpty() && !selector.roles.contains(node.role))
            return false;
        if (!textMatches(selector.name, node.name))
            return false;
        if (!textMatches(selector.description, node.description))
            return false;
        if (!textMatches(selector.className, node.className))
            return false;
        if (!selector.nameOrDescription.isAny()
            && !textMatches(selector.nameOrDescription, node.name)
            && !textMatches(selector.nameOrDescription, node.description))
            return false;
        return true;
    }

    void visit(const UiNode &node, const UiNode *parent, QList<int> &path, int level) const
    {
        if (accepts(node, level))
            out->append(UiMatch{path, &node, parent});
        const int limit = selector.depth >= 0      ? selector.depth
                          : selector.maxDepth >= 0 ? selector.maxDepth
                                                   : UnboundedDepth;
        if (level >= limit)
            return;
        for (int i = 0; i < node.children.size(); ++i) {
            const UiNode &child = node.children.at(i);
            if (!child.showing)
                continue; // hidden widgets: not in the UIA tree either
            path.append(i);
            visit(child, &node, path, level + 1);
            path.removeLast();
        }
    }
};

} // namespace

QList<UiMatch> findAll(const UiNode &root, const Selector &selector,
                       const Placeholders &placeholders)
{
    QList<UiMatch> matches;
    QList<int> path;
    Walk{selector, placeholders, false, &matches}.visit(root, nullptr, path, 0);
    return matches;
}

UiMatch find(const UiNode &root, const Selector &selector, const Placeholders &placeholders)
{
    QList<UiMatch> matches;
    QList<int> path;
    if (selector.exactFirst) {
        Walk{selector, placeholders, true, &matches}.visit(root, nullptr, path, 0);
        if (matches.size() >= selector.index)
            return matches.at(selector.index - 1);
        matches.clear();
    }
    Walk{selector, placeholders, false, &matches}.visit(root, nullptr, path, 0);
    return matches.size() >= selector.index ? matches.at(selector.index - 1) : UiMatch{};
}

const UiNode *nodeAt(const UiNode &root, const QList<int> &path)
{
    const UiNode *node = &root;
    for (int i : path) {
        if (i < 0 || i >= node->children.size())
            return nullptr;
        node = &node->children.at(i);
    }
    return node;
}

} // namespace CutPilot::Core::Editor
