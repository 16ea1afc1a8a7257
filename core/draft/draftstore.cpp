#include "draftstore.h"

#include "draftfolderwriter.h"
#include "draftparser.h"
#include "draftprofile.h"
#include "draftserializer.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

namespace {
constexpr int FormatVersion = 1;
}

DraftStore::DraftStore(QString root, qint64 cacheBytes)
    : m_root(QDir::cleanPath(std::move(root)))
{
    // QCache counts cost in int: keep units of KiB.
    m_cache.setMaxCost(
        int(std::clamp<qint64>(cacheBytes / 1024, 1, std::numeric_limits<int>::max())));
}

bool DraftStore::validId(const QString &id)
{
    // Ids are GUIDs or 32-hex; anything else could escape the store folder.
    static const QRegularExpression pattern(u"^[0-9A-Za-z-]{1,64}$"_s);
    return pattern.match(id).hasMatch();
}

QString DraftStore::fileFor(const QString &id) const
{
    return QDir(m_root).filePath(id + u"/draft.json"_s);
}

Result<> DraftStore::write(const Draft &draft, const QString &profileId)
{
    Result<DraftProfile> profile = DraftProfile::builtIn(profileId);
    if (!profile)
        return profile.error();
    const QJsonObject wrapper{
        {u"format"_s, u"cutpilot-draft"_s},
        {u"version"_s, FormatVersion},
        {u"id"_s, draft.id},
        {u"name"_s, draft.name},
        {u"profile"_s, profileId},
        {u"metaDraftId"_s, draft.metaDraftId},
        {u"modified"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
    };
    // The wrapper's text with the content document spliced in as its last key: the content is
    // written directly as JSON text (DraftSerializer::contentBytes), not as a QJsonObject tree.
    QByteArray bytes = QJsonDocument(wrapper).toJson(QJsonDocument::Compact);
    bytes.chop(1); // the closing brace; the wrapper is never empty
    bytes += ",\"content\":";
    bytes += DraftSerializer(*profile).contentBytes(draft);
    bytes += '}';
    if (!QDir().mkpath(QFileInfo(fileFor(draft.id)).path()))
        return Error(ErrorCode::IoError, u"cannot create the folder for draft %1"_s.arg(draft.id));
    return writeFileAtomically(fileFor(draft.id), bytes);
}

Result<DraftStore::Entry> DraftStore::read(const QString &id) const
{
    QFile file(fileFor(id));
    if (!file.exists())
        return Error::notFound(u"draft"_s, id);
    if (!file.open(QIODevice::ReadOnly))
        return Error(ErrorCode::IoError,
                     u"cannot read %1: %2"_s.arg(file.fileName(), file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    const QJsonObject root = document.object();
    if (!document.isObject() || root.value(u"format"_s).toString() != u"cutpilot-draft")
        return Error(ErrorCode::CorruptData,
                     u"%1 is damaged or not a CutPilot draft (%2)"_s.arg(file.fileName(),
                                                                         parseError.errorString()),
                     {{u"path"_s, file.fileName()}});
    if (root.value(u"version"_s).toInt() > FormatVersion)
        return Error(ErrorCode::NotImplemented,
                     u"%1 was written by a newer CutPilot (format %2)"_s.arg(file.fileName())
                         .arg(root.value(u"version"_s).toInt()));
    Result<ParsedDraft> parsed = DraftParser::parse(root.value(u"content"_s).toObject());
    if (!parsed)
        return parsed.error().withContext(file.fileName());
    Entry entry{parsed->draft, root.value(u"profile"_s).toString()};
    entry.draft.id = id;
    entry.draft.name = root.value(u"name"_s).toString();
    entry.draft.metaDraftId = root.value(u"metaDraftId"_s).toString();
    return entry;
}

Result<QString> DraftStore::create(Draft draft, const QString &profile)
{
    if (draft.id.isEmpty())
        draft.id = newDraftGuid();
    if (!validId(draft.id))
        return Error::invalidArgument(u"id"_s, u"'%1' is not a valid draft id"_s.arg(draft.id));
    QMutexLocker lock(&m_mutex);
    if (QFile::exists(fileFor(draft.id)))
        return Error(ErrorCode::AlreadyExists, u"draft %1 already exists"_s.arg(draft.id));
    if (Result<> ok = write(draft, profile); !ok)
        return ok.error();
    cacheLocked(Entry{draft, profile});
    return draft.id;
}

Result<> DraftStore::save(const Draft &draft)
{
    if (!validId(draft.id))
        return Error::invalidArgument(u"id"_s, u"'%1' is not a valid draft id"_s.arg(draft.id));
    QMutexLocker lock(&m_mutex);
    Result<Entry> stored = entryLocked(draft.id);
    if (!stored)
        return stored.error();
    if (Result<> ok = write(draft, stored->profile); !ok)
        return ok;
    cacheLocked(Entry{draft, stored->profile});
    return {};
}

Result<DraftStore::Entry> DraftStore::entryLocked(const QString &id)
{
    if (const Entry *cached = m_cache.object(id))
        return *cached;
    Result<Entry> stored = read(id);
    if (stored)
        cacheLocked(*stored);
    return stored;
}

void DraftStore::cacheLocked(const Entry &entry)
{
    const qsizetype cost = 1 + QFileInfo(fileFor(entry.draft.id)).size() / 1024;
    m_cache.insert(entry.draft.id, new Entry(entry), int(cost)); // too big for the cache: dropped
}

Result<Draft> DraftStore::load(const QString &id)
{
    if (!validId(id))
        return Error::invalidArgument(u"id"_s, u"'%1' is not a valid draft id"_s.arg(id));
    QMutexLocker lock(&m_mutex);
    return entryLocked(id).map([](const Entry &e) { return e.draft; });
}

Result<QString> DraftStore::profileOf(const QString &id)
{
    if (!validId(id))
        return Error::invalidArgument(u"id"_s, u"'%1' is not a valid draft id"_s.arg(id));
    QMutexLocker lock(&m_mutex);
    return entryLocked(id).map([](const Entry &e) { return e.profile; });
}

Result<> DraftStore::remove(const QString &id)
{
    if (!validId(id))
        return Error::invalidArgument(u"id"_s, u"'%1' is not a valid draft id"_s.arg(id));
    QMutexLocker lock(&m_mutex);
    m_cache.remove(id);
    QDir dir(QDir(m_root).filePath(id));
    if (!dir.exists())
        return Error::notFound(u"draft"_s, id);
    if (!dir.removeRecursively())
        return Error(ErrorCode::IoError, u"cannot remove %1"_s.arg(dir.path()));
    return {};
}

bool DraftStore::contains(const QString &id) const
{
    if (!validId(id))
        return false;
    QMutexLocker lock(&m_mutex);
    return m_cache.contains(id) || QFile::exists(fileFor(id));
}

QList<DraftStore::Summary> DraftStore::list(QStringList *warnings) const
{
    QList<Summary> out;
    const QStringList ids = QDir(m_root).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QMutexLocker lock(&m_mutex);
    for (const QString &id : ids) {
        if (!validId(id))
            continue;
        Result<Entry> entry = read(id);
        if (!entry) {
            if (warnings)
                warnings->append(entry.error().message());
            continue;
        }
        Summary s;
        s.id = id;
        s.name = entry->draft.name;
        s.profile = entry->profile;
        s.durationUs = entry->draft.duration();
        s.tracks = int(entry->draft.tracks.size());
        s.modified = QFileInfo(fileFor(id)).lastModified().toUTC();
        out.append(s);
    }
    std::sort(out.begin(), out.end(),
              [](const Summary &a, const Summary &b) { return a.modified > b.modified; });
    return out;
}

qint64 DraftStore::cachedBytes() const
{
    QMutexLocker lock(&m_mutex);
    return qint64(m_cache.totalCost()) * 1024;
}

int DraftStore::cachedDrafts() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_cache.count());
}

} // namespace CutPilot::Core
