#pragma once

#include "accessibility.h"
#include "draftcatalog.h"
#include "standinoptions.h"

#include <QWidget>

/// A title-bar button of the edit window (spec/editor-automation.md §3.2): the public tool finds
/// "back to home" as the 3rd element whose class name *equals* `TitleBarButton`, so this class is
/// in the global namespace with exactly that name.
class TitleBarButton final : public CutPilot::Standin::ClickableGroup
{
    Q_OBJECT

public:
    enum class Glyph {
        Minimise,
        Maximise,
        Home,
        Close,
    };
    explicit TitleBarButton(Glyph glyph, QWidget *parent = nullptr);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Glyph m_glyph;
};

namespace CutPilot::Standin {

/// The edit window (a draft open, §11.2): class name contains `MainWindow`; four title-bar
/// buttons, a title bar with the export text, Ctrl+E. The export dialog and fault overlays are
/// embedded children (depth 1), created and destroyed by the controller.
class MainWindowWindow final : public QWidget
{
    Q_OBJECT

public:
    MainWindowWindow(const StandinOptions &options, const DraftEntry &draft,
                     QWidget *parent = nullptr);

    const DraftEntry &draft() const { return m_draft; }

    /// The GPU-environment prompt (fault gpu-prompt, §3.1): `暂不启用` at depth 2 dismisses it.
    void showGpuPrompt();
    bool gpuPromptShown() const { return m_gpuPrompt != nullptr; }

    /// Puts an embedded overlay (export dialog, fault dialog) centred over the window.
    void placeOverlay(QWidget *overlay);

signals:
    void exportRequested();
    void homeRequested();
    void closeRequested();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    const StandinOptions &m_options;
    DraftEntry m_draft;
    QWidget *m_gpuPrompt = nullptr;
};

} // namespace CutPilot::Standin
