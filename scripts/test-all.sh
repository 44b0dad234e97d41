#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The whole test suite on Debian 12: installs what the tests need, then
#   native   make check: unit tests, fixture replays, VM tests on real arm64
#            kernels under QEMU (tests/vm)
#   werror   gcc and clang builds with -Werror
#   install  make install DESTDIR=..., then make uninstall leaves nothing
#   distcheck the release tarball builds and passes make check (no VM boots)
#   fuzz     each libFuzzer target for 10 s (scripts/fuzz.sh)
#   valgrind every fixture under memcheck, no errors and no leaks
#   asan     unit, fixture and bad-input tests under AddressSanitizer + UBSan
#   arm64    static cross build; unit and fixture tests under qemu-user
#   deb      the Debian package: dpkg-buildpackage, lintian, then installed
#            for real, run and purged (scripts/check-deb.sh); the arm64
#            package cross-built with multiarch (scripts/build-deb-arm64.sh)
# and ends with one line "N passed, N failed".  Under CI=true a skipped test
# counts as failed: a skip means something the suite needs was missing.
# What takes long and needs no result of ours starts in the background
# first (the test QEMU build, the VM downloads, the arm64 Debian chroot);
# the native VM tests and deb-arm64 come last and wait for it.  Every step
# prints its wall time (docs/testing.md has a cold run's breakdown).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
scripts/deps.sh --test || { echo "0 passed, 1 failed"; exit 1; }
repo=$top B=$top/_build
mkdir -p "$B"
# The builds below are out of tree, which Automake refuses while the source
# tree itself is configured in place.  Such a tree (and its build) is left
# alone: the suite tests a copy of its tracked files, edits included.
if [ -f config.status ]; then
	rev=$(git stash create 2>/dev/null) && rev=${rev:-HEAD} || {
		echo "== $top is configured in place and is no git tree: run make distclean, or build in build/ as README.md does" >&2
		echo "0 passed, 1 failed"; exit 1; }
	echo "== the source tree is configured in place: testing a copy of its tracked files in _build/src" >&2
	rm -rf "$B/src" && mkdir -p "$B/src" && git archive "$rev" | tar -x -C "$B/src" || exit 1
	top=$B/src
	cd "$top" || exit 1
fi
[ -x configure ] && [ configure -nt configure.ac ] || ./bootstrap >/dev/null 2>&1
pass=0 fail=0 t_all=$(date +%s)

note() { printf '== %s\n' "$*" >&2; }
since() { echo "$(($(date +%s) - $1)) s"; }

# Background preparation: NAME COMMAND...: output in _build/prep-NAME.out.
# Not counted: the test that needs it retries and fails on its own.
prep_pids=
prep() {
	name=$1; shift
	( t0=$(date +%s); "$@" >"$B/prep-$name.out" 2>&1; echo "$? $(($(date +%s) - t0))" >"$B/prep-$name.rc" ) &
	eval "prep_pid_$name=$!"; prep_pids="$prep_pids $!"
}
# Wait for NAME, saying how long it ran and how long the suite waited.
await() {
	t0=$(date +%s)
	eval "wait \$prep_pid_$1"
	read -r st secs <"$B/prep-$1.rc" || st=1 secs=?
	if [ "$st" = 0 ]; then note "prep $1: ok ($secs s in the background, waited $(since "$t0"))"
	else note "prep $1: FAILED, exit $st ($secs s; see _build/prep-$1.out); the step that needs it retries"
		tail -n 5 "$B/prep-$1.out" | sed 's/^/   /' >&2; fi
}
trap 'for p in $prep_pids; do kill "$p" 2>/dev/null; done' EXIT
trap 'exit 130' INT TERM
# Add one build's Automake results (test-suite.log) to the totals.
tally() {
	log=$1/test-suite.log
	if [ ! -f "$log" ]; then
		note "$1: no test-suite.log (configure, build or a test driver failed; see $1.out)"
		tail -n 8 "$1.out" | sed 's/^/   /' >&2
		fail=$((fail + 1)); return
	fi
	set -- $(awk -v ci="${CI:-}" '
		/^# PASS:/ { p += $3 } /^# (FAIL|ERROR|XPASS):/ { f += $3 }
		/^# SKIP:/ { if (ci == "true") f += $3 }
		END { print p + 0, f + 0 }' "$log")
	pass=$((pass + $1)); fail=$((fail + $2))
	[ "$2" -eq 0 ] || grep -hE '^(not ok|ok .*# SKIP)' "$(dirname "$log")"/tests/*.log \
		"$(dirname "$log")"/tests/*/*.log 2>/dev/null | sed 's/^/   /' >&2
}
# One pass/fail step that is not an Automake test run, with its wall time.
step() {
	name=$1; shift
	t0=$(date +%s)
	if "$@" >"$B/$name.out" 2>&1; then pass=$((pass + 1)); note "$name: ok ($(($(date +%s) - t0)) s)"
	else fail=$((fail + 1)); note "$name: FAILED (see _build/$name.out)"; tail -20 "$B/$name.out" >&2; fi
}
build() { # dir, make-check-args, configure args...
	d=$B/$1 args=$2; shift 2
	rm -rf "$d"; mkdir -p "$d"
	t0=$(date +%s) p0=$pass f0=$fail
	(cd "$d" && "$top/configure" -q "$@" && make -s -j2 && make -s check $args) \
		>"$d.out" 2>&1
	tally "$d"
	note "$(basename "$d"): configure, make, make check $args: $((pass - p0)) passed, $((fail - f0)) failed ($(since "$t0"))"
}
# make check again in a configured build DIR, with TESTS: NAME'S results.
recheck() { # name, dir, tests
	t0=$(date +%s) p0=$pass f0=$fail
	(cd "$2" && make -s check TESTS="$3") >"$2-$1.out" 2>&1
	cp "$2/test-suite.log" "$2-$1.log" 2>/dev/null
	tally "$2"
	note "$1: make check TESTS='$3': $((pass - p0)) passed, $((fail - f0)) failed ($(since "$t0"))"
}

# The long waits first, in the background: the test QEMU build (tens of
# minutes cold), the kernels, tools and runtimes the VM tests boot (the
# same scripts they call; warm, each is a stat), and the arm64 chroot.
prep qemu tests/vm/build-qemu.sh
prep downloads sh -c 'tests/vm/fetch.sh && tests/vm/fetch-tools.sh &&
	tests/vm/fetch-closure.sh qemu-11.1 amd64 qemu-system-arm 11.1 usr/bin/qemu-system-aarch64 &&
	tests/vm/fetch-closure.sh perf-7.3.4 arm64 linux-perf 7.3.4 usr/bin/perf &&
	tests/vm/fetch-closure.sh qemu-11.1-arm64 arm64 qemu-system-arm 11.1 usr/bin/qemu-system-aarch64'
prep chroot "$repo/scripts/build-deb-arm64.sh" --chroot-only "$B/deb-arm64"

# The arm64 static binary first: the VM tests of the native run boot it.
step arm64-static scripts/build-arm64.sh "$B/arm64-static"
KPI_ARM64_BIN=$B/arm64-static/src/kvm-pmu-info; export KPI_ARM64_BIN

# Everything but the VM boots now; those once the test QEMU is there.
build native "VM_TESTS="
step install scripts/check-install.sh "$B/native"
step distcheck sh -c "rm -rf '$B/dist' && mkdir -p '$B/dist' && cd '$B/dist' &&
	'$top/configure' -q && make -s distcheck VM_TESTS="
step fuzz sh -c "FUZZ_BUILD='$B/fuzz' scripts/fuzz.sh 10"
step valgrind scripts/valgrind-fixtures.sh "$B/native/src/kvm-pmu-info"
step werror-gcc sh -c "rm -rf '$B/werror-gcc' && mkdir -p '$B/werror-gcc' && cd '$B/werror-gcc' &&
	'$top/configure' -q CFLAGS='-O2 -Werror' && make -s -j2"
step werror-clang sh -c "rm -rf '$B/werror-clang' && mkdir -p '$B/werror-clang' && cd '$B/werror-clang' &&
	'$top/configure' -q CC=clang CFLAGS='-O2 -Werror' && make -s -j2"
build asan "VM_TESTS=" \
	CFLAGS="-g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
S=${KPI_ARM64_SYSROOT:-$HOME/.cache/kvm-pmu-info/sysroot-arm64}
build arm64-check "VM_TESTS= PRIVILEGE_TESTS= PRELOAD_TESTS=" --host=aarch64-linux-gnu LDFLAGS=-static PKG_CONFIG=pkg-config \
	PKG_CONFIG_LIBDIR="$S/usr/lib/aarch64-linux-gnu/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$S" \
	PFM_CFLAGS="-I$S/usr/include" PFM_LIBS="-L$S/usr/lib/aarch64-linux-gnu -lpfm"
# The Debian package from the tracked files: build, lintian, and a real
# install, run and purge (scripts/check-deb.sh).
step deb-build "$repo/scripts/check-deb.sh" "$B/deb" build
step deb-lint "$repo/scripts/check-deb.sh" "$B/deb" lint
step deb-install "$repo/scripts/check-deb.sh" "$B/deb" install

# The VM tests of the native build (Makefile.am's VM_TESTS).
await qemu
await downloads
vm=$(make -s -C "$B/native" list-vm-tests 2>/dev/null | tail -n 1)
if [ -n "$vm" ]; then recheck native-vm "$B/native" "$vm"
else fail=$((fail + 1)); note "native-vm: FAILED: make list-vm-tests named no VM test (see _build/native.out)"; fi
# ... and the package cross-built for arm64 with multiarch in the chroot.
await chroot
step deb-arm64 "$repo/scripts/build-deb-arm64.sh" "$B/deb-arm64"

note "all steps: $(since "$t_all")"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
