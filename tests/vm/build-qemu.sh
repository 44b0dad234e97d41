#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: tests/vm/build-qemu.sh
#
# Builds the test QEMU: Debian bookworm's own qemu source, at the version of
# the installed qemu-system-arm, with the patch series in tests/vm/qemu-patches
# applied (events 0x3D-0x3F, MAX_EVENT_ID 0x3f, -cpu ...,x-pmmir=VALUE), for
# aarch64-softmmu only.  Prints the path of its qemu-system-aarch64.
#
# Cached in ${KPI_VM_CACHE:-~/.cache/kvm-pmu-info/vm}/qemu-build/KEY, KEY =
# source version + sha256 of the patches and the configure options: a warm cache is
# one stat, no network, no build.  A cold build downloads the source through
# a private apt configuration (scripts/private-apt.sh --src: a deb-src line
# for the machine's own mirror), builds in a temporary directory and renames
# it into place, under a lock, so concurrent callers build once.  Times:
# docs/test-qemu.md.
# Exit status 2: a prerequisite is missing (tools, the mirror, the source);
# 1: the build itself failed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
C=${KPI_VM_CACHE:-${HOME:?}/.cache/kvm-pmu-info/vm}/qemu-build

ver=$(dpkg-query -W -f='${source:Version}' qemu-system-arm 2>/dev/null) ||
    { echo "build-qemu: qemu-system-arm is not installed (scripts/deps.sh --test)" >&2; exit 2; }
conf="--target-list=aarch64-softmmu --without-default-features --disable-install-blobs --disable-docs --enable-fdt=system"
# The key names the code: the patches' SPDX lines stay out of it.
hash=$( (cat "$here"/qemu-patches/*.patch | sed '/^SPDX-License-Identifier: /d'; echo "$conf") |
    sha256sum | cut -c1-16)
key=$(echo "$ver" | tr ':+~' '___')-$hash
out=$C/$key/qemu-system-aarch64
[ -x "$out" ] && { echo "$out"; exit 0; }

mkdir -p "$C"
exec 9>"$C/.lock"
flock 9
[ -x "$out" ] && { echo "$out"; exit 0; }      # built while we waited
rm -rf "$C"/tmp.*       # left by a killed build; the lock says none is running

for p in meson ninja bzip2 dpkg-source pkg-config; do
    command -v $p >/dev/null ||
        { echo "build-qemu: $p is missing (scripts/deps.sh --test installs it)" >&2; exit 2; }
done
tmp=$(mktemp -d "$C/tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$top/scripts/private-apt.sh" --src "$tmp/apt" "$(dpkg --print-architecture)" bookworm || exit 2
export APT_CONFIG="$tmp/apt/apt.conf"
apt-get -qq update ||
    { echo "build-qemu: apt-get update of bookworm (deb-src) failed" >&2; exit 2; }
(cd "$tmp" && apt-get -qq source --download-only "qemu=$ver") >&2 ||
    { echo "build-qemu: downloading Debian's qemu source $ver failed" >&2; exit 2; }
dpkg-source -q -x --no-check "$tmp"/qemu_*.dsc "$tmp/src" >&2
for p in "$here"/qemu-patches/*.patch; do
    patch -s -p1 -d "$tmp/src" < "$p" ||
        { echo "build-qemu: $(basename "$p") does not apply to qemu $ver" >&2; exit 1; }
done
mkdir "$tmp/build"
# shellcheck disable=SC2086  # $conf is a list of options
(cd "$tmp/build" && ../src/configure $conf) > "$tmp/configure.log" 2>&1 ||
    { tail -n 5 "$tmp/configure.log" >&2; echo "build-qemu: configure failed" >&2; exit 1; }
ninja -C "$tmp/build" qemu-system-aarch64 > "$tmp/build.log" 2>&1 ||
    { tail -n 5 "$tmp/build.log" >&2; echo "build-qemu: build failed" >&2; exit 1; }
mkdir "$tmp/$key"
cp "$tmp/build/qemu-system-aarch64" "$tmp/$key/"
strip "$tmp/$key/qemu-system-aarch64" 2>/dev/null || :    # 86 MB -> about 20 MB
echo "$ver" > "$tmp/$key/source-version"
rm -rf "${C:?}/$key"
mv "$tmp/$key" "$C/$key"
echo "$out"
