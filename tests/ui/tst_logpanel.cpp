// The log panel tails the log file: the existing tail at start, appended lines, an incomplete
// last line only once complete, and a rotated (shorter) file from its start.
#include "ui/logpanel.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot::Ui;
using namespace Qt::StringLiterals;

class tst_LogPanel : public QObject
{
    Q_OBJECT

private slots:
    void tailsTheFile();
    void startsWithTheTailOfABigFile();
};

namespace {
void append(const QString &path, const QByteArray &bytes,
            QIODevice::OpenMode mode = QIODevice::Append)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | mode));
    file.write(bytes);
}
} // namespace

void tst_LogPanel::tailsTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"cutpilot.log"_s);
    LogPanel panel(path); // no file yet: nothing, no error
    panel.poll();
    QCOMPARE(panel.text(), QString());

    append(path, "[app] [info] first\n[api] [info] second\n");
    panel.poll();
    QCOMPARE(panel.text(), u"[app] [info] first\n[api] [info] second"_s);

    append(path, "[app] [warning] half a li");
    panel.poll();
    QVERIFY(!panel.text().contains(u"half"_s));
    append(path, "ne\n");
    panel.poll();
    QVERIFY(panel.text().endsWith(u"[app] [warning] half a line"_s));

    // Rotated: the new, shorter file from its start.
    append(path, "[app] [info] fresh\n", QIODevice::Truncate);
    panel.poll();
    QVERIFY(panel.text().endsWith(u"[app] [info] fresh"_s));

    // The timer does it by itself too.
    append(path, "[app] [info] by the timer\n");
    QTRY_VERIFY(panel.text().endsWith(u"by the timer"_s));
}

void tst_LogPanel::startsWithTheTailOfABigFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"cutpilot.log"_s);
    QByteArray big;
    for (int i = 0; i < 5000; ++i)
        big += "[app] [info] line " + QByteArray::number(i) + " of a long log\n";
    QVERIFY(big.size() > LogPanel::InitialTailBytes);
    append(path, big);
    LogPanel panel(path);
    panel.poll();
    const QStringList lines = panel.text().split(u'\n');
    QVERIFY(lines.size() < 5000);
    QVERIFY(lines.first().startsWith(u"[app] [info] line "_s)); // no cut-off first line
    QCOMPARE(lines.last(), u"[app] [info] line 4999 of a long log"_s);
}

QTEST_MAIN(tst_LogPanel)
#include "tst_logpanel.moc"
