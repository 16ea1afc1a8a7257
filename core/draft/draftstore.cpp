#include "core/support/utctime.h"
#include "draftparser.h"
#include "draftprofile.h"
#include "draftserializer.h"
#include "draftstore_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <algorithm>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace DraftStoreDetail;

namespace {

Error invalidKey(const QString &key)
{
    return Error::invalidArgument(u"key"_s, u"'%1' is not a valid draft key"_s.arg(key));
}

} // namespace

// ---- drafts -------------------------------------------------------------------------------------

struct DraftStore::Row
{
    QString profile;
    QString name;
    QString contentId;
    QString metaDraftId;
    int formatVersion = 0;
    QByteArray content;
};

Result<std::shared_ptr<const DraftSerializer>> DraftStore::serializer(const QString &profileId)
{
    QMutexLocker lock(&m_serializersMutex);
    if (const auto found = m_serializers.constFind(profileId); found != m_serializers.cend())
        return *found;
    // DraftProfile::builtIn reads and parses a resource file: once per profile, not per save.
    Result<DraftProfile> profile = DraftProfile::builtIn(profileId);
    if (!profile)
        return profile.error();
    auto made = std::make_shared<const DraftSerializer>(std::move(*profile));
    m_serializers.insert(profileId, made);
    return made;
}

Result<DraftStore::Row> DraftStore::rowLocked(const QString &key) const
{
    Result<QSqlQuery *> select = statementLocked(Statement::Select);
    if (!select)
        return select.error();
    QSqlQuery &query = **select;
    query.bindValue(0, key);
    if (!query.exec())
        return databaseError(u"load %1"_s.arg(key), query.lastError());
    if (!query.next()) {
        query.finish();
        return Error::notFound(u"draft"_s, key);
    }
    Row row{query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
            query.value(3).toString(), query.value(4).toInt(),    query.value(5).toByteArray()};
    query.finish(); // ends the read transaction
    return row;
}

Result<QString> DraftStore::profileLocked(const QString &key) const
{
    if (const Entry *cached = m_cache.object(key))
        return cached->profile;
    Result<QSqlQuery *> select = statementLocked(Statement::Profile);
    if (!select)
        return select.error();
    QSqlQuery &query = **select;
    query.bindValue(0, key);
    if (!query.exec())
        return databaseError(u"profile of %1"_s.arg(key), query.lastError());
    const bool found = query.next();
    QString profile = found ? query.value(0).toString() : QString();
    query.finish();
    if (!found)
        return Error::notFound(u"draft"_s, key);
    return profile;
}

namespace {

constexpr QByteArrayView BareKey = "cutpilot_bare";

/// A format-2 row: {"cutpilot_bare":{"width":W,"height":H,"fps":F,"maintrack_adsorb":B}}.
Result<Draft> decodeBare(const QString &key, const QJsonDocument &document)
{
    const QJsonObject canvas
        = document.object().value(QLatin1StringView(BareKey.data(), BareKey.size())).toObject();
    const QJsonValue width = canvas.value(u"width"_s);
    const QJsonValue height = canvas.value(u"height"_s);
    const QJsonValue fps = canvas.value(u"fps"_s);
    const QJsonValue magnet = canvas.value(u"maintrack_adsorb"_s);
    const auto dimension = [](const QJsonValue &v) {
        return v.isDouble() && v.toDouble() >= 1 && v.toDouble() <= 65536
               && v.toDouble() == double(v.toInt());
    };
    if (!dimension(width) || !dimension(height) || !fps.isDouble() || !(fps.toDouble() > 0)
        || !(fps.toDouble() <= 1000) || !magnet.isBool())
        return Error(ErrorCode::CorruptData,
                     u"draft %1 is damaged (a bad canvas record)"_s.arg(key), {{u"key"_s, key}});
    Draft draft;
    draft.width = width.toInt();
    draft.height = height.toInt();
    draft.fps = fps.toDouble();
    draft.mainTrackMagnet = magnet.toBool();
    return draft;
}

} // namespace

EncodedContent DraftStoreDetail::encodeContent(const DraftSerializer &serializer,
                                               const Draft &draft, DraftSegmentCache *cache)
{
    if (!DraftSerializer::isBare(draft))
        return {serializer.contentBytes(draft, cache), DocumentFormat};
    QByteArray bytes;
    bytes.reserve(96);
    bytes.append("{\"").append(BareKey).append("\":{\"width\":");
    bytes.append(QByteArray::number(draft.width)).append(",\"height\":");
    bytes.append(QByteArray::number(draft.height)).append(",\"fps\":");
    bytes.append(QByteArray::number(draft.fps, 'g', 17)).append(",\"maintrack_adsorb\":");
    bytes.append(draft.mainTrackMagnet ? "true}}" : "false}}");
    return {bytes, BareFormat};
}

Result<DraftStore::Entry> DraftStore::decode(const QString &key, const Row &row)
{
    if (row.formatVersion > FormatVersion)
        return Error(ErrorCode::NotImplemented,
                     u"draft %1 was written by a newer CutPilot (format %2)"_s.arg(key).arg(
                         row.formatVersion));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(row.content, &parseError);
    if (!document.isObject())
        return Error(ErrorCode::CorruptData,
                     u"draft %1 is damaged (%2)"_s.arg(key, parseError.errorString()),
                     {{u"key"_s, key}});
    Entry entry{{}, row.profile};
    if (row.formatVersion == BareFormat) {
        Result<Draft> bare = decodeBare(key, document);
        if (!bare)
            return bare.error();
        entry.draft = std::move(*bare);
    } else {
        Result<ParsedDraft> parsed = DraftParser::parse(document.object());
        if (!parsed)
            return parsed.error().withContext(u"draft %1"_s.arg(key));
        entry.draft = std::move(parsed->draft);
    }
    entry.draft.id = row.contentId;
    entry.draft.name = row.name;
    entry.draft.metaDraftId = row.metaDraftId;
    return entry;
}

void DraftStore::cacheLocked(const QString &key, Entry entry, qsizetype bytes)
{
    const qsizetype cost = 1 + bytes / 1024;
    m_cache.insert(key, new Entry(std::move(entry)), int(cost)); // too big for the cache: dropped
}

Result<QString> DraftStore::create(Draft draft, const QString &profileId, const QString &key)
{
    // One draft is a batch of one: the same checks, binding and single committed transaction.
    QList<NewDraft> one;
    one.append(NewDraft{std::move(draft), profileId, key});
    return createBatch(std::move(one)).constFirst();
}

QList<Result<QString>> DraftStore::createBatch(QList<NewDraft> drafts)
{
    struct Prepared
    {
        QString key;
        EncodedContent content;
    };
    QList<Result<QString>> results;
    QList<Prepared> prepared;
    results.reserve(drafts.size());
    prepared.reserve(drafts.size());
    // Serializing runs outside the lock, like create().
    for (NewDraft &item : drafts) {
        if (item.draft.id.isEmpty())
            item.draft.id = newDraftGuid();
        const QString storeKey = item.key.isEmpty() ? item.draft.id : item.key;
        Result<std::shared_ptr<const DraftSerializer>> writer = serializer(item.profile);
        if (!isValidKey(storeKey)) {
            results.append(invalidKey(storeKey));
            prepared.append(Prepared{});
        } else if (!writer) {
            results.append(writer.error());
            prepared.append(Prepared{});
        } else {
            results.append(storeKey);
            prepared.append({storeKey, encodeContent(**writer, item.draft)});
        }
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    QMutexLocker lock(&m_mutex);
    const auto failAll = [&](const Error &error) {
        for (Result<QString> &r : results)
            r = error;
        return results;
    };
    if (Result<> open = requireOpenLocked(); !open)
        return failAll(open.error());
    Result<QSqlQuery *> insert = statementLocked(Statement::Insert);
    if (!insert)
        return failAll(insert.error());
    if (Result<> begun = beginLocked(); !begun)
        return failAll(begun.error());
    QSqlQuery &query = **insert;
    for (qsizetype i = 0; i < drafts.size(); ++i) {
        if (!results.at(i))
            continue;
        const Draft &draft = drafts.at(i).draft;
        const QVariant values[] = {prepared.at(i).key,
                                   drafts.at(i).profile,
                                   text(draft.name),
                                   draft.id,
                                   text(draft.metaDraftId),
                                   draft.duration(),
                                   int(draft.tracks.size()),
                                   now,
                                   now,
                                   prepared.at(i).content.format,
                                   prepared.at(i).content.bytes};
        for (int v = 0; v < int(std::size(values)); ++v)
            query.bindValue(v, values[v]);
        if (!query.exec())
            results[i] = databaseError(u"create %1"_s.arg(prepared.at(i).key), query.lastError());
        else if (query.numRowsAffected() == 0)
            results[i] = Error(ErrorCode::AlreadyExists,
                               u"draft %1 already exists"_s.arg(prepared.at(i).key),
                               {{u"key"_s, prepared.at(i).key}});
    }
    if (Result<> committed = commitLocked(); !committed) {
        rollbackLocked();
        return failAll(committed.error());
    }
    committedLocked();
    for (qsizetype i = 0; i < drafts.size(); ++i) {
        // A bare draft (create_draft's) loads from its canvas and the memoized per-canvas
        // content without parsing: caching it would only push edited drafts out of the cache,
        // and a burst of creates spent about a tenth of its time here.
        if (results.at(i) && prepared.at(i).content.format != BareFormat)
            cacheLocked(prepared.at(i).key, Entry{std::move(drafts[i].draft), drafts.at(i).profile},
                        prepared.at(i).content.bytes.size());
    }
    return results;
}

Result<> DraftStore::save(const QString &key, const Draft &draft)
{
    return saveBatch({SavedDraft{key, draft}}).constFirst();
}

QList<Result<>> DraftStore::saveBatch(const QList<SavedDraft> &drafts)
{
    QList<Result<>> results;
    QList<QString> profiles;
    QList<EncodedContent> contents;
    results.reserve(drafts.size());
    profiles.reserve(drafts.size());
    contents.reserve(drafts.size());
    for (const SavedDraft &item : drafts) {
        Result<QString> profileId = [&]() -> Result<QString> {
            if (!isValidKey(item.key))
                return invalidKey(item.key);
            if (item.draft.id.isEmpty())
                return Error::invalidArgument(u"id"_s,
                                              u"draft %1: the content id is empty"_s.arg(item.key));
            QMutexLocker lock(&m_mutex);
            if (Result<> open = requireOpenLocked(); !open)
                return open.error();
            return profileLocked(item.key);
        }();
        Result<std::shared_ptr<const DraftSerializer>> writer
            = profileId ? serializer(*profileId)
                        : Result<std::shared_ptr<const DraftSerializer>>(profileId.error());
        if (!writer) {
            results.append(writer.error());
            profiles.append(QString());
            contents.append(EncodedContent{});
            continue;
        }
        results.append(Result<>());
        profiles.append(*profileId);
        // Outside the lock: other threads load and save meanwhile. The draft's segments from its
        // last save are taken for the time (another thread saving it meanwhile serializes afresh).
        std::unique_ptr<DraftSegmentCache> segments = takeSegmentCache(item.key);
        contents.append(encodeContent(**writer, item.draft, segments.get()));
        putSegmentCache(item.key, std::move(segments));
    }
    if (std::none_of(results.cbegin(), results.cend(), [](const Result<> &r) { return bool(r); }))
        return results;

    QMutexLocker lock(&m_mutex);
    const auto failAll = [&](const Error &error) {
        for (Result<> &r : results) {
            if (r)
                r = error;
        }
        return results;
    };
    Result<QSqlQuery *> update = statementLocked(Statement::Update);
    if (!update)
        return failAll(update.error());
    // One transaction for the whole batch (group commit): one WAL commit for all.
    if (Result<> begun = beginLocked(); !begun)
        return failAll(begun.error());
    QSqlQuery &query = **update;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 bytes = 0;
    for (qsizetype i = 0; i < drafts.size(); ++i) {
        if (!results.at(i))
            continue;
        const QString &key = drafts.at(i).key;
        const Draft &draft = drafts.at(i).draft;
        const QVariant values[] = {text(draft.name),
                                   draft.id,
                                   text(draft.metaDraftId),
                                   draft.duration(),
                                   int(draft.tracks.size()),
                                   now,
                                   contents.at(i).format,
                                   contents.at(i).bytes,
                                   key,
                                   profiles.at(i)};
        for (int v = 0; v < int(std::size(values)); ++v)
            query.bindValue(v, values[v]);
        if (!query.exec()) {
            results[i] = databaseError(u"save %1"_s.arg(key), query.lastError());
        } else if (query.numRowsAffected() == 0) { // removed (or removed and created again)
            m_cache.remove(key);
            dropSegmentCache(key);
            Result<QString> current = profileLocked(key);
            results[i] = current
                             ? Error(ErrorCode::Conflict,
                                     u"draft %1 was replaced while it was being saved"_s.arg(key))
                             : current.error();
        } else {
            bytes += contents.at(i).bytes.size();
        }
    }
    if (Result<> committed = commitLocked(); !committed) {
        rollbackLocked();
        for (qsizetype i = 0; i < drafts.size(); ++i)
            m_cache.remove(drafts.at(i).key); // the cache must not hold what was rolled back
        return failAll(committed.error());
    }
    committedLocked(bytes);
    for (qsizetype i = 0; i < drafts.size(); ++i) {
        if (results.at(i))
            cacheLocked(drafts.at(i).key, Entry{drafts.at(i).draft, profiles.at(i)},
                        contents.at(i).bytes.size());
    }
    return results;
}

Result<Draft> DraftStore::load(const QString &key)
{
    if (!isValidKey(key))
        return invalidKey(key);
    Row row;
    quint64 writes = 0;
    {
        QMutexLocker lock(&m_mutex);
        if (Result<> open = requireOpenLocked(); !open)
            return open.error();
        if (const Entry *cached = m_cache.object(key))
            return cached->draft;
        Result<Row> stored = rowLocked(key);
        if (!stored)
            return stored.error();
        row = std::move(*stored);
        writes = m_writes;
    }
    // Parsed outside the lock; cached only when nothing was written meanwhile (a newer save would
    // otherwise be shadowed by this older copy).
    Result<Entry> entry = decode(key, row);
    if (!entry)
        return entry.error();
    QMutexLocker lock(&m_mutex);
    if (m_writes == writes)
        cacheLocked(key, *entry, row.content.size()); // a copy: the draft is returned too
    return entry->draft;
}

Result<QString> DraftStore::profileOf(const QString &key)
{
    if (!isValidKey(key))
        return invalidKey(key);
    QMutexLocker lock(&m_mutex);
    if (Result<> open = requireOpenLocked(); !open)
        return open.error();
    return profileLocked(key);
}

Result<> DraftStore::remove(const QString &key)
{
    if (!isValidKey(key))
        return invalidKey(key);
    QMutexLocker lock(&m_mutex);
    if (Result<> open = requireOpenLocked(); !open)
        return open;
    m_cache.remove(key);
    dropSegmentCache(key);
    ++m_writes; // also when it fails: a load parsing meanwhile must not cache the draft again
    Result<QSqlQuery *> remove = statementLocked(Statement::Delete);
    Result<QSqlDatabase *> db = databaseLocked();
    if (!remove || !db)
        return !remove ? remove.error() : db.error();
    // The draft and its save record go together.
    if (Result<> begun = beginLocked(); !begun)
        return begun;
    (*remove)->bindValue(0, key);
    if (!(*remove)->exec()) {
        const Error error = databaseError(u"remove %1"_s.arg(key), (*remove)->lastError());
        rollbackLocked();
        return error;
    }
    if ((*remove)->numRowsAffected() == 0) {
        rollbackLocked();
        return Error::notFound(u"draft"_s, key);
    }
    QSqlQuery saves(**db);
    saves.prepare(u"DELETE FROM saves WHERE key = ?"_s);
    saves.addBindValue(key);
    if (!saves.exec()) {
        const Error error = databaseError(u"remove %1"_s.arg(key), saves.lastError());
        saves.finish();
        rollbackLocked();
        return error;
    }
    saves.finish();
    if (Result<> committed = commitLocked(); !committed) {
        rollbackLocked();
        return committed;
    }
    committedLocked();
    return {};
}

Result<> DraftStore::recordSave(const QString &key, const SaveRecord &record)
{
    if (!isValidKey(key))
        return invalidKey(key);
    QMutexLocker lock(&m_mutex);
    if (Result<> open = requireOpenLocked(); !open)
        return open;
    Result<QSqlDatabase *> db = databaseLocked();
    if (!db)
        return db.error();
    // Only for a stored draft: one statement, so a concurrent remove() cannot leave a record.
    QSqlQuery query(**db);
    query.prepare(u"INSERT OR REPLACE INTO saves (key, state, folder, message, saved_utc) "
                  "SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM drafts WHERE key = ?)"_s);
    const QDateTime at = record.at.isValid() ? record.at : QDateTime::currentDateTimeUtc();
    for (const QVariant &value :
         {QVariant(key), QVariant(int(record.state)), QVariant(text(record.folder)),
          QVariant(text(record.message)), QVariant(at.toMSecsSinceEpoch()), QVariant(key)})
        query.addBindValue(value);
    if (!query.exec())
        return databaseError(u"record the save of %1"_s.arg(key), query.lastError());
    const bool stored = query.numRowsAffected() > 0;
    query.finish();
    if (!stored)
        return Error::notFound(u"draft"_s, key);
    committedLocked();
    return {};
}

Result<std::optional<DraftStore::SaveRecord>> DraftStore::lastSave(const QString &key) const
{
    if (!isValidKey(key))
        return invalidKey(key);
    QMutexLocker lock(&m_mutex);
    if (Result<> open = requireOpenLocked(); !open)
        return open.error();
    Result<QSqlDatabase *> db = databaseLocked();
    if (!db)
        return db.error();
    QSqlQuery query(**db);
    query.setForwardOnly(true);
    query.prepare(u"SELECT state, folder, message, saved_utc FROM saves WHERE key = ?"_s);
    query.addBindValue(key);
    if (!query.exec())
        return databaseError(u"read the save of %1"_s.arg(key), query.lastError());
    if (!query.next())
        return std::optional<SaveRecord>();
    SaveRecord record;
    const int state = query.value(0).toInt();
    record.state = state == int(SaveRecord::State::Saved)    ? SaveRecord::State::Saved
                   : state == int(SaveRecord::State::Saving) ? SaveRecord::State::Saving
                                                             : SaveRecord::State::Failed;
    record.folder = query.value(1).toString();
    record.message = query.value(2).toString();
    record.at = utcFromMSecs(query.value(3).toLongLong());
    query.finish();
    return std::optional<SaveRecord>(std::move(record));
}

bool DraftStore::contains(const QString &key) const
{
    if (!isValidKey(key))
        return false;
    QMutexLocker lock(&m_mutex);
    return m_open && profileLocked(key);
}

namespace {

/// Reads the rows of a List or ListPage statement (columns as in StatementSql).
QList<DraftStore::Summary> summariesFrom(QSqlQuery &query)
{
    QList<DraftStore::Summary> out;
    while (query.next()) {
        DraftStore::Summary s;
        s.key = query.value(0).toString();
        s.id = query.value(1).toString();
        s.name = query.value(2).toString();
        s.profile = query.value(3).toString();
        s.durationUs = query.value(4).toLongLong();
        s.tracks = query.value(5).toInt();
        s.created = utcFromMSecs(query.value(6).toLongLong());
        s.modified = utcFromMSecs(query.value(7).toLongLong());
        out.append(std::move(s));
    }
    return out;
}

} // namespace

QList<DraftStore::Summary> DraftStore::list(QStringList *warnings) const
{
    // The statement is this thread's own (its connection is only closed by this thread's end or
    // the store's destruction), so it is run outside the lock that writers take.
    Result<QSqlQuery *> select = [&]() -> Result<QSqlQuery *> {
        QMutexLocker lock(&m_mutex);
        if (Result<> open = requireOpenLocked(); !open)
            return open.error();
        return statementLocked(Statement::List);
    }();
    if (select && !(*select)->exec())
        select = databaseError(u"list"_s, (*select)->lastError());
    if (!select) {
        if (warnings)
            warnings->append(select.error().message());
        return {};
    }
    QSqlQuery &query = **select;
    QList<Summary> out = summariesFrom(query);
    if (query.lastError().isValid() && warnings)
        warnings->append(databaseError(u"list"_s, query.lastError()).message());
    query.finish();
    return out;
}

Result<QList<DraftStore::Summary>> DraftStore::listPage(qint64 offset, int limit,
                                                        qint64 *total) const
{
    if (offset < 0 || limit < 0)
        return Error(ErrorCode::InvalidArgument, u"a page needs offset >= 0 and limit >= 0"_s);
    struct Statements
    {
        QSqlDatabase *db;
        QSqlQuery *page;
        QSqlQuery *count;
    };
    const Result<Statements> statements = [&]() -> Result<Statements> {
        QMutexLocker lock(&m_mutex);
        if (Result<> open = requireOpenLocked(); !open)
            return open.error();
        Result<QSqlDatabase *> db = databaseLocked();
        if (!db)
            return db.error();
        Result<QSqlQuery *> page = statementLocked(Statement::ListPage);
        if (!page)
            return page.error();
        Result<QSqlQuery *> count = statementLocked(Statement::Count);
        if (!count)
            return count.error();
        return Statements{*db, *page, *count};
    }();
    if (!statements)
        return statements.error();
    QSqlDatabase &db = *statements->db;
    QSqlQuery &query = *statements->page;
    QSqlQuery &counter = *statements->count;
    // One read transaction for both, so that the total and the page agree.
    if (!db.transaction())
        return databaseError(u"list page"_s, db.lastError());
    const auto endRead = qScopeGuard([&db] { db.rollback(); });
    if (total) {
        if (!counter.exec() || !counter.next())
            return databaseError(u"list page"_s, counter.lastError());
        *total = counter.value(0).toLongLong();
        counter.finish();
    }
    query.bindValue(0, limit);
    query.bindValue(1, offset);
    if (!query.exec())
        return databaseError(u"list page"_s, query.lastError());
    QList<Summary> out = summariesFrom(query);
    if (query.lastError().isValid())
        return databaseError(u"list page"_s, query.lastError());
    query.finish();
    return out;
}

qint64 DraftStore::count() const
{
    QMutexLocker lock(&m_mutex);
    if (!m_open)
        return -1;
    Result<QSqlQuery *> select = statementLocked(Statement::Count);
    if (!select || !(*select)->exec() || !(*select)->next())
        return -1;
    const qint64 drafts = (*select)->value(0).toLongLong();
    (*select)->finish();
    return drafts;
}

std::unique_ptr<DraftSegmentCache> DraftStore::takeSegmentCache(const QString &key)
{
    QMutexLocker lock(&m_segmentCachesMutex);
    std::unique_ptr<DraftSegmentCache> cache(m_segmentCaches.take(key));
    return cache ? std::move(cache) : std::make_unique<DraftSegmentCache>();
}

void DraftStore::putSegmentCache(const QString &key, std::unique_ptr<DraftSegmentCache> cache)
{
    if (!cache || cache->segments() == 0)
        return;
    // The cost guesses the memory: the JSON text, and per segment its containers and its value,
    // which the cache is the last to hold once the draft is closed and evicted. Measured with
    // mallinfo2 on bench_draft_saveload's 10 000-segment draft: 13.0 MiB of text; 23.7 MiB in use
    // while the draft lives, 29.3 MiB alone.
    const qint64 cost = 1 + (cache->bytes() + cache->segments() * SegmentValueBytes) / 1024;
    QMutexLocker lock(&m_segmentCachesMutex);
    m_segmentCaches.insert(key, cache.release(),
                           int(std::min<qint64>(cost, std::numeric_limits<int>::max())));
}

void DraftStore::dropSegmentCache(const QString &key)
{
    QMutexLocker lock(&m_segmentCachesMutex);
    m_segmentCaches.remove(key);
}

qint64 DraftStore::segmentCacheBytes() const
{
    QMutexLocker lock(&m_segmentCachesMutex);
    return qint64(m_segmentCaches.totalCost()) * 1024;
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
