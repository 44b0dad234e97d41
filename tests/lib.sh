# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers of the shell tests (POSIX sh), sourced as
#   . "$srcdir/tests/lib.sh"
# before a test changes directory ($srcdir may be relative).  In the manner
# of util-linux's tests/functions.sh: one place for the TAP output, the tool
# runner, the temporary directory and the golden-file compare, so that a
# failing compare shows its diff in the log.
#
#   t STATUS DESCRIPTION [DIAGNOSTICS]  one TAP line: "ok N" when STATUS is
#                                  0, else "not ok N" followed by
#                                  DIAGNOSTICS as "# " lines; sets fail=1
#   skip DESCRIPTION REASON        "ok N - DESCRIPTION # SKIP REASON"
#   diag TEXT                      TEXT as "# " lines, at most $diag_max
#   kpi ARGS...                    the tool under test ($KPI, through
#                                  $TEST_WRAPPER, e.g. qemu-user), under
#                                  `timeout $KPI_RUN_TIMEOUT` (60 s): a run
#                                  that hangs exits 124, prints a "# TIMEOUT"
#                                  line naming its arguments, and plan adds
#                                  a failing "no tool run timed out"
#   same_text GOT WANT DESCRIPTION t, with `diff -u WANT GOT` as diagnostics
#   golden GOT WANT DESCRIPTION    same_text against a golden file; with
#                                  KPI_REGEN set, tests/regen-accept.sh
#                                  prints the diff and replaces WANT only
#                                  when WANT's README.md records why
#   all_fixtures COUNT WHAT         a loop over tests/fixtures/*/ ran COUNT
#                                  times: ok only when COUNT is above 0 and
#                                  equals the number of fixture directories
#                                  (a loop that skipped or found nothing fails)
#   valid FILE DESCRIPTION [SCHEMA] queue FILE (a copy) for validation
#                                  against schema/SCHEMA.schema.json
#                                  (kvm-pmu-info, or probe-record)
#   valid_check                    one TAP line per queued file, from one
#                                  /usr/bin/python3 run (tests/json-valid.py);
#                                  each a SKIP naming the reason when
#                                  python3-jsonschema is missing
#   t_from FILE                    t for each line "STATUS<TAB>DESCRIPTION<TAB>
#                                  DIAGNOSTICS" of FILE: what a helper in
#                                  another language found (\037 in
#                                  DIAGNOSTICS stands for a newline)
#   retime IN OUT VALUE [REASON]   the capture archive IN as OUT with
#                                  probe.json's kvm.probe_time_us set to
#                                  the JSON VALUE (and its reason), to test
#                                  how a recorded probe duration replays
#   plan                           the closing "1..N" (after a "not ok"
#                                  line when a tool run timed out)
#
# $tmp is a fresh temporary directory, removed on exit even when a test left
# mode-000 files in it; a signal ends the test with status 1.
: "${srcdir:=.}"
n=0 fail=0 diag_max=40 valid_n=0

# The source tree as an absolute path, for helpers run after a cd.
top_srcdir=$(cd "$srcdir" && pwd) || exit 1
tmp=$(mktemp -d) || exit 1
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT PIPE TERM
# The TAP stream, for the line of a tool run that timed out while its
# caller had redirected stdout.
exec 3>&1

diag() {
	printf '%s\n' "$1" | awk -v max="$diag_max" 'NR <= max { print "# " $0 }
		END { if (NR > max) print "# ... and " NR - max " more lines" }'
}

t() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; return 0; fi
	echo "not ok $n - $2"
	fail=1
	[ -z "${3:-}" ] || diag "$3"
	return 1
}

skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

kpi() {
	if [ -n "${fdcheck_lib:-}" ]; then
		echo "kvm-pmu-info $*" >>"$tmp/.fdruns"
		timeout -k 5 "${KPI_RUN_TIMEOUT:-60}" env LD_PRELOAD="$fdcheck_lib" \
			KPI_FDCHECK_LOG="$tmp/.fdcheck" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
			"${KPI:?KPI must name the kvm-pmu-info binary}" "$@"
	else
		timeout -k 5 "${KPI_RUN_TIMEOUT:-60}" \
			$TEST_WRAPPER "${KPI:?KPI must name the kvm-pmu-info binary}" "$@"
	fi
	set -- $? "$@"
	# a run that died of a signal (or timed out) never reached the check
	[ -z "${fdcheck_lib:-}" ] || [ "$1" -lt 124 ] || echo "$1" >>"$tmp/.fdsig"
	case $1 in 124|137) ;; *) return "$1";; esac
	shift
	echo "kvm-pmu-info $*: timed out after ${KPI_RUN_TIMEOUT:-60} s" >>"$tmp/.timeouts"
	echo "# TIMEOUT: kvm-pmu-info $*: no exit within ${KPI_RUN_TIMEOUT:-60} s (KPI_RUN_TIMEOUT)" >&3
	return 124
}

same_text() {
	if cmp -s "$1" "$2"; then t 0 "$3"; return; fi
	t 1 "$3" "$(diff -u --label "$2" --label "$1" "$2" "$1" 2>&1)"
}

golden() {
	[ -n "${KPI_REGEN:-}" ] || { same_text "$@"; return; }
	regen=$(sh "$top_srcdir/tests/regen-accept.sh" "$1" "$2" "$(dirname "$2")/README.md" 2>&1)
	# the whole diff, accepted or refused, not $diag_max lines of it
	if [ $? != 0 ]; then
		t 1 "$3 (KPI_REGEN refused)"; printf '%s\n' "$regen" | sed 's/^/# /'; return 1
	fi
	same_text "$@" && { [ -z "$regen" ] || printf '%s\n' "$regen" | sed 's/^/# /'; }
}

all_fixtures() {
	set -- "$1" "$2" "$(find "$top_srcdir/tests/fixtures" -mindepth 1 -maxdepth 1 -type d | wc -l)"
	t $([ "$1" -gt 0 ] && [ "$1" -eq "$3" ]; echo $?) "$2: $1 of $3 fixture directories"
}

valid() {
	mkdir -p "$tmp/.valid.d"
	valid_n=$((valid_n + 1))
	set -- "$1" "$2" "${3:-kvm-pmu-info}" "$tmp/.valid.d/$valid_n.json"
	cp "$1" "$4" 2>/dev/null || : >"$4"
	printf '%s\t%s\t%s\n' "$3" "$4" "$2" >>"$tmp/.valid"
}

valid_check() {
	[ -s "$tmp/.valid" ] || { t 1 "valid_check: no file was queued for the schema"; return; }
	/usr/bin/python3 "$top_srcdir/tests/json-valid.py" "$top_srcdir/schema" \
		<"$tmp/.valid" >"$tmp/.valid.out" 2>&1
	vst=$?
	if [ $vst = 3 ]; then
		while IFS="$(printf '\t')" read -r _ _ what; do
			skip "$what" "$(cat "$tmp/.valid.out")"
		done <"$tmp/.valid"
	elif [ $vst != 0 ] || [ "$(wc -l <"$tmp/.valid.out")" != "$(wc -l <"$tmp/.valid")" ]; then
		t 1 "tests/json-valid.py answers for every queued file (exit $vst)" "$(tail -n 5 "$tmp/.valid.out")"
	else
		t_from "$tmp/.valid.out"
	fi
	rm -f "$tmp/.valid"
}

t_from() {
	while IFS="$(printf '\t')" read -r st what why; do
		t "$st" "$what" "$(printf '%s' "$why" | tr '\037' '\n')"
	done <"$1"
}

# fdcheck_on: from here on, each kpi run is checked for descriptors left
# open at exit (tests/fdcheck/fdcheck.c, built by make check); plan then
# adds one line for all of them.  Under TEST_WRAPPER (the static arm64
# build under qemu-user) there is no such line, not a skip: a static tool
# ignores LD_PRELOAD, and the same fixtures and replays are checked in the
# native and sanitizer builds of the same tree.
fdcheck_on() {
	if [ -n "${TEST_WRAPPER:-}" ]; then
		return 0
	elif [ ! -f "${KPI_FDCHECK:-}" ]; then
		t 1 "descriptor check at exit: the preload library is built" "KPI_FDCHECK='${KPI_FDCHECK:-}' is no file (make check builds tests/fdcheck/fdcheck.so)"
	else
		fdcheck_lib=$KPI_FDCHECK
	fi
}

fdcheck_plan() {
	[ -n "${fdcheck_lib:-}" ] || return 0
	runs=$(cat "$tmp/.fdruns" 2>/dev/null | wc -l)
	done_=$(cat "$tmp/.fdcheck" 2>/dev/null | wc -l)
	died=$(cat "$tmp/.fdsig" 2>/dev/null | wc -l)
	leaks=$(grep -v '^ok$' "$tmp/.fdcheck" 2>/dev/null)
	[ -z "$leaks" ] && [ "$runs" -gt 0 ] && [ "$((done_ + died))" -ge "$runs" ]
	t $? "no tool run left a descriptor open at exit ($runs runs, $done_ checked)" \
		"$leaks$([ "$((done_ + died))" -ge "$runs" ] || echo "
only $done_ of $runs runs reported: is the tool static, or did it die?")"
}

plan() {
	fdcheck_plan
	[ ! -s "$tmp/.timeouts" ] || t 1 "no tool run timed out" "$(cat "$tmp/.timeouts")"
	echo "1..$n"
}

retime() {
	/usr/bin/python3 -c 'import gzip, io, json, sys, tarfile
src = tarfile.open(sys.argv[1])
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as out:
    for m in src.getmembers():
        data = src.extractfile(m) if m.isfile() else None
        if m.name == "probe.json":
            d = json.load(data)
            d["kvm"]["probe_time_us"] = json.loads(sys.argv[3])
            if len(sys.argv) > 4:
                d["kvm"]["reasons"]["probe_time_us"] = sys.argv[4]
            b = json.dumps(d).encode()
            m.size, data = len(b), io.BytesIO(b)
        out.addfile(m, data)
open(sys.argv[2], "wb").write(gzip.compress(buf.getvalue()))' "$@"
}
