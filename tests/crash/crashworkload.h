#pragma once

// The workload of the kill -9 test (issue 8), shared by the worker (crashworker.cpp) and the test
// (tst_crashsafety.cpp): 200 numbered steps, odd ones save a draft, even ones update an export job.
// Each step's result is a pure function of its number, so that a step the worker repeats after a
// restart writes the same state again, and the test knows what every acknowledged step stored.
//
// Draft operations 1..100 rotate over DraftCount drafts (the first of each creates it); job
// operations 1..100 rotate over JobCount jobs (the first of each inserts it).

#include "core/draft/draftmodel.h"
#include "core/editor/exportqueuestore.h"

#include <QCryptographicHash>
#include <QUuid>

namespace CutPilot::Test::Crash {

using Core::Editor::ExportJob;
using Core::Editor::ExportJobState;

inline constexpr int Steps = 200;
inline constexpr int DraftCount = 5;
inline constexpr int JobCount = 10;
inline const QString Profile = QStringLiteral("jy5-win");

inline bool isDraftStep(int step)
{
    return step % 2 == 1;
}
/// 1..100: the draft or job operation of a step.
inline int operationOf(int step)
{
    return (step + 1) / 2;
}
inline int draftIndexOf(int draftOperation)
{
    return (draftOperation - 1) % DraftCount;
}
inline int jobIndexOf(int jobOperation)
{
    return (jobOperation - 1) % JobCount;
}
inline QString draftKey(int index)
{
    return QStringLiteral("draft%1").arg(index);
}
inline QString jobId(int index)
{
    const QByteArray name = "crash-job-" + QByteArray::number(index);
    return QString::fromLatin1(QCryptographicHash::hash(name, QCryptographicHash::Md5).toHex());
}
inline QString stableId(const QString &name)
{
    static const QUuid ns = QUuid::fromString(u"{6d1f3c2e-4b7a-4e53-9d0e-1c2b3a4d5e6f}");
    return QUuid::createUuidV5(ns, name).toString(QUuid::WithoutBraces).toUpper();
}
inline QString segmentText(int draftOperation, int line)
{
    return QStringLiteral("draft operation %1, line %2").arg(draftOperation).arg(line);
}

/// The draft as draft operation `op` stores it.
inline Core::Draft draftFor(int op)
{
    const QString key = draftKey(draftIndexOf(op));
    Core::Draft draft;
    draft.id = stableId(key);
    draft.name = QStringLiteral("%1 saved by operation %2").arg(key).arg(op);
    draft.width = 640 + 2 * op;
    draft.height = 360 + 2 * op;
    Core::Track track;
    track.id = stableId(key + QStringLiteral("/track"));
    track.type = Core::TrackType::Text;
    track.name = QStringLiteral("text");
    const int lines = op % 4 + 1; // the content's size changes from save to save
    for (int line = 0; line < lines; ++line) {
        const QString name = QStringLiteral("%1/%2/%3").arg(key).arg(op).arg(line);
        Core::Segment segment;
        segment.id = stableId(name + QStringLiteral("/segment"));
        segment.target = Core::TimeRange{line * 1'000'000LL, 1'000'000};
        Core::TextMaterial text;
        text.id = stableId(name + QStringLiteral("/text"));
        text.text = segmentText(op, line);
        Core::TextStyle style;
        style.length = text.text.size();
        text.styles.append(style);
        segment.materialId = text.id;
        segment.text = text;
        track.segments.append(segment);
    }
    draft.tracks.append(track);
    return draft;
}

/// The parts of a stored draft the test compares with draftFor(op).
inline QStringList fingerprint(const Core::Draft &draft)
{
    QStringList parts{draft.id, draft.name, QString::number(draft.width),
                      QString::number(draft.height), QString::number(draft.tracks.size())};
    for (const Core::Track &track : draft.tracks) {
        for (const Core::Segment &segment : track.segments)
            parts.append(segment.text ? segment.text->text : QStringLiteral("<no text>"));
    }
    return parts;
}

/// The job as job operation `op` stores it (states cycle through queued, running, verifying,
/// failed and done; the paths do not exist, so a restart never takes a verifying job for done).
inline ExportJob jobFor(int op)
{
    static const ExportJobState states[]
        = {ExportJobState::Queued, ExportJobState::Running, ExportJobState::Verifying,
           ExportJobState::Failed, ExportJobState::Done};
    const int index = jobIndexOf(op);
    ExportJob job;
    job.id = jobId(index);
    job.draftName = QStringLiteral("job %1 updated by operation %2").arg(index).arg(op);
    job.draftFolder = QStringLiteral("/nonexistent/cutpilot-crash/draft%1").arg(index);
    job.requestedPath = QStringLiteral("/nonexistent/cutpilot-crash/out%1.mp4").arg(index);
    job.resolution = QStringLiteral("1080P");
    job.fps = QStringLiteral("30");
    job.priority = op % 3;
    job.state = states[op % 5];
    job.attempts = op;
    job.maxAttempts = 1000;
    job.progress = op % 100;
    job.reason = QStringLiteral("reason-%1").arg(op);
    job.created = QDateTime::fromSecsSinceEpoch(1'700'000'000 + index, Qt::UTC);
    return job;
}

/// What ExportQueueStore::open() makes of the job of operation `op`: jobs left running or
/// verifying are resumed (queued again, progress 0; exportqueuestore.h).
inline ExportJob jobAfterRestart(int op)
{
    ExportJob job = jobFor(op);
    if (job.state == ExportJobState::Running || job.state == ExportJobState::Verifying) {
        job.state = ExportJobState::Queued;
        job.progress = 0;
    }
    return job;
}

/// The parts of a stored job the test compares (not the timestamps nor the restart message).
inline QStringList fingerprint(const ExportJob &job)
{
    return {job.id,
            job.draftName,
            job.draftFolder,
            job.requestedPath,
            Core::Editor::exportJobStateName(job.state),
            QString::number(job.priority),
            QString::number(job.attempts),
            QString::number(job.progress),
            job.reason};
}

} // namespace CutPilot::Test::Crash
