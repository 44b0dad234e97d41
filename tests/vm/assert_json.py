#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""usage: assert_json.py EXPECTATION... < doc.json

Checks a kvm-pmu-info JSON document; exits 0 when every EXPECTATION holds,
else 1 with one "# ..." line per failure on stdout (TAP diagnostics).

EXPECTATION is PATH=VALUE, PATH? (exists) or PATH! (does not exist).
PATH is dot-separated keys; a list step is [N] (index) or [KEY=VALUE] (the
first element whose KEY equals VALUE).  VALUE is JSON (8, true, null, "0x8");
anything that is not valid JSON is taken as a string, so 0x8 means "0x8".
  pmus[core=true].caps.slots=8   pmus[core=true].guest.strict.status=ok
  kvm.capabilities.arm_pmu_v3_strict=false   pmus[core=true]!
"""
import json, re, sys

MISSING = object()
STEP = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")


def literal(text):
    try:
        return json.loads(text)
    except ValueError:
        return text


def lookup(doc, path):
    cur = doc
    for key, sel in STEP.findall(path):
        if key:
            cur = cur.get(key, MISSING) if isinstance(cur, dict) else MISSING
        elif not isinstance(cur, list):
            cur = MISSING
        elif sel.isdigit():
            cur = cur[int(sel)] if int(sel) < len(cur) else MISSING
        else:
            k, _, v = sel.partition("=")
            cur = next((e for e in cur if isinstance(e, dict) and e.get(k, MISSING) == literal(v)),
                       MISSING)
        if cur is MISSING:
            return MISSING
    return cur


def check(doc, exp):
    """None when EXP holds, else a one-line reason."""
    if exp.endswith("?") or exp.endswith("!"):
        got = lookup(doc, exp[:-1])
        if (got is MISSING) == exp.endswith("?"):
            return f"{exp[:-1]} is {'missing' if got is MISSING else json.dumps(got)}"
        return None
    depth = 0
    for i, c in enumerate(exp):     # the first "=" outside a [KEY=VALUE] step
        depth += (c == "[") - (c == "]")
        if c == "=" and depth == 0:
            break
    else:
        return f"{exp}: not PATH=VALUE, PATH? or PATH!"
    path, want = exp[:i], exp[i + 1:]
    got = lookup(doc, path)
    if got is MISSING:
        return f"{path} is missing"
    if got != literal(want) or type(got) is not type(literal(want)):   # 1 != true
        return f"{path} is {json.dumps(got)}, expected {json.dumps(literal(want))}"
    return None


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.splitlines()[0])
    try:
        doc = json.load(sys.stdin)
    except ValueError as e:
        print(f"# stdin is not JSON: {e}")
        return 1
    failures = [r for r in (check(doc, e) for e in sys.argv[1:]) if r]
    for r in failures:
        print(f"# {r}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
