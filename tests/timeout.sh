#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The test harness's per-test timeout (Makefile.am's LOG_COMPILER and
# TEST_LOG_COMPILER): runs COMMAND... under coreutils timeout, which signals
# the whole process group, so a hung test takes its QEMU and tool runs down
# with it.  A test that runs out of time ends with one TAP line naming it,
#   Bail out! tests/unit/test_replay timed out after 300 s (KPI_TEST_TIMEOUT)
# which the TAP driver reports as an ERROR; the exit status is timeout's 124
# (137 when the test ignored SIGTERM and was killed 10 s later).
#
#   KPI_TEST_TIMEOUT     seconds for each test (default 600)
#   KPI_VM_TEST_TIMEOUT  seconds for a test under tests/vm/ (default 4800:
#                        one QEMU TCG boot per case, on a cold cache also
#                        the test QEMU's build, 3313 s inside vm-matrix in
#                        the cold CI at load 13-21, docs/testing.md)
# The last argument is the test (Automake passes it last).
for name; do :; done
case $name in
*/vm/*|vm/*) limit=${KPI_VM_TEST_TIMEOUT:-4800} var=KPI_VM_TEST_TIMEOUT;;
*) limit=${KPI_TEST_TIMEOUT:-600} var=KPI_TEST_TIMEOUT;;
esac
case $limit in
''|*[!0-9]*|0) echo "Bail out! $name: $var=$limit is not a whole number of seconds above 0"; exit 99;;
esac
timeout -k 10 "$limit" "$@"
rc=$?
case $rc in
124|137)
	echo "Bail out! $name timed out after $limit s ($var)"
	echo "$name: timed out after $limit s ($var); its log shows how far it got" >&2;;
esac
exit $rc
