# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=dash
# The emulated host's side of tests/vm/qemu-guest.test and
# tests/vm/qemu-migrate.test (run-tool --with-guest --with-qemu --script):
# Debian's arm64 qemu-system-aarch64 as the VMM, -accel kvm -cpu host, booting
# /guest/Image and /guest/initrd (tests/vm/guest-init).  One run a call:
#   tool        kvm-pmu-info -j
#   migrate F   kvm-pmu-info -j --migrate-from /F (the source host's -j report)
#   perf        QEMU boots the guest, which runs `perf stat -- /bin/true`,
#               reports (kpi-guest: lines, console on stdout) and powers off
#   save        QEMU boots the guest; once it says it is sleeping, QMP stops
#               it and saves it (migrate file:/tmp/vm.state), then quits
#   load FILE   QEMU loads /FILE (-incoming file:) and, if it can, runs the
#               guest on until it powers off.  The source was stopped before
#               it saved, and QEMU keeps that run state across the move
#               (migration/global_state.c: the destination starts the guest
#               only if the source's was running), so once the load is
#               done ("paused") QMP sends "cont", as a VMM resuming a saved
#               guest does
# Every nested QEMU has the same command line: a stream loads only into the
# machine that saved it.  Lines "NAME | ..." carry what QEMU (qmp, qemu) and
# the guest's console (guest) said; the last line is "qemu status N after S s".
Q="qemu-system-aarch64 -M virt,gic-version=3 -accel kvm -cpu host -smp 1 -m 256
   -nodefaults -display none -kernel /guest/Image -initrd /guest/initrd"
# the migrating guest: after perf it says so and sleeps (QEMU stops it then);
# on waking, wherever it is then, it counts cycles once more
sh=$(printf '%s\n' "echo '<3>kpi-guest: sleeping' > /dev/kmsg" "sleep 20" \
    "perf stat -x, -e cycles -- /bin/true" | base64 | tr -d '\n')
APPEND="console=ttyAMA0 rdinit=/init quiet kpi.sh=$sh"
say() { tr -d '\r' < "$2" | sed "s/^/$1 | /"; }     # the PL011's CRLF
note() { echo "qemu-host: $*" > /dev/console; }      # progress, in run-tool's console log
# qmp_qemu LOG QEMU-ARGS...: QEMU in the background ($q), driven over QMP
# on stdin (a FIFO on fd 3: no prompt, no echo, one JSON a line)
qmp_qemu() {
    log=$1; shift
    trap '' PIPE        # a QEMU that died must not take this shell with it
    mkfifo /tmp/qmp
    $Q -serial file:/tmp/guest.log -qmp stdio -append "$APPEND" "$@" < /tmp/qmp > "$log" 2>&1 &
    q=$!
    exec 3> /tmp/qmp
    echo '{"execute": "qmp_capabilities"}' >&3
}
# poll FILE REGEX QUERY SECONDS: until REGEX is in FILE, QEMU exits or
# SECONDS pass, sending QUERY (if any) over QMP once a second
poll() {
    i=0
    until grep -Eq "$2" "$1" 2>/dev/null; do
        kill -0 $q 2>/dev/null || break
        i=$((i + 1)); [ $i -lt "$4" ] || break
        [ -z "$3" ] || echo "$3" >&3
        sleep 1
    done
}
s0=$(date +%s)
note "$1 $(cat /proc/sys/kernel/osrelease)"
case $1 in
tool) exec /kvm-pmu-info -j;;
migrate) exec /kvm-pmu-info -j --migrate-from "/$2";;
perf)
    $Q -serial stdio -monitor none -append "console=ttyAMA0 rdinit=/init quiet"
    st=$?;;
save)
    qmp_qemu /tmp/qmp.log
    poll /tmp/guest.log 'kpi-guest: sleeping' '' 900
    note "guest ready after $(($(date +%s) - s0)) s"
    echo "guest ready after $(($(date +%s) - s0)) s"
    echo '{"execute": "stop"}' >&3
    echo '{"execute": "migrate", "arguments": {"uri": "file:/tmp/vm.state"}}' >&3
    poll /tmp/qmp.log '"status": "(completed|failed|cancelled)"' '{"execute": "query-migrate"}' 600
    echo '{"execute": "quit"}' >&3
    wait $q
    st=$?
    exec 3>&-
    say qmp /tmp/qmp.log
    say guest /tmp/guest.log
    echo "stream $(wc -c < /tmp/vm.state 2>/dev/null || echo none) bytes";;
load)
    Q="timeout 900 $Q"
    qmp_qemu /tmp/qemu.log -incoming "file:/$2"
    poll /tmp/qemu.log '"status": "(paused|running)"' '{"execute": "query-status"}' 600
    if grep -q '"status": "paused"' /tmp/qemu.log; then
        note "loaded after $(($(date +%s) - s0)) s, paused: cont"
        echo '{"execute": "cont"}' >&3
    fi
    wait $q
    st=$?
    exec 3>&-
    say qemu /tmp/qemu.log
    [ ! -f /tmp/guest.log ] || say guest /tmp/guest.log;;
*) exit 99;;
esac
note "$1: qemu status $st after $(($(date +%s) - s0)) s"
echo "qemu status $st after $(($(date +%s) - s0)) s"
exit $st
