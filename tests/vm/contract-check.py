#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""usage: contract-check.py REPORT.json PROBE.json [ID=RESULT...]

Holds the tool's strict-contract results (REPORT.json, pmus[].contract)
against what KVM answered in the same run: the probe record's ioctl trail
(PROBE.json "trail", written as each ioctl returned), its raw guest and
userspace views, and the host's caps/slots and events/.  The rules are the
contract as 7.3.4 keeps it (kvm-arm-pmu-facts), written here again, not
taken from the tool.  ID=RESULT additionally pins a check's result
(e.g. stall_slot_unmasked=not_applicable).  Exits 0 when all hold, else 1
with one "# ..." line per failure.
"""
import json, re, sys

LINE = re.compile(r"^kvm-pmu-info: contract: (.*) = (-?\d+)(?: ([A-Z0-9]+) \(.*\))?$")


PROBING = re.compile(r"^kvm-pmu-info: probing (\S+) in ")


def calls(trail):
    """{PMU name: [(label, ret, errno name), ...]}: each contract ioctl, in
    order, under the PMU whose "probing NAME in ... mode" line came last (a
    heterogeneous host probes its core PMUs one after the other)."""
    out, pmu = {}, None
    for line in trail:
        m = PROBING.match(line)
        if m:
            pmu = m.group(1)
            continue
        m = LINE.match(line)
        if m:
            out.setdefault(pmu, []).append((m.group(1), int(m.group(2)), m.group(3)))
    return out


def find(cs, prefix):
    return [c for c in cs if c[0].startswith(prefix)]


def expected(pmu, rec, cs):
    """What each check must say, from the raw answers."""
    exp = {}
    init = find(cs, "KVM_SET_DEVICE_ATTR(PMU_V3_INIT, no SET_PMU)")
    run = find(cs, "KVM_RUN (no SET_PMU)")
    if init:
        exp["no_default_pmu"] = ("kept" if init[0][1] == -1 and init[0][2] == "ENXIO"
                                 and not (run and run[0][1] == 0) else "broken")
    strict = rec["guest"]["strict"]["userspace"]
    slots = pmu["caps"]["slots"]
    if strict["reg_list_ok"] and slots is not None:
        v = strict["pmmir_el1"]
        exp["pmmir_listed"] = ("kept" if strict["pmmir_in_reg_list"] and v is not None
                               and int(v, 16) & 0xff == slots else "broken")
    zero = find(cs, "KVM_SET_ONE_REG(PMMIR_EL1 = 0x0)")
    vm = rec["contract"]["vms"]["registers"]
    guest = vm["registers"]
    if zero:
        # below PMUv3p4 the guest's MRS UNDEFs: KVM's answer alone counts
        ok = zero[0][1] == 0 and ("pmmir_el1" in vm["undef"] or (
            guest["pmmir_el1"] is not None and int(guest["pmmir_el1"], 16) & 0xff == 0))
        exp["pmmir_zero_accepted"] = "kept" if ok else "broken"
    other = [c for c in find(cs, "KVM_SET_ONE_REG(PMMIR_EL1 = ") if not c[0].endswith("= 0x0)")]
    if other:
        exp["pmmir_other_rejected"] = ("kept" if len(other) == 2 and
                                       all(c[1] == -1 and c[2] == "EINVAL" for c in other)
                                       else "broken")
    names = set(pmu["events"]["names"] or [])
    bits = {"stall_slot_backend": 29, "stall_slot_frontend": 30, "stall_slot": 31}
    host = [b for n, b in bits.items() if n in names]
    pmceid1 = rec["guest"]["strict"]["registers"]["pmceid1_el0"]
    if not host:
        exp["stall_slot_unmasked"] = "not_applicable"
    elif pmceid1 is not None:
        exp["stall_slot_unmasked"] = ("kept" if all(int(pmceid1, 16) >> b & 1 for b in host)
                                      else "broken")
    get = rec["contract"]["calls"]["pmcr_get"]
    nr = find(cs, "KVM_SET_DEVICE_ATTR(PMU_V3_SET_NR_COUNTERS = ")
    pmcr = find(cs, "KVM_SET_ONE_REG(PMCR_EL0 = ")
    if get and nr and pmcr and guest["pmcr_el0"] is not None:
        n0 = int(get["read_back"], 16) >> 11 & 0x1f
        gn = int(guest["pmcr_el0"], 16) >> 11 & 0x1f
        exp["pmcr_n_ignored"] = ("kept" if nr[0][1] == 0 and pmcr[0][1] == 0 and gn == n0 - 1
                                 else "broken")
    return exp


def main():
    rep, rec = (json.load(open(f)) for f in sys.argv[1:3])
    pins = dict(a.split("=", 1) for a in sys.argv[3:])
    by_pmu = calls(rec["trail"])
    fails = []
    if not by_pmu:
        fails.append("the probe record's trail has no contract ioctl")
    for pmu in (p for p in rep["pmus"] if p["core"]):
        r = next((x for x in rec["pmus"] if x["name"] == pmu["name"]), None)
        c = pmu.get("contract")
        if r is None or c is None:
            fails.append("%s: no contract or no probe record" % pmu["name"])
            continue
        got = {k["id"]: k["result"] for k in c["checks"]}
        exp = expected(pmu, r, by_pmu.get(pmu["name"], []))
        if len(exp) != 6:
            fails.append("%s: the record decides only %s" % (pmu["name"], sorted(exp)))
        for k, v in list(exp.items()) + list(pins.items()):
            if got.get(k) != v:
                fails.append("%s: %s is %s, the ioctls say %s" % (pmu["name"], k, got.get(k), v))
        for k in c["checks"]:
            if k["result"] != "kept" and not k["reason"]:
                fails.append("%s: %s is %s without a reason" % (pmu["name"], k["id"], k["result"]))
    for f in fails:
        print("# " + f)
    sys.exit(1 if fails else 0)


main()
