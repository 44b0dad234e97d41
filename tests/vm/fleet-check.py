#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""usage: fleet-check.py REPORT.json TEXTFILE.prom FEATURES.nfd

The fleet formats of a probed host against the JSON of the same boot
(tests/vm/vm-matrix.test): the JSON is what the probe guests read, the two
files are what a fleet sees of it.  Checks, for every core PMU:
  - one kvm_pmu_info_core_pmu_info{pmu,cpus,midr,core} 1, the JSON's cpus,
    midr_el1 and known_core.name ("" for null);
  - for every mode whose guest ran, kvm_pmu_info_guest_pmuver and
    kvm_pmu_info_guest_event_counters equal to the guest's pmuver and
    counters;
  - in NFD, slots, midr, guest-slots (the strict guest's), guest-pmuver and
    guest-counters (the legacy guest's): under kvm-pmu.<pmu>. when the host
    has several core PMUs, host-wide when it has one, and no key under a
    PMU's name then.
kvm_pmu_info_probe_duration_seconds is there, above 0, when the JSON's
kvm.probe_time_us is (a run of its own: the two runs are timed apart).
Exits 0, or 1 with one line per problem.  Prints what it compared.
"""
import importlib.machinery, json, os, sys

check = importlib.machinery.SourceFileLoader(
    "promcheck", os.path.join(os.path.dirname(__file__), "..", "prom-check.py")).load_module()
PRE = "feature.node.kubernetes.io/kvm-pmu."


def samples(text):
    out = {}
    for line in text.splitlines():
        m = check.SAMPLE.match(line)
        if m:
            labels = tuple(sorted((k, json.loads(v)) for k, v in check.PAIR.findall(m.group("labels") or "")))
            out[(m.group("name"), labels)] = float(m.group("value"))
    return out


def main():
    doc = json.load(open(sys.argv[1]))
    prom = samples(open(sys.argv[2]).read())
    nfd = set(open(sys.argv[3]).read().splitlines())
    core = [p for p in doc["pmus"] if p["core"]]
    bad, compared = [], 0

    def want(key, value):
        nonlocal compared
        compared += 1
        if value != prom.get(key):
            bad.append("%s%s = %r, want %r" % (key[0], dict(key[1]), prom.get(key), value))

    def label(name, value):
        nonlocal compared
        compared += 1
        if (PRE + name + "=" + str(value)) not in nfd:
            bad.append("no NFD label kvm-pmu.%s=%s" % (name, value))

    for p in core:
        info = (("core", (p["known_core"] or {}).get("name") or ""), ("cpus", p["cpus"] or ""),
                ("midr", p["midr_el1"] or ""), ("pmu", p["name"]))
        want(("kvm_pmu_info_core_pmu_info", info), 1)
        modes = p.get("guest") or {}
        for mode, g in modes.items():
            if g["status"] != "ok":
                continue
            ls = (("mode", mode), ("pmu", p["name"]))
            want(("kvm_pmu_info_guest_pmuver", ls), g["pmuver"])
            want(("kvm_pmu_info_guest_event_counters", ls), g["counters"])
        own = p["name"] + "." if len(core) > 1 else ""
        if not own and any(l.startswith(PRE + p["name"] + ".") for l in nfd):
            bad.append("one core PMU, yet NFD labels under its name")
        facts = {"slots": p["caps"]["slots"], "midr": p["midr_el1"]}
        if (modes.get("strict") or {}).get("slots") is not None:
            facts["guest-slots"] = modes["strict"]["slots"]
        if (modes.get("legacy") or {}).get("status") == "ok":
            facts["guest-pmuver"] = modes["legacy"]["pmuver"]
            facts["guest-counters"] = modes["legacy"]["counters"]
        for k, v in facts.items():
            if v is not None:
                label(own + k, v)
    d = [v for (n, _), v in prom.items() if n == "kvm_pmu_info_probe_duration_seconds"]
    if doc["kvm"].get("probe_time_us") is not None and not (len(d) == 1 and d[0] > 0):
        bad.append("probe_time_us %r, yet probe_duration_seconds %r" % (doc["kvm"].get("probe_time_us"), d))
    print("\n".join(bad) or "%d core PMUs, %d values compared, probe_duration_seconds %s"
          % (len(core), compared, d[0] if d else "absent"))
    return 1 if bad or not compared else 0


sys.exit(main())
