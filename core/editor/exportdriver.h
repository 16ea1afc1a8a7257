#pragma once

#include "automationprofile.h"
#include "core/support/result.h"
#include "uibackend.h"

#include <QHash>
#include <QString>

#include <atomic>
#include <chrono>
#include <functional>

namespace CutPilot::Core::Editor {

/// One export as the editor sees it.
struct ExportRequest
{
    QString draftName;  ///< the draft's folder name (the home page card)
    QString resolution; ///< an option string ("720P"); empty: the editor's default
    QString fps;        ///< an option string ("25fps"); empty: the editor's default
    std::chrono::milliseconds draftDuration{0};
    QString exportFolder; ///< where "file:newInExportFolder" looks (opaque builds)
};

/// Progress of a run: navigation stages take 0–20 %, the export itself 20–100 % (the public
/// tools' convention, editor-automation.md §10.4).
struct ExportProgress
{
    QString stage; ///< home, opening, edit, export, exporting, done
    int percent = 0;
    qint64 outputBytes = -1; ///< size of the output file when known
};

struct ExportRun
{
    QString outputPath;             ///< the file the editor wrote (before CutPilot moves it)
    QHash<QString, QString> values; ///< what "read" steps stored ("outputPath" …)
};

/// Interprets an automation profile's flow against a UI backend (editor-automation.md §10.4):
/// every step re-locates its elements in a fresh snapshot, waits on conditions with deadlines
/// (never fixed sleeps, never a loop without a sleep), handles the profile's popups between
/// polls, and ends with a classified error:
///   ElementNotFound (details.reason "draftNotFound" for a missing card), Timeout,
///   ExportFailed (details.reason "vip", "exportError", "stalled"), EditorNotRunning, Cancelled.
///
/// Blocking: it runs on the editor driver's own thread (house style), polling the backend.
class ExportDriver
{
public:
    struct Options
    {
        std::chrono::milliseconds poll{250};        ///< UI poll interval
        std::chrono::milliseconds fileStable{3000}; ///< file-only completion: size unchanged
        int snapshotDepth = 6;
    };
    using ProgressFn = std::function<void(const ExportProgress &)>;

    ExportDriver(const AutomationProfile &profile, UiBackend &backend, Options options);

    Result<ExportRun> run(const ExportRequest &request, const ProgressFn &progress = {},
                          const std::atomic_bool *cancel = nullptr);

private:
    struct View;
    struct Found
    {
        const UiNode *node = nullptr;
        const UiNode *parent = nullptr;
        int index = -1; ///< among the parent's children
    };

    Result<View> look();
    const UiNode *stateWindow(const View &view, const QString &state) const;
    Found resolve(const View &view, const QString &element) const;
    Result<> handlePopups(const View &view, const QString &phase);
    Result<> checkCancel() const;
    void report(const QString &stage, int percent, qint64 bytes = -1);
    std::chrono::milliseconds timeoutOf(const FlowStep &step, const QString &fallbackName,
                                        std::chrono::milliseconds fallback) const;

    Result<> ensureState(const FlowStep &step);
    Result<> waitState(const QString &state, std::chrono::milliseconds timeout,
                       const QString &phase);
    Result<> click(const FlowStep &step);
    Result<> readValue(const FlowStep &step);
    Result<> select(const FlowStep &step);
    Result<> keys(const QString &keys);
    Result<> waitExport(const FlowStep &step);

    const AutomationProfile &m_profile;
    UiBackend &m_backend;
    Options m_options;
    ExportRequest m_request;
    Placeholders m_placeholders;
    ProgressFn m_progress;
    const std::atomic_bool *m_cancel = nullptr;
    ExportRun m_run;
    QString m_phase;
    int m_percent = 0;
};

} // namespace CutPilot::Core::Editor
