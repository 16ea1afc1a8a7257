# Third-party dependencies, found once for the whole tree.
find_package(Qt6 6.4 REQUIRED COMPONENTS
    Core Gui Widgets Network Concurrent Sql
    HttpServer WebSockets Multimedia MultimediaWidgets
    Test LinguistTools)
find_package(Qt6Keychain REQUIRED)          # Qt6Keychain::Qt6Keychain, <qt6keychain/keychain.h>
find_package(spdlog 1.10 REQUIRED)          # spdlog::spdlog (external fmt)
find_package(PkgConfig REQUIRED)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET
    libavformat libavcodec libavutil libswscale libswresample)

qt_standard_project_setup()
