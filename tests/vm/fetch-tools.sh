#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: tests/vm/fetch-tools.sh
#
# Downloads (never installs) bookworm's arm64 `lscpu` (package util-linux)
# and `strace`, plus every shared library they need, and lays out the files
# the VM needs to run them in
#   ${KPI_VM_CACHE:-~/.cache/kvm-pmu-info/vm}/tools-bookworm/root/
#     usr/bin/lscpu  usr/bin/strace          the programs
#     bin/lscpu -> /usr/bin/lscpu, ...       so PATH=/bin finds them
#     lib/aarch64-linux-gnu/<soname>         each NEEDED library (real file)
#     lib/ld-linux-aarch64.so.1              the program interpreter
# which `tests/vm/run-tool --with-tools` adds to the initramfs (the default
# boots stay busybox-only).  The libraries are found by following
# `readelf -d` NEEDED entries recursively from the programs; a soname that no
# package extracted so far provides is looked up under its Debian policy
# package name (libfoo.so.1 -> libfoo1, libfoo2.so.0 -> libfoo2-0; glibc's
# libraries -> libc6), and a soname still missing is an error.
# Packages come through a private apt configuration (scripts/private-apt.sh,
# mirror from /etc/apt); .debs are kept in tools-bookworm/debs.
# Idempotent: once the root is complete, no network access at all.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
C=${KPI_VM_CACHE:-${HOME:?}/.cache/kvm-pmu-info/vm}
T=$C/tools-bookworm
# package  path-in-package (the programs to run in the VM)
PROGS="util-linux usr/bin/lscpu
strace usr/bin/strace"
LIBDIRS="lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu lib usr/lib"
stamp=$T/root/.complete-$(echo "$PROGS" | cksum | cut -d' ' -f1)
[ -e "$stamp" ] && exit 0

command -v readelf >/dev/null || { echo "fetch-tools: readelf missing (apt-get install binutils)" >&2; exit 1; }
"$top/scripts/private-apt.sh" "$T/apt" arm64 bookworm
export APT_CONFIG="$T/apt/apt.conf"
apt-get -qq update || { echo "fetch-tools: apt-get update of bookworm arm64 failed" >&2; exit 1; }
X=$T/x R=$T/root
rm -rf "$X" "$R"
mkdir -p "$T/debs" "$X" "$R/bin" "$R/lib/aarch64-linux-gnu"
got=" "

get() {     # get PACKAGE: download its arm64 .deb once, extract it into $X
    case $got in *" $1 "*) return 0;; esac
    if ! ls "$T/debs/${1}_"*_arm64.deb >/dev/null 2>&1; then
        apt-cache -q show "$1:arm64" >/dev/null 2>&1 ||
            { echo "fetch-tools: no package $1 in bookworm arm64" >&2; return 1; }
        (cd "$T/debs" && apt-get -qq download "$1:arm64") ||
            { echo "fetch-tools: downloading $1:arm64 failed" >&2; return 1; }
    fi
    dpkg-deb -x "$T/debs/${1}_"*_arm64.deb "$X"
    got="$got$1 "
}

find_so() {  # find_so SONAME: its path in the extracted packages, or nothing
    for d in $LIBDIRS; do
        [ -e "$X/$d/$1" ] && { echo "$X/$d/$1"; return 0; }
    done
    return 1
}

policy_pkg() {  # Debian library package name for a soname
    case $1 in
    ld-linux*|libc.so.*|libm.so.*|libdl.so.*|libpthread.so.*|librt.so.*|libresolv.so.*|libutil.so.*|libanl.so.*)
        echo libc6; return;;
    esac
    n=${1%%.so.*} v=${1#*.so.}
    case $n in *[0-9]) n=$n-;; esac
    echo "$n$v" | tr 'A-Z_' 'a-z-'
}

for p in $(echo "$PROGS" | cut -d' ' -f1); do get "$p"; done
echo "$PROGS" | while read -r p f; do
    mkdir -p "$R/${f%/*}"
    cp -L "$X/$f" "$R/$f"
    ln -sf "/$f" "$R/bin/${f##*/}"
done
queue=$(echo "$PROGS" | while read -r p f; do echo "$R/$f"; done)
while [ -n "$queue" ]; do
    next=
    for f in $queue; do
        for so in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
            [ -e "$R/lib/aarch64-linux-gnu/$so" ] && continue
            src=$(find_so "$so") || { get "$(policy_pkg "$so")" && src=$(find_so "$so"); } ||
                { echo "fetch-tools: no package provides $so (needed by ${f#"$R"/})" >&2; exit 1; }
            cp -L "$src" "$R/lib/aarch64-linux-gnu/$so"
            next="$next $R/lib/aarch64-linux-gnu/$so"
        done
    done
    queue=$next
done
# the program interpreter (PT_INTERP), normally /lib/ld-linux-aarch64.so.1
for prog in $(echo "$PROGS" | cut -d' ' -f2); do
    interp=$(readelf -l "$R/$prog" | sed -n 's/.*Requesting program interpreter: \(.*\)\]$/\1/p')
    if [ -z "$interp" ] || [ -e "$R$interp" ]; then continue; fi
    so=${interp##*/}
    mkdir -p "$R${interp%/*}"
    if [ -e "$R/lib/aarch64-linux-gnu/$so" ]; then
        ln -s "$(realpath --relative-to="$R${interp%/*}" "$R/lib/aarch64-linux-gnu/$so")" "$R$interp"
    else
        src=$(find_so "$so") || { echo "fetch-tools: no $interp in libc6" >&2; exit 1; }
        cp -L "$src" "$R$interp"
    fi
done
rm -rf "$X"
# shellcheck disable=SC2016
for p in $got; do dpkg-deb -W --showformat='${Package}:${Architecture} ${Version}\n' "$T/debs/${p}_"*_arm64.deb; done > "$R/.packages"
touch "$stamp"
