#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: scripts/bench/bench.sh [TOOL] [--runs N] [--warmup N] [--vm-runs K]
#                         [--no-vm-section] [--keep DIR]
#
# The benchmarks (startup, fixture replays, VM probes): prints one plain-text table (see
# scripts/bench/bench-report.py for what each section measures, and
# docs/performance.md for a recorded run).  TOOL defaults to the in-tree
# build, src/kvm-pmu-info; for numbers worth comparing build it with -O2:
#   mkdir -p _build/h7 && cd _build/h7 && ../../configure -q CFLAGS=-O2 && make -s
# Optional tools, used when installed: hyperfine (else a Python spawn loop),
# /usr/bin/time (Debian package "time"; else wait4's ru_maxrss), strace,
# lscpu, qemu-aarch64-static; the vm section needs `scripts/deps.sh --test`
# and takes one QEMU boot (KPI_ARM64_BIN may name a static arm64 build) with
# `tests/vm/run-tool --with-tools`, whose first use downloads (never installs)
# bookworm's arm64 lscpu and strace into ~/.cache/kvm-pmu-info/vm
# (tests/vm/fetch-tools.sh); scripts/bench/bench-vm.sh is the part run in the VM.
# Nothing is installed and no timed test is involved: this only prints.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
tool=$top/src/kvm-pmu-info
case ${1:-} in ''|-*) ;; *) tool=$1; shift ;; esac
[ -x "$tool" ] || { echo "bench: no executable $tool (build first, or pass TOOL)" >&2; exit 2; }

echo "kvm-pmu-info benchmarks, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "tool:    $tool ($("$tool" --version 2>/dev/null | head -1); git $(git -C "$top" describe --always --dirty 2>/dev/null || echo ?))"
echo "machine: nproc $(nproc), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), kernel $(uname -r) $(uname -m)"
echo "load:    $(cut -d" " -f1-3 /proc/loadavg) (1/5/15 min; other work on this machine inflates the numbers)"
echo "timer:   $(command -v hyperfine >/dev/null && hyperfine --version || echo 'python spawn loop (no hyperfine)')"
echo
exec python3 "$top/scripts/bench/bench-report.py" "$@" "$tool"
