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
    if (DraftService *existing = m_open.value(key))
        return existing;
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
    Q_EMIT draftOpened(key);
    return service;
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
