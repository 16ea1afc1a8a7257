# Fuzz targets: one source defining LLVMFuzzerTestOneInput(data, size) per target.
#
# - With -DCUTPILOT_LIBFUZZER=ON (clang) they link libFuzzer: `fuzz_x CORPUS_DIR -max_total_time=600`
#   (tools/fuzz-long.sh runs every target that way). Every other object of that build is compiled
#   with -fsanitize=fuzzer-no-link, so libFuzzer sees the coverage of the code under test, not
#   only of the fuzz target's own file.
# - Otherwise (the default, GCC) they link tests/fuzz/standalonedriver.cpp, which replays the seed
#   corpus and then a fixed number of deterministic mutations of it, so `./cutpilot.sh test` runs every
#   target (ctest label `fuzz`) on any compiler, under ASan/UBSan in the sanitizer preset.
#
# cutpilot_add_fuzz_target(<name> SOURCES <files> LIBRARIES <targets> CORPUS <dir> [RUNS <n>])
option(CUTPILOT_LIBFUZZER "Build fuzz targets with clang's libFuzzer (-fsanitize=fuzzer)" OFF)

if(CUTPILOT_LIBFUZZER)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "CUTPILOT_LIBFUZZER needs clang (CC=clang CXX=clang++)")
    endif()
    # Coverage instrumentation for every library the targets link (included before core/, api/).
    add_compile_options(-fsanitize=fuzzer-no-link)
endif()

function(cutpilot_add_fuzz_target name)
    cmake_parse_arguments(ARG "" "CORPUS;RUNS" "SOURCES;LIBRARIES" ${ARGN})
    if(NOT ARG_RUNS)
        set(ARG_RUNS 20000)
    endif()
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_LIBRARIES})
    cutpilot_target_defaults(${name})
    set(corpus_args "${ARG_CORPUS}")
    if(CUTPILOT_LIBFUZZER)
        target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
        target_link_options(${name} PRIVATE -fsanitize=fuzzer)
        # libFuzzer writes new inputs into its first corpus directory: keep the repo's seeds
        # read-only by giving it a scratch directory in the build tree first.
        set(scratch "${CMAKE_CURRENT_BINARY_DIR}/${name}-corpus")
        file(MAKE_DIRECTORY "${scratch}")
        set(corpus_args "${scratch}" "${ARG_CORPUS}")
    else()
        target_sources(${name} PRIVATE "${PROJECT_SOURCE_DIR}/tests/fuzz/standalonedriver.cpp")
    endif()
    if(CUTPILOT_BUILD_TESTS)
        add_test(NAME ${name} COMMAND ${name} ${corpus_args} -runs=${ARG_RUNS} -seed=1)
        set_tests_properties(${name} PROPERTIES LABELS fuzz TIMEOUT 300
            ENVIRONMENT "QT_QPA_PLATFORM=offscreen;CUTPILOT_LOG_LEVEL=off")
    endif()
endfunction()
