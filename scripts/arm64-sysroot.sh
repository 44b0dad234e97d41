#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: scripts/arm64-sysroot.sh [DIR]   (default ~/.cache/kvm-pmu-info/sysroot-arm64)
#
# Unpacks bookworm's arm64 libpfm4, json-c and zlib (runtime + dev, all ship
# static .a files) into DIR, for a static cross build; and libfdt, which only
# the reference VMM (tests/vm/ref-vmm.c) links.  Nothing is installed: the
# packages come through a private apt configuration (scripts/private-apt.sh)
# and are extracted with dpkg-deb.  Idempotent; once DIR/.complete exists the
# script does no network access at all.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
S=${1:-${HOME:?}/.cache/kvm-pmu-info/sysroot-arm64}
PKGS="libpfm4 libpfm4-dev libjson-c5 libjson-c-dev zlib1g zlib1g-dev libfdt1 libfdt-dev"
# the stamp names the package set, so adding a package refetches
stamp="$S/.complete-$(echo $PKGS | tr ' ' +)"
[ -e "$stamp" ] && exit 0

A=$S.apt                        # apt state and .debs, kept beside the sysroot
"$here/private-apt.sh" "$A" arm64 bookworm
export APT_CONFIG="$A/apt.conf"
mkdir -p "$A/debs" "$S"
apt-get -qq update
for p in $PKGS; do
    ls "$A/debs/${p}_"*_arm64.deb >/dev/null 2>&1 && continue
    (cd "$A/debs" && apt-get -qq download "$p:arm64") ||
        { echo "arm64-sysroot: cannot download $p:arm64 from bookworm" >&2; exit 1; }
done
for p in $PKGS; do dpkg-deb -x "$A/debs/${p}_"*_arm64.deb "$S"; done
touch "$stamp"
