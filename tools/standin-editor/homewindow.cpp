#include "homewindow.h"

#include "accessibility.h"

#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QVBoxLayout>
#include <QWheelEvent>

using namespace Qt::StringLiterals;

namespace CutPilot::Standin {

namespace {
constexpr int kColumns = 4;
constexpr int kVisibleNameChars = 30; // longer names are elided on the card (§11.2)
} // namespace

HomePageWindow::HomePageWindow(const StandinOptions &options, QList<DraftEntry> drafts,
                               QWidget *parent)
    : QWidget(parent)
    , m_options(options)
    , m_drafts(std::move(drafts))
{
    setAccessibleRole(this, QAccessible::Window);
    setClassToken(this);
    setWindowTitle(options.title);
    setFocusPolicy(Qt::StrongFocus);

    auto *layout = new QVBoxLayout(this);
    auto *header = new QLabel(u"草稿 · CutPilot stand-in editor (not JianYing)"_s, this);
    header->setStyleSheet(u"font-size: 16px; font-weight: bold;"_s);
    layout->addWidget(header);
    m_grid = new QGridLayout;
    m_grid->setSpacing(12);
    layout->addLayout(m_grid);
    layout->addStretch(1);
    m_pageLabel = new QLabel(this);
    layout->addWidget(m_pageLabel);
    rebuildCards();
}

int HomePageWindow::pageCount() const
{
    const int perPage = std::max(1, m_options.maxCards);
    return std::max(1, int((m_drafts.size() + perPage - 1) / perPage));
}

void HomePageWindow::setPage(int page)
{
    page = std::clamp(page, 0, pageCount() - 1);
    if (page == m_page)
        return;
    m_page = page;
    rebuildCards();
}

void HomePageWindow::rebuildCards()
{
    // Destroyed, not hidden: Qt's AT-SPI bridge would still list hidden cards (§11.2).
    qDeleteAll(m_cards);
    m_cards.clear();
    const int perPage = std::max(1, m_options.maxCards);
    const qsizetype first = qsizetype(m_page) * perPage;
    for (qsizetype i = first; i < std::min(m_drafts.size(), first + perPage); ++i) {
        QWidget *card = newCard(m_drafts.at(i));
        const int slot = int(i - first);
        m_grid->addWidget(card, slot / kColumns, slot % kColumns);
        m_cards.append(card);
    }
    m_pageLabel->setText(
        u"%1 drafts · page %2/%3"_s.arg(m_drafts.size()).arg(m_page + 1).arg(pageCount()));
}

QWidget *HomePageWindow::newCard(const DraftEntry &draft)
{
    auto *card = new ClickableGroup(this);
    card->setPressAction(m_options.exposeActions);
    card->setFixedSize(210, 130);
    card->setAutoFillBackground(true);
    QPalette palette = card->palette();
    palette.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    palette.setColor(QPalette::WindowText, Qt::white);
    card->setPalette(palette);

    auto *layout = new QVBoxLayout(card);
    layout->addStretch(1);
    const QString visible = draft.name.size() > kVisibleNameChars
                                ? draft.name.left(kVisibleNameChars - 1) + u'…'
                                : draft.name;
    auto *title = new QLabel(visible, card);
    title->setAttribute(Qt::WA_TransparentForMouseEvents); // the card takes the click
    setFullText(title, draft.name);
    QString described = draft.name;
    if (const Fault *longName = m_options.faults.find(u"long-name"))
        described.truncate(qsizetype(longName->number));
    title->setAccessibleDescription(
        m_options.editorDescription(u"HomePageDraftTitle:"_s + described));
    layout->addWidget(title);

    connect(card, &ClickableGroup::clicked, this, [this, draft] { emit draftActivated(draft); });
    return card;
}

void HomePageWindow::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_PageDown)
        setPage(m_page + 1);
    else if (event->key() == Qt::Key_PageUp)
        setPage(m_page - 1);
    else
        QWidget::keyPressEvent(event);
}

void HomePageWindow::wheelEvent(QWheelEvent *event)
{
    const int steps = event->angleDelta().y() / 120;
    if (steps != 0)
        setPage(m_page - steps);
    event->accept();
}

} // namespace CutPilot::Standin
