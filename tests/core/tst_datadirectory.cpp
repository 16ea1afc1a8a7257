#include "core/support/datadirectory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

class tst_DataDirectory : public QObject
{
    Q_OBJECT

private slots:
    void createsMissingFolders();
    void rejectsFilesAndEmptyPaths();
    void lockIsExclusive();
    void staleLockIsTakenOver();
};

void tst_DataDirectory::createsMissingFolders()
{
    QTemporaryDir tmp;
    const QString path = tmp.filePath(u"a/b/c"_s);
    const auto dir = DataDirectory::prepare(path);
    QVERIFY(dir);
    QCOMPARE(dir->path(), path);
    QVERIFY(QFileInfo(path).isDir());
    QCOMPARE(dir->logsPath(), path + u"/logs"_s);
    QVERIFY(QDir(path).entryList(QDir::Files | QDir::Hidden).isEmpty()); // probe removed
}

void tst_DataDirectory::rejectsFilesAndEmptyPaths()
{
    QTemporaryDir tmp;
    QFile file(tmp.filePath(u"plain"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    const auto onFile = DataDirectory::prepare(file.fileName());
    QVERIFY(!onFile);
    QCOMPARE(onFile.error().code(), ErrorCode::InvalidArgument);
    QCOMPARE(onFile.error().field(), u"data-dir"_s);

    const auto below = DataDirectory::prepare(file.fileName() + u"/sub"_s);
    QVERIFY(!below);
    QCOMPARE(below.error().code(), ErrorCode::IoError);

    QVERIFY(!DataDirectory::prepare(u"  "_s));
}

void tst_DataDirectory::lockIsExclusive()
{
    QTemporaryDir tmp;
    auto first = DataDirectory::prepare(tmp.path());
    auto second = DataDirectory::prepare(tmp.path());
    QVERIFY(first && second);
    QVERIFY(first->lock());
    QVERIFY(first->isLocked());

    const Result<> refused = second->lock();
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), ErrorCode::Locked);
    QCOMPARE(refused.error().details().value(u"pid"_s).toLongLong(),
             QCoreApplication::applicationPid());
    QVERIFY(refused.error().message().contains(u"in use by another CutPilot"_s));
    QVERIFY(!second->isLocked());

    first = Error(ErrorCode::Internal, u"released"_s); // destroying the owner releases the lock
    QVERIFY(second->lock());
}

void tst_DataDirectory::staleLockIsTakenOver()
{
    QTemporaryDir tmp;
    // A lock file left by a process that no longer exists (pid far beyond pid_max).
    QFile lock(tmp.filePath(u"cutpilot.lock"_s));
    QVERIFY(lock.open(QIODevice::WriteOnly));
    lock.write("999999999\ncutpilot\n" + QSysInfo::machineHostName().toUtf8() + "\n");
    lock.close();
    auto dir = DataDirectory::prepare(tmp.path());
    QVERIFY(dir);
    const Result<> locked = dir->lock();
    QVERIFY2(locked, qPrintable(locked ? QString() : locked.error().message()));
}

QTEST_GUILESS_MAIN(tst_DataDirectory)
#include "tst_datadirectory.moc"
