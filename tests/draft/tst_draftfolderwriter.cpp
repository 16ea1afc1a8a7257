#include "core/draft/draftfolderwriter.h"
#include "core/draft/draftparser.h"
#include "core/draft/draftserializer.h"
#include "draftfixtures.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot;
using namespace CutPilot::Core;
using namespace CutPilot::Test;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class tst_DraftFolderWriter : public QObject
{
    Q_OBJECT

private slots:
    void writesTheMinimalFolder();
    void metaMatchesAppendixA();
    void metaKeyCoverage_data();
    void metaKeyCoverage();
    void rewriteKeepsBackupAndOneRootEntry();
    void refusesAnOpenDraft();
    void refusesToOverwriteAnotherDraftOfTheSameName();
    void invalidDraftWritesNothing();
    void profileLayouts_data();
    void profileLayouts();
    void stagesMedia();
    void folderNames_data();
    void folderNames();
    void damagedRootIndexIsLeftAlone();
};

void tst_DraftFolderWriter::writesTheMinimalFolder()
{
    QTemporaryDir store;
    const DraftFolderWriter writer(*DraftProfile::builtIn(u"jy5-win"_s));
    const auto written = writer.write(appendixADraft(), {store.path(), false, false, {}});
    QVERIFY2(written, qPrintable(written ? QString() : written.error().message()));
    QCOMPARE(written->folder, store.filePath(u"CutPilot Demo"_s));
    const QDir folder(written->folder);
    QVERIFY(folder.exists(u"draft_content.json"_s));
    QVERIFY(folder.exists(u"draft_meta_info.json"_s));
    QVERIFY(folder.exists(u"draft_settings"_s));
    QVERIFY(!folder.exists(u"Timelines"_s));

    // What was written reads back into the same draft.
    const auto parsed = DraftParser::parseBytes(readAll(written->contentFile), u"c"_s);
    QVERIFY(parsed);
    const DraftSerializer serializer(*DraftProfile::builtIn(u"jy5-win"_s));
    QVERIFY(jsonDiff(serializer.contentDocument(parsed->draft),
                     serializer.contentDocument(written->draft))
                .isEmpty());

    const QString settings = QString::fromUtf8(readAll(folder.filePath(u"draft_settings"_s)));
    QVERIFY(settings.startsWith(u"[General]\ndraft_create_time="_s));
    QVERIFY(settings.contains(u"cloud_last_modify_platform=windows"_s));

    const QJsonObject root = readJsonFile(store.filePath(u"root_meta_info.json"_s));
    const QJsonArray entries = root.value(u"all_draft_store"_s).toArray();
    QCOMPARE(entries.size(), 1);
    const QJsonObject entry = entries.at(0).toObject();
    QCOMPARE(entry.value(u"draft_name"_s).toString(), u"CutPilot Demo"_s);
    QCOMPARE(entry.value(u"draft_id"_s).toString(), u"0C7D4E2A-91B3-4F6E-8A5D-3B2C1D0E9F8A"_s);
    QVERIFY(entry.value(u"draft_json_file"_s)
                .toString()
                .endsWith(u"CutPilot Demo/draft_content.json"_s));
    QCOMPARE(entry.value(u"tm_duration"_s).toInteger(), 5'000'000);
    QCOMPARE(root.value(u"draft_ids"_s).toInt(), 1);
}

void tst_DraftFolderWriter::metaMatchesAppendixA()
{
    const QJsonObject expected = specJsonBlock(u"### A.2"_s);
    if (expected.isEmpty())
        QSKIP("spec not found: ../shared/spec/draft-format.md (Appendix A.2)");
    const DraftFolderWriter writer(*DraftProfile::builtIn(u"jy5-win"_s));
    const QString store
        = u"C:/Users/me/AppData/Local/JianyingPro/User Data/Projects/com.lveditor.draft"_s;
    QJsonObject meta = writer.metaDocument(appendixADraft(), store + u"/CutPilot Demo"_s, store, 0,
                                           QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC));
    const QStringList diff = jsonDiff(meta, expected);
    QVERIFY2(diff.isEmpty(), qPrintable(diff.join(u'\n')));
}

void tst_DraftFolderWriter::metaKeyCoverage_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("reference");
    QTest::newRow("jy5-win") << u"jy5-win"_s << u"pyjianyingdraft-0.2.6_draft_meta_info.json"_s;
    QTest::newRow("cc-win") << u"cc-win"_s << u"pycapcut_draft_meta_info.json"_s;
}

void tst_DraftFolderWriter::metaKeyCoverage()
{
    QFETCH(QString, profile);
    QFETCH(QString, reference);
    const QJsonObject templ = readJsonFile(sharedPath(u"reference/"_s + reference));
    if (templ.isEmpty())
        QSKIP(qPrintable(u"reference data not found: ../shared/reference/"_s + reference));
    const DraftFolderWriter writer(*DraftProfile::builtIn(profile));
    const QJsonObject meta = writer.metaDocument(appendixADraft(), u"/s/d"_s, u"/s"_s, 10,
                                                 QDateTime::currentDateTimeUtc());
    for (auto it = templ.begin(); it != templ.end(); ++it) {
        QVERIFY2(meta.contains(it.key()), qPrintable(it.key()));
        QCOMPARE(meta.value(it.key()).type(), it.value().type());
    }
}

void tst_DraftFolderWriter::rewriteKeepsBackupAndOneRootEntry()
{
    QTemporaryDir store;
    const DraftFolderWriter writer(*DraftProfile::builtIn(u"jy5-win"_s));
    Draft draft = appendixADraft();
    const QDateTime t0 = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC);
    QVERIFY(writer.write(draft, {store.path(), false, false, t0}));
    const QByteArray first = readAll(store.filePath(u"CutPilot Demo/draft_content.json"_s));
    QVERIFY(!QFile::exists(store.filePath(u"root_meta_info.json.bak"_s)));
    draft.tracks[1].segments[0].volume = 0.3;
    QVERIFY(writer.write(draft, {store.path(), false, false, t0.addSecs(60)}));
    QCOMPARE(readAll(store.filePath(u"CutPilot Demo/draft_content.json.bak"_s)), first);
    QVERIFY(readAll(store.filePath(u"CutPilot Demo/draft_content.json"_s)) != first);
    const QJsonObject root = readJsonFile(store.filePath(u"root_meta_info.json"_s));
    QCOMPARE(root.value(u"all_draft_store"_s).toArray().size(), 1);
    QVERIFY(QFile::exists(store.filePath(u"root_meta_info.json.bak"_s)));
    // Leftover temporary files: none.
    QCOMPARE(QDir(store.filePath(u"CutPilot Demo"_s)).entryList({u"*.tmp*"_s, u"*~"_s}).size(), 0);
}

void tst_DraftFolderWriter::refusesAnOpenDraft()
{
    QTemporaryDir store;
    QDir(store.path()).mkpath(u"CutPilot Demo"_s);
    QFile lock(store.filePath(u"CutPilot Demo/.locked"_s));
    QVERIFY(lock.open(QIODevice::WriteOnly));
    lock.close();
    const DraftFolderWriter writer(*DraftProfile::builtIn(u"cc-win"_s));
    const auto refused = writer.write(appendixADraft(), {store.path(), false, false, {}});
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), ErrorCode::Locked);
    QVERIFY(!QFile::exists(store.filePath(u"CutPilot Demo/draft_content.json"_s)));
    QVERIFY(writer.write(appendixADraft(), {store.path(), true, false, {}}));
}

void tst_DraftFolderWriter::refusesToOverwriteAnotherDraftOfTheSameName()
{
    QTemporaryDir store;
    const DraftFolderWriter writer(*DraftProfile::builtIn(u"jy5-win"_s));
    QVERIFY(writer.write(appendixADraft(), {store.path(), false, false, {}}));
    Draft other = appendixADraft();
    other.metaDraftId = newDraftGuid(); // another draft, same name
    const auto refused = writer.write(other, {store.path(), false, false, {}});
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), ErrorCode::AlreadyExists);
    QVERIFY(writer.write(other, {store.path(), true, false, {}})); // forced
}

void tst_DraftFolderWriter::invalidDraftWritesNothing()
{
    QTemporaryDir store;
    Draft draft = appendixADraft();
    draft.tracks[0].segments[0].target.duration = -1;
    Draft escaping = appendixADraft();
    escaping.id = u"../../outside"_s; // ids become folder names (Timelines/<id>)
    const auto refusedId = DraftFolderWriter(*DraftProfile::builtIn(u"jy10-win"_s))
                               .write(escaping, {store.path(), false, false, {}});
    QVERIFY(!refusedId);
    QCOMPARE(refusedId.error().field(), u"id"_s);
    const auto result = DraftFolderWriter(*DraftProfile::builtIn(u"jy5-win"_s))
                            .write(draft, {store.path(), false, false, {}});
    QVERIFY(!result);
    QCOMPARE(result.error().code(), ErrorCode::OutOfRange);
    QVERIFY(QDir(store.path()).isEmpty());
}

void tst_DraftFolderWriter::profileLayouts_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QStringList>("files");
    QTest::newRow("jy10-win") << u"jy10-win"_s
                              << QStringList{u"draft_content.json"_s,
                                             u"draft_content.json.bak"_s,
                                             u"template-2.tmp"_s,
                                             u"template.tmp"_s,
                                             u"draft_virtual_store.json"_s,
                                             u"key_value.json"_s,
                                             u"performance_opt_info.json"_s,
                                             u"draft_agency_config.json"_s,
                                             u"draft_biz_config.json"_s,
                                             u"attachment_pc_common.json"_s,
                                             u"timeline_layout.json"_s,
                                             u"common_attachment/attachment_pc_timeline.json"_s,
                                             u"Timelines/project.json"_s,
                                             u"Timelines/project.json.bak"_s,
                                             u"Resources"_s,
                                             u"matting"_s,
                                             u"subdraft"_s};
    QTest::newRow("jy-mac") << u"jy-mac"_s
                            << QStringList{u"draft_info.json"_s, u"draft_info.json.bak"_s,
                                           u"template-2.tmp"_s, u"template.tmp"_s,
                                           u"draft_meta_info.json"_s};
    QTest::newRow("cc-win") << u"cc-win"_s
                            << QStringList{u"draft_content.json"_s, u"draft_content.json.bak"_s,
                                           u"template-2.tmp"_s};
}

void tst_DraftFolderWriter::profileLayouts()
{
    QFETCH(QString, profile);
    QFETCH(QStringList, files);
    QTemporaryDir store;
    const DraftProfile p = *DraftProfile::builtIn(profile);
    const auto written
        = DraftFolderWriter(p).write(appendixADraft(), {store.path(), false, false, {}});
    QVERIFY2(written, qPrintable(written ? QString() : written.error().message()));
    const QDir folder(written->folder);
    for (const QString &file : files)
        QVERIFY2(folder.exists(file), qPrintable(file));
    const QByteArray content = readAll(written->contentFile);
    for (const QString &mirror : p.mirrors)
        QCOMPARE(readAll(folder.filePath(mirror)), content); // mirrors are byte-identical
    if (p.timelines) {
        const QString id = written->draft.id;
        for (const QString &copy : {u"draft_content.json"_s, u"draft_content.json.bak"_s,
                                    u"template.tmp"_s, u"template-2.tmp"_s})
            QCOMPARE(readAll(folder.filePath(u"Timelines/%1/%2"_s.arg(id, copy))), content);
        const QJsonObject project = readJsonFile(folder.filePath(u"Timelines/project.json"_s));
        QCOMPARE(project.value(u"main_timeline_id"_s).toString(), id);
        QVERIFY(project.value(u"id"_s).toString() != id);
    }
    QCOMPARE(QJsonDocument::fromJson(content).object().value(u"platform"_s),
             QJsonValue(p.platform));
}

void tst_DraftFolderWriter::stagesMedia()
{
    QTemporaryDir store;
    QTemporaryDir outside;
    Draft draft = appendixADraft();
    for (MediaMaterial &m : draft.media) {
        m.path = outside.filePath(m.name);
        QFile file(m.path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(1000, 'x') + m.name.toUtf8());
    }
    const auto written = DraftFolderWriter(*DraftProfile::builtIn(u"jy5-win"_s))
                             .write(draft, {store.path(), false, true, {}});
    QVERIFY2(written, qPrintable(written ? QString() : written.error().message()));
    for (const MediaMaterial &m : written->draft.media) {
        QVERIFY2(m.path.startsWith(written->folder + u"/assets/"_s), qPrintable(m.path));
        QVERIFY(QFileInfo(m.path).isFile());
        QVERIFY(!QFileInfo(m.path).isSymLink());
        QCOMPARE(QFileInfo(m.path).size(), 1000 + m.name.toUtf8().size());
    }
    // The content document and the meta registry point at the staged copies.
    const QByteArray content = readAll(written->contentFile);
    QVERIFY(content.contains("/assets/video/"));
    QVERIFY(content.contains("/assets/audio/"));
    const QJsonObject meta
        = readJsonFile(QDir(written->folder).filePath(u"draft_meta_info.json"_s));
    const QJsonArray bucket0
        = meta.value(u"draft_materials"_s).toArray().at(0).toObject().value(u"value"_s).toArray();
    QCOMPARE(bucket0.size(), 2);
    QVERIFY(bucket0.at(0).toObject().value(u"file_Path"_s).toString().contains(u"/assets/"_s));

    // A missing media file is a clear error.
    draft.media.first().path = outside.filePath(u"gone.mp4"_s);
    QFile::remove(draft.media.first().path);
    const auto missing = DraftFolderWriter(*DraftProfile::builtIn(u"jy5-win"_s))
                             .write(draft, {store.path(), false, true, {}});
    QVERIFY(!missing);
    QCOMPARE(missing.error().code(), ErrorCode::MediaUnreadable);
    QVERIFY(missing.error().message().contains(u"gone.mp4"_s));
}

void tst_DraftFolderWriter::folderNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("folder");
    QTest::newRow("plain") << u"My Draft"_s << u"My Draft"_s;
    QTest::newRow("chinese") << u"春节 vlog"_s << u"春节 vlog"_s;
    QTest::newRow("forbidden") << u"a/b\\c:d*e?f\"g<h>i|j"_s << u"a_b_c_d_e_f_g_h_i_j"_s;
    QTest::newRow("trailing dots") << u"  name.. "_s << u"name"_s;
    QTest::newRow("reserved") << u"CON"_s << u"_CON"_s;
    QTest::newRow("reserved ext") << u"nul.txt"_s << u"_nul.txt"_s;
    QTest::newRow("empty") << u"   "_s << u"Untitled"_s;
    QTest::newRow("long") << QString(100, u'x') << QString(64, u'x');
}

void tst_DraftFolderWriter::folderNames()
{
    QFETCH(QString, name);
    QFETCH(QString, folder);
    QCOMPARE(DraftFolderWriter::folderNameFor(name), folder);
}

void tst_DraftFolderWriter::damagedRootIndexIsLeftAlone()
{
    QTemporaryDir store;
    QFile root(store.filePath(u"root_meta_info.json"_s));
    QVERIFY(root.open(QIODevice::WriteOnly));
    root.write("{broken");
    root.close();
    const auto result = DraftFolderWriter(*DraftProfile::builtIn(u"jy5-win"_s))
                            .write(appendixADraft(), {store.path(), false, false, {}});
    QVERIFY(!result);
    QCOMPARE(result.error().code(), ErrorCode::CorruptData);
    QCOMPARE(readAll(store.filePath(u"root_meta_info.json"_s)), QByteArray("{broken"));
}

QTEST_GUILESS_MAIN(tst_DraftFolderWriter)
#include "tst_draftfolderwriter.moc"
