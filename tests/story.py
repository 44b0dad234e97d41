# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/story.test's two halves (the rules are in that test's header).

  story.py record IN VMREPORT OUT  the capture archive IN (a --capture of
        a fixture's tree) as OUT, whose probe.json takes its kvm and pmus
        parts from VMREPORT, the tool's own -j output in the VM the tree
        was captured from (tests/fixtures/F/vm/report.json, recorded by
        tests/vm/record-guest.sh): --replay OUT then decides from what
        KVM answered and the registers the guests read in that live run.
  story.py check NAME JSON TEXT QUIET
        the rules over one report (-j, text, -q text); one line per broken
        rule on stdout, exit 1 when there is one.
"""
import io
import json
import re
import sys
import tarfile

MODES = ("legacy", "strict")


def record(src, vmreport, dst):
    with tarfile.open(src) as tin, tarfile.open(dst, "w:gz") as tout:
        for m in tin.getmembers():
            f = tin.extractfile(m) if m.isfile() else None
            if m.name == "probe.json":
                data = probe_record(json.load(f), vmreport).encode()
                m.size, f = len(data), io.BytesIO(data)
            tout.addfile(m, f)


def probe_record(rec, vmreport):
    vm = json.load(open(vmreport))
    k = vm["kvm"]
    caps = k.get("capabilities") or {}
    reasons = {}
    for key in ("api_version", "arm_pmu_v3", "arm_pmu_v3_strict"):
        if (k.get(key) if key == "api_version" else caps.get(key)) is None:
            reasons[key] = "absent from the recorded VM run"
    rec["kvm"] = {
        "status": k["status"], "error": k.get("error"),
        "guests_not_probed": k.get("guests_not_probed"),
        "api_version": k.get("api_version"),
        "capabilities": {"arm_pmu_v3": caps.get("arm_pmu_v3"),
                         "arm_pmu_v3_strict": caps.get("arm_pmu_v3_strict")},
        "reasons": reasons,
    }
    pmus = []
    for p in vm["pmus"]:
        if not p.get("guest"):
            continue
        g = {}
        for m in MODES:
            v = p["guest"][m]
            u = v.get("userspace") or {}
            g[m] = {
                "status": v["status"], "error": v.get("error"),
                "failed_step": v.get("failed_step"), "errno": v.get("errno") or 0,
                "errno_name": v.get("errno_name"),
                # an UNDEF register: the skipped MRS left ~0 (src/guest.S)
                "registers": dict((r, "0xffffffffffffffff" if r in (v.get("undef") or {})
                                   else x) for r, x in (v.get("registers") or {}).items()),
                "undef": v.get("undef") or {},
                "userspace": {
                    "pmmir_el1": u.get("pmmir_el1"),
                    # the VM's JSON has no reg_list_ok: the list was read
                    # whenever it says whether PMMIR_EL1 is in it
                    "reg_list_ok": u.get("pmmir_in_reg_list") is not None,
                    "pmmir_in_reg_list": bool(u.get("pmmir_in_reg_list")),
                    "reasons": {} if u.get("pmmir_el1") is not None else
                    {"pmmir_el1": "not read in the recorded VM run"},
                },
                "time_us": v.get("time_us") or 0,
            }
        pmus.append({"name": p["name"], "guest": g})
    rec["pmus"] = pmus
    rec["trail"] = []
    return json.dumps(rec, indent=1)


# ---- the rules ----

# A text step: "Next step (L): A", "WHO next step (L): A" at column 0, or a
# core PMU's "  next step    (L) A"; continuation lines are indented deeper.
TEXT_STEP = re.compile(r"^(?:(?P<who>[A-Za-z][A-Za-z ]*?) next step|Next step) \((?P<layer>[a-z_]+)\): (?P<a>.*)$")
PMU_STEP = re.compile(r"^  next step {4}\((?P<layer>[a-z_]+)\) (?P<a>.*)$")
TOP_VERDICT = re.compile(r"^(?:[A-Za-z][A-Za-z ]*? verdict|Verdict): ")
# R2: what only this system's own kernel build or firmware could change.
OWN_BUILD = re.compile(r"CONFIG_ARM_PMUV3|CONFIG_KVM|boot it at EL2|describe the PMU to the host kernel")
KNOWN_CORE_STEP = "add the core to kvm-pmu-info's known-core table"
NO_REAL_CORE = "no real core"
# R3: the host verdict of the VM's first core PMU and the VM verdict name
# the same cause for SLOTS 0.
SAME_CAUSE = {"pmmir_zero": "vm_slots_hidden", "no_pmmir": "vm_no_pmmir",
              "host_slots_zero": "vm_core_unknown"}


def text_steps(text):
    """[(who, layer, action)] of a text report, wrapped lines joined."""
    steps, cur = [], None
    for line in text.splitlines():
        m, pm = TEXT_STEP.match(line), PMU_STEP.match(line)
        if m or pm:
            cur = [(m.group("who") or "host") if m else "pmu", (m or pm).group("layer"),
                   (m or pm).group("a")]
            steps.append(cur)
        elif cur and line.startswith(" ") and line.strip() and not PMU_FIELD.match(line):
            cur[2] += " " + line.strip()
        else:
            cur = None
    return [tuple(s) for s in steps]


PMU_FIELD = re.compile(r"^  [a-z][a-z_ ]*?  ")   # the next field of a PMU block


def json_steps(d):
    out = []
    for who, v in (("host", d.get("verdict")), ("default", d.get("default_verdict")),
                   ("vm", d.get("vm_verdict"))):
        if v and v.get("next_step"):
            out.append((who, v["next_step"]["layer"], v["next_step"]["action"]))
    for p in d.get("pmus") or []:
        v = p.get("verdict")
        if p.get("core") and v and v.get("next_step"):
            out.append(("pmu " + p["name"], v["next_step"]["layer"], v["next_step"]["action"]))
    return out


def one_action_per_layer(steps, where):
    bad, by = [], {}
    for who, layer, action in steps:
        if layer == "none":
            continue
        if layer in by and by[layer][1] != action:
            bad.append("R1 %s: two actions for layer %s: %s: %r; %s: %r"
                       % (where, layer, by[layer][0], by[layer][1], who, action))
        by.setdefault(layer, (who, action))
    return bad


def vm_rules(steps, is_vm, calls_no_real_core, where):
    bad = []
    for who, layer, action in steps:
        if is_vm and (layer == "firmware" or OWN_BUILD.search(action)):
            bad.append("R2 %s: the system is a VM, yet %s's step (%s) asks for its own "
                       "firmware or kernel build: %r" % (where, who, layer, action))
        if calls_no_real_core and KNOWN_CORE_STEP in action:
            bad.append("R3 %s: %s's step asks to add a core the report calls no real core "
                       "to the known-core table" % (where, who))
    return bad


def check(name, jpath, tpath, qpath):
    d = json.load(open(jpath))
    text, quiet = open(tpath).read(), open(qpath).read()
    vmv = d.get("vm_verdict")
    is_vm = vmv is not None
    bad = []
    js, ts = json_steps(d), text_steps(text)
    # every report has a next step: none found is a parse that went wrong
    if not ts or not js:
        bad.append("parse %s: %d next steps in the text, %d in the JSON" % (name, len(ts), len(js)))
    bad += one_action_per_layer(js, name + " (JSON)")
    bad += one_action_per_layer(ts, name + " (text)")
    bad += vm_rules(js, is_vm, NO_REAL_CORE in json.dumps(d), name + " (JSON)")
    bad += vm_rules(ts, is_vm, NO_REAL_CORE in " ".join(text.split()), name + " (text)")
    first = next((p for p in d.get("pmus") or [] if p.get("core")), None)
    if is_vm and first and first.get("verdict"):
        host = first["verdict"]["code"]
        if host in SAME_CAUSE and vmv["code"] != SAME_CAUSE[host]:
            bad.append("R3 %s: %s's verdict %s but the VM verdict %s: two causes for one "
                       "SLOTS 0" % (name, first["name"], host, vmv["code"]))
    # R4: a VM without /dev/kvm (or a VM's replayed tree) answers as a VM first
    if is_vm and d["kvm"]["status"] in ("no_device", "not_probed"):
        for what, t in (("text", text), ("-q", quiet)):
            top = [l for l in t.splitlines() if TOP_VERDICT.match(l)]
            if not top or not top[0].startswith("VM verdict: "):
                bad.append("R4 %s (%s): the first verdict line is not the VM verdict: %r"
                           % (name, what, top[0] if top else None))
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "record":
        record(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(check(*sys.argv[2:6]))
