// LD_PRELOAD'ed into tst_previewwidget in the ASan build only (tests/mediabin/CMakeLists.txt):
// dlclose() does nothing, so every module stays mapped until the process ends.
//
// Why: Mesa's software GL driver (swrast_dri.so, loaded for the video widget on Xvfb) keeps heap
// blocks in its globals and is dlclose'd by libGL at exit, before LeakSanitizer's exit-time check.
// Those blocks then look leaked, and LSan cannot name or suppress them: their allocation stacks are
// "<unknown module>" frames of the unloaded driver (google/sanitizers#89). Evidence (LD_DEBUG=files
// maps the frames to the driver):
//   Direct leak of 128 byte(s): #0 realloc #1 (<unknown module>) = swrast_dri.so+0xbfed5
//   Indirect leak of 56 byte(s) x2: #0 calloc #1 (<unknown module>) =
//   swrast_dri.so+0xb8ecb3/0xb8ec8f
// With modules kept mapped, these blocks are reachable from the driver's globals and are not
// reported; CutPilot itself loads no modules, so none of its own leaks can hide behind this.
// Built without sanitizers (a preloaded instrumented library would have to come after libasan).
extern "C" int dlclose(void *) // NOLINT: interposes libc's dlclose
{
    return 0;
}
