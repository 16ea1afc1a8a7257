#include "mainwindow.h"

#include <QEvent>
#include <QLabel>
#include <QStatusBar>

namespace CutPilot::Ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_placeholder(new QLabel(this))
    , m_apiStatus(new QLabel(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setObjectName(QStringLiteral("placeholder"));
    m_apiStatus->setObjectName(QStringLiteral("apiStatus"));
    setCentralWidget(m_placeholder);
    statusBar()->addPermanentWidget(m_apiStatus);
    resize(1280, 800);
    retranslateUi();
}

MainWindow::~MainWindow() = default;

void MainWindow::setApiStatus(bool listening, const QString &detail)
{
    m_apiListening = listening;
    m_apiDetail = detail;
    retranslateUi();
}

QString MainWindow::apiStatusText() const
{
    return m_apiStatus->text();
}

void MainWindow::activate()
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("CutPilot"));
    m_placeholder->setText(tr("No draft open"));
    if (m_apiDetail.isEmpty())
        m_apiStatus->setText(tr("API: not started"));
    else if (m_apiListening)
        m_apiStatus->setText(tr("API: %1").arg(m_apiDetail));
    else
        m_apiStatus->setText(tr("API unavailable: %1").arg(m_apiDetail));
}

} // namespace CutPilot::Ui
