#pragma once

#include "core/draft/draftmodel.h"

#include <QList>
#include <QPoint>
#include <QRect>
#include <QString>

#include <optional>

namespace CutPilot::Ui {

/// The geometry of the timeline, apart from any painting or widget: µs ↔ pixels at the current
/// zoom and scroll, the track rows in display order, and hit testing. Everything here is a pure
/// function of the draft and the view state, so it can be tested without a window.
///
/// Display order: the tracks above the video layers first (text on top, as the editors show
/// them), the video tracks (topmost layer first), then the audio tracks in draft order.
/// Coordinates are viewport pixels: the ruler is the top `RulerHeight` rows, the track headers
/// the left `HeaderWidth` columns.
class TimelineLayout
{
public:
    static constexpr int RulerHeight = 28;
    static constexpr int HeaderWidth = 160;
    static constexpr int EdgeGrip = 6;     ///< pixels at each clip end that trim instead of move
    static constexpr int KeyframeGrip = 5; ///< half size of a keyframe marker's hit box
    static constexpr int ToggleSize = 18;  ///< the M / H / L buttons of a track header
    static constexpr double MinUsPerPx = 100.0;            ///< closest zoom: 10 px a millisecond
    static constexpr double MaxUsPerPx = 10'000'000'000.0; ///< farthest zoom

    struct Row
    {
        QString trackId;
        Core::TrackType type = Core::TrackType::Video;
        QString name;
        int top = 0; ///< content y (before vertical scroll), below the ruler
        int height = 0;
        int trackIndex = -1; ///< index in Draft::tracks
        /// Indices into the track's segments by start time (the service does not promise that
        /// the list itself is sorted after every edit).
        QList<int> order;
    };

    enum class HitKind {
        Nothing,
        Ruler,
        Header,
        MuteToggle,
        HideToggle,
        LockToggle,
        Clip,
        ClipStart, ///< near the left edge: trim the head
        ClipEnd,   ///< near the right edge: trim the tail
        Keyframe,
        Empty,       ///< a track row where no clip is
        BelowTracks, ///< under the last track (a drop there makes a new track)
    };

    struct Hit
    {
        HitKind kind = HitKind::Nothing;
        int row = -1;
        QString trackId;
        QString segmentId;
        QString keyframeId;
        qint64 timeUs = 0;
    };

    /// Rebuilds the rows from `draft` (keeps zoom and scroll).
    void setDraft(const Core::Draft *draft);
    const Core::Draft *draft() const { return m_draft; }

    void setViewportSize(QSize size) { m_viewport = size; }
    QSize viewportSize() const { return m_viewport; }

    double usPerPx() const { return m_usPerPx; }
    void setUsPerPx(double usPerPx);
    /// Zoom about viewport x `anchorX` (the time under it stays under it).
    void zoomBy(double factor, int anchorX);
    /// The zoom that shows [0, max(duration, 1 s)] in the clip area.
    double fitUsPerPx(qint64 durationUs) const;

    int scrollX() const { return m_scrollX; } ///< content pixels left of the clip area's edge
    void setScrollX(int x) { m_scrollX = qMax(0, x); }
    int scrollY() const { return m_scrollY; }
    void setScrollY(int y) { m_scrollY = qMax(0, y); }

    /// Content width in pixels for `durationUs` plus some room to drop after the end.
    int contentWidth(qint64 durationUs) const;
    int contentHeight() const; ///< all rows plus the drop zone below them
    int clipAreaWidth() const { return qMax(1, m_viewport.width() - HeaderWidth); }

    double xForTime(qint64 us) const; ///< viewport x
    qint64 timeForX(double x) const;  ///< clamped at 0
    qint64 usForPixels(double px) const { return qint64(px * m_usPerPx); }

    const QList<Row> &rows() const { return m_rows; }
    int rowForTrack(const QString &trackId) const;
    int rowAt(int y) const;       ///< viewport y → row index, -1 when none
    QRect rowRect(int row) const; ///< viewport rectangle of the row's clip area (full width)
    QRect headerRect(int row) const;
    QRect toggleRect(int row, HitKind toggle) const;
    /// Viewport rectangle of a segment on `row` (may lie outside the viewport).
    QRect clipRect(int row, const Core::TimeRange &range) const;
    /// Viewport x of a keyframe at `offsetUs` in segment `segment`.
    double keyframeX(const Core::Segment &segment, qint64 offsetUs) const;

    /// What is at viewport point `p`.
    Hit hitTest(QPoint p) const;

    /// The position in rows()[row].order of the first segment whose end lies after `us`
    /// (segments of a track do not overlap, so ends are sorted too), for painting and hit testing
    /// only the visible ones.
    qsizetype firstEndingAfter(int row, qint64 us) const;

    /// Snapping: the candidate in `candidates` nearest to `us` when it is within `thresholdUs`.
    static std::optional<qint64> snap(qint64 us, const QList<qint64> &candidates,
                                      qint64 thresholdUs);

    /// "HH:MM:SS:FF" at `fps` (frames rounded down).
    static QString timecode(qint64 us, double fps);
    /// The ruler's tick spacing in µs for a zoom: major ticks at least `minPx` apart.
    static qint64 tickStepUs(double usPerPx, int minPx, double fps);

    static int rowHeightFor(Core::TrackType type);

private:
    const Core::Draft *m_draft = nullptr;
    QList<Row> m_rows;
    QSize m_viewport{800, 300};
    double m_usPerPx = 10'000.0; ///< 100 px a second
    int m_scrollX = 0;
    int m_scrollY = 0;
};

} // namespace CutPilot::Ui
