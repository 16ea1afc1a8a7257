#pragma once

// The CapCutAPI route families, each in its own file, registered by CompatApi::registerRoutes.

namespace CutPilot::Api {

class CompatContext;
class Router;

void registerCatalogRoutes(Router &router, CompatContext &context);
void registerTextRoutes(Router &router, CompatContext &context);
/// add_video, add_audio, add_image (compatmedia.cpp): asynchronous, wait for the media.
void registerMediaRoutes(Router &router, CompatContext &context);
/// add_video_keyframe (compatkeyframes.cpp).
void registerKeyframeRoutes(Router &router, CompatContext &context);

} // namespace CutPilot::Api
