# clang-format: `cmake --build <dir> --target format` rewrites, `--target format-check` only checks.
# The check also runs as the ctest `clang_format` (label unit) so CI keeps the tree formatted.
find_program(CLANG_FORMAT_EXECUTABLE NAMES clang-format-14 clang-format)

file(GLOB_RECURSE CUTPILOT_FORMAT_SOURCES CONFIGURE_DEPENDS
    "${PROJECT_SOURCE_DIR}/core/*.cpp" "${PROJECT_SOURCE_DIR}/core/*.h"
    "${PROJECT_SOURCE_DIR}/api/*.cpp" "${PROJECT_SOURCE_DIR}/api/*.h"
    "${PROJECT_SOURCE_DIR}/automation/*.cpp" "${PROJECT_SOURCE_DIR}/automation/*.h"
    "${PROJECT_SOURCE_DIR}/ui/*.cpp" "${PROJECT_SOURCE_DIR}/ui/*.h"
    "${PROJECT_SOURCE_DIR}/app/*.cpp" "${PROJECT_SOURCE_DIR}/app/*.h"
    "${PROJECT_SOURCE_DIR}/tools/*.cpp" "${PROJECT_SOURCE_DIR}/tools/*.h"
    "${PROJECT_SOURCE_DIR}/tests/*.cpp" "${PROJECT_SOURCE_DIR}/tests/*.h"
    "${PROJECT_SOURCE_DIR}/bench/*.cpp" "${PROJECT_SOURCE_DIR}/bench/*.h")

if(CLANG_FORMAT_EXECUTABLE)
    add_custom_target(format
        COMMAND "${CLANG_FORMAT_EXECUTABLE}" -i --style=file ${CUTPILOT_FORMAT_SOURCES}
        WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
        COMMENT "clang-format: rewriting sources" VERBATIM)
    add_custom_target(format-check
        COMMAND "${CLANG_FORMAT_EXECUTABLE}" --dry-run --Werror --style=file ${CUTPILOT_FORMAT_SOURCES}
        WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
        COMMENT "clang-format: checking sources" VERBATIM)
    if(CUTPILOT_BUILD_TESTS)
        add_test(NAME clang_format
            COMMAND "${CLANG_FORMAT_EXECUTABLE}" --dry-run --Werror --style=file ${CUTPILOT_FORMAT_SOURCES}
            WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
        set_tests_properties(clang_format PROPERTIES LABELS unit)
    endif()
else()
    message(STATUS "clang-format not found: the format targets and the clang_format test are off")
endif()
