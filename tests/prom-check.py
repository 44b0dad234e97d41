#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Strict check of a Prometheus text exposition (format 0.0.4) as the
node_exporter textfile collector reads it.

promtool check metrics parses and lints, but accepts a family whose samples
are split by another family; the textfile collector merges files into one
exposition and needs each family in one piece.  This checker enforces:
  - "# HELP name text" and "# TYPE name type" at most once per family, both
    before the family's first sample; HELP text escapes only \\\\ and \\n;
  - every sample belongs to the family last declared, and a family never
    resumes after another one started;
  - metric and label names match the data model's regular expressions, label
    values are double-quoted with only \\\\, \\" and \\n escapes, no label
    name twice in one sample, no sample (name + label set) twice;
  - the value is a Go float; no timestamp (the textfile collector rejects
    them); the text ends with a newline and is valid UTF-8.
Usage: prom-check.py FILE   (exit 0 when valid; else one line per problem)
"""
import re
import sys

METRIC = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r"[a-zA-Z_][a-zA-Z0-9_]*"
VALUE = r'"(?:[^"\\\n]|\\[\\"n])*"'
SAMPLE = re.compile(
    r"^(?P<name>%s)(?:\{(?P<labels>(?:%s=%s(?:,%s=%s)*,?)?)\})? (?P<value>\S+)(?P<ts> \S+)?$"
    % (METRIC, LABEL, VALUE, LABEL, VALUE))
PAIR = re.compile(r"(%s)=(%s)" % (LABEL, VALUE))
HELP = re.compile(r"^# HELP (%s) ((?:[^\\\n]|\\[\\n])*)$" % METRIC)
TYPE = re.compile(r"^# TYPE (%s) (counter|gauge|histogram|summary|untyped)$" % METRIC)
FLOAT = re.compile(r"^(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|[+-]?Inf|NaN)$")


def check(text):
    errors = []
    if not text.endswith("\n"):
        errors.append("no final newline")
    helped, typed, started, sampled, seen = set(), {}, set(), set(), set()
    current = None
    for n, line in enumerate(text.split("\n")[:-1], 1):
        def bad(msg):
            errors.append("line %d: %s: %r" % (n, msg, line))

        def enter(family):
            nonlocal current
            if family != current:
                if family in started:
                    bad("family %s resumes after another family" % family)
                started.add(family)
                current = family

        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            is_help = line.startswith("# HELP ")
            m = (HELP if is_help else TYPE).match(line)
            if not m:
                bad("malformed " + line[2:6])
                continue
            name = m.group(1)
            enter(name)
            if is_help:
                if name in helped:
                    bad("second HELP for %s" % name)
                helped.add(name)
            else:
                if name in typed:
                    bad("second TYPE for %s" % name)
                if name in sampled:
                    bad("TYPE after the first sample of %s" % name)
                typed[name] = m.group(2)
            continue
        if line.startswith("#") or not line.strip():
            continue  # comments and blank lines are allowed by the format
        m = SAMPLE.match(line)
        if not m:
            bad("malformed sample")
            continue
        name = family = m.group("name")
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        if typed.get(base) in ("histogram", "summary"):
            family = base
        enter(family)
        sampled.add(family)
        labels = PAIR.findall(m.group("labels") or "")
        names = [k for k, _ in labels]
        if len(names) != len(set(names)):
            bad("label name repeated")
        key = (name, tuple(sorted(labels)))
        if key in seen:
            bad("duplicate sample")
        seen.add(key)
        if not FLOAT.match(m.group("value")):
            bad("value is not a float")
        if m.group("ts"):
            bad("timestamp (the textfile collector rejects them)")
    return errors


def main():
    if len(sys.argv) != 2:
        print("usage: prom-check.py FILE", file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1], "rb") as f:
            text = f.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        print("cannot read %s: %s" % (sys.argv[1], e))
        return 1
    errors = check(text)
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
