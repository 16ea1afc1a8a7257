#include "draftworkspace.h"

#include "core/draft/draftstore.h"
#include "core/support/log.h"
#include "draftservice.h"

namespace CutPilot::Core {

using namespace Qt::StringLiterals;

DraftWorkspace::DraftWorkspace(DraftStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
}

DraftWorkspace::~DraftWorkspace() = default;

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
    Result<Draft> draft = m_store.load(key);
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
    DraftStore *store = &m_store;
    service->setPersister([store, key](const Draft &d) { return store->save(key, d); });
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
            if (it.key() != keep && !m_pins.contains(it.key()) && it.value() < oldestTick) {
                oldest = it.key();
                oldestTick = it.value();
            }
        }
        if (oldest.isEmpty())
            return; // everything else is pinned
        DraftService *service = m_open.take(oldest);
        m_lastUse.remove(oldest);
        // Later: a caller up the stack may still hold the pointer for this event.
        service->disconnect(this);
        service->deleteLater();
        Q_EMIT draftClosed(oldest);
    }
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
    DraftService *service = m_open.take(key);
    m_lastUse.remove(key);
    if (!service)
        return;
    delete service;
    Q_EMIT draftClosed(key);
}

Result<> DraftWorkspace::remove(const QString &key)
{
    close(key);
    return m_store.remove(key);
}

} // namespace CutPilot::Core
