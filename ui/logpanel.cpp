#include "logpanel.h"

#include <QFile>
#include <QFileInfo>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QVBoxLayout>

namespace CutPilot::Ui {

using namespace Qt::StringLiterals;

LogPanel::LogPanel(QString filePath, QWidget *parent)
    : QWidget(parent)
    , m_filePath(std::move(filePath))
    , m_view(new QPlainTextEdit(this))
{
    setObjectName(u"logPanel"_s);
    m_view->setObjectName(u"logView"_s);
    m_view->setReadOnly(true);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setMaximumBlockCount(MaxLines);
    m_view->setFont(QFont(u"monospace"_s));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &LogPanel::poll);
    m_timer.start();
    QTimer::singleShot(0, this, &LogPanel::poll); // after the window is shown
}

LogPanel::~LogPanel() = default;

QString LogPanel::text() const
{
    return m_view->toPlainText();
}

void LogPanel::poll()
{
    if (m_filePath.isEmpty())
        return;
    QFile file(m_filePath);
    if (!file.open(QIODevice::ReadOnly))
        return; // not written yet
    const qint64 size = file.size();
    if (m_offset < 0) {
        m_offset = std::max<qint64>(0, size - InitialTailBytes);
    } else if (size < m_offset) {
        m_offset = 0; // rotated or truncated: the new file from its start
        m_partial.clear();
    }
    if (size == m_offset)
        return;
    // At most 256 kB a tick: a burst of logging never stalls the GUI.
    const qint64 maxRead = 256 * 1024;
    if (size - m_offset > maxRead) {
        m_offset = size - maxRead;
        m_partial.clear();
    }
    file.seek(m_offset);
    const bool midLine = m_partial.isEmpty() && m_offset > 0 && m_view->document()->isEmpty();
    QByteArray bytes = m_partial + file.read(size - m_offset);
    m_offset = size;
    if (midLine) // the tail started inside a line: drop that piece
        bytes.remove(0, bytes.indexOf('\n') + 1);
    const qsizetype lastNewline = bytes.lastIndexOf('\n');
    if (lastNewline < 0) {
        m_partial = bytes;
        return;
    }
    m_partial = bytes.mid(lastNewline + 1);
    bytes.truncate(lastNewline);

    QScrollBar *bar = m_view->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    m_view->appendPlainText(QString::fromUtf8(bytes));
    if (atEnd)
        bar->setValue(bar->maximum());
}

} // namespace CutPilot::Ui
