#include "draftlistmodel.h"

#include <QFont>
#include <QLocale>

namespace CutPilot::Ui {

using namespace Qt::StringLiterals;

namespace {

QString formatDuration(qint64 us)
{
    const qint64 seconds = us / 1'000'000;
    return u"%1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

DraftListModel::DraftListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

const QList<Core::DraftStore::Summary> &DraftListModel::rows() const
{
    static const QList<Core::DraftStore::Summary> none;
    return m_rows ? *m_rows : none;
}

DraftListModel::Rows DraftListModel::setRows(Rows rows)
{
    beginResetModel();
    std::swap(m_rows, rows);
    endResetModel();
    return rows;
}

void DraftListModel::setCurrentKey(const QString &key)
{
    if (key == m_currentKey)
        return;
    const int before = rowOf(m_currentKey);
    m_currentKey = key;
    for (const int row : {before, rowOf(key)}) {
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {Qt::FontRole});
    }
}

int DraftListModel::rowOf(const QString &key) const
{
    if (key.isEmpty())
        return -1;
    const QList<Core::DraftStore::Summary> &all = rows();
    for (qsizetype row = 0; row < all.size(); ++row) {
        if (all[row].key == key)
            return int(row);
    }
    return -1;
}

QString DraftListModel::keyAt(int row) const
{
    const QList<Core::DraftStore::Summary> &all = rows();
    return row >= 0 && row < all.size() ? all[row].key : QString();
}

int DraftListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(rows().size());
}

int DraftListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DraftListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Core::DraftStore::Summary &draft = rows()[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return draft.name.isEmpty() ? draft.key : draft.name;
        case Length:
            return formatDuration(draft.durationUs);
        case Modified:
            return QLocale().toString(draft.modified.toLocalTime(), QLocale::NarrowFormat);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() != Name)
            return {};
        return tr("%1\nKey: %2\nProfile: %3\nTracks: %4")
            .arg(draft.name, draft.key, draft.profile)
            .arg(draft.tracks);
    case Qt::FontRole:
        if (index.column() == Name && !m_currentKey.isEmpty() && draft.key == m_currentKey) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case KeyRole:
        return draft.key;
    default:
        return {};
    }
}

QVariant DraftListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Length:
        return tr("Length");
    case Modified:
        return tr("Modified");
    default:
        return {};
    }
}

void DraftListModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!rows().isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::ToolTipRole});
}

} // namespace CutPilot::Ui
