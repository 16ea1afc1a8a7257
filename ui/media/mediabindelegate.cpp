#include "mediabindelegate.h"

#include "ui/media/mediabinitem.h"
#include "ui/media/mediabinmodel.h"

#include <QApplication>
#include <QPainter>
#include <QStyleOptionProgressBar>

#include <algorithm>

namespace CutPilot::Ui {

void MediaBinDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    const auto state = MediaBinItem::State(index.data(MediaBinModel::StateRole).toInt());
    if (state != MediaBinItem::State::Downloading)
        return;
    const int percent = index.data(MediaBinModel::ProgressRole).toInt();
    QStyleOptionProgressBar bar;
    bar.rect = QRect(option.rect.left() + 2, option.rect.bottom() - 5, option.rect.width() - 4, 4);
    bar.minimum = 0;
    bar.maximum = percent < 0 ? 0 : 100; // 0..0: busy, the size is unknown
    bar.progress = std::max(percent, 0);
    bar.state = QStyle::State_Enabled | QStyle::State_Horizontal;
    bar.palette = option.palette;
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
}

} // namespace CutPilot::Ui
