// PathPolicy: local paths from outside are accepted only inside the allowed folders.

#include "core/support/pathpolicy.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot::Core;
using namespace Qt::StringLiterals;

class tst_PathPolicy : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    QString m_allowed;
    QString m_outside;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        QDir root(m_root.path());
        QVERIFY(root.mkpath(u"media/sub"_s));
        QVERIFY(root.mkpath(u"media-evil"_s));
        QVERIFY(root.mkpath(u"secret"_s));
        m_allowed = root.filePath(u"media"_s);
        m_outside = root.filePath(u"secret"_s);
        QFile f(root.filePath(u"media/sub/clip.mp4"_s));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        QFile s(root.filePath(u"secret/passwd"_s));
        QVERIFY(s.open(QIODevice::WriteOnly));
        s.close();
        // A link inside the allowed folder that leads out of it.
        QVERIFY(QFile::link(m_outside, root.filePath(u"media/escape"_s)));
        // A link outside the allowed folders that leads into one.
        QVERIFY(QFile::link(root.filePath(u"media/sub"_s), root.filePath(u"secret/into-media"_s)));
    }

    void check_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<QString>("says");
        const QString r = QDir(m_root.path()).canonicalPath();
        QTest::newRow("file inside") << r + u"/media/sub/clip.mp4"_s << true << QString();
        QTest::newRow("new file inside") << r + u"/media/sub/new/out.mp4"_s << true << QString();
        QTest::newRow("the folder itself") << r + u"/media"_s << true << QString();
        QTest::newRow("outside") << r + u"/secret/passwd"_s << false << u"outside"_s;
        QTest::newRow("prefix trick") << r + u"/media-evil/x.mp4"_s << false << u"outside"_s;
        QTest::newRow("dot-dot") << r + u"/media/../secret/passwd"_s << false << u"'..'"_s;
        QTest::newRow("dot-dot staying inside")
            << r + u"/media/sub/../sub/clip.mp4"_s << false << u"'..'"_s;
        QTest::newRow("file url") << u"file://"_s + r + u"/media/sub/clip.mp4"_s << false
                                  << u"file://"_s;
        QTest::newRow("relative") << u"media/sub/clip.mp4"_s << false << u"absolute"_s;
        QTest::newRow("symlink out") << r + u"/media/escape/passwd"_s << false << u"outside"_s;
        QTest::newRow("empty") << QString() << false << u"empty"_s;
        QTest::newRow("system file") << u"/etc/passwd"_s << false << u"outside"_s;
        // Network (UNC) and device paths are refused before any file system call (on Windows,
        // looking at \\host\share connects to the host and hands it the user's credentials).
        QTest::newRow("unc slashes") << u"//evil-host/share/clip.mp4"_s << false << u"network"_s;
        QTest::newRow("unc backslashes")
            << u"\\\\evil-host\\share\\clip.mp4"_s << false << u"network"_s;
        QTest::newRow("device namespace")
            << u"\\\\?\\C:\\media\\clip.mp4"_s << false << u"network"_s;
        QTest::newRow("device") << u"\\\\.\\pipe\\x"_s << false << u"network"_s;
        QTest::newRow("unc under the allowed folder's name")
            << u"/"_s + r + u"/media/sub/clip.mp4"_s << false << u"network"_s;
        // Lexically outside: refused as written, even though its real location is inside.
        QTest::newRow("link from outside into the folder")
            << r + u"/secret/into-media/clip.mp4"_s << false << u"outside"_s;
    }

    void check()
    {
        QFETCH(QString, path);
        QFETCH(bool, allowed);
        QFETCH(QString, says);
        const PathPolicy policy({m_allowed});
        Result<QString> checked = policy.check(path, u"video_url"_s);
        QCOMPARE(bool(checked), allowed);
        if (!allowed) {
            QVERIFY(checked.error().code() == ErrorCode::PathNotAllowed
                    || checked.error().code() == ErrorCode::MissingField);
            QCOMPARE(checked.error().field(), u"video_url"_s);
            QVERIFY2(checked.error().message().contains(says),
                     qPrintable(checked.error().message()));
            QVERIFY(checked.error().message().startsWith(u"video_url"_s));
        } else {
            QVERIFY(PathPolicy::isInside(*checked, QDir(m_allowed).canonicalPath()));
        }
    }

    void networkPathsAreRecognisedLexically()
    {
        for (const QString &unc : {u"//host/share"_s, u"\\\\host\\share"_s, u"\\\\?\\C:\\x"_s,
                                   u"\\\\.\\pipe\\x"_s, u"/\\host\\share"_s})
            QVERIFY2(PathPolicy::isNetworkPath(unc), qPrintable(unc));
        for (const QString &local : {u"/media/x"_s, u"C:/media/x"_s, u"relative/x"_s, u"/"_s})
            QVERIFY2(!PathPolicy::isNetworkPath(local), qPrintable(local));
    }

    void networkFolderAllowsItsOwnPaths()
    {
        // A share the user allowed on purpose works; other shares still do not.
        const PathPolicy policy({u"//nas/media"_s});
        QVERIFY(policy.check(u"//nas/media/clip.mp4"_s, u"path"_s));
        Result<QString> other = policy.check(u"//other/share/clip.mp4"_s, u"path"_s);
        QVERIFY(!other);
        QVERIFY2(other.error().message().contains(u"outside"_s),
                 qPrintable(other.error().message()));
    }

    void noFoldersRefusesEverything()
    {
        const PathPolicy none;
        Result<QString> checked = none.check(m_allowed + u"/sub/clip.mp4"_s, u"path"_s);
        QVERIFY(!checked);
        QVERIFY(checked.error().message().contains(u"allowedFolders"_s));
        // Relative and empty folder entries are ignored, never "everything".
        const PathPolicy bogus({QString(), u"relative/dir"_s});
        QVERIFY(bogus.allowedFolders().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_PathPolicy)
#include "tst_pathpolicy.moc"
