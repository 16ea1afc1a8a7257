#include "ui/mainwindow.h"
#include "ui/translations.h"

#include <QApplication>
#include <QLabel>
#include <QStatusBar>
#include <QTest>

using namespace CutPilot::Ui;
using namespace Qt::StringLiterals;

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void titleAndApiStatus();
    void translationsSwitchAtRunTime();
    void activateRestoresAMinimizedWindow();
};

void tst_MainWindow::titleAndApiStatus()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.windowTitle().startsWith(u"CutPilot"_s));
    QCOMPARE(window.apiStatusText(), u"API: not started"_s);
    window.setApiStatus(true, u"http://127.0.0.1:9001"_s);
    QCOMPARE(window.apiStatusText(), u"API: http://127.0.0.1:9001"_s);
    window.setApiStatus(false, u"address in use"_s);
    QCOMPARE(window.apiStatusText(), u"API unavailable: address in use"_s);
    QVERIFY(window.findChild<QLabel *>(u"apiStatus"_s)->isVisible());
}

void tst_MainWindow::translationsSwitchAtRunTime()
{
    QVERIFY(Translations::available().contains(u"zh_CN"_s));
    QVERIFY(Translations::available().contains(u"en"_s));

    MainWindow window;
    window.setApiStatus(false, u"x"_s);
    Translations translations(qApp);
    QCOMPARE(translations.apply(u"zh_CN"_s), u"zh_CN"_s);
    // QApplication delivers LanguageChange to the widgets as posted events.
    QTRY_COMPARE(window.findChild<QLabel *>(u"placeholder"_s)->text(), u"未打开草稿"_s);
    QCOMPARE(window.apiStatusText(), u"API 不可用：x"_s);

    translations.apply(u"en"_s);
    QTRY_COMPARE(window.findChild<QLabel *>(u"placeholder"_s)->text(), u"No draft open"_s);
    QCOMPARE(window.apiStatusText(), u"API unavailable: x"_s);
}

void tst_MainWindow::activateRestoresAMinimizedWindow()
{
    MainWindow window;
    window.showMinimized();
    QTRY_VERIFY(window.isMinimized());
    window.activate();
    QTRY_VERIFY(!window.isMinimized());
    QVERIFY(window.isVisible());
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
