#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""usage: patch-qemu-pmmir.py SRC DST [VALUE]      (VALUE default 0x51008)

Writes DST, a copy of the x86_64 qemu-system-aarch64 SRC whose emulated
PMMIR_EL1 reads VALUE instead of 0.

Why: every QEMU release defines PMMIR_EL1 as a constant-0 register (an
ARM_CP_CONST ARMCPRegInfo, see target/arm/helper.c or cpregs-pmu.c), so the
arm64 kernel under test sees SLOTS = 0, and KVM's PMU_V3_STRICT mode (which
passes the host's SLOTS to guests) is indistinguishable from legacy mode.
0x51008 = SLOTS 8, BUS_SLOTS 0x10, BUS_WIDTH 5.

How: the ARMCPRegInfo is static data in a PIE binary, so its .name pointer
is filled at load time by an R_X86_64_RELATIVE relocation whose addend is
the address of the "PMMIR_EL1" string.  The struct layout (target/arm/cpregs.h):
    +0x00 name   +0x08 cp, crn, crm, opc0, opc1, opc2 (one byte each)
    +0x10 state (ARM_CP_STATE_BOTH = 2)   +0x14 type (ARM_CP_CONST = 0x10)
    +0x18 access (PL1_R = 0xa8)   ... resetvalue, fieldoffset,
    bank_fieldoffsets[2], accessfn
Between access and resetvalue the releases differ: 7.2 has secure and
opaque (resetvalue +0x28, accessfn +0x48); 11.1 has secure, fgt,
nv2_redirect_offset and two vhe_redir fields (resetvalue +0x30, accessfn
+0x50).  accessfn is the first relocated pointer after name in both, so
resetvalue = accessfn - 0x20.  Every assumption is checked; on any mismatch
nothing is written and the script exits 1 with a one-line reason.

DST is reused when DST.stamp records the same SRC sha256 and VALUE.
"""
import hashlib, os, shutil, struct, sys

R_X86_64_RELATIVE = 8
PMMIR_ENCODING = bytes([0, 9, 14, 3, 0, 6])   # cp, crn, crm, opc0, opc1, opc2
ARM_CP_STATE_BOTH, ARM_CP_CONST, PL1_R = 2, 0x10, 0xa8


def fail(msg):
    sys.exit(f"patch-qemu-pmmir: {msg}")


def sections(d):
    if d[:5] != b"\x7fELF\x02" or d[5] != 1 or struct.unpack_from("<H", d, 0x12)[0] != 62:
        fail("not a little-endian x86_64 ELF64 binary")
    shoff, = struct.unpack_from("<Q", d, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", d, 0x3a)
    shdrs = [struct.unpack_from("<IIQQQQIIQQ", d, shoff + i * shentsize) for i in range(shnum)]
    names = shdrs[shstrndx][4]
    out = {}
    for sh in shdrs:
        n = d[names + sh[0]:d.index(b"\0", names + sh[0])].decode()
        out[n] = {"addr": sh[3], "off": sh[4], "size": sh[5]}
    return out


def vaddr_to_off(secs, va):
    for s in secs.values():
        if s["addr"] and s["addr"] <= va < s["addr"] + s["size"]:
            return va - s["addr"] + s["off"]
    fail(f"address {va:#x} is in no section")


def find_resetvalue(d):
    """File offset of PMMIR_EL1's resetvalue, after checking the struct."""
    secs = sections(d)
    if ".rodata" not in secs or ".rela.dyn" not in secs:
        fail("no .rodata or .rela.dyn section (not a PIE QEMU build?)")
    ro = secs[".rodata"]
    strings, i = set(), d.find(b"\0PMMIR_EL1\0", ro["off"], ro["off"] + ro["size"])
    while i != -1:
        strings.add(ro["addr"] + i + 1 - ro["off"])
        i = d.find(b"\0PMMIR_EL1\0", i + 1, ro["off"] + ro["size"])
    rela = secs[".rela.dyn"]
    relocs = [struct.unpack_from("<QQq", d, rela["off"] + k)
              for k in range(0, rela["size"], 24)]
    relative = sorted(off for off, info, _ in relocs if info & 0xffffffff == R_X86_64_RELATIVE)
    structs = [off for off, info, add in relocs
               if info & 0xffffffff == R_X86_64_RELATIVE and add in strings]
    if len(structs) != 1:
        fail(f"expected one ARMCPRegInfo named PMMIR_EL1, found {len(structs)}")
    base = structs[0]
    so = vaddr_to_off(secs, base)
    enc = d[so + 8:so + 14]
    if enc != PMMIR_ENCODING:
        fail(f"encoding bytes {enc.hex()} are not PMMIR_EL1's (op0 3, op1 0, crn 9, crm 14, op2 6)")
    state, typ, access = struct.unpack_from("<iii", d, so + 0x10)
    if (state, typ & ARM_CP_CONST, access) != (ARM_CP_STATE_BOTH, ARM_CP_CONST, PL1_R):
        fail(f"state/type/access {state:#x}/{typ:#x}/{access:#x} are not PMMIR_EL1's "
             "(ARM_CP_STATE_BOTH, ARM_CP_CONST, PL1_R)")
    after = [r - base for r in relative if base < r < base + 0x80]
    if not after:
        fail("no accessfn pointer found in the ARMCPRegInfo")
    rv = after[0] - 0x20
    if rv < 0x18:
        fail(f"accessfn at +{after[0]:#x} leaves no room for resetvalue")
    slots = struct.unpack_from("<4Q", d, so + rv)   # resetvalue, fieldoffset, bank x2
    if slots != (0, 0, 0, 0):
        fail(f"resetvalue/fieldoffset at +{rv:#x} are {[hex(v) for v in slots]}, "
             "expected all 0 (struct layout differs)")
    return so + rv, base, rv


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.splitlines()[0])
    src, dst = sys.argv[1], sys.argv[2]
    value = int(sys.argv[3], 0) if len(sys.argv) == 4 else 0x51008
    d = open(src, "rb").read()
    key = f"{hashlib.sha256(d).hexdigest()} {value:#x}\n"
    stamp = dst + ".stamp"
    if os.path.exists(dst) and os.path.exists(stamp) and open(stamp).read() == key:
        return
    off, base, rv = find_resetvalue(d)
    b = bytearray(d)
    struct.pack_into("<Q", b, off, value)
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    with open(dst + ".tmp", "wb") as f:
        f.write(b)
    shutil.copymode(src, dst + ".tmp")
    os.replace(dst + ".tmp", dst)
    open(stamp, "w").write(key)
    print(f"patch-qemu-pmmir: {dst}: PMMIR_EL1 ARMCPRegInfo @{base:#x}, "
          f"resetvalue +{rv:#x}: 0 -> {value:#x}", file=sys.stderr)


if __name__ == "__main__":
    main()
