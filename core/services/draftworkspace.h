#pragma once

#include "core/draft/draftmodel.h"
#include "core/draft/draftprofile.h"
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
/// Drafts are addressed by their store key (DraftStore: a GUID by default, or a key the caller
/// chose such as an HTTP compat id), not by the content id inside the draft.
///
/// Lives on one thread (the GUI/API thread); the store below it is thread-safe.
class DraftWorkspace final : public QObject
{
    Q_OBJECT

public:
    explicit DraftWorkspace(DraftStore &store, QObject *parent = nullptr);
    ~DraftWorkspace() override;

    /// Stores a new draft for `profileId` under `key` (empty: the draft's content id, see
    /// DraftStore::create) and opens it. Returns its key.
    Result<QString> create(Draft draft, const QString &profileId, const QString &key = {});
    /// The open service for `key`, opening it from the store on first use. Owned by the workspace.
    Result<DraftService *> open(const QString &key);
    /// The service when `key` is open, else nullptr.
    DraftService *service(const QString &key) const;
    /// The keys of the open drafts.
    QStringList openIds() const;
    /// Forgets the undo history and the in-memory copy (the stored draft stays).
    void close(const QString &key);
    /// Closes and deletes the stored draft.
    Result<> remove(const QString &key);

    DraftStore &store() { return m_store; }

    /// At most this many drafts stay open (default 64): opening one more closes the least recently
    /// used draft that is not pinned (its undo history goes; the stored draft stays). API scripts
    /// that touch thousands of drafts thus keep memory bounded.
    void setMaxOpen(int maxOpen);
    int maxOpen() const { return m_maxOpen; }
    /// A pinned draft is never closed for room (the GUI pins the drafts it shows). Counted.
    void pin(const QString &key);
    void unpin(const QString &key);

Q_SIGNALS:
    // Every signal names the draft by its store key.
    void draftOpened(const QString &key);
    void draftClosed(const QString &key);
    /// Any edit, undo or redo of an open draft (already persisted unless persistFailed said so).
    void draftChanged(const QString &key);
    void persistFailed(const QString &key, const QString &message);

private:
    DraftService *adopt(const QString &key, Draft draft, const QString &profileId, Result<> *error);
    /// DraftProfile::builtIn reads and parses a resource file: once per profile, not per draft.
    Result<DraftProfile> profile(const QString &profileId);

    void touch(const QString &key);
    void makeRoom(const QString &keep);

    DraftStore &m_store;
    QHash<QString, DraftService *> m_open; ///< by store key
    QHash<QString, quint64> m_lastUse;     ///< LRU ticks of the open drafts
    QHash<QString, int> m_pins;
    quint64 m_tick = 0;
    int m_maxOpen = 64;
    QHash<QString, DraftProfile> m_profiles;
};

} // namespace CutPilot::Core
