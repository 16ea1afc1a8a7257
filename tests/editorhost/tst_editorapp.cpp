// The real `cutpilot` binary, headless, with `--editor standin`: the stand-in editor is started
// by the app (EditorHost) and driven over the real accessibility bus. Real HTTP and WebSocket:
// POST /api/v1/drafts/{id}/export → queued → running → done with a file that probes with the
// draft's duration; /api/v1/editor, the "editor" topic, /ready and /metrics; pause, resume,
// cancel and retry; no editor → 503; and a cutpilot killed with SIGKILL mid-export whose job
// finishes after the next start (and whose stand-in did not outlive it); a changed editor version
// holds the queue until the doctor passes on it (editor-automation.md §10.5–10.6).
#include "automation/atspibackend.h"
#include "core/media/mediaprobe.h"
#include "httptestclient.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <algorithm>
#include <csignal>
#include <functional>
#include <sys/types.h>

using namespace CutPilot;
using namespace CutPilot::Test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray Token = "editor-app-test-token-0123456789abcdef";

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

/// One headless cutpilot process.
class App
{
public:
    App(const QString &root, const QStringList &extra, const QString &standinArgs)
    {
        m_port = freePort();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"CUTPILOT_API_TOKEN"_s, QString::fromLatin1(Token));
        env.insert(u"CUTPILOT_LOG_LEVEL"_s, u"info"_s);
        env.insert(u"CUTPILOT_STANDIN_ARGS"_s, standinArgs);
        env.insert(u"CUTPILOT_STANDIN_EDITOR"_s, QStringLiteral(CUTPILOT_STANDIN_EDITOR));
        env.remove(u"CUTPILOT_STANDIN_FAULTS"_s);
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(QStringLiteral(CUTPILOT_BINARY),
                        QStringList{u"--headless"_s, u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_port),
                                    u"--data-dir"_s, QDir(root).filePath(u"data"_s),
                                    u"--allow-dir"_s, QDir(root).filePath(u"out"_s)}
                            + extra);
    }
    ~App() { stop(); }

    bool waitListening(int timeoutMs = 15000)
    {
        return QTest::qWaitFor(
                   [this] {
                       m_output += m_process.readAll();
                       return m_output.contains("CutPilot API listening on")
                              || m_process.state() == QProcess::NotRunning;
                   },
                   timeoutMs)
               && m_output.contains("CutPilot API listening on");
    }
    QByteArray output()
    {
        m_output += m_process.readAll();
        return m_output;
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(15000)) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    void killHard()
    {
        ::kill(pid_t(m_process.processId()), SIGKILL);
        m_process.waitForFinished(5000);
    }
    QProcess &process() { return m_process; }

    HttpResult call(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return httpRequest(method, QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path)),
                           body.isEmpty() ? QByteArray()
                                          : QJsonDocument(body).toJson(QJsonDocument::Compact),
                           {{"Authorization", "Bearer " + Token}}, 10000);
    }
    quint16 port() const { return m_port; }

    QString editorState() { return call("GET", u"/api/v1/editor"_s).json()[u"state"_s].toString(); }
    bool waitEditor(const QString &state, int timeoutMs = 30000)
    {
        return QTest::qWaitFor([&] { return editorState() == state; }, timeoutMs);
    }
    QJsonObject exportJob(const QString &id)
    {
        return call("GET", u"/api/v1/exports/"_s + id).json();
    }
    /// Waits for export job `id` to end (done or failed); returns its state then (the last one
    /// seen after a timeout).
    QString waitFinished(const QString &id, int timeoutMs = 120000)
    {
        QString state;
        (void)QTest::qWaitFor(
            [&] {
                state = exportJob(id)[u"state"_s].toString();
                return state == u"done"_s || state == u"failed"_s;
            },
            timeoutMs);
        return state;
    }

    /// A draft with one text segment of `durationUs`, through the API. Returns its id.
    QString makeDraft(const QString &name, qint64 durationUs)
    {
        const QJsonObject draft
            = call("POST", u"/api/v1/drafts"_s,
                   {{u"name"_s, name}, {u"width"_s, 1280}, {u"height"_s, 720}, {u"fps"_s, 25}})
                  .json();
        const QString id = draft[u"id"_s].toString();
        const QString track
            = call("POST", u"/api/v1/drafts/%1/tracks"_s.arg(id), {{u"type"_s, u"text"_s}})
                  .json()[u"id"_s]
                  .toString();
        const HttpResult segment
            = call("POST", u"/api/v1/drafts/%1/tracks/%2/segments"_s.arg(id, track),
                   {{u"type"_s, u"text"_s},
                    {u"start"_s, 0},
                    {u"duration"_s, durationUs},
                    {u"text"_s, name}});
        return segment.status == 201 ? id : QString();
    }

private:
    QProcess m_process;
    QByteArray m_output;
    quint16 m_port = 0;
};

/// A WebSocket client of /api/v1/events that keeps every event.
class Events
{
public:
    bool open(quint16 port, const QJsonArray &topics)
    {
        QObject::connect(
            &m_socket, &QWebSocket::textMessageReceived, &m_socket, [this](const QString &text) {
                const QJsonObject m = QJsonDocument::fromJson(text.toUtf8()).object();
                if (m[u"type"_s] == u"hello"_s)
                    m_socket.sendTextMessage(QString::fromUtf8(
                        QJsonDocument(QJsonObject{{u"type"_s, u"identify"_s},
                                                  {u"token"_s, QString::fromLatin1(Token)},
                                                  {u"topics"_s, m_topics}})
                            .toJson(QJsonDocument::Compact)));
                else if (m[u"type"_s] == u"ready"_s)
                    m_ready = true;
                else if (m[u"type"_s] == u"event"_s)
                    events.append(m);
            });
        m_topics = topics;
        m_socket.open(QUrl(u"ws://127.0.0.1:%1/api/v1/events"_s.arg(port)));
        return QTest::qWaitFor([this] { return m_ready; }, 5000);
    }
    QList<QJsonObject> data(const QString &topic) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &e : events) {
            if (e[u"topic"_s].toString() == topic)
                out.append(e[u"data"_s].toObject());
        }
        return out;
    }
    QList<QJsonObject> events;

private:
    QWebSocket m_socket;
    QJsonArray m_topics;
    bool m_ready = false;
};

/// Opens the draft card called `name` on the stand-in's home page, as a user would, and waits
/// for its edit window.
bool openStandinDraft(qint64 pid, const QString &name)
{
    Automation::AtspiBackend backend(pid);
    const std::function<const Core::Editor::UiNode *(const Core::Editor::UiNode &)> card
        = [&](const Core::Editor::UiNode &node) -> const Core::Editor::UiNode * {
        if (!node.actions.isEmpty()
            && std::any_of(node.children.cbegin(), node.children.cend(),
                           [&](const Core::Editor::UiNode &c) { return c.name == name; }))
            return &node;
        for (const Core::Editor::UiNode &child : node.children) {
            if (const Core::Editor::UiNode *found = card(child))
                return found;
        }
        return nullptr;
    };
    const auto inEdit = [&] {
        const auto windows = backend.snapshot(0);
        return windows && std::any_of(windows->cbegin(), windows->cend(), [](const auto &w) {
                   return w.className.contains(u"MainWindow"_s);
               });
    };
    return QTest::qWaitFor(
               [&] {
                   const auto windows = backend.snapshot(8);
                   if (!windows)
                       return false;
                   for (const Core::Editor::UiNode &window : *windows) {
                       if (const Core::Editor::UiNode *found = card(window))
                           return bool(backend.activate(*found, false));
                   }
                   return false;
               },
               10000)
           && QTest::qWaitFor(inEdit, 10000);
}

QString makeRoot(const QTemporaryDir &dir)
{
    QDir().mkpath(dir.filePath(u"out"_s));
    return dir.path();
}

bool processGone(qint64 pid)
{
    if (pid <= 0)
        return true;
    if (::kill(pid_t(pid), 0) != 0)
        return true;
    // A zombie (reaped later by whoever adopted it) is gone as far as the editor goes.
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close > 0 && line.mid(close + 2, 1) == "Z";
}

} // namespace

class tst_EditorApp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void noEditorAnswers503();
    void exportEndToEnd();
    void pauseResumeCancelRetry();
    void killedMidExportResumes();
    void versionChangeHoldsExportsUntilDoctorPasses();
};

void tst_EditorApp::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DISPLAY")
        || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP(
            "needs a display and a D-Bus session (run through /work/bin/tst or cutpilot.sh test)");
}

void tst_EditorApp::noEditorAnswers503()
{
    QTemporaryDir dir;
    const QString root = makeRoot(dir);
    App app(root, {}, {});
    QVERIFY2(app.waitListening(), app.output().constData());
    const QJsonObject editor = app.call("GET", u"/api/v1/editor"_s).json();
    QCOMPARE(editor[u"state"_s].toString(), u"not-configured"_s);
    QCOMPARE(editor[u"standin"_s].toBool(), false);
    const QString draft = app.makeDraft(u"noeditor"_s, 1'000'000);
    QVERIFY(!draft.isEmpty());
    const HttpResult exported = app.call("POST", u"/api/v1/drafts/%1/export"_s.arg(draft), {});
    QCOMPARE(exported.status, 503);
    const QString message = exported.json()[u"error"_s].toObject()[u"message"_s].toString();
    QVERIFY2(message.contains(u"no editor is configured"_s), qPrintable(message));
    QCOMPARE(app.call("GET", u"/api/v1/exports"_s).status, 503);
    // The compat extension (capcutapi-compat.md §10.2) says the same in its envelope.
    const QJsonObject compat
        = app.call("POST", u"/export_draft_to_video"_s, {{u"draft_id"_s, draft}}).json();
    QCOMPARE(compat[u"success"_s].toBool(), false);
    QVERIFY2(compat[u"error"_s].toString().contains(u"no editor is configured"_s),
             qPrintable(compat[u"error"_s].toString()));
    QCOMPARE(app.call("POST", u"/api/v1/exports/pause"_s).status, 503);
    QCOMPARE(app.call("POST", u"/api/v1/editor/doctor"_s).status, 503);
    // Not configured is reported, and is not a failure of /ready.
    const HttpResult ready = app.call("GET", u"/ready"_s);
    QCOMPARE(ready.status, 200);
    QCOMPARE(ready.json()[u"checks"_s].toObject()[u"editor"_s].toString(), u"not-configured"_s);
    QVERIFY(!app.call("GET", u"/metrics"_s).body.contains("cutpilot_editor_state{"));
}

void tst_EditorApp::exportEndToEnd()
{
    QTemporaryDir dir;
    const QString root = makeRoot(dir);
    App app(root, {u"--editor"_s, u"standin"_s}, u"--export-speed 2 --open-delay-ms 300"_s);
    QVERIFY2(app.waitListening(), app.output().constData());
    QVERIFY2(app.output().contains("Stand-in editor"), app.output().constData());
    QVERIFY2(app.waitEditor(u"ready"_s), app.output().constData());
    const QJsonObject editor = app.call("GET", u"/api/v1/editor"_s).json();
    QCOMPARE(editor[u"standin"_s].toBool(), true);
    QCOMPARE(editor[u"profile"_s].toString(), u"standin-jianying-5.9"_s);
    QVERIFY(editor[u"pid"_s].toInteger() > 0);
    QVERIFY(editor[u"label"_s].toString().contains(u"Stand-in"_s));
    {
        // The editor process never inherits the API token CutPilot was started with.
        QFile environ(u"/proc/%1/environ"_s.arg(editor[u"pid"_s].toInteger()));
        QVERIFY(environ.open(QIODevice::ReadOnly));
        const QByteArray variables = environ.readAll();
        QVERIFY(variables.contains("QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1")); // it is the editor's
        QVERIFY(!variables.contains("CUTPILOT_API_TOKEN"));
    }
    const HttpResult readyNow = app.call("GET", u"/ready"_s);
    QCOMPARE(readyNow.status, 200);
    QCOMPARE(readyNow.json()[u"checks"_s].toObject()[u"editor"_s].toString(), u"ok"_s);

    Events events;
    QVERIFY(events.open(app.port(), QJsonArray{u"editor"_s, u"jobs"_s}));

    const QString draft = app.makeDraft(u"e2e"_s, 3'000'000);
    QVERIFY(!draft.isEmpty());
    const QString output = QDir(root).filePath(u"out/e2e.mp4"_s);
    const HttpResult accepted
        = app.call("POST", u"/api/v1/drafts/%1/export"_s.arg(draft),
                   {{u"resolution"_s, u"720P"_s}, {u"fps"_s, 25}, {u"outputPath"_s, output}});
    QCOMPARE(accepted.status, 202);
    const QString id = accepted.json()[u"jobId"_s].toString();
    QVERIFY(!id.isEmpty());
    QCOMPARE(accepted.json()[u"job"_s].toObject()[u"state"_s].toString(), u"queued"_s);

    QStringList states{u"queued"_s};
    bool sawBusy = false;
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QString state = app.exportJob(id)[u"state"_s].toString();
            if (states.last() != state)
                states << state;
            sawBusy = sawBusy || app.editorState() == u"busy"_s;
            return state == u"done"_s || state == u"failed"_s;
        },
        120000));
    const QJsonObject job = app.exportJob(id);
    QVERIFY2(job[u"state"_s] == u"done"_s, QJsonDocument(job).toJson().constData());
    QVERIFY2(states.contains(u"running"_s), qPrintable(states.join(u' ')));
    QVERIFY(sawBusy);
    QCOMPARE(job[u"outputPath"_s].toString(), output);
    QCOMPARE(job[u"progress"_s].toInt(), 100);
    Core::Result<Core::MediaInfo> probed = Core::probeMedia(output);
    QVERIFY2(probed, qPrintable(probed ? QString() : probed.error().message()));
    QVERIFY2(std::abs(probed->durationUs - 3'000'000) <= 500'000,
             qPrintable(QString::number(probed->durationUs)));

    // /api/v1/jobs/{id} finds the export job too.
    const HttpResult asJob = app.call("GET", u"/api/v1/jobs/"_s + id);
    QCOMPARE(asJob.status, 200);
    QCOMPARE(asJob.json()[u"kind"_s].toString(), u"export"_s);
    QCOMPARE(asJob.json()[u"state"_s].toString(), u"done"_s);

    // The "editor" topic saw busy (and ready again); "jobs" saw the export's progress and end.
    QVERIFY(QTest::qWaitFor(
        [&] {
            bool busy = false;
            for (const QJsonObject &e : events.data(u"editor"_s))
                busy = busy || e[u"state"_s] == u"busy"_s;
            return busy;
        },
        5000));
    for (const QJsonObject &e : events.data(u"editor"_s)) {
        if (e.contains(u"state"_s))
            QCOMPARE(e[u"standin"_s].toBool(), true);
    }
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QList<QJsonObject> jobs = events.data(u"jobs"_s);
            return !jobs.isEmpty() && jobs.last()[u"id"_s] == id
                   && jobs.last()[u"state"_s] == u"done"_s;
        },
        5000));
    bool sawRunning = false;
    for (const QJsonObject &e : events.data(u"jobs"_s))
        sawRunning = sawRunning || (e[u"kind"_s] == u"export"_s && e[u"state"_s] == u"running"_s);
    QVERIFY(sawRunning);

    // /metrics: the editor's state and restarts, export jobs by state.
    QVERIFY(app.waitEditor(u"ready"_s));
    const QByteArray metrics = app.call("GET", u"/metrics"_s).body;
    QVERIFY2(metrics.contains("cutpilot_editor_state{state=\"ready\"} 1"), metrics.constData());
    QVERIFY(metrics.contains("cutpilot_editor_restarts_total "));
    QVERIFY(metrics.contains("cutpilot_export_jobs{state=\"done\"} 1"));
    const HttpResult list = app.call("GET", u"/api/v1/exports?limit=10"_s);
    QCOMPARE(list.status, 200);
    QCOMPARE(list.json()[u"total"_s].toInteger(), 1);
    QCOMPARE(list.json()[u"paused"_s].toBool(), false);
    QCOMPARE(list.json()[u"items"_s].toArray().size(), 1);
    QCOMPARE(app.call("GET", u"/api/v1/exports?state=done"_s).json()[u"total"_s].toInteger(), 1);
    QCOMPARE(app.call("GET", u"/api/v1/exports?state=failed"_s).json()[u"total"_s].toInteger(), 0);
    QCOMPARE(app.call("GET", u"/api/v1/exports?offset=1"_s).json()[u"items"_s].toArray().size(), 0);

    // The compat extension: the status of that job, then an export through it.
    const QJsonObject status
        = app.call("GET", u"/export_status?task_id="_s + id).json()[u"output"_s].toObject();
    QCOMPARE(status[u"status"_s].toString(), u"completed"_s);
    QCOMPARE(status[u"video_url"_s].toString(), QUrl::fromLocalFile(output).toString());
    const QString compatOutput = QDir(root).filePath(u"out/compat.mp4"_s);
    const QJsonObject compat = app.call("POST", u"/export_draft_to_video"_s,
                                        {{u"draft_id"_s, draft},
                                         {u"resolution"_s, u"480p"_s},
                                         {u"framerate"_s, u"25"_s},
                                         {u"output_path"_s, compatOutput}})
                                   .json();
    QVERIFY2(compat[u"success"_s].toBool(), QJsonDocument(compat).toJson().constData());
    const QString task = compat[u"output"_s].toObject()[u"task_id"_s].toString();
    QCOMPARE(compat[u"output"_s].toObject()[u"status"_s].toString(), u"queued"_s);
    QVERIFY(QTest::qWaitFor(
        [&] {
            const QString s = app.call("POST", u"/export_status"_s, {{u"task_id"_s, task}})
                                  .json()[u"output"_s]
                                  .toObject()[u"status"_s]
                                  .toString();
            return s == u"completed"_s || s == u"failed"_s;
        },
        120000));
    QCOMPARE(app.call("GET", u"/export_status?task_id="_s + task)
                 .json()[u"output"_s]
                 .toObject()[u"status"_s]
                 .toString(),
             u"completed"_s);
    QVERIFY(QFileInfo::exists(compatOutput));
    QCOMPARE(app.call("GET", u"/export_status?task_id=nope"_s).json()[u"success"_s].toBool(),
             false);

    // An outputPath outside the allowed folders is refused before anything is queued.
    const HttpResult outside = app.call("POST", u"/api/v1/drafts/%1/export"_s.arg(draft),
                                        {{u"outputPath"_s, u"/etc/cutpilot-test.mp4"_s}});
    QCOMPARE(outside.status, 403);
    QCOMPARE(app.call("GET", u"/api/v1/exports"_s).json()[u"total"_s].toInteger(), 2);

    // Shutdown stops the stand-in with the app.
    const qint64 standin = app.call("GET", u"/api/v1/editor"_s).json()[u"pid"_s].toInteger();
    app.stop();
    // A clean exit, not a crash (QProcess reports a crash's signal as its exit code): on failure
    // the app's last output says why.
    QVERIFY2(app.process().exitStatus() == QProcess::NormalExit && app.process().exitCode() == 0,
             qPrintable(u"exit status %1, code %2; the app's last output:\n%3"_s
                            .arg(int(app.process().exitStatus()))
                            .arg(app.process().exitCode())
                            .arg(QString::fromLocal8Bit(app.output().right(4000)))));
    QVERIFY(QTest::qWaitFor([&] { return processGone(standin); }, 5000));
}

void tst_EditorApp::pauseResumeCancelRetry()
{
    QTemporaryDir dir;
    const QString root = makeRoot(dir);
    App app(root, {u"--editor"_s, u"standin"_s}, u"--export-speed 4 --open-delay-ms 300"_s);
    QVERIFY2(app.waitListening(), app.output().constData());
    QVERIFY(app.waitEditor(u"ready"_s));

    QCOMPARE(app.call("POST", u"/api/v1/exports/pause"_s).json()[u"paused"_s].toBool(), true);
    const QString draft = app.makeDraft(u"paused"_s, 2'000'000);
    const HttpResult first = app.call("POST", u"/api/v1/drafts/%1/export"_s.arg(draft),
                                      {{u"outputPath"_s, QDir(root).filePath(u"out/first.mp4"_s)}});
    QCOMPARE(first.status, 202);
    const QString firstId = first.json()[u"jobId"_s].toString();
    const HttpResult second
        = app.call("POST", u"/api/v1/drafts/%1/export"_s.arg(draft),
                   {{u"outputPath"_s, QDir(root).filePath(u"out/second.mp4"_s)}});
    QCOMPARE(second.status, 202);
    const QString secondId = second.json()[u"jobId"_s].toString();

    // Paused: nothing starts.
    QTest::qWait(3000);
    QCOMPARE(app.exportJob(firstId)[u"state"_s].toString(), u"queued"_s);
    QCOMPARE(app.exportJob(secondId)[u"state"_s].toString(), u"queued"_s);
    QCOMPARE(app.editorState(), u"ready"_s);
    QCOMPARE(
        app.call("GET", u"/api/v1/editor"_s).json()[u"queue"_s].toObject()[u"paused"_s].toBool(),
        true);

    // Cancel a queued job; cancelling it again conflicts; retry queues it again.
    const HttpResult cancelled = app.call("DELETE", u"/api/v1/exports/"_s + secondId);
    QCOMPARE(cancelled.status, 200);
    QCOMPARE(cancelled.json()[u"state"_s].toString(), u"cancelled"_s);
    QCOMPARE(app.call("DELETE", u"/api/v1/exports/"_s + secondId).status, 409);
    QCOMPARE(app.call("POST", u"/api/v1/exports/%1/retry"_s.arg(firstId)).status, 409);

    // Resume: the first runs to done; the cancelled one stays cancelled.
    QCOMPARE(app.call("POST", u"/api/v1/exports/resume"_s).json()[u"paused"_s].toBool(), false);
    QCOMPARE(app.waitFinished(firstId), u"done"_s);
    QVERIFY(QFileInfo::exists(QDir(root).filePath(u"out/first.mp4"_s)));
    QCOMPARE(app.exportJob(secondId)[u"state"_s].toString(), u"cancelled"_s);
    QVERIFY(!QFileInfo::exists(QDir(root).filePath(u"out/second.mp4"_s)));

    const HttpResult retried = app.call("POST", u"/api/v1/exports/%1/retry"_s.arg(secondId));
    QCOMPARE(retried.status, 202);
    QCOMPARE(app.waitFinished(secondId), u"done"_s);
    QVERIFY(QFileInfo::exists(QDir(root).filePath(u"out/second.mp4"_s)));
    QCOMPARE(app.call("GET", u"/api/v1/exports/nope"_s).status, 404);
}

void tst_EditorApp::killedMidExportResumes()
{
    QTemporaryDir dir;
    const QString root = makeRoot(dir);
    QString id;
    qint64 standin = 0;
    {
        // Slow: a 4 s draft takes about 8 s to export, so the kill lands mid-export.
        App app(root, {u"--editor"_s, u"standin"_s}, u"--export-speed 0.5 --open-delay-ms 300"_s);
        QVERIFY2(app.waitListening(), app.output().constData());
        QVERIFY(app.waitEditor(u"ready"_s));
        const QString draft = app.makeDraft(u"killed"_s, 4'000'000);
        const HttpResult accepted
            = app.call("POST", u"/api/v1/drafts/%1/export"_s.arg(draft),
                       {{u"outputPath"_s, QDir(root).filePath(u"out/killed.mp4"_s)}});
        QCOMPARE(accepted.status, 202);
        id = accepted.json()[u"jobId"_s].toString();
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         const QJsonObject job = app.exportJob(id);
                         return job[u"state"_s] == u"running"_s && job[u"progress"_s].toInt() > 30;
                     },
                     90000),
                 QJsonDocument(app.exportJob(id)).toJson().constData());
        // Paused now, and still paused after the restart (persisted): the resumed job waits.
        QCOMPARE(app.call("POST", u"/api/v1/exports/pause"_s).status, 200);
        standin = app.call("GET", u"/api/v1/editor"_s).json()[u"pid"_s].toInteger();
        QVERIFY(standin > 0);
        app.killHard();
        QCOMPARE(app.process().exitStatus(), QProcess::CrashExit);
    }
    // The stand-in died with the app (no orphan editor).
    QVERIFY(QTest::qWaitFor([&] { return processGone(standin); }, 5000));

    App again(root, {u"--editor"_s, u"standin"_s}, u"--export-speed 4 --open-delay-ms 300"_s);
    QVERIFY2(again.waitListening(), again.output().constData());
    QVERIFY(again.waitEditor(u"ready"_s));
    QJsonObject job = again.exportJob(id);
    QCOMPARE(job[u"state"_s].toString(), u"queued"_s);
    QVERIFY2(job[u"message"_s].toString().contains(u"interrupted"_s),
             QJsonDocument(job).toJson().constData());
    QTest::qWait(2000);
    QCOMPARE(again.exportJob(id)[u"state"_s].toString(), u"queued"_s); // still paused
    QCOMPARE(again.call("GET", u"/api/v1/exports"_s).json()[u"paused"_s].toBool(), true);
    QCOMPARE(again.call("POST", u"/api/v1/exports/resume"_s).status, 200);
    again.waitFinished(id);
    job = again.exportJob(id);
    QVERIFY2(job[u"state"_s] == u"done"_s, QJsonDocument(job).toJson().constData());
    QVERIFY(job[u"attempts"_s].toInt() >= 2);
    const QString output = QDir(root).filePath(u"out/killed.mp4"_s);
    QCOMPARE(job[u"outputPath"_s].toString(), output);
    Core::Result<Core::MediaInfo> probed = Core::probeMedia(output);
    QVERIFY(probed);
    QVERIFY2(std::abs(probed->durationUs - 4'000'000) <= 500'000,
             qPrintable(QString::number(probed->durationUs)));
    // One file, and nothing of the killed attempt left in the editor's export folder.
    QCOMPARE(QDir(QDir(root).filePath(u"out"_s)).entryList(QDir::Files).size(), 1);
    const QStringList leftovers = QDir(QDir(root).filePath(u"data/standin-exports"_s))
                                      .entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(u", "_s)));
    QCOMPARE(again.call("GET", u"/api/v1/exports"_s).json()[u"total"_s].toInteger(), 1);
}

void tst_EditorApp::versionChangeHoldsExportsUntilDoctorPasses()
{
    QTemporaryDir dir;
    const QString root = makeRoot(dir);
    const QString fast = u"--export-speed 4 --open-delay-ms 300"_s;
    {
        // The first editor seen is recorded; nothing is held.
        App app(root, {u"--editor"_s, u"standin"_s}, fast);
        QVERIFY2(app.waitListening(), app.output().constData());
        QVERIFY(app.waitEditor(u"ready"_s));
        const QJsonObject editor = app.call("GET", u"/api/v1/editor"_s).json();
        QCOMPARE(editor[u"version"_s].toString(), u"5.9"_s);
        QCOMPARE(editor[u"profile"_s].toString(), u"standin-jianying-5.9"_s);
        QVERIFY(editor[u"versionChange"_s].isNull());
        QVERIFY(editor[u"queue"_s].toObject()[u"hold"_s].isNull());
    }
    QString jobId;
    {
        // The editor is now 10.8 (an update): the change holds the queue across restarts, resume
        // is refused, and exports wait.
        App app(root, {u"--editor"_s, u"standin"_s}, fast + u" --ui 10.8"_s);
        QVERIFY2(app.waitListening(), app.output().constData());
        QVERIFY(app.waitEditor(u"ready"_s));
        const QJsonObject editor = app.call("GET", u"/api/v1/editor"_s).json();
        QCOMPARE(editor[u"version"_s].toString(), u"10.8"_s);
        QCOMPARE(editor[u"profile"_s].toString(), u"standin-jianying-10.8"_s);
        const QJsonObject change = editor[u"versionChange"_s].toObject();
        QCOMPARE(change[u"previous"_s].toString(), u"standin 5.9"_s);
        QCOMPARE(change[u"current"_s].toString(), u"standin 10.8"_s);
        QVERIFY2(editor[u"label"_s].toString().contains(u"version changed"_s),
                 qPrintable(editor[u"label"_s].toString()));
        const QJsonObject queue = editor[u"queue"_s].toObject();
        QCOMPARE(queue[u"paused"_s].toBool(), false); // held, not paused by anyone
        QVERIFY2(queue[u"hold"_s].toString().contains(u"standin 10.8"_s),
                 qPrintable(queue[u"hold"_s].toString()));
        QVERIFY2(app.output().contains("editor version changed from standin 5.9 to standin 10.8"),
                 app.output().constData());

        // /ready stays ready (the API works) but says why exports wait; /metrics counts it.
        const HttpResult ready = app.call("GET", u"/ready"_s);
        QCOMPARE(ready.status, 200);
        QVERIFY(ready.json()[u"checks"_s].toObject()[u"exportQueueHold"_s].toString().contains(
            u"standin 10.8"_s));
        QVERIFY(app.call("GET", u"/metrics"_s).body.contains("\ncutpilot_export_queue_held 1\n"));
        const HttpResult resumed = app.call("POST", u"/api/v1/exports/resume"_s);
        QCOMPARE(resumed.status, 409);
        QVERIFY(resumed.json()[u"error"_s].toObject()[u"message"_s].toString().contains(u"held"_s));
        const QString draft = app.makeDraft(u"held"_s, 1'000'000);
        const HttpResult queued
            = app.call("POST", u"/api/v1/drafts/%1/export"_s.arg(draft),
                       {{u"outputPath"_s, QDir(root).filePath(u"out/held.mp4"_s)}});
        QCOMPARE(queued.status, 202);
        jobId = queued.json()[u"jobId"_s].toString();
        QTest::qWait(1500);
        QCOMPARE(app.exportJob(jobId)[u"state"_s].toString(), u"queued"_s);
        // The operator pauses too: a pause of their own, which no release of the hold undoes.
        QCOMPARE(app.call("POST", u"/api/v1/exports/pause"_s).json()[u"paused"_s].toBool(), true);
    }
    {
        // Back to the editor that worked (5.9): no change any more, the hold ends; the pause
        // stays, so the job waits.
        App app(root, {u"--editor"_s, u"standin"_s}, fast);
        QVERIFY2(app.waitListening(), app.output().constData());
        const QJsonObject editor = app.call("GET", u"/api/v1/editor"_s).json();
        QVERIFY(editor[u"versionChange"_s].isNull());
        QVERIFY(editor[u"queue"_s].toObject()[u"hold"_s].isNull());
        QCOMPARE(editor[u"queue"_s].toObject()[u"paused"_s].toBool(), true);
        QCOMPARE(app.exportJob(jobId)[u"state"_s].toString(), u"queued"_s);
    }
    {
        // 10.8 again: held again (the change was never confirmed) until the doctor passes on the
        // running editor; then the held job runs once the operator resumes.
        App app(root, {u"--editor"_s, u"standin"_s}, fast + u" --ui 10.8"_s);
        QVERIFY2(app.waitListening(), app.output().constData());
        QVERIFY(app.waitEditor(u"ready"_s));
        QJsonObject editor = app.call("GET", u"/api/v1/editor"_s).json();
        QCOMPARE(editor[u"profile"_s].toString(), u"standin-jianying-10.8"_s);
        QVERIFY(editor[u"versionChange"_s].isObject());
        QVERIFY(editor[u"queue"_s].toObject()[u"hold"_s].isString());
        QCOMPARE(app.exportJob(jobId)[u"state"_s].toString(), u"queued"_s);

        // On the home page the doctor cannot check anything but the window: no pass, still held.
        const HttpResult atHome = app.call("POST", u"/api/v1/editor/doctor"_s);
        QCOMPARE(atHome.status, 200);
        QCOMPARE(atHome.json()[u"passed"_s].toBool(), false);
        QVERIFY2(atHome.json()[u"problems"_s].toArray().first().toString().contains(
                     u"open a draft in the editor"_s),
                 atHome.body.constData());
        QVERIFY(!atHome.json().contains(u"released"_s));
        QVERIFY(app.call("GET", u"/api/v1/editor"_s)
                    .json()[u"queue"_s]
                    .toObject()[u"hold"_s]
                    .isString());
        QCOMPARE(app.exportJob(jobId)[u"state"_s].toString(), u"queued"_s);

        // The operator opens a draft in the editor (here: over the accessibility bus).
        QVERIFY(openStandinDraft(editor[u"pid"_s].toInteger(), u"held"_s));

        QVERIFY(app.call("GET", u"/api/v1/version"_s)
                    .json()[u"capabilities"_s]
                    .toArray()
                    .contains(u"doctor"_s));
        const HttpResult doctor = app.call("POST", u"/api/v1/editor/doctor"_s);
        QCOMPARE(doctor.status, 200);
        const QJsonObject report = doctor.json();
        QVERIFY2(report[u"passed"_s].toBool(),
                 QJsonDocument(report[u"problems"_s].toArray()).toJson().constData());
        QCOMPARE(report[u"released"_s].toBool(), true);
        editor = app.call("GET", u"/api/v1/editor"_s).json();
        QVERIFY(editor[u"versionChange"_s].isNull());
        QVERIFY(editor[u"queue"_s].toObject()[u"hold"_s].isNull());
        // Still paused by the operator, who resumes.
        QCOMPARE(editor[u"queue"_s].toObject()[u"paused"_s].toBool(), true);
        QTest::qWait(500);
        QCOMPARE(app.exportJob(jobId)[u"state"_s].toString(), u"queued"_s);
        QCOMPARE(app.call("POST", u"/api/v1/exports/resume"_s).json()[u"paused"_s].toBool(), false);
        QCOMPARE(app.waitFinished(jobId), u"done"_s);
        QVERIFY(!app.call("GET", u"/ready"_s)
                     .json()[u"checks"_s]
                     .toObject()
                     .contains(u"exportQueueHold"_s));
        QVERIFY(app.call("GET", u"/metrics"_s).body.contains("\ncutpilot_export_queue_held 0\n"));
        // Without a hold the doctor only reports (here on the home page: no pass, and nothing
        // is held because of it).
        const QJsonObject again = app.call("POST", u"/api/v1/editor/doctor"_s).json();
        QCOMPARE(again[u"passed"_s].toBool(), false);
        QVERIFY(!again.contains(u"released"_s));
        QVERIFY(
            app.call("GET", u"/api/v1/editor"_s).json()[u"queue"_s].toObject()[u"hold"_s].isNull());
    }
    {
        // The confirmed version is the known one now: no hold after a restart.
        App app(root, {u"--editor"_s, u"standin"_s}, fast + u" --ui 10.8"_s);
        QVERIFY2(app.waitListening(), app.output().constData());
        const QJsonObject editor = app.call("GET", u"/api/v1/editor"_s).json();
        QVERIFY(editor[u"versionChange"_s].isNull());
        QCOMPARE(editor[u"queue"_s].toObject()[u"paused"_s].toBool(), false);
    }
}

QTEST_GUILESS_MAIN(tst_EditorApp)
#include "tst_editorapp.moc"
