#pragma once

#include "core/draft/draftmodel.h"
#include "core/draft/draftprofile.h"
#include "core/support/result.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace CutPilot::Core {

class DraftSaver;
class DraftService;
class DraftStore;

/// The drafts that are open for editing, each as one DraftService wired to the DraftStore. The GUI
/// and the API open drafts here and therefore edit the same DraftService: an edit made through the
/// API appears in the GUI and undoes there.
///
/// Drafts are addressed by their store key (DraftStore: a GUID by default, or a key the caller
/// chose such as an HTTP compat id), not by the content id inside the draft.
///
/// Edits are written behind (DraftSaver): an edit, undo or redo changes the open draft at once and
/// queues a snapshot, which a worker stores with others in one transaction, so the thread that
/// edits (the GUI's) never waits for the disk. Every change gets a number in one sequence
/// (editSequence()); whenSaved() tells when the changes after a number are durable, and the API
/// answers an edit only then (an acknowledged edit survives a crash). A GUI edit is on disk
/// within milliseconds. A save that fails is reported (persistFailed) and tried again every
/// RetryMs. A draft closed for room before its changes are written is kept as it is (without its
/// undo history) until they are: opened again meanwhile, it has them.
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
    /// The draft as it is now: the open one's state (which may be ahead of the store by changes
    /// still being written), else the stored draft. Does not open it.
    Result<Draft> current(const QString &key);
    /// The service when `key` is open, else nullptr.
    DraftService *service(const QString &key) const;
    /// The keys of the open drafts.
    QStringList openIds() const;
    /// Writes its pending changes (waits for the disk), then forgets the undo history and the
    /// in-memory copy (the stored draft stays; changes that could not be written are kept for the
    /// retries).
    void close(const QString &key);
    /// Closes and deletes the stored draft.
    Result<> remove(const QString &key);

    DraftStore &store() { return m_store; }

    /// The number of the last change (edit, undo or redo) of any open draft; 0 before the first.
    quint64 editSequence() const { return m_sequence; }
    /// True while a change numbered after `mark` is not durable (queued, being written or failed).
    bool hasUnsavedSince(quint64 mark) const;
    /// True while `key` has changes that are not durable.
    bool hasUnsaved(const QString &key) const { return m_unsavedByKey.contains(key); }
    /// Changes not durable yet, and drafts whose last write failed (for /metrics and /ready).
    qint64 unsavedChanges() const { return qint64(m_unsaved.size()); }
    qint64 draftsFailingToSave() const { return m_failing.size(); }
    using SavedCallback = std::function<void(Result<>)>;
    /// Runs `done` on this thread once every change numbered after `mark` (up to editSequence()
    /// now) is durable: with the first error when one of them could not be written (it stays in
    /// the open draft and is tried again). At once when nothing is pending. Not at all when
    /// `context` is destroyed first.
    void whenSaved(quint64 mark, QObject *context, SavedCallback done);
    /// Writes every pending change now and waits for it (blocks on disk: shutdown, tests).
    void flush();
    static constexpr int RetryMs = 2000;

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
    /// Any edit, undo or redo of an open draft (its save is queued: see whenSaved()).
    void draftChanged(const QString &key);
    /// A change of `key` could not be written; it is tried again in RetryMs.
    void persistFailed(const QString &key, const QString &message);
    /// Every change of `key` so far is durable (after a save, or a retry that succeeded).
    void draftSaved(const QString &key);

private:
    DraftService *adopt(const QString &key, Draft draft, const QString &profileId, Result<> *error);
    /// DraftProfile::builtIn reads and parses a resource file: once per profile, not per draft.
    Result<DraftProfile> profile(const QString &profileId);

    void touch(const QString &key);
    void makeRoom(const QString &keep);
    /// The persister of every open service: numbers the change and queues it.
    void queueSave(const QString &key, const Draft &draft);
    /// One draft of a written batch (the waiters are settled once after the whole batch).
    void onSaved(const QString &key, quint64 revision, const Result<> &result);
    void retry(const QString &key);
    /// Answers the waiters whose changes are all written now.
    void settleWaiters();
    /// Forgets the pending changes of `key` (removed): nothing of it is written any more.
    void forgetUnsaved(const QString &key);

    DraftStore &m_store;
    QHash<QString, DraftService *> m_open; ///< by store key
    QHash<QString, quint64> m_lastUse;     ///< LRU ticks of the open drafts
    QHash<QString, int> m_pins;
    quint64 m_tick = 0;
    int m_maxOpen = 64;
    QHash<QString, DraftProfile> m_profiles;

    struct Unsaved
    {
        QString key;
        std::optional<Error> failed; ///< the last attempt failed (a retry is due)
    };
    struct Waiter
    {
        quint64 after = 0;
        quint64 upTo = 0;
        QPointer<QObject> context;
        SavedCallback done;
    };
    quint64 m_sequence = 0;
    std::map<quint64, Unsaved> m_unsaved;          ///< changes not durable yet, by number
    QHash<QString, QList<quint64>> m_unsavedByKey; ///< the same, by draft (ascending)
    QSet<QString> m_retrying;                      ///< drafts with a retry timer running
    QSet<QString> m_failing;                       ///< drafts whose last write failed
    /// Drafts closed for room while changes of theirs were still unsaved: their state then, until
    /// those changes are written (open() and retries use it; the store is behind).
    QHash<QString, Draft> m_parked;
    QList<Waiter> m_waiters;
    std::unique_ptr<DraftSaver> m_saver; ///< last: destroyed first, while the rest still exists
};

} // namespace CutPilot::Core
