#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: tests/vm/mkguest.sh OUT.cpio.gz PERF_ROOT
#
# Builds the nested guest's initramfs (run-tool --with-guest): static arm64
# busybox (tests/vm/fetch.sh's cache), Debian's arm64 perf with its
# libraries (PERF_ROOT, from tests/vm/fetch-closure.sh) as /usr/bin/perf,
# and tests/vm/guest-init as /init.  Owned by root via cpio -R, so it needs
# no root.
set -eu -o pipefail   # a failing find or cpio must not leave a cached, broken image
[ $# -eq 2 ] || { echo "usage: $0 OUT.cpio.gz PERF_ROOT" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
C=${KPI_VM_CACHE:-${HOME:?}/.cache/kvm-pmu-info/vm}
bb=$C/busybox/usr/bin/busybox
[ -x "$bb" ] || { echo "mkguest: no $bb; run tests/vm/fetch.sh" >&2; exit 1; }
[ -x "$2/usr/bin/perf" ] || { echo "mkguest: no $2/usr/bin/perf" >&2; exit 1; }
img=$1 perf=$2

R=$(mktemp -d); trap 'rm -rf "$R"' EXIT
mkdir -p "$R/bin" "$R/dev" "$R/proc" "$R/sys" "$R/tmp"
for e in "$perf"/*; do cp -a "$e" "$R/"; done
cp "$bb" "$R/bin/busybox"
cp "$here/guest-init" "$R/init"
chmod 755 "$R/init" "$R/bin/busybox"
out=$(cd "$(dirname "$img")" && pwd)/${img##*/}
(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -6) > "$out.tmp"
mv "$out.tmp" "$out"
