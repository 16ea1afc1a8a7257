# Fuzz targets: one source defining LLVMFuzzerTestOneInput(data, size) per target.
#
# - With -DCUTPILOT_LIBFUZZER=ON (clang) they link libFuzzer: `fuzz_x CORPUS_DIR -max_total_time=600`.
# - Otherwise (the default, GCC) they link tests/fuzz/standalonedriver.cpp, which replays the seed
#   corpus and then a fixed number of deterministic mutations of it, so `./cutpilot.sh test` runs every
#   target (ctest label `fuzz`) on any compiler, under ASan/UBSan in the sanitizer preset.
#
# cutpilot_add_fuzz_target(<name> SOURCES <files> LIBRARIES <targets> CORPUS <dir> [RUNS <n>])
option(CUTPILOT_LIBFUZZER "Build fuzz targets with clang's libFuzzer (-fsanitize=fuzzer)" OFF)

function(cutpilot_add_fuzz_target name)
    cmake_parse_arguments(ARG "" "CORPUS;RUNS" "SOURCES;LIBRARIES" ${ARGN})
    if(NOT ARG_RUNS)
        set(ARG_RUNS 20000)
    endif()
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_LIBRARIES})
    cutpilot_target_defaults(${name})
    if(CUTPILOT_LIBFUZZER)
        target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
        target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    else()
        target_sources(${name} PRIVATE "${PROJECT_SOURCE_DIR}/tests/fuzz/standalonedriver.cpp")
    endif()
    if(CUTPILOT_BUILD_TESTS)
        add_test(NAME ${name} COMMAND ${name} "${ARG_CORPUS}" -runs=${ARG_RUNS} -seed=1)
        set_tests_properties(${name} PROPERTIES LABELS fuzz TIMEOUT 300
            ENVIRONMENT "QT_QPA_PLATFORM=offscreen;CUTPILOT_LOG_LEVEL=off")
    endif()
endfunction()
