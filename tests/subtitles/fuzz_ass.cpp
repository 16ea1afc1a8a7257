// Fuzz target for the ASS/SSA importer; see cmake/CutPilotFuzzing.cmake for how to run it.
#include "fuzzsubtitles.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return CutPilot::Tests::fuzzSubtitles(data, size, CutPilot::Core::SubtitleFormat::Ass);
}
