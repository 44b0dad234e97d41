/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inputs.c - the lists of inputs.h. */
#include "inputs.h"

#include <string.h>

#include "array_size.h"

#define LIST(name, ...) \
	static const char *const name##_names[] = { __VA_ARGS__ }; \
	const struct input_list name = { name##_names, ARRAY_SIZE(name##_names) }

LIST(inputs_host, CPU_ONLINE, CPU_POSSIBLE, CPUDIR "/present",
     PROC_OSRELEASE, PROC_ARCH, "proc/cpuinfo",
     DMI_ID "/product_name", DMI_ID "/sys_vendor", DMI_ID "/board_vendor",
     DMI_ID "/bios_vendor", DMI_ID "/product_version", SMBIOS_TYPE0,
     HYPERVISOR_TYPE, XEN_FEATURES, PROC_XEN "/capabilities",
     DEVICE_TREE "/" DT_COMPATIBLE, DEVICE_TREE "/hypervisor/" DT_COMPATIBLE);
LIST(inputs_cpu, CPU_MIDR, "regs/identification/revidr_el1");
LIST(inputs_pmu_files, PMU_TYPE, PMU_CPUS, PMU_CPUMASK);
LIST(inputs_pmu_dirs, PMU_CAPS, PMU_EVENTS);
LIST(inputs_dt_node, DT_COMPATIBLE);

bool inputs_cpu_dir(const char *name)
{
	if (strncmp(name, "cpu", 3) || !name[3])
		return false;
	for (name += 3; *name; name++)
		if (*name < '0' || *name > '9')
			return false;
	return true;
}

bool inputs_fw_cfg_node(const char *name)
{
	return strstr(name, "fw-cfg") != NULL;
}
