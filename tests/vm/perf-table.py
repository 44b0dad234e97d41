#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""usage: tests/vm/perf-table.py [--write | --check] [--raw DIR | --from-raw DIR]

What Debian's perf itself does as every core it knows: for each perf in
PERFS, every MIDR string in its binary (its mapfile.csv rows, and the few
MIDRs its own tests use) and the cores it lacks (EXTRA), it runs
`PERF_CPUID=MIDR perf stat -- /bin/true` in the VM rig, in ONE boot per
SLOTS value (caps/slots 0 and 8) holding every perf (tests/vm/run-tool
--with-perf=7.3.4,6.12, tests/vm/perf-cpuid.sh), and classifies each run
with tests/vm/perf-outcome.py: works, works_without_values (the rig's
QEMU 11.1 neoverse-v1 has no STALL_SLOT* events), fails, no_metrics; a run where the
override itself cannot work (perf finds none of the core's events on
QEMU's PMU) is "apart", with perf's own words as the reason.

Prints the tables.  --write stores them as tests/perf-tables/perf-VERSION.tsv
(the input of tests/perf-table.test, which compares the tool's prediction
for every row); --check exits 1 when the live tables differ from the stored
ones (tests/vm/perf-cpuid.test).  --raw DIR keeps each boot's output as
DIR/slotsN.out (and boots only for the files not there yet); --from-raw
DIR classifies such a DIR without booting.
Refreshing the tables for a new perf: add it to PERFS (and run-tool's),
then run `tests/vm/perf-table.py --write` and review the diff.
"""
import argparse, difflib, importlib.machinery, json, os, re, subprocess, sys, tempfile, time

sys.dont_write_bytecode = True      # no __pycache__ beside the loaded classifier

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
CACHE = os.environ.get("KPI_VM_CACHE") or os.path.expanduser("~/.cache/kvm-pmu-info/vm")
TABLES = os.path.join(TOP, "tests", "perf-tables")
# perf version -> its closure in the cache (tests/vm/fetch-closure.sh, run-tool)
PERFS = {"7.3.4": "perf-7.3.4", "6.12": "perf-6.12"}
SLOTS = (0, 8)
# The rig's machine: QEMU 11.1's Neoverse V1 model, PMMIR_EL1 patched to
# SLOTS N (run-tool --slots); "-" below runs perf as that CPU itself.
MACHINE = ["--qemu", "11.1", "--cpu", "neoverse-v1"]
# Cores perf lacks or matches through variant/revision masking, each with
# its source (arch/arm64/include/asm/cputype.h; Arm telemetry-solution
# data/pmu/cpu/lumex/*.json part_num; QEMU's own MIDRs).
EXTRA = [
    (0x410fd840, "Neoverse V3 (cputype.h ARM_CPU_PART_NEOVERSE_V3 0xD84)"),
    (0x410fd810, "Cortex-A720 (cputype.h ARM_CPU_PART_CORTEX_A720 0xD81)"),
    (0x6d0fd490, "Microsoft Cobalt 100 (cputype.h 0x6D/0xD49, r0p0 of Neoverse N2)"),
    (0x410fd8c0, "C1-Ultra (telemetry-solution part_num 0xd8c)"),
    (0x410fd900, "C1-Premium (cputype.h ARM_CPU_PART_C1_PREMIUM 0xD90)"),
    (0x410fd8b0, "C1-Pro (telemetry-solution part_num 0xd8b)"),
    (0x410fd8a0, "C1-Nano (telemetry-solution part_num 0xd8a)"),
    (0x411fd4f1, "Neoverse V2 r1p1: variant and revision masked"),
    (0x413fd0c1, "Neoverse N1 r3p1: variant and revision masked"),
    (0x411fd402, "Neoverse V1 r1p2, QEMU's neoverse-v1"),
    (0x410fd493, "Neoverse N2 r0p3, QEMU's neoverse-n2"),
    (0x000f0510, "QEMU's max (implementer 0)"),
]


def load_classifier():
    return importlib.machinery.SourceFileLoader(
        "perf_outcome", os.path.join(HERE, "perf-outcome.py")).load_module()


def binary_midrs(version):
    """The MIDR strings perf VERSION carries, in the binary's order."""
    path = os.path.join(CACHE, PERFS[version], "root", "usr/bin/perf")
    with open(path, "rb") as f:
        data = f.read()
    seen = []
    for m in re.finditer(rb"\x000x00000000([0-9a-f]{8})\x00", data):
        v = int(m.group(1), 16)
        if v not in seen:
            seen.append(v)
    return seen


def package_version(version):
    with open(os.path.join(CACHE, PERFS[version], "root", ".packages")) as f:
        for line in f:
            if line.startswith("linux-perf:"):
                return line.split()[1]
    return "?"


def rows(version):
    """(MIDR or None for the CPU itself, source) in table order: this perf's
    MIDR strings, then every other perf's, then EXTRA."""
    out = [(m, "binary") for m in binary_midrs(version)]
    have = {m for m, _ in out}
    for v in PERFS:
        out += [(m, f"perf {v}'s binary") for m in binary_midrs(v) if m not in have]
        have |= {m for m, _ in out}
    out += [(m, "extra: " + why) for m, why in EXTRA if m not in have]
    return out + [(None, "the rig's CPU itself, no PERF_CPUID")]


def cpuid(m):
    return "-" if m is None else f"0x{m:016x}"


def mux_rows(version, rs):
    """The rows whose TopdownL1 perf -v counts (perf stat -v -M TopdownL1):
    those the stored table says work at SLOTS 8, else every row."""
    path = os.path.join(TABLES, f"perf-{version}.tsv")
    if not os.path.exists(path):
        return [m for m, _ in rs if m is not None]
    works = {l.split("\t")[0] for l in open(path)
             if l.split("\t")[2:3] in (["works"], ["works_without_values"])}
    return [m for m, _ in rs if m is not None and f"0x{m:08x}" in works]


def boot(slots, lists, raw):
    with tempfile.TemporaryDirectory() as tmp:
        lst = os.path.join(tmp, "perf-cpuid.list")
        with open(lst, "w") as f:
            for v, rs in lists.items():
                for m, _ in rs:
                    f.write(f"{v} {cpuid(m)}\n")
        mux = os.path.join(tmp, "perf-mux.list")
        with open(mux, "w") as f:
            for v, rs in lists.items():
                for m in (mux_rows(v, rs) if slots else []):
                    f.write(f"{v} {cpuid(m)}\n")
        res = os.path.join(tmp, "res")
        t0 = time.monotonic()
        p = subprocess.run([os.path.join(HERE, "run-tool"), *MACHINE, "--slots", str(slots),
                            "--with-perf=" + ",".join(lists), "--timeout", "1200",
                            "--script", os.path.join(HERE, "perf-cpuid.sh"), "--add", lst,
                            "--add", mux, "--results", res, "--"],
                           stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            sys.exit(f"perf-table: the SLOTS {slots} boot failed: {p.stderr.strip()}")
        print(f"# SLOTS {slots}: boot and {sum(len(r) for r in lists.values())} perf runs "
              f"in {time.monotonic() - t0:.0f} s", file=sys.stderr)
        with open(os.path.join(res, "1.stdout")) as f:
            text = f.read()
    if raw:
        os.makedirs(raw, exist_ok=True)
        with open(os.path.join(raw, f"slots{slots}.out"), "w") as f:
            f.write(text)
    return text


# perf -v's own events, not counters of the core PMU
TOOL_EVENTS = ("duration_time", "user_time", "system_time")


def parse(text):
    """{(version, midr-or-None): (status, output)}, the header lines,
    {(version, midr): [(event, enabled, running)]} of the TopdownL1 runs,
    and the tool's JSON report of the machine."""
    runs, head, cur, mux, tool = {}, [], None, {}, None
    lines = text.splitlines()
    if "@@@ end" not in lines:
        sys.exit("perf-table: the VM output has no '@@@ end': the script did not finish")
    end = lines.index("@@@ end")
    if "@@@ tool" in lines:
        t = lines.index("@@@ tool")
        tool = json.loads("\n".join(lines[t + 1:end]))
        lines = lines[:t]
    for line in lines:
        if line.startswith("@@@ mux "):
            v, m = line.split()[2:4]
            cur = ("mux", v, int(m, 16))
            mux[cur[1:]] = []
        elif cur and cur[0] == "mux":
            ev, val, ena, run = line.rsplit(" ", 3)
            if ev[:-1] not in TOOL_EVENTS:
                mux[cur[1:]].append((ev[:-1], int(ena), int(run)))
        elif line.startswith("@@@ status "):
            runs[cur] = (int(line.split()[2]), "\n".join(runs[cur]))
            cur = None
        elif line.startswith("@@@ caps/slots ") or line.startswith("@@@ midr_el1 "):
            head.append(line[4:])
        elif line.startswith("@@@ "):
            v, m = line.split()[1:3]
            cur = (v, None if m == "-" else int(m, 16))
            runs[cur] = []
        elif cur is not None:
            runs[cur].append(line)
    if cur is not None and cur[0] != "mux":
        sys.exit(f"perf-table: the VM output ends inside the run of {cur}")
    return runs, head, mux, tool


def multiplexed(out):
    """perf scaled a count: a counter line ends with "(NN.NN%)"."""
    return any(re.search(r"\(\s*[0-9.]+%\)\s*$", l) and not l.lstrip().startswith("#")
               and re.match(r"^\s*[0-9<]", l) for l in out.splitlines())


def host_checks(slots, runs, tool, results):
    """The tool's prediction for this very machine against what perf did in
    the same boot: [(ok, description)]."""
    checks = []
    if tool is None:
        return [(False, f"SLOTS {slots}: the tool's report is missing")]
    core = [p for p in tool["pmus"] if p["core"]][0]["perf"]
    for v in PERFS:
        pv = re.match(r"[0-9.]+", package_version(v)).group(0)     # e.g. 6.12.117
        got = [g for g in core["by_version"] if pv in g["checked"].split(", ")]
        want = results[slots][(v, None)][0]
        td = got[0]["topdown"] if len(got) == 1 else "?"
        checks.append((td == want, f"SLOTS {slots}, perf {v} as this CPU: perf {want}, "
                                   f"the tool {td}"))
        if want in ("works", "works_without_values"):
            m = multiplexed(runs[(v, None)][1])
            pred = (core.get("multiplexing") or {}).get("multiplexed")
            checks.append((pred == m, f"SLOTS {slots}, perf {v}: perf multiplexed {m}, "
                                      f"the tool {pred}"))
    return checks


def classify(cl, status, out):
    got, why = cl.classify(status, out)
    if got:
        return got, why or ""
    return "unclassified", why


def table(version, rs, results, heads, muxes):
    lines = ["# SPDX-License-Identifier: GPL-2.0-or-later",
             f"# perf {version}: Debian linux-perf {package_version(version)} (arm64), "
             "`PERF_CPUID=MIDR perf stat -- /bin/true`",
             f"# in tests/vm/run-tool {' '.join(MACHINE)} --slots 0|8 (Linux 7.3.4, KVM host), "
             "one boot per SLOTS",
             "# what the rig read: " + "; ".join(f"slots{s}: {', '.join(h)}" for s, h in heads.items()),
             "# refresh: tests/vm/perf-table.py --write (tests/README.md); "
             "compared with the tool by tests/perf-table.test",
             "# events: the core PMU events `perf stat -v -M TopdownL1` opened at SLOTS 8 "
             "(perf's TopdownL1 groups, as in Default)",
             "# midr\tslots0\tslots8\tevents\tsource\tnote"]
    for m, src in rs:
        cells, notes = [], []
        for s in SLOTS:
            got, why = results[s][(version, m)]
            cells.append(got)
            if why and why not in notes:
                notes.append(why)
        evs = muxes.get((version, m))
        events = str(len(evs)) if evs else "-"
        lines.append("\t".join(["-" if m is None else f"0x{m:08x}", *cells, events, src,
                                " / ".join(notes)]))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(usage=__doc__.splitlines()[0][7:])
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--write", action="store_true")
    g.add_argument("--check", action="store_true")
    r = ap.add_mutually_exclusive_group()
    r.add_argument("--raw", metavar="DIR")
    r.add_argument("--from-raw", metavar="DIR")
    a = ap.parse_args()
    cl = load_classifier()
    lists = {v: rows(v) for v in PERFS}
    results, heads, bad = {}, {}, 0
    texts = {}
    for s in SLOTS:          # every boot first: a classifier error costs no boot
        kept = os.path.join(a.from_raw or a.raw or "/nonexistent", f"slots{s}.out")
        if a.from_raw or (a.raw and os.path.exists(kept)):
            with open(kept) as f:
                texts[s] = f.read()
        else:
            texts[s] = boot(s, lists, a.raw)
    muxes, checks = {}, []
    for s in SLOTS:
        runs, heads[s], mux, tool = parse(texts[s])
        muxes.update(mux)
        results[s] = {}
        for v, rs in lists.items():
            for m, _ in rs:
                if (v, m) not in runs:
                    sys.exit(f"perf-table: no run of perf {v} as {m} at SLOTS {s}")
                results[s][(v, m)] = classify(cl, *runs[(v, m)])
                bad += results[s][(v, m)][0] == "unclassified"
        checks += host_checks(s, runs, tool, results)
    status = 0
    for v, rs in lists.items():
        text = table(v, rs, results, heads, muxes)
        path = os.path.join(TABLES, f"perf-{v}.tsv")
        if a.write:
            os.makedirs(TABLES, exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        elif a.check:
            old = open(path).read() if os.path.exists(path) else ""
            rows_old = [l for l in old.splitlines() if not l.startswith("#")]
            rows_new = [l for l in text.splitlines() if not l.startswith("#")]
            if rows_old != rows_new:
                print(f"perf-table: perf {v} no longer matches {path}:", file=sys.stderr)
                sys.stderr.writelines(l + "\n" for l in difflib.unified_diff(
                    rows_old, rows_new, "stored", "live", lineterm=""))
                status = 1
            sys.stdout.write(text)
        else:
            sys.stdout.write(text)
    if bad:
        print(f"perf-table: {bad} runs fit no class (see the tables' notes)", file=sys.stderr)
        status = 1
    for ok, what in checks:
        print(f"# {'ok' if ok else 'DISAGREES'}: {what}", file=sys.stderr)
        status |= not ok
    sys.exit(status)


if __name__ == "__main__":
    main()
