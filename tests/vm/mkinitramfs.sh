#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: tests/vm/mkinitramfs.sh [--init FILE] TOOL_BINARY|- OUT.cpio.gz [EXTRA_ROOT...]
#
# Builds the initramfs the VM tests boot: static arm64 busybox (from
# tests/vm/fetch.sh's cache), the static arm64 tool as /kvm-pmu-info, and
# tests/vm/init as /init.  Owned by root via cpio -R, so it needs no root.
# Each EXTRA_ROOT, a directory, is merged into the root as well, in order, a
# later one's files replacing an earlier one's (run-tool --with-tools: lscpu,
# strace and their libraries from tests/vm/fetch-tools.sh; --with-perf: perf
# and its libraries from tests/vm/fetch-closure.sh); their dot-files at the
# top are left out.  --init FILE: FILE is /init instead (run-tool --with-guest:
# tests/vm/guest-init for the nested guest); TOOL_BINARY "-": no tool.
# OUT not ending in .gz: an uncompressed cpio.
set -eu -o pipefail   # a failing find or cpio must not leave a cached, broken image
here=$(cd "$(dirname "$0")" && pwd)
init=$here/init
[ "${1:-}" != --init ] || { init=$2; shift 2; }
[ $# -ge 2 ] || { echo "usage: $0 [--init FILE] TOOL_BINARY|- OUT.cpio.gz [EXTRA_ROOT...]" >&2; exit 2; }
C=${KPI_VM_CACHE:-${HOME:?}/.cache/kvm-pmu-info/vm}
bb=$C/busybox/usr/bin/busybox
[ -x "$bb" ] || { echo "mkinitramfs: no $bb; run tests/vm/fetch.sh" >&2; exit 1; }
for f in "$init" "$1"; do
    [ "$f" = - ] || [ -f "$f" ] || { echo "mkinitramfs: no $f" >&2; exit 1; }
done
tool=$1 img=$2; shift 2
for x in "$@"; do [ -d "$x" ] || { echo "mkinitramfs: no directory $x" >&2; exit 1; }; done
# a dynamic binary would only fail inside the VM, with a puzzling status 127
[ "$tool" = - ] || ! command -v file >/dev/null || file -L "$tool" | grep -q 'ARM aarch64.*statically linked' ||
    { echo "mkinitramfs: $tool is not a static arm64 executable" >&2; exit 1; }

R=$(mktemp -d); trap 'rm -rf "$R"' EXIT
mkdir -p "$R/bin" "$R/dev" "$R/proc" "$R/sys" "$R/tmp"
for x in "$@"; do
    for e in "$x"/*; do cp -a "$e" "$R/"; done
done
cp "$bb" "$R/bin/busybox"
cp "$init" "$R/init"
chmod 755 "$R/init" "$R/bin/busybox"
[ "$tool" = - ] || install -m 755 "$tool" "$R/kvm-pmu-info"
out=$(cd "$(dirname "$img")" && pwd)/${img##*/}
case $out in *.gz) z="gzip -1";; *) z=cat;; esac
(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | $z) > "$out.tmp"
mv "$out.tmp" "$out"
