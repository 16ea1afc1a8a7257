#!/usr/bin/env bash
# Runs inside `xvfb-run dbus-run-session` (see cutpilot.sh test): unlocks a throw-away keyring on
# the session bus, then runs ctest in BUILD_DIR with any extra arguments. Exit status is ctest's.
set -euo pipefail
build_dir=$1
shift

# A "login" collection, created and unlocked, so QtKeychain works headless (toolchain.md §3).
if command -v gnome-keyring-daemon >/dev/null 2>&1; then
  # Tests that need the real keychain (not the fallback) look for CUTPILOT_TEST_KEYRING=1.
  if printf 'cutpilot-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; then
    export CUTPILOT_TEST_KEYRING=1
  fi
fi
export QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1
export QT_MEDIA_BACKEND=ffmpeg

cd "$build_dir"
exec ctest --output-on-failure --no-tests=error --timeout 300 -j "$(nproc)" -LE bench "$@"
