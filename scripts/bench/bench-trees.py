#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate large *derived* sysfs/procfs trees for the kvm-pmu-info benchmarks.

usage: scripts/bench/bench-trees.py [--source FIXTURE] OUTDIR NCPUS:NPMUS...

Each NCPUS:NPMUS writes OUTDIR/derived-<NCPUS>cpu-<NPMUS>pmu/, a root in the
fixture layout (<root>/sys/..., <root>/proc/...) built by replicating
tests/fixtures/qemu-7.3.4-max-slots8 (a capture of the QEMU -cpu max guest
under Linux 7.3.4).  These trees are NOT captures of real machines:

- sys/devices/system/cpu/{online,possible,present} = 0-(NCPUS-1); every
  cpuN/regs/identification/{midr_el1,revidr_el1} is a copy of cpu0's;
- the fixture's core PMU (armv8_pmuv3) becomes NPMUS core PMUs
  (armv8_pmuv3 when NPMUS is 1, else armv8_pmuv3_0..NPMUS-1), each with the
  fixture's caps/ and events/ copied, "cpus" a contiguous NCPUS/NPMUS slice
  (the last PMU takes the remainder) and a perf "type" above every type in
  the fixture; the non-core PMUs (software, tracepoint, ...) are copied;
- proc/cpuinfo repeats the fixture's cpu0 block NCPUS times with the
  processor number changed, so `lscpu --sysroot` accepts the tree;
- proc/sys/kernel/{arch,osrelease} are copied.

No symlinks, plain files only.  Prints one line per tree: NAME PATH FILES.
"""
import argparse, os, re, shutil, sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_SOURCE = os.path.join(TOP, "tests/fixtures/qemu-7.3.4-max-slots8")
DEVICES = "sys/bus/event_source/devices"
CPUDIR = "sys/devices/system/cpu"


def read(path):
    with open(path) as f:
        return f.read()


def write(path, text, counter):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    counter[0] += 1


def core_pmus(src):
    """Names of the source's core PMUs: those publishing "cpus" (see inventory.c)."""
    d = os.path.join(src, DEVICES)
    return sorted(n for n in os.listdir(d) if os.path.isfile(os.path.join(d, n, "cpus")))


def generate(src, out, ncpus, npmus):
    if ncpus < npmus or npmus < 1:
        sys.exit(f"bench-trees: {ncpus}:{npmus}: need NCPUS >= NPMUS >= 1")
    name = f"derived-{ncpus}cpu-{npmus}pmu"
    root = os.path.join(out, name)
    if os.path.exists(root):
        shutil.rmtree(root)
    n = [0]

    for rel in ("proc/sys/kernel/arch", "proc/sys/kernel/osrelease"):
        write(os.path.join(root, rel), read(os.path.join(src, rel)), n)

    # proc/cpuinfo: cpu0's block, renumbered
    blocks = read(os.path.join(src, "proc/cpuinfo")).strip("\n").split("\n\n")
    block0 = blocks[0]
    write(os.path.join(root, "proc/cpuinfo"),
          "".join(re.sub(r"^processor\t: \d+", f"processor\t: {c}", block0, flags=re.M) + "\n\n"
                  for c in range(ncpus)), n)

    span = f"0-{ncpus - 1}\n" if ncpus > 1 else "0\n"
    for f in ("online", "possible", "present"):
        write(os.path.join(root, CPUDIR, f), span, n)
    ident = os.path.join(src, CPUDIR, "cpu0/regs/identification")
    regs = {f: read(os.path.join(ident, f)) for f in sorted(os.listdir(ident))}
    for c in range(ncpus):
        for f, v in regs.items():
            write(os.path.join(root, CPUDIR, f"cpu{c}/regs/identification", f), v, n)

    sdev = os.path.join(src, DEVICES)
    cores = core_pmus(src)
    if not cores:
        sys.exit(f"bench-trees: {src} has no core PMU to replicate")
    types = [int(read(os.path.join(sdev, p, "type"))) for p in os.listdir(sdev)
             if os.path.isfile(os.path.join(sdev, p, "type"))]
    # non-core PMUs: copied as they are
    for p in sorted(os.listdir(sdev)):
        if p in cores:
            continue
        for dp, _, files in os.walk(os.path.join(sdev, p)):
            for f in files:
                s = os.path.join(dp, f)
                write(os.path.join(root, DEVICES, os.path.relpath(s, sdev)), read(s), n)
    # core PMUs: the first core PMU of the source, replicated npmus times
    tmpl = os.path.join(sdev, cores[0])
    per = ncpus // npmus
    for i in range(npmus):
        pname = cores[0] if npmus == 1 else f"{cores[0]}_{i}"
        lo, hi = i * per, (ncpus - 1 if i == npmus - 1 else (i + 1) * per - 1)
        pdir = os.path.join(root, DEVICES, pname)
        write(os.path.join(pdir, "type"), f"{max(types) + 1 + i}\n", n)
        write(os.path.join(pdir, "cpus"), f"{lo}-{hi}\n" if hi > lo else f"{lo}\n", n)
        for sub in ("caps", "events"):
            sd = os.path.join(tmpl, sub)
            if os.path.isdir(sd):
                for f in sorted(os.listdir(sd)):
                    write(os.path.join(pdir, sub, f), read(os.path.join(sd, f)), n)
    print(name, root, n[0])


def main():
    ap = argparse.ArgumentParser(usage=__doc__.split("\n\n")[1].split("usage: ")[1])
    ap.add_argument("--source", default=DEFAULT_SOURCE)
    ap.add_argument("outdir")
    ap.add_argument("shapes", nargs="+", metavar="NCPUS:NPMUS")
    a = ap.parse_args()
    for s in a.shapes:
        m = re.fullmatch(r"(\d+):(\d+)", s)
        if not m:
            ap.error(f"bad shape '{s}' (want NCPUS:NPMUS, e.g. 4096:8)")
        generate(a.source, a.outdir, int(m.group(1)), int(m.group(2)))


if __name__ == "__main__":
    main()
