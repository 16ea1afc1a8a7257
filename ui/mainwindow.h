#pragma once

#include <QMainWindow>

class QLabel;

namespace CutPilot::Ui {

/// The main window. It only assembles docks (media bin, timeline, inspector, preview, export
/// queue, log) around the services it is given; this first version shows the API status.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Shows where the local API listens, or why it does not.
    void setApiStatus(bool listening, const QString &detail);
    QString apiStatusText() const;

    /// Brings the window to the front (second instance started, tray "Show window").
    void activate();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QLabel *m_placeholder = nullptr;
    QLabel *m_apiStatus = nullptr;
    bool m_apiListening = false;
    QString m_apiDetail;
};

} // namespace CutPilot::Ui
