#!/usr/bin/env bash
# Builds CutPilot against Qt 6.8 and runs the API test suite there: what users on Windows/macOS
# (Qt 6.8+) compile, which Debian 12's Qt 6.4 never does (the #if QT_VERSION >= 6.8 paths of
# api/httpserveradapter.cpp and friends).
#
#   tools/qt68-check.sh [CHROOT_DIR] [CTEST ARGS...]      (default CHROOT_DIR: /var/tmp/cutpilot-trixie)
#
# Debian 13 (trixie) ships Qt 6.8.2: a minimal trixie system is made with debootstrap in CHROOT_DIR
# (kept for the next run), the build dependencies are installed there with apt, the working tree
# (tracked and untracked, not ignored files) is copied to CHROOT_DIR/src/main, built in Debug without
# -Werror (warnings are listed), and `ctest -L api` runs with the offscreen platform (default CTEST
# ARGS). Needs root, debootstrap and the network to deb.debian.org.
set -euo pipefail

root=${1:-/var/tmp/cutpilot-trixie}
shift || true
ctest_args=("$@")
[ ${#ctest_args[@]} -gt 0 ] || ctest_args=(-L api)
[ "$(id -u)" -eq 0 ] || { echo "needs root (debootstrap, chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ ! -x "$root/usr/bin/apt-get" ]; then
  echo "== debootstrap --variant=minbase trixie $root"
  mkdir -p "$root"
  debootstrap --variant=minbase trixie "$root" http://deb.debian.org/debian >"$root.debootstrap.log" 2>&1 ||
    { tail -n 5 "$root.debootstrap.log" >&2; exit 1; }
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT

echo "== build dependencies (Qt 6.8 from trixie)"
chroot "$root" /bin/bash -euo pipefail -c '
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends cmake ninja-build g++ pkg-config \
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev qt6-multimedia-dev \
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qtkeychain-qt6-dev libspdlog-dev libgl-dev \
    libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev libatspi2.0-dev \
    ffmpeg >/tmp/deps.log 2>&1 || { tail -n 20 /tmp/deps.log; exit 1; }
  dpkg-query -W -f="\${Package} \${Version}\n" qt6-base-dev qt6-httpserver-dev qt6-websockets-dev'

echo "== copy the working tree to $root/src/main"
mkdir -p "$root/src/main"
(cd "$source_dir" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) |
  tar -C "$root/src/main" -xf -

echo "== build and ctest ${ctest_args[*]}"
chroot "$root" /bin/bash -euo pipefail -c "
  cd /src/main
  [ -f build/build.ninja ] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCUTPILOT_WARNINGS_AS_ERRORS=OFF -DCUTPILOT_BUILD_BENCH=OFF >/tmp/configure.log
  ninja -C build >/tmp/build.log 2>&1 || { grep -E 'error' /tmp/build.log | head -n 40; exit 1; }
  echo \"warnings: \$(grep -c 'warning:' /tmp/build.log || true)\"
  grep 'warning:' /tmp/build.log | sort -u | head -n 40 || true
  cd build && QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 300 ${ctest_args[*]}"
