#pragma once

#include "core/draft/catalog/catalogentry.h"
#include "core/services/draftservice.h"
#include "core/support/result.h"
#include "ui/timeline/timelinelayout.h"

#include <QAbstractScrollArea>
#include <QPointer>
#include <QSet>
#include <QStringList>

#include <functional>
#include <memory>

namespace CutPilot::Core {
class CatalogRegistry;
class MediaService;
} // namespace CutPilot::Core

namespace CutPilot::Ui {

class TimelineMediaCache;

/// The timeline builder: tracks → clips of one open draft, painted on the viewport of a scroll
/// area (no item per clip, so 5,000 clips paint in a few milliseconds). Every edit goes through
/// the DraftService (one undo step each, drags committed once on release); the view follows
/// DraftService::draftChanged, so edits made through the API show up live and undo here.
///
/// Track mute / hide / lock are view state: DraftService has no API for them. Lock refuses edits
/// on that track; hide dims its clips; mute greys its header.
class TimelineWidget final : public QAbstractScrollArea
{
    Q_OBJECT

public:
    explicit TimelineWidget(QWidget *parent = nullptr);
    ~TimelineWidget() override;

    /// nullptr clears the view.
    void setDraft(Core::DraftService *service);
    Core::DraftService *draftService() const { return m_service.data(); }
    /// Optional: filmstrips and waveforms, loaded asynchronously and cached per file.
    void setMediaService(Core::MediaService *media);
    /// Optional: the transitions offered between adjacent clips.
    void setCatalogs(std::shared_ptr<Core::CatalogRegistry> catalogs);

    qint64 playhead() const { return m_playhead; }
    void setPlayhead(qint64 us);

    QStringList selectedSegments() const { return m_selection; }
    void setSelectedSegments(const QStringList &ids);
    QString currentSegment() const { return m_current; }
    QString selectedKeyframe() const { return m_keyframe; }

    /// "Video", "Audio", ... translated.
    static QString trackTypeLabel(Core::TrackType type);

    bool isSnapping() const { return m_snapping; }
    void setSnapping(bool on);
    int snapThresholdPx() const { return m_snapThresholdPx; }
    void setSnapThresholdPx(int px) { m_snapThresholdPx = qMax(0, px); }

    const TimelineLayout &timelineLayout() const { return m_layout; }
    double usPerPx() const { return m_layout.usPerPx(); }
    void setUsPerPx(double usPerPx);
    void zoomToFit();
    void zoomIn();
    void zoomOut();

    bool isTrackLocked(const QString &trackId) const { return m_locked.contains(trackId); }
    /// The draft's track mute (an edit: DraftService::setTrackMuted).
    bool isTrackMuted(const QString &trackId) const;
    bool isTrackHidden(const QString &trackId) const { return m_hidden.contains(trackId); }
    void setTrackLocked(const QString &trackId, bool on);
    void setTrackMuted(const QString &trackId, bool on);
    void setTrackHidden(const QString &trackId, bool on);

    // The edits behind the keys (each one undo step; a refusal emits editRefused).
    void splitAtPlayhead();            ///< S
    void deleteSelection(bool ripple); ///< Delete / Shift+Delete (a selected keyframe first)
    void copySelection();              ///< Ctrl+C
    void paste();                      ///< Ctrl+V: at the playhead, on the copied tracks
    void addKeyframeAtPlayhead();      ///< K: alpha keyframe on the current clip
    void undo();
    void redo();
    /// Links a transition from the catalog to `segmentId` (played into the clip that follows).
    bool addTransition(const QString &segmentId, const Core::CatalogEntry &entry);

Q_SIGNALS:
    void playheadChanged(qint64 us);
    void selectionChanged(const QStringList &segmentIds);
    void currentSegmentChanged(const QString &segmentId);
    void snappingChanged(bool on);
    /// An edit the service refused (overlap, locked track, ...): the message for the status bar.
    void editRefused(const QString &message);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    enum class DragMode {
        None,
        Scrub,
        PendingMove, ///< pressed on a clip, not yet past the drag distance
        Move,
        TrimStart,
        TrimEnd,
        Keyframe,
        RubberBand,
    };
    struct DragState
    {
        DragMode mode = DragMode::None;
        QPoint pressPos;
        qint64 pressUs = 0;
        QString segmentId; ///< the clip under the mouse
        QString keyframeId;
        QStringList moving;        ///< Move: the selected clips on unlocked tracks
        qint64 deltaUs = 0;        ///< Move: time shift
        QString targetTrackId;     ///< Move: the primary clip's new track
        Core::TimeRange trimmed;   ///< Trim: the new range
        qint64 keyframeOffset = 0; ///< Keyframe: the new offset
        QRect band;
        QStringList baseSelection; ///< RubberBand with Ctrl: kept
        QList<qint64> snapPoints;
        std::optional<qint64> snappedAt; ///< drawn as a guide line
    };

    // timelinewidget.cpp
    void onDraftChanged();
    void updateScrollBars();
    void selectOnly(const QString &segmentId);
    void setSelectionInternal(QStringList ids, const QString &current);
    void setCurrent(const QString &segmentId);
    qint64 frameUs() const;
    double fps() const;
    bool handlesShortcut(const QKeyEvent *event) const;
    QList<qint64> snapCandidates(const QStringList &excluded) const;
    qint64 snapped(qint64 us, DragState &drag, bool *didSnap = nullptr) const;
    void updateDrag(QPoint pos, Qt::KeyboardModifiers modifiers);
    void finishDrag();
    void updateRubberBand(QPoint pos);

    // timelinepaint.cpp
    void paintRuler(QPainter &p, const QRect &clip);
    void paintTracks(QPainter &p, const QRect &clip);
    void paintClip(QPainter &p, const Core::Track &track, const Core::Segment &segment, QRect rect,
                   bool selected, bool ghost);
    void paintClipContent(QPainter &p, const Core::Track &track, const Core::Segment &segment,
                          const QRect &inner);
    void paintHeaders(QPainter &p, const QRect &clip);
    void paintOverlay(QPainter &p);

    // timelineedits.cpp
    /// Runs `body` as one undo step; `grouped`: several service calls (a macro) - on failure what
    /// was done is undone. Reports a failure through editRefused.
    bool commit(const QString &text, const std::function<Core::Result<>()> &body, bool grouped);
    bool refuseIfLocked(const QString &trackId);
    void commitMove(const DragState &drag);
    void commitTrim(const DragState &drag);
    void commitKeyframeMove(const DragState &drag);
    bool dropMedia(const QByteArray &payload, QPoint pos);
    void refuse(const QString &message);

    QPointer<Core::DraftService> m_service;
    QPointer<Core::MediaService> m_media;
    std::shared_ptr<Core::CatalogRegistry> m_catalogs;
    std::unique_ptr<TimelineMediaCache> m_mediaCache;
    TimelineLayout m_layout;
    qint64 m_playhead = 0;
    QStringList m_selection;
    QString m_current;
    QString m_keyframe;        ///< the selected keyframe's id
    QString m_keyframeSegment; ///< and its segment
    bool m_snapping = true;
    int m_snapThresholdPx = 8;
    bool m_fitted = true; ///< zoom follows "fit" until the user zooms
    QSet<QString> m_locked;
    QSet<QString> m_hidden;
    DragState m_drag;
    int m_dropRow = -2; ///< row under a drag from the bin (-1: below the tracks), for painting

    struct Copied
    {
        QString trackId;
        Core::TrackType type = Core::TrackType::Video;
        qint64 offsetUs = 0; ///< from the earliest copied clip
        Core::Segment segment;
        Core::MediaMaterial media;
    };
    QList<Copied> m_clipboard;
};

} // namespace CutPilot::Ui
