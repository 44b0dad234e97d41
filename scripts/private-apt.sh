#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: scripts/private-apt.sh [--src] STATEDIR ARCH SUITE...
#
# Writes STATEDIR/apt.conf: an apt configuration whose sources, package lists
# and caches all live in STATEDIR, for `APT_CONFIG=STATEDIR/apt.conf apt-get
# update|download`.  Used to DOWNLOAD (never install) packages of another
# architecture or a newer suite without touching /etc/apt or the system's
# package lists.  With --src, each suite also gets a deb-src line, for
# `apt-get source` (tests/vm/build-qemu.sh fetches Debian's qemu source so).
#
# The mirror is not written into the project: it is the URI of the machine's
# own main archive (the deb822 stanza or sources.list line that carries the
# release's plain suite), read from /etc/apt at run time.
set -eu
src=
[ "${1:-}" = --src ] && { src=1; shift; }
[ $# -ge 3 ] || { echo "usage: $0 STATEDIR ARCH SUITE..." >&2; exit 2; }
dir=$1 arch=$2; shift 2

rel=bookworm
[ -r /etc/os-release ] && rel=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
uri=$(awk -v rel="$rel" '
    /^[ \t]*$/ { if (u != "" && ok) { print u; exit } u = ""; ok = 0; next }
    $1 == "URIs:"   { u = $2 }
    $1 == "Suites:" { for (i = 2; i <= NF; i++) if ($i == rel) ok = 1 }
    END { if (u != "" && ok) print u }' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
if [ -z "$uri" ] && [ -r /etc/apt/sources.list ]; then
    # one-line format; an optional [options] block may precede the URI
    uri=$(awk -v rel="$rel" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while ($i !~ /\]$/) i++
          if ($2 ~ /^\[/) i++; if ($(i+1) == rel) { print $i; exit } }' /etc/apt/sources.list)
fi
[ -n "$uri" ] || { echo "private-apt: no '$rel' Debian mirror found in /etc/apt" >&2; exit 1; }

mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
dir=$(cd "$dir" && pwd)
key=/usr/share/keyrings/debian-archive-keyring.gpg
for s in "$@"; do
    echo "deb [arch=$arch signed-by=$key] $uri $s main"
    [ -z "$src" ] || echo "deb-src [signed-by=$key] $uri $s main"
done > "$dir/sources.list"
# Sandbox::User=root: as root, apt would otherwise try to drop to _apt, which
# cannot write to a private directory, and warn "unsandboxed".
cat > "$dir/apt.conf" <<EOF
Dir::Etc::sourcelist "$dir/sources.list";
Dir::Etc::sourceparts "-";
Dir::State::Lists "$dir/lists";
Dir::Cache "$dir/cache";
APT::Architectures { "$arch"; };
APT::Sandbox::User "root";
Acquire::Languages "none";
EOF
