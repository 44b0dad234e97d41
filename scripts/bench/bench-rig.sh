#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: scripts/bench/bench-rig.sh [ROUNDS]
#
# Prints what the VM rig's downloaded runtimes cost (tests/vm/fetch-closure.sh):
#   fetch   cold fetch of QEMU 11.1 (amd64) and of perf 7.3.4 (arm64) into a
#           fresh temporary cache (apt lists, .debs, extraction, NEEDED walk):
#           seconds, packages, .deb MB, root MB, libraries
#   boot    run-tool's "boot took" (QEMU start to power-off, the tool run
#           included) for ROUNDS (default 3) boots of each of: QEMU 7.2
#           -cpu max and QEMU 11.1 -cpu neoverse-v1, each without and with
#           --with-perf; median and range, and the initramfs size (gzip -1)
# The boots use the normal cache (KPI_VM_CACHE) and $KPI_ARM64_BIN (else
# scripts/build-arm64.sh builds it).  Needs the network for the cold fetch.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-3}
v=$top/tests/vm

cold=$(mktemp -d); trap 'rm -rf "$cold"' EXIT
for what in "qemu-11.1 amd64 qemu-system-arm 11.1 usr/bin/qemu-system-aarch64" \
            "perf-7.3.4 arm64 linux-perf 7.3.4 usr/bin/perf"; do
    set -- $what
    t0=$(date +%s.%N)
    root=$(KPI_VM_CACHE=$cold "$v/fetch-closure.sh" "$@" | tail -n 1)
    t1=$(date +%s.%N)
    echo "fetch $1: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s," \
         "$(ls "$cold/$1/debs" | wc -l) packages," \
         "$(du -sm "$cold/$1/debs" | cut -f1) MB of .debs," \
         "root $(du -sm "$root" | cut -f1) MB," \
         "$(ls "$root"/lib/*-linux-gnu | wc -l) files in lib/<triplet>"
done
rm -rf "$cold"

KPI_ARM64_BIN=${KPI_ARM64_BIN:-$("$top/scripts/build-arm64.sh" 2>/dev/null | tail -n 1)}
export KPI_ARM64_BIN
boot() {    # boot LABEL RUN-TOOL-OPTIONS...: median and range of "boot took"
    label=$1; shift
    ts= i=0 log=$(mktemp)
    while [ $i -lt "$rounds" ]; do
        "$v/run-tool" -v "$@" -- --no-vm -j 2>"$log" >/dev/null
        s=$(sed -n 's/^run-tool: boot took \([0-9.]*\) s$/\1/p' "$log")
        [ -n "$s" ] || { echo "bench-rig: $label: no boot time" >&2; cat "$log" >&2; exit 1; }
        ts="$ts $s" i=$((i + 1))
    done
    initrd=$(sed -n 's/.* -initrd \([^ ]*\) .*/\1/p' "$log" | tail -n 1)
    rm -f "$log"
    echo "boot $label: $(echo $ts | tr ' ' '\n' | sort -n |
        awk '{ a[NR] = $1 } END { printf "median %.2f s, range %.2f-%.2f s, %d boots", a[int((NR + 1) / 2)], a[1], a[NR], NR }');" \
         "initramfs $(du -k "$initrd" | awk '{ printf "%.1f", $1 / 1024 }') MB"
}
boot "qemu 7.2 max" --cpu max
boot "qemu 7.2 max --with-perf" --cpu max --with-perf
boot "qemu 11.1 neoverse-v1" --cpu neoverse-v1
boot "qemu 11.1 neoverse-v1 --with-perf" --cpu neoverse-v1 --with-perf
