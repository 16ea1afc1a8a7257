// The drafts list (DraftBrowser's QTableView) as the GUI tests drive it.
#pragma once

#include <QAbstractItemModel>
#include <QTableView>
#include <QTest>

namespace DraftListTesting {

/// The drafts list's row showing `text` in its name column (invalid when none).
inline QModelIndex itemFor(QTableView *list, const QString &text)
{
    QAbstractItemModel *model = list->model();
    if (model->rowCount() == 0)
        return {};
    const QModelIndexList found
        = model->match(model->index(0, 0), Qt::DisplayRole, text, 1, Qt::MatchExactly);
    return found.isEmpty() ? QModelIndex() : found.first();
}

inline void clickItem(QTableView *list, const QModelIndex &item)
{
    QVERIFY(item.isValid());
    list->scrollTo(item);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(item).center());
}

inline QString keyAtTop(QTableView *list)
{
    return list->indexAt(QPoint(0, 0)).data(Qt::UserRole).toString();
}

} // namespace DraftListTesting
