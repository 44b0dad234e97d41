#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: scripts/check-install.sh BUILDDIR
# `make install DESTDIR=...` puts the binary, man page, bash completion and
# JSON schema and the systemd units (where systemd.pc says) in place; `make uninstall` takes every one of them away again.
set -eu
b=$(cd "$1" && pwd); dest=$b/destdir
rm -rf "$dest"
make -s -C "$b" install DESTDIR="$dest" >/dev/null
for f in bin/kvm-pmu-info share/man/man1/kvm-pmu-info.1 \
         share/kvm-pmu-info/kvm-pmu-info.schema.json; do
	[ -f "$dest/usr/local/$f" ] || { echo "not installed: /usr/local/$f" >&2; exit 1; }
done
comp=$(find "$dest" -path '*bash-completion/completions/kvm-pmu-info' -type f)
[ -n "$comp" ] || { echo "bash completion not installed" >&2; exit 1; }
for u in kvm-pmu-info-textfile.service kvm-pmu-info-textfile.timer \
         kvm-pmu-info-nfd.service kvm-pmu-info-nfd.timer; do
	f=$(find "$dest" -path "*/systemd/system/$u" -type f)
	[ -n "$f" ] || { echo "systemd unit not installed: $u" >&2; exit 1; }
done
grep -q ' /usr/local/bin/kvm-pmu-info ' "$dest"/*/systemd/system/kvm-pmu-info-textfile.service \
	"$dest"/*/*/systemd/system/kvm-pmu-info-textfile.service 2>/dev/null ||
	{ echo "the installed textfile service does not run /usr/local/bin/kvm-pmu-info" >&2; exit 1; }
"$dest/usr/local/bin/kvm-pmu-info" --version >/dev/null
make -s -C "$b" uninstall DESTDIR="$dest" >/dev/null
left=$(find "$dest" -type f)
[ -z "$left" ] || { echo "left after uninstall: $left" >&2; exit 1; }
echo "install and uninstall: ok"
