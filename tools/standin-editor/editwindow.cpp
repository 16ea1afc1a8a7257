#include "editwindow.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QShortcut>
#include <QVBoxLayout>

#include <array>

using namespace Qt::StringLiterals;

TitleBarButton::TitleBarButton(Glyph glyph, QWidget *parent)
    : CutPilot::Standin::ClickableGroup(parent)
    , m_glyph(glyph)
{
    CutPilot::Standin::setClassToken(this);
    setFixedSize(36, 28);
}

void TitleBarButton::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), QColor(0x33, 0x35, 0x3a));
    painter.setPen(QPen(Qt::white, 1.5));
    const QRectF r = QRectF(rect()).adjusted(11, 7, -11, -7);
    switch (m_glyph) {
    case Glyph::Minimise:
        painter.drawLine(r.bottomLeft(), r.bottomRight());
        break;
    case Glyph::Maximise:
        painter.drawRect(r);
        break;
    case Glyph::Home:
        painter.drawPolyline(QPolygonF{r.bottomLeft(),
                                       {r.left(), r.center().y()},
                                       {r.center().x(), r.top()},
                                       {r.right(), r.center().y()},
                                       r.bottomRight(),
                                       r.bottomLeft()});
        break;
    case Glyph::Close:
        painter.drawLine(r.topLeft(), r.bottomRight());
        painter.drawLine(r.topRight(), r.bottomLeft());
        break;
    }
}

namespace CutPilot::Standin {

MainWindowWindow::MainWindowWindow(const StandinOptions &options, const DraftEntry &draft,
                                   QWidget *parent)
    : QWidget(parent)
    , m_options(options)
    , m_draft(draft)
{
    setAccessibleRole(this, QAccessible::Window);
    setClassToken(this);
    setWindowTitle(options.title);

    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    layout->addLayout(top);

    // Four TitleBarButtons (depth 1; the 3rd goes back home, §3.2), then the title bar (group,
    // depth 1) holding the export text (depth 2); the tree order matches §11.2.
    const std::array glyphs{TitleBarButton::Glyph::Minimise, TitleBarButton::Glyph::Maximise,
                            TitleBarButton::Glyph::Home, TitleBarButton::Glyph::Close};
    QList<TitleBarButton *> buttons;
    for (TitleBarButton::Glyph glyph : glyphs) {
        buttons.append(new TitleBarButton(glyph, this));
        buttons.last()->setPressAction(options.exposeActions);
    }
    connect(buttons.at(2), &TitleBarButton::clicked, this, [this] {
        if (!m_gpuPrompt)
            emit homeRequested();
    });
    connect(buttons.at(3), &TitleBarButton::clicked, this, &MainWindowWindow::closeRequested);

    auto *titleBar = newGroup(this);
    auto *titleLayout = new QHBoxLayout(titleBar);
    titleLayout->setContentsMargins(4, 0, 4, 0);
    titleLayout->addWidget(new QLabel(draft.name, titleBar));
    titleLayout->addStretch(1);
    auto *exportText = new ClickableLabel(u"导出"_s, titleBar);
    // 10.8: the title-bar export button is not found (§1); Ctrl+E is the way in.
    exportText->setAccessibleDescription(
        options.ui == UiMode::V108 ? QString()
                                   : options.editorDescription(u"MainWindowTitleBarExportBtn"_s));
    exportText->setPressAction(options.exposeActions);
    exportText->setStyleSheet(
        u"background: #1e88e5; color: white; padding: 4px 14px; border-radius: 3px;"_s);
    titleLayout->addWidget(exportText);
    connect(exportText, &ClickableLabel::clicked, this, [this] {
        if (!m_gpuPrompt)
            emit exportRequested();
    });

    top->addWidget(titleBar, 1);
    for (TitleBarButton *button : buttons)
        top->addWidget(button);

    auto *preview = new QLabel(u"%1\n%2×%3 · %4 fps · %5 s"_s.arg(draft.name)
                                   .arg(draft.width)
                                   .arg(draft.height)
                                   .arg(draft.fps)
                                   .arg(double(draft.durationUs) / 1e6, 0, 'f', 2),
                               this);
    preview->setAlignment(Qt::AlignCenter);
    preview->setStyleSheet(u"background: black; color: #9e9e9e;"_s);
    layout->addWidget(preview, 1);

    auto *shortcut = new QShortcut(QKeySequence(u"Ctrl+E"_s), this);
    connect(shortcut, &QShortcut::activated, this, [this] {
        if (!m_gpuPrompt)
            emit exportRequested();
    });
}

void MainWindowWindow::showGpuPrompt()
{
    if (m_gpuPrompt)
        return;
    m_gpuPrompt = newGroup(this);
    m_gpuPrompt->setProperty("_standinOverlay", true);
    m_gpuPrompt->setAutoFillBackground(true);
    auto *layout = new QVBoxLayout(m_gpuPrompt);
    layout->addWidget(new QLabel(u"检测到 GPU 环境，是否启用硬件加速？"_s, m_gpuPrompt));
    auto *notNow = new ClickableLabel(u"暂不启用"_s, m_gpuPrompt);
    notNow->setAccessibleDescription(u"暂不启用"_s);
    notNow->setPressAction(m_options.exposeActions);
    notNow->setStyleSheet(u"background: #555; color: white; padding: 4px 14px;"_s);
    layout->addWidget(notNow);
    connect(notNow, &ClickableLabel::clicked, this, [this] {
        m_gpuPrompt->deleteLater();
        m_gpuPrompt = nullptr;
    });
    m_gpuPrompt->resize(360, 120);
    placeOverlay(m_gpuPrompt);
    m_gpuPrompt->show();
}

void MainWindowWindow::placeOverlay(QWidget *overlay)
{
    overlay->move((width() - overlay->width()) / 2, (height() - overlay->height()) / 2);
    overlay->raise();
}

void MainWindowWindow::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    for (QObject *child : children()) {
        auto *widget = qobject_cast<QWidget *>(child);
        if (widget && widget->property("_standinOverlay").toBool())
            placeOverlay(widget);
    }
}

} // namespace CutPilot::Standin
