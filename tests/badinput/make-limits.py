#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""usage: make-limits.py OUTDIR GOOD.tar.gz MEMBER_MAX MEMBERS_MAX ARCHIVE_MAX GZ_MAX DEPTH_MAX NODES_MAX

Archives for --replay at and one past each limit of src/tar.h (the caller
reads the values there, so the archives follow main's limits): every extra
member has a non-ASCII UTF-8 name.  From the capture GOOD (a real fixture's)
this writes OUTDIR/NAME.tar.gz and one line "NAME<TAB>ok" or
"NAME<TAB>TEXT" in OUTDIR/LIMITS (TEXT: what the refusal must say):
  member-at / member-past      one member of MEMBER_MAX / MEMBER_MAX+1 bytes
  members-at / members-past    MEMBERS_MAX / MEMBERS_MAX+1 members in all
  nodes-at / nodes-past        NODES_MAX / NODES_MAX+1 files and directories,
                               most of them implied by the member names
  tar-at / tar-past            the tar itself ARCHIVE_MAX / ARCHIVE_MAX+512
                               bytes (a tar grows by 512-byte blocks)
  depth-at / depth-past        a file DEPTH_MAX / DEPTH_MAX+1 path components deep
  gz-at / gz-past              the .tar.gz file GZ_MAX / GZ_MAX+1 bytes (the
                               gzip header's comment field pads it exactly)
Each archive is otherwise the capture: one at a limit replays (exit 0).
"""
import io, os, struct, sys, tarfile, zlib

out, good = sys.argv[1], sys.argv[2]
member_max, members_max, archive_max, gz_max, depth_max, nodes_max = map(int, sys.argv[3:9])
os.makedirs(out, exist_ok=True)
# A tar ends in two zero blocks; tarfile would pad it to 20 blocks more.
tarfile.RECORDSIZE = 512
BLOCK = 512
src = tarfile.open(good)
base = [(m, src.extractfile(m).read() if m.isfile() else None) for m in src.getmembers()]


def blocks(n):
    return (n + BLOCK - 1) // BLOCK * BLOCK


def tar_of(extra):
    """The capture's members, then EXTRA (name, bytes or None for a dir)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT,
                      encoding="utf-8") as t:
        for m, data in base:
            t.addfile(m, io.BytesIO(data) if data is not None else None)
        for name, data in extra:
            i = tarfile.TarInfo(name)
            if data is None:
                i.type, i.mode = tarfile.DIRTYPE, 0o755
                t.addfile(i)
            else:
                i.size, i.mode = len(data), 0o644
                t.addfile(i, io.BytesIO(data))
    return buf.getvalue()


def gz(tar, size=None):
    """gzip of TAR; with SIZE, exactly SIZE bytes (FCOMMENT padding)."""
    c = zlib.compressobj(1, zlib.DEFLATED, -15)
    body = c.compress(tar) + c.flush()
    trailer = struct.pack("<II", zlib.crc32(tar), len(tar) & 0xffffffff)
    if size is None:
        return b"\x1f\x8b\x08\x00" + b"\0" * 4 + b"\x00\xff" + body + trailer
    pad = size - (10 + 1 + len(body) + len(trailer))
    assert pad >= 0, "payload too large for %d bytes" % size
    return b"\x1f\x8b\x08\x10" + b"\0" * 4 + b"\x00\xff" + b"c" * pad + b"\0" + body + trailer


cases = []


def case(name, data, expect):
    with open(os.path.join(out, name + ".tar.gz"), "wb") as f:
        f.write(data)
    cases.append((name, expect))


d = "x/\u00fcber-gr\u00f6\u00dfe/"          # x/über-größe/
fill = d + "\u30c7\u30fc\u30bf-%06d"          # データ-NNNNNN
big = d + "\u540d\u524d-%s"                   # 名前-at / 名前-past
case("member-at", gz(tar_of([(d, None), (big % "at", b"\0" * member_max)])), "ok")
case("member-past", gz(tar_of([(d, None), (big % "past", b"\0" * (member_max + 1))])),
     "claims %d bytes; the limit is" % (member_max + 1))

# Every directory explicit: MEMBERS_MAX members are MEMBERS_MAX nodes.
n = members_max - len(base) - 2
dirs = [("x/", None), (d, None)]
case("members-at", gz(tar_of(dirs + [(fill % i, b"") for i in range(n)])), "ok")
case("members-past", gz(tar_of(dirs + [(fill % i, b"") for i in range(n + 1)])),
     "more than %d members" % members_max)
# NODES_MAX files and directories, most of them directories the member
# names imply ("x" and two a file), then one file more.
r = nodes_max - len(base) - 1
j = {0: 0, 2: 1, 1: 2}[r % 3]
k = (r - 2 * j) // 3
implied = [("x/\u00e4%06d/\u00f6/\u540d\u524d" % i, b"") for i in range(k)]
implied += [("x/\u00fc%06d/\u540d\u524d" % i, b"") for i in range(j)]
case("nodes-at", gz(tar_of(implied)), "ok")
case("nodes-past", gz(tar_of(implied + [("x/\u540d\u524d-past", b"")])),
     "more than %d files and directories" % nodes_max)


def tar_exactly(size):
    """The capture plus members of at most MEMBER_MAX bytes: SIZE bytes."""
    have = len(tar_of([(d, None)]))
    extra, i = [(d, None)], 0
    while have < size:
        room = size - have - BLOCK               # header of the next member
        n = min(member_max, room)
        extra.append((fill % i, b"\0" * n))
        have += BLOCK + blocks(n)
        i += 1
    t = tar_of(extra)
    assert len(t) == size, (len(t), size)
    return t


case("tar-at", gz(tar_exactly(archive_max)), "ok")
case("tar-past", gz(tar_exactly(archive_max + BLOCK)),
     "inflates to more than %d MiB" % (archive_max >> 20))

# Path depth: d is 2 components, then directories \u00e401, ... and the file.
def deep(n):
    return d + "".join("\u00e4%02d/" % i for i in range(n - 3)) + "\u540d\u524d"


case("depth-at", gz(tar_of([(d, None), (deep(depth_max), b"x\n")])), "ok")
case("depth-past", gz(tar_of([(d, None), (deep(depth_max + 1), b"x\n")])),
     "is %d components deep; the limit is %d" % (depth_max + 1, depth_max))

# The file size: the capture with one non-ASCII member, its gzip header's
# comment padding the file to exactly GZ_MAX bytes (zlib skips a comment).
t = tar_of([(d, None), (big % "gz", "\u00e9t\u00e9\n".encode())])
case("gz-at", gz(t, gz_max), "ok")
case("gz-past", gz(t, gz_max + 1), "larger than %d MiB" % (gz_max >> 20))

with open(os.path.join(out, "LIMITS"), "w") as f:
    for name, expect in cases:
        f.write("%s\t%s\n" % (name, expect))
