# SPDX-License-Identifier: GPL-2.0-or-later
# unit_execstart UNIT: the unit's ExecStart= as the shell command systemd
# runs, with the installed binary replaced by the one under test.  systemd
# turns "$$" into "$" and also expands specifiers (%) and C escapes (\); the
# units use neither (a line that does prints a failing command), so the
# rest is plain shell quoting.
unit_execstart() {
	_line=$(sed -n 's/^ExecStart=//p' "$1")
	case $_line in *\\* | *%*) echo "false # ExecStart= uses an escape or a specifier"; return;; esac
	printf '%s\n' "$_line" | sed -e 's/\$\$/$/g' \
		-e "s| /[^ ']*/kvm-pmu-info | ${TEST_WRAPPER:+$TEST_WRAPPER }$KPI |"
}
