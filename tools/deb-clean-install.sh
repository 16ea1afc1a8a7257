#!/usr/bin/env bash
# Installs a CutPilot .deb on a clean Debian 12 and runs it (issue 8: "the .deb installs with
# `apt install ./cutpilot_*.deb` on a clean Debian 12 and `cutpilot --version` runs").
#
#   tools/deb-clean-install.sh PATH/TO/cutpilot_*.deb [CHROOT_DIR]
#
# The clean system is a minimal Debian 12 (bookworm) made by debootstrap in CHROOT_DIR (default: a
# temporary folder, removed at the end; an existing one is reused as it is). apt resolves the package's
# Depends from the Debian archive. Needs root, debootstrap and the network to deb.debian.org.
# Prints what apt installed, `cutpilot --version`, and checks the desktop entry and the icon.
set -euo pipefail

deb=${1:?usage: tools/deb-clean-install.sh PATH/TO/cutpilot_*.deb [CHROOT_DIR]}
[ -f "$deb" ] || { echo "no such package: $deb" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "needs root (debootstrap, chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null

root=${2:-}
cleanup=
if [ -z "$root" ]; then
  root=$(mktemp -d /tmp/cutpilot-deb-clean.XXXXXX)
  cleanup=1
fi
finish() {
  umount "$root/proc" 2>/dev/null || true
  [ -n "$cleanup" ] && rm -rf "$root"
  return 0
}
trap finish EXIT

if [ ! -x "$root/usr/bin/apt-get" ]; then
  echo "== debootstrap --variant=minbase bookworm $root"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$root.debootstrap.log" 2>&1 ||
    { tail -n 5 "$root.debootstrap.log" >&2; exit 1; }
  rm -f "$root.debootstrap.log"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/"
name=$(basename "$deb")

chroot "$root" /bin/bash -euo pipefail -c "
  export DEBIAN_FRONTEND=noninteractive
  if dpkg-query -W cutpilot >/dev/null 2>&1; then apt-get remove -y -qq cutpilot >/dev/null 2>&1; fi
  apt-get update -qq
  before=\$(dpkg-query -W -f='\${Package}\n' | wc -l)
  echo '== apt-get install ./$name'
  apt-get install -y -qq /tmp/$name >/tmp/install.log 2>&1 || { tail -n 20 /tmp/install.log; exit 1; }
  echo \"installed: cutpilot and \$((\$(dpkg-query -W -f='\${Package}\n' | wc -l) - before - 1)) dependencies\"
  echo '== cutpilot --version'
  cutpilot --version
  test -f /usr/share/applications/app.cutpilot.CutPilot.desktop
  test -f /usr/share/icons/hicolor/scalable/apps/app.cutpilot.CutPilot.svg
  echo 'desktop entry and icon: present'
"
echo "OK: $name installs on a clean Debian 12 and runs"
