#include "draftexporter.h"

#include "core/draft/draftfolderwriter.h"
#include "core/support/futurewatch.h"
#include "exportqueue.h"

#include <QDir>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace CutPilot::Core::Editor {

using namespace Qt::StringLiterals;

DraftExporter::DraftExporter(ExportQueue &queue, Options options, QObject *parent)
    : QObject(parent)
    , m_queue(&queue)
    , m_options(std::move(options))
{
    m_writers.setObjectName(u"draft-exporter"_s);
    m_writers.setMaxThreadCount(1);
}

DraftExporter::~DraftExporter()
{
    m_writers.waitForDone();
}

QString DraftExporter::defaultOutputFor(const Draft &draft) const
{
    return QDir(m_options.defaultOutputFolder)
        .filePath(DraftFolderWriter::folderNameFor(draft.name) + u".mp4"_s);
}

void DraftExporter::exportDraft(Draft draft, const DraftProfile &profile, const Request &request,
                                Done done)
{
    if (m_options.draftsFolder.isEmpty()) {
        done(Error(ErrorCode::Unavailable, u"the editor has no drafts folder"_s,
                   {{u"service"_s, u"editor"_s}}));
        return;
    }
    // A stable owner id for the editor's folder (draft_meta_info.draft_id): exporting the same
    // draft again rewrites its own folder instead of conflicting with the previous export.
    if (draft.metaDraftId.isEmpty())
        draft.metaDraftId = draft.id;
    const QString output
        = request.outputPath.isEmpty() ? defaultOutputFor(draft) : request.outputPath;
    DraftFolderWriter::Options options;
    options.storePath = m_options.draftsFolder;
    const qint64 durationMs = draft.duration() / 1000;
    whenFinished(this,
                 QtConcurrent::run(&m_writers,
                                   [draft = std::move(draft), profile, options] {
                                       return DraftFolderWriter(profile).write(draft, options);
                                   }),
                 [this, done = std::move(done), output, request,
                  durationMs](const QFuture<Result<DraftFolderWriter::Written>> &finished) {
                     if (finished.resultCount() == 0)
                         return done(Error(ErrorCode::Cancelled, u"CutPilot is shutting down"_s));
                     const Result<DraftFolderWriter::Written> written = finished.result();
                     if (!m_queue)
                         return done(Error(ErrorCode::Unavailable, u"the editor stopped"_s));
                     if (!written)
                         return done(written.error());
                     ExportJobRequest job;
                     job.draftName = QFileInfo(written->folder).fileName();
                     job.draftFolder = written->folder;
                     job.outputPath = output;
                     job.resolution = request.resolution;
                     job.fps = request.fps;
                     job.draftDuration = std::chrono::milliseconds(durationMs);
                     Result<QString> id = m_queue->enqueue(job, request.priority);
                     if (!id)
                         return done(id.error());
                     done(m_queue->get(*id));
                 });
}

} // namespace CutPilot::Core::Editor
