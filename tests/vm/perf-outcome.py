#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""usage: perf-outcome.py STATUS < OUTPUT

Classifies what a default `perf stat -- /bin/true` did, from its exit STATUS
and its output (perf stat prints everything on stderr), and prints one word:

  works       it counted and printed the TopdownL1 block: a "TopdownL1" line
              and the four percent-of-slots metrics frontend_bound,
              bad_speculation, retiring and backend_bound; status 0
  fails       "Failure to read '#slots'" and "Fail to parse metric or group
              `Default'", no counter statistics at all; status non-zero
  no_metrics  it counted (a "Performance counter stats" block with a counted
              cpu-cycles line) and printed no topdown metric of any kind and
              no metric failure; status 0

The rules were written from Debian's perf 7.3.4 on Linux 7.3.4 under QEMU
(tests/vm/perf-outputs/).  Output that fits none of them, or more than one,
is not guessed at: the script prints "unclassified: WHY" and exits 1.
"""
import re, sys

METRICS = ("frontend_bound", "bad_speculation", "retiring", "backend_bound")
SLOTS_FAIL = "Failure to read '#slots'"
DEFAULT_FAIL = "Fail to parse metric or group `Default'"


def classify(status, text):
    lines = [l.strip() for l in text.splitlines()]
    stats = any(l.startswith("Performance counter stats for ") for l in lines)
    cycles = any(re.match(r"^[0-9][0-9,]*\s+cpu-cycles\b", l) for l in lines)
    topdown = [l for l in lines if re.match(r"^TopdownL1\s+#", l)]
    metrics = {m for m in METRICS for l in lines
               if re.search(r"#\s+\S+ percent of slots\s+" + m + r"\b", l)}
    slots_fail, default_fail = SLOTS_FAIL in lines, DEFAULT_FAIL in lines
    any_topdown = "TopdownL1" in text or "percent of slots" in text or "Topdown" in text
    if status == 0 and stats and cycles and len(topdown) == 1 and metrics == set(METRICS) \
            and not slots_fail and not default_fail:
        return "works", None
    if status != 0 and slots_fail and default_fail and not stats and not cycles \
            and not any_topdown:
        return "fails", None
    if status == 0 and stats and cycles and not any_topdown and not slots_fail \
            and not default_fail and "Fail" not in text:
        return "no_metrics", None
    return None, (f"status {status}, counter stats {stats}, counted cpu-cycles {cycles}, "
                  f"TopdownL1 lines {len(topdown)}, metrics {sorted(metrics)}, "
                  f"'#slots' failure {slots_fail}, Default failure {default_fail}")


def main():
    if len(sys.argv) != 2 or not sys.argv[1].lstrip("-").isdigit():
        sys.exit(__doc__.splitlines()[0])
    outcome, why = classify(int(sys.argv[1]), sys.stdin.read())
    if outcome is None:
        print(f"unclassified: {why}")
        sys.exit(1)
    print(outcome)


if __name__ == "__main__":
    main()
