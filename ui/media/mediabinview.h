#pragma once

#include <QListView>
#include <QUrl>

namespace CutPilot::Ui {

/// The media bin's list: drags its probed items out (the model's mimeData: MediaMimeType and
/// text/uri-list) and accepts file and http(s) URLs dropped from other applications (a file
/// manager, a browser). Its own drags are not dropped back onto it.
class MediaBinView final : public QListView
{
    Q_OBJECT

public:
    explicit MediaBinView(QWidget *parent = nullptr);

    /// Icons in a grid (true) or a list with the facts beside the thumbnail (false).
    void setIconMode(bool icons);

Q_SIGNALS:
    void urlsDropped(const QList<QUrl> &urls);
    /// Delete or Backspace on the selection.
    void removeRequested();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    bool acceptsDrop(const QDropEvent *event) const;
};

} // namespace CutPilot::Ui
