# cutpilot_add_test(<name>
#     SOURCES <files...>
#     LIBRARIES <targets...>
#     LABELS <unit|api|automation|gui|fuzz|bench...>
#     [ENVIRONMENT <VAR=value...>]
#     [TIMEOUT <seconds>]
#     [DISPLAY])                 # needs a real X server (Xvfb); otherwise runs on the offscreen QPA
#
# Every test gets its own temporary HOME-independent data: Qt Test's QTemporaryDir is used inside the
# tests, and QStandardPaths test mode keeps them away from the user's real settings.
set(CUTPILOT_TEST_LABELS unit api automation gui fuzz bench tools)

function(cutpilot_add_test name)
    cmake_parse_arguments(ARG "DISPLAY" "TIMEOUT" "SOURCES;LIBRARIES;LABELS;ENVIRONMENT" ${ARGN})
    if(NOT ARG_LABELS)
        message(FATAL_ERROR "cutpilot_add_test(${name}): give at least one label")
    endif()
    foreach(label IN LISTS ARG_LABELS)
        if(NOT label IN_LIST CUTPILOT_TEST_LABELS)
            message(FATAL_ERROR "cutpilot_add_test(${name}): unknown label '${label}'")
        endif()
    endforeach()

    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_LIBRARIES} Qt6::Test)
    target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}/tests/common")
    cutpilot_target_defaults(${name})
    target_compile_definitions(${name} PRIVATE
        CUTPILOT_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        CUTPILOT_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")

    add_test(NAME ${name} COMMAND ${name})
    set(env ${ARG_ENVIRONMENT})
    if(NOT ARG_DISPLAY)
        list(APPEND env QT_QPA_PLATFORM=offscreen)
    endif()
    list(APPEND env QT_MEDIA_BACKEND=ffmpeg CUTPILOT_LOG_LEVEL=warn)
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set_tests_properties(${name} PROPERTIES
        LABELS "${ARG_LABELS}"
        TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "${env}")
endfunction()
