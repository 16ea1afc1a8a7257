#pragma once

#include <QTimer>
#include <QWidget>

class QPlainTextEdit;

namespace CutPilot::Ui {

/// The log dock: tails CutPilot's log file (<data-dir>/logs/cutpilot.log) like `tail -f`. Only
/// the bytes appended since the last look are read (a few kB at most per tick), a rotated or
/// truncated file starts over, and the view keeps the newest lines only.
class LogPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit LogPanel(QString filePath, QWidget *parent = nullptr);
    ~LogPanel() override;

    QString filePath() const { return m_filePath; }
    /// Reads what was appended since the last call (the timer calls it every second).
    void poll();
    QString text() const;

    static constexpr qint64 InitialTailBytes = 64 * 1024;
    static constexpr int MaxLines = 2000;

private:
    QString m_filePath;
    qint64 m_offset = -1; ///< -1: not read yet (start with the file's tail)
    QByteArray m_partial; ///< an incomplete last line
    QTimer m_timer;
    QPlainTextEdit *m_view = nullptr;
};

} // namespace CutPilot::Ui
