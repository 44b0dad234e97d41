#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: scripts/build-arm64.sh [BUILDDIR]   (default _build/arm64-static)
#
# Cross-builds a static arm64 kvm-pmu-info (what the VM tests put into their
# initramfs) against bookworm's arm64 libpfm4/json-c from
# scripts/arm64-sysroot.sh, and prints the binary's path as the last line of
# stdout; build output goes to stderr.  The test build of the tool
# (tests/README.md) is built beside it, as BUILDDIR/tests/vm/kvm-pmu-info-test.  Incremental: configure runs only for a
# new BUILDDIR or a newer ./configure.  (Not build-*: `rm -rf build-*` would
# take build-aux with it.)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-$top/_build/arm64-static}
S=${KPI_ARM64_SYSROOT:-${HOME:?}/.cache/kvm-pmu-info/sysroot-arm64}

# Automake refuses an out-of-tree build of a source tree configured in place
if [ -f "$top/config.status" ]; then
    echo "build-arm64.sh: $top is configured in place (./configure run there); run 'make distclean' there and build in build/ as README.md says, or set KPI_ARM64_BIN to a static arm64 kvm-pmu-info" >&2
    exit 1
fi
"$top/scripts/arm64-sysroot.sh" "$S" >&2
[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi) >&2
mkdir -p "$B"
cd "$B"
if [ ! -f config.status ] || [ -n "$(find "$top/configure" -newer config.status)" ]; then
    # no aarch64-linux-gnu-pkg-config without arm64 multiarch: point the
    # build's pkg-config at the sysroot; libpfm4 has no .pc file at all
    "$top/configure" -q --host=aarch64-linux-gnu LDFLAGS=-static \
        PKG_CONFIG=pkg-config \
        PKG_CONFIG_LIBDIR="$S/usr/lib/aarch64-linux-gnu/pkgconfig" \
        PKG_CONFIG_SYSROOT_DIR="$S" \
        PFM_CFLAGS="-I$S/usr/include" \
        PFM_LIBS="-L$S/usr/lib/aarch64-linux-gnu -lpfm" >&2
fi
make -s -j"$(nproc 2>/dev/null || echo 2)" src/kvm-pmu-info tests/vm/kvm-pmu-info-test >&2
echo "$B/src/kvm-pmu-info"
