#include "draftfolderwriter.h"

#include "draftjson_p.h"
#include "draftserializer.h"
#include "draftvalidator.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace DraftJson;

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

Result<> ensureFolder(const QString &path)
{
    if (!QDir().mkpath(path))
        return Error(ErrorCode::IoError, u"cannot create the folder %1"_s.arg(path),
                     {{u"path"_s, path}});
    return {};
}

/// Copies a media file into <folder>/<staging>/<kind>/ unless it already lives in the folder.
Result<QString> stage(const MediaMaterial &media, const QString &folder, const QString &staging)
{
    const QFileInfo source(media.path);
    if (!source.isFile())
        return Error(
            ErrorCode::MediaUnreadable,
            u"media %1 cannot be staged: %2 is not a readable file"_s.arg(media.name, media.path),
            {{u"path"_s, media.path}});
    const QString canonical = source.canonicalFilePath();
    if (canonical.startsWith(QDir(folder).canonicalPath() + u'/'))
        return canonical;
    const QString kind = media.kind == MediaKind::Audio   ? u"audio"_s
                         : media.kind == MediaKind::Photo ? u"image"_s
                                                          : u"video"_s;
    const QString dir = QDir(folder).filePath(staging + u'/' + kind);
    if (Result<> made = ensureFolder(dir); !made)
        return made.error();
    // One staged copy per material: its id keeps names unique even for equal file names. An
    // existing copy is reused only if it is as large as and not older than the source.
    const QString target = QDir(dir).filePath(media.id + u'_' + source.fileName());
    const QFileInfo staged(target);
    if (staged.isFile() && staged.size() == source.size()
        && staged.lastModified() >= source.lastModified())
        return target;
    QFile::remove(target);
    QFile::remove(target + u".tmp"_s);
    if (!QFile::copy(canonical, target + u".tmp"_s))
        return Error(ErrorCode::IoError, u"cannot copy %1 into the draft folder"_s.arg(media.path),
                     {{u"path"_s, media.path}});
    if (!QFile::rename(target + u".tmp"_s, target))
        return Error(ErrorCode::IoError, u"cannot place the staged copy %1"_s.arg(target));
    return target;
}

QJsonObject draftMaterialEntry(const MediaMaterial &m, const QString &editorPath)
{
    const QString metetype = m.kind == MediaKind::Audio   ? u"music"_s
                             : m.kind == MediaKind::Photo ? u"photo"_s
                                                          : u"video"_s;
    const QJsonObject unset{{u"start"_s, -1}, {u"duration"_s, -1}};
    return QJsonObject{
        {u"ai_group_type"_s, u""_s},      {u"create_time"_s, -1},
        {u"duration"_s, m.durationUs},    {u"enter_from"_s, 0},
        {u"extra_info"_s, m.name},        {u"file_Path"_s, editorPath},
        {u"height"_s, m.height},          {u"width"_s, m.width},
        {u"id"_s, m.localMaterialId},     {u"import_time"_s, -1},
        {u"import_time_ms"_s, -1},        {u"item_source"_s, 1},
        {u"material_color_tag"_s, u""_s}, {u"md5"_s, u""_s},
        {u"metetype"_s, metetype},        {u"roughcut_time_range"_s, unset},
        {u"sub_time_range"_s, unset},     {u"type"_s, 0},
    };
}

QString forwardSlashes(QString path)
{
    return path.replace(u'\\', u'/');
}

} // namespace

Result<> writeFileAtomically(const QString &path, const QByteArray &data, bool keepBackup)
{
    QFile existing(path);
    if (keepBackup && existing.exists()) {
        if (existing.open(QIODevice::ReadOnly)) {
            const QByteArray previous = existing.readAll();
            existing.close();
            if (previous != data) {
                QSaveFile backup(path + u".bak"_s);
                if (!backup.open(QIODevice::WriteOnly) || backup.write(previous) != previous.size()
                    || !backup.commit())
                    return Error(ErrorCode::IoError, u"cannot keep a backup of %1"_s.arg(path),
                                 {{u"path"_s, path}});
            }
        }
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error(ErrorCode::IoError, u"cannot write %1: %2"_s.arg(path, file.errorString()),
                     {{u"path"_s, path}});
    if (file.write(data) != data.size() || !file.commit())
        return Error(file.error() == QFileDevice::ResourceError ? ErrorCode::DiskFull
                                                                : ErrorCode::IoError,
                     u"cannot write %1: %2"_s.arg(path, file.errorString()), {{u"path"_s, path}});
    return {};
}

DraftFolderWriter::DraftFolderWriter(DraftProfile profile)
    : m_profile(std::move(profile))
{
}

QString DraftFolderWriter::folderNameFor(const QString &displayName)
{
    QString name = displayName;
    name.replace(QRegularExpression(u"[\\\\/:*?\"<>|\\x00-\\x1f]"_s), u"_"_s);
    name = name.trimmed();
    while (name.endsWith(u'.') || name.endsWith(u' '))
        name.chop(1);
    if (name.size() > 64)
        name = name.left(64).trimmed();
    static const QRegularExpression reserved(u"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\\..*)?$"_s,
                                             QRegularExpression::CaseInsensitiveOption);
    if (reserved.match(name).hasMatch())
        name.prepend(u'_');
    return name.isEmpty() ? u"Untitled"_s : name;
}

QJsonObject DraftFolderWriter::metaDocument(const Draft &draft, const QString &folder,
                                            const QString &store, qint64 contentBytes,
                                            const QDateTime &now) const
{
    const DraftSerializer serializer(m_profile);
    QJsonArray bucket0;
    for (const MediaMaterial &m : draft.media)
        bucket0.append(draftMaterialEntry(m, serializer.editorPath(m.path)));
    QJsonArray buckets{QJsonObject{{u"type"_s, 0}, {u"value"_s, bucket0}}};
    for (int type : {1, 2, 3, 6, 7, 8})
        buckets.append(QJsonObject{{u"type"_s, type}, {u"value"_s, QJsonArray()}});
    const qint64 nowUs = now.toMSecsSinceEpoch() * 1000;
    QJsonObject meta{
        {u"cloud_package_completed_time"_s, u""_s},
        {u"draft_cloud_capcut_purchase_info"_s, u""_s},
        {u"draft_cloud_last_action_download"_s, false},
        {u"draft_cloud_materials"_s, QJsonArray()},
        {u"draft_cloud_purchase_info"_s, u""_s},
        {u"draft_cloud_template_id"_s, u""_s},
        {u"draft_cloud_tutorial_info"_s, u""_s},
        {u"draft_cloud_videocut_purchase_info"_s, u""_s},
        {u"draft_cover"_s, u""_s},
        {u"draft_deeplink_url"_s, u""_s},
        {u"draft_enterprise_info"_s, QJsonObject{{u"draft_enterprise_extra"_s, u""_s},
                                                 {u"draft_enterprise_id"_s, u""_s},
                                                 {u"draft_enterprise_name"_s, u""_s},
                                                 {u"enterprise_material"_s, QJsonArray()}}},
        {u"draft_is_ai_packaging_used"_s, false},
        {u"draft_is_ai_shorts"_s, false},
        {u"draft_is_ai_translate"_s, false},
        {u"draft_is_article_video_draft"_s, false},
        {u"draft_is_from_deeplink"_s, u"false"_s}, // a string in the editor's files (§2.5)
        {u"draft_is_invisible"_s, false},
        {u"draft_materials_copied_info"_s, QJsonArray()},
        {u"draft_new_version"_s, u""_s},
        {u"draft_removable_storage_device"_s, u""_s},
        {u"draft_segment_extra_info"_s, QJsonArray()},
        {u"draft_type"_s, u""_s},
        {u"tm_draft_cloud_completed"_s, u""_s},
        {u"tm_draft_cloud_modified"_s, 0},
        {u"tm_draft_removed"_s, 0},
    };
    for (const QString &key : m_profile.metaRemove)
        meta.remove(key);
    meta = merged(meta, m_profile.metaExtra);
    meta.insert(u"draft_materials"_s, buckets);
    meta.insert(u"draft_fold_path"_s, serializer.editorPath(QDir::toNativeSeparators(folder)));
    meta.insert(u"draft_root_path"_s, serializer.editorPath(QDir::toNativeSeparators(store)));
    meta.insert(u"draft_id"_s, draft.metaDraftId);
    meta.insert(u"draft_name"_s, QFileInfo(folder).fileName());
    meta.insert(u"tm_duration"_s, draft.duration());
    meta.insert(u"tm_draft_create"_s, nowUs);
    meta.insert(u"tm_draft_modified"_s, nowUs);
    meta.insert(u"draft_timeline_materials_size_"_s, contentBytes);
    return meta;
}

Result<DraftFolderWriter::Written> DraftFolderWriter::write(const Draft &input,
                                                            const Options &options) const
{
    if (Result<> valid = validateDraft(input, m_profile); !valid)
        return valid.error();
    if (options.storePath.isEmpty() || !QDir::isAbsolutePath(options.storePath))
        return Error::invalidArgument(u"storePath"_s,
                                      u"the draft store must be an absolute folder path"_s);

    const QDateTime now = options.now.isValid() ? options.now : QDateTime::currentDateTimeUtc();
    Written out;
    out.draft = input;
    Draft &draft = out.draft;
    if (draft.id.isEmpty())
        draft.id = newDraftGuid();
    if (draft.metaDraftId.isEmpty())
        draft.metaDraftId = newDraftGuid();
    const QString store = QDir::cleanPath(options.storePath);
    out.folder = QDir(store).filePath(folderNameFor(draft.name));

    // The editor rewrites an open draft on save and discards our changes (§3.7).
    if (!options.force && QFileInfo::exists(QDir(out.folder).filePath(u".locked"_s)))
        return Error(ErrorCode::Locked,
                     u"the editor has the draft '%1' open; close it there first"_s.arg(draft.name),
                     {{u"path"_s, out.folder}});
    // Another draft of the same name owns the folder: never overwrite it silently.
    const QString existingMeta = QDir(out.folder).filePath(u"draft_meta_info.json"_s);
    if (!options.force && QFileInfo::exists(existingMeta)) {
        QFile meta(existingMeta);
        const QString owner
            = meta.open(QIODevice::ReadOnly)
                  ? QJsonDocument::fromJson(meta.readAll()).object().value(u"draft_id"_s).toString()
                  : QString();
        if (!owner.isEmpty() && owner != draft.metaDraftId)
            return Error(
                ErrorCode::AlreadyExists,
                u"another draft named '%1' exists in the draft store; rename this one"_s.arg(
                    QFileInfo(out.folder).fileName()),
                {{u"path"_s, out.folder}, {u"field"_s, u"name"_s}});
    }
    if (Result<> made = ensureFolder(out.folder); !made)
        return made.error();

    for (MediaMaterial &m : draft.media) {
        if (m.localMaterialId.isEmpty())
            m.localMaterialId = derivedId(m.id, "local");
        // Host paths are staged (a missing file is an error, not a relink prompt later); paths in
        // another OS's form (a Windows draft written on Linux) are written as given.
        if (options.stageMedia && QDir::isAbsolutePath(m.path)) {
            Result<QString> staged = stage(m, out.folder, m_profile.stagingFolder);
            if (!staged)
                return staged.error();
            m.path = *staged;
        }
    }

    const DraftSerializer serializer(m_profile);
    const QByteArray content = serializer.contentBytes(draft);
    const QDir folder(out.folder);
    out.contentFile = folder.filePath(m_profile.contentFile);
    if (Result<> ok = writeFileAtomically(out.contentFile, content, true); !ok)
        return ok.error();
    for (const QString &mirror : m_profile.mirrors) {
        if (Result<> ok = writeFileAtomically(folder.filePath(mirror), content); !ok)
            return ok.error();
    }
    if (m_profile.placeholderTemplate) {
        const QJsonObject placeholder{
            {u"tracks"_s, QJsonArray()}, {u"materials"_s, QJsonObject()}, {u"duration"_s, 0}};
        if (Result<> ok
            = writeFileAtomically(folder.filePath(u"template.tmp"_s), compact(placeholder));
            !ok)
            return ok.error();
    }
    if (m_profile.timelines) {
        const qint64 nowUs = now.toMSecsSinceEpoch() * 1000;
        const QString timelineDir = u"Timelines/"_s + draft.id;
        if (Result<> made = ensureFolder(folder.filePath(timelineDir + u"/common_attachment"_s));
            !made)
            return made.error();
        const QJsonObject timeline{{u"create_time"_s, nowUs},
                                   {u"id"_s, draft.id},
                                   {u"is_marked_delete"_s, false},
                                   {u"name"_s, u"时间线01"_s},
                                   {u"update_time"_s, nowUs}};
        const QJsonObject project{
            {u"config"_s, QJsonObject{{u"color_space"_s, -1},
                                      {u"render_index_track_mode_on"_s, false},
                                      {u"use_float_render"_s, false}}},
            {u"create_time"_s, nowUs},
            {u"id"_s, derivedId(draft.id, "project")},
            {u"main_timeline_id"_s, draft.id},
            {u"timelines"_s, QJsonArray{timeline}},
            {u"update_time"_s, nowUs},
            {u"version"_s, 0}};
        const QJsonObject layout{
            {u"dockItems"_s,
             QJsonArray{QJsonObject{{u"dockIndex"_s, 0},
                                    {u"ratio"_s, 1},
                                    {u"timelineIds"_s, QJsonArray{draft.id}},
                                    {u"timelineNames"_s, QJsonArray{u"时间线01"_s}}}}},
            {u"layoutOrientation"_s, 1}};
        const QList<std::pair<QString, QByteArray>> files{
            {u"Timelines/project.json"_s, compact(project)},
            {u"Timelines/project.json.bak"_s, compact(project)},
            {timelineDir + u"/draft_content.json"_s, content},
            {timelineDir + u"/draft_content.json.bak"_s, content},
            {timelineDir + u"/template.tmp"_s, content},
            {timelineDir + u"/template-2.tmp"_s, content},
            {timelineDir + u"/attachment_editing.json"_s,
             compact({{u"draft_operation_log"_s, QJsonArray()}})},
            {timelineDir + u"/common_attachment/attachment_script_video.json"_s,
             compact({{u"video_segments"_s, QJsonArray()}})},
            {u"timeline_layout.json"_s, compact(layout)},
        };
        for (const auto &[name, data] : files) {
            if (Result<> ok = writeFileAtomically(folder.filePath(name), data); !ok)
                return ok.error();
        }
    }
    for (const QString &empty : m_profile.emptyFolders) {
        if (Result<> made = ensureFolder(folder.filePath(empty)); !made)
            return made.error();
    }

    // Sidecars (§17).
    const qint64 seconds = now.toSecsSinceEpoch();
    const QJsonObject packagingReport{{u"caption_id_list"_s, QJsonArray()},
                                      {u"commercial_material"_s, u""_s},
                                      {u"material_source"_s, u""_s},
                                      {u"method"_s, u""_s},
                                      {u"page_from"_s, u""_s},
                                      {u"style"_s, u""_s},
                                      {u"task_id"_s, u""_s},
                                      {u"text_style"_s, u""_s},
                                      {u"tos_id"_s, u""_s},
                                      {u"video_category"_s, u""_s}};
    for (const QString &sidecar : m_profile.sidecars) {
        QByteArray data;
        if (sidecar == u"draft_settings") {
            data = "[General]\ndraft_create_time=" + QByteArray::number(seconds)
                   + "\ndraft_last_edit_time=" + QByteArray::number(seconds)
                   + "\nreal_edit_seconds=0\nreal_edit_keys=0\ncloud_last_modify_platform="
                   + (m_profile.os == u"mac" ? "mac" : "windows") + "\n";
        } else if (sidecar == u"draft_virtual_store.json") {
            data = compact({{u"key_values"_s, QJsonArray()}, {u"material_infos"_s, QJsonArray()}});
        } else if (sidecar == u"key_value.json") {
            data = "{}";
        } else if (sidecar == u"performance_opt_info.json") {
            data = compact({{u"manual_cancle_precombine_segs"_s, QJsonValue::Null},
                            {u"need_auto_precombine_segs"_s, QJsonValue::Null}});
        } else if (sidecar == u"draft_agency_config.json") {
            data = compact({{u"is_auto_agency_enabled"_s, false},
                            {u"is_auto_agency_popup"_s, false},
                            {u"is_single_agency_mode"_s, false},
                            {u"marterials"_s, QJsonValue::Null},
                            {u"use_converter"_s, false},
                            {u"video_resolution"_s, 720}});
        } else if (sidecar == u"draft_biz_config.json") {
            data = QByteArray();
        } else if (sidecar == u"attachment_pc_common.json") {
            const QJsonObject common{{u"ai_packaging_infos"_s, QJsonArray()},
                                     {u"ai_packaging_report_info"_s, packagingReport}};
            data = compact(merged(common, {{u"broll"_s, common},
                                           {u"commercial_music_category_ids"_s, QJsonArray()},
                                           {u"pc_feature_flag"_s, 0},
                                           {u"recognize_tasks"_s, QJsonArray()},
                                           {u"template_item_infos"_s, QJsonArray()},
                                           {u"unlock_template_ids"_s, QJsonArray()}}));
        } else if (sidecar == u"common_attachment/attachment_pc_timeline.json") {
            if (Result<> made = ensureFolder(folder.filePath(u"common_attachment"_s)); !made)
                return made.error();
            data = compact(
                {{u"reference_lines_config"_s, QJsonObject{{u"horizontal_lines"_s, QJsonArray()},
                                                           {u"is_lock"_s, false},
                                                           {u"is_visible"_s, false},
                                                           {u"vertical_lines"_s, QJsonArray()}}},
                 {u"safe_area_type"_s, 0}});
        } else if (sidecar == u"timeline_layout.json") {
            continue; // written with the Timelines layout above
        } else {
            continue;
        }
        if (Result<> ok = writeFileAtomically(folder.filePath(sidecar), data); !ok)
            return ok.error();
    }

    const QJsonObject meta = metaDocument(draft, out.folder, store, content.size(), now);
    if (Result<> ok
        = writeFileAtomically(folder.filePath(u"draft_meta_info.json"_s), compact(meta), true);
        !ok)
        return ok.error();

    // Register in root_meta_info.json (§16): replace an entry with the same folder or name.
    const QString rootPath = QDir(store).filePath(u"root_meta_info.json"_s);
    QJsonObject root{{u"all_draft_store"_s, QJsonArray()},
                     {u"draft_ids"_s, 0},
                     {u"root_path"_s, forwardSlashes(store)}};
    if (QFile rootFile(rootPath); rootFile.open(QIODevice::ReadOnly)) {
        const QJsonDocument existing = QJsonDocument::fromJson(rootFile.readAll());
        if (!existing.isObject())
            return Error(
                ErrorCode::CorruptData,
                u"%1 is damaged; it was left untouched and the draft was not registered"_s.arg(
                    rootPath),
                {{u"path"_s, rootPath}});
        root = existing.object();
    }
    const qint64 nowUs = now.toMSecsSinceEpoch() * 1000;
    QJsonObject entry{{u"cloud_draft_cover"_s, false},
                      {u"cloud_draft_sync"_s, false},
                      {u"draft_cloud_last_action_download"_s, false},
                      {u"draft_cloud_purchase_info"_s, u""_s},
                      {u"draft_cloud_template_id"_s, u""_s},
                      {u"draft_cloud_tutorial_info"_s, u""_s},
                      {u"draft_cloud_videocut_purchase_info"_s, u""_s},
                      {u"draft_cover"_s, u""_s},
                      {u"draft_is_ai_shorts"_s, false},
                      {u"draft_is_cloud_temp_draft"_s, false},
                      {u"draft_is_invisible"_s, false},
                      {u"draft_is_web_article_video"_s, false},
                      {u"draft_new_version"_s, u""_s},
                      {u"draft_type"_s, u""_s},
                      {u"draft_web_article_video_enter_from"_s, u""_s},
                      {u"streaming_edit_draft_ready"_s, true},
                      {u"tm_draft_cloud_completed"_s, u""_s},
                      {u"tm_draft_cloud_entry_id"_s, -1},
                      {u"tm_draft_cloud_modified"_s, 0},
                      {u"tm_draft_cloud_parent_entry_id"_s, -1},
                      {u"tm_draft_cloud_space_id"_s, -1},
                      {u"tm_draft_cloud_user_id"_s, -1},
                      {u"tm_draft_removed"_s, 0},
                      {u"tm_draft_create"_s, nowUs}};
    QJsonArray entries;
    const QString folderKey = forwardSlashes(out.folder);
    for (const QJsonValue &value : root.value(u"all_draft_store"_s).toArray()) {
        const QJsonObject other = value.toObject();
        const bool same
            = forwardSlashes(other.value(u"draft_fold_path"_s).toString())
                      .compare(folderKey,
                               m_profile.windowsPaths ? Qt::CaseInsensitive : Qt::CaseSensitive)
                  == 0
              || other.value(u"draft_name"_s).toString() == QFileInfo(out.folder).fileName();
        if (same) {
            entry = merged(entry, other); // keep its shape, keys and creation time
            continue;
        }
        entries.append(other);
    }
    entry.insert(u"draft_fold_path"_s, folderKey);
    entry.insert(u"draft_id"_s, draft.metaDraftId);
    entry.insert(u"draft_json_file"_s, forwardSlashes(out.contentFile));
    entry.insert(u"draft_name"_s, QFileInfo(out.folder).fileName());
    entry.insert(u"draft_root_path"_s, forwardSlashes(store));
    entry.insert(u"draft_timeline_materials_size"_s, content.size());
    entry.insert(u"tm_draft_modified"_s, nowUs);
    entry.insert(u"tm_duration"_s, draft.duration());
    entries.prepend(entry);
    root.insert(u"all_draft_store"_s, entries);
    root.insert(u"draft_ids"_s, std::max(root.value(u"draft_ids"_s).toInt(), int(entries.size())));
    if (Result<> ok
        = writeFileAtomically(rootPath, QJsonDocument(root).toJson(QJsonDocument::Indented), true);
        !ok)
        return ok.error();
    return out;
}

} // namespace CutPilot::Core
