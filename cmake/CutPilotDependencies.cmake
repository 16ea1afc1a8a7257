# Third-party dependencies, found once for the whole tree.
find_package(Qt6 6.4 REQUIRED COMPONENTS
    Core Gui Widgets Network Concurrent Sql
    HttpServer WebSockets Multimedia MultimediaWidgets
    Test LinguistTools)
find_package(Qt6Keychain REQUIRED)          # Qt6Keychain::Qt6Keychain, <qt6keychain/keychain.h>
find_package(spdlog 1.10 REQUIRED)          # spdlog::spdlog (external fmt)
find_package(PkgConfig REQUIRED)
# FFmpeg 5.1 or newer: the media code uses AVChannelLayout (ch_layout), swr_alloc_set_opts2 and
# the 5.1 interrupt/option behaviour. An older FFmpeg fails here, at configure time, naming the
# library that is too old (pkg-config says which), instead of failing to compile in core/media.
set(CUTPILOT_FFMPEG_MINIMUM "5.1")
pkg_check_modules(FFMPEG IMPORTED_TARGET
    libavformat>=59.27 libavcodec>=59.37 libavutil>=57.28 libswscale>=6.7 libswresample>=4.7)
if(NOT FFMPEG_FOUND)
    message(FATAL_ERROR "CutPilot needs FFmpeg ${CUTPILOT_FFMPEG_MINIMUM} or newer "
                        "(libavformat>=59.27, libavcodec>=59.37, libavutil>=57.28, "
                        "libswscale>=6.7, libswresample>=4.7)")
endif()

qt_standard_project_setup()
