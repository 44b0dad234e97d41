#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: scripts/build-deb-arm64.sh [--chroot-only] WORKDIR
# The arm64 .deb, cross-built with Debian's multiarch the way a Debian
# builder does it (dpkg-buildpackage -a arm64 after apt-get build-dep -a
# arm64), inside a bookworm chroot, so the machine itself gets no foreign
# architecture: multiarch needs every Multi-Arch: same package at the same
# version for amd64 and arm64, which on a machine behind the mirror's point
# release means upgrading its own libraries.
#   - the chroot: debootstrap --variant=buildd bookworm from the machine's
#     own mirror, dpkg --add-architecture arm64, crossbuild-essential-arm64;
#     built once into ~/.cache/kvm-pmu-info/deb-arm64-chroot (a temporary
#     directory renamed into place, under flock);
#   - per run: the tracked files (git stash create) into the chroot,
#     apt-get build-dep -a arm64, dpkg-buildpackage -a arm64 -us -uc -b,
#     lintian --fail-on error,warning, then the packaged binary under
#     qemu-aarch64-static replays every fixture with -j and must print its
#     expected.json.
# Results go to WORKDIR.  --chroot-only: make sure the chroot is there, and
# stop (scripts/test-all.sh builds it in the background).  Needs root
# (debootstrap, chroot, mount).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
only=
[ "${1:-}" != --chroot-only ] || { only=1; shift; }
w=$1
mkdir -p "$w"; w=$(cd "$w" && pwd)
cache=${KPI_CACHE:-$HOME/.cache/kvm-pmu-info}
c=$cache/deb-arm64-chroot
die() { echo "build-deb-arm64: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot)"
command -v debootstrap >/dev/null || die "debootstrap not installed (scripts/deps.sh --test)"
[ -x /usr/bin/qemu-aarch64-static ] || die "qemu-aarch64-static not installed (scripts/deps.sh --test)"

mkdir -p "$cache"
exec 9>"$cache/deb-arm64-chroot.lock"
flock 9
if [ ! -f "$c/.ready" ]; then
	rm -rf "$c.tmp"
	# The machine's mirror, as scripts/private-apt.sh finds it.
	"$top/scripts/private-apt.sh" "$w/apt" arm64 bookworm
	uri=$(sed -n 's/^deb \[[^]]*\] \([^ ]*\) .*/\1/p' "$w/apt/sources.list" | head -n 1)
	debootstrap --variant=buildd --include=debhelper,pkg-config bookworm "$c.tmp" "$uri" \
		>"$w/debootstrap.log" 2>&1 || { tail -20 "$w/debootstrap.log" >&2; die "debootstrap failed"; }
	chroot "$c.tmp" dpkg --add-architecture arm64
	chroot "$c.tmp" sh -c 'apt-get update -qq &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends crossbuild-essential-arm64' \
		>"$w/chroot-deps.log" 2>&1 || { tail -20 "$w/chroot-deps.log" >&2; die "crossbuild-essential-arm64 failed"; }
	cp /usr/bin/qemu-aarch64-static "$c.tmp/usr/local/bin/"
	touch "$c.tmp/.ready"
	mv "$c.tmp" "$c"
fi
[ -z "$only" ] || { echo "build-deb-arm64: the chroot is ready: $c"; exit 0; }

rev=$(git -C "$top" stash create)
rm -rf "$c/build"; mkdir -p "$c/build/kvm-pmu-info"
git -C "$top" archive "${rev:-HEAD}" | tar -x -C "$c/build/kvm-pmu-info"
chroot "$c" sh -c 'cd /build/kvm-pmu-info && apt-get update -qq &&
	DEBIAN_FRONTEND=noninteractive apt-get build-dep -y -qq -a arm64 ./ &&
	dpkg-buildpackage -a arm64 -us -uc -b' >"$w/build.log" 2>&1 ||
	{ tail -30 "$w/build.log" >&2; die "dpkg-buildpackage -a arm64 failed (see $w/build.log)"; }
cp "$c"/build/kvm-pmu-info*_arm64.* "$w/"
deb=$(ls "$w"/kvm-pmu-info_*_arm64.deb)
echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes): $(dpkg-deb -f "$deb" Depends)"
lintian --fail-on error,warning "$w"/kvm-pmu-info_*_arm64.changes >"$w/lintian.log" 2>&1 ||
	{ cat "$w/lintian.log" >&2; die "lintian reports errors or warnings on the arm64 package"; }
echo "lintian: no errors or warnings"

# The packaged arm64 binary, its libraries from the chroot's multiarch
# directories, on every fixture.  The tool checks paths through /proc.
rm -rf "$c/x" "$c/fx"
dpkg-deb -x "$deb" "$c/x"
cp -R "$top/tests/fixtures" "$c/fx"
mount -t proc proc "$c/proc"
trap 'umount "$c/proc"' EXIT
bad=0
for d in "$c"/fx/*/; do
	name=$(basename "$d")
	[ -d "$d/sys" ] || continue
	chroot "$c" sh -c "cd /fx && qemu-aarch64-static /x/usr/bin/kvm-pmu-info --sysfs-root $name -j" \
		>"$w/$name.json" 2>/dev/null
	cmp -s "$w/$name.json" "$d/expected.json" || { echo "$name: arm64 -j differs from expected.json" >&2; bad=1; }
done
[ $bad = 0 ] || die "the arm64 binary failed a fixture"
echo "arm64 binary: every fixture's -j equals expected.json"
