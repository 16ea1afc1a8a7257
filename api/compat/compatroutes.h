#pragma once

// The CapCutAPI route families, each in its own file, registered by CompatApi::registerRoutes.

namespace CutPilot::Api {

class CompatContext;
class Router;

} // namespace CutPilot::Api
