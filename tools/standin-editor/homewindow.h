#pragma once

#include "draftcatalog.h"
#include "standinoptions.h"

#include <QWidget>

class QGridLayout;
class QLabel;

namespace CutPilot::Standin {

/// The home page (draft list, spec/editor-automation.md §11.2): a top-level window whose class
/// name contains `HomePage`, one card per draft of the current page. Paging (PageDown/PageUp,
/// wheel) replaces the cards, so cards of other pages are not in the accessibility tree.
class HomePageWindow final : public QWidget
{
    Q_OBJECT

public:
    HomePageWindow(const StandinOptions &options, QList<DraftEntry> drafts,
                   QWidget *parent = nullptr);

    int page() const { return m_page; }
    int pageCount() const;
    void setPage(int page);

signals:
    void draftActivated(const CutPilot::Standin::DraftEntry &draft);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;

private:
    void rebuildCards();
    QWidget *newCard(const DraftEntry &draft);

    const StandinOptions &m_options;
    QList<DraftEntry> m_drafts;
    QList<QWidget *> m_cards;
    QGridLayout *m_grid = nullptr;
    QLabel *m_pageLabel = nullptr;
    int m_page = 0;
};

} // namespace CutPilot::Standin
