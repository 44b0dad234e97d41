#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# valgrind-fixtures.sh [BINARY] - run kvm-pmu-info (default: the native
# build, _build/native/src/kvm-pmu-info) under valgrind on every fixture in
# tests/fixtures/, in text and -j mode; TAP, one line per run.  A run fails
# on any valgrind error or leak of any kind (exit 99) or a non-zero exit.
# With BADINPUT=1 also on every case of the bad-input corpus
# (tests/badinput/make-cases.sh), where exit 1 is expected for the cases
# whose .expect says so.  Logs of failed runs are printed as TAP comments.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
kpi=${1:-$top/_build/native/src/kvm-pmu-info}
case $kpi in /*) ;; *) kpi=$(pwd)/$kpi ;; esac
if [ ! -x "$kpi" ]; then
	echo "Bail out! no binary at $kpi (build first: make in _build/native)"
	exit 1
fi
command -v valgrind >/dev/null || { echo "Bail out! valgrind not installed"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT PIPE TERM
n=0 failed=0
run() { # name, expected exit, root, args...
	name=$1 want=$2 root=$3; shift 3
	n=$((n + 1))
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=all \
		--log-file="$tmp/vg.log" "$kpi" --sysfs-root "$root" "$@" \
		</dev/null >/dev/null 2>"$tmp/err"
	rc=$?
	# valgrind 3.19 (bookworm) predates openat2 (syscall 437): it warns and
	# returns ENOSYS, and the tool falls back to openat.  Not an error.
	grep -v -e 'WARNING: unhandled [a-z0-9]*-linux syscall: 437$' \
		-e 'You may be able to write your own handler\.$' \
		-e 'Read the file README_MISSING_SYSCALL_OR_IOCTL\.$' \
		-e 'Nevertheless we consider this a bug\.  Please report$' \
		-e 'it at http://valgrind\.org/support/bug_reports\.html\.$' \
		"$tmp/vg.log" >"$tmp/vg.real"
	# grep: 0 or 1 is a filtered log; 2 means valgrind wrote none
	[ $? -le 1 ] || echo "no valgrind log (valgrind did not start?)" >"$tmp/vg.real"
	mv "$tmp/vg.real" "$tmp/vg.log"
	if [ "$rc" = "$want" ] && [ ! -s "$tmp/vg.log" ]; then
		echo "ok $n - $name${*:+ $*}"
	else
		failed=$((failed + 1))
		echo "not ok $n - $name${*:+ $*} (exit $rc, expected $want)"
		sed 's/^/#   /' "$tmp/vg.log" | head -40
		[ "$rc" = 99 ] || sed 's/^/#   stderr: /' "$tmp/err" | head -5
	fi
}
cd "$top/tests/fixtures" || exit 1
for d in */; do
	name=${d%/}
	[ -d "$name/sys" ] || continue
	run "$name" 0 "$name"
	run "$name" 0 "$name" -j
done
if [ -n "${BADINPUT:-}" ]; then
	sh "$top/tests/badinput/make-cases.sh" "$tmp/cases" >/dev/null 2>&1 ||
		{ echo "Bail out! make-cases.sh failed"; exit 1; }
	while IFS= read -r c; do
		want=$(sed -n 's/^exit //p' "$tmp/cases/$c.expect")
		run "badinput/$c" "${want:-0}" "$tmp/cases/$c"
		run "badinput/$c" "${want:-0}" "$tmp/cases/$c" -j
	done <"$tmp/cases/CASES"
fi
echo "1..$n"
[ "$failed" -eq 0 ]
