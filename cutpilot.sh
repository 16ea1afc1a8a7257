#!/usr/bin/env bash
# CutPilot's two set-up commands for a fresh Debian 12 machine (see README.md):
#
#   ./cutpilot.sh run  [CUTPILOT ARGS...]     build (Release) and start CutPilot: the GUI when a
#                                             display exists, otherwise the headless API server
#   ./cutpilot.sh test [--debug|--asan] [CTEST ARGS...]
#                                             build (Debug, assertions, -Werror) and run the whole
#                                             suite under Xvfb + D-Bus + a keyring, then the same with
#                                             ASan + UBSan (--debug or --asan: only that one)
#
# Both install the Debian packages they need (apt, as root or through sudo) and build
# incrementally on later calls.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

# What building and running need (toolchain.md §1).
BUILD_PACKAGES=(
  cmake ninja-build g++ pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-multimedia-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n qtkeychain-qt6-dev
  libsecret-1-0 libspdlog-dev libgl-dev
  libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev
  libatspi2.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav
)
# What the test suite needs on top: a real X server, a D-Bus session with the accessibility bus
# and a keyring, media tools for generated test media, a tray host, a load generator, formatting.
TEST_PACKAGES=(
  xvfb xauth dbus-daemon dbus-x11 at-spi2-core python3-pyatspi gnome-keyring libsecret-tools
  ffmpeg trayer xdotool wrk curl pulseaudio clang-format fonts-wqy-microhei
  g++-mingw-w64-x86-64-posix
)

log() { printf '\033[1m[cutpilot.sh]\033[0m %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "installing packages needs root: run as root or install sudo, then try again"
  fi
}

ensure_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    log "not a Debian system: skipping package installation (install the equivalents of: $*)"
    return 0
  fi
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed$' ||
      missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${#missing[@]} Debian package(s): ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# configure_and_build PRESET: configure once (later builds re-run CMake only when needed).
configure_and_build() {
  local preset=$1
  if [ ! -f "build/$preset/CMakeCache.txt" ]; then
    log "configuring ($preset)"
    cmake --preset "$preset" >/dev/null || return 1
  fi
  log "building ($preset)"
  cmake --build --preset "$preset" || return 1
}

cmd_run() {
  ensure_packages "${BUILD_PACKAGES[@]}"
  configure_and_build release
  # No JianYing on Linux: export through the stand-in editor (a test tool, labelled as such)
  # unless the arguments name an editor (docs/automation.md, "The editor in the app").
  local editor=()
  if [ "$(uname -s)" = Linux ] && [[ " $* " != *" --editor"* ]]; then
    editor=(--editor standin)
  fi
  exec "build/release/app/cutpilot" "${editor[@]}" "$@"
}

# run_suite PRESET [CTEST ARGS...]: the whole ctest suite of build/PRESET under Xvfb + D-Bus + a
# throw-away keyring, in a private HOME and runtime folder: tests never touch the user's settings or
# keyring, and D-Bus-activated services (keyring, accessibility bus) inherit them (toolchain.md §7).
run_suite() {
  local preset=$1
  shift
  local sandbox
  sandbox=$(mktemp -d "${TMPDIR:-/tmp}/cutpilot-test.XXXXXX")
  mkdir -p "$sandbox/home" "$sandbox/runtime"
  chmod 700 "$sandbox/runtime"
  local sanitizer_env=()
  if [ "$preset" = asan ]; then
    sanitizer_env=(
      "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1"
      "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1"
      "LSAN_OPTIONS=suppressions=$ROOT/tests/sanitizers/lsan.supp:print_suppressions=0"
    )
  fi
  log "running the test suite ($preset) under Xvfb + D-Bus"
  local status=0
  env HOME="$sandbox/home" XDG_RUNTIME_DIR="$sandbox/runtime" "${sanitizer_env[@]}" \
    xvfb-run -a -s "-screen 0 1920x1080x24" dbus-run-session -- \
    "$ROOT/tools/test-session.sh" "build/$preset" "$@" || status=$?
  rm -rf "$sandbox"
  return "$status"
}

# test: the Debug suite, then the same suite built with ASan + UBSan (issue 8: sanitizers in CI).
# --debug or --asan runs only one of them. Both run even when the first fails, so one CI run
# reports everything; the exit status is non-zero when any build or suite failed.
cmd_test() {
  local presets=(debug asan)
  case "${1:-}" in
    --debug) presets=(debug); shift ;;
    --asan) presets=(asan); shift ;;
  esac
  ensure_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"

  local preset failed=() started
  for preset in "${presets[@]}"; do
    started=$SECONDS
    if ! configure_and_build "$preset"; then
      failed+=("$preset build")
      continue
    fi
    run_suite "$preset" "$@" || failed+=("$preset suite")
    log "$preset: build and suite took $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s"
  done
  if [ ${#failed[@]} -gt 0 ]; then
    log "FAILED: ${failed[*]}"
    return 1
  fi
  log "all passed: ${presets[*]}"
}

case "${1:-}" in
  run) shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  *)
    cat >&2 <<USAGE
usage: ./cutpilot.sh run  [--headless] [--listen ADDR:PORT] [--data-dir DIR] [...]
       ./cutpilot.sh test [--debug|--asan] [ctest arguments, e.g. -L unit or -R settings]
USAGE
    exit 2
    ;;
esac
