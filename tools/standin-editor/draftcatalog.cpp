#include "draftcatalog.h"

#include "core/draft/draftparser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace CutPilot::Standin {

QList<DraftEntry> scanDraftStore(const QString &storePath)
{
    QList<DraftEntry> drafts;
    const QDir store(storePath);
    const QStringList folders = store.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &folder : folders) {
        const QDir dir(store.filePath(folder));
        for (const QString &name : {u"draft_content.json"_s, u"draft_info.json"_s}) {
            QFile file(dir.filePath(name));
            if (!file.exists())
                continue;
            if (!file.open(QIODevice::ReadOnly))
                break;
            const Core::Result<Core::ParsedDraft> parsed
                = Core::DraftParser::parseBytes(file.readAll(), file.fileName());
            if (!parsed)
                break;
            DraftEntry entry;
            entry.name = folder;
            entry.folder = dir.absolutePath();
            entry.durationUs = parsed->draft.duration();
            entry.width = parsed->draft.width;
            entry.height = parsed->draft.height;
            entry.fps = parsed->draft.fps;
            entry.modified = QFileInfo(file).lastModified();
            drafts.append(entry);
            break;
        }
    }
    std::stable_sort(drafts.begin(), drafts.end(), [](const DraftEntry &a, const DraftEntry &b) {
        return a.modified > b.modified;
    });
    return drafts;
}

} // namespace CutPilot::Standin
