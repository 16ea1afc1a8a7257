#include "draftbrowser.h"

#include "core/services/eventhub.h"
#include "core/support/futurewatch.h"

#include <QCryptographicHash>
#include <QEvent>
#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace CutPilot::Ui {

using namespace Qt::StringLiterals;

namespace {

constexpr int KeyRole = Qt::UserRole;

QString formatDuration(qint64 us)
{
    const qint64 seconds = us / 1'000'000;
    return u"%1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

struct Listing
{
    QList<Core::DraftStore::Summary> drafts;
    QStringList warnings;
    QByteArray signature; ///< of what the list shows, computed on the worker
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
    , m_list(new QTreeWidget(this))
    , m_status(new QLabel(this))
    , m_new(new QPushButton(this))
    , m_open(new QPushButton(this))
    , m_delete(new QPushButton(this))
{
    setObjectName(u"draftBrowser"_s);
    m_pool.setMaxThreadCount(1);
    m_list->setObjectName(u"draftList"_s);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setColumnCount(3);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(false);
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
    connect(m_list, &QTreeWidget::itemActivated, this, &DraftBrowser::openSelected);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &DraftBrowser::updateButtons);

    // Bursts of events (an API script creating 100 drafts) cost one read.
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(150);
    connect(&m_coalesce, &QTimer::timeout, this, &DraftBrowser::refresh);
    if (events) {
        connect(events, &Core::EventHub::published, this, [this](const Core::Event &event) {
            if (event.topic == Core::EventTopic::Drafts)
                m_coalesce.start();
        });
    }
    m_poll.setInterval(3000);
    connect(&m_poll, &QTimer::timeout, this, &DraftBrowser::refresh);
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
    m_poll.setInterval(milliseconds);
}

void DraftBrowser::refresh()
{
    if (m_reading) {
        m_dirty = true;
        return;
    }
    m_reading = true;
    m_dirty = false;
    Core::DraftStore *store = &m_store;
    Core::whenResult(this,
                     QtConcurrent::run(&m_pool,
                                       [store] {
                                           Listing listing;
                                           listing.drafts = store->list(&listing.warnings);
                                           listing.signature
                                               = signatureOf(listing.drafts, listing.warnings);
                                           return listing;
                                       }),
                     [this](const Listing &listing) {
                         m_reading = false;
                         showDrafts(listing.drafts, listing.warnings, listing.signature);
                         if (m_dirty)
                             refresh();
                     });
}

QStringList DraftBrowser::keys() const
{
    QStringList keys;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        keys.append(m_list->topLevelItem(i)->data(0, KeyRole).toString());
    return keys;
}

void DraftBrowser::setCurrentKey(const QString &key)
{
    m_currentKey = key;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        QFont font = item->font(0);
        font.setBold(item->data(0, KeyRole).toString() == key);
        item->setFont(0, font);
    }
}

void DraftBrowser::showDrafts(const QList<Core::DraftStore::Summary> &drafts,
                              const QStringList &warnings, const QByteArray &signature)
{
    // Unchanged (the timer's usual answer): keep the list as it is, scroll position included.
    if (signature == m_signature && m_list->topLevelItemCount() == drafts.size()) {
        Q_EMIT refreshed(int(drafts.size()));
        return;
    }
    m_signature = signature;

    const QString selected = selectedKey();
    const QSignalBlocker blocker(m_list);
    m_list->clear();
    const QLocale locale;
    QTreeWidgetItem *reselect = nullptr;
    for (const Core::DraftStore::Summary &draft : drafts) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(0, draft.name.isEmpty() ? draft.key : draft.name);
        item->setText(1, formatDuration(draft.durationUs));
        item->setText(2, locale.toString(draft.modified.toLocalTime(), QLocale::NarrowFormat));
        item->setData(0, KeyRole, draft.key);
        item->setToolTip(0, tr("%1\nKey: %2\nProfile: %3\nTracks: %4")
                                .arg(draft.name, draft.key, draft.profile)
                                .arg(draft.tracks));
        if (draft.key == selected)
            reselect = item;
    }
    if (reselect)
        m_list->setCurrentItem(reselect);
    setCurrentKey(m_currentKey);
    m_status->setText(warnings.isEmpty()
                          ? tr("%n draft(s)", nullptr, int(drafts.size()))
                          : tr("Drafts could not be read: %1").arg(warnings.join(u"; "_s)));
    updateButtons();
    Q_EMIT refreshed(int(drafts.size()));
}

QString DraftBrowser::selectedKey() const
{
    const QList<QTreeWidgetItem *> items = m_list->selectedItems();
    return items.isEmpty() ? QString() : items.first()->data(0, KeyRole).toString();
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
    const QString name = m_list->selectedItems().first()->text(0);
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
    m_list->setHeaderLabels({tr("Name"), tr("Length"), tr("Modified")});
    m_new->setText(tr("New…"));
    m_new->setToolTip(tr("Create an empty draft"));
    m_open->setText(tr("Open"));
    m_delete->setText(tr("Delete…"));
}

} // namespace CutPilot::Ui
