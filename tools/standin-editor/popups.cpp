#include "popups.h"

#include "accessibility.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace CutPilot::Standin {

PopupDialog::PopupDialog(const StandinOptions &options, const Spec &spec, QWidget *parent)
    : QWidget(parent)
{
    setAccessibleRole(this, QAccessible::Dialog);
    setAccessibleName(spec.title);
    setAccessibleDescription(spec.description);
    setProperty("_standinOverlay", true);
    if (!parent) {
        setWindowTitle(spec.title);
        setWindowModality(Qt::ApplicationModal);
    }
    setAutoFillBackground(true);
    QPalette palette = this->palette();
    palette.setColor(QPalette::Window, QColor(0x3a, 0x3c, 0x42));
    palette.setColor(QPalette::WindowText, Qt::white);
    setPalette(palette);

    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(spec.title, this);
    title->setStyleSheet(u"font-weight: bold;"_s);
    layout->addWidget(title);
    auto *message = new QLabel(spec.message, this);
    message->setWordWrap(true);
    layout->addWidget(message);
    auto *row = newGroup(this);
    auto *rowLayout = new QHBoxLayout(row);
    rowLayout->addStretch(1);
    for (int i = 0; i < spec.buttons.size(); ++i) {
        auto *button = new ClickableLabel(spec.buttons.at(i).text, row);
        button->setAccessibleDescription(spec.buttons.at(i).description);
        button->setPressAction(options.exposeActions);
        button->setStyleSheet(u"background: #555; color: white; padding: 4px 14px;"_s);
        rowLayout->addWidget(button);
        connect(button, &ClickableLabel::clicked, this, [this, i] { emit buttonClicked(i); });
    }
    layout->addWidget(row);
    resize(400, 160);
}

PopupDialog::Spec vipDialogSpec()
{
    return {u"开通会员"_s,
            u"草稿中使用了会员专属素材，开通会员后即可导出。"_s,
            u"StandinVipDialog"_s,
            {{u"开通会员"_s, u"StandinVipBuyBtn"_s}, {u"关闭"_s, u"StandinVipCloseBtn"_s}}};
}

PopupDialog::Spec updateDialogSpec()
{
    return {
        u"发现新版本"_s,
        u"剪映专业版有新版本可用。"_s,
        u"StandinUpdateDialog"_s,
        {{u"立即更新"_s, u"StandinUpdateNowBtn"_s}, {u"以后再说"_s, u"StandinUpdateLaterBtn"_s}}};
}

PopupDialog::Spec anomalyDialogSpec()
{
    return {u"草稿异常"_s,
            u"环境检测发现草稿异常，部分素材可能丢失。"_s,
            u"StandinAnomalyDialog"_s,
            {{u"确定"_s, u"StandinAnomalyOkBtn"_s}}};
}

PopupDialog::Spec exportErrorSpec(const QString &message)
{
    return {u"导出失败"_s,
            message,
            u"StandinExportErrorDialog"_s,
            {{u"关闭"_s, u"StandinExportErrorCloseBtn"_s}}};
}

} // namespace CutPilot::Standin
