#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hostile --replay archives for the "hostile shapes" benchmark rows.

usage: scripts/bench/bench-hostile.py CAPTURE OUTDIR

CAPTURE is a good archive the tool wrote (kvm-pmu-info --capture of a
fixture).  Each shape is that archive plus members at, or past, one of the
tool's documented limits (kvm-pmu-info(1) LIMITS): path depth, files and
directories, PMUs, events per PMU, CPUs.  Every file is small (at most
about 1 MiB); what it costs the tool is its shape.  Prints one line per
archive: NAME<TAB>PATH<TAB>WHAT.
"""
import gzip
import os
import sys
import tarfile

CAPTURE, OUT = sys.argv[1], sys.argv[2]
DEV = "sys/bus/event_source/devices"
CPU = "sys/devices/system/cpu"
os.makedirs(OUT, exist_ok=True)


def header(name, size, dir_=False):
    """One ustar header; names past 100 bytes split into prefix/name."""
    name = name.encode()
    prefix = b""
    if len(name) > 100:
        # ustar: name <= 100 bytes, prefix <= 155, split at a '/'
        cut = name.index(b"/", len(name) - 101)
        assert cut <= 155, "a path ustar cannot hold: %r" % name
        prefix, name = name[:cut], name[cut + 1:]
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = b"0000755\0" if dir_ else b"0000644\0"
    h[108:124] = b"0000000\0" * 2
    h[124:136] = b"%011o\0" % size
    h[136:148] = b"00000000000\0"
    h[148:156] = b" " * 8
    h[156:157] = b"5" if dir_ else b"0"
    h[257:265] = b"ustar\x0000"
    h[345:345 + len(prefix)] = prefix
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def member(name, data):
    if data is None:
        return header(name, 0, True)
    return header(name, len(data)) + data + b"\0" * (-len(data) % 512)


BASE = []
with tarfile.open(CAPTURE) as t:
    for m in t.getmembers():
        BASE.append((m.name, None if m.isdir() else t.extractfile(m).read()))


def write(name, what, extra=(), replace=None):
    """The capture with REPLACE's members given new data and EXTRA's
    (path, data) pairs added (data None: a directory)."""
    parts = [member(n, (replace or {}).get(n, d)) for n, d in BASE]
    parts += [member(n, d) for n, d in extra]
    path = os.path.join(OUT, name + ".tar.gz")
    with open(path, "wb") as f:
        f.write(gzip.compress(b"".join(parts) + b"\0" * 1024, 6, mtime=0))
    print("%s\t%s\t%s" % (name, path, what))


write("depth-128", "65,536 files 128 components deep (was 45 s, 1.7 GB): refused, depth",
      [("/".join(list("%04x" % i) + ["x"] * 123 + ["f"]), b"") for i in range(65536)])
write("nodes-at-limit", "8,000 files 16 deep: 128,061 files and directories",
      [("/".join(["n"] + ["%x" % ((i >> (k % 13)) & 1 if k else i) for k in range(14)] + ["f"]), b"")
       for i in range(8000)])
write("nodes-past-limit", "65,536 files 16 deep, ~1 M implied directories: refused",
      [("/".join(["n"] + ["%x" % ((i >> (k % 13)) & 1 if k else i) for k in range(14)] + ["f"]), b"")
       for i in range(65536)])
write("pmus-32000", "32,000 core PMUs (was 45 s): 1,024 read",
      [("%s/armv8_p%d/cpus" % (DEV, i), b"0-1\n") for i in range(32000)])
write("pmus-1024", "1,024 core PMUs, each with caps/slots",
      [("%s/armv8_p%d/%s" % (DEV, i, f), v) for i in range(1018)
       for f, v in (("type", b"%d\n" % (100 + i)), ("cpus", b"0-1\n"), ("caps/slots", b"0x00000008\n"))])
write("events-60000", "60,000 events on the core PMU (was 5 s): 1,024 read",
      [("%s/armv8_pmuv3/events/ev%d" % (DEV, k), b"event=0x%04x\n" % (k & 0xffff))
       for k in range(60000)])
write("cpus-8192", "8,192 CPUs of 8,192 MIDRs",
      [("%s/cpu%d/regs/identification/midr_el1" % (CPU, i), b"0x%016x\n" % (0x410fd400 + 16 * i))
       for i in range(2, 8192)],
      {CPU + "/online": b"0-8191\n", CPU + "/possible": b"0-8191\n", CPU + "/present": b"0-8191\n"})
