#include "draftbrowser.h"

#include "core/services/eventhub.h"
#include "core/support/futurewatch.h"
#include "draftlistmodel.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QEvent>
#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace CutPilot::Ui {

using namespace Qt::StringLiterals;

namespace {

struct Listing
{
    std::shared_ptr<const QList<Core::DraftStore::Summary>> drafts;
    QStringList warnings;
    QByteArray signature; ///< of what the list shows, computed on the worker
    qint64 readMs = 0;    ///< how long the read took
};

/// A digest of everything the list shows, so that an unchanged refresh (the timer's usual answer)
/// costs the GUI thread one comparison instead of a pass over every draft.
QByteArray signatureOf(const QList<Core::DraftStore::Summary> &drafts, const QStringList &warnings)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    const auto add = [&hash](const QString &text) {
        const qint64 length = text.size(); // a length first: no two lists of texts hash alike
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(&length), sizeof length));
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(text.constData()),
                                    text.size() * qsizetype(sizeof(QChar))));
    };
    for (const Core::DraftStore::Summary &draft : drafts) {
        add(draft.key);
        add(draft.name);
        add(draft.profile);
        const qint64 numbers[]
            = {draft.modified.toMSecsSinceEpoch(), draft.durationUs, qint64(draft.tracks)};
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(numbers), sizeof numbers));
    }
    for (const QString &warning : warnings)
        add(warning);
    return hash.result();
}

} // namespace

DraftBrowser::DraftBrowser(Core::DraftStore &store, Core::EventHub *events, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_model(new DraftListModel(this))
    , m_list(new QTableView(this))
    , m_status(new QLabel(this))
    , m_new(new QPushButton(this))
    , m_open(new QPushButton(this))
    , m_delete(new QPushButton(this))
{
    setObjectName(u"draftBrowser"_s);
    m_pool.setMaxThreadCount(1);
    m_list->setObjectName(u"draftList"_s);
    // A table, not a tree: QTreeView lays out every row after a reset (30 ms for 100,000 drafts
    // here), a table with fixed row heights only the visible ones.
    m_list->setShowGrid(false);
    m_list->setWordWrap(false);
    m_list->setTabKeyNavigation(false);
    m_list->setCornerButtonEnabled(false);
    m_list->verticalHeader()->hide();
    m_list->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_list->horizontalHeader()->setHighlightSections(false);
    m_list->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setModel(m_model);
    m_list->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_list->horizontalHeader()->setStretchLastSection(false);
    m_new->setObjectName(u"newDraft"_s);
    m_open->setObjectName(u"openDraft"_s);
    m_delete->setObjectName(u"deleteDraft"_s);
    m_status->setObjectName(u"draftStatus"_s);
    m_status->setWordWrap(true);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_new);
    buttons->addWidget(m_open);
    buttons->addWidget(m_delete);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(buttons);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_status);

    connect(m_new, &QPushButton::clicked, this, &DraftBrowser::promptNewDraft);
    connect(m_open, &QPushButton::clicked, this, &DraftBrowser::openSelected);
    connect(m_delete, &QPushButton::clicked, this, &DraftBrowser::askDelete);
    connect(m_list, &QTableView::activated, this, &DraftBrowser::openSelected);
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DraftBrowser::updateButtons);

    // Bursts of events (an API script creating 100 drafts) cost one read, made soon after the
    // burst's first event: a steady stream of events must not postpone the read until it ends.
    // The wait grows with the time a read takes, so that a very large store is not read back to
    // back while a script runs (the worker would keep a core busy; see refreshDelay()).
    m_coalesce.setSingleShot(true);
    connect(&m_coalesce, &QTimer::timeout, this, &DraftBrowser::refreshLater);
    if (events) {
        connect(events, &Core::EventHub::published, this, [this](const Core::Event &event) {
            if (event.topic == Core::EventTopic::Drafts && !m_coalesce.isActive())
                m_coalesce.start(refreshDelay());
        });
    }
    m_poll.setInterval(m_pollInterval);
    connect(&m_poll, &QTimer::timeout, this, &DraftBrowser::refreshLater);
    m_poll.start();

    retranslateUi();
    updateButtons();
    refresh();
}

DraftBrowser::~DraftBrowser()
{
    m_pool.waitForDone(); // a list() in flight uses the store; shutdown only
}

void DraftBrowser::setRefreshInterval(int milliseconds)
{
    m_pollInterval = milliseconds;
    m_poll.setInterval(pollInterval());
}

int DraftBrowser::pollInterval() const
{
    // The poll finds what changed without an event (compat routes); with a very large store it
    // waits ten reads' time, so that an idle window does not keep reading (250,000 drafts take
    // about 0.7 s to read: a poll every 7 s instead of every 3 s).
    return int(std::max<qint64>(m_pollInterval, std::min<qint64>(10 * m_lastReadMs, 60'000)));
}

int DraftBrowser::refreshDelay() const
{
    // 150 ms, or four times the last read (the worker then reads at most a fifth of the time).
    return int(std::clamp<qint64>(4 * m_lastReadMs, 150, 10'000));
}

void DraftBrowser::refresh()
{
    if (m_reading) {
        m_dirty = true; // asked for (a new or deleted draft): read again as soon as this one ends
        return;
    }
    read();
}

void DraftBrowser::refreshLater()
{
    if (m_reading)
        m_laterPending = true;
    else
        read();
}

void DraftBrowser::read()
{
    m_reading = true;
    m_dirty = false;
    m_laterPending = false;
    Core::DraftStore *store = &m_store;
    Core::whenResult(this,
                     QtConcurrent::run(&m_pool,
                                       [store] {
                                           QElapsedTimer took;
                                           took.start();
                                           // Shared, so that the GUI thread can take the list out:
                                           // the future's copy must not free it on the GUI thread
                                           // later.
                                           auto listing = std::make_shared<Listing>();
                                           auto drafts
                                               = std::make_shared<QList<Core::DraftStore::Summary>>(
                                                   store->list(&listing->warnings));
                                           listing->signature
                                               = signatureOf(*drafts, listing->warnings);
                                           listing->drafts = std::move(drafts);
                                           listing->readMs = took.elapsed();
                                           return listing;
                                       }),
                     [this](const std::shared_ptr<Listing> &listing) {
                         m_reading = false;
                         m_lastReadMs = listing->readMs;
                         if (m_poll.interval() != pollInterval())
                             m_poll.setInterval(pollInterval());
                         showDrafts(std::exchange(listing->drafts, nullptr), listing->warnings,
                                    listing->signature);
                         if (m_dirty)
                             refresh();
                         else if (m_laterPending && !m_coalesce.isActive())
                             m_coalesce.start(refreshDelay());
                         m_laterPending = false;
                     });
}

QStringList DraftBrowser::keys() const
{
    QStringList keys;
    keys.reserve(m_model->rowCount());
    for (int row = 0; row < m_model->rowCount(); ++row)
        keys.append(m_model->keyAt(row));
    return keys;
}

void DraftBrowser::setCurrentKey(const QString &key)
{
    m_model->setCurrentKey(key);
}

void DraftBrowser::showDrafts(std::shared_ptr<const QList<Core::DraftStore::Summary>> drafts,
                              const QStringList &warnings, const QByteArray &signature)
{
    const int count = int(drafts->size());
    // Unchanged (the timer's usual answer): keep the list as it is, scroll position included.
    if (signature == m_signature && m_model->rowCount() == count) {
        dispose(std::move(drafts));
        Q_EMIT refreshed(count);
        return;
    }
    m_signature = signature;

    // What the user looks at stays in place: the selected draft, and, when the list is scrolled
    // down, the first visible one (new drafts arrive at the top). At the very top the list stays
    // at the top, so that new drafts come into view.
    const QString selected = selectedKey();
    QScrollBar *scrollBar = m_list->verticalScrollBar();
    const QModelIndex firstVisible = m_list->indexAt(QPoint(0, 0));
    const QString topKey = scrollBar->value() > 0 ? m_model->keyAt(firstVisible.row()) : QString();
    const int scrolledBy = m_list->visualRect(firstVisible).top(); // <= 0: partly hidden
    dispose(m_model->setRows(std::move(drafts)));
    // The view's layout is only scheduled by the reset: make it now, so that the scroll bar's
    // range is the new list's before the position is restored.
    m_list->doItemsLayout();
    if (const int row = m_model->rowOf(selected); row >= 0) {
        const bool autoScroll = m_list->hasAutoScroll();
        m_list->setAutoScroll(false); // the anchor decides the position, not the selection
        m_list->selectionModel()->setCurrentIndex(m_model->index(row, 0),
                                                  QItemSelectionModel::ClearAndSelect
                                                      | QItemSelectionModel::Rows);
        m_list->setAutoScroll(autoScroll);
    }
    if (const int top = m_model->rowOf(topKey); top >= 0) {
        if (m_list->verticalScrollMode() == QAbstractItemView::ScrollPerItem)
            scrollBar->setValue(top);
        else // a partly hidden first row stays as hidden as it was
            scrollBar->setValue(m_list->verticalHeader()->sectionPosition(top) - scrolledBy);
    }
    m_status->setText(warnings.isEmpty()
                          ? tr("%n draft(s)", nullptr, count)
                          : tr("Drafts could not be read: %1").arg(warnings.join(u"; "_s)));
    updateButtons();
    Q_EMIT refreshed(count);
}

void DraftBrowser::dispose(std::shared_ptr<const QList<Core::DraftStore::Summary>> drafts)
{
    if (drafts && drafts.use_count() == 1 && drafts->size() > 1000)
        m_pool.start([drafts = std::move(drafts)]() mutable { drafts.reset(); });
}

QString DraftBrowser::selectedKey() const
{
    const QModelIndexList rows = m_list->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_model->keyAt(rows.first().row());
}

void DraftBrowser::promptNewDraft()
{
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(u"newDraftDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("New draft"));
    dialog->setLabelText(tr("Name of the new draft:"));
    dialog->setTextValue(tr("Untitled"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &text) {
        const QString name = text.trimmed();
        if (name.isEmpty()) {
            m_status->setText(tr("A draft needs a name."));
            return;
        }
        Q_EMIT newDraftRequested(name);
    });
    dialog->open();
}

void DraftBrowser::askDelete()
{
    const QString key = selectedKey();
    if (key.isEmpty())
        return;
    const QString name
        = m_model->data(m_model->index(m_model->rowOf(key), DraftListModel::Name)).toString();
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Delete draft"),
                                tr("Delete the draft \"%1\"? This cannot be undone.").arg(name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(u"deleteDraftConfirmation"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, key] {
        if (box->standardButton(box->clickedButton()) == QMessageBox::Yes)
            Q_EMIT deleteRequested(key);
    });
    box->open();
}

void DraftBrowser::openSelected()
{
    const QString key = selectedKey();
    if (!key.isEmpty())
        Q_EMIT openRequested(key);
}

void DraftBrowser::updateButtons()
{
    const bool selected = !selectedKey().isEmpty();
    m_open->setEnabled(selected);
    m_delete->setEnabled(selected);
}

void DraftBrowser::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void DraftBrowser::retranslateUi()
{
    m_model->retranslate();
    m_new->setText(tr("New…"));
    m_new->setToolTip(tr("Create an empty draft"));
    m_open->setText(tr("Open"));
    m_delete->setText(tr("Delete…"));
}

} // namespace CutPilot::Ui
