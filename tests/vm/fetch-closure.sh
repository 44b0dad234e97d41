#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: tests/vm/fetch-closure.sh [--release SUITE] NAME ARCH PACKAGE VERSION PROGRAM...
#
# Downloads (never installs) Debian PACKAGE of ARCH from trixie-backports
# (--release trixie: from trixie itself, e.g. perf 6.12),
# together with every shared library its PROGRAMs (paths inside the package)
# load, and lays them out in ${KPI_VM_CACHE:-~/.cache/kvm-pmu-info/vm}/NAME/root:
#   PROGRAM                           as packaged, e.g. usr/bin/perf
#   lib/<triplet>/<soname>            each library, found by NEEDED (a real file)
#   <PT_INTERP>                       the program interpreter, e.g.
#                                     lib/ld-linux-aarch64.so.1
#   .packages                         "package:arch version" of every .deb used
# Then prints the root's path.
#
# Which packages: apt's own dependency data, never a list kept here and
# never a guess from sonames (trixie renamed many libraries to *t64).  The
# closure is `apt-cache depends --recurse` (Depends and Pre-Depends) of
# PACKAGE as `apt-get install -t SUITE PACKAGE` would resolve it
# (Default-Release SUITE, an empty dpkg status, ARCH native);
# of that closure the Section "libs" packages are downloaded.  The NEEDED
# entries of the programs and of each library taken are then followed
# through the extracted files; a soname no downloaded package holds is an
# error that names it.  VERSION is the version prefix the tests were
# written against (e.g. 7.3.4): a mirror that moved on is an error, not a
# silent change of what is tested.
#
# Packages come through a private apt configuration (scripts/private-apt.sh:
# mirror read from /etc/apt, lists under NAME/apt); .debs stay in NAME/debs.
# Idempotent: once the root is complete, no network access at all.  Safe
# when run twice at once: the work happens under flock NAME/lock, in a
# temporary directory renamed into place.
set -eu
suite=trixie-backports
if [ "${1:-}" = --release ]; then
    case ${2:-} in
    trixie|trixie-backports) suite=$2; shift 2;;
    *) echo "$0: --release takes trixie or trixie-backports" >&2; exit 2;;
    esac
fi
[ $# -ge 5 ] || { echo "usage: $0 [--release SUITE] NAME ARCH PACKAGE VERSION PROGRAM..." >&2; exit 2; }
name=$1 arch=$2 pkg=$3 want=$4; shift 4
top=$(cd "$(dirname "$0")/../.." && pwd)
C=${KPI_VM_CACHE:-${HOME:?}/.cache/kvm-pmu-info/vm}
T=$C/$name R=$T/root
stamp=$R/.complete-$(echo "$arch $pkg $want $*${suite#trixie-backports}" | cksum | cut -d' ' -f1)
[ -e "$stamp" ] && { echo "$R"; exit 0; }

me=${0##*/}
for t in readelf dpkg-deb flock apt-cache; do
    command -v $t >/dev/null || { echo "$me: $t is missing (scripts/deps.sh --test installs it)" >&2; exit 1; }
done
mkdir -p "$T"
exec 9> "$T/lock"
flock 9
[ -e "$stamp" ] && { echo "$R"; exit 0; }     # built while we waited

"$top/scripts/private-apt.sh" "$T/apt" "$arch" trixie trixie-backports
: > "$T/apt/status"
cat >> "$T/apt/apt.conf" <<EOF
Dir::State::status "$T/apt/status";
APT::Architecture "$arch";
APT::Default-Release "$suite";
EOF
export APT_CONFIG="$T/apt/apt.conf"
apt-get -qq update ||
    { echo "$me: apt-get update of trixie/trixie-backports ($arch) failed" >&2; exit 1; }

ver=$(apt-cache -q show --no-all-versions "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | head -n 1)
[ -n "$ver" ] || { echo "$me: no package $pkg ($arch) in $suite" >&2; exit 1; }
case $ver in
"$want"*|*:"$want"*) ;;
*) echo "$me: $pkg is $ver in $suite, the tests expect $want*; the mirror moved on" >&2; exit 1;;
esac
closure=$(apt-cache -q depends --recurse --no-recommends --no-suggests --no-conflicts \
              --no-breaks --no-replaces --no-enhances "$pkg" | grep -v '^[ <]' | sort -u)
libs=$(apt-cache -q show --no-all-versions $closure |
       awk '/^Package:/ { p = $2 } /^Section:/ { s = $2 } /^$/ { if (s == "libs") print p; p = s = "" }')
mkdir -p "$T/debs"
get=
for p in $pkg $libs; do
    ls "$T/debs/${p}_"*"_$arch.deb" "$T/debs/${p}_"*_all.deb >/dev/null 2>&1 || get="$get $p"
done
# one call: loading the package lists dominates
[ -z "$get" ] || (cd "$T/debs" && apt-get -qq download $get) ||
    { echo "$me: downloading$get failed" >&2; exit 1; }

W=$(mktemp -d "$T/build.XXXXXX")
trap 'rm -rf "$W"' EXIT
X=$W/x N=$W/root
mkdir -p "$X" "$N"
for p in $pkg $libs; do
    for f in "$T/debs/${p}_"*"_$arch.deb" "$T/debs/${p}_"*_all.deb; do
        [ -e "$f" ] && dpkg-deb -x "$f" "$X" && dpkg-deb -W --showformat='${Package}:${Architecture} ${Version}\n' "$f"
    done
done > "$N/.packages"

triplet=
for d in "$X"/lib/*-linux-gnu "$X"/usr/lib/*-linux-gnu; do
    [ -e "$d/libc.so.6" ] && triplet=${d##*/}
done
[ -n "$triplet" ] || { echo "$me: no libc.so.6 among the downloaded packages" >&2; exit 1; }
L=lib/$triplet
mkdir -p "$N/$L"
find_so() {     # find_so SONAME: its path among the extracted packages
    for d in "lib/$triplet" "usr/lib/$triplet" lib usr/lib; do
        [ -e "$X/$d/$1" ] && { echo "$X/$d/$1"; return 0; }
    done
    return 1
}
queue=
for f in "$@"; do
    [ -f "$X/$f" ] || { echo "$me: $pkg $ver has no $f" >&2; exit 1; }
    mkdir -p "$N/${f%/*}"
    cp -L "$X/$f" "$N/$f"
    queue="$queue $N/$f"
done
while [ -n "$queue" ]; do
    next=
    for f in $queue; do
        for so in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
            [ -e "$N/$L/$so" ] && continue
            src=$(find_so "$so") ||
                { echo "$me: $so (needed by ${f#"$N"/}) is in no Section-libs package of $pkg's dependencies" >&2; exit 1; }
            cp -L "$src" "$N/$L/$so"
            next="$next $N/$L/$so"
        done
    done
    queue=$next
done
for f in "$@"; do
    interp=$(readelf -l "$N/$f" | sed -n 's/.*Requesting program interpreter: \(.*\)\]$/\1/p')
    [ -n "$interp" ] && [ ! -e "$N$interp" ] || continue
    src=$(find_so "${interp##*/}") || { echo "$me: no $interp among the downloaded packages" >&2; exit 1; }
    mkdir -p "$N${interp%/*}"
    cp -L "$src" "$N$interp"
done
touch "$N/${stamp##*/}"
rm -rf "$R"
mv "$N" "$R"
echo "$R"
