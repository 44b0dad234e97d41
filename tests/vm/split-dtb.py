#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""usage: split-dtb.py IN.dtb OUT.dtb

Turns the device tree QEMU's virt machine dumped (-M virt,...,dumpdtb=IN.dtb)
into one that describes a heterogeneous host with two CPUs: the generic
"arm,armv8-pmuv3" node is replaced by an "arm,cortex-a57-pmu" node on CPU 0
and an "arm,cortex-a53-pmu" node on CPU 1.  QEMU emulates one CPU type, but
Linux registers one PMU per device-tree PMU node, with the CPUs of the node's
PPI partition (drivers/perf/arm_pmu_platform.c, pmu_parse_percpu_irq), so the
kernel lists armv8_cortex_a57 (cpus 0) and armv8_cortex_a53 (cpus 1).

A PPI partition needs the GICv3 binding's four-cell interrupt specifier
(Documentation/devicetree/bindings/interrupt-controller/arm,gic-v3.yaml:
the fourth cell is a phandle to a partition node, 0 for none) and a
ppi-partitions node with one partition per CPU (affinity = the CPU node).
So every interrupt specifier aimed at the GIC gets a fourth cell of 0, and
the PCIe host's interrupt-map, whose entries end in a GIC specifier, is
rewritten entry by entry.  Uses Debian's dtc (package device-tree-compiler).
"""
import re, subprocess, sys


def die(msg):
    sys.exit(f"split-dtb: {msg}")


def cells(text):
    return [int(c, 0) for c in text.split()]


def fmt(values):
    return "<" + " ".join(f"{v:#x}" for v in values) + ">"


def node_body(dts, name):
    """(start, end) of the whole node NAME { ... }; at any depth, first match."""
    m = re.search(r"^(\t+)" + re.escape(name) + r" \{\n", dts, re.M)
    if not m:
        die(f"no node {name} in QEMU's device tree")
    end = dts.index("\n" + m.group(1) + "};\n", m.end()) + len(m.group(1)) + 4
    return m.start(), end


def prop(body, name):
    m = re.search(r"\t" + re.escape(name) + r" = <([^>]*)>;", body)
    return cells(m.group(1)) if m else None


def split(dts):
    gic_start, gic_end = node_body(dts, "intc@8000000")
    gic = dts[gic_start:gic_end]
    gic_phandle = prop(gic, "phandle")[0]
    if prop(gic, "#interrupt-cells") != [3] or prop(gic, "#address-cells") != [2]:
        die("the GIC node is not the three-cell GICv3 this script knows")
    cpu_phandles = []
    for cpu in ("cpu@0", "cpu@1"):
        s, e = node_body(dts, cpu)
        cpu_phandles.append(prop(dts[s:e], "phandle")[0])
    used = [int(p, 0) for p in re.findall(r"phandle = <(0x[0-9a-f]+)>", dts)]
    part = [max(used) + 1, max(used) + 2]

    # Every interrupt specifier aimed at the GIC: the root's interrupt-parent
    # is the GIC, and no node here names another parent for "interrupts".
    parents = set(int(p, 0) for p in re.findall(r"interrupt-parent = <(0x[0-9a-f]+)>", dts))
    if parents != {gic_phandle}:
        die("an interrupt parent other than the GIC: the rewrite would be wrong")

    def four(m):
        v = cells(m.group(1))
        if len(v) % 3:
            die(f"interrupts = <{m.group(1)}> is not a list of three-cell specifiers")
        out = []
        for i in range(0, len(v), 3):
            out += v[i:i + 3] + [0]
        return f"interrupts = {fmt(out)};"
    dts = re.sub(r"(?<![-\w])interrupts = <([^>]*)>;", four, dts)

    # interrupt-map entry: child unit address (#address-cells of the PCIe
    # node, 3), child specifier (its #interrupt-cells, 1), the parent's
    # phandle, the parent unit address (the GIC's #address-cells, 2), the
    # parent specifier (3, now 4).
    def imap(m):
        v = cells(m.group(1))
        n = 3 + 1 + 1 + 2 + 3
        if len(v) % n or any(v[i + 4] != gic_phandle for i in range(0, len(v), n)):
            die("the PCIe interrupt-map is not the layout this script knows")
        out = []
        for i in range(0, len(v), n):
            out += v[i:i + n] + [0]
        return f"interrupt-map = {fmt(out)};"
    dts, k = re.subn(r"interrupt-map = <([^>]*)>;", imap, dts)
    if k != 1:
        die(f"expected one interrupt-map, found {k}")

    # The GIC itself (its maintenance interrupt went through four() above).
    gic_start, gic_end = node_body(dts, "intc@8000000")
    gic = dts[gic_start:gic_end]
    gic = gic.replace("#interrupt-cells = <0x03>;", "#interrupt-cells = <0x04>;")
    partitions = (
        "\t\tppi-partitions {\n"
        + "".join(f"\t\t\tinterrupt-partition-{i} {{\n"
                  f"\t\t\t\taffinity = <{cpu_phandles[i]:#x}>;\n"
                  f"\t\t\t\tphandle = <{part[i]:#x}>;\n"
                  "\t\t\t};\n" for i in range(2))
        + "\t\t};\n")
    gic = gic[:gic.rindex("\t};\n")] + partitions + "\t};\n"
    dts = dts[:gic_start] + gic + dts[gic_end:]

    # The PMU nodes: one per core type, each on its CPU's PPI partition.
    s, e = node_body(dts, "pmu")
    old = dts[s:e]
    if '"arm,armv8-pmuv3"' not in old or prop(old, "interrupts")[:3] != [1, 7, 4]:
        die("the PMU node is not QEMU's arm,armv8-pmuv3 on PPI 7")
    new = "".join(f"\tpmu-{core} {{\n"
                  f"\t\tinterrupts = <0x01 0x07 0x04 {part[i]:#x}>;\n"
                  f"\t\tcompatible = \"arm,{core}-pmu\";\n"
                  "\t};\n" for i, core in enumerate(("cortex-a57", "cortex-a53")))
    return dts[:s] + new + dts[e:]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.splitlines()[0])
    src, dst = sys.argv[1:]
    p = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", src],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode:
        die(f"dtc cannot read {src}: {p.stderr.strip()}")
    dts = split(p.stdout)
    p = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dst, "-"],
                       input=dts, stderr=subprocess.PIPE, text=True)
    if p.returncode:
        die(f"dtc cannot build the split tree: {p.stderr.strip()}")


if __name__ == "__main__":
    main()
