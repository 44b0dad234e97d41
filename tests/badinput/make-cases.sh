#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make-cases.sh OUTDIR [FIXTURE] - build the bad-input corpus into OUTDIR.
#
# Each case is a copy of a real fixture (default
# tests/fixtures/qemu-7.3.4-max-slots8) with one thing broken.  They are
# generated at test time because several cannot live in git: FIFOs,
# unreadable files, symlink loops, NUL bytes, non-UTF-8 file names.
#
# For every case NAME this writes OUTDIR/NAME (the sysfs root), a line NAME
# in OUTDIR/CASES, and OUTDIR/NAME.expect, read by check.py:
#   exit N                   expected exit status (default 0)
#   problem HEX              a "problems" entry names this path (hex of the
#                            raw bytes; a problem on a file below it counts)
#   none                     no problem at all is expected
#   null WHO KEY             this field is null (WHO: "-" for host, else the
#                            hex of the PMU name; KEY dotted, e.g. caps.slots)
#   value WHO KEY JSON       this field has this value (KEY may index
#                            arrays: cpu_models.0.midr_el1)
# Bytes are written with printf octal escapes (\377), which POSIX sh has.
set -eu
OUT=${1:?usage: make-cases.sh OUTDIR [FIXTURE]}
here=$(cd "$(dirname "$0")" && pwd)
BASE=${2:-$here/../fixtures/qemu-7.3.4-max-slots8}
D=sys/bus/event_source/devices
P=$D/armv8_pmuv3
C=sys/devices/system/cpu
MIDR0=$C/cpu0/regs/identification/midr_el1
mkdir -p "$OUT"
: >"$OUT/CASES"

hex() { printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'; }
# new NAME: start a case from the base fixture; R is its root.
new() {
	name=$1 R=$OUT/$1
	mkdir "$R"
	cp -R "$BASE/sys" "$BASE/proc" "$R/"
	chmod -R u+w "$R" # the source tree may be read-only (distcheck)
	: >"$OUT/$name.expect"
	echo "$name" >>"$OUT/CASES"
}
exp() { printf '%s\n' "$*" >>"$OUT/$name.expect"; }
problem() { exp "problem $(hex "$1")"; }
none() { exp none; }
who() { if [ "$1" = - ]; then echo -; else hex "$1"; fi; }
isnull() { exp "null $(who "$1") $2"; }
value() { exp "value $(who "$1") $2 $3"; }
# put REL FORMAT [ARGS]: write printf output to REL (replacing it).
put() { f=$R/$1; shift; rm -rf "$f"; printf -- "$@" >"$f"; }
# A byte pattern repeated N times, without a shell loop per byte.
rep() { head -c "$2" /dev/zero | tr '\0' "$1"; }
# Make REL unreadable: chmod 000, or, where that does not stop reads (root
# with CAP_DAC_OVERRIDE), a symlink to /proc/self/mem, a regular file
# whose read at offset 0 fails with EIO.
unreadable() {
	chmod 000 "$R/$1"
	if cat "$R/$1" >/dev/null 2>&1; then
		rm -f "$R/$1"
		ln -s /proc/self/mem "$R/$1"
	fi
}
# A PMU directory NAME that looks like an uncore/software PMU (type only).
softpmu() { mkdir "$R/$D/$1" && printf '42\n' >"$R/$D/$1/type"; }

# ---- missing files and directories --------------------------------------
new missing-type;         rm "$R/$P/type";          problem "$P/type"; isnull armv8_pmuv3 type
new missing-cpus;         rm "$R/$P/cpus";          none; value armv8_pmuv3 core false; isnull armv8_pmuv3 cpus
new missing-caps-dir;     rm -r "$R/$P/caps";       none; isnull armv8_pmuv3 caps.slots; value armv8_pmuv3 core true
new missing-caps-slots;   rm "$R/$P/caps/slots";    none; isnull armv8_pmuv3 caps.slots; value armv8_pmuv3 caps.bus_slots 16
new missing-events-dir;   rm -r "$R/$P/events";     none; isnull armv8_pmuv3 events.count
new missing-devices-dir;  rm -r "$R/$D";            problem "$D"
new missing-event-source; rm -r "$R/sys/bus";       problem "$D"
new missing-cpu-online;   rm "$R/$C/online";        none; isnull - cpus_online; value - cpu_models.0.cpus '"0-1"'
new missing-cpu-dir;      rm -r "$R/$C";            none; isnull - cpus_online
new missing-midr;         rm "$R/$MIDR0";           problem "$MIDR0"; isnull - cpu_models.0.midr_el1; isnull armv8_pmuv3 midr_el1
new missing-proc;         rm -r "$R/proc";          none; isnull - kernel; value - arm64 true
new missing-sys;          rm -r "$R/sys";           problem "$D"
new empty-root;           rm -r "$R/sys" "$R/proc"; problem "$D"
new missing-root;         rm -r "$R"; exp "exit 1"
new root-is-file;         rm -r "$R"; : >"$R"; exp "exit 1"

# ---- empty files ---------------------------------------------------------
new empty-type;   put "$P/type" '';          problem "$P/type"; isnull armv8_pmuv3 type
new empty-slots;  put "$P/caps/slots" '\n';  problem "$P/caps/slots"; isnull armv8_pmuv3 caps.slots
new empty-midr;   put "$MIDR0" '';           problem "$MIDR0"; isnull - cpu_models.0.midr_el1
new empty-cpus;   put "$P/cpus" '\n';        none; value armv8_pmuv3 cpus '""'; isnull armv8_pmuv3 midr_el1
new empty-online; put "$C/online" '';        none

# ---- non-numeric, overlong, overflowing and negative values --------------
new type-nonnumeric;  put "$P/type" 'ten\n';                   problem "$P/type"; isnull armv8_pmuv3 type
new type-overflow;    put "$P/type" '99999999999999999999\n';  problem "$P/type"; isnull armv8_pmuv3 type
new type-int-max-1;   put "$P/type" '2147483648\n';            problem "$P/type"; isnull armv8_pmuv3 type
new type-negative;    put "$P/type" '-1\n';                    problem "$P/type"; isnull armv8_pmuv3 type
new type-leading-space; put "$P/type" ' 10\n';                 problem "$P/type"
new slots-nonhex;     put "$P/caps/slots" '0xZZ\n';            problem "$P/caps/slots"; isnull armv8_pmuv3 caps.slots
new slots-0x-only;    put "$P/caps/slots" '0x\n';              problem "$P/caps/slots"
new slots-hex-overflow; put "$P/caps/slots" '0x10000000000000000\n'; problem "$P/caps/slots"; isnull armv8_pmuv3 caps.slots
new slots-hex-max;    put "$P/caps/slots" '0xffffffffffffffff\n'; problem "$P/caps/slots"; isnull armv8_pmuv3 caps.slots
new slots-9-bits;     put "$P/caps/slots" '0x00000100\n'; problem "$P/caps/slots"; isnull armv8_pmuv3 caps.slots
new slots-8-bits-max; put "$P/caps/slots" '0x000000ff\n'; none; value armv8_pmuv3 caps.slots 255
new slots-negative;   put "$P/caps/slots" '-0x8\n';            problem "$P/caps/slots"
new slots-tab;        put "$P/caps/slots" '0x8\t\n';           problem "$P/caps/slots"
new midr-overflow;    put "$MIDR0" '0x1ffffffffffffffff\n';    problem "$MIDR0"; isnull - cpu_models.0.midr_el1
new bus-width-text;   put "$P/caps/bus_width" 'sixteen\n';     problem "$P/caps/bus_width"; isnull armv8_pmuv3 caps.bus_width

# ---- embedded NULs -------------------------------------------------------
new slots-nul;  put "$P/caps/slots" '0x0\0008\n'; problem "$P/caps/slots"; isnull armv8_pmuv3 caps.slots
new type-nul;   put "$P/type" '1\0000\n';         problem "$P/type"
new online-nul; put "$C/online" '0\000-1\n';      problem "$C/online"; isnull - cpus_online
new cpus-nul;   put "$P/cpus" '\0000-1\n';        problem "$P/cpus"; isnull armv8_pmuv3 cpus

# ---- long lines: a sysfs value is at most one page -----------------------
new slots-4095-bytes; rep 0 4094 >"$R/$P/caps/slots"; printf 8 >>"$R/$P/caps/slots"
	none; value armv8_pmuv3 caps.slots 8
new slots-4096-bytes; rep 0 4095 >"$R/$P/caps/slots"; printf 8 >>"$R/$P/caps/slots"
	problem "$P/caps/slots"; isnull armv8_pmuv3 caps.slots
new slots-64k-line;  rep f 65536 >"$R/$P/caps/slots"; problem "$P/caps/slots"
new cpus-64k-line;   rep , 65536 | sed 's/,/0,/g' | head -c 65536 >"$R/$P/cpus"; problem "$P/cpus"
new online-64k-line; rep 1 65536 >"$R/$C/online"; problem "$C/online"
new osrelease-64k;   rep A 65536 >"$R/proc/sys/kernel/osrelease"; problem proc/sys/kernel/osrelease; isnull - kernel

# ---- CPU lists: inverted, absurd, malformed, CPUs that do not exist -----
new cpus-inverted;       put "$P/cpus" '5-3\n';           problem "$P/cpus"; isnull armv8_pmuv3 cpus
new cpus-absurd-range;   put "$P/cpus" '0-4294967295\n';  problem "$P/cpus"; isnull armv8_pmuv3 cpus
new cpus-huge-number;    put "$P/cpus" '99999999999999999999999\n'; problem "$P/cpus"
new cpus-stride;         put "$P/cpus" '0-7:2/4\n';       problem "$P/cpus"
new cpus-trailing-comma; put "$P/cpus" '0-1,\n';          problem "$P/cpus"
new cpus-double-comma;   put "$P/cpus" '0,,1\n';          problem "$P/cpus"
new cpus-hex;            put "$P/cpus" '0x3\n';           problem "$P/cpus"
new cpus-open-range;     put "$P/cpus" '0-\n';            problem "$P/cpus"
new cpus-comma-newline;  put "$P/cpus" '0,\n1\n';         problem "$P/cpus"
new cpus-escape-after-comma; put "$P/cpus" '0,\033[2J\033]0;pwned\007\n'; problem "$P/cpus"
new cpus-nonutf8-after-comma; put "$P/cpus" '0,\377\376\n'; problem "$P/cpus"
new online-inverted;     put "$C/online" '1-0\n';         problem "$C/online"; isnull - cpus_online
new online-absurd;       put "$C/online" '0-4294967295\n'; problem "$C/online"; isnull - cpus_online
new online-max-cpus;     put "$C/online" '0-8191\n';      problem "$C/cpu{2-8191}"; value - cpus_online '"0-8191"'
new cpus-not-online;     put "$C/possible" '0-3\n'; put "$P/cpus" '2-3\n';           none; isnull armv8_pmuv3 midr_el1; value armv8_pmuv3 cpus '"2-3"'
new cpus-not-present;    put "$P/cpus" '0-1,4000\n';      problem "$P/cpus"
new online-not-present;  put "$C/online" '0-3\n';         problem "$C/cpu{2-3}"

# ---- directories, FIFOs, devices and unreadable files where files belong
new type-is-dir;   rm "$R/$P/type";        mkdir "$R/$P/type";        problem "$P/type"; isnull armv8_pmuv3 type
new slots-is-dir;  rm "$R/$P/caps/slots";  mkdir "$R/$P/caps/slots";  problem "$P/caps/slots"; isnull armv8_pmuv3 caps.slots
new cpus-is-dir;   rm "$R/$P/cpus";        mkdir "$R/$P/cpus";        problem "$P/cpus"; isnull armv8_pmuv3 cpus
new online-is-dir; rm "$R/$C/online";      mkdir "$R/$C/online";      problem "$C/online"
new midr-is-dir;   rm "$R/$MIDR0";         mkdir "$R/$MIDR0";         problem "$MIDR0"; isnull - cpu_models.0.midr_el1
new osrelease-is-dir; rm "$R/proc/sys/kernel/osrelease"; mkdir "$R/proc/sys/kernel/osrelease"
	problem proc/sys/kernel/osrelease; isnull - kernel
new events-is-file;  rm -r "$R/$P/events"; : >"$R/$P/events"; problem "$P/events"; isnull armv8_pmuv3 events.count
new devices-is-file; rm -r "$R/$D"; : >"$R/$D"; problem "$D"
new pmu-is-file;     : >"$R/$D/bogus"; problem "$D/bogus"
new slots-fifo;  rm "$R/$P/caps/slots"; mkfifo "$R/$P/caps/slots"; problem "$P/caps/slots"; isnull armv8_pmuv3 caps.slots
new type-fifo;   rm "$R/$P/type";       mkfifo "$R/$P/type";       problem "$P/type"
new online-fifo; rm "$R/$C/online";     mkfifo "$R/$C/online";     problem "$C/online"
new midr-fifo;   rm "$R/$MIDR0";        mkfifo "$R/$MIDR0";        problem "$MIDR0"
new slots-chardev; rm "$R/$P/caps/slots"; ln -s /dev/zero "$R/$P/caps/slots"; problem "$P/caps/slots"
new slots-unreadable;  unreadable "$P/caps/slots"; problem "$P/caps/slots"; isnull armv8_pmuv3 caps.slots
new type-unreadable;   unreadable "$P/type";       problem "$P/type"
new online-unreadable; unreadable "$C/online";     problem "$C/online"
new slots-eio; rm "$R/$P/caps/slots"; ln -s /proc/self/mem "$R/$P/caps/slots"; problem "$P/caps/slots"
new events-unreadable; chmod 000 "$R/$P/events"
	if ls "$R/$P/events" >/dev/null 2>&1; then
		chmod 755 "$R/$P/events"; rm -r "$R/$P/events"; ln -s /proc/self/mem "$R/$P/events"
	fi
	problem "$P/events"; isnull armv8_pmuv3 events.count

# ---- symlinks: loops, dangling, escaping, and the real sysfs layout ------
new slots-symlink-loop;   rm "$R/$P/caps/slots"; ln -s slots "$R/$P/caps/slots"; problem "$P/caps/slots"; isnull armv8_pmuv3 caps.slots
new cpus-symlink-loop;    rm "$R/$P/cpus"; ln -s cpus "$R/$P/cpus"; problem "$P/cpus"
new online-symlink-pair;  rm "$R/$C/online"; ln -s present2 "$R/$C/online"; ln -s online "$R/$C/present2"; problem "$C/online"
new pmu-symlink-loop;     ln -s loop "$R/$D/loop"; problem "$D/loop"
new devices-symlink-loop; rm -r "$R/$D"; ln -s devices "$R/$D"; problem "$D"
new events-symlink-loop;  rm -r "$R/$P/events"; ln -s events "$R/$P/events"; problem "$P/events"
new slots-dangling;       rm "$R/$P/caps/slots"; ln -s nowhere "$R/$P/caps/slots"; none; isnull armv8_pmuv3 caps.slots
new slots-escapes-root;   rm "$R/$P/caps/slots"; ln -s /etc/passwd "$R/$P/caps/slots"; problem "$P/caps/slots"
new pmus-symlinked-like-sysfs
	mkdir -p "$R/sys/devices"; mv "$R/$P" "$R/sys/devices/armv8_pmuv3"
	ln -s ../../../devices/armv8_pmuv3 "$R/$P"
	none; value armv8_pmuv3 caps.slots 8; value armv8_pmuv3 core true

# ---- hostile names: non-UTF-8, quotes, backslashes, control characters ---
n_ff=$(printf 'pmu_\377\376'); n_q=$(printf 'q"uo\\te\\\\'); n_ctl=$(printf 'ctl\001\033[31m\177')
n_tab=$(printf 'tab\tname'); n_long=$(rep x 255); n_240=$(rep x 240)
new pmu-name-nonutf8;  softpmu "$n_ff";   none; value "$n_ff" type 42
new pmu-name-quotes;   softpmu "$n_q";    none; value "$n_q" type 42
new pmu-name-control;  softpmu "$n_ctl";  none; value "$n_ctl" type 42
new pmu-name-tab;      softpmu "$n_tab";  none; value "$n_tab" type 42
new pmu-name-c1-csi;   softpmu "$(printf 'csi\302\23331m')"; none
new pmu-name-255;      softpmu "$n_long"; none; value "$n_long" type 42
new pmu-name-utf8-overlong; softpmu "$(printf 'ov\300\257\355\240\200\364\220\200\200')"; none
new event-names-hostile
	for e in "$n_ff" "$n_q" "$n_ctl" "$n_tab" "$n_long"; do printf 'event=0x1\n' >"$R/$P/events/$e"; done
	none; value armv8_pmuv3 events.count 12
new event-fifo-and-dir; mkfifo "$R/$P/events/a_fifo"; mkdir "$R/$P/events/a_dir"
	problem "$P/events/a_fifo"; problem "$P/events/a_dir"; value armv8_pmuv3 events.count 9
new event-symlink-loop; ln -s loop "$R/$P/events/loop"; problem "$P/events/loop"
new event-64k-line;     rep x 65536 >"$R/$P/events/stall"; problem "$P/events/stall"
new event-nul;          put "$P/events/stall" 'event=0x\000x3c\n'; problem "$P/events/stall"
new event-bad-code;     put "$P/events/stall" 'event=zz\n'; problem "$P/events/stall"
new event-code-too-big; put "$P/events/stall" 'event=0x10000\n'; problem "$P/events/stall"
new event-unreadable;   unreadable "$P/events/stall"; problem "$P/events/stall"
# Bad names and a bad value together: the problem path carries the name.
n_bad=$(printf 'armv8_\377"\\\001\t\033]0;x\007')
new core-pmu-name-hostile-problem; mv "$R/$P" "$R/$D/$n_bad"
	put "$D/$n_bad/caps/slots" 'bogus\n'; problem "$D/$n_bad/caps/slots"; isnull "$n_bad" caps.slots
new long-pmu-name-problem; mv "$R/$P" "$R/$D/armv8_$n_240"
	put "$D/armv8_$n_240/type" 'x\n'; problem "$D/armv8_$n_240/type"
new osrelease-nonutf8;  put proc/sys/kernel/osrelease '7.3\377\376"\\\001\n'; none
new arch-control;       put proc/sys/kernel/arch 'aarch64\033[0m\n'; none; value - arm64 false
new many-pmus; i=0; while [ $i -lt 300 ]; do softpmu "uncore_$i"; i=$((i + 1)); done; none
new pmus-past-limit; i=0; while [ $i -lt 1030 ]; do softpmu "uncore_$i"; i=$((i + 1)); done
	problem "$D"; value armv8_pmuv3 caps.slots 8   # INVENTORY_PMUS_MAX: 1024 of 1036
new many-events; i=0; while [ $i -lt 2000 ]; do printf 'event=0x%04x\n' $i >"$R/$P/events/ev_$i"; i=$((i + 1)); done
	problem "$P/events"; value armv8_pmuv3 events.count 1024   # INVENTORY_EVENTS_MAX
