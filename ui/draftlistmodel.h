#pragma once

#include "core/draft/draftstore.h"

#include <QAbstractTableModel>

#include <memory>

namespace CutPilot::Ui {

/// The drafts dock's rows: the DraftStore's summaries, newest first, as a table (name, length,
/// modified). Built for stores of 100,000+ drafts (API scripts): the rows are one shared list
/// replaced as a whole (one model reset, no per-row objects), and texts are made only for the rows
/// a view asks for (the visible ones).
class DraftListModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Name,
        Length,
        Modified,
        ColumnCount
    };
    /// The draft's store key (Qt::UserRole), in every column.
    static constexpr int KeyRole = Qt::UserRole;

    using Rows = std::shared_ptr<const QList<Core::DraftStore::Summary>>;

    explicit DraftListModel(QObject *parent = nullptr);

    /// Shows `rows` (one model reset) and returns the list shown before, so that the caller may
    /// free it where it costs no GUI time (a large list takes milliseconds to free).
    Rows setRows(Rows rows);
    /// The draft shown in bold (the one open in the window); empty for none.
    void setCurrentKey(const QString &key);
    QString currentKey() const { return m_currentKey; }

    /// The row of `key`, or -1.
    int rowOf(const QString &key) const;
    QString keyAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// The header's texts follow the UI language; call on QEvent::LanguageChange.
    void retranslate();

private:
    const QList<Core::DraftStore::Summary> &rows() const;

    Rows m_rows;
    QString m_currentKey;
};

} // namespace CutPilot::Ui
