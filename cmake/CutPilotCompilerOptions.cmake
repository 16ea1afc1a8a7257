# Compiler warnings and sanitizers for every CutPilot target.
# Targets opt in with cutpilot_target_defaults(<target>); third-party headers come from imported
# targets, which CMake treats as SYSTEM, so -Werror only judges our own code.

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
    set(CMAKE_BUILD_TYPE Debug CACHE STRING "Build type" FORCE)
endif()

add_library(cutpilot_compile_options INTERFACE)
add_library(CutPilot::CompileOptions ALIAS cutpilot_compile_options)

if(MSVC)
    target_compile_options(cutpilot_compile_options INTERFACE /W4 /permissive- /utf-8 /Zc:__cplusplus)
    if(CUTPILOT_WARNINGS_AS_ERRORS)
        target_compile_options(cutpilot_compile_options INTERFACE /WX)
    endif()
else()
    target_compile_options(cutpilot_compile_options INTERFACE
        -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wcast-align
        -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)
    if(CUTPILOT_WARNINGS_AS_ERRORS)
        target_compile_options(cutpilot_compile_options INTERFACE -Werror)
    endif()
endif()

target_compile_definitions(cutpilot_compile_options INTERFACE
    QT_NO_CAST_FROM_ASCII           # every user-visible string is deliberate: u"..."_s or tr()
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    SPDLOG_FMT_EXTERNAL)

if(CUTPILOT_SANITIZE)
    if(MSVC)
        message(FATAL_ERROR "CUTPILOT_SANITIZE is supported with GCC and Clang only")
    endif()
    set(_cutpilot_san -fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
    # Applied globally so that every object, static library and test agrees on the ABI.
    add_compile_options(${_cutpilot_san})
    add_link_options(-fsanitize=address,undefined)
endif()

function(cutpilot_target_defaults target)
    target_link_libraries(${target} PRIVATE CutPilot::CompileOptions)
endfunction()
