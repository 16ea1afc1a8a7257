#pragma once

#include <QSize>
#include <QString>
#include <QThread>

#include <atomic>

namespace CutPilot::Standin {

/// What to render (spec/editor-automation.md §11.5) and which export faults to play.
struct ExportJob
{
    QString path;      ///< the final output path (what ExportPath shows)
    QString writePath; ///< where frames go; == path unless --write-temp-then-rename
    QSize size;
    int fps = 30;
    qint64 durationUs = 1'000'000;
    double speed = 0.0; ///< N × real time; 0 = as fast as possible

    double stallAtPercent = -1.0; ///< stall: progress and file growth stop here
    double stallSeconds = 0.0;    ///< 0: until cancelled
    double failAtPercent = -1.0;  ///< export-error / disk-full: stop here, partial file left
    QString failMessage;

    int totalFrames() const;
};

/// Encodes a test pattern (moving bar + frame counter) with FFmpeg on its own thread: H.264
/// (libx264 when libavcodec has it, else MPEG-4 part 2) and a silent AAC track in MP4, written
/// progressively to the output file. Signals arrive queued on the GUI thread.
class ExportWorker final : public QThread
{
    Q_OBJECT

public:
    explicit ExportWorker(ExportJob job, QObject *parent = nullptr);
    ~ExportWorker() override; ///< cancels and joins (the loop checks the flag every frame)

    const ExportJob &job() const { return m_job; }
    void cancel() { m_cancel = true; }

signals:
    void progressed(int percent); ///< whenever it changes, and at least every 200 ms
    void stalled();
    void succeeded(const QString &path);
    void failed(const QString &message);

protected:
    void run() override;

private:
    ExportJob m_job;
    std::atomic_bool m_cancel{false};
};

} // namespace CutPilot::Standin
