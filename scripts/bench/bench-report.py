#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Benchmarks for kvm-pmu-info; run through scripts/bench/bench.sh.

usage: scripts/bench/bench-report.py [--runs N] [--warmup N] [--no-vm-section]
                               [--vm-runs K] [--keep DIR] TOOL

Prints ONE plain-text table.  Sections:
  host     TOOL --no-vm -j on this host vs `lscpu -J`, same hyperfine run
  fixture  TOOL --sysfs-root F -j vs `lscpu -J --sysroot F` where lscpu can
           read F (needs sys/devices/system/cpu/possible and proc/cpuinfo)
  hostile shapes  --replay --check -q of archives at and past the shape
           limits (scripts/bench/bench-hostile.py, kvm-pmu-info(1) LIMITS): CPU
           ms (user + system, max of 3) and peak RSS; target < 500 ms and
           < 64 MiB each
  derived  generated trees (scripts/bench/bench-trees.py; replicated from
           tests/fixtures/qemu-7.3.4-max-slots8, NOT real machines) of 64, 512,
           4096 CPUs x 1, 2, 8 core PMUs: mean time, us per CPU, peak RSS
           (/usr/bin/time -f %M), lscpu -J --sysroot beside it; then a
           least-squares line time = a + b*ncpus over all trees; and the
           floor: scripts/bench/bench-open-floor.c (built with cc) making only the
           system calls that read each CPU's midr_el1 of the 4096-CPU tree
  model    scripts/bench/bench-predict.c (built with cc from src/cores.c,
           src/perf_predict.c, src/model.c): ns per core_lookup() and
           perf_map_lookup() over 9 known and unknown MIDRs, per
           perf_predict(), and per perf_predict_report() of 8 core PMUs x 2
           probed modes; in-process, no process start
  syscalls `strace -c -f` of the 4096-CPU/8-PMU tree (JSON and text), and the
           arm64 build's inventory under `qemu-aarch64-static -strace`
  vm       tests/vm/run-tool --with-tools (arm64 Linux 7.3.4 under QEMU TCG,
           bookworm's lscpu and strace in the initramfs), one boot driving
           scripts/bench/bench-vm.sh: K interleaved rounds of `lscpu -J`, TOOL -j
           (full report), TOOL --no-vm -j and both --version, timed in the
           guest ($EPOCHREALTIME); ratio full report / lscpu -J (runs 2..K;
           target <= 1.5x); the tool's own guest.<mode>.time_us per probe VM
           (run 1 = first VM of the boot, reported apart); `strace -c -f` of
           TOOL -j and of lscpu -J in the guest; the -v ioctl trail
Times are wall-clock means from hyperfine -N (no shell in between), or from a
Python spawn loop when hyperfine is not installed.
"""
import argparse, json, math, os, re, shlex, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(TOP, "tests/fixtures")
SHAPES = [(n, p) for n in (64, 512, 4096) for p in (1, 2, 8)]
RSS_RUNS = 5
ROWS = []          # (section, case, tool_ms, sd_ms, lscpu_ms, ratio, us_cpu, rss_kib, notes)


def row(section, case, tool=None, sd=None, lscpu=None, us_cpu=None, rss=None, notes=""):
    ratio = f"{tool / lscpu:.2f}x" if tool is not None and lscpu else None
    ROWS.append((section, case, tool, sd, lscpu, ratio, us_cpu, rss, notes))


def fmt(v, spec):
    if v is None:
        return "-"
    return format(v, spec) if not isinstance(v, str) else v


def print_table():
    head = ("SECTION", "CASE", "TOOL ms", "+-sd", "LSCPU ms", "RATIO", "us/CPU", "RSS KiB", "NOTES")
    body = [(s, c, fmt(t, ".3f"), fmt(sd, ".3f"), fmt(l, ".3f"), fmt(r, ""), fmt(u, ".2f"),
             fmt(rss, "d"), n) for s, c, t, sd, l, r, u, rss, n in ROWS]
    w = [max(len(x[i]) for x in [head] + body) for i in range(len(head) - 1)]
    line = lambda x: "  ".join(
        (x[i].ljust(w[i]) if i < 2 else x[i].rjust(w[i])) for i in range(len(w))) + "  " + x[-1]
    print(line(head).rstrip())
    print("-" * (sum(w) + 2 * len(w) + 5))
    prev = None
    for x in body:
        if prev and x[0] != prev:
            print()
        prev = x[0]
        print(line(x).rstrip())


# ---------------------------------------------------------------- timing

def timeit(cmds, a):
    """Mean and sd in ms for each argv in CMDS, measured in one batch."""
    if shutil.which("hyperfine"):
        with tempfile.NamedTemporaryFile(suffix=".json") as f:
            subprocess.run(["hyperfine", "-N", "--style", "none", "-w", str(a.warmup),
                            "-r", str(a.runs), "--export-json", f.name, "--"]
                           + [shlex.join(c) for c in cmds],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            res = json.load(open(f.name))["results"]
        return [(r["mean"] * 1e3, (r["stddev"] or 0) * 1e3, r["median"] * 1e3) for r in res]
    out = []
    for c in cmds:
        ts = []
        for i in range(a.warmup + a.runs):
            t0 = time.perf_counter()
            subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if i >= a.warmup:
                ts.append((time.perf_counter() - t0) * 1e3)
        out.append((statistics.mean(ts), statistics.stdev(ts) if len(ts) > 1 else 0,
                    statistics.median(ts)))
    return out


def peak_rss(cmd):
    """Peak RSS in KiB, the largest of RSS_RUNS runs (/usr/bin/time -f %M)."""
    vals = []
    for _ in range(RSS_RUNS):
        if os.path.exists("/usr/bin/time"):
            p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
            vals.append(int(p.stderr.strip().splitlines()[-1]))
        else:   # the same number: wait4()'s ru_maxrss
            pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=[
                (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
            vals.append(os.wait4(pid, 0)[2].ru_maxrss)
    return max(vals)


def lscpu_ok(root):
    return all(os.path.exists(os.path.join(root, f))
               for f in ("proc/cpuinfo", "sys/devices/system/cpu/possible"))


# ---------------------------------------------------------------- sections

def host(tool, a):
    ncpu = os.cpu_count()
    cmds = [[tool, "--no-vm", "-j"]]
    lscpu = shutil.which("lscpu")
    if lscpu:
        cmds.append([lscpu, "-J"])
    t = timeit(cmds + [[tool, "--version"]], a)
    row("host", "exec floor: --version", t[-1][0], t[-1][1], None, None, peak_rss([tool, "--version"]),
        "process start + dynamic linking only, same hyperfine run")
    ratio = t[0][0] / t[1][0] if lscpu else None
    verdict = "" if ratio is None else ("PASS" if ratio <= 0.5 else "FAIL")
    row("host", f"live --no-vm -j ({ncpu} CPUs)", t[0][0], t[0][1], t[1][0] if lscpu else None,
        None, peak_rss(cmds[0]),
        f"target <=0.5x lscpu: {verdict}" if lscpu else "no lscpu installed")


def fixtures(tool, a):
    for name in sorted(os.listdir(FIXTURES)):
        root = os.path.join(FIXTURES, name)
        if not os.path.isdir(os.path.join(root, "sys")):
            continue
        cmds = [[tool, "--sysfs-root", root, "-j"]]
        ok = lscpu_ok(root) and shutil.which("lscpu")
        if ok:
            cmds.append(["lscpu", "-J", "--sysroot", root])
        t = timeit(cmds, a)
        online = os.path.join(root, "sys/devices/system/cpu")
        n = len([d for d in os.listdir(online) if re.fullmatch(r"cpu\d+", d)]) \
            if os.path.isdir(online) else 0
        row("fixture", f"{name} -j", t[0][0], t[0][1], t[1][0] if ok else None,
            None, peak_rss(cmds[0]), "; ".join(x for x in (
                f"{n} cpuN dirs" if n else "",
                "" if ok else "lscpu: tree lacks proc/cpuinfo or cpu/possible") if x))


def derived(tool, a, tmp):
    out = subprocess.run([os.path.join(HERE, "bench-trees.py"), tmp]
                         + [f"{n}:{p}" for n, p in SHAPES],
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    trees = {}
    for line in out.splitlines():
        name, path, nfiles = line.split()
        n, p = map(int, re.fullmatch(r"derived-(\d+)cpu-(\d+)pmu", name).groups())
        trees[(n, p)] = (path, int(nfiles))
    pts, base, times = [], {}, {}
    for (n, p), (path, nfiles) in sorted(trees.items()):
        cmd = [tool, "--sysfs-root", path, "-j"]
        t = timeit([cmd, ["lscpu", "-J", "--sysroot", path]] if shutil.which("lscpu") else [cmd], a)
        rss = peak_rss(cmd)
        pts.append((n, t[0][0]))
        times[(n, p)] = t[0][0]
        notes = f"derived, {nfiles} files; median {t[0][2]:.3f} ms"
        base.setdefault(p, (n, t[0][0]))
        if base[p][0] != n:
            notes += (f"; marginal {(t[0][0] - base[p][1]) * 1e3 / (n - base[p][0]):.2f} us/CPU"
                      f" vs {base[p][0]} CPUs")
        if n == 4096:
            notes += (f"; <10 ms: {'PASS' if t[0][0] < 10 else 'FAIL'}"
                      f", RSS <4 MiB: {'PASS' if rss < 4096 else 'FAIL'}")
        row("derived", f"{n} CPUs / {p} PMU{'s' if p > 1 else ''} -j", t[0][0], t[0][1],
            t[1][0] if len(t) > 1 else None, t[0][0] * 1e3 / n, rss, notes)
        if (n, p) == (4096, 8):
            tt = timeit([[tool, "--sysfs-root", path]], a)[0]
            row("derived", f"{n} CPUs / {p} PMUs, text", tt[0], tt[1], None, tt[0] * 1e3 / n,
                peak_rss([tool, "--sysfs-root", path]), "derived; text output")
    # least squares: time = a + b * ncpus
    xs, ys = [x for x, _ in pts], [y for _, y in pts]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    b = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x in xs)
    a0 = my - b * mx
    ss_res = sum((y - (a0 + b * x)) ** 2 for x, y in pts)
    ss_tot = sum((y - my) ** 2 for y in ys)
    r2 = 1 - ss_res / ss_tot if ss_tot else 1
    row("derived", "fit: t = a + b*ncpus", a0, None, None, b * 1e3, None,
        f"a = {a0:.3f} ms fixed, b = {b * 1e3:.2f} us/CPU, R^2 = {r2:.4f} (9 trees)")
    open_floor(trees[(4096, 1)][0], 4096, times[(4096, 1)], a, tmp)
    return trees


def open_floor(tree, n, tool_ms, a, tmp):
    """What reading every CPU's midr_el1 costs with nothing else around it."""
    cc = shutil.which("cc") or shutil.which("gcc")
    case = f"floor: {n} x midr_el1 read, C loop"
    if not cc:
        row("derived", case, notes="no C compiler (cc) to build scripts/bench/bench-open-floor.c")
        return
    exe = os.path.join(tmp, "bench-open-floor")
    subprocess.run([cc, "-O2", "-o", exe, os.path.join(HERE, "bench-open-floor.c"), "-lm"],
                   check=True)
    mean, sd = map(float, subprocess.run([exe, tree, str(n), str(a.runs)], check=True,
                                         stdout=subprocess.PIPE, text=True).stdout.split())
    row("derived", case, mean, sd, None, mean * 1e3 / n, None,
        f"openat2+fstat+read+close per CPU as src/sysfs.c, no process start; "
        f"{100 * mean / tool_ms:.0f}% of the 4096 CPUs / 1 PMU run ({tool_ms:.3f} ms); "
        + ("these reads alone exceed 10 ms" if mean >= 10 else "under 10 ms"))


def model(a, tmp):
    """The known-core look-ups and the perf prediction, in-process."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        row("model", "core table and perf prediction",
            notes="no C compiler (cc) to build scripts/bench/bench-predict.c")
        return
    exe = os.path.join(tmp, "bench-predict")
    src = os.path.join(TOP, "src")
    # model.c allocates through xalloc.c, which ends in oom.c's oom()
    subprocess.run([cc, "-O2", "-std=gnu11", "-D_GNU_SOURCE", "-I", src, "-o", exe,
                    os.path.join(HERE, "bench-predict.c")]
                   + [os.path.join(src, f) for f in ("cores.c", "perf_predict.c", "model.c",
                                                     "xalloc.c", "oom.c")],
                   check=True)
    out = subprocess.run([exe, "2000000"], check=True, stdout=subprocess.PIPE, text=True).stdout
    what = {"core_lookup": "core_lookup(): known-core row of a MIDR",
            "perf_map_lookup": "perf_map_lookup(): perf's mapfile.csv row",
            "perf_predict": "perf_predict(): one outcome and its reason",
            "perf_predict_report_8x2": "perf_predict_report(): 8 core PMUs x 2 modes"}
    for line in out.split("\n"):
        if line:
            name, ns = line.split()
            row("model", what.get(name, name), None, None, None, None, None,
                f"{float(ns):.0f} ns per call, in-process (no process start)")


def strace_counts(tool, trees, arm64):
    path = trees.get((4096, 8), (None,))[0]
    if not shutil.which("strace"):
        row("syscalls", "strace -c -f", notes="strace not installed (apt-get install strace)")
    elif path:
        for label, extra in (("-j", ["-j"]), ("text", [])):
            with tempfile.NamedTemporaryFile("r", suffix=".strace") as f:
                subprocess.run(["strace", "-c", "-f", "-o", f.name, tool, "--sysfs-root", path]
                               + extra, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               check=True)
                calls = {}
                for line in f.read().splitlines():
                    m = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:(\d+)\s+)?(\w+)$", line)
                    if m and m.group(3) != "total":
                        calls[m.group(3)] = int(m.group(1))
            total = sum(calls.values())
            opens = calls.get("openat", 0) + calls.get("openat2", 0)
            top = ", ".join(f"{k} {calls.get(k, 0)}" for k in
                            ("openat", "openat2", "newfstatat", "read", "close", "getdents64"))
            row("syscalls", f"4096 CPUs / 8 PMUs {label}", None, None, None,
                None, None, f"strace -c -f: {total} syscalls = {total / 4096:.2f}/CPU; "
                f"opens (openat+openat2) {opens} = {opens / 4096:.2f}/CPU; {top}")
    qemu_user = shutil.which("qemu-aarch64-static") or shutil.which("qemu-aarch64")
    if arm64 and qemu_user:
        fx = os.path.join(FIXTURES, "qemu-7.3.4-max-slots8")
        p = subprocess.run([qemu_user, "-strace", arm64, "--sysfs-root", fx, "-j"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        names = [m.group(1) for m in re.finditer(r"^\d+ (\w+)\(", p.stderr, re.M)]
        names += ["(unknown)"] * len(re.findall(r"^\d+ Unknown syscall", p.stderr, re.M))
        cnt = {k: names.count(k) for k in set(names)}
        row("syscalls", "arm64 build, 2-CPU guest tree -j", None, None, None, None, None,
            f"qemu-user -strace on fixture qemu-7.3.4-max-slots8: {len(names)} syscalls "
            f"(openat {cnt.get('openat', 0)}, read {cnt.get('read', 0)}, "
            f"newfstatat {cnt.get('newfstatat', 0)}); inventory only, KVM not reachable")


def arm64_binary():
    if os.environ.get("KPI_ARM64_BIN"):
        return os.environ["KPI_ARM64_BIN"]
    p = subprocess.run([os.path.join(HERE, "build-arm64.sh")], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    return p.stdout.strip().splitlines()[-1] if p.returncode == 0 and p.stdout.strip() else None


def parse_strace(text):
    """{syscall: (calls, errors)} from a `strace -c` summary table."""
    calls = {}
    for line in text.splitlines():
        m = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:(\d+)\s+)?(\w+)$", line)
        if m and m.group(3) != "total":
            calls[m.group(3)] = (int(m.group(1)), int(m.group(2) or 0))
    return calls


def vm(arm64, a, tmp):
    """One boot of tests/vm/run-tool --with-tools driving scripts/bench/bench-vm.sh."""
    if not arm64:
        row("vm", "run-tool", notes="skipped: no arm64 build (scripts/build-arm64.sh failed)")
        return
    k = a.vm_runs
    tool_j = ["/kvm-pmu-info", "-j", "--compact"]
    args = (["time", str(k), "--and", "strace"] + tool_j + ["--and", "strace", "lscpu", "-J",
            "--and", "exec", "/kvm-pmu-info", "-v", "-j", "--compact"])
    res = os.path.join(tmp, "vm-results")
    env = dict(os.environ, KPI_ARM64_BIN=arm64)
    t0 = time.monotonic()
    p = subprocess.run([os.path.join(TOP, "tests/vm/run-tool"), "--with-tools", "--timeout", "600",
                        "--script", os.path.join(HERE, "bench-vm.sh"), "--results", res, "--"]
                       + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    boot = time.monotonic() - t0
    if p.returncode != 0:
        row("vm", "run-tool", notes=f"failed: {p.stderr.strip().splitlines()[-1:]}")
        return
    out = open(os.path.join(res, "1.stdout")).read().splitlines()
    wall, rss, per, sums, errs, msums = {}, {}, {}, [], [], []
    kernel = "?"
    for line in out:
        f = line.split(" ", 2)
        if f[0] == "T":
            name, rnd, us, st = line.split()[1:]
            if st != "0":
                errs.append(f"{name} run {rnd} exit {st}")
            wall.setdefault(name, []).append(int(us) / 1e3)
        elif f[0] == "R":
            rss[f[1]] = int(f[2])
        elif f[0] == "J":
            d = json.loads(f[2])
            kernel = d["host"]["kernel"]
            s = 0
            for pmu in d["pmus"]:
                for mode, g in (pmu.get("guest") or {}).items():
                    if g and g.get("time_us") is not None:
                        per.setdefault((pmu["name"], mode), []).append(g["time_us"] / 1e3)
                        s += g["time_us"] / 1e3
            sums.append(s)
        elif f[0] == "M":
            m = json.loads(f[2])["migration"]
            msums.append(sum(v["time_us"] or 0 for p in m["pmus"] for v in p["modes"].values()) / 1e3)
        elif f[0] == "E":
            errs.append(line[2:])
    if errs or not wall.get("tool") or not wall.get("lscpu"):
        row("vm", "bench-vm.sh", notes=f"failed in the guest: {'; '.join(errs[:3]) or 'no timings'}")
        return
    where = f"guest wall ({kernel}, QEMU TCG, 2 vCPUs)"

    def stats(xs):
        return (statistics.mean(xs), statistics.stdev(xs) if len(xs) > 1 else None,
                statistics.median(xs))

    for (pmu, mode), ts in sorted(per.items()):
        warm = ts[1:]
        row("vm", f"probe VM {pmu}/{mode}, run 1", ts[0], None, None, None, None,
            f"guest.{mode}.time_us, first run of the boot")
        row("vm", f"probe VM {pmu}/{mode}, runs 2-{k}", statistics.mean(warm),
            statistics.stdev(warm) if len(warm) > 1 else None, None, None, None,
            f"guest.{mode}.time_us, mean of {len(warm)} runs in the same boot; "
            f"median {statistics.median(warm):.3f} ms")
    lm, lsd, lmed = stats(wall["lscpu"][1:])
    tm, tsd, tmed = stats(wall["tool"][1:])
    ratio = tm / lm
    row("vm", f"full report -j vs lscpu -J, runs 2-{k}", tm, tsd, lm, None, rss.get("tool"),
        f"{where}, rounds interleaved; medians {tmed:.3f} / {lmed:.3f} ms = {tmed / lmed:.2f}x; "
        f"run 1: {wall['tool'][0]:.3f} / {wall['lscpu'][0]:.3f} ms; lscpu RSS "
        f"{rss.get('lscpu', '?')} KiB; target <=1.5x lscpu: {'PASS' if ratio <= 1.5 else 'FAIL'}")
    nm, nsd, nmed = stats(wall["tool_novm"][1:])
    row("vm", f"--no-vm -j vs lscpu -J, runs 2-{k}", nm, nsd, lm, None, rss.get("tool_novm"),
        f"inventory + KVM capabilities only, same rounds; median {nmed:.3f} ms")
    vm_, vsd, vmed = stats(wall["tool_version"][1:])
    xm, xsd, xmed = stats(wall["lscpu_version"][1:])
    row("vm", f"exec floor: --version vs lscpu --version", vm_, vsd, xm, None,
        rss.get("tool_version"), f"fork+exec from busybox sh + start-up (static tool; lscpu "
        f"dynamic: ld.so, libc, libsmartcols; RSS {rss.get('lscpu_version', '?')} KiB); "
        f"medians {vmed:.3f} / {xmed:.3f} ms")
    if wall.get("tool_migrate") and len(msums) > 1:
        mm, msd, mmed = stats(wall["tool_migrate"][1:])
        row("vm", f"--migrate-from own report vs full report, runs 2-{k}", mm, msd, tm, None,
            rss.get("tool_migrate"), f"one VM per PMU and mode, no other; median {mmed:.3f} ms; "
            f"its VMs (migration time_us) {statistics.mean(msums[1:]):.3f} ms of it")
    sm = statistics.mean(sums[1:])
    row("vm", f"full report: sum of probe VMs, runs 2-{k}", sm,
        statistics.stdev(sums[1:]) if k > 2 else None, None, None, None,
        f"{sm / tm * 100:.0f}% of the full report's guest wall time; the rest "
        f"({tm - sm:.3f} ms) is exec, inventory, caps, render")
    for n, label, cmd in ((2, "kvm-pmu-info -j", "full report"), (3, "lscpu -J", "for comparison")):
        st = open(os.path.join(res, f"{n}.status")).read().strip()
        calls = parse_strace(open(os.path.join(res, f"{n}.stdout")).read())
        if st != "0" or not calls:
            row("vm", f"strace -c -f {label}", notes=f"failed (status {st}): "
                f"{open(os.path.join(res, f'{n}.stderr')).read().strip()[-200:]}")
            continue
        tot = sum(c for c, _ in calls.values())
        errors = sum(e for _, e in calls.values())
        g = lambda x: calls.get(x, (0, 0))
        top = sorted(calls.items(), key=lambda kv: -kv[1][0])[:6]
        row("vm", f"strace -c -f {label}", None, None, None, None, None,
            f"in the guest, {cmd}: {tot} syscalls ({errors} failed); ioctl {g('ioctl')[0]} "
            f"({g('ioctl')[1]} failed), openat {g('openat')[0]} ({g('openat')[1]} failed)"
            + (f", openat2 {g('openat2')[0]} ({g('openat2')[1]} failed)" if 'openat2' in calls else "")
            + "; "
            f"top: " + ", ".join(f"{x} {c}" for x, (c, _) in top))
    trail = open(os.path.join(res, "4.stderr")).read().splitlines()
    ioctls = [l for l in trail if re.match(r"kvm-pmu-info: (KVM_|open\(/dev/kvm\))", l)]
    vms = sum(1 for l in ioctls if "KVM_CREATE_VM" in l)
    caps = next((i for i, l in enumerate(ioctls) if "KVM_CREATE_VM" in l), len(ioctls))
    row("vm", "ioctls from -v trail", None, None, None, None, None,
        f"{len(ioctls)} lines: open + {caps - 1} cap ioctls, {vms} VMs x "
        f"{(len(ioctls) - caps) / vms if vms else 0:g} traced ioctls (strace counts every ioctl, "
        f"incl. untraced KVM_GET_REG_LIST size probes and KVM_RUN)")
    row("vm", "boot + all runs (host wall)", boot * 1e3, None, None, None, None,
        f"one boot with --with-tools: {k} timed rounds, 2 strace runs, 1 -v run")


def hostile(tool, a, tmp):
    """Hostile shapes: archives at and past the documented limits
    (kvm-pmu-info(1) LIMITS, scripts/bench/bench-hostile.py).  CPU seconds
    (user + system, so the machine's load does not enter) and peak RSS of
    one --replay --check -q each; target < 0.5 s and < 64 MiB."""
    d = os.path.join(tmp, "hostile")
    cap = os.path.join(tmp, "hostile-base.tar.gz")
    subprocess.run([tool, "--sysfs-root", os.path.join(FIXTURES, "qemu-7.3.4-max-slots8"),
                    "--capture", cap, "--force"], check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run([os.path.join(HERE, "bench-hostile.py"), cap, d], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    for line in out.splitlines():
        name, path, what = line.split("\t")
        cpu, rss, rc = [], 0, None
        for _ in range(3):
            pid = os.posix_spawn(tool, [tool, "--replay", path, "--check", "-q"], os.environ,
                                 file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                                               (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)])
            _, status, ru = os.wait4(pid, 0)
            cpu.append((ru.ru_utime + ru.ru_stime) * 1e3)
            rss = max(rss, ru.ru_maxrss)
            rc = os.waitstatus_to_exitcode(status)
        ms = max(cpu)
        verdict = "PASS" if ms < 500 and rss < 64 * 1024 else "FAIL"
        row("hostile shapes", name, ms, None, None, None, rss,
            f"CPU ms (max of 3); exit {rc}; {what}; target <500 ms, <64 MiB: {verdict}")


def main():
    ap = argparse.ArgumentParser(usage=__doc__.split("\n\n")[1].split("usage: ")[1])
    ap.add_argument("tool")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--vm-runs", type=int, default=10)
    ap.add_argument("--no-vm-section", action="store_true")
    ap.add_argument("--keep", metavar="DIR", help="generate the trees here and keep them")
    a = ap.parse_args()
    if a.vm_runs < 3:
        ap.error("--vm-runs must be at least 3 (run 1 is reported apart)")
    tool = os.path.abspath(a.tool)
    if not os.access(tool, os.X_OK):
        sys.exit(f"bench: {tool} is not an executable")
    tmp = a.keep or tempfile.mkdtemp(prefix="kpi-bench.")
    os.makedirs(tmp, exist_ok=True)
    try:
        host(tool, a)
        fixtures(tool, a)
        hostile(tool, a, tmp)
        trees = derived(tool, a, tmp)
        model(a, tmp)
        arm64 = None if a.no_vm_section else arm64_binary()
        strace_counts(tool, trees, arm64)
        if a.no_vm_section:
            row("vm", "run-tool", notes="skipped (--no-vm-section)")
        else:
            vm(arm64, a, tmp)
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print_table()


if __name__ == "__main__":
    main()
