# Build information compiled into cutpilot_core: version, git revision, build type, compiler.
find_package(Git QUIET)
set(CUTPILOT_GIT_REVISION "unknown")
if(GIT_FOUND AND EXISTS "${CMAKE_SOURCE_DIR}/.git")
    execute_process(
        COMMAND "${GIT_EXECUTABLE}" describe --always --dirty --abbrev=12
        WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}"
        OUTPUT_VARIABLE _rev OUTPUT_STRIP_TRAILING_WHITESPACE
        RESULT_VARIABLE _rev_result ERROR_QUIET)
    if(_rev_result EQUAL 0 AND _rev)
        set(CUTPILOT_GIT_REVISION "${_rev}")
    endif()
endif()
set(CUTPILOT_COMPILER "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")
