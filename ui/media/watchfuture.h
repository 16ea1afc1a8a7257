#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

#include <utility>

namespace CutPilot::Ui {

/// Calls `handler(result)` on `owner`'s thread once `future` has a result, through a
/// QFutureWatcher owned by `owner`. Unlike `future.then(owner, …)`, this is safe when `owner` is
/// destroyed first (Qt 6.4 asserts on a destroyed context in a debug build and would otherwise
/// call into a dead object), and the handler always runs later from the event loop, never inside
/// the call that started the work. A cancelled future (the service shutting down) calls nothing.
template<typename T, typename Handler>
void watchFuture(QObject *owner, const QFuture<T> &future, Handler handler)
{
    auto *watcher = new QFutureWatcher<T>(owner);
    QObject::connect(watcher, &QFutureWatcherBase::finished, owner,
                     [watcher, handler = std::move(handler)]() mutable {
                         watcher->deleteLater();
                         const QFuture<T> done = watcher->future();
                         if (done.isCanceled() || done.resultCount() == 0)
                             return;
                         handler(done.result());
                     });
    watcher->setFuture(future);
}

} // namespace CutPilot::Ui
