#pragma once

#include "core/draft/draftmodel.h"
#include "core/draft/draftprofile.h"
#include "core/support/result.h"
#include "exportqueuestore.h"

#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <functional>

namespace CutPilot::Core::Editor {

class ExportQueue;

/// "Export this draft": writes it into the editor's drafts folder (off the calling thread), then
/// queues its export. The one implementation behind the GUI's Export menu and the API's export
/// routes (house style: one service layer, two front doors), so both write the same folder, use
/// the same owner id and the same default output folder.
class DraftExporter final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString draftsFolder;        ///< the editor's drafts folder (the one it lists at start)
        QString defaultOutputFolder; ///< where an export without an output path goes
    };
    struct Request
    {
        QString resolution; ///< option string ("720P"); empty: the editor's default
        QString fps;        ///< option string ("25fps"); empty: the editor's default
        QString outputPath; ///< already checked by the caller; empty: defaultOutputFor()
        int priority = 0;
    };
    using Done = std::function<void(const Result<ExportJob> &)>;

    DraftExporter(ExportQueue &queue, Options options, QObject *parent = nullptr);
    ~DraftExporter() override; ///< waits for a folder being written

    /// `done` runs on this object's thread with the queued job or the error (the draft could not
    /// be written, the queue refused it, the editor stopped meanwhile).
    void exportDraft(Draft draft, const DraftProfile &profile, const Request &request, Done done);
    /// <defaultOutputFolder>/<the draft's folder name>.mp4
    QString defaultOutputFor(const Draft &draft) const;
    const Options &options() const { return m_options; }

private:
    QPointer<ExportQueue> m_queue;
    Options m_options;
    QThreadPool m_writers; ///< one thread: draft folders are written one at a time
};

} // namespace CutPilot::Core::Editor
