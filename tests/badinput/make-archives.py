#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""make-archives.py OUTDIR CAPTURE - hostile archives for --replay.

CAPTURE is a good archive the tool wrote (kvm-pmu-info --capture); each case
is built from it or from scratch, byte by byte (Python's tarfile would refuse
to write most of them).  For each case NAME this writes OUTDIR/NAME.tar.gz
and a line "NAME<TAB>TEXT" to OUTDIR/ARCHIVES: --replay must fail with exit
status 1 and one stderr line containing TEXT.  Cases whose file is not an
archive at all (a directory, a FIFO) are made the same way.
"""
import gzip
import io
import json
import os
import sys
import tarfile

OUT, CAPTURE = sys.argv[1], sys.argv[2]
os.makedirs(OUT, exist_ok=True)
cases = []


def header(name, type_=b"0", size=0, size_field=None, prefix=b""):
    h = bytearray(512)
    name = name.encode() if isinstance(name, str) else name
    h[0:len(name)] = name[:100]
    h[100:108] = b"0000644\0"
    h[108:116] = b"0000000\0"
    h[116:124] = b"0000000\0"
    h[124:136] = size_field if size_field is not None else b"%011o\0" % size
    h[136:148] = b"00000000000\0"
    h[148:156] = b" " * 8
    h[156:157] = type_
    h[257:263] = b"ustar\0"
    h[263:265] = b"00"
    h[345:345 + len(prefix)] = prefix
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def member(name, data=b"", type_=b"0", size_field=None, prefix=b""):
    return header(name, type_, len(data), size_field, prefix) + data + b"\0" * (-len(data) % 512)


END = b"\0" * 1024


def case(name, text, data, compress=True):
    with open(os.path.join(OUT, name + ".tar.gz"), "wb") as f:
        f.write(gzip.compress(data, mtime=0) if compress else data)
    cases.append((name, text))


with open(CAPTURE, "rb") as f:
    good_gz = f.read()
good = gzip.decompress(good_gz)
body = good.rstrip(b"\0")
body += b"\0" * (-len(body) % 512)

def with_members(replace, extra=()):
    """The good archive with the members named in REPLACE given new data,
    and the (name, data) pairs of EXTRA added (a name ending in '/' is a
    directory)."""
    t = tarfile.open(fileobj=io.BytesIO(good))
    out = []   # a list: bytes += would copy the archive once per member
    for m in t.getmembers():
        if m.isdir():
            out.append(member(m.name + "/", type_=b"5"))
        else:
            out.append(member(m.name, replace.get(m.name, None) or t.extractfile(m).read()))
    for name, data in extra:
        # Past 100 bytes the ustar prefix field holds the leading directories.
        name = name.encode()
        prefix = b""
        if len(name) > 100:
            prefix, name = name[:name.rindex(b"/", 0, len(name) - 1)], name[name.rindex(b"/", 0, len(name) - 1) + 1:]
        out.append(member(name, type_=b"5", prefix=prefix) if name.endswith(b"/")
                   else member(name, data, prefix=prefix))
    return b"".join(out) + END


def with_record(record):
    """The good archive with probe.json replaced by RECORD."""
    return with_members({"probe.json": record})


# every hostile kind the issue names, then the rest of the subset's edges
case("path-traversal", "'../../tmp/kpi-replay-escape' is not a clean relative path",
     member("../../tmp/kpi-replay-escape", b"x") + END)
case("path-traversal-inner", "is not a clean relative path",
     body + member("sys/devices/../../../etc/passwd", b"x") + END)
case("absolute-path", "'/tmp/kpi-replay-escape' is not a clean relative path",
     member("/tmp/kpi-replay-escape", b"x") + END)
case("symlink-member", "'sys/bus/event_source/devices/evil' is a symbolic link",
     body + member("sys/bus/event_source/devices/evil", type_=b"2") + END)
case("hardlink-member", "is a hard link", body + member("proc/cpuinfo2", type_=b"1") + END)
case("device-member", "'dev/kvm' is a character device", member("dev/kvm", type_=b"3") + END)
case("fifo-member", "is a FIFO", member("sys/fifo", type_=b"6") + END)
case("block-device-member", "'dev/sda' is a block device", member("dev/sda", type_=b"4") + END)
# POSIX ustar's '7' (contiguous) may be read as a regular file; this
# reader accepts regular files and directories only, and says which.
case("contiguous-member", "'sys/contig' is a contiguous file", member("sys/contig", b"x", type_=b"7") + END)
case("unknown-type", "'sys/odd' has unknown type 0x5a", member("sys/odd", b"x", type_=b"Z") + END)
# A size field of spaces holds no number: no size, not size 0.
case("size-no-digits", "'sys/blank' has a size field that is not an octal number",
     member("sys/blank", size_field=b" " * 11 + b"\0") + END)
case("pax-header", "is a pax extended header", member("PaxHeaders/x", b"30 path=x\n", b"x") + END)
case("gnu-longname", "is a GNU long-name header", member("././@LongLink", b"a" * 200, b"L") + END)
with open(os.path.join(OUT, "truncated-gzip.tar.gz"), "wb") as f:
    f.write(good_gz[:len(good_gz) // 2])
cases.append(("truncated-gzip", "the gzip stream is truncated"))
# 80 MiB of zeros in one member: ~80 KB compressed, refused at 64 MiB
bomb = header("sys/bomb", size=80 << 20) + b"\0" * (80 << 20)
case("gzip-bomb", "inflates to more than 64 MiB", bomb)
del bomb
case("negative-size", "'sys/neg' has a size field that is not an octal number",
     member("sys/neg", b"x", size_field=b"\xff" * 12) + END)
case("negative-size-minus", "not an octal number",
     member("sys/neg", b"x", size_field=b"-0000000001\0") + END)
case("duplicate-member", "'proc/sys/kernel/arch' appears twice",
     body + member("proc/sys/kernel/arch", b"x86_64\n") + END)
case("size-2gib", "'sys/huge' claims 2147483648 bytes",
     member("sys/huge", b"x", size_field=b"20000000000\0") + END)
case("size-past-end", "truncated inside member 'sys/short'",
     member("sys/short", b"x", size_field=b"00000010000\0") + END)
case("no-end-blocks", "without its end-of-archive blocks", body)
case("bad-checksum", "bad checksum",
     (lambda h: h[:10] + b"X" + h[11:])(member("sys/x", b"1")) + END)
case("not-ustar", "not a ustar header", b"\1" * 512 + END)
case("file-and-dir", "'sys/a' appears twice",
     member("sys/a", b"1") + member("sys/a/b", b"2") + END)
case("not-gzip", "not a gzip file", good, compress=False)
case("empty-file", "not a gzip file", b"", compress=False)
case("corrupt-deflate", "corrupt gzip data",
     (lambda z: z[:40] + bytes(b ^ 0x5a for b in z[40:60]) + z[60:])(good_gz), compress=False)
# Past the shape limits (tar.h): a path deeper than 16 components, and
# more than 131,072 files and directories once the directories the names
# imply are counted (9,000 distinct files 16 deep imply ~135,000 more).
case("depth-17", "'sys/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/f' is 17 components deep; the limit is 16",
     member("sys/" + "a/" * 15 + "f", b"x") + END)
case("nodes-past-limit", "more than 131072 files and directories, counting the directories",
     b"".join(member("/".join(["n"] + ["%x" % ((i >> (k % 13)) & 1 if k else i) for k in range(14)] + ["f"]))
              for i in range(9000)) + END)
case("record-not-json", "probe.json: not valid JSON", with_record(b"{ not json"))
case("record-newer-schema", "probe.json: schema_version 99",
     with_record(b'{"schema_version": 99}'))
# Octal fields hold the digits 0-7 only (POSIX ustar: "leading zero-filled
# octal numbers"): an 8 or a 9 in the size field is no size, whatever it
# would read as; refused, not read as 8 * 8 + 8.
case("size-digit-8", "'sys/eight' has a size field that is not an octal number",
     member("sys/eight", b"x" * 16, size_field=b"00000000018\0") + END)
case("size-digit-9", "'sys/nine' has a size field that is not an octal number",
     member("sys/nine", b"x" * 16, size_field=b"00000000019\0") + END)
# The checksum field is octal too: the right sum, its last octal digit b
# (0 or 1) spelt as b + 8 after one less in the digits before it (an
# octal reader that took 8 and 9 would find the sum), is a bad checksum.
def header_sum(name):
    h = bytearray(header(name, size=1))
    h[148:156] = b" " * 8
    return bytes(h), sum(h)


def checksum_89(name):
    h, total = header_sum(name)
    assert total % 8 < 2, total
    h = h[:148] + b"%05o%c\0 " % (total // 8 - 1, ord("8") + total % 8) + h[156:]
    return h + b"1" + b"\0" * 511


# a name whose header sums to 0 or 1 modulo 8
name89 = next(n for n in ("sys/x%d" % i for i in range(16)) if header_sum(n)[1] % 8 < 2)
case("checksum-digit-89", "bad checksum", checksum_89(name89) + END)

# Refused by the tar reader after the gzip reader grew its buffer over two
# members (RFC 1952 2.2): the path where tar_read_gz frees what it
# inflated; the sanitizer step's LeakSanitizer sees a dropped free there.
bad_tar = body + member("sys/../escape", b"x") + END
case("multi-member-refused", "'sys/../escape' is not a clean relative path",
     gzip.compress(bad_tar[:len(bad_tar) // 2], mtime=0) + gzip.compress(bad_tar[len(bad_tar) // 2:], mtime=0),
     compress=False)

# The probe record of a real run with a strict contract (tests/fixtures/
# qemu-7.3.4-max-slots8/contract/capture.tar.gz), one field made what no
# run writes: each is refused in one line naming it.
HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "fixtures", "qemu-7.3.4-max-slots8", "contract",
                       "capture.tar.gz"), "rb") as f:
    contract_tar = gzip.decompress(f.read())


def contract_record(edit):
    """The contract capture with EDIT(record) applied to its probe.json."""
    t = tarfile.open(fileobj=io.BytesIO(contract_tar))
    out = []
    for m in t.getmembers():
        assert len(m.name) < 100, m.name
        if m.isdir():
            out.append(member(m.name + "/", type_=b"5"))
            continue
        data = t.extractfile(m).read()
        if m.name == "probe.json":
            rec = json.loads(data)
            edit(rec)
            data = json.dumps(rec).encode()
        out.append(member(m.name, data))
    return b"".join(out) + END


def strict(rec):
    return rec["pmus"][0]["guest"]["strict"]


def calls(rec):
    return rec["pmus"][0]["contract"]["calls"]


# An UNDEF is of a register the guest read (the record's registers hold
# what it wrote, also then): one that was not reported cannot have taken it.
case("record-undef-unreported", "UNDEF of 'pmmir_el1', a register the guest did not report",
     contract_record(lambda r: (strict(r)["registers"].update(pmmir_el1=None),
                                strict(r)["undef"].update(pmmir_el1="0x2000000"))))
# No count, duration, errno or API version is negative; an ioctl returns
# -1 or a non-negative value (the probe records nothing else).
case("record-negative-time", "negative time_us",
     contract_record(lambda r: strict(r).update(time_us=-1)))
case("record-negative-api", "api_version out of range",
     contract_record(lambda r: r["kvm"].update(api_version=-12)))
# schema_version at both ends: the reader takes 1 up to its own version,
# which the real capture (written by this release: 2) has and replays;
# 0, and one past the capture's own, are refused in one line.
contract_version = json.loads(tarfile.open(fileobj=io.BytesIO(contract_tar))
                              .extractfile("probe.json").read())["schema_version"]
case("record-schema-0", "probe.json: schema_version 0; this kvm-pmu-info reads versions 1 to %d"
     % contract_version, contract_record(lambda r: r.update(schema_version=0)))
case("record-schema-next", "probe.json: schema_version %d; this kvm-pmu-info reads versions 1 to %d"
     % (contract_version + 1, contract_version),
     contract_record(lambda r: r.update(schema_version=contract_version + 1)))
case("record-negative-call-errno", "probe.json: pmus[0].contract.calls.pmmir_other",
     contract_record(lambda r: calls(r)["pmmir_other"].update(errno=-22)))
case("record-call-ret-minus-2", "probe.json: pmus[0].contract.calls.pmmir_other",
     contract_record(lambda r: calls(r)["pmmir_other"].update(ret=-2)))
case("record-negative-errno", "errno -1 out of range",
     contract_record(lambda r: (r.update(schema_version=1),
                                strict(r).update(status="failed", error="KVM_RUN failed",
                                                 failed_step="KVM_RUN", errno=-1,
                                                 errno_name="EPERM"))))
# A record no release writes, refused by the reader in one line naming
# the field: a string past its buffer or with a NUL, a member of the wrong
# JSON type, an object that is not one, a member missing, a trail longer
# than the reader takes, a record that is no object or has more after it.
case("record-string-long", "probe.json: kvm: string 'error' longer than 191 bytes or with a NUL byte",
     contract_record(lambda r: r["kvm"].update(error="e" * 5000)))
case("record-string-nul", "pmus[0].guest.strict: string 'error' longer than 191 bytes or with a NUL byte",
     contract_record(lambda r: strict(r).update(status="failed", error="KVM_RUN\0failed",
                                                failed_step="kvm_run", errno="EINVAL")))
case("record-error-number", "probe.json: kvm.error: not of JSON type string",
     contract_record(lambda r: r["kvm"].update(error=12)))
case("record-bool-string", "reg_list_ok: not of JSON type boolean",
     contract_record(lambda r: strict(r)["userspace"].update(reg_list_ok="yes")))
case("record-cap-string", "probe.json: kvm.capabilities.arm_pmu_v3: not of JSON type boolean",
     contract_record(lambda r: r["kvm"]["capabilities"].update(arm_pmu_v3="true")))
case("record-contract-list", "probe.json: pmus[0].contract: not an object",
     contract_record(lambda r: r["pmus"][0].update(contract=[])))
case("record-no-strict", "probe.json: pmus[0].guest.strict: missing",
     contract_record(lambda r: r["pmus"][0]["guest"].pop("strict")))
case("record-trail-4097", "probe.json: trail: more than 4096 lines",
     contract_record(lambda r: r.update(trail=["x"] * 4097)))
case("record-not-object", "probe.json: not a JSON object", with_record(b"[]"))
case("record-trailing", "probe.json: not valid JSON (unexpected character)",
     with_record(b"{} x"))
case("record-nul", "probe.json: too large, or holds a NUL byte", with_record(b"{}\0"))
# json-c's word for input that ends inside a value is "continue"
case("record-truncated", "probe.json: not valid JSON (it ends before its JSON does: empty or truncated)",
     with_record(b'{"schema_version": 1'))
os.mkdir(os.path.join(OUT, "a-directory.tar.gz"))
cases.append(("a-directory", "not a regular file"))
os.mkfifo(os.path.join(OUT, "a-fifo.tar.gz"))
cases.append(("a-fifo", "not a regular file"))
cases.append(("missing", "No such file or directory"))

with open(os.path.join(OUT, "ARCHIVES"), "w") as f:
    for name, text in cases:
        f.write("%s\t%s\n" % (name, text))

# Hostile archives the tool must replay, not refuse: every output valid
# (check.py), whatever the strings inside.  One NAME a line in VALID.
valid = []


def good_case(name, data, text="", gz=None):
    """An archive the tool replays (exit 0), with TEXT in a stderr line;
    GZ, when given, is the file (else DATA gzip'ed)."""
    with open(os.path.join(OUT, name + ".tar.gz"), "wb") as f:
        f.write(gz if gz is not None else gzip.compress(data, mtime=0))
    valid.append((name, text))


# A probe record (tests/probe-record.json, a real arm64 run) whose trail
# carries terminal escapes (shown by --replay -v) and whose strict guest
# failed with an errno the C library has no name for (the kernel's
# ENOTSUPP, 524, and an unassigned 600).
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "probe-record.json")) as f:
    rec = json.load(f)
rec["trail"] = ["kvm-pmu-info: \x1b]0;pwned\x07\x1b[2J\x1b[31mKVM_CREATE_VM = 4\x9b31m",
                "kvm-pmu-info: \x7f\x01\u200f\u202e KVM_RUN = -1"]
for mode, err in (("strict", 524), ("legacy", 600)):
    g = rec["pmus"][0]["guest"][mode]
    g.update(status="failed", error="KVM_RUN: Unknown error %d" % err, failed_step="KVM_RUN",
             errno=err, errno_name="E%d" % err)
good_case("record-escapes-unnamed-errno", with_record(json.dumps(rec).encode()))

# Multi-byte UTF-8 where the text wraps at 100 columns: a kernel release,
# a PMU name and its CPU list's neighbours, each longer than a line.
long_rel = ("7.3.4-" + "\u00e9" * 70 + "-\u4e2d\u6587" * 20 + "\n").encode()
soft = "sys/bus/event_source/devices/" + "pmu_" + "\u00fc" * 45
good_case("utf8-long-strings", with_members(
    {"proc/sys/kernel/osrelease": long_rel},
    [(soft + "/", b""), (soft + "/type", b"42\n")]))

# Past the inventory's limits (inventory.h), replayed with one problem
# saying what was left out: the 32,000 core PMUs (45 s for --check
# before), 2,000 events on the core PMU, and 4,096 CPUs of as many MIDRs.
DEV = "sys/bus/event_source/devices"
good_case("pmus-32000", with_members({}, [("%s/armv8_p%d/cpus" % (DEV, i), b"0-1\n")
                                          for i in range(32000)]),
          "PMUs; only the first 1024 (by name) are read")
good_case("events-2000", with_members({}, [("%s/armv8_pmuv3/events/e%d" % (DEV, i),
                                            b"event=0x%04x\n" % i) for i in range(2000)]),
          "2007 events; only the first 1024 (by name) are read")
CPU = "sys/devices/system/cpu"
good_case("cpus-4096-midrs", with_members(
    {CPU + "/online": b"0-4095\n", CPU + "/possible": b"0-4095\n", CPU + "/present": b"0-4095\n"},
    [("%s/cpu%d/regs/identification/midr_el1" % (CPU, i), b"0x%016x\n" % (0x410fd400 + 16 * i))
     for i in range(2, 4096)]))

# What the live capture could not store (capture-errors.txt): a problem of
# the replay too, cleaned like every archive string.
good_case("capture-errors", with_members({
    "capture-errors.txt": b"proc/kmsg: not readable: Permission denied\n"
    b"sys/evil\x1b[2J: larger than 1024 KiB: not stored\nno separator here\n"}),
    "proc/kmsg: not in the archive: the capture could not store it (not readable: Permission denied)")

# A valid multi-member gzip file (RFC 1952 2.2): the capture's tar cut in
# three, each part gzip'ed, the members concatenated (cat a.gz b.gz c.gz).
third = len(good) // 3
good_case("multi-member-gzip", None, gz=b"".join(
    gzip.compress(part, mtime=0) for part in (good[:third], good[third:2 * third], good[2 * third:])))

with open(os.path.join(OUT, "VALID"), "w") as f:
    for name, text in valid:
        f.write("%s\t%s\n" % (name, text))
