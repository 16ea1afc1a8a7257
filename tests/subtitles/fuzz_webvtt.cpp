// Fuzz target for the WebVTT importer; see cmake/CutPilotFuzzing.cmake for how to run it.
#include "fuzzsubtitles.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return CutPilot::Tests::fuzzSubtitles(data, size, CutPilot::Core::SubtitleFormat::WebVtt);
}
