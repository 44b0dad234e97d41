# SPDX-License-Identifier: GPL-2.0-or-later
# Runs in the VM (busybox sh, from tests/vm/perf-table.py through
# run-tool --script): `perf stat -- /bin/true` once per line "VERSION MIDR"
# of /perf-cpuid.list, as /usr/bin/perf-VERSION (run-tool
# --with-perf=VERSION,...) with PERF_CPUID=MIDR, so perf picks that core's
# metric table (tools/perf/util/pmu.c reads PERF_CPUID before the CPU's
# own MIDR); "VERSION -" runs it without the override, as the CPU itself.
# #slots still comes from this machine's caps/slots, printed first.
# Each run: a line "@@@ VERSION MIDR", perf's output (perf stat prints on
# stderr), then "@@@ status N".  Then, for each line "VERSION MIDR" of
# /perf-mux.list, `perf stat -v -M TopdownL1` as that core: "@@@ mux VERSION
# MIDR" and the counter lines ("EVENT: VALUE ENABLED RUNNING") perf -v
# prints for each event it opened; last, "@@@ tool" and kvm-pmu-info -j,
# the tool's view of this very machine.
for pmu in /sys/bus/event_source/devices/armv8_*; do
    echo "@@@ caps/slots $(cat "$pmu"/caps/slots 2>/dev/null || echo none) ${pmu##*/}"
done
echo "@@@ midr_el1 $(cat /sys/devices/system/cpu/cpu0/regs/identification/midr_el1)"
while read -r v midr; do
    echo "@@@ $v $midr"
    if [ "$midr" = - ]; then
        /usr/bin/perf-"$v" stat -- /bin/true 2>&1
    else
        PERF_CPUID=$midr /usr/bin/perf-"$v" stat -- /bin/true 2>&1
    fi
    echo "@@@ status $?"
done < /perf-cpuid.list
while read -r v midr; do
    echo "@@@ mux $v $midr"
    PERF_CPUID=$midr /usr/bin/perf-"$v" stat -v -M TopdownL1 -- /bin/true 2>&1 |
        grep -E '^[A-Za-z_][A-Za-z0-9_.-]*: [0-9]+ [0-9]+ [0-9]+$'
done < /perf-mux.list
echo "@@@ tool"
/kvm-pmu-info -j 2>/dev/null
echo
echo "@@@ end"
