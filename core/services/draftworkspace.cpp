#include "draftworkspace.h"

#include "core/draft/draftprofile.h"
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

Result<QString> DraftWorkspace::create(Draft draft, const QString &profileId)
{
    Result<DraftProfile> profile = DraftProfile::builtIn(profileId);
    if (!profile)
        return profile.error();
    Result<QString> id = m_store.create(std::move(draft), profileId);
    if (!id)
        return id;
    Result<DraftService *> opened = open(*id);
    if (!opened)
        return opened.error();
    return id;
}

Result<DraftService *> DraftWorkspace::open(const QString &id)
{
    if (DraftService *existing = m_open.value(id))
        return existing;
    Result<Draft> draft = m_store.load(id);
    if (!draft)
        return draft.error();
    Result<QString> profileId = m_store.profileOf(id);
    if (!profileId)
        return profileId.error();
    Result<> error;
    DraftService *service = adopt(id, std::move(*draft), *profileId, &error);
    if (!service)
        return error.error();
    return service;
}

DraftService *DraftWorkspace::adopt(const QString &id, Draft draft, const QString &profileId,
                                    Result<> *error)
{
    Result<DraftProfile> profile = DraftProfile::builtIn(profileId);
    if (!profile) {
        *error = profile.error();
        return nullptr;
    }
    auto *service = new DraftService(std::move(draft), std::move(*profile), this);
    DraftStore *store = &m_store;
    service->setPersister([store](const Draft &d) { return store->save(d); });
    connect(service, &DraftService::draftChanged, this, [this, id] { Q_EMIT draftChanged(id); });
    connect(service, &DraftService::persistFailed, this, [this, id](const Error &e) {
        Log::get(Log::Draft)
            ->error("draft {}: undo/redo not saved: {}", id.toStdString(),
                    e.message().toStdString());
        Q_EMIT persistFailed(id, e.message());
    });
    m_open.insert(id, service);
    Q_EMIT draftOpened(id);
    return service;
}

DraftService *DraftWorkspace::service(const QString &id) const
{
    return m_open.value(id);
}

QStringList DraftWorkspace::openIds() const
{
    return m_open.keys();
}

void DraftWorkspace::close(const QString &id)
{
    DraftService *service = m_open.take(id);
    if (!service)
        return;
    delete service;
    Q_EMIT draftClosed(id);
}

Result<> DraftWorkspace::remove(const QString &id)
{
    close(id);
    return m_store.remove(id);
}

} // namespace CutPilot::Core
