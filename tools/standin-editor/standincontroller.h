#pragma once

#include "draftcatalog.h"
#include "eventlog.h"
#include "faults.h"
#include "standinoptions.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <vector>

namespace CutPilot::Standin {

class ExportDialog;
class ExportWorker;
class HomePageWindow;
class MainWindowWindow;
class PopupDialog;

/// The stand-in's state machine (spec/editor-automation.md §11): home → open → edit → export →
/// exporting → success, the windows of each state (created on entry, destroyed on exit so that
/// the accessibility tree only holds what is shown), the export worker and the injected faults.
class StandinController final : public QObject
{
    Q_OBJECT

public:
    StandinController(const StandinOptions &options, EventLog &events, QObject *parent = nullptr);
    ~StandinController() override;

    /// Shows the home window (and the update prompt when asked), then prints READY.
    void start();

private:
    void showHome();
    void openDraft(const DraftEntry &draft);
    void showEdit(const DraftEntry &draft);
    void openExportDialog();
    void confirmExport();
    void cancelExport();
    void closeExportDialog();
    void onProgress(int percent);
    void onSucceeded(const QString &path);
    void onFailed(const QString &message);
    void showPopupInEdit(PopupDialog *popup);
    void retireWorker(const QString &removeFile = {});

    void enterStage(Stage stage, const QString &state = {});
    /// Plays crash and hang faults for a stage entered or a percentage reached.
    void playBlockingFaults(Stage stage, double percent);
    int jobFor(Stage stage) const;
    [[noreturn]] void crash();
    void hang(const Fault &fault);

    const StandinOptions &m_options;
    EventLog &m_events;
    QList<DraftEntry> m_drafts;
    bool m_scanned = false;
    bool m_ready = false;
    QPointer<HomePageWindow> m_home;
    QPointer<MainWindowWindow> m_edit;
    QPointer<ExportDialog> m_dialog;
    QPointer<PopupDialog> m_popup;
    QPointer<QWidget> m_thief; ///< focus-steal
    std::unique_ptr<ExportWorker> m_worker;
    int m_opens = 0;
    int m_exports = 0;
    int m_lastPercent = -1;
    bool m_opening = false;
    QList<QString> m_firedPercentFaults;
    std::vector<std::unique_ptr<char[]>> m_leak; ///< memory-growth keeps this
};

} // namespace CutPilot::Standin
