# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=dash disable=SC3028
# The in-VM half of scripts/bench/bench-report.py's vm section: a busybox sh script
# run by `tests/vm/run-tool --with-tools --script scripts/bench/bench-vm.sh`
# (lscpu and strace from bookworm are on PATH=/bin; the tool is
# /kvm-pmu-info).  One mode per run-tool run:
#
#   time N      N rounds; each round runs, in an order that rotates by one
#               per round, `lscpu -J`, `/kvm-pmu-info -j --compact` (full
#               report: inventory + probe VMs), `/kvm-pmu-info --no-vm -j
#               --compact` and the exec floors `lscpu --version` and
#               `/kvm-pmu-info --version`, stdout to a file in /tmp (ramfs).
#               Prints per run "T NAME ROUND US STATUS" (guest wall time in
#               microseconds from ash's $EPOCHREALTIME, read without a fork
#               right before and after the command) and "J ROUND JSON" (the
#               full report, for its guest.<mode>.time_us); then one
#               "R NAME KIB" peak RSS per command (busybox time -f %M).
#   strace CMD...  `strace -c -f CMD`, CMD's stdout to /dev/null; prints the
#               strace summary table and exits with CMD's status
#   exec CMD...    runs CMD as it is (e.g. the -v trail)
set -u
mode=$1; shift
us() { echo $(( ${2%.*}${2#*.} - ${1%.*}${1#*.} )); }

case $mode in
time)
    n=$1
    # --migrate-from's source: this host's own report (one VM per PMU and
    # mode, the same count as the full report's probe VMs).
    /kvm-pmu-info -j --compact > /tmp/self.json 2>/dev/null
    set -- "lscpu lscpu -J" "tool /kvm-pmu-info -j --compact" \
           "tool_novm /kvm-pmu-info --no-vm -j --compact" \
           "tool_migrate /kvm-pmu-info --migrate-from /tmp/self.json -j --compact" \
           "lscpu_version lscpu --version" "tool_version /kvm-pmu-info --version"
    k=$#
    i=1
    while [ "$i" -le "$n" ]; do
        j=0
        while [ $j -lt $k ]; do
            # rotate: round i starts with command (i-1) mod k
            eval "c=\${$(( (i - 1 + j) % k + 1 ))}"
            name=${c%% *} cmd=${c#* }
            # shellcheck disable=SC2086
            t0=$EPOCHREALTIME; $cmd > /tmp/out 2> /tmp/err; st=$?; t1=$EPOCHREALTIME
            echo "T $name $i $(us "$t0" "$t1") $st"
            [ "$name" = tool ] && echo "J $i $(cat /tmp/out)"
            [ "$name" = tool_migrate ] && echo "M $i $(cat /tmp/out)"
            [ $st -eq 0 ] || sed "s/^/E $name: /" /tmp/err
            j=$((j + 1))
        done
        i=$((i + 1))
    done
    for c in "$@"; do
        # shellcheck disable=SC2086
        command time -f "R ${c%% *} %M" -o /tmp/rss ${c#* } > /dev/null 2>&1
        cat /tmp/rss
    done
    ;;
strace)
    strace -c -f -o /tmp/strace.txt "$@" > /dev/null 2> /tmp/err
    st=$?
    cat /tmp/strace.txt
    cat /tmp/err >&2
    exit $st;;
exec)
    exec "$@";;
*)
    echo "bench-vm.sh: unknown mode '$mode'" >&2
    exit 99;;
esac
