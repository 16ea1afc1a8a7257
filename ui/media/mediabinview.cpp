#include "mediabinview.h"

#include <QDragEnterEvent>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QKeyEvent>
#include <QMimeData>

#include <algorithm>

namespace CutPilot::Ui {

using namespace Qt::StringLiterals;

MediaBinView::MediaBinView(QWidget *parent)
    : QListView(parent)
{
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setDropIndicatorShown(false);
    setDefaultDropAction(Qt::CopyAction);
    setIconMode(false);
    setResizeMode(QListView::Adjust);
    setUniformItemSizes(true);
    setTextElideMode(Qt::ElideMiddle);
    setIconSize(QSize(128, 72));
    setSpacing(2);
}

void MediaBinView::setIconMode(bool icons)
{
    setViewMode(icons ? QListView::IconMode : QListView::ListMode);
    setWordWrap(icons);
    // The order is the sort's, never dragged by hand. setMovement() and setViewMode() also switch
    // dragging and dropping off for a static list: switch them on again afterwards.
    setMovement(QListView::Static);
    setDragEnabled(true);
    setAcceptDrops(true);
    viewport()->setAcceptDrops(true);
    setDragDropMode(QAbstractItemView::DragDrop);
}

bool MediaBinView::acceptsDrop(const QDropEvent *event) const
{
    if (event->source() == this || !event->mimeData() || !event->mimeData()->hasUrls())
        return false;
    const QList<QUrl> urls = event->mimeData()->urls();
    return std::any_of(urls.cbegin(), urls.cend(), [](const QUrl &url) {
        return url.isLocalFile() || url.scheme() == u"http"_s || url.scheme() == u"https"_s;
    });
}

void MediaBinView::dragEnterEvent(QDragEnterEvent *event)
{
    if (acceptsDrop(event)) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
    } else {
        event->ignore();
    }
}

void MediaBinView::dragMoveEvent(QDragMoveEvent *event)
{
    if (acceptsDrop(event)) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
    } else {
        event->ignore();
    }
}

void MediaBinView::dropEvent(QDropEvent *event)
{
    if (!acceptsDrop(event)) {
        event->ignore();
        return;
    }
    event->setDropAction(Qt::CopyAction);
    event->accept();
    Q_EMIT urlsDropped(event->mimeData()->urls());
}

void MediaBinView::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace)
        && event->modifiers() == Qt::NoModifier && selectionModel()
        && selectionModel()->hasSelection()) {
        Q_EMIT removeRequested();
        event->accept();
        return;
    }
    QListView::keyPressEvent(event);
}

} // namespace CutPilot::Ui
