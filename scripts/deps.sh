#!/bin/sh
# Install what kvm-pmu-info needs on Debian 12 (bookworm).  Idempotent: when
# everything is present it touches neither the network nor apt.
#   scripts/deps.sh          build dependencies
#   scripts/deps.sh --test   build + test dependencies (cross compiler,
#                            qemu, sanitizer runtimes, validators)
set -eu
pkgs="autoconf automake make gcc pkg-config libjson-c-dev libpfm4-dev zlib1g-dev bash-completion"
if [ "${1:-}" = --test ]; then
	pkgs="$pkgs mandoc python3 python3-jsonschema qemu-system-arm qemu-user-static
	      gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu
	      clang libclang-rt-14-dev valgrind strace cpio ca-certificates prometheus"
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
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
