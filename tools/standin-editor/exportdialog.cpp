#include "exportdialog.h"

#include "exportsettings.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

PanelSettingsGroup_QMLTYPE_0::PanelSettingsGroup_QMLTYPE_0(QWidget *parent)
    : QWidget(parent)
{
    CutPilot::Standin::setAccessibleRole(this, QAccessible::Grouping);
    CutPilot::Standin::setClassToken(this);
}

namespace CutPilot::Standin {

namespace {
const QString kBoxStyle = u"background: #2b2d31; color: white; padding: 4px 10px;"_s;
}

ExportDialog::ExportDialog(const StandinOptions &options, const DraftEntry &draft,
                           const QString &outputPath, QWidget *parent)
    : QWidget(parent)
    , m_options(options)
    , m_outputPath(outputPath)
    , m_resolution(closestResolution(draft.width, draft.height))
    , m_frameRate(closestFrameRate(draft.fps))
{
    setAccessibleRole(this, QAccessible::Dialog);
    setAccessibleName(u"导出"_s);
    setAccessibleOpaque(this, options.ui == UiMode::V108);
    setProperty("_standinOverlay", true);
    setFocusPolicy(Qt::StrongFocus);
    setAutoFillBackground(true);
    QPalette palette = this->palette();
    palette.setColor(QPalette::Window, QColor(0x24, 0x26, 0x2b));
    palette.setColor(QPalette::WindowText, Qt::white);
    setPalette(palette);

    auto *layout = new QVBoxLayout(this);
    auto *heading = new QLabel(u"导出"_s, this);
    heading->setStyleSheet(u"font-size: 15px; font-weight: bold;"_s);
    layout->addWidget(heading);

    // Path row: the `ExportPath` text and, as its next sibling, the text whose description is
    // the full output path (§3.2).
    auto *pathRow = newGroup(this);
    auto *pathLayout = new QHBoxLayout(pathRow);
    auto *pathLabel = new QLabel(u"导出至"_s, pathRow);
    pathLabel->setAccessibleDescription(described(u"ExportPath"_s));
    pathLayout->addWidget(pathLabel);
    auto *pathText = new QLabel(
        fontMetrics().elidedText(QFileInfo(outputPath).absolutePath(), Qt::ElideMiddle, 360),
        pathRow);
    pathText->setAccessibleDescription(described(outputPath));
    pathLayout->addWidget(pathText, 1);
    layout->addWidget(pathRow);

    if (options.faults.has(u"cover-element")) {
        // A cover thumbnail before the panel: index-based lookups break, class lookups do not.
        auto *cover = newGroup(this);
        auto *coverLayout = new QHBoxLayout(cover);
        coverLayout->addWidget(new QLabel(u"封面"_s, cover));
        layout->addWidget(cover);
    }

    auto *panel = new PanelSettingsGroup_QMLTYPE_0(this);
    auto *panelLayout = new QVBoxLayout(panel);
    panelLayout->setContentsMargins(0, 0, 0, 0);
    auto *row = newGroup(panel);
    auto *rowLayout = new QHBoxLayout(row);
    rowLayout->addWidget(new QLabel(u"分辨率"_s, row));
    m_resolutionBox = newClickable(m_resolution, u"ExportSharpnessInput"_s, row);
    m_resolutionBox->setStyleSheet(kBoxStyle);
    rowLayout->addWidget(m_resolutionBox);
    rowLayout->addSpacing(24);
    rowLayout->addWidget(new QLabel(u"帧率"_s, row));
    m_frameRateBox = newClickable(m_frameRate, u"FrameRateInput"_s, row);
    m_frameRateBox->setStyleSheet(kBoxStyle);
    rowLayout->addWidget(m_frameRateBox);
    rowLayout->addStretch(1);
    panelLayout->addWidget(row);
    layout->addWidget(panel);
    connect(m_resolutionBox, &ClickableLabel::clicked, this,
            [this] { openOptions(m_resolutionBox, resolutionOptions(), true); });
    connect(m_frameRateBox, &ClickableLabel::clicked, this,
            [this] { openOptions(m_frameRateBox, frameRateOptions(), false); });

    layout->addStretch(1);
    m_buttons = newGroup(this);
    auto *buttonLayout = new QHBoxLayout(m_buttons);
    buttonLayout->addStretch(1);
    m_okButton = newClickable(u"导出"_s, u"ExportOkBtn"_s, m_buttons);
    m_okButton->setStyleSheet(u"background: #1e88e5; color: white; padding: 4px 18px;"_s);
    buttonLayout->addWidget(m_okButton);
    auto *cancel = newClickable(u"取消"_s, QString(), m_buttons);
    cancel->setStyleSheet(u"background: #555; color: white; padding: 4px 18px;"_s);
    buttonLayout->addWidget(cancel);
    layout->addWidget(m_buttons);
    connect(m_okButton, &ClickableLabel::clicked, this, [this] {
        if (!m_exporting && !m_done)
            emit confirmed();
    });
    connect(cancel, &ClickableLabel::clicked, this, &ExportDialog::cancelled);

    resize(560, 360);
}

QString ExportDialog::described(const QString &description) const
{
    // 10.8: the dialog is a black box — no names or descriptions inside (§11.6).
    return m_options.ui == UiMode::V108 ? QString() : m_options.editorDescription(description);
}

ClickableLabel *ExportDialog::newClickable(const QString &text, const QString &description,
                                           QWidget *parent)
{
    auto *label = new ClickableLabel(text, parent);
    if (!description.isEmpty())
        label->setAccessibleDescription(described(description));
    label->setPressAction(m_options.exposeActions);
    return label;
}

void ExportDialog::openOptions(ClickableLabel *box, const QStringList &options, bool resolution)
{
    closeOptions();
    if (m_exporting || m_done)
        return;
    // The option list: a group at depth 1 of the dialog, texts at depth 2 whose descriptions are
    // exactly the option strings (§11.2). Destroyed when an option is chosen.
    m_optionList = newGroup(this);
    m_optionList->setAutoFillBackground(true);
    QPalette palette = m_optionList->palette();
    palette.setColor(QPalette::Window, QColor(0x3a, 0x3c, 0x42));
    m_optionList->setPalette(palette);
    auto *layout = new QVBoxLayout(m_optionList);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(0);
    for (const QString &option : options) {
        ClickableLabel *item = newClickable(option, option, m_optionList);
        item->setMinimumHeight(26);
        item->setStyleSheet(u"color: white; padding: 2px 10px;"_s);
        layout->addWidget(item);
        connect(item, &ClickableLabel::clicked, this, [this, box, option, resolution] {
            (resolution ? m_resolution : m_frameRate) = option;
            box->setText(option);
            closeOptions();
        });
    }
    m_optionList->adjustSize();
    m_optionList->setMinimumWidth(box->width());
    QPoint at = box->mapTo(this, QPoint(0, box->height()));
    at.setY(std::min(at.y(), height() - m_optionList->height()));
    m_optionList->move(at);
    m_optionList->raise();
    m_optionList->show();
}

void ExportDialog::closeOptions()
{
    if (m_optionList) {
        m_optionList->deleteLater();
        m_optionList = nullptr;
    }
}

void ExportDialog::setExporting()
{
    closeOptions();
    m_exporting = true;
    m_okButton->setEnabled(false);
    // The progress text: a direct child of the dialog (depth 1) named `NN%` (§3.2).
    m_progress = new QLabel(u"0%"_s, this);
    m_progress->setStyleSheet(u"font-size: 14px;"_s);
    static_cast<QVBoxLayout *>(layout())->insertWidget(layout()->count() - 1, m_progress);
    m_progress->show();
}

void ExportDialog::setProgress(int percent)
{
    if (m_progress)
        m_progress->setText(u"%1%"_s.arg(percent));
}

void ExportDialog::showDone()
{
    m_exporting = false;
    m_done = true;
    delete m_progress;
    m_progress = nullptr;
    delete m_buttons;
    m_buttons = nullptr;
    m_okButton = nullptr;
    // The done view (depth 1) with the close text `ExportSucceedCloseBtn` (depth 2).
    auto *done = newGroup(this);
    auto *doneLayout = new QHBoxLayout(done);
    doneLayout->addWidget(new QLabel(u"导出完成"_s, done));
    doneLayout->addStretch(1);
    ClickableLabel *close = newClickable(u"关闭"_s, u"ExportSucceedCloseBtn"_s, done);
    close->setStyleSheet(u"background: #1e88e5; color: white; padding: 4px 18px;"_s);
    doneLayout->addWidget(close);
    layout()->addWidget(done);
    done->show();
    connect(close, &ClickableLabel::clicked, this, &ExportDialog::closed);
}

void ExportDialog::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_done)
            emit closed();
        else if (!m_exporting)
            emit confirmed();
        break;
    case Qt::Key_Escape:
        if (m_done)
            emit closed();
        else
            emit cancelled();
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}

void ExportDialog::paintEvent(QPaintEvent *event)
{
    QWidget::paintEvent(event);
    QPainter painter(this);
    painter.setPen(QColor(0x60, 0x63, 0x6b));
    painter.drawRect(rect().adjusted(0, 0, -1, -1));
}

} // namespace CutPilot::Standin
