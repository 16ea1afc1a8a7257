#pragma once

#include "core/media/mediainfo.h"

#include <QDateTime>
#include <QImage>
#include <QString>
#include <QUrl>

namespace CutPilot::Ui {

/// One entry of the media bin: a local file or a URL (downloaded into the media folder), with its
/// probe facts, thumbnail and error. Addressed by `id`, stable while the bin lives.
struct MediaBinItem
{
    enum class State {
        Probing,     ///< waiting for MediaService::probe
        Downloading, ///< waiting for MediaService::downloadInto (progress in received/total)
        Ready,       ///< probed: `info` is valid
        Failed,      ///< `error` says why; the item stays and can be retried or removed
    };

    quint64 id = 0;
    QString path; ///< absolute; for a URL: the copy in the media folder once downloaded
    QUrl url;     ///< set for URL imports
    QString name; ///< display name (file name)
    QDateTime added;
    State state = State::Probing;
    qint64 received = 0;
    qint64 total = -1; ///< -1: unknown
    Core::MediaInfo info;
    QImage thumbnail;
    QString error;
    int attempt = 0; ///< bumped on every retry: late results of an older attempt are dropped

    bool isUrl() const { return url.isValid() && !url.isEmpty(); }
    bool isDraggable() const { return state == State::Ready && !path.isEmpty(); }
};

} // namespace CutPilot::Ui
