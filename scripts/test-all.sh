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
pass=0 fail=0

note() { printf '== %s\n' "$*" >&2; }
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
	note "$(basename "$d"): configure, make, make check"
	(cd "$d" && "$top/configure" -q "$@" && make -s -j2 && make -s check $args) \
		>"$d.out" 2>&1
	tally "$d"
}

# The arm64 static binary first: the VM tests of the native run boot it.
step arm64-static scripts/build-arm64.sh "$B/arm64-static"
KPI_ARM64_BIN=$B/arm64-static/src/kvm-pmu-info; export KPI_ARM64_BIN

build native ""
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
build arm64-check "VM_TESTS= PRIVILEGE_TESTS=" --host=aarch64-linux-gnu LDFLAGS=-static PKG_CONFIG=pkg-config \
	PKG_CONFIG_LIBDIR="$S/usr/lib/aarch64-linux-gnu/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$S" \
	PFM_CFLAGS="-I$S/usr/include" PFM_LIBS="-L$S/usr/lib/aarch64-linux-gnu -lpfm"
# The Debian package from the tracked files: build, lintian, and a real
# install, run and purge (scripts/check-deb.sh).
step deb-build "$repo/scripts/check-deb.sh" "$B/deb" build
step deb-lint "$repo/scripts/check-deb.sh" "$B/deb" lint
step deb-install "$repo/scripts/check-deb.sh" "$B/deb" install
# ... and cross-built for arm64 with multiarch in a cached bookworm chroot.
step deb-arm64 "$repo/scripts/build-deb-arm64.sh" "$B/deb-arm64"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
