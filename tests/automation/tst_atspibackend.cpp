// The AT-SPI backend against a real widget tree of this process, over the real accessibility bus
// (Xvfb + dbus-run-session, QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1; see tools/test-session.sh).
// The backend runs on a worker thread, like the export driver, while the GUI thread answers the
// bus.
#include "automation/atspibackend.h"
#include "core/editor/selector.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QVBoxLayout>

#include <functional>
#include <optional>

using namespace CutPilot;
using namespace CutPilot::Core::Editor;
using namespace Qt::StringLiterals;

namespace {

/// A label that counts mouse clicks (press + release inside), like the editor's text items.
class ClickLabel : public QLabel
{
public:
    using QLabel::QLabel;
    int clicks = 0;

protected:
    void mousePressEvent(QMouseEvent *) override { m_pressed = true; }
    void mouseReleaseEvent(QMouseEvent *event) override
    {
        if (m_pressed && rect().contains(event->position().toPoint()))
            ++clicks;
        m_pressed = false;
    }

private:
    bool m_pressed = false;
};

/// Runs `work` on a fresh thread with its own backend while this thread keeps serving the bus.
template<typename T>
T onWorker(std::function<T(Automation::AtspiBackend &)> work)
{
    std::optional<T> result;
    bool done = false;
    QThread *thread = QThread::create([&] {
        Automation::AtspiBackend backend(QCoreApplication::applicationPid());
        result = work(backend);
        done = true;
    });
    thread->start();
    QDeadlineTimer deadline(20'000);
    while (!thread->isFinished() && !deadline.hasExpired())
        QTest::qWait(20);
    thread->wait();
    delete thread;
    if (!done || !result)
        qFatal("the worker did not finish");
    return std::move(*result);
}

} // namespace

class tst_AtspiBackend : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void snapshotShowsRolesTextsAndClassTokens();
    void activatesByActionAndByClick();
    void sendsKeysToTheWindow();
    void unknownProcessIsNotRunning();

private:
    QWidget m_window;
    QLabel *m_title = nullptr;
    QLabel *m_hidden = nullptr;
    QPushButton *m_button = nullptr;
    ClickLabel *m_clickable = nullptr;
};

void tst_AtspiBackend::initTestCase()
{
    if (QGuiApplication::platformName() != u"xcb")
        QSKIP("needs the xcb platform (Xvfb): offscreen has no accessibility bridge");
    if (!Automation::AtspiBackend::busAvailable())
        QSKIP(
            "no accessibility bus in this session (run under dbus-run-session with at-spi2-core)");
    m_window.setWindowTitle(u"剪映专业版"_s);
    m_window.setAccessibleDescription(u"class=HomePageWindow"_s);
    auto *layout = new QVBoxLayout(&m_window);
    auto *row = new QWidget(&m_window);
    auto *rowLayout = new QHBoxLayout(row);
    m_title = new QLabel(u"Travel"_s, row);
    m_title->setAccessibleDescription(u"HomePageDraftTitle:Travel"_s);
    rowLayout->addWidget(m_title);
    m_hidden = new QLabel(u"hidden"_s, row);
    m_hidden->setAccessibleDescription(u"HiddenThing"_s);
    m_hidden->hide();
    rowLayout->addWidget(m_hidden);
    layout->addWidget(row);
    m_button = new QPushButton(u"导出"_s, &m_window);
    m_button->setAccessibleDescription(u"ExportOkBtn"_s);
    layout->addWidget(m_button);
    m_clickable = new ClickLabel(u"clickable text"_s, &m_window);
    m_clickable->setAccessibleDescription(u"MainWindowTitleBarExportBtn"_s);
    m_clickable->setMinimumSize(200, 40);
    layout->addWidget(m_clickable);
    m_window.resize(400, 300);
    m_window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&m_window));
}

void tst_AtspiBackend::snapshotShowsRolesTextsAndClassTokens()
{
    const auto windows = onWorker<Core::Result<QList<UiNode>>>(
        [](Automation::AtspiBackend &b) { return b.snapshot(4); });
    QVERIFY2(windows, qPrintable(windows ? QString() : windows.error().message()));
    QCOMPARE(windows->size(), 1);
    const UiNode &window = windows->first();
    QCOMPARE(window.name, u"剪映专业版"_s);
    QCOMPARE(window.className, u"HomePageWindow"_s); // from the class= token

    Selector title;
    title.roles = {u"text"_s};
    title.description
        = TextMatch(TextMatch::Mode::Equals, u"HomePageDraftTitle:{draftName}"_s, false);
    const UiMatch card = find(window, title, {{u"draftName"_s, u"Travel"_s}});
    QVERIFY2(card, qPrintable(QString::fromUtf8(QJsonDocument(window.toJson()).toJson())));
    QCOMPARE(card.node->name, u"Travel"_s);
    QCOMPARE(card.path.size(), 2); // window > row > label, as the editor's card
    QVERIFY(!card.node->extents.isEmpty());

    // The hidden label is listed by Qt's bridge but not showing: the selector skips it.
    Selector hidden;
    hidden.description = TextMatch(TextMatch::Mode::Equals, u"HiddenThing"_s, false);
    QVERIFY(!find(window, hidden));
    const UiNode *row = card.parent;
    QVERIFY(std::any_of(row->children.begin(), row->children.end(), [](const UiNode &n) {
        return n.description == u"HiddenThing" && !n.showing;
    }));

    Selector button;
    button.roles = {u"button"_s};
    button.description = TextMatch(TextMatch::Mode::Equals, u"ExportOkBtn"_s, false);
    const UiMatch ok = find(window, button);
    QVERIFY(ok);
    QCOMPARE(ok.node->name, u"导出"_s);
    QVERIFY(ok.node->actions.contains(u"Press"_s));
}

void tst_AtspiBackend::activatesByActionAndByClick()
{
    QSignalSpy clicked(m_button, &QPushButton::clicked);
    const auto pressed = onWorker<QString>([](Automation::AtspiBackend &b) -> QString {
        const auto windows = b.snapshot(4);
        if (!windows)
            return windows.error().message();
        Selector button;
        button.description = TextMatch(TextMatch::Mode::Equals, u"ExportOkBtn"_s, false);
        const UiMatch ok = find(windows->first(), button);
        if (!ok)
            return u"button not found"_s;
        const Core::Result<> done = b.activate(*ok.node, false);
        return done ? QString() : done.error().message();
    });
    QVERIFY2(pressed.isEmpty(), qPrintable(pressed));
    QTRY_COMPARE(clicked.count(), 1);

    // A label offers no action: refused without clicks, clicked with them.
    const auto refused = onWorker<QString>([](Automation::AtspiBackend &b) -> QString {
        const auto windows = b.snapshot(4);
        Selector text;
        text.description = TextMatch(TextMatch::Mode::Contains, u"TitleBarExportBtn"_s, false);
        const UiMatch label = find(windows->first(), text);
        if (!label)
            return u"label not found"_s;
        const Core::Result<> noClick = b.activate(*label.node, false);
        if (noClick)
            return u"activated without an action or a click"_s;
        const Core::Result<> click = b.activate(*label.node, true);
        return click ? QString() : click.error().message();
    });
    QVERIFY2(refused.isEmpty(), qPrintable(refused));
    QTRY_COMPARE(m_clickable->clicks, 1);
}

void tst_AtspiBackend::sendsKeysToTheWindow()
{
    QSignalSpy clicked(m_button, &QPushButton::clicked);
    m_button->setFocus();
    m_window.activateWindow();
    QTRY_VERIFY(m_button->hasFocus());
    const auto sent = onWorker<QString>([](Automation::AtspiBackend &b) -> QString {
        const auto windows = b.snapshot(1);
        if (!windows)
            return windows.error().message();
        const Core::Result<> space = b.sendKeys(windows->first(), u"space"_s);
        if (!space)
            return space.error().message();
        const Core::Result<> bad = b.sendKeys(windows->first(), u"Hyper+F99"_s);
        return bad ? u"an unknown key was accepted"_s : QString();
    });
    QVERIFY2(sent.isEmpty(), qPrintable(sent));
    QTRY_COMPARE(clicked.count(), 1); // space presses the focused button
}

void tst_AtspiBackend::unknownProcessIsNotRunning()
{
    const auto result = onWorker<QString>([](Automation::AtspiBackend &b) -> QString {
        b.setPid(999'999'9);
        const auto windows = b.snapshot(2);
        if (windows)
            return u"a snapshot of a process that does not exist"_s;
        if (windows.error().code() != Core::ErrorCode::EditorNotRunning)
            return windows.error().message();
        return b.isResponsive() ? u"responsive"_s : QString();
    });
    QVERIFY2(result.isEmpty(), qPrintable(result));
}

QTEST_MAIN(tst_AtspiBackend)
#include "tst_atspibackend.moc"
