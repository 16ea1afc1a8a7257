#include "core/media/mediacache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFuture>
#include <QMutex>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

QByteArray sha256Hex(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

QString hex(const QByteArray &bytes)
{
    return QString::fromLatin1(sha256Hex(bytes));
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// n bytes that differ per seed.
QByteArray content(int seed, qsizetype n)
{
    QList<quint32> words((n + 3) / 4);
    QRandomGenerator(quint32(seed) + 1).fillRange(words.data(), words.size());
    return QByteArray(reinterpret_cast<const char *>(words.constData()), n);
}

template<typename T>
QByteArray errorText(const Result<T> &result)
{
    return result ? QByteArray() : result.error().toString().toUtf8();
}

#define VERIFY_OK(result) QVERIFY2(bool(result), errorText(result).constData())

/// Bytes of the files under root/objects and root/derived: what totalBytes() must match.
qint64 bytesOnDisk(const QString &root)
{
    qint64 total = 0;
    for (const QString &dir : {u"/objects"_s, u"/derived"_s}) {
        QDirIterator it(root + dir, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            total += QFileInfo(it.next()).size();
    }
    return total;
}

// Qt Sql warnings ("connection still in use", "does not belong to the calling thread", duplicate
// connection names) mean the per-thread connection handling is broken: every test fails on them.
QMutex s_messagesMutex;
QStringList s_sqlMessages;
QtMessageHandler s_previousHandler = nullptr;

void recordSqlMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const bool fromSql
        = QByteArrayView(context.category ? context.category : "").startsWith("qt.sql")
          || message.contains(u"QSql"_s);
    if (fromSql && type != QtDebugMsg) {
        QMutexLocker lock(&s_messagesMutex);
        s_sqlMessages.append(message);
    }
    if (s_previousHandler)
        s_previousHandler(type, context, message);
}

} // namespace

class tst_MediaCache : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    void notOpen();
    void addAndDedupe();
    void moveConsumesSource();
    void objectPathContent();
    void evictionOrder();
    void sizeBoundAfterEveryAdd();
    void tooBigIsRefused();
    void setMaxBytesShrinkEvicts();
    void removeAndPins();
    void restartKeepsEverything();
    void corruptIndexRecovers_data();
    void corruptIndexRecovers();
    void missingObjectFileDropsRow();
    void strayFilesAreCleanedUp();
    void newerSchemaIsRefused();
    void derivedPutGetEvict();
    void referenceFingerprint();
    void probesAreCached();
    void concurrentUse_data();
    void concurrentUse();

private:
    QString makeFile(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_sources.filePath(name);
        return writeFile(path, bytes) ? path : QString();
    }
    QTemporaryDir m_sources;
};

void tst_MediaCache::initTestCase()
{
    QVERIFY(m_sources.isValid());
    s_previousHandler = qInstallMessageHandler(recordSqlMessages);
}

void tst_MediaCache::cleanup()
{
    QMutexLocker lock(&s_messagesMutex);
    const QStringList messages = std::exchange(s_sqlMessages, {});
    QVERIFY2(messages.isEmpty(), qPrintable(messages.join(u'\n')));
}

void tst_MediaCache::notOpen()
{
    QTemporaryDir tmp;
    MediaCache cache(tmp.filePath(u"cache"_s));
    const auto added = cache.addFile(makeFile(u"a"_s, "a"), MediaCache::AddMode::Copy);
    QVERIFY(!added);
    QCOMPARE(added.error().code(), ErrorCode::Unavailable);
    QVERIFY(!cache.object(hex("a")));
    QVERIFY(!cache.putDerived(u"k"_s, u"thumb"_s, {}, "x"));

    VERIFY_OK(cache.open());
    const auto again = cache.open();
    QVERIFY(!again);
    QCOMPARE(again.error().code(), ErrorCode::Conflict);
}

void tst_MediaCache::addAndDedupe()
{
    QTemporaryDir tmp;
    MediaCache cache(tmp.filePath(u"cache"_s));
    const auto report = cache.open();
    VERIFY_OK(report);
    QCOMPARE(report->objects, 0);
    QVERIFY(QFileInfo::exists(tmp.filePath(u"cache/index.sqlite"_s)));

    const QByteArray bytes = content(1, 5000);
    const QString first = makeFile(u"first.mp4"_s, bytes);
    const auto added = cache.addFile(first, MediaCache::AddMode::Copy, {}, u"https://x/a"_s);
    VERIFY_OK(added);
    QCOMPARE(added->sha256, hex(bytes));
    QCOMPARE(added->size, 5000);
    QCOMPARE(added->sourceUrl, u"https://x/a"_s);
    QVERIFY(QFileInfo::exists(first)); // Copy leaves the source alone

    const auto again
        = cache.addFile(makeFile(u"second.mp4"_s, bytes), MediaCache::AddMode::Copy, u"b.mp4"_s);
    VERIFY_OK(again);
    QCOMPARE(again->sha256, added->sha256);
    QCOMPARE(again->originalName, u"b.mp4"_s); // empty metadata is filled in
    QCOMPARE(again->sourceUrl, u"https://x/a"_s);
    QCOMPARE(cache.totalBytes(), 5000);
    QCOMPARE(bytesOnDisk(cache.root()), 5000);
    QVERIFY(QDir(cache.root() + u"/tmp"_s).isEmpty());

    const auto other
        = cache.addFile(makeFile(u"other"_s, content(2, 100)), MediaCache::AddMode::Copy);
    VERIFY_OK(other);
    QVERIFY(other->sha256 != added->sha256);
    QCOMPARE(cache.totalBytes(), 5100);
    QVERIFY(cache.contains(added->sha256));
    QVERIFY(!cache.contains(hex("never added")));
    QVERIFY(!cache.contains(u"not a hash"_s));
}

void tst_MediaCache::moveConsumesSource()
{
    QTemporaryDir tmp;
    MediaCache cache(tmp.filePath(u"cache"_s));
    VERIFY_OK(cache.open());
    const QByteArray bytes = content(3, 1000);
    const QString source = makeFile(u"move-me"_s, bytes);
    const auto moved = cache.addFile(source, MediaCache::AddMode::Move, u"move-me"_s);
    VERIFY_OK(moved);
    QVERIFY(!QFileInfo::exists(source));
    QCOMPARE(readFile(moved->path), bytes);

    // Moving in content that is already stored consumes the source too, and keeps one copy.
    const QString duplicate = makeFile(u"duplicate"_s, bytes);
    VERIFY_OK(cache.addFile(duplicate, MediaCache::AddMode::Move));
    QVERIFY(!QFileInfo::exists(duplicate));
    QCOMPARE(cache.totalBytes(), 1000);

    // A refused move leaves the source where it was.
    cache.setMaxBytes(2000);
    cache.pin(moved->sha256);
    const QString refused = makeFile(u"refused"_s, content(4, 1500));
    const auto full = cache.addFile(refused, MediaCache::AddMode::Move);
    QVERIFY(!full);
    QCOMPARE(full.error().code(), ErrorCode::DiskFull);
    QCOMPARE(full.error().details().value(u"pinnedBytes"_s).toLongLong(), 1000);
    QCOMPARE(readFile(refused), content(4, 1500));

    const auto missing = cache.addFile(m_sources.filePath(u"nope"_s), MediaCache::AddMode::Move);
    QVERIFY(!missing);
    QCOMPARE(missing.error().code(), ErrorCode::NotFound);
    const auto inside = cache.addFile(moved->path, MediaCache::AddMode::Copy);
    QVERIFY(!inside);
    QCOMPARE(inside.error().code(), ErrorCode::InvalidArgument);
}

void tst_MediaCache::objectPathContent()
{
    QTemporaryDir tmp;
    MediaCache cache(tmp.filePath(u"cache"_s));
    VERIFY_OK(cache.open());
    const QByteArray bytes = content(5, 3 * 1024 * 1024 + 17);
    const auto added = cache.addFile(makeFile(u"big"_s, bytes), MediaCache::AddMode::Copy);
    VERIFY_OK(added);
    const QString expected = QDir(tmp.filePath(u"cache"_s)).absolutePath() + u"/objects/"_s
                             + added->sha256.left(2) + u'/' + added->sha256;
    QCOMPARE(added->path, expected);
    QCOMPARE(cache.objectPath(added->sha256), expected);
    QCOMPARE(readFile(expected), bytes);
    const auto found = cache.object(added->sha256);
    QVERIFY(found);
    QCOMPARE(found->path, expected);
    QCOMPARE(found->size, bytes.size());
    QVERIFY(cache.objectPath(u"../../etc/passwd"_s).isEmpty());
}

void tst_MediaCache::evictionOrder()
{
    QTemporaryDir tmp;
    MediaCache cache(tmp.filePath(u"cache"_s), {.maxBytes = 1000});
    VERIFY_OK(cache.open());
    QStringList sha;
    for (int i = 0; i < 3; ++i) { // A B C
        const auto added = cache.addFile(makeFile(u"e%1"_s.arg(i), content(10 + i, 300)),
                                         MediaCache::AddMode::Copy);
        VERIFY_OK(added);
        sha << added->sha256;
    }
    QCOMPARE(cache.totalBytes(), 900);

    QVERIFY(cache.object(sha[0])); // touch A: B is now the least recently used
    const auto d = cache.addFile(makeFile(u"e3"_s, content(13, 300)), MediaCache::AddMode::Copy);
    VERIFY_OK(d);
    QVERIFY(cache.contains(sha[0]));
    QVERIFY(!cache.contains(sha[1]));
    QVERIFY(!QFileInfo::exists(cache.objectPath(sha[1])));
    QVERIFY(cache.contains(sha[2]));
    QCOMPARE(cache.totalBytes(), 900);

    // C is the oldest now, but pinned: A goes.
    cache.pin(sha[2]);
    const auto e = cache.addFile(makeFile(u"e4"_s, content(14, 300)), MediaCache::AddMode::Copy);
    VERIFY_OK(e);
    QVERIFY(cache.contains(sha[2]));
    QVERIFY(!cache.contains(sha[0]));
    QVERIFY(cache.contains(d->sha256));
    QVERIFY(cache.totalBytes() <= 1000);
    QCOMPARE(cache.totalBytes(), bytesOnDisk(cache.root()));

    // Re-adding stored content counts as a use.
    VERIFY_OK(cache.addFile(makeFile(u"e3-again"_s, content(13, 300)), MediaCache::AddMode::Copy));
    VERIFY_OK(cache.addFile(makeFile(u"e5"_s, content(15, 300)), MediaCache::AddMode::Copy));
    QVERIFY(cache.contains(d->sha256));
    QVERIFY(!cache.contains(e->sha256));
    QVERIFY(cache.contains(sha[2]));
}

void tst_MediaCache::sizeBoundAfterEveryAdd()
{
    QTemporaryDir tmp;
    MediaCache cache(tmp.filePath(u"cache"_s), {.maxBytes = 4000});
    VERIFY_OK(cache.open());
    QRandomGenerator sizes(42);
    for (int i = 0; i < 25; ++i) {
        const auto added
            = cache.addFile(makeFile(u"s%1"_s.arg(i), content(100 + i, sizes.bounded(1, 1500))),
                            MediaCache::AddMode::Copy);
        VERIFY_OK(added);
        if (i % 3 == 0)
            VERIFY_OK(cache.putDerived(added->sha256, u"thumb"_s, u"h=120"_s, content(i, 200)));
        QVERIFY2(cache.totalBytes() <= 4000, qPrintable(QString::number(cache.totalBytes())));
        QCOMPARE(cache.totalBytes(), bytesOnDisk(cache.root()));
        QVERIFY(cache.contains(added->sha256)); // the newest entry is never the victim
    }
}

void tst_MediaCache::tooBigIsRefused()
{
    QTemporaryDir tmp;
    MediaCache cache(tmp.filePath(u"cache"_s), {.maxBytes = 1000});
    VERIFY_OK(cache.open());
    const auto big = cache.addFile(makeFile(u"big"_s, content(1, 1001)), MediaCache::AddMode::Copy);
    QVERIFY(!big);
    QCOMPARE(big.error().code(), ErrorCode::DiskFull);
    QCOMPARE(big.error().field(), u"size"_s);
    QCOMPARE(big.error().details().value(u"maxBytes"_s).toLongLong(), 1000);
    const auto derived = cache.putDerived(u"k"_s, u"filmstrip"_s, {}, content(1, 1001));
    QVERIFY(!derived);
    QCOMPARE(derived.error().code(), ErrorCode::DiskFull);
    QCOMPARE(cache.totalBytes(), 0);
    QCOMPARE(bytesOnDisk(cache.root()), 0);
    VERIFY_OK(cache.addFile(makeFile(u"fits"_s, content(1, 1000)), MediaCache::AddMode::Copy));
}

void tst_MediaCache::setMaxBytesShrinkEvicts()
{
    QTemporaryDir tmp;
    MediaCache cache(tmp.filePath(u"cache"_s), {.maxBytes = 10'000});
    VERIFY_OK(cache.open());
    QStringList sha;
    for (int i = 0; i < 5; ++i) {
        const auto added = cache.addFile(makeFile(u"m%1"_s.arg(i), content(20 + i, 1000)),
                                         MediaCache::AddMode::Copy);
        VERIFY_OK(added);
        sha << added->sha256;
    }
    cache.pin(sha[0]);
    cache.setMaxBytes(2500);
    QCOMPARE(cache.maxBytes(), 2500);
    QCOMPARE(cache.totalBytes(), 2000);
    QVERIFY(cache.contains(sha[0])); // pinned
    QVERIFY(!cache.contains(sha[1]) && !cache.contains(sha[2]) && !cache.contains(sha[3]));
    QVERIFY(cache.contains(sha[4]));

    // Below the pinned bytes the bound cannot hold until the pin goes.
    cache.setMaxBytes(500);
    QCOMPARE(cache.totalBytes(), 1000);
    cache.unpin(sha[0]);
    cache.setMaxBytes(500);
    QCOMPARE(cache.totalBytes(), 0);
    QCOMPARE(bytesOnDisk(cache.root()), 0);
}

void tst_MediaCache::removeAndPins()
{
    QTemporaryDir tmp;
    MediaCache cache(tmp.filePath(u"cache"_s));
    VERIFY_OK(cache.open());
    const auto added = cache.addFile(makeFile(u"r"_s, content(30, 100)), MediaCache::AddMode::Copy);
    VERIFY_OK(added);
    cache.pin(added->sha256);
    cache.pin(added->sha256);
    cache.unpin(added->sha256);
    QVERIFY(cache.isPinned(added->sha256));
    const auto locked = cache.remove(added->sha256);
    QVERIFY(!locked);
    QCOMPARE(locked.error().code(), ErrorCode::Locked);
    cache.unpin(added->sha256);
    QVERIFY(!cache.isPinned(added->sha256));
    VERIFY_OK(cache.remove(added->sha256));
    QVERIFY(!QFileInfo::exists(added->path));
    QCOMPARE(cache.totalBytes(), 0);
    const auto gone = cache.remove(added->sha256);
    QVERIFY(!gone);
    QCOMPARE(gone.error().code(), ErrorCode::NotFound);
}

void tst_MediaCache::restartKeepsEverything()
{
    QTemporaryDir tmp;
    const QString root = tmp.filePath(u"cache"_s);
    QStringList sha;
    qint64 total = 0;
    {
        MediaCache cache(root, {.maxBytes = 100'000});
        VERIFY_OK(cache.open());
        for (int i = 0; i < 4; ++i) {
            const auto added = cache.addFile(makeFile(u"k%1"_s.arg(i), content(40 + i, 1000)),
                                             MediaCache::AddMode::Copy, u"k%1.mp4"_s.arg(i));
            VERIFY_OK(added);
            sha << added->sha256;
        }
        VERIFY_OK(cache.putDerived(sha[0], u"thumb"_s, u"t=0"_s, "thumbnail"));
        VERIFY_OK(cache.putProbe(sha[0], QJsonObject{{u"duration_us"_s, 5}}));
        QVERIFY(cache.object(sha[0])); // touches stay in memory (batched) until the destructor
        QVERIFY(cache.object(sha[1]));
        total = cache.totalBytes();
    }
    MediaCache cache(root, {.maxBytes = 100'000});
    const auto report = cache.open();
    VERIFY_OK(report);
    QCOMPARE(report->objects, 4);
    QCOMPARE(report->derived, 1);
    QCOMPARE(report->droppedRows + report->reindexed + report->removedFiles, 0);
    QVERIFY(!report->indexRecovered);
    QCOMPARE(cache.totalBytes(), total);
    const auto first = cache.object(sha[0]);
    QVERIFY(first);
    QCOMPARE(first->originalName, u"k0.mp4"_s);
    QCOMPARE(cache.derived(sha[0], u"thumb"_s, u"t=0"_s), QByteArray("thumbnail"));
    QCOMPARE(cache.probe(sha[0])->value(u"duration_us"_s).toInt(), 5);

    // LRU order before the restart: k2, k3, thumb, k0, k1; then k0 and the thumb were used again.
    cache.setMaxBytes(total - 1500);
    QVERIFY(!cache.contains(sha[2]) && !cache.contains(sha[3]));
    QVERIFY(cache.contains(sha[0]) && cache.contains(sha[1]));
    QVERIFY(cache.derived(sha[0], u"thumb"_s, u"t=0"_s));
}

void tst_MediaCache::corruptIndexRecovers_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("garbage") << u"garbage"_s;
    QTest::newRow("truncated") << u"truncated"_s;
    QTest::newRow("zeroed pages") << u"zeroed"_s;
}

void tst_MediaCache::corruptIndexRecovers()
{
    QFETCH(QString, damage);
    QTemporaryDir tmp;
    const QString root = tmp.filePath(u"cache"_s);
    QList<QByteArray> contents;
    QStringList sha;
    {
        MediaCache cache(root);
        VERIFY_OK(cache.open());
        for (int i = 0; i < 12; ++i) { // a few pages: one per table and index
            contents << content(50 + i, 700 + i);
            const auto added = cache.addFile(makeFile(u"c%1"_s.arg(i), contents.last()),
                                             MediaCache::AddMode::Copy, u"name %1"_s.arg(i));
            VERIFY_OK(added);
            sha << added->sha256;
            VERIFY_OK(cache.putProbe(added->sha256, QJsonObject{{u"i"_s, i}}));
        }
        VERIFY_OK(cache.putDerived(sha[0], u"thumb"_s, {}, "t"));
    }
    const QString index = root + u"/index.sqlite"_s;
    QFile file(index);
    const qint64 size = file.size();
    QVERIFY(size > 4096);
    QVERIFY(file.open(QIODevice::ReadWrite));
    if (damage == u"garbage"_s) {
        QVERIFY(file.resize(0));
        file.write(content(99, 20'000));
    } else if (damage == u"truncated"_s) {
        QVERIFY(file.resize(1500));
    } else {
        QVERIFY(file.seek(4096)); // keep the header, wipe everything after it
        file.write(QByteArray(size - 4096, '\xff'));
    }
    file.close();

    MediaCache cache(root);
    const auto report = cache.open();
    VERIFY_OK(report);
    QVERIFY(report->indexRecovered);
    QVERIFY(QFileInfo::exists(report->corruptIndexBackup));
    QVERIFY(report->corruptIndexBackup.startsWith(index + u".corrupt-"_s));
    QCOMPARE(report->reindexed, 12);
    QCOMPARE(report->objects, 12);
    QCOMPARE(report->derived, 0);
    QCOMPARE(report->removedFiles, 1); // the derived file has no row any more
    for (int i = 0; i < 12; ++i) {
        const auto found = cache.object(sha[i]);
        QVERIFY(found);
        QCOMPARE(readFile(found->path), contents[i]);
    }
    QCOMPARE(cache.totalBytes(), bytesOnDisk(root));

    // The rebuilt index is a working one.
    VERIFY_OK(cache.addFile(makeFile(u"after"_s, "after"), MediaCache::AddMode::Copy));
    VERIFY_OK(cache.putDerived(sha[1], u"thumb"_s, {}, "t"));
}

void tst_MediaCache::missingObjectFileDropsRow()
{
    QTemporaryDir tmp;
    const QString root = tmp.filePath(u"cache"_s);
    QString a, b;
    {
        MediaCache cache(root);
        VERIFY_OK(cache.open());
        a = cache.addFile(makeFile(u"a"_s, content(60, 400)), MediaCache::AddMode::Copy)->sha256;
        b = cache.addFile(makeFile(u"b"_s, content(61, 500)), MediaCache::AddMode::Copy)->sha256;
        const auto c = cache.addFile(makeFile(u"c"_s, content(62, 600)), MediaCache::AddMode::Copy);
        VERIFY_OK(c);
        QVERIFY(QFile::remove(cache.objectPath(a)));
        QVERIFY(writeFile(c->path, "shorter")); // size differs from the row
    }
    MediaCache cache(root);
    const auto report = cache.open();
    VERIFY_OK(report);
    QCOMPARE(report->droppedRows, 2);
    QCOMPARE(report->objects, 1);
    QCOMPARE(report->removedFiles, 1); // c's file: its content is not what its name says
    QVERIFY(!cache.contains(a));
    QVERIFY(cache.contains(b));
    QCOMPARE(readFile(cache.objectPath(b)), content(61, 500));
    QCOMPARE(cache.totalBytes(), 500);

    // A file deleted while running is noticed when it is asked for.
    QVERIFY(QFile::remove(cache.objectPath(b)));
    QVERIFY(!cache.object(b));
    QCOMPARE(cache.totalBytes(), 0);
}

void tst_MediaCache::strayFilesAreCleanedUp()
{
    QTemporaryDir tmp;
    const QString root = tmp.filePath(u"cache"_s);
    {
        MediaCache cache(root);
        VERIFY_OK(cache.open());
    }
    const QByteArray orphan = content(70, 321);
    const QString orphanSha = hex(orphan);
    QVERIFY(writeFile(root + u"/objects/"_s + orphanSha.left(2) + u'/' + orphanSha, orphan));
    const QString lying = hex("something else");
    QVERIFY(writeFile(root + u"/objects/"_s + lying.left(2) + u'/' + lying, "not that"));
    QVERIFY(writeFile(root + u"/objects/ab/abcdef.part"_s, "partial"));
    QVERIFY(writeFile(root + u"/tmp/123.part"_s, "partial"));
    QVERIFY(writeFile(root + u"/derived/12/1234-5678"_s, "orphaned thumbnail"));

    MediaCache cache(root);
    const auto report = cache.open();
    VERIFY_OK(report);
    QCOMPARE(report->reindexed, 1);
    QCOMPARE(report->removedFiles, 4);
    QVERIFY(!report->indexRecovered);
    QCOMPARE(readFile(cache.object(orphanSha)->path), orphan);
    QVERIFY(!cache.contains(lying));
    QVERIFY(!QFileInfo::exists(root + u"/objects/ab/abcdef.part"_s));
    QVERIFY(QDir(root + u"/tmp"_s).isEmpty());
    QCOMPARE(cache.totalBytes(), 321);
    QCOMPARE(bytesOnDisk(root), 321);
}

void tst_MediaCache::newerSchemaIsRefused()
{
    QTemporaryDir tmp;
    const QString root = tmp.filePath(u"cache"_s);
    {
        MediaCache cache(root);
        VERIFY_OK(cache.open());
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tst-schema"_s);
        db.setDatabaseName(root + u"/index.sqlite"_s);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"PRAGMA user_version = %1"_s.arg(MediaCache::SchemaVersion + 1)));
    }
    QSqlDatabase::removeDatabase(u"tst-schema"_s);

    MediaCache cache(root);
    const auto report = cache.open();
    QVERIFY(!report);
    QCOMPARE(report.error().code(), ErrorCode::DatabaseError);
    QVERIFY(QFileInfo::exists(root + u"/index.sqlite"_s)); // left alone for the newer CutPilot
}

void tst_MediaCache::derivedPutGetEvict()
{
    QTemporaryDir tmp;
    MediaCache cache(tmp.filePath(u"cache"_s), {.maxBytes = 1000});
    VERIFY_OK(cache.open());
    const QString key = hex("video");
    QVERIFY(!cache.derived(key, u"thumb"_s, u"t=0;h=120"_s));
    VERIFY_OK(cache.putDerived(key, u"thumb"_s, u"t=0;h=120"_s, content(1, 200)));
    VERIFY_OK(cache.putDerived(key, u"thumb"_s, u"t=1000000;h=120"_s, content(2, 200)));
    QCOMPARE(cache.derived(key, u"thumb"_s, u"t=0;h=120"_s), content(1, 200));
    QCOMPARE(cache.derived(key, u"thumb"_s, u"t=1000000;h=120"_s), content(2, 200));
    QVERIFY(!cache.derived(key, u"peaks"_s, u"t=0;h=120"_s));
    QCOMPARE(cache.totalBytes(), 400);

    // Replacing keeps one file per key.
    VERIFY_OK(cache.putDerived(key, u"thumb"_s, u"t=0;h=120"_s, content(3, 300)));
    QCOMPARE(cache.derived(key, u"thumb"_s, u"t=0;h=120"_s), content(3, 300));
    QCOMPARE(cache.totalBytes(), 500);
    QCOMPARE(bytesOnDisk(cache.root()), 500);

    // Objects and derived artefacts share one LRU order: t=1000000 is the oldest now.
    const auto object = cache.addFile(makeFile(u"d"_s, content(4, 400)), MediaCache::AddMode::Copy);
    VERIFY_OK(object);
    QCOMPARE(cache.totalBytes(), 900);
    VERIFY_OK(cache.putDerived(key, u"peaks"_s, {}, content(5, 250)));
    QVERIFY(!cache.derived(key, u"thumb"_s, u"t=1000000;h=120"_s));
    QVERIFY(cache.derived(key, u"thumb"_s, u"t=0;h=120"_s));
    QVERIFY(cache.contains(object->sha256));
    QCOMPARE(cache.totalBytes(), 950);
    QCOMPARE(bytesOnDisk(cache.root()), 950);

    const auto missingKey = cache.putDerived({}, u"thumb"_s, {}, "x");
    QVERIFY(!missingKey);
    QCOMPARE(missingKey.error().code(), ErrorCode::MissingField);
}

void tst_MediaCache::referenceFingerprint()
{
    QTemporaryDir tmp;
    MediaCache cache(tmp.filePath(u"cache"_s));
    VERIFY_OK(cache.open());

    const QByteArray bytes = content(80, 10'000);
    const QString path = makeFile(u"local.mov"_s, bytes);
    const auto ref = cache.reference(path);
    VERIFY_OK(ref);
    QCOMPARE(ref->path, QFileInfo(path).canonicalFilePath());
    QCOMPARE(ref->size, 10'000);
    QCOMPARE(ref->fingerprint.size(), 64);
    QVERIFY(!ref->probe);
    QCOMPARE(cache.totalBytes(), 0); // referenced, not copied
    QVERIFY(QDir(cache.root() + u"/objects"_s).isEmpty());

    // Same content elsewhere: same fingerprint. Asking again: remembered.
    QCOMPARE(cache.reference(makeFile(u"copy.mov"_s, bytes))->fingerprint, ref->fingerprint);
    QCOMPARE(cache.reference(path)->fingerprint, ref->fingerprint);

    // Same size, other content, other mtime: a new fingerprint.
    QByteArray changed = bytes;
    changed[5000] = char(changed[5000] ^ 0x55);
    QVERIFY(writeFile(path, changed));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(ref->modified.addSecs(10), QFileDevice::FileModificationTime));
    file.close();
    const auto after = cache.reference(path);
    VERIFY_OK(after);
    QVERIFY(after->fingerprint != ref->fingerprint);

    // Large files are sampled: the size, the first and the last MiB.
    QByteArray large = content(81, 3 * 1024 * 1024);
    const auto largeRef = cache.reference(makeFile(u"large"_s, large));
    large[large.size() - 1] = char(large.back() ^ 1);
    const auto tailChanged = cache.reference(makeFile(u"large-tail"_s, large));
    large.append('x');
    const auto sizeChanged = cache.reference(makeFile(u"large-size"_s, large));
    VERIFY_OK(largeRef);
    VERIFY_OK(tailChanged);
    VERIFY_OK(sizeChanged);
    QVERIFY(largeRef->fingerprint != tailChanged->fingerprint);
    QVERIFY(sizeChanged->fingerprint != tailChanged->fingerprint);

    const auto missing = cache.reference(m_sources.filePath(u"missing"_s));
    QVERIFY(!missing);
    QCOMPARE(missing.error().code(), ErrorCode::NotFound);
}

void tst_MediaCache::probesAreCached()
{
    QTemporaryDir tmp;
    const QString root = tmp.filePath(u"cache"_s);
    const QString path = makeFile(u"probed.mp4"_s, content(90, 2000));
    const QJsonObject facts{{u"kind"_s, u"video"_s}, {u"duration_us"_s, 1'000'000}};
    QString fingerprint;
    {
        MediaCache cache(root, {.maxBytes = 10});
        VERIFY_OK(cache.open());
        const auto ref = cache.reference(path);
        VERIFY_OK(ref);
        fingerprint = ref->fingerprint;
        QVERIFY(!cache.probe(fingerprint));
        VERIFY_OK(cache.putProbe(fingerprint, facts));
        VERIFY_OK(cache.putProbe(u"unrelated-key"_s, facts));
        QCOMPARE(cache.probe(fingerprint), facts);
        QCOMPARE(cache.reference(path)->probe, facts);
        QCOMPARE(cache.totalBytes(), 0); // probes do not count
    }
    MediaCache cache(root, {.maxBytes = 10});
    VERIFY_OK(cache.open());
    QCOMPARE(cache.probe(fingerprint), facts);
    QCOMPARE(cache.reference(path)->probe, facts);
    QVERIFY(!cache.probe(u"unrelated-key"_s)); // neither an object nor a referenced file
}

void tst_MediaCache::concurrentUse_data()
{
    QTest::addColumn<bool>("poolEndsFirst");
    QTest::newRow("cache destroyed while the threads live") << false;
    QTest::newRow("threads end before the cache") << true;
}

void tst_MediaCache::concurrentUse()
{
    QFETCH(bool, poolEndsFirst);
    constexpr int Threads = 4;
    constexpr int Rounds = 12;
    constexpr qint64 MaxBytes = 20 * 1024;
    QTemporaryDir tmp;
    const QString root = tmp.filePath(u"cache"_s);

    // Sources written up front; threads share some content so that adds deduplicate.
    QList<QStringList> sources(Threads);
    for (int t = 0; t < Threads; ++t) {
        for (int i = 0; i < Rounds; ++i) {
            const int seed = (i % 5 == 0) ? 1000 + i : 2000 + t * 100 + i;
            sources[t] << makeFile(u"t%1-%2"_s.arg(t).arg(i), content(seed, 1024 + 37 * i));
        }
    }

    auto pool = std::make_unique<QThreadPool>();
    pool->setMaxThreadCount(Threads);
    {
        MediaCache cache(root, {.maxBytes = MaxBytes});
        VERIFY_OK(cache.open());
        QMutex errorsMutex;
        QStringList errors;
        const auto fail = [&](const QString &what) {
            QMutexLocker lock(&errorsMutex);
            errors << what;
        };
        QList<QFuture<void>> futures;
        for (int t = 0; t < Threads; ++t) {
            futures << QtConcurrent::run(pool.get(), [&, t] {
                for (int i = 0; i < Rounds; ++i) {
                    const QString source = sources[t][i];
                    const QByteArray bytes = readFile(source);
                    const QString sha = hex(bytes);
                    cache.pin(sha); // pinned before it exists: cannot be evicted while checked
                    const auto added = cache.addFile(source, MediaCache::AddMode::Copy);
                    if (!added || added->sha256 != sha || readFile(added->path) != bytes)
                        fail(u"add %1/%2: %3"_s.arg(t).arg(i).arg(
                            QString::fromUtf8(errorText(added))));
                    const QByteArray thumb = content(t * 1000 + i, 300);
                    if (!cache.putDerived(sha, u"thumb"_s, u"t=%1"_s.arg(t), thumb))
                        fail(u"putDerived %1/%2"_s.arg(t).arg(i));
                    if (const auto got = cache.derived(sha, u"thumb"_s, u"t=%1"_s.arg(t));
                        got && got->size() != 300) {
                        fail(u"derived size %1/%2"_s.arg(t).arg(i));
                    }
                    if (!cache.object(sha))
                        fail(u"object %1/%2"_s.arg(t).arg(i));
                    cache.unpin(sha);
                    if (!cache.reference(source))
                        fail(u"reference %1/%2"_s.arg(t).arg(i));
                    if (cache.totalBytes() > MaxBytes)
                        fail(u"over the bound: %1"_s.arg(cache.totalBytes()));
                }
            });
        }
        for (QFuture<void> &future : futures)
            future.waitForFinished();
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QVERIFY(cache.totalBytes() <= MaxBytes);
        QCOMPARE(cache.totalBytes(), bytesOnDisk(root));
        if (poolEndsFirst)
            pool.reset(); // QThread::finished closes each thread's connection on that thread
    }
    pool.reset();

    // Index and files agree: nothing to repair on the next start.
    MediaCache cache(root, {.maxBytes = MaxBytes});
    const auto report = cache.open();
    VERIFY_OK(report);
    QCOMPARE(report->droppedRows, 0);
    QCOMPARE(report->reindexed, 0);
    QCOMPARE(report->removedFiles, 0);
    QCOMPARE(cache.totalBytes(), bytesOnDisk(root));
}

QTEST_GUILESS_MAIN(tst_MediaCache)

#include "tst_mediacache.moc"
