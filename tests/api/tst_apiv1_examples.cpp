// The examples/ scripts against the real cutpilot executable (headless, ephemeral port, its own
// data folder): what a user runs must work. Python 3 standard library only, like the scripts.
#include "httptestclient.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

namespace {

const QString Token = u"examples-test-token-0123456789"_s;

} // namespace

class tst_ApiV1Examples : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_cutpilot;
    QString m_url;

    QString allowed() const { return m_dir.filePath(u"allowed"_s); }

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Run runScript(const QString &script, const QStringList &arguments, bool withToken)
    {
        QProcess python;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"CUTPILOT_API_TOKEN"_s);
        if (withToken)
            env.insert(u"CUTPILOT_API_TOKEN"_s, Token);
        env.insert(u"PYTHONIOENCODING"_s, u"utf-8"_s);
        python.setProcessEnvironment(env);
        python.start(u"python3"_s,
                     QStringList{QStringLiteral(CUTPILOT_SOURCE_DIR) + u"/examples/"_s + script,
                                 u"--url"_s, m_url}
                         + arguments);
        Run run;
        if (!python.waitForFinished(60000)) {
            python.kill();
            python.waitForFinished();
            run.err = u"timed out"_s;
            return run;
        }
        run.exitCode = python.exitStatus() == QProcess::NormalExit ? python.exitCode() : -2;
        run.out = QString::fromUtf8(python.readAllStandardOutput());
        run.err = QString::fromUtf8(python.readAllStandardError());
        return run;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(u"python3"_s).isEmpty())
            QSKIP("python3 is needed to run the examples");
        QDir().mkpath(allowed());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"CUTPILOT_API_TOKEN"_s, Token);
        env.remove(u"CUTPILOT_LOG_LEVEL"_s);
        m_cutpilot.setProcessEnvironment(env);
        m_cutpilot.start(QStringLiteral(CUTPILOT_BINARY),
                         {u"--headless"_s, u"--listen"_s, u"127.0.0.1:0"_s, u"--data-dir"_s,
                          m_dir.filePath(u"data"_s), u"--allow-dir"_s, allowed()});
        QVERIFY(m_cutpilot.waitForStarted());
        // "CutPilot API listening on http://127.0.0.1:<port>"
        const QRegularExpression listening(u"listening on (http://127\\.0\\.0\\.1:\\d+)"_s);
        QString out;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 20000 && m_url.isEmpty()) {
            m_cutpilot.waitForReadyRead(200);
            out += QString::fromUtf8(m_cutpilot.readAllStandardOutput());
            if (const QRegularExpressionMatch match = listening.match(out); match.hasMatch())
                m_url = match.captured(1);
        }
        QVERIFY2(!m_url.isEmpty(),
                 qPrintable(out + QString::fromUtf8(m_cutpilot.readAllStandardError())));
        // The token is read at start; token routes answer 503 until then.
        QTRY_COMPARE_WITH_TIMEOUT(httpRequest("GET", QUrl(m_url + u"/api/v1/version"_s), {},
                                              {{"Authorization", "Bearer " + Token.toUtf8()}})
                                      .status,
                                  200, 10000);
    }

    void cleanupTestCase()
    {
        if (m_cutpilot.state() != QProcess::NotRunning) {
            m_cutpilot.terminate();
            if (!m_cutpilot.waitForFinished(10000)) {
                m_cutpilot.kill();
                m_cutpilot.waitForFinished();
            }
        }
    }

    void compatQuickstart()
    {
        const Run run = runScript(u"compat_quickstart.py"_s, {u"--folder"_s, allowed()}, false);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(u"status: completed progress: 100"_s), qPrintable(run.out));
        const QString id
            = QRegularExpression(u"created (dfd_cat_\\S+)"_s).match(run.out).captured(1);
        QVERIFY(!id.isEmpty());
        QVERIFY(QDir(allowed()).exists(u"compat quickstart"_s) || QDir(allowed()).exists(id));
    }

    void v1Quickstart()
    {
        const Run run = runScript(u"v1_quickstart.py"_s, {u"--folder"_s, allowed()}, true);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(run.out.contains(u": done 100%"_s), qPrintable(run.out));
        QVERIFY(run.out.contains(u"saved to "_s + allowed()));
        QVERIFY(QDir(allowed()).exists(u"v1 quickstart"_s));
    }

    void v1QuickstartWithoutTokenFails()
    {
        const Run run = runScript(u"v1_quickstart.py"_s, {}, false);
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.err.contains(u"CUTPILOT_API_TOKEN"_s));
        const Run wrong = runScript(u"v1_quickstart.py"_s, {u"--token"_s, u"wrong"_s}, false);
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY2(wrong.err.contains(u"401 Unauthorized"_s), qPrintable(wrong.err));
    }
};

QTEST_GUILESS_MAIN(tst_ApiV1Examples)
#include "tst_apiv1_examples.moc"
