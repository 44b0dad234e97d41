#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: tests/vm/record-guest.sh [FIXTURE...]
#
# Records what kvm-pmu-info prints in a real VM for the fixtures that are
# captures of the same VM configuration, into tests/fixtures/FIXTURE/vm/:
#   report.json   -j                  report.prom  --format prometheus
#   report.txt    the text report     report.nfd   --format nfd
#   check.status  the exit status of --check
# one boot per fixture (tests/vm/run-tool).  tests/unit/test_guest replays
# the guest readings of report.json through the mailbox decoder and the
# renderers and compares with these files, so re-record when an output
# format changes on purpose: each changed file's diff is printed, and it is
# taken only when the fixture's README.md has the line tests/regen-accept.sh
# asks for ("- regen vm/FILE HASH: why"); otherwise exit 1.  Default: every FIXTURE
# below.  Env: KPI_ARM64_BIN, KPI_VM_CACHE (see tests/vm/run-tool).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fx=$here/../fixtures

opts() {     # the run-tool options that boot FIXTURE's configuration
    case $1 in
    qemu-7.3.4-max-slots8)    echo "";;
    qemu-7.3.4-max-stock)     echo "--stock-qemu";;
    qemu-7.3.4-cortex-a76)    echo "--cpu cortex-a76";;
    qemu-7.3.4-cortex-a57)    echo "--cpu cortex-a57";;
    qemu-7.3.4-max-pmuoff)    echo "--pmu-off";;
    qemu-6.12.117-max-slots8) echo "--kernel 6.12.117";;
    qemu-7.3.4-hetero)        echo "--hetero";;
    *) echo "record-guest: no VM configuration for fixture '$1'" >&2; return 1;;
    esac
}

[ $# -gt 0 ] || set -- qemu-7.3.4-max-slots8 qemu-7.3.4-max-stock qemu-7.3.4-cortex-a76 \
    qemu-7.3.4-cortex-a57 qemu-7.3.4-max-pmuoff qemu-6.12.117-max-slots8 qemu-7.3.4-hetero
R=$(mktemp -d); trap 'rm -rf "$R"' EXIT
refused=
for f in "$@"; do
    o=$(opts "$f")
    # shellcheck disable=SC2086 # o is a list of options
    "$here/run-tool" $o --results "$R/$f" -- -j --and --and --format prometheus \
        --and --format nfd --and --check
    for i in 1 2 3 4; do
        [ "$(cat "$R/$f/$i.status")" = 0 ] ||
            { echo "record-guest: $f: run $i exited $(cat "$R/$f/$i.status")" >&2; exit 1; }
    done
    mkdir -p "$fx/$f/vm"
    # Each file through tests/regen-accept.sh: its diff is printed, and it
    # replaces the recorded one only when the fixture's README.md says why.
    for p in 1.stdout:report.json 2.stdout:report.txt 3.stdout:report.prom \
        4.stdout:report.nfd 5.status:check.status; do
        sh "$here/../regen-accept.sh" "$R/$f/${p%%:*}" "$fx/$f/vm/${p#*:}" "$fx/$f/README.md" ||
            refused="$refused $f/vm/${p#*:}"
    done
    echo "record-guest: $f: recorded (--check $(cat "$R/$f/5.status"))"
done
[ -z "$refused" ] || { echo "record-guest: not re-recorded (no reason in the README):$refused" >&2; exit 1; }
