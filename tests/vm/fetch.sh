#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: tests/vm/fetch.sh
#
# Downloads (never installs) what the VM tests boot, into
# ${KPI_VM_CACHE:-~/.cache/kvm-pmu-info/vm}:
#   k7.3.4/    linux-binary-7.3.4+deb13-arm64   (trixie-backports; has PMU_V3_STRICT)
#   k6.12.117/ linux-image-6.12.117+deb13-arm64-unsigned (trixie; no STRICT)
#   busybox/   busybox-static:arm64 (trixie)
# Both kernels are plain arm64 Images with KVM and the PMUv3 driver built in,
# so no modules and no firmware are needed.  For 7.3.4 the linux-image package
# is only a meta package; the Image is in linux-binary.
# Idempotent: when every package is extracted, no network access at all.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
C=${KPI_VM_CACHE:-${HOME:?}/.cache/kvm-pmu-info/vm}
# name  suite  extract-dir  file-that-proves-extraction
WANT="linux-binary-7.3.4+deb13-arm64 trixie-backports k7.3.4 usr/lib/modules/7.3.4+deb13-arm64/vmlinuz
linux-image-6.12.117+deb13-arm64-unsigned trixie k6.12.117 boot/vmlinuz-6.12.117+deb13-arm64
busybox-static trixie busybox usr/bin/busybox"

missing=$(echo "$WANT" | while read -r p s d f; do [ -e "$C/$d/$f" ] || echo "$p $s $d $f"; done)
[ -n "$missing" ] || exit 0

A=$C/apt
mkdir -p "$C/debs"
"$top/scripts/private-apt.sh" "$A" arm64 trixie trixie-backports
export APT_CONFIG="$A/apt.conf"
apt-get -qq update || { echo "fetch: apt-get update of trixie/trixie-backports failed" >&2; exit 1; }
echo "$missing" | while read -r p s d f; do
    if ! ls "$C/debs/${p}_"*_arm64.deb >/dev/null 2>&1; then
        # the Release pin makes a package that moved suite an error, not a surprise
        apt-cache -q show "$p:arm64/$s" >/dev/null 2>&1 ||
            { echo "fetch: package $p not found in $s; the mirror may no longer carry it" >&2; exit 1; }
        (cd "$C/debs" && apt-get -qq download "$p:arm64/$s") ||
            { echo "fetch: downloading $p from $s failed" >&2; exit 1; }
    fi
    rm -rf "${C:?}/$d"
    dpkg-deb -x "$C/debs/${p}_"*_arm64.deb "$C/$d"
    [ -e "$C/$d/$f" ] || { echo "fetch: $p has no $f" >&2; exit 1; }
done
