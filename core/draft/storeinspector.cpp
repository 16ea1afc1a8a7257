#include "storeinspector.h"

#include "draftparser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <algorithm>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {

struct Candidate
{
    QString folder;
    QString contentFile;
    QDateTime modified;
};

QList<Candidate> candidates(const QString &storePath)
{
    QList<Candidate> out;
    const QDir store(storePath);
    for (const QString &name : store.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        for (const QString &file : {u"draft_content.json"_s, u"draft_info.json"_s}) {
            const QFileInfo info(store.filePath(name + u'/' + file));
            if (info.isFile()) {
                out.append({store.filePath(name), info.filePath(), info.lastModified()});
                break;
            }
        }
    }
    std::sort(out.begin(), out.end(),
              [](const Candidate &a, const Candidate &b) { return a.modified > b.modified; });
    return out;
}

int majorVersion(const QString &version)
{
    return version.section(u'.', 0, 0).toInt();
}

} // namespace

QString profileForStamps(const QString &appSource, const QString &appVersion, const QString &os)
{
    const bool mac = os == u"mac";
    if (appSource == u"cc")
        return mac ? u"cc-mac"_s : u"cc-win"_s;
    if (mac)
        return u"jy-mac"_s;
    const int major = majorVersion(appVersion);
    if (major >= 10)
        return u"jy10-win"_s;
    if (major >= 9)
        return u"jy9-win"_s;
    if (major >= 6)
        return u"jy6-win"_s;
    return u"jy5-win"_s;
}

Result<StoreInspection> inspectDraftStore(const QString &storePath)
{
    if (!QFileInfo(storePath).isDir())
        return Error(ErrorCode::NotFound, u"the draft store %1 does not exist"_s.arg(storePath),
                     {{u"path"_s, storePath}});
    StoreInspection out;
    for (const Candidate &c : candidates(storePath)) {
        QFile file(c.contentFile);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        Result<QJsonObject> document = DraftParser::decodeContent(file.readAll(), c.contentFile);
        if (!document) {
            if (document.error().code() == ErrorCode::EncryptedDraft)
                ++out.encryptedDrafts;
            continue;
        }
        // last_modified_platform is the last build that saved the draft; platform may be blank.
        QJsonObject stamps = document->value(u"last_modified_platform"_s).toObject();
        if (stamps.value(u"app_source"_s).toString().isEmpty())
            stamps = document->value(u"platform"_s).toObject();
        const QString source = stamps.value(u"app_source"_s).toString();
        if (source != u"lv" && source != u"cc")
            continue; // not written by an editor
        out.appSource = source;
        out.appVersion = stamps.value(u"app_version"_s).toString();
        out.os = stamps.value(u"os"_s).toString();
        out.profile = profileForStamps(out.appSource, out.appVersion, out.os);
        out.sourceDraft = c.folder;
        for (const char *key :
             {"platform", "last_modified_platform", "new_version", "version", "color_space",
              "canvas_config", "is_drop_frame_timecode", "lyrics_effects", "path", "draft_type",
              "smart_ads_info", "uneven_animation_template_info"}) {
            const QString k = QString::fromLatin1(key);
            if (document->contains(k))
                out.seed.insert(k, document->value(k));
        }
        QJsonArray lists;
        for (const QString &list : document->value(u"materials"_s).toObject().keys())
            lists.append(list);
        out.seed.insert(u"materials"_s, lists);
        out.notes.append(u"newest editor draft: %1 (%2 %3 on %4) → profile %5"_s.arg(
            QFileInfo(c.folder).fileName(), source == u"cc" ? u"CapCut"_s : u"JianYing"_s,
            out.appVersion, out.os, out.profile));
        break;
    }
    if (out.encryptedDrafts > 0)
        out.notes.append(u"%1 draft(s) are encrypted by the editor (JianYing 6 or later) and were "
                         "skipped; CutPilot never decrypts"_s.arg(out.encryptedDrafts));
    if (out.profile.isEmpty())
        out.notes.append(
            u"no plaintext draft written by the editor was found; the built-in profile "
            "in the settings applies"_s);
    return out;
}

void applySeed(Draft &draft, const QJsonObject &seed)
{
    for (auto it = seed.begin(); it != seed.end(); ++it) {
        if (it.key() == u"materials") {
            for (const QJsonValue &list : it.value().toArray()) {
                if (!draft.otherMaterials.contains(list.toString()))
                    draft.otherMaterials.insert(list.toString(), QJsonArray());
            }
        } else if (it.key() == u"canvas_config") {
            // Only the shape (e.g. "background"), never the size of the user's other draft.
            QJsonObject canvas = it.value().toObject();
            canvas.remove(u"width"_s);
            canvas.remove(u"height"_s);
            draft.extra.insert(it.key(), canvas);
        } else {
            draft.extra.insert(it.key(), it.value());
        }
    }
}

} // namespace CutPilot::Core
