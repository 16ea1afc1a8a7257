#pragma once

#include "core/draft/draftmodel.h"
#include "core/support/result.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace CutPilot::Core {

class DraftService;
class DraftStore;

/// The drafts that are open for editing, each as one DraftService wired to the DraftStore so that
/// every acknowledged edit (and every undo/redo) is on disk before the caller hears "done". The GUI
/// and the API open drafts here and therefore edit the same DraftService: an edit made through the
/// API appears in the GUI and undoes there.
///
/// Lives on one thread (the GUI/API thread); the store below it is thread-safe.
class DraftWorkspace final : public QObject
{
    Q_OBJECT

public:
    explicit DraftWorkspace(DraftStore &store, QObject *parent = nullptr);
    ~DraftWorkspace() override;

    /// Stores a new draft for `profileId` and opens it. Returns its id.
    Result<QString> create(Draft draft, const QString &profileId);
    /// The open service for `id`, opening it from the store on first use. Owned by the workspace.
    Result<DraftService *> open(const QString &id);
    /// The service when `id` is open, else nullptr.
    DraftService *service(const QString &id) const;
    QStringList openIds() const;
    /// Forgets the undo history and the in-memory copy (the stored draft stays).
    void close(const QString &id);
    /// Closes and deletes the stored draft.
    Result<> remove(const QString &id);

    DraftStore &store() { return m_store; }

Q_SIGNALS:
    void draftOpened(const QString &id);
    void draftClosed(const QString &id);
    /// Any edit, undo or redo of an open draft (already persisted unless persistFailed said so).
    void draftChanged(const QString &id);
    void persistFailed(const QString &id, const QString &message);

private:
    DraftService *adopt(const QString &id, Draft draft, const QString &profileId, Result<> *error);

    DraftStore &m_store;
    QHash<QString, DraftService *> m_open;
};

} // namespace CutPilot::Core
