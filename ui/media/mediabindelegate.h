#pragma once

#include <QStyledItemDelegate>

namespace CutPilot::Ui {

/// Paints a media bin item as the standard delegate does (thumbnail, name, facts line) plus a
/// thin progress bar along its bottom edge while the item downloads.
class MediaBinDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};

} // namespace CutPilot::Ui
