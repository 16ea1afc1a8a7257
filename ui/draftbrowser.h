#pragma once

#include "core/draft/draftstore.h"

#include <QThreadPool>
#include <QTimer>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QTableView;

namespace CutPilot::Core {
class EventHub;
}

namespace CutPilot::Ui {

class DraftListModel;

/// The drafts dock: every draft of the DraftStore (also the ones an API client created), newest
/// first. The list is read on a worker thread and refreshed on "drafts" events and on a timer
/// (compat routes write to the store without an event), so the GUI never waits for the database.
/// A changed list is shown with one model reset (DraftListModel), keeping the selected draft and
/// the first visible one in place; an unchanged one costs one digest comparison.
class DraftBrowser final : public QWidget
{
    Q_OBJECT

public:
    /// `events` may be null (the timer alone then keeps the list current).
    DraftBrowser(Core::DraftStore &store, Core::EventHub *events, QWidget *parent = nullptr);
    ~DraftBrowser() override;

    /// Reads the list again (coalesced: at most one read runs at a time).
    void refresh();
    /// Keys in the order shown.
    QStringList keys() const;
    /// Marks the draft that is open in the window (shown in bold).
    void setCurrentKey(const QString &key);
    void setRefreshInterval(int milliseconds);
    /// Asks for the new draft's name (a window-modal input dialog), then newDraftRequested().
    void promptNewDraft();

Q_SIGNALS:
    void openRequested(const QString &key);
    /// The user asked for a new draft with this name (already trimmed, not empty).
    void newDraftRequested(const QString &name);
    /// The user confirmed deleting this draft.
    void deleteRequested(const QString &key);
    /// A refresh finished (for tests and the status bar).
    void refreshed(int drafts);

protected:
    void changeEvent(QEvent *event) override;

private:
    void showDrafts(std::shared_ptr<const QList<Core::DraftStore::Summary>> drafts,
                    const QStringList &warnings, const QByteArray &signature);
    /// Frees a list on the worker thread (100,000 summaries take milliseconds to free).
    void dispose(std::shared_ptr<const QList<Core::DraftStore::Summary>> drafts);
    /// How long after a change the list is read again (grows with the store's size).
    int refreshDelay() const;
    /// The poll's interval: setRefreshInterval(), or more for a store that takes long to read.
    int pollInterval() const;
    /// The timers' refresh: while a read runs, the next one waits refreshDelay() after it.
    void refreshLater();
    void read();
    void askDelete();
    void openSelected();
    void updateButtons();
    void retranslateUi();
    QString selectedKey() const;

    Core::DraftStore &m_store;
    QThreadPool m_pool; ///< one list() at a time; waited for on destruction (shutdown only)
    QTimer m_poll;
    int m_pollInterval = 3000; ///< setRefreshInterval()
    QTimer m_coalesce;
    qint64 m_lastReadMs = 0; ///< the last read's time on the worker
    bool m_reading = false;
    bool m_dirty = false;        ///< refresh() during a read: read again at once
    bool m_laterPending = false; ///< refreshLater() during a read: read again after the delay
    QByteArray m_signature;      ///< digest of what the list shows, to skip unchanged refreshes
    DraftListModel *m_model = nullptr;
    QTableView *m_list = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_delete = nullptr;
};

} // namespace CutPilot::Ui
