#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fuzz.sh [SECONDS] - build the libFuzzer targets in tests/fuzz/ with clang
# (ASan + UBSan) and run each for SECONDS (default 10) on a copy of its seed
# corpus tests/fuzz/corpus/<target>/.  Prints one line per target:
#     target executions crashes
# and exits 1 if a target crashed (the input is kept in the build dir, see
# the "artifact" line), 2 if something could not be built.
# Environment: FUZZ_BUILD (default _build/fuzz), CC (default clang),
# FUZZ_TARGETS="fuzz_cpulist ..." picks targets (default all), FUZZ_SANITIZE
# the sanitizers (default address,undefined), FUZZ_JOBS=N runs N workers per target (libFuzzer -jobs/-workers; the
# execution counts then add up the workers), FUZZ_ARGS extra libFuzzer flags.
set -u
secs=${1:-10}
top=$(cd "$(dirname "$0")/.." && pwd)
B=${FUZZ_BUILD:-$top/_build/fuzz}
case $B in /*) ;; *) B=$(pwd)/$B ;; esac
CC=${CC:-clang}
mkdir -p "$B" || exit 2
: >"$B/lib.build.log"

# config.h: what configure would say, enough for the library sources.
ver=$(sed -n 's/^AC_INIT(\[[^]]*\], \[\([^]]*\)\].*/\1/p' "$top/configure.ac")
{
	echo '#define _GNU_SOURCE 1'
	echo '#define PACKAGE_NAME "kvm-pmu-info"'
	echo "#define PACKAGE_VERSION \"${ver:-0}\""
	echo '#define PACKAGE "kvm-pmu-info"'
} >"$B/config.h"
pfm=
if printf '#include <perfmon/pfmlib.h>\nint main(void){return pfm_initialize();}\n' |
	$CC -x c - -lpfm -o "$B/pfmcheck" >/dev/null 2>&1; then
	echo '#define HAVE_LIBPFM 1' >>"$B/config.h"
	pfm=-lpfm
fi
# The library's C sources, as Makefile.am lists them (main.c is not there).
srcs=$(sed -n '/^src_libkpi_a_SOURCES *=/,/^[^	]/p' "$top/Makefile.am" |
	tr ' \t\\' '\n\n\n' | grep '^src/.*\.c$' | sed "s|^|$top/|")
json=$(pkg-config --cflags --libs json-c) || { echo "fuzz.sh: json-c not found" >&2; exit 2; }
# FUZZ_SANITIZE (default address,undefined): "undefined" alone runs the
# tree target several times faster, for long runs (docs/fuzzing.md).
CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,${FUZZ_SANITIZE:-address,undefined} -fno-sanitize-recover=all"

# The sources go into a static library, like the Automake convenience
# library, so a target pulls in only the objects it uses (and their libs).
rm -f "$B/libkpi-fuzz.a"
for s in $srcs; do
	o=$B/obj/$(basename "$s" .c).o
	mkdir -p "$B/obj"
	# shellcheck disable=SC2086
	$CC $CFLAGS -std=gnu11 -include "$B/config.h" -I"$top/src" $(pkg-config --cflags json-c) \
		-c "$s" -o "$o" >>"$B/lib.build.log" 2>&1 || { echo "fuzz.sh: cannot compile $s" >&2; exit 2; }
	ar rcs "$B/libkpi-fuzz.a" "$o"
done
# json-c's static library when there is one, so that --wrap (below) also
# reaches json-c's own allocations.
jsona=$(pkg-config --variable=libdir json-c)/libjson-c.a
[ -f "$jsona" ] && json="$(pkg-config --cflags json-c) $jsona"
libs="$json $pfm $(pkg-config --libs zlib 2>/dev/null)"

# What the targets share (not targets themselves: no fuzz_ prefix): the
# pipeline after the inventory with its output checks, and the
# allocation-failure mode with its oom() (tests/fuzz/alloc_fail.c), which
# takes the allocations through these wrappers (tests/unit/alloc_track.c,
# which test_replay uses too).
shared="$top/tests/fuzz/pipeline.c $top/tests/fuzz/alloc_fail.c $top/tests/unit/alloc_track.c"
wrap=-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free,--wrap=strdup,--wrap=strndup
wrap=$wrap,--wrap=json_tokener_parse_ex

status=0
for src in "$top"/tests/fuzz/fuzz_*.c; do
	t=$(basename "$src" .c)
	case " ${FUZZ_TARGETS:-$t} " in *" $t "*) ;; *) continue ;; esac
	# shellcheck disable=SC2086
	if ! $CC $CFLAGS -std=gnu11 -include "$B/config.h" -I"$top/src" -I"$top/tests/unit" "$src" $shared \
		"$B/libkpi-fuzz.a" $libs $wrap -o "$B/$t" >"$B/$t.build.log" 2>&1; then
		echo "$t build-failed -"
		sed 's/^/  /' "$B/$t.build.log" | tail -20 >&2
		status=2
		continue
	fi
	rm -rf "$B/$t.corpus" "$B/$t.artifacts"
	mkdir -p "$B/$t.corpus" "$B/$t.artifacts"
	[ -d "$top/tests/fuzz/corpus/$t" ] && cp "$top/tests/fuzz/corpus/$t"/* "$B/$t.corpus/" 2>/dev/null
	jobs=${FUZZ_JOBS:-1}
	par=
	[ "$jobs" -gt 1 ] && par="-jobs=$jobs -workers=$jobs"
	# shellcheck disable=SC2086
	(cd "$B" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		"./$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$B/$t.artifacts/" $par ${FUZZ_ARGS:-} "$B/$t.corpus" \
		>"$B/$t.log" 2>&1)
	rc=$?
	# With -jobs the workers log to fuzz-N.log in the build dir, and the
	# main log repeats each worker's final stats: count the workers only.
	logs=$B/$t.log
	[ "$jobs" -gt 1 ] && logs=$(ls "$B"/fuzz-*.log 2>/dev/null | tr '\n' ' ')
	[ -n "$logs" ] || logs=/dev/null
	# shellcheck disable=SC2086
	execs=$(cat $logs | awk '/stat::number_of_executed_units:/ { n += $2 } END { print n + 0 }')
	# (not find | wc -l: a failed find would count 0 crashes)
	arts=$(find "$B/$t.artifacts" -type f) || arts="find failed"
	crashes=$(printf '%s' "$arts" | grep -c .)
	[ "$jobs" -gt 1 ] && { mkdir -p "$B/$t.jobs"; mv "$B"/fuzz-*.log "$B/$t.jobs/" 2>/dev/null; }
	echo "$t $execs $crashes"
	# libFuzzer exits 0 when -max_total_time ends the run; anything else
	# (a crash, or a target that never ran an input) is a failure, also
	# when it left no artifact.
	if [ "$crashes" -gt 0 ] || [ "$rc" -ne 0 ] || [ "$execs" -eq 0 ]; then
		status=1
		echo "  $t: exit status $rc, $execs executions" >&2
		printf '%s\n' "$arts" | sed '/^$/d; s/^/  artifact: /' >&2
		grep -m3 -E 'ERROR|SUMMARY|runtime error|deadly signal' $logs | sed 's/^/  /' >&2
	fi
done
exit $status
