#!/bin/bash
# usage: tests/vm/mkinitramfs.sh TOOL_BINARY OUT.cpio.gz [EXTRA_ROOT]
#
# Builds the initramfs the VM tests boot: static arm64 busybox (from
# tests/vm/fetch.sh's cache), the static arm64 tool as /kvm-pmu-info, and
# tests/vm/init as /init.  Owned by root via cpio -R, so it needs no root.
# EXTRA_ROOT, a directory, is merged into the root as well (run-tool
# --with-tools: lscpu, strace and their libraries from
# tests/vm/fetch-tools.sh); its dot-files at the top are left out.
set -eu -o pipefail   # a failing find or cpio must not leave a cached, broken image
[ $# -eq 2 ] || [ $# -eq 3 ] || { echo "usage: $0 TOOL_BINARY OUT.cpio.gz [EXTRA_ROOT]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
C=${KPI_VM_CACHE:-${HOME:?}/.cache/kvm-pmu-info/vm}
bb=$C/busybox/usr/bin/busybox
[ -x "$bb" ] || { echo "mkinitramfs: no $bb; run tests/vm/fetch.sh" >&2; exit 1; }
[ -f "$1" ] || { echo "mkinitramfs: no $1" >&2; exit 1; }
[ $# -lt 3 ] || [ -d "$3" ] || { echo "mkinitramfs: no directory $3" >&2; exit 1; }
# a dynamic binary would only fail inside the VM, with a puzzling status 127
! command -v file >/dev/null || file -L "$1" | grep -q 'ARM aarch64.*statically linked' ||
    { echo "mkinitramfs: $1 is not a static arm64 executable" >&2; exit 1; }

R=$(mktemp -d); trap 'rm -rf "$R"' EXIT
mkdir -p "$R/bin" "$R/dev" "$R/proc" "$R/sys" "$R/tmp"
if [ $# -eq 3 ]; then
    for e in "$3"/*; do cp -a "$e" "$R/"; done
fi
cp "$bb" "$R/bin/busybox"
cp "$here/init" "$R/init"
cp "$1" "$R/kvm-pmu-info"
chmod 755 "$R/init" "$R/kvm-pmu-info" "$R/bin/busybox"
out=$(cd "$(dirname "$2")" && pwd)/${2##*/}
(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
