// MediaCache: objects, local references, derived artefacts, probes, pins and eviction. The index
// (SQL helpers, connections, schema, open() with its verification) is in mediacacheindex.cpp.
#include "mediacache.h"

#include "core/support/log.h"
#include "core/support/utctime.h"
#include "mediacacheindex_p.h"

#include <QAtomicInt>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtEndian>

#include <algorithm>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;
using namespace MediaCacheDetail;

namespace {

constexpr int TouchBatch = 64;                // pending LRU touches before they are written
constexpr qint64 FingerprintSample = 1 << 20; // bytes hashed at each end of a referenced file

QAtomicInt s_instanceCounter;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString randomToken()
{
    return QString::number(QRandomGenerator::global()->generate64(), 16);
}

Error noRoom(qint64 size, qint64 maxBytes, qint64 pinnedBytes)
{
    const QString message
        = size > maxBytes
              ? u"media cache: %1 bytes are more than the %2-byte limit"_s.arg(size).arg(maxBytes)
              : u"media cache: %1 bytes do not fit: %2 of the %3-byte limit are pinned"_s.arg(size)
                    .arg(pinnedBytes)
                    .arg(maxBytes);
    return Error(ErrorCode::DiskFull, message,
                 {{u"field"_s, u"size"_s},
                  {u"size"_s, size},
                  {u"maxBytes"_s, maxBytes},
                  {u"pinnedBytes"_s, pinnedBytes}});
}

Error notOpen()
{
    return Error(ErrorCode::Unavailable, u"media cache: not open"_s);
}

/// Sets a file's mtime to now, so that an index rebuild orders objects by when they were added.
void stampNow(const QString &path)
{
    QFile file(path);
    if (file.open(QIODevice::ReadWrite))
        file.setFileTime(QDateTime::currentDateTimeUtc(), QFileDevice::FileModificationTime);
}

/// See MediaCache::reference(): size, first MiB, last MiB.
Result<QString> fingerprintFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ioError(u"cannot read"_s, path, file.errorString());
    const qint64 size = file.size();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    char sizeBytes[8];
    qToLittleEndian<quint64>(quint64(size), sizeBytes);
    hash.addData(QByteArrayView(sizeBytes, sizeof sizeBytes));
    bool ok = true;
    if (size <= 2 * FingerprintSample) {
        ok = hash.addData(&file);
    } else {
        const QByteArray head = file.read(FingerprintSample);
        ok = head.size() == FingerprintSample && file.seek(size - FingerprintSample);
        const QByteArray tail = ok ? file.read(FingerprintSample) : QByteArray();
        ok = ok && tail.size() == FingerprintSample;
        hash.addData(head);
        hash.addData(tail);
    }
    if (!ok)
        return ioError(u"cannot read"_s, path, file.errorString());
    return QString::fromLatin1(hash.result().toHex());
}

QString derivedKeyHash(const QString &contentKey, const QString &kind, const QString &params)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(contentKey.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(kind.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(params.toUtf8());
    return QString::fromLatin1(hash.result().toHex());
}

/// Removes a file, logging (not failing) when it cannot: a leftover is cleaned up by open().
void removeFile(const QString &path)
{
    QFile file(path);
    if (file.exists() && !file.remove())
        Log::get(Log::Media)->warn("media cache: cannot remove {}: {}", path, file.errorString());
}

} // namespace

struct MediaCache::Staged
{
    QString source;   ///< the caller's path
    QString tempPath; ///< root/tmp/<random>.part
    QString sha256;
    qint64 size = 0;
    bool sourceMoved = false;  ///< the source was renamed to tempPath
    bool removeSource = false; ///< Move across file systems: remove the source once stored
};

MediaCache::MediaCache(QString root, Options options)
    : m_root(QDir::cleanPath(QDir(root).absolutePath()))
    , m_connections(std::make_shared<Connections>())
    , m_maxBytes(std::max<qint64>(0, options.maxBytes))
{
    m_connections->databasePath = m_root + u"/index.sqlite"_s;
    m_connections->namePrefix
        = u"cutpilot-mediacache-%1-"_s.arg(s_instanceCounter.fetchAndAddRelaxed(1));
}

MediaCache::~MediaCache()
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_open) {
            // Touches must survive a normal restart.
            if (Result<QSqlDatabase> db = databaseLocked()) {
                if (Result<> flushed = flushTouchesLocked(*db); !flushed)
                    Log::get(Log::Media)->warn("{}", flushed.error().toString());
            }
        }
    }
    m_connections->removeAll();
}

// ---- objects ------------------------------------------------------------------------------------

QString MediaCache::objectPath(const QString &sha256) const
{
    if (!isSha256(sha256))
        return {};
    return m_root + u"/objects/"_s + sha256.left(2) + u'/' + sha256;
}

QString MediaCache::derivedDirectory() const
{
    return m_root + u"/derived"_s;
}

Result<> MediaCache::requireOpenLocked() const
{
    if (!m_open)
        return notOpen();
    return {};
}

Result<MediaCache::Staged> MediaCache::stage(const QString &path, AddMode mode) const
{
    const QFileInfo info(path);
    QMutexLocker lock(&m_mutex);
    if (!m_open)
        return notOpen();
    if (!info.exists())
        return Error::notFound(u"file"_s, path);
    if (!info.isFile())
        return Error::invalidArgument(u"path"_s, u"not a file: %1"_s.arg(path));
    if (info.canonicalFilePath().startsWith(QDir(m_root).canonicalPath() + u'/'))
        return Error::invalidArgument(u"path"_s, u"already inside the media cache: %1"_s.arg(path));
    if (info.size() > m_maxBytes) // refuse before copying gigabytes
        return noRoom(info.size(), m_maxBytes, 0);
    lock.unlock();

    Staged staged;
    staged.source = path;
    if (mode == AddMode::Move) {
        // Hash first, where the file is (a crash while hashing leaves the source untouched), then
        // rename it into tmp/ under its hash: open() re-indexes such a file, never deletes it.
        const qint64 size = info.size();
        const Result<QString> sha = hashFile(path);
        if (!sha)
            return sha.error();
        staged.tempPath = m_root + u"/tmp/"_s + *sha + u'-' + randomToken() + u".moved"_s;
        if (QFile::rename(path, staged.tempPath)) {
            staged.sourceMoved = true;
            staged.sha256 = *sha;
            staged.size = QFileInfo(staged.tempPath).size();
            if (staged.size == size)
                return staged;
            unstage(staged, staged.tempPath); // written to while it was hashed
            return ioError(u"cannot add"_s, path, u"the file changed while it was read"_s);
        }
        // Another file system: copy (below), remove the source once stored.
    }
    staged.tempPath = m_root + u"/tmp/"_s + randomToken() + u".part"_s;
    QFile source(path);
    if (!source.copy(staged.tempPath)) {
        QFile::remove(staged.tempPath);
        return ioError(u"cannot copy"_s, path, source.errorString());
    }
    staged.removeSource = mode == AddMode::Move;
    const Result<QString> sha = hashFile(staged.tempPath);
    if (!sha) {
        unstage(staged, staged.tempPath);
        return sha.error();
    }
    staged.sha256 = *sha;
    staged.size = QFileInfo(staged.tempPath).size();
    return staged;
}

void MediaCache::unstage(const Staged &staged, const QString &currentPath) const
{
    if (staged.sourceMoved && QFile::rename(currentPath, staged.source))
        return;
    if (staged.sourceMoved)
        Log::get(Log::Media)
            ->error("media cache: cannot move {} back to {}", currentPath, staged.source);
    else
        removeFile(currentPath);
}

Result<CachedObject> MediaCache::addFile(const QString &path, AddMode mode,
                                         const QString &originalName, const QString &sourceUrl,
                                         AddPin pin)
{
    const Result<Staged> staged = stage(path, mode); // hashing and copying: not under the mutex
    if (!staged)
        return staged.error();

    QMutexLocker lock(&m_mutex);
    Result<QSqlDatabase> db = databaseLocked();
    if (!db) {
        unstage(*staged, staged->tempPath);
        return db.error();
    }
    return commitStagedLocked(*db, *staged, originalName, sourceUrl, pin);
}

Result<CachedObject> MediaCache::commitStagedLocked(QSqlDatabase &db, const Staged &staged,
                                                    const QString &originalName,
                                                    const QString &sourceUrl, AddPin pin)
{
    const auto consumeSource = [&staged] {
        if (staged.removeSource)
            removeFile(staged.source);
    };
    const QString target = objectPath(staged.sha256);

    if (std::optional<CachedObject> existing = objectLocked(db, staged.sha256)) {
        if (QFileInfo(target).size() == existing->size) { // deduplicated
            removeFile(staged.tempPath);
            consumeSource();
            const Result<> filled = exec(db,
                                         u"UPDATE objects SET"
                                         " original_name = CASE original_name WHEN '' THEN ?"
                                         "   ELSE original_name END,"
                                         " source_url = CASE source_url WHEN '' THEN ?"
                                         "   ELSE source_url END"
                                         " WHERE sha256 = ?"_s,
                                         {text(originalName), text(sourceUrl), staged.sha256});
            if (!filled)
                Log::get(Log::Media)->warn("{}", filled.error().toString());
            if (pin == AddPin::Pin)
                ++m_pins[staged.sha256];
            touchObjectLocked(db, staged.sha256);
            return objectLocked(db, staged.sha256).value_or(*existing);
        }
        dropObjectRowLocked(db, staged.sha256, existing->size); // its file vanished
    }

    if (Result<> room = ensureRoomLocked(db, staged.size); !room) {
        unstage(staged, staged.tempPath);
        return room.error();
    }
    QDir().mkpath(QFileInfo(target).absolutePath());
    if (QFile::exists(target))
        QFile::remove(target); // a file without a row (added by a crashed run): same content
    if (!QFile::rename(staged.tempPath, target)) {
        unstage(staged, staged.tempPath);
        return ioError(u"cannot move into the store"_s, staged.tempPath, u"rename failed"_s);
    }
    stampNow(target);

    const qint64 addedAt = nowMs();
    Transaction transaction(db);
    Result<> inserted = transaction.begun();
    if (inserted) {
        inserted = exec(
            db,
            u"INSERT INTO objects (sha256, size, original_name, source_url, "
            "added_at, last_used) VALUES (?, ?, ?, ?, ?, ?)"_s,
            {staged.sha256, staged.size, text(originalName), text(sourceUrl), addedAt, ++m_clock});
    }
    if (inserted)
        inserted = transaction.commit();
    if (!inserted) {
        unstage(staged, target);
        return inserted.error();
    }
    m_totalBytes += staged.size;
    consumeSource();
    if (pin == AddPin::Pin)
        ++m_pins[staged.sha256]; // before anything is evicted
    evictLocked(db);

    CachedObject object;
    object.sha256 = staged.sha256;
    object.path = target;
    object.size = staged.size;
    object.originalName = originalName;
    object.sourceUrl = sourceUrl;
    object.addedAt = utcFromMSecs(addedAt);
    return object;
}

std::optional<CachedObject> MediaCache::objectLocked(QSqlDatabase &db, const QString &sha256) const
{
    Result<QSqlQuery> query = run(db,
                                  u"SELECT size, original_name, source_url, added_at FROM objects "
                                  "WHERE sha256 = ?"_s,
                                  {sha256});
    if (!query) {
        Log::get(Log::Media)->warn("{}", query.error().toString());
        return std::nullopt;
    }
    if (!query->next())
        return std::nullopt;
    CachedObject object;
    object.sha256 = sha256;
    object.path = objectPath(sha256);
    object.size = query->value(0).toLongLong();
    object.originalName = query->value(1).toString();
    object.sourceUrl = query->value(2).toString();
    object.addedAt = utcFromMSecs(query->value(3).toLongLong());
    return object;
}

void MediaCache::dropObjectRowLocked(QSqlDatabase &db, const QString &sha256, qint64 size)
{
    if (Result<> done = exec(db, u"DELETE FROM objects WHERE sha256 = ?"_s, {sha256}); !done) {
        Log::get(Log::Media)->warn("{}", done.error().toString());
        return;
    }
    m_objectTouches.remove(sha256);
    m_totalBytes -= size;
}

std::optional<CachedObject> MediaCache::object(const QString &sha256)
{
    if (!isSha256(sha256))
        return std::nullopt;
    QMutexLocker lock(&m_mutex);
    if (!m_open)
        return std::nullopt;
    Result<QSqlDatabase> db = databaseLocked();
    if (!db)
        return std::nullopt;
    std::optional<CachedObject> found = objectLocked(*db, sha256);
    if (!found)
        return std::nullopt;
    if (QFileInfo(found->path).size() != found->size) { // deleted behind our back
        Log::get(Log::Media)->warn("media cache: {} vanished, dropping it", found->path);
        dropObjectRowLocked(*db, sha256, found->size);
        return std::nullopt;
    }
    touchObjectLocked(*db, sha256);
    return found;
}

bool MediaCache::contains(const QString &sha256) const
{
    if (!isSha256(sha256))
        return false;
    QMutexLocker lock(&m_mutex);
    if (!m_open)
        return false;
    Result<QSqlDatabase> db = databaseLocked();
    return db && objectLocked(*db, sha256).has_value();
}

Result<> MediaCache::remove(const QString &sha256)
{
    QMutexLocker lock(&m_mutex);
    if (Result<> ready = requireOpenLocked(); !ready)
        return ready;
    if (m_pins.value(sha256) > 0)
        return Error(ErrorCode::Locked, u"media cache: %1 is pinned"_s.arg(sha256),
                     {{u"sha256"_s, sha256}});
    Result<QSqlDatabase> db = databaseLocked();
    if (!db)
        return db.error();
    const std::optional<CachedObject> found
        = isSha256(sha256) ? objectLocked(*db, sha256) : std::nullopt;
    if (!found)
        return Error::notFound(u"object"_s, sha256);
    if (Result<> done = exec(*db, u"DELETE FROM objects WHERE sha256 = ?"_s, {sha256}); !done)
        return done;
    removeFile(found->path);
    m_objectTouches.remove(sha256);
    m_totalBytes -= found->size;
    return {};
}

// ---- local references ---------------------------------------------------------------------------

Result<LocalRef> MediaCache::reference(const QString &path)
{
    const auto stat = [](const QString &file, LocalRef &ref) -> Result<> {
        const QFileInfo info(file);
        if (!info.exists())
            return Error::notFound(u"file"_s, file);
        if (!info.isFile())
            return Error::invalidArgument(u"path"_s, u"not a file: %1"_s.arg(file));
        ref.path = info.canonicalFilePath();
        ref.size = info.size();
        ref.modified = info.lastModified().toUTC();
        return {};
    };
    LocalRef ref;
    if (Result<> found = stat(path, ref); !found)
        return found.error();
    {
        QMutexLocker lock(&m_mutex);
        if (!m_open)
            return notOpen();
        Result<QSqlDatabase> db = databaseLocked();
        if (!db)
            return db.error();
        Result<QSqlQuery> known = run(
            *db, u"SELECT size, mtime, fingerprint FROM local_refs WHERE path = ?"_s, {ref.path});
        if (!known)
            return known.error();
        if (known->next() && known->value(0).toLongLong() == ref.size
            && known->value(1).toLongLong() == ref.modified.toMSecsSinceEpoch()) {
            ref.fingerprint = known->value(2).toString();
            known->finish();
            ref.probe = readProbe(*db, ref.fingerprint);
            return ref;
        }
    }

    const Result<QString> fingerprint = fingerprintFile(ref.path); // not under the mutex
    if (!fingerprint)
        return fingerprint.error();
    ref.fingerprint = *fingerprint;
    LocalRef after;
    // Changed while it was read: answer, but do not remember a fingerprint that may be torn.
    const bool stable
        = stat(ref.path, after) && after.size == ref.size && after.modified == ref.modified;

    QMutexLocker lock(&m_mutex);
    Result<QSqlDatabase> db = databaseLocked();
    if (!db)
        return db.error();
    if (stable) {
        const Result<> stored = exec(
            *db,
            u"INSERT OR REPLACE INTO local_refs (path, size, mtime, "
            "fingerprint, checked_at) VALUES (?, ?, ?, ?, ?)"_s,
            {ref.path, ref.size, ref.modified.toMSecsSinceEpoch(), ref.fingerprint, nowMs()});
        if (!stored)
            return stored.error();
    }
    ref.probe = readProbe(*db, ref.fingerprint);
    return ref;
}

// ---- derived artefacts and probes ---------------------------------------------------------------

Result<> MediaCache::putDerived(const QString &contentKey, const QString &kind,
                                const QString &params, const QByteArray &bytes)
{
    if (contentKey.isEmpty())
        return Error::missingField(u"contentKey"_s);
    if (kind.isEmpty())
        return Error::missingField(u"kind"_s);
    {
        QMutexLocker lock(&m_mutex);
        if (!m_open)
            return notOpen();
        if (bytes.size() > m_maxBytes)
            return noRoom(bytes.size(), m_maxBytes, 0);
    }

    // A new file name per put: a concurrent put of the same key never writes the same file.
    const QString keyHash = derivedKeyHash(contentKey, kind, params);
    const QString relative = keyHash.left(2) + u'/' + keyHash + u'-' + randomToken();
    const QString path = derivedDirectory() + u'/' + relative;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return ioError(u"cannot write"_s, path, file.errorString());

    QMutexLocker lock(&m_mutex);
    Result<QSqlDatabase> db = databaseLocked();
    if (!db) {
        removeFile(path);
        return db.error();
    }
    if (Result<> room = ensureRoomLocked(*db, bytes.size()); !room) {
        removeFile(path);
        return room;
    }
    const Result<DerivedRow> old = findDerived(*db, contentKey, kind, params);
    if (!old) {
        removeFile(path);
        return old.error();
    }

    Transaction transaction(*db);
    Result<> written = transaction.begun();
    if (written && old->id >= 0) {
        written = exec(*db,
                       u"UPDATE derived SET file = ?, size = ?, created_at = ?, last_used = ? "
                       "WHERE id = ?"_s,
                       {relative, qint64(bytes.size()), nowMs(), ++m_clock, old->id});
    } else if (written) {
        written = exec(
            *db,
            u"INSERT INTO derived (content_key, kind, params, file, size, created_at,"
            " last_used) VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
            {contentKey, kind, text(params), relative, qint64(bytes.size()), nowMs(), ++m_clock});
    }
    if (written)
        written = transaction.commit();
    if (!written) {
        removeFile(path);
        return written;
    }
    if (old->id >= 0) {
        removeFile(derivedDirectory() + u'/' + old->file);
        m_derivedTouches.remove(old->id);
        m_totalBytes -= old->size;
    }
    m_totalBytes += bytes.size();
    evictLocked(*db);
    return {};
}

std::optional<QByteArray> MediaCache::derived(const QString &contentKey, const QString &kind,
                                              const QString &params)
{
    QMutexLocker lock(&m_mutex);
    if (!m_open)
        return std::nullopt;
    Result<QSqlDatabase> db = databaseLocked();
    if (!db)
        return std::nullopt;
    const Result<DerivedRow> row = findDerived(*db, contentKey, kind, params);
    if (!row || row->id < 0)
        return std::nullopt;
    QFile file(derivedDirectory() + u'/' + row->file);
    QByteArray bytes;
    if (file.open(QIODevice::ReadOnly))
        bytes = file.readAll();
    if (bytes.size() != row->size) { // vanished or damaged behind our back
        Log::get(Log::Media)
            ->warn("media cache: derived file {} unreadable, dropping it", file.fileName());
        if (Result<> done = exec(*db, u"DELETE FROM derived WHERE id = ?"_s, {row->id}); done) {
            removeFile(file.fileName());
            m_derivedTouches.remove(row->id);
            m_totalBytes -= row->size;
        }
        return std::nullopt;
    }
    touchDerivedLocked(*db, row->id);
    return bytes;
}

Result<> MediaCache::putProbe(const QString &contentKey, const QJsonObject &json)
{
    if (contentKey.isEmpty())
        return Error::missingField(u"contentKey"_s);
    QMutexLocker lock(&m_mutex);
    if (Result<> ready = requireOpenLocked(); !ready)
        return ready;
    Result<QSqlDatabase> db = databaseLocked();
    if (!db)
        return db.error();
    const QString text = QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
    return exec(*db,
                u"INSERT OR REPLACE INTO probes (content_key, json, updated_at) VALUES (?, ?, ?)"_s,
                {contentKey, text, nowMs()});
}

std::optional<QJsonObject> MediaCache::probe(const QString &contentKey)
{
    QMutexLocker lock(&m_mutex);
    if (!m_open)
        return std::nullopt;
    Result<QSqlDatabase> db = databaseLocked();
    if (!db)
        return std::nullopt;
    return readProbe(*db, contentKey);
}

// ---- pins, size bound, eviction -----------------------------------------------------------------

void MediaCache::pin(const QString &sha256)
{
    QMutexLocker lock(&m_mutex);
    ++m_pins[sha256];
}

void MediaCache::unpin(const QString &sha256)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_pins.find(sha256);
    if (it != m_pins.end() && --it.value() <= 0)
        m_pins.erase(it);
}

bool MediaCache::isPinned(const QString &sha256) const
{
    QMutexLocker lock(&m_mutex);
    return m_pins.value(sha256) > 0;
}

qint64 MediaCache::totalBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_totalBytes;
}

qint64 MediaCache::maxBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_maxBytes;
}

void MediaCache::setMaxBytes(qint64 maxBytes)
{
    QMutexLocker lock(&m_mutex);
    m_maxBytes = std::max<qint64>(0, maxBytes);
    if (!m_open)
        return;
    if (Result<QSqlDatabase> db = databaseLocked())
        evictLocked(*db);
}

qint64 MediaCache::pinnedBytesLocked(QSqlDatabase &db) const
{
    qint64 pinned = 0;
    for (auto it = m_pins.cbegin(); it != m_pins.cend(); ++it) {
        if (std::optional<CachedObject> found = objectLocked(db, it.key()))
            pinned += found->size;
    }
    return pinned;
}

Result<> MediaCache::ensureRoomLocked(QSqlDatabase &db, qint64 size) const
{
    if (size > m_maxBytes)
        return noRoom(size, m_maxBytes, 0);
    if (m_pins.isEmpty())
        return {};
    const qint64 pinned = pinnedBytesLocked(db);
    if (pinned + size > m_maxBytes)
        return noRoom(size, m_maxBytes, pinned);
    return {};
}

int MediaCache::evictLocked(QSqlDatabase &db)
{
    if (m_totalBytes <= m_maxBytes)
        return 0;
    if (Result<> flushed = flushTouchesLocked(db); !flushed) // the order must see every touch
        Log::get(Log::Media)->warn("{}", flushed.error().toString());

    struct Victim
    {
        bool derived = false;
        QString sha256;
        qint64 id = 0;
        QString file;
        qint64 size = 0;
    };
    QList<Victim> victims;
    const qint64 needed = m_totalBytes - m_maxBytes;
    qint64 freed = 0;
    {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(u"SELECT 0 AS derived, sha256, 0 AS id, '' AS file, size, last_used "
                        "FROM objects UNION ALL SELECT 1, '', id, file, size, last_used "
                        "FROM derived ORDER BY last_used"_s)) {
            Log::get(Log::Media)
                ->warn("{}", databaseError(u"evict"_s, query.lastError()).toString());
            return 0;
        }
        while (freed < needed && query.next()) {
            Victim victim{query.value(0).toInt() == 1, query.value(1).toString(),
                          query.value(2).toLongLong(), query.value(3).toString(),
                          query.value(4).toLongLong()};
            if (!victim.derived && m_pins.value(victim.sha256) > 0)
                continue;
            freed += victim.size;
            victims.append(std::move(victim));
        }
    }
    if (freed < needed)
        Log::get(Log::Media)
            ->warn("media cache: pinned objects keep it at {} of {} bytes", m_totalBytes - freed,
                   m_maxBytes);
    if (victims.isEmpty())
        return 0;

    Transaction transaction(db);
    Result<> deleted = transaction.begun();
    for (const Victim &victim : std::as_const(victims)) {
        if (!deleted)
            break;
        deleted = victim.derived
                      ? exec(db, u"DELETE FROM derived WHERE id = ?"_s, {victim.id})
                      : exec(db, u"DELETE FROM objects WHERE sha256 = ?"_s, {victim.sha256});
    }
    if (deleted)
        deleted = transaction.commit();
    if (!deleted) {
        Log::get(Log::Media)->warn("media cache: eviction failed: {}", deleted.error().toString());
        return 0;
    }
    for (const Victim &victim : std::as_const(victims)) {
        if (victim.derived) {
            removeFile(derivedDirectory() + u'/' + victim.file);
            m_derivedTouches.remove(victim.id);
        } else {
            removeFile(objectPath(victim.sha256));
            m_objectTouches.remove(victim.sha256);
        }
    }
    m_totalBytes -= freed;
    Log::get(Log::Media)
        ->debug("media cache: evicted {} entries ({} bytes)", victims.size(), freed);
    return int(victims.size());
}

void MediaCache::touchObjectLocked(QSqlDatabase &db, const QString &sha256)
{
    m_objectTouches.insert(sha256, ++m_clock);
    if (m_objectTouches.size() + m_derivedTouches.size() >= TouchBatch) {
        if (Result<> flushed = flushTouchesLocked(db); !flushed)
            Log::get(Log::Media)->warn("{}", flushed.error().toString());
    }
}

void MediaCache::touchDerivedLocked(QSqlDatabase &db, qint64 id)
{
    m_derivedTouches.insert(id, ++m_clock);
    if (m_objectTouches.size() + m_derivedTouches.size() >= TouchBatch) {
        if (Result<> flushed = flushTouchesLocked(db); !flushed)
            Log::get(Log::Media)->warn("{}", flushed.error().toString());
    }
}

} // namespace CutPilot::Core
