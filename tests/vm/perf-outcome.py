#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""usage: perf-outcome.py STATUS < OUTPUT

Classifies what a default `perf stat -- /bin/true` did, from its exit STATUS
and its output (perf stat prints everything on stderr), and prints one word:

  works       it counted and printed the TopdownL1 block: a "TopdownL1" line
              and four distinct percent-of-slots metrics (sbsa.json's
              frontend_bound, bad_speculation, retiring, backend_bound, or a
              core's own, e.g. AmpereOne's retired_fraction), at least one of
              them a measurement; status 0
  works_without_values
              the same block, but no metric measured anything: each is nan,
              0 or below 0, except that one may be exactly 100, a rest computed from
              the zeros (AmpereOne's frontend_bound is "100 -
              (retired_fraction + slots_lost_misspeculation_fraction +
              backend_bound)" in perf's ampere/ampereone/metrics.json).  Seen
              where the PMU lacks the STALL_SLOT* events (QEMU 11.1's
              neoverse-v1, perf-outputs/v1-slots8); under TCG it is also
              what a PMU with them prints, since QEMU counts them as 0 and
              implements no OP_SPEC/OP_RETIRED.  A share of slots below 0
              is no measurement either: for Neoverse N2 r0p0-r0p2 (MIDR
              0x410fd490) perf's neoverse-n2-v2/metrics.json subtracts
              CPU_CYCLES from STALL_SLOT_FRONTEND (#no_stall_errata is 0,
              tools/perf/arch/arm64/util/pmu.c), so with the stall events
              counting 0 frontend_bound is -100/#slots percent
  fails       no counter statistics at all, status non-zero, and either
              "Failure to read '#slots'" with "Fail to parse metric or group
              `Default'" (perf 7.3.4) or "Cannot find metric or group
              `Default'" alone (perf 6.12.117)
  no_metrics  it counted (a "Performance counter stats" block with a counted
              cpu-cycles line, "cycles" in 6.12) and printed no topdown
              metric of any kind and no metric failure; status 0

The rules were written from Debian's perf 7.3.4 and 6.12.117 on Linux 7.3.4
under QEMU (tests/vm/perf-outputs/, tests/perf-tables/).  perf run as a core
whose events this PMU lacks (PERF_CPUID, tests/vm/perf-table.py) says so
("Unable to find PMU or event", "No supported events found"): that is
"apart: PERF'S WORDS", exit 1, no outcome.  Output that fits none of the
rules, or more than one, is not guessed at: the script prints
"unclassified: WHY" and exits 1.
"""
import re, sys

SLOTS_FAIL = "Failure to read '#slots'"
DEFAULT_FAIL = "Fail to parse metric or group `Default'"
NO_DEFAULT = "Cannot find metric or group `Default'"
# what perf says when the core's events are not on this PMU (7.3.4, 6.12.117)
UNUSABLE = ("Unable to find PMU or event on a PMU of", "No supported events found")


def apart(status, text):
    """perf's own words when it found none of the core's events, else None."""
    lines = [l.strip() for l in text.splitlines()]
    said = [l for l in lines if l.startswith(UNUSABLE)]
    if not said:
        return None
    return f"perf cannot run as this core on this PMU (exit {status}): " + "; ".join(
        dict.fromkeys(said))


def no_value(values):
    """Every metric nan, 0 or negative (no share of slots is below 0: see
    the N2 errata term above), but for at most one exactly 100 (the rest of
    the zeros); a value perf printed that is no number counts as a value."""
    def num(v):
        try:
            return float(v)
        except ValueError:
            return None
    nums = [num(v) for v in values]
    if any(n is None for n in nums):
        return False
    zero = [n for n in nums if n != n or n <= 0]          # n != n: nan
    return len(nums) - len(zero) == 0 or (len(nums) - len(zero) == 1 and 100.0 in nums)


def classify(status, text):
    lines = [l.strip() for l in text.splitlines()]
    stats = any(l.startswith("Performance counter stats for ") for l in lines)
    cycles = any(re.match(r"^[0-9][0-9,]*\s+(cpu-)?cycles\b", l) for l in lines)
    topdown = [l for l in lines if re.match(r"^TopdownL1\s+#", l)]
    values = {m.group(2): m.group(1) for l in lines
              for m in [re.search(r"#\s+(\S+) percent of slots\s+(\w+)", l)] if m}
    metrics = set(values)
    slots_fail, default_fail = SLOTS_FAIL in lines, DEFAULT_FAIL in lines
    no_default = NO_DEFAULT in lines
    any_topdown = "TopdownL1" in text or "percent of slots" in text or "Topdown" in text
    if apart(status, text):
        return "apart", apart(status, text)
    # TopdownL1's four metrics, or fewer: when its groups outnumber the
    # counters perf multiplexes them, and in a run as short as /bin/true a
    # group that was never scheduled leaves its metric out (seen in the rig:
    # perf 6.12 as Neoverse N2, 11 events on 7 counters, printed
    # bad_speculation, frontend_bound and retiring only).
    if status == 0 and stats and cycles and len(topdown) == 1 and 1 <= len(metrics) <= 4 \
            and not slots_fail and not default_fail and not no_default:
        return ("works_without_values" if no_value(values.values()) else "works"), None
    if status != 0 and not stats and not cycles and not any_topdown and \
            ((slots_fail and default_fail and not no_default) or
             (no_default and not slots_fail and not default_fail)):
        return "fails", None
    if status == 0 and stats and cycles and not any_topdown and not slots_fail \
            and not default_fail and not no_default and "Fail" not in text:
        return "no_metrics", None
    return None, (f"status {status}, counter stats {stats}, counted cpu-cycles {cycles}, "
                  f"TopdownL1 lines {len(topdown)}, metrics {sorted(metrics)}, "
                  f"'#slots' failure {slots_fail}, Default failure {default_fail}")


def main():
    if len(sys.argv) != 2 or not sys.argv[1].lstrip("-").isdigit():
        sys.exit(__doc__.splitlines()[0])
    outcome, why = classify(int(sys.argv[1]), sys.stdin.read())
    if outcome == "apart":
        print(f"apart: {why}")
        sys.exit(1)
    if outcome is None:
        print(f"unclassified: {why}")
        sys.exit(1)
    print(outcome)


if __name__ == "__main__":
    main()
