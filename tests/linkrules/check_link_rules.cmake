# Usage: cmake -DCLOSURES=<file> [-DPROBE=<core-only executable>] -P check_link_rules.cmake
# Fails (non-zero exit) when a library's link closure breaks a rule of the house style.
cmake_policy(VERSION 3.25)
include("${CLOSURES}")

set(failures "")
macro(forbid target)
    foreach(bad IN ITEMS ${ARGN})
        if("${bad}" IN_LIST CLOSURE_${target})
            list(APPEND failures "${target} links ${bad}")
        endif()
    endforeach()
endmacro()

set(front_door_modules Qt6::Widgets Qt6::Multimedia Qt6::MultimediaWidgets Qt6::HttpServer
    Qt6::WebSockets)
forbid(cutpilot_core ${front_door_modules} cutpilot_ui cutpilot_api cutpilot_automation cutpilot_app)
forbid(cutpilot_automation Qt6::Widgets Qt6::HttpServer Qt6::WebSockets cutpilot_ui cutpilot_api)
forbid(cutpilot_api Qt6::Widgets Qt6::Multimedia Qt6::MultimediaWidgets cutpilot_ui cutpilot_app)
forbid(cutpilot_ui Qt6::HttpServer Qt6::WebSockets cutpilot_api cutpilot_app)

# What a core-only executable really loads at run time (catches a link added behind CMake's back,
# e.g. through a raw -l flag or a dependency's dependency).
if(PROBE)
    find_program(LDD ldd)
    if(LDD)
        execute_process(COMMAND "${LDD}" "${PROBE}" OUTPUT_VARIABLE loaded RESULT_VARIABLE rc)
        if(NOT rc EQUAL 0)
            list(APPEND failures "ldd ${PROBE} failed")
        endif()
        foreach(lib IN ITEMS Qt6Widgets Qt6Multimedia Qt6HttpServer Qt6WebSockets)
            if(loaded MATCHES "lib${lib}\\.so")
                list(APPEND failures "a core-only executable loads lib${lib}")
            endif()
        endforeach()
    endif()
endif()

if(failures)
    list(JOIN failures "\n  " text)
    message(FATAL_ERROR "link rules broken:\n  ${text}")
endif()
message(STATUS "link rules hold")
