// MediaCache::addFile's crash safety and pinning: a moved-in file is never the victim of a crash
// (open() re-indexes it), and an object added pinned cannot be evicted before its caller has it.

#include "core/media/mediacache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

namespace {

QString hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
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

} // namespace

class tst_MediaCacheAdd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_sources.isValid()); }
    void interruptedMoveIsReindexed();
    void addPinned();

private:
    QString makeFile(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_sources.filePath(name);
        return writeFile(path, bytes) ? path : QString();
    }
    QTemporaryDir m_sources;
};

void tst_MediaCacheAdd::interruptedMoveIsReindexed()
{
    // A Move hashes the source where it is, then renames it to tmp/<sha256>-<rnd>.moved: if the
    // run ends before the object is committed, that file may be the user's only copy, and open()
    // indexes it instead of deleting it.
    QTemporaryDir tmp;
    const QString root = tmp.filePath(u"cache"_s);
    {
        MediaCache cache(root);
        VERIFY_OK(cache.open());
    }
    const QByteArray mine = content(71, 555);
    const QString sha = hex(mine);
    QVERIFY(writeFile(root + u"/tmp/"_s + sha + u"-1f2e3d.moved"_s, mine));
    const QByteArray stored = content(72, 222); // already in the store: the leftover just goes
    QVERIFY(writeFile(root + u"/objects/"_s + hex(stored).left(2) + u'/' + hex(stored), stored));
    QVERIFY(writeFile(root + u"/tmp/"_s + hex(stored) + u"-abc.moved"_s, stored));

    MediaCache cache(root);
    const auto report = cache.open();
    VERIFY_OK(report);
    QCOMPARE(report->reindexed, 2);
    QCOMPARE(readFile(cache.object(sha)->path), mine);
    QCOMPARE(readFile(cache.object(hex(stored))->path), stored);
    QVERIFY(QDir(root + u"/tmp"_s).isEmpty());
    QCOMPARE(cache.totalBytes(), 555 + 222);

    // A Move leaves nothing in tmp/ behind once done.
    const QString source = makeFile(u"move-again"_s, content(73, 100));
    VERIFY_OK(cache.addFile(source, MediaCache::AddMode::Move));
    QVERIFY(!QFileInfo::exists(source));
    QVERIFY(QDir(root + u"/tmp"_s).isEmpty());
}

void tst_MediaCacheAdd::addPinned()
{
    // Pinned together with the insertion: nothing added afterwards can evict it.
    QTemporaryDir tmp;
    MediaCache cache(tmp.filePath(u"cache"_s), MediaCacheOptions{1000});
    VERIFY_OK(cache.open());
    const auto pinned = cache.addFile(makeFile(u"p1"_s, content(80, 600)),
                                      MediaCache::AddMode::Move, {}, {}, MediaCache::AddPin::Pin);
    VERIFY_OK(pinned);
    QVERIFY(cache.isPinned(pinned->sha256));
    const auto next = cache.addFile(makeFile(u"p2"_s, content(81, 600)), MediaCache::AddMode::Copy);
    QVERIFY(!next);
    QCOMPARE(next.error().code(), ErrorCode::DiskFull);
    QVERIFY(cache.contains(pinned->sha256));
    // Deduplicated adds pin too (counted).
    const auto again = cache.addFile(makeFile(u"p1-again"_s, content(80, 600)),
                                     MediaCache::AddMode::Copy, {}, {}, MediaCache::AddPin::Pin);
    VERIFY_OK(again);
    cache.unpin(pinned->sha256);
    QVERIFY(cache.isPinned(pinned->sha256));
    cache.unpin(pinned->sha256);
    QVERIFY(!cache.isPinned(pinned->sha256));
    VERIFY_OK(cache.addFile(makeFile(u"p3"_s, content(82, 600)), MediaCache::AddMode::Copy));
    QVERIFY(!cache.contains(pinned->sha256));
}

QTEST_GUILESS_MAIN(tst_MediaCacheAdd)
#include "tst_mediacacheadd.moc"
