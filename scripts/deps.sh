#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install what kvm-pmu-info needs on Debian 12 (bookworm).  Idempotent: when
# everything is present it touches neither the network nor apt.
#   scripts/deps.sh          build dependencies
#   scripts/deps.sh --test   build + test dependencies (cross compiler,
#                            qemu, sanitizer runtimes, validators, and
#                            what tests/vm/build-qemu.sh needs to build the
#                            test QEMU from Debian's qemu source)
set -eu
pkgs="autoconf automake make gcc pkg-config libjson-c-dev libpfm4-dev zlib1g-dev bash-completion"
if [ "${1:-}" = --test ]; then
	pkgs="$pkgs mandoc man-db python3 python3-jsonschema qemu-system-arm qemu-user-static
	      gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu
	      clang libclang-rt-14-dev valgrind strace cpio ca-certificates prometheus
	      prometheus-node-exporter debhelper lintian debootstrap
	      dpkg-dev meson ninja-build libglib2.0-dev libpixman-1-dev libfdt-dev
	      device-tree-compiler"
fi
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "deps: installing$missing" >&2
# Installing a service package (prometheus, prometheus-node-exporter) would
# start it through invoke-rc.d or deb-systemd-invoke; the tests run their own
# instance, so a policy-rc.d that denies every start (exit 101) is in place
# while apt runs, unless the machine already has one.  This works with or
# without systemd as PID 1.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\n# kvm-pmu-info scripts/deps.sh: start no service while it installs\nexit 101\n' |
		$sudo tee "$policy.kvm-pmu-info" >/dev/null
	$sudo chmod 755 "$policy.kvm-pmu-info"
	$sudo mv "$policy.kvm-pmu-info" "$policy"
	trap '$sudo rm -f "$policy"' EXIT
	trap 'exit 1' HUP INT TERM
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
