#pragma once

#include "accessibility.h"
#include "draftcatalog.h"
#include "standinoptions.h"

#include <QWidget>

class QLabel;

/// The export settings panel (spec/editor-automation.md §3.2): found by class name containing
/// `PanelSettingsGroup_QMLTYPE`, so named like the editor's QML type, in the global namespace.
class PanelSettingsGroup_QMLTYPE_0 final : public QWidget
{
    Q_OBJECT

public:
    explicit PanelSettingsGroup_QMLTYPE_0(QWidget *parent = nullptr);
};

namespace CutPilot::Standin {

/// The export dialog: an embedded child of the edit window (depth 1) with role Dialog and name
/// `导出` (§11.2, §11.4) — not a QDialog, which would be a separate top-level window.
class ExportDialog final : public QWidget
{
    Q_OBJECT

public:
    ExportDialog(const StandinOptions &options, const DraftEntry &draft, const QString &outputPath,
                 QWidget *parent);

    QString outputPath() const { return m_outputPath; }
    QString resolution() const { return m_resolution; }
    QString frameRate() const { return m_frameRate; }
    bool isExporting() const { return m_exporting; }

    void setExporting();
    void setProgress(int percent);
    void showDone();

signals:
    void confirmed();
    void cancelled(); ///< 取消 (before or during the export) or Escape
    void closed();    ///< 关闭 in the done view

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    QString described(const QString &description) const;
    ClickableLabel *newClickable(const QString &text, const QString &description, QWidget *parent);
    void openOptions(ClickableLabel *box, const QStringList &options, bool resolution);
    void closeOptions();

    const StandinOptions &m_options;
    QString m_outputPath;
    QString m_resolution;
    QString m_frameRate;
    bool m_exporting = false;
    bool m_done = false;
    ClickableLabel *m_resolutionBox = nullptr;
    ClickableLabel *m_frameRateBox = nullptr;
    QWidget *m_optionList = nullptr;
    QWidget *m_buttons = nullptr;
    ClickableLabel *m_okButton = nullptr;
    QLabel *m_progress = nullptr;
};

} // namespace CutPilot::Standin
