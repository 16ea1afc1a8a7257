#pragma once

// Private to the CapCutAPI media routes (compatmedia.cpp): getting the media of a
// video_url/audio_url/image_url ready (capcutapi-compat.md §4.6) without blocking the API thread.

#include "core/media/mediainfo.h"
#include "core/support/result.h"

#include <functional>

namespace CutPilot::Api {

class CompatContext;

namespace CompatMedia {

/// A media file ready for the draft: probed, and for a URL, downloaded and staged.
struct Fetched
{
    Core::MediaInfo info; ///< info.path: the file the draft references
    QString name;         ///< display name (the URL's or the file's name)
};

/// Gets the media of `url` ready and calls `done` once, on the API thread:
/// - an http(s) URL is downloaded through MediaService (into its cache, probed there) and staged:
///   copied, off the API thread, into `<drafts store>/media/<sha256>.<ext>` with the real
///   extension, after which the download's cache pin is released (mediaservice.h). The same
///   content is staged once, whatever the draft or URL;
/// - anything else is a local path, read only inside the allowed folders
///   (CompatServices::pathPolicy, FIX), and probed where it is;
/// - other URL schemes, refused paths, failed downloads and failed probes are errors naming
///   `field` (a failed download is never taken for a success, §9 row 23).
/// Nothing is called when the routes go away first (CompatContext::guard).
void fetch(CompatContext &context, const QString &url, const QString &field,
           std::function<void(Core::Result<Fetched>)> done);

} // namespace CompatMedia
} // namespace CutPilot::Api
