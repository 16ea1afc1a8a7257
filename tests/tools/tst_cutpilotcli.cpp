#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run cli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(CUTPILOT_CLI), arguments);
    Run run;
    if (!process.waitForFinished(30000)) {
        process.kill();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
}

QByteArray plan(const QString &extraSegment = {})
{
    return QStringLiteral(R"({
  "name": "CLI Demo", "profile": "jy5-win", "width": 1080, "height": 1920, "fps": 25,
  "media": [
    {"id": "clip", "path": "media/clip.mp4", "kind": "video", "duration_us": 10000000,
     "width": 1080, "height": 1920},
    {"id": "song", "path": "media/song.mp3", "kind": "audio", "duration_us": 30000000},
    {"id": "still", "path": "media/still.png", "kind": "photo", "width": 800, "height": 600}
  ],
  "tracks": [
    {"type": "video", "name": "main", "segments": [
      {"media": "clip", "start_us": 0, "duration_us": 4000000, "source_start_us": 1000000},
      {"media": "still", "start_us": 4000000, "duration_us": 3000000}%1
    ]},
    {"type": "audio", "name": "music", "segments": [
      {"media": "song", "start_us": 0, "duration_us": 7000000, "volume": 0.5,
       "fade_in_us": 500000, "fade_out_us": 1000000}
    ]},
    {"type": "text", "name": "title", "segments": [
      {"text": "你好", "start_us": 0, "duration_us": 2000000}
    ]},
    {"type": "subtitles", "file": "subs.srt", "offset_us": 0}
  ]
})")
        .arg(extraSegment)
        .toUtf8();
}

} // namespace

class tst_CutPilotCli : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void buildSummaryLint();
    void planErrors_data();
    void planErrors();
    void lintFindsProblems();
    void catalogs();
    void usageErrors_data();
    void usageErrors();
    void probe();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path(const QString &relative) const { return m_dir->filePath(relative); }
};

void tst_CutPilotCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    writeFile(path(u"work/media/clip.mp4"_s), QByteArray(4096, 'v'));
    writeFile(path(u"work/media/song.mp3"_s), QByteArray(2048, 'a'));
    writeFile(path(u"work/media/still.png"_s), QByteArray(512, 'p'));
    writeFile(
        path(u"work/subs.srt"_s),
        "1\n00:00:01,000 --> 00:00:02,000\nfirst\n\n2\n00:00:03,000 --> 00:00:04,000\nsecond\n");
}

void tst_CutPilotCli::buildSummaryLint()
{
    writeFile(path(u"work/plan.json"_s), plan());
    const Run built = cli({u"build"_s, path(u"work/plan.json"_s), u"--store"_s, path(u"store"_s)});
    QVERIFY2(built.exitCode == 0, qPrintable(built.err));
    const QString folder = built.out.trimmed();
    QCOMPARE(folder, path(u"store/CLI Demo"_s));
    QVERIFY(QFile::exists(folder + u"/draft_content.json"_s));
    QVERIFY(QFile::exists(folder + u"/assets/video"_s)); // media staged
    QVERIFY(QFile::exists(path(u"store/root_meta_info.json"_s)));

    const Run summary = cli({u"summary"_s, folder, u"--json"_s});
    QCOMPARE(summary.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(summary.out.toUtf8()).object();
    QCOMPARE(json.value(u"width"_s).toInt(), 1080);
    QCOMPARE(json.value(u"fps"_s).toDouble(), 25.0);
    QCOMPARE(json.value(u"duration_us"_s).toInteger(), 7'000'000);
    QCOMPARE(json.value(u"tracks"_s).toArray().size(), 4); // video, audio, title, captions
    QCOMPARE(json.value(u"media"_s).toArray().size(), 3);
    const Run text = cli({u"summary"_s, folder});
    QVERIFY(text.out.startsWith(u"CLI Demo: 1080×1920 @ 25 fps, 7.000 s, 4 track(s)"_s));

    const Run lint = cli({u"lint"_s, folder});
    QCOMPARE(lint.exitCode, 0);
    QVERIFY(lint.out.contains(u"0 error(s)"_s));
}

void tst_CutPilotCli::planErrors_data()
{
    QTest::addColumn<QByteArray>("planJson");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("overlap") << plan(
        uR"(, {"media": "clip", "start_us": 6000000, "duration_us": 1000000})"_s)
                             << 1 << u"overlap"_s;
    QTest::newRow("not json") << QByteArray("{\"name\":") << 1 << u"plan.json"_s;
    QTest::newRow("no name") << QByteArray("{\"tracks\":[]}") << 1 << u"'name' is required"_s;
    QTest::newRow("unknown media")
        << QByteArray(R"({"name":"x","tracks":[{"type":"video","segments":[
        {"media":"nope","start_us":0,"duration_us":1}]}]})")
        << 1 << u"tracks[0].segments[0].media 'nope'"_s;
    QTest::newRow("missing duration")
        << QByteArray(R"({"name":"x","media":[{"id":"a","path":"media/clip.mp4"}]})") << 1
        << u"media[0].duration_us"_s;
    QTest::newRow("float time") << QByteArray(R"({"name":"x","tracks":[{"type":"text","segments":[
        {"text":"a","start_us":0.5,"duration_us":1}]}]})")
                                << 1 << u"start_us' must be an integer number of µs"_s;
    QTest::newRow("missing media file")
        << QByteArray(R"({"name":"x","media":[{"id":"a","path":"gone.mp4",
        "duration_us":5}],"tracks":[{"type":"video","segments":[{"media":"a","start_us":0,"duration_us":5}]}]})")
        << 3 << u"gone.mp4"_s;
}

void tst_CutPilotCli::planErrors()
{
    QFETCH(QByteArray, planJson);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    writeFile(path(u"work/plan.json"_s), planJson);
    const Run run = cli({u"build"_s, path(u"work/plan.json"_s), u"--store"_s, path(u"store"_s)});
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(!QFile::exists(path(u"store/x/draft_content.json"_s)));
}

void tst_CutPilotCli::lintFindsProblems()
{
    const QByteArray overlapping = R"({"materials":{"texts":[
        {"id":"t1","content":"{\"text\":\"a\",\"styles\":[]}"},
        {"id":"t2","content":"{\"text\":\"b\",\"styles\":[]}"}]},
      "tracks":[{"id":"T","type":"text","segments":[
        {"id":"s1","material_id":"t1","target_timerange":{"start":0,"duration":2000}},
        {"id":"s2","material_id":"t2","target_timerange":{"start":1000,"duration":2000}}]}]})";
    writeFile(path(u"bad/draft_content.json"_s), overlapping);
    const Run lint = cli({u"lint"_s, path(u"bad"_s)});
    QCOMPARE(lint.exitCode, 1);
    QVERIFY(lint.out.contains(u"error: segments s1 and s2 overlap"_s));
    QVERIFY(lint.out.contains(u"1 error(s)"_s));

    writeFile(path(u"enc/draft_info.json"_s), "U2FsdGVkX1+encryptedpayload==");
    const Run encrypted = cli({u"lint"_s, path(u"enc"_s)});
    QCOMPARE(encrypted.exitCode, 3);
    QVERIFY(encrypted.err.contains(u"encrypted"_s));

    const Run empty = cli({u"lint"_s, path(u"nothing-here"_s)});
    QCOMPARE(empty.exitCode, 3);
    QVERIFY(empty.err.contains(u"holds no draft_content.json"_s));
}

void tst_CutPilotCli::catalogs()
{
    writeFile(path(u"catalogs/mine.json"_s),
              R"({"format":"cutpilot-catalog","version":1,"namespace":"lv",
      "entries":[{"kind":"transition","name":"信号故障","resource_id":"7288149307197231676",
                  "effect_id":"7288149307197231676","vip":true,"default_duration_us":500000,"overlap":true},
                 {"kind":"filter","name":"Lofi II","resource_id":"7127655008715230495",
                  "effect_id":"7127655008715230495"}]})");
    const Run list = cli({u"catalogs"_s, path(u"catalogs"_s), u"--kind"_s, u"transition"_s});
    QVERIFY2(list.exitCode == 0, qPrintable(list.err));
    QCOMPARE(list.out.trimmed(), u"transition\t信号故障\t7288149307197231676\tVIP"_s);
    const Run json = cli(
        {u"catalogs"_s, path(u"catalogs/mine.json"_s), u"--json"_s, u"--search"_s, u"lofi"_s});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray entries = QJsonDocument::fromJson(json.out.toUtf8()).array();
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.at(0).toObject().value(u"resource_id"_s).toString(), u"7127655008715230495"_s);
    QCOMPARE(cli({u"catalogs"_s, path(u"catalogs"_s), u"--namespace"_s, u"xx"_s}).exitCode, 2);
    QCOMPARE(cli({u"catalogs"_s, path(u"missing.json"_s)}).exitCode, 3);
}

void tst_CutPilotCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("nothing") << QStringList{} << u"no command given"_s;
    QTest::newRow("unknown") << QStringList{u"frobnicate"_s} << u"unknown command 'frobnicate'"_s;
    QTest::newRow("build without store") << QStringList{u"build"_s, u"plan.json"_s} << u"--store"_s;
    QTest::newRow("lint two folders")
        << QStringList{u"lint"_s, u"a"_s, u"b"_s} << u"one DRAFT_FOLDER"_s;
    QTest::newRow("bad option") << QStringList{u"--bogus"_s} << u"bogus"_s;
}

void tst_CutPilotCli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run run = cli(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void tst_CutPilotCli::probe()
{
    if (QStandardPaths::findExecutable(u"ffmpeg"_s).isEmpty())
        QFAIL("the ffmpeg command is needed to generate test media");
    const QString video = path(u"v.mp4"_s);
    QProcess ffmpeg;
    ffmpeg.start(u"ffmpeg"_s,
                 {u"-y"_s, u"-loglevel"_s, u"error"_s, u"-f"_s, u"lavfi"_s, u"-i"_s,
                  u"testsrc=duration=1:size=176x144:rate=25"_s, u"-c:v"_s, u"libx264"_s, video});
    QVERIFY(ffmpeg.waitForFinished(30000) && ffmpeg.exitCode() == 0);
    writeFile(path(u"bad.mp4"_s), "not a video");

    Run ok = cli({u"probe"_s, video});
    QCOMPARE(ok.exitCode, 0);
    const QJsonObject facts = QJsonDocument::fromJson(ok.out.toUtf8()).object();
    QCOMPARE(facts.value(u"duration_us"_s).toInteger(), 1000000);
    QCOMPARE(facts.value(u"video"_s).toObject().value(u"width"_s).toInt(), 176);
    QCOMPARE(facts.value(u"path"_s).toString(), QFileInfo(video).absoluteFilePath());

    // One line per file, in order; a bad file gives its error object and exit code 3.
    Run mixed = cli({u"probe"_s, path(u"bad.mp4"_s), video, path(u"missing.mp4"_s)});
    QCOMPARE(mixed.exitCode, 3);
    const QStringList lines = mixed.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    const QJsonObject bad = QJsonDocument::fromJson(lines.at(0).toUtf8()).object();
    QCOMPARE(bad.value(u"error"_s).toObject().value(u"name"_s).toString(), u"MediaUnsupported"_s);
    QVERIFY(bad.value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"bad.mp4"_s));
    QVERIFY(QJsonDocument::fromJson(lines.at(1).toUtf8()).object().contains(u"video"_s));
    QCOMPARE(QJsonDocument::fromJson(lines.at(2).toUtf8())
                 .object()
                 .value(u"error"_s)
                 .toObject()
                 .value(u"name"_s)
                 .toString(),
             u"MediaUnreadable"_s);
    QVERIFY(mixed.err.contains(u"2 of 3"_s));
    QCOMPARE(cli({u"probe"_s}).exitCode, 2);
}

QTEST_GUILESS_MAIN(tst_CutPilotCli)
#include "tst_cutpilotcli.moc"
