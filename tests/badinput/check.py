#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""check.py OUTDIR [SCHEMA] - judge the tool's runs on the bad-input corpus.

tests/badinput.test built the cases with make-cases.sh and ran the tool on
each, leaving NAME.{json,text}.{out,err,rc} beside NAME.expect.  This prints
one TAP line per assertion (numbered from 1) and the plan last; the exit
status is 0 whatever the results (the TAP driver counts them).
"""
import json
import os
import sys

OUT = sys.argv[1]
SCHEMA = sys.argv[2] if len(sys.argv) > 2 else ""
n = 0


def tap(ok, desc, diag=None):
    global n
    n += 1
    print(("ok" if ok else "not ok") + " %d - %s" % (n, desc))
    if not ok and diag:
        for line in str(diag).splitlines()[:8]:
            print("#   " + line)


def sanitize(raw):
    """The tool's utf8_sanitize(): each byte of an invalid UTF-8 sequence
    becomes U+FFFD (per byte, unlike Python's 'replace')."""
    out, i = [], 0
    while i < len(raw):
        for k in (1, 2, 3, 4):
            try:
                out.append(raw[i:i + k].decode("utf-8", "strict"))
                i += k
                break
            except UnicodeDecodeError:
                continue
        else:
            out.append("\ufffd")
            i += 1
    return "".join(out)


def printable(s):
    """What the text renderer shows for S: control characters as '?'."""
    return "".join("?" if is_control(c) else c for c in s)


def is_control(c):
    """C0, DEL and C1 (U+0080-U+009F: U+009B is CSI on some terminals)."""
    return ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f


def clean_bytes(b):
    """Valid UTF-8 with no control character but newline; else why not."""
    try:
        s = b.decode("utf-8", "strict")
    except UnicodeDecodeError as e:
        return "invalid UTF-8: %s" % e
    for i, c in enumerate(s):
        if c != "\n" and is_control(c):
            return "control character U+%04X at offset %d: %r" % (ord(c), i, s[max(0, i - 40):i + 20])
    return None


def read(path, mode="rb"):
    try:
        with open(path, mode) as f:
            return f.read()
    except OSError:
        return b"" if "b" in mode else ""


def lookup(doc, who, key):
    if who == "-":
        obj = doc["host"]
    else:
        name = sanitize(bytes.fromhex(who))
        obj = next(p for p in doc["pmus"] if p["name"] == name)
    for k in key.split("."):
        obj = obj[int(k)] if isinstance(obj, list) else obj[k]
    return obj


def crash_text(err):
    for marker in (b"AddressSanitizer", b"LeakSanitizer", b"runtime error:",
                   b"UndefinedBehaviorSanitizer", b"Segmentation fault"):
        if marker in err:
            return err.decode("utf-8", "replace")[-800:]
    return None


validator = None
if SCHEMA and os.path.exists(SCHEMA):
    try:
        import jsonschema
    except ImportError:
        # A TAP SKIP, not a crash: CI counts a skip as a failure.
        n += 1
        print("ok %d - the outputs match the schema # SKIP /usr/bin/python3 lacks "
              "jsonschema (scripts/deps.sh --test installs python3-jsonschema)" % n)
    else:
        with open(SCHEMA) as f:
            schema = json.load(f)
        validator = jsonschema.validators.validator_for(schema)(schema)

cases = [c for c in read(os.path.join(OUT, "CASES"), "r").split("\n") if c]
expects = sorted(f[:-7] for f in os.listdir(OUT) if f.endswith(".expect"))
tap(len(cases) > 0 and sorted(cases) == expects,
    "every case make-cases.sh built is run (%d cases, %d .expect files)" % (len(cases), len(expects)))
for case in cases:
    base = os.path.join(OUT, case)
    exp_exit, exp_paths, exp_none, checks = 0, [], False, []
    for line in read(base + ".expect", "r").splitlines():
        f = line.split(" ", 3)
        if f[0] == "exit":
            exp_exit = int(f[1])
        elif f[0] == "problem":
            exp_paths.append(bytes.fromhex(f[1]))
        elif f[0] == "none":
            exp_none = True
        else:
            checks.append(f)

    runs = {}
    for mode in ("json", "text"):
        out = read("%s.%s.out" % (base, mode))
        err = read("%s.%s.err" % (base, mode))
        try:
            rc = int(read("%s.%s.rc" % (base, mode), "r").strip())
        except ValueError:
            rc = -1
        runs[mode] = (out, err, rc)
        pre = "%s: %s:" % (case, mode)
        tap(rc != 124, "%s finishes within 10 s" % pre)
        crash = crash_text(err)
        tap(rc < 128 and rc >= 0 and not crash,
            "%s no crash (exit status %d)" % (pre, rc), crash)
        tap(rc == exp_exit, "%s exit status %d" % (pre, exp_exit),
            "got %d; stderr: %s" % (rc, err.decode("utf-8", "replace")[-400:]))

    out, err, rc = runs["json"]
    if exp_exit != 0:
        for mode in ("json", "text"):
            o, e, _ = runs[mode]
            tap(o == b"", "%s: %s: nothing on stdout" % (case, mode), o[:200])
            tap(e.count(b"\n") == 1 and e.endswith(b"\n"),
                "%s: %s: one line on stderr" % (case, mode), e[:400])
        continue

    pre = "%s: json:" % case
    why = clean_bytes(out)
    try:
        out.decode("utf-8", "strict")
        tap(True, "%s output is valid UTF-8" % pre)
    except UnicodeDecodeError as e:
        tap(False, "%s output is valid UTF-8" % pre, e)
    doc = None
    try:
        doc = json.loads(out.decode("utf-8", "replace"), strict=True)
        tap(isinstance(doc, dict), "%s output is valid JSON (strict)" % pre)
    except ValueError as e:
        tap(False, "%s output is valid JSON (strict)" % pre, e)
    if validator is not None:
        errs = [] if doc is None else sorted(validator.iter_errors(doc), key=str)
        tap(doc is not None and not errs, "%s output matches the schema" % pre,
            "\n".join(e.message for e in errs[:3]))
    problems = []
    if isinstance(doc, dict) and isinstance(doc.get("problems"), list):
        problems = doc["problems"]
    ppaths = [p.get("path", "") if isinstance(p, dict) else "" for p in problems]
    for raw in exp_paths:
        want = sanitize(raw)
        hit = any(p == want or p.startswith(want + "/") for p in ppaths)
        tap(hit, "%s problems name %s" % (pre, printable(want)),
            "problems: %s" % json.dumps(problems, ensure_ascii=True)[:600])
    if exp_none:
        tap(not problems, "%s no problem reported" % pre,
            json.dumps(problems, ensure_ascii=True)[:600])
    for c in checks:
        kind, who, key = c[0], c[1], c[2]
        label = "host" if who == "-" else printable(sanitize(bytes.fromhex(who)))
        try:
            got = lookup(doc, who, key)
            found = True
        except (KeyError, IndexError, StopIteration, TypeError, ValueError):
            got, found = None, False
        if kind == "null":
            tap(found and got is None, "%s %s %s is null" % (pre, label, key),
                "got %r" % (got,) if found else "field not found")
        else:
            want = json.loads(c[3])
            tap(found and got == want and type(got) is type(want),
                "%s %s %s is %s" % (pre, label, key, c[3]),
                "got %r" % (got,) if found else "field not found")

    # stderr: exactly one line per problem, each naming its file.
    lines = err.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    tap(len(lines) == len(problems),
        "%s stderr has one line per problem (%d)" % (pre, len(problems)),
        "%d lines:\n%s" % (len(lines), err.decode("utf-8", "replace")[:600]))
    named = len(lines) >= len(problems)
    for i, p in enumerate(ppaths):
        if not named:
            break
        line = sanitize(lines[i])
        named = p in line or printable(p) in line
    tap(named, "%s each stderr line names its problem's file" % pre,
        err.decode("utf-8", "replace")[:600])
    why = clean_bytes(err)
    tap(why is None, "%s stderr is valid UTF-8 without control characters" % pre, why)

    tout, terr, _ = runs["text"]
    pre = "%s: text:" % case
    why = clean_bytes(tout)
    tap(why is None, "%s output is valid UTF-8 without control characters" % pre, why)
    tap(terr == err, "%s stderr is the same as with -j" % pre,
        terr.decode("utf-8", "replace")[:400])

# Hostile archives for --replay (make-archives.py): each run (-j, text,
# --check) exits 1 with nothing on stdout and one clean stderr line that
# names the archive and says what is wrong.
arch = os.path.join(OUT, "archives")
alist = os.path.join(arch, "ARCHIVES")
alines = open(alist).read().splitlines() if os.path.exists(alist) else []
built = sorted(f[:-7] for f in os.listdir(arch) if f.endswith(".tar.gz")) if os.path.isdir(arch) else []
# ARCHIVES (refused) and VALID (replayed) list them; 'missing' is not built.
vfile = os.path.join(arch, "VALID")
listed = set(l.split("\t", 1)[0] for l in alines)
listed |= set(l.split("\t", 1)[0] for l in open(vfile).read().splitlines()) \
    if os.path.exists(vfile) else set()
tap(len(alines) > 0 and set(built) <= listed,
    "every hostile archive make-archives.py built is run (%d listed, %d built)"
    % (len(listed), len(built)), "not listed: %s" % sorted(set(built) - listed))
for line in alines:
    case, text = line.split("\t", 1)
    path = os.path.join(arch, case + ".tar.gz")
    for mode in ("json", "text", "check"):
        pre = "archive %s: %s:" % (case, mode)
        base = os.path.join(arch, "%s.%s" % (case, mode))
        rc = read(base + ".rc", "r").strip()
        out, err = read(base + ".out"), read(base + ".err")
        if crash_text(err) or rc in ("124", "137") or int(rc) >= 128:
            tap(False, "%s no crash or hang" % pre, "exit %s\n%s" % (rc, err[:400]))
            continue
        tap(rc == "1" and out == b"", "%s exit 1, nothing on stdout" % pre,
            "exit %s, %d bytes on stdout" % (rc, len(out)))
        want = "kvm-pmu-info: cannot replay %s: " % path
        e = err.decode("utf-8", "replace")
        tap(e.count("\n") == 1 and e.startswith(want) and text in e and
            clean_bytes(err) is None, "%s one clean line: ...%s" % (pre, text), e[:400])

# Hostile archives the tool must replay (make-archives.py's VALID): exit 0
# with -v; JSON strict, in the schema; text and stderr (the archive's
# ioctl trail) valid UTF-8 without control characters.
vlist = os.path.join(arch, "VALID")
for vline in (open(vlist).read().splitlines() if os.path.exists(vlist) else []):
    case, want = (vline.split("\t", 1) + [""])[:2]
    for mode in ("json", "text"):
        pre = "replayed archive %s: %s -v:" % (case, mode)
        base = os.path.join(arch, "%s.valid-%s" % (case, mode))
        rc = read(base + ".rc", "r").strip()
        out, err = read(base + ".out"), read(base + ".err")
        tap(rc == "0" and not crash_text(err), "%s exit 0, no crash" % pre,
            "exit %s\n%s" % (rc, err[:400]))
        why = clean_bytes(err)
        tap(why is None, "%s stderr is valid UTF-8 without control characters" % pre, why)
        if want:
            e = err.decode("utf-8", "replace")
            tap(want in e, "%s a stderr line says: ...%s" % (pre, want),
                e[:400])
        if mode == "text":
            why = clean_bytes(out)
            tap(why is None, "%s output is valid UTF-8 without control characters" % pre, why)
            continue
        try:
            doc = json.loads(out.decode("utf-8", "strict"), strict=True)
            tap(isinstance(doc, dict), "%s output is valid JSON (strict)" % pre)
        except ValueError as e:
            doc = None
            tap(False, "%s output is valid JSON (strict)" % pre, e)
        if validator is not None:
            errs = [] if doc is None else sorted(validator.iter_errors(doc), key=str)
            tap(doc is not None and not errs, "%s output matches the schema" % pre,
                "\n".join(e.message for e in errs[:3]))

print("1..%d" % n)
