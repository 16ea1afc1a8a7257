#include "draftprofile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

QStringList toStringList(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out.append(v.toString());
    return out;
}

} // namespace

Result<DraftProfile> DraftProfile::fromJson(const QJsonObject &json)
{
    for (const QString &key : {u"id"_s, u"contentFile"_s, u"platform"_s, u"materialLists"_s,
                               u"newVersion"_s, u"maskLists"_s}) {
        if (!json.contains(key))
            return Error::missingField(u"profile."_s + key);
    }
    DraftProfile p;
    p.id = json.value(u"id"_s).toString();
    p.displayName = json.value(u"displayName"_s).toString(p.id);
    p.product = json.value(u"product"_s).toString();
    p.os = json.value(u"os"_s).toString();
    p.evidence = json.value(u"evidence"_s).toObject();
    p.contentFile = json.value(u"contentFile"_s).toString();
    p.mirrors = toStringList(json.value(u"mirrors"_s));
    p.placeholderTemplate = json.value(u"placeholderTemplate"_s).toBool();
    p.timelines = json.value(u"timelines"_s).toBool();
    p.sidecars = toStringList(json.value(u"sidecars"_s));
    p.emptyFolders = toStringList(json.value(u"emptyFolders"_s));
    p.stagingFolder = json.value(u"stagingFolder"_s).toString(u"assets"_s);
    p.windowsPaths = json.value(u"pathStyle"_s).toString() != u"posix";
    p.platform = json.value(u"platform"_s).toObject();
    p.newVersion = json.value(u"newVersion"_s).toString();
    p.version = json.value(u"version"_s).toInt(360000);
    p.colorSpace = json.value(u"colorSpace"_s).toInt();
    p.canvasBackground = json.value(u"canvasBackground"_s).toBool();
    p.configExtra = json.value(u"configExtra"_s).toObject();
    p.topLevelExtra = json.value(u"topLevelExtra"_s).toObject();
    p.materialLists = toStringList(json.value(u"materialLists"_s));
    p.maskLists = toStringList(json.value(u"maskLists"_s));
    p.metaRemove = toStringList(json.value(u"metaRemove"_s));
    p.metaExtra = json.value(u"metaExtra"_s).toObject();
    const QJsonArray speeds = json.value(u"speedRange"_s).toArray();
    if (speeds.size() == 2) {
        p.minSpeed = speeds.at(0).toDouble();
        p.maxSpeed = speeds.at(1).toDouble();
    }
    p.keyframeCurves = toStringList(json.value(u"keyframeCurves"_s));
    if (p.keyframeCurves.isEmpty())
        p.keyframeCurves = {u"Line"_s};
    if (p.contentFile != u"draft_content.json" && p.contentFile != u"draft_info.json")
        return Error::invalidArgument(u"profile.contentFile"_s,
                                      u"unknown content file '%1'"_s.arg(p.contentFile));
    for (const QString &list : std::as_const(p.maskLists)) {
        if (!p.materialLists.contains(list))
            return Error::invalidArgument(
                u"profile.maskLists"_s,
                u"mask list '%1' is not among the profile's material lists"_s.arg(list));
    }
    return p;
}

Result<DraftProfile> DraftProfile::builtIn(const QString &id)
{
    QFile file(u":/draft-profiles/%1.json"_s.arg(id));
    if (!file.open(QIODevice::ReadOnly))
        return Error(
            ErrorCode::NotFound,
            u"'%1' is not a draft profile (one of: %2)"_s.arg(id, builtInIds().join(u", ")),
            {{u"field"_s, u"profile"_s}});
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject())
        return Error(ErrorCode::CorruptData,
                     u"built-in profile %1: %2"_s.arg(id, parseError.errorString()));
    return fromJson(document.object());
}

QStringList DraftProfile::builtInIds()
{
    QStringList ids;
    for (const QString &file : QDir(u":/draft-profiles"_s).entryList({u"*.json"_s}, QDir::Files))
        ids.append(file.chopped(5));
    return ids;
}

} // namespace CutPilot::Core
