# SPDX-License-Identifier: GPL-2.0-or-later
# busybox sh script for run-tool --script (tests/vm/vm-migrate.test): one
# run of the tool in the emulated host.  "report NAME" writes this host's
# -j report to /tmp/NAME.json and its --capture to /tmp/NAME.tar.gz (for
# the runs after it in the same boot, and for run-tool --fetch) and prints
# the report; anything else is the tool's own arguments.
if [ "$1" = report ]; then
	/kvm-pmu-info -j --capture "/tmp/$2.tar.gz" >"/tmp/$2.json" || exit $?
	exec cat "/tmp/$2.json"
fi
exec /kvm-pmu-info "$@"
