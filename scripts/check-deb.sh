#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: scripts/check-deb.sh WORKDIR [build|lint|install]...   (default: all three)
# The Debian package, from a clean copy of the source:
#   build    the tracked files of this tree as they are now (git stash
#            create, so uncommitted edits count and untracked files do not)
#            go to WORKDIR/kvm-pmu-info; dpkg-buildpackage -us -uc
#            --post-clean there, which must leave the tree as it was
#            (DEB_BUILD_OPTIONS=nocheck unless KPI_DEB_CHECK=1: the suite
#            runs the same tests in its own builds)
#   lint     lintian -I --pedantic on the .changes (source and binary):
#            any tag fails
#   install  apt-get installs the .deb for real, checks the files, runs the
#            autopkgtest (debian/tests/json-schema), the installed services'
#            ExecStart lines and systemd-analyze verify, then purges it and
#            every package the install pulled in: the installed package list
#            is the same afterwards.  Refuses when kvm-pmu-info is already
#            installed; one install test at a time per machine (flock).
#            Needs root or sudo.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
w=$1; shift
[ $# -gt 0 ] || set -- build lint install
mkdir -p "$w"; w=$(cd "$w" && pwd)
src=$w/kvm-pmu-info
arch=$(dpkg --print-architecture)
version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
deb=$w/kvm-pmu-info_${version}_$arch.deb
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
say() { printf '%s\n' "$*" >&2; }
die() { say "check-deb: $*"; exit 1; }

build() {
	git -C "$top" rev-parse --git-dir >/dev/null 2>&1 ||
		die "$top is not a git work tree: the package is built from its tracked files"
	rev=$(git -C "$top" stash create)
	rm -rf "$src" "$w"/kvm-pmu-info_* "$w"/kvm-pmu-info-dbgsym_*
	mkdir -p "$src"
	git -C "$top" archive "${rev:-HEAD}" | tar -x -C "$src"
	opts=nocheck
	[ "${KPI_DEB_CHECK:-}" != 1 ] || opts=
	(cd "$src" && find . ! -type d | LC_ALL=C sort) >"$w/tree.before"
	# Source and binary (lintian checks debian/copyright on the source),
	# with README's --post-clean.
	(cd "$src" && DEB_BUILD_OPTIONS=$opts dpkg-buildpackage -us -uc --post-clean) >"$w/build.log" 2>&1 ||
		{ tail -30 "$w/build.log" >&2; die "dpkg-buildpackage failed (see $w/build.log)"; }
	# README's sections work in any order: the package build leaves the tree
	# as it found it (built in debian/build, autoreconf undone; an empty m4/
	# stays, which git does not see), never
	# configured in place, so run-tool's and README's builds still work.
	(cd "$src" && find . ! -type d | LC_ALL=C sort) >"$w/tree.after"
	diff -u "$w/tree.before" "$w/tree.after" >&2 ||
		die "dpkg-buildpackage --post-clean left the tree changed (files above)"
	[ -f "$deb" ] || die "no $deb after the build"
	say "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"
}

lint() {
	changes=$w/kvm-pmu-info_${version}_$arch.changes
	# Clean at the pedantic level, source and binary (issue 30); lintian
	# warns that it runs as root, which is not about the package.
	lintian -I --pedantic --fail-on error,warning,info,pedantic "$changes" >"$w/lintian.log" 2>&1 ||
		{ cat "$w/lintian.log" >&2; die "lintian -I --pedantic reports tags"; }
	grep -v 'running with root privileges' "$w/lintian.log" >&2 || true
	say "lintian -I --pedantic: no tags"
}

installed() { dpkg-query -W -f='${db:Status-Abbrev} ${binary:Package}\n' | awk '$1 == "ii" { print $2 }' | sort; }

install_check() {
	[ -f "$deb" ] || die "no $deb: build it first"
	# Two suites at once on one machine would install and purge the same
	# package under each other.
	exec 9>/tmp/kvm-pmu-info-deb-install.lock
	flock 9
	! dpkg-query -W -f='${db:Status-Abbrev}' kvm-pmu-info 2>/dev/null | grep -q '^i' ||
		die "kvm-pmu-info is already installed here; this test would replace and then remove it"
	installed >"$w/before"
	apt="$sudo env DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o DPkg::Lock::Timeout=600"
	# Nothing below may stop half-way with the package still installed.
	trap '$apt purge kvm-pmu-info >/dev/null 2>&1 || true' EXIT
	$apt install "$deb" >"$w/install.log" 2>&1 ||
		{ cat "$w/install.log" >&2; die "apt-get install $deb failed"; }
	rc=0
	for f in /usr/bin/kvm-pmu-info /usr/share/man/man1/kvm-pmu-info.1.gz \
	         /usr/share/bash-completion/completions/kvm-pmu-info \
	         /usr/share/kvm-pmu-info/kvm-pmu-info.schema.json \
	         /lib/systemd/system/kvm-pmu-info-textfile.service /lib/systemd/system/kvm-pmu-info-textfile.timer \
	         /lib/systemd/system/kvm-pmu-info-nfd.service /lib/systemd/system/kvm-pmu-info-nfd.timer \
	         /etc/default/kvm-pmu-info; do
		[ -f "$f" ] || { say "not installed: $f"; rc=1; }
	done
	dpkg-query -W -f='${Conffiles}\n' kvm-pmu-info | grep -q '^ /etc/default/kvm-pmu-info ' ||
		{ say "/etc/default/kvm-pmu-info is not a conffile"; rc=1; }
	kvm-pmu-info --version || rc=1
	say "autopkgtest json-schema:"
	"$src/debian/tests/json-schema" >&2 || { say "debian/tests/json-schema failed"; rc=1; }
	# verify runs man(1) for Documentation=man:... when man-db is installed.
	man=--man=no
	! command -v man >/dev/null 2>&1 || man=
	out=$(cd /tmp && systemd-analyze verify $man /lib/systemd/system/kvm-pmu-info-textfile.service \
		/lib/systemd/system/kvm-pmu-info-textfile.timer /lib/systemd/system/kvm-pmu-info-nfd.service \
		/lib/systemd/system/kvm-pmu-info-nfd.timer 2>&1) && [ -z "$out" ] ||
		{ say "systemd-analyze verify of the installed units: $out"; rc=1; }
	# The installed services' command lines, against a scratch directory.
	KPI=/usr/bin/kvm-pmu-info; . "$top/tests/unit-exec.sh"
	out_dir=$(mktemp -d)
	(TEXTFILE_DIR=$out_dir FEATURES_DIR=$out_dir NFD_EXPIRY=7200 KVM_PMU_INFO_ARGS=; export \
		TEXTFILE_DIR FEATURES_DIR NFD_EXPIRY KVM_PMU_INFO_ARGS
	 eval "$(unit_execstart /lib/systemd/system/kvm-pmu-info-textfile.service)" &&
	 eval "$(unit_execstart /lib/systemd/system/kvm-pmu-info-nfd.service)") || rc=1
	grep -q '^kvm_pmu_info_info{' "$out_dir/kvm_pmu_info.prom" &&
		grep -q '^feature.node.kubernetes.io/kvm-pmu.verdict=' "$out_dir/kvm-pmu-info" ||
		{ say "the installed services wrote no metrics or labels"; rc=1; }
	rm -rf "$out_dir"
	$apt purge kvm-pmu-info >>"$w/install.log" 2>&1 || { say "apt-get purge kvm-pmu-info failed"; rc=1; }
	trap - EXIT
	# Whatever the install pulled in goes too.
	installed >"$w/after"
	extra=$(comm -13 "$w/before" "$w/after" | tr '\n' ' ')
	[ -z "$extra" ] || $apt purge $extra >>"$w/install.log" 2>&1 || rc=1
	installed >"$w/after"
	cmp -s "$w/before" "$w/after" ||
		{ say "installed packages differ after the purge: $(diff "$w/before" "$w/after" | grep '^[<>]' | tr '\n' ' ')"; rc=1; }
	for f in /usr/bin/kvm-pmu-info /lib/systemd/system/kvm-pmu-info-textfile.service \
	         /usr/share/kvm-pmu-info; do
		[ ! -e "$f" ] || { say "left after the purge: $f"; rc=1; }
	done
	[ $rc = 0 ] || die "the installed package failed a check (above)"
	say "installed, ran, purged: ok"
}

for step; do
	case $step in
	build) build;; lint) lint;;
	install) install_check;;
	*) die "unknown step $step (build, lint or install)";;
	esac
done
