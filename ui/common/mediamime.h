#pragma once

#include <QLatin1String>

namespace CutPilot::Ui {

/// The drag-and-drop contract between the media bin and the timeline.
///
/// MIME type MediaMimeType carries a UTF-8 JSON array; each element is one probed media item:
///   {"path": "/abs/file.mp4",          // absolute, native separators
///    "name": "file.mp4",
///    "kind": "video" | "photo" | "audio",
///    "durationUs": 5000000,            // photos: 0 (the timeline uses its default length)
///    "width": 1920, "height": 1080,    // 0 for audio
///    "fps": 30.0}
/// Only probed items without an error are dragged. The bin also sets text/uri-list (file URLs) so
/// other applications understand the drag.
inline constexpr QLatin1String MediaMimeType("application/x-cutpilot-media");

} // namespace CutPilot::Ui
