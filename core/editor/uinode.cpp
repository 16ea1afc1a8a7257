#include "uinode.h"

#include <QJsonArray>

namespace CutPilot::Core::Editor {

using namespace Qt::StringLiterals;

QJsonObject UiNode::toJson() const
{
    QJsonObject json{{u"role"_s, role}};
    if (!name.isEmpty())
        json.insert(u"name"_s, name);
    if (!description.isEmpty())
        json.insert(u"description"_s, description);
    if (!className.isEmpty())
        json.insert(u"className"_s, className);
    if (!showing)
        json.insert(u"showing"_s, false);
    if (!extents.isEmpty())
        json.insert(u"extents"_s,
                    QJsonArray{extents.x(), extents.y(), extents.width(), extents.height()});
    if (!actions.isEmpty())
        json.insert(u"actions"_s, QJsonArray::fromStringList(actions));
    if (!children.isEmpty()) {
        QJsonArray list;
        for (const UiNode &child : children)
            list.append(child.toJson());
        json.insert(u"children"_s, list);
    }
    return json;
}

Result<UiNode> UiNode::fromJson(const QJsonObject &json, const QString &path)
{
    UiNode node;
    const auto text = [&](const QString &key, QString *out) -> Result<> {
        const QJsonValue value = json.value(key);
        if (value.isUndefined() || value.isNull())
            return {};
        if (!value.isString())
            return Error::invalidArgument(path + u'.' + key,
                                          u"%1.%2 must be a string"_s.arg(path, key));
        *out = value.toString();
        return {};
    };
    for (const auto &[key, out] :
         {std::pair{u"role"_s, &node.role}, std::pair{u"name"_s, &node.name},
          std::pair{u"description"_s, &node.description},
          std::pair{u"className"_s, &node.className}}) {
        if (Result<> read = text(key, out); !read)
            return read.error();
    }
    if (node.role.isEmpty())
        node.role = u"other"_s;
    node.showing = json.value(u"showing"_s).toBool(true);
    const QJsonArray extents = json.value(u"extents"_s).toArray();
    if (extents.size() == 4)
        node.extents = QRect(extents.at(0).toInt(), extents.at(1).toInt(), extents.at(2).toInt(),
                             extents.at(3).toInt());
    for (const QJsonValue &action : json.value(u"actions"_s).toArray())
        node.actions.append(action.toString());
    const QJsonValue children = json.value(u"children"_s);
    if (!children.isUndefined() && !children.isArray())
        return Error::invalidArgument(path + u".children"_s,
                                      u"%1.children must be a list"_s.arg(path));
    const QJsonArray list = children.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString childPath = u"%1.children[%2]"_s.arg(path).arg(i);
        if (!list.at(i).isObject())
            return Error::invalidArgument(childPath, u"%1 must be an object"_s.arg(childPath));
        Result<UiNode> child = fromJson(list.at(i).toObject(), childPath);
        if (!child)
            return child.error();
        node.children.append(std::move(*child));
    }
    return node;
}

qsizetype UiNode::count() const
{
    qsizetype n = 1;
    for (const UiNode &child : children)
        n += child.count();
    return n;
}

} // namespace CutPilot::Core::Editor
