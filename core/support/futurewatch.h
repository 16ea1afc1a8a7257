#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

#include <utility>

namespace CutPilot::Core {

/// Calls `done(future)` on `context`'s thread once `future` is finished (with a result, or
/// cancelled: check future.isCanceled() / resultCount()). When `context` is destroyed first,
/// `done` is never called.
///
/// Prefer this to QFuture::then(context, …) where the context may die before the future ends
/// (an API server shutting down while a download runs): Qt 6.4's then() asserts on a destroyed
/// context, and a cancelled parent skips then() continuations entirely. The watcher is a child
/// of `context`, so it goes with it.
template<typename T, typename Done>
void whenFinished(QObject *context, QFuture<T> future, Done done)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, done = std::move(done)]() mutable {
                         watcher->deleteLater();
                         done(watcher->future());
                     });
    watcher->setFuture(std::move(future));
}

/// As whenFinished(), for callers that only care about a result: `handler(result)` runs on
/// `context`'s thread, later from the event loop (never inside the call that started the work); a
/// cancelled future, or one that ends without a result (its service shutting down), calls nothing.
template<typename T, typename Handler>
void whenResult(QObject *context, QFuture<T> future, Handler handler)
{
    whenFinished(context, std::move(future),
                 [handler = std::move(handler)](const QFuture<T> &done) mutable {
                     if (done.isCanceled() || done.resultCount() == 0)
                         return;
                     handler(done.result());
                 });
}

} // namespace CutPilot::Core
