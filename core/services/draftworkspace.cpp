#include "draftworkspace.h"

#include "core/draft/draftstore.h"
#include "core/support/log.h"
#include "draftsaver.h"
#include "draftservice.h"

#include <QTimer>

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

DraftWorkspace::DraftWorkspace(DraftStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_saver(std::make_unique<DraftSaver>(store, [this](const QList<DraftSaver::Outcome> &batch) {
        for (const DraftSaver::Outcome &saved : batch)
            onSaved(saved.key, saved.revision, saved.result);
        settleWaiters(); // once per batch, not per draft
    }))
{
}

DraftWorkspace::~DraftWorkspace()
{
    // What was edited is written before the drafts go (shutdown waits for the disk here).
    flush();
    if (!m_unsaved.empty())
        Log::get(Log::Draft)
            ->error("{} change(s) of {} draft(s) could not be saved before closing",
                    m_unsaved.size(), m_unsavedByKey.size());
}

Result<DraftProfile> DraftWorkspace::profile(const QString &profileId)
{
    if (const auto found = m_profiles.constFind(profileId); found != m_profiles.cend())
        return *found;
    Result<DraftProfile> loaded = DraftProfile::builtIn(profileId);
    if (loaded)
        m_profiles.insert(profileId, *loaded);
    return loaded;
}

Result<QString> DraftWorkspace::create(Draft draft, const QString &profileId, const QString &key)
{
    if (Result<DraftProfile> known = profile(profileId); !known)
        return known.error();
    Result<QString> stored = m_store.create(std::move(draft), profileId, key);
    if (!stored)
        return stored;
    Result<DraftService *> opened = open(*stored);
    if (!opened)
        return opened.error();
    return stored;
}

Result<DraftService *> DraftWorkspace::open(const QString &key)
{
    if (DraftService *existing = m_open.value(key)) {
        touch(key);
        return existing;
    }
    // Closed for room with changes still being written: the store is behind, the parked copy not.
    const auto parked = m_parked.constFind(key);
    Result<Draft> draft = parked != m_parked.cend() ? Result<Draft>(*parked) : m_store.load(key);
    if (!draft)
        return draft.error();
    Result<QString> profileId = m_store.profileOf(key);
    if (!profileId)
        return profileId.error();
    Result<> error;
    DraftService *service = adopt(key, std::move(*draft), *profileId, &error);
    if (!service)
        return error.error();
    return service;
}

DraftService *DraftWorkspace::adopt(const QString &key, Draft draft, const QString &profileId,
                                    Result<> *error)
{
    Result<DraftProfile> known = profile(profileId);
    if (!known) {
        *error = known.error();
        return nullptr;
    }
    auto *service = new DraftService(std::move(draft), std::move(*known), this);
    service->setPersister([this, key](const Draft &d) {
        queueSave(key, d);
        return Result<>(); // failures come later, through persistFailed (see whenSaved)
    });
    connect(service, &DraftService::draftChanged, this, [this, key] { Q_EMIT draftChanged(key); });
    connect(service, &DraftService::persistFailed, this, [this, key](const Error &e) {
        Log::get(Log::Draft)
            ->error("draft {}: undo/redo not saved: {}", key.toStdString(),
                    e.message().toStdString());
        Q_EMIT persistFailed(key, e.message());
    });
    m_open.insert(key, service);
    touch(key);
    Q_EMIT draftOpened(key);
    makeRoom(key);
    return service;
}

void DraftWorkspace::touch(const QString &key)
{
    m_lastUse.insert(key, ++m_tick);
}

void DraftWorkspace::setMaxOpen(int maxOpen)
{
    m_maxOpen = std::max(1, maxOpen);
    makeRoom(QString());
}

void DraftWorkspace::pin(const QString &key)
{
    ++m_pins[key];
}

void DraftWorkspace::unpin(const QString &key)
{
    auto it = m_pins.find(key);
    if (it != m_pins.end() && --it.value() <= 0)
        m_pins.erase(it);
    makeRoom(QString());
}

void DraftWorkspace::makeRoom(const QString &keep)
{
    while (m_open.size() > m_maxOpen) {
        QString oldest;
        quint64 oldestTick = std::numeric_limits<quint64>::max();
        for (auto it = m_lastUse.cbegin(); it != m_lastUse.cend(); ++it) {
            // (The tick first: the string and hash checks run for the few older candidates.)
            if (it.value() < oldestTick && it.key() != keep && !m_pins.contains(it.key())) {
                oldest = it.key();
                oldestTick = it.value();
            }
        }
        if (oldest.isEmpty())
            return; // everything else is pinned
        DraftService *service = m_open.take(oldest);
        m_lastUse.remove(oldest);
        // Its changes may still be on their way to the store: the draft as it is now stays here
        // (not its undo history, which is what costs memory) until they are written.
        if (hasUnsaved(oldest))
            m_parked.insert(oldest, service->draft());
        // Later: a caller up the stack may still hold the pointer for this event.
        service->disconnect(this);
        service->deleteLater();
        Q_EMIT draftClosed(oldest);
    }
}

Result<Draft> DraftWorkspace::current(const QString &key)
{
    if (const DraftService *open = m_open.value(key))
        return open->draft();
    if (const auto parked = m_parked.constFind(key); parked != m_parked.cend())
        return *parked;
    return m_store.load(key);
}

DraftService *DraftWorkspace::service(const QString &key) const
{
    return m_open.value(key);
}

QStringList DraftWorkspace::openIds() const
{
    return m_open.keys();
}

void DraftWorkspace::close(const QString &key)
{
    if (hasUnsaved(key))
        flush();
    DraftService *service = m_open.take(key);
    m_lastUse.remove(key);
    if (!service)
        return;
    if (hasUnsaved(key)) // could not be written: kept for the retries, as when closed for room
        m_parked.insert(key, service->draft());
    delete service;
    Q_EMIT draftClosed(key);
}

Result<> DraftWorkspace::remove(const QString &key)
{
    // Nothing of it may be written after the removal.
    m_saver->drop(key);
    forgetUnsaved(key);
    close(key);
    return m_store.remove(key);
}

// ---- write-behind -------------------------------------------------------------------------------

void DraftWorkspace::queueSave(const QString &key, const Draft &draft)
{
    const quint64 number = ++m_sequence;
    m_unsaved.emplace(number, Unsaved{key, std::nullopt});
    m_unsavedByKey[key].append(number);
    m_saver->save(key, draft, number);
}

bool DraftWorkspace::hasUnsavedSince(quint64 mark) const
{
    return m_unsaved.upper_bound(mark) != m_unsaved.end();
}

void DraftWorkspace::whenSaved(quint64 mark, QObject *context, SavedCallback done)
{
    m_waiters.append(Waiter{mark, m_sequence, context, std::move(done)});
    settleWaiters();
}

void DraftWorkspace::settleWaiters()
{
    // Answered waiters leave the list before their callbacks run: a callback may edit again.
    QList<Waiter> ready;
    QList<Result<>> results;
    for (qsizetype i = 0; i < m_waiters.size();) {
        const Waiter &w = m_waiters.at(i);
        std::optional<Error> failed;
        bool pending = false;
        for (auto it = m_unsaved.upper_bound(w.after); it != m_unsaved.end() && it->first <= w.upTo;
             ++it) {
            if (!it->second.failed) {
                pending = true;
                break;
            }
            if (!failed)
                failed = it->second.failed;
        }
        if (pending && w.context) {
            ++i;
            continue;
        }
        results.append(failed ? Result<>(*failed) : Result<>());
        ready.append(m_waiters.takeAt(i));
    }
    for (qsizetype i = 0; i < ready.size(); ++i) {
        if (ready.at(i).context)
            ready.at(i).done(results.at(i));
    }
}

void DraftWorkspace::flush()
{
    m_saver->flush();
}

void DraftWorkspace::onSaved(const QString &key, quint64 revision, const Result<> &result)
{
    auto numbers = m_unsavedByKey.find(key);
    if (numbers == m_unsavedByKey.end())
        return; // removed meanwhile, or already written by a later save
    qsizetype covered = 0;
    while (covered < numbers->size() && numbers->at(covered) <= revision)
        ++covered;
    if (covered == 0)
        return;
    if (result) {
        m_failing.remove(key);
        for (qsizetype i = 0; i < covered; ++i)
            m_unsaved.erase(numbers->at(i));
        numbers->remove(0, covered);
        if (numbers->isEmpty()) {
            m_unsavedByKey.erase(numbers);
            m_parked.remove(key);
            Q_EMIT draftSaved(key);
        }
    } else {
        for (qsizetype i = 0; i < covered; ++i)
            m_unsaved[numbers->at(i)].failed = result.error();
        // Removed from the store (or replaced) behind the workspace's back: there is nothing left
        // to write into, so no retry.
        const bool gone = result.error().code() == ErrorCode::NotFound
                          || result.error().code() == ErrorCode::Conflict;
        Log::get(Log::Draft)
            ->error("draft {}: changes not saved{}: {}", key.toStdString(),
                    gone ? "" : " (tried again shortly)", result.error().message().toStdString());
        Q_EMIT persistFailed(key, result.error().message());
        if (gone) {
            settleWaiters(); // its waiters hear the error before its changes are forgotten
            forgetUnsaved(key);
            return;
        }
        m_failing.insert(key);
        if (!m_retrying.contains(key)) {
            m_retrying.insert(key);
            QTimer::singleShot(RetryMs, this, [this, key] { retry(key); });
        }
    }
}

void DraftWorkspace::retry(const QString &key)
{
    m_retrying.remove(key);
    const auto numbers = m_unsavedByKey.constFind(key);
    const DraftService *service = m_open.value(key);
    const auto parked = m_parked.constFind(key);
    if (numbers == m_unsavedByKey.cend() || (!service && parked == m_parked.cend()))
        return;
    // The open (or parked) draft holds every change so far: writing it covers them all.
    m_saver->save(key, service ? service->draft() : *parked, numbers->constLast());
    for (quint64 number : *numbers)
        m_unsaved[number].failed.reset();
}

void DraftWorkspace::forgetUnsaved(const QString &key)
{
    m_parked.remove(key);
    m_failing.remove(key);
    const QList<quint64> numbers = m_unsavedByKey.take(key);
    for (quint64 number : numbers)
        m_unsaved.erase(number);
    if (!numbers.isEmpty())
        settleWaiters();
}

} // namespace CutPilot::Core
