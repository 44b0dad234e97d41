/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inputs.h - the files below a sysfs root that the tool reads, in one list
 * for the inventory (which parses them) and the capture (which stores them,
 * so that an unpacked capture replays to the same report).  Paths are
 * relative to the root. */
#ifndef KPI_INPUTS_H
#define KPI_INPUTS_H

#include <stdbool.h>
#include <stddef.h>

#define PROC_OSRELEASE "proc/sys/kernel/osrelease"
#define PROC_ARCH "proc/sys/kernel/arch"

/* CPU lists, and per CPU (CPUDIR "/cpuN/") its identification register. */
#define CPUDIR "sys/devices/system/cpu"
#define CPU_ONLINE CPUDIR "/online"
#define CPU_POSSIBLE CPUDIR "/possible"
#define CPU_MIDR "regs/identification/midr_el1"

/* One directory per PMU (DEVICES "/NAME/"), holding these files and, in
 * caps/ and events/, one file per capability and event. */
#define DEVICES "sys/bus/event_source/devices"
#define PMU_TYPE "type"
#define PMU_CPUS "cpus"
#define PMU_CPUMASK "cpumask"
#define PMU_CAPS "caps"
#define PMU_EVENTS "events"

/* What VM detection reads (virt.c): the DMI strings, the SMBIOS type 0
 * table, Xen's and /sys/hypervisor's files, and the device tree's
 * hypervisor node and QEMU fw-cfg node (DEVICE_TREE "/fw-cfg@.../"), kept
 * as their "compatible" property.  /proc/device-tree is a symlink to
 * DEVICE_TREE (fs/proc/root.c). */
#define DMI_ID "sys/class/dmi/id"
#define SMBIOS_TYPE0 "sys/firmware/dmi/entries/0-0/raw"
#define HYPERVISOR_TYPE "sys/hypervisor/type"
#define XEN_FEATURES "sys/hypervisor/properties/features"
#define PROC_XEN "proc/xen"
#define DEVICE_TREE "sys/firmware/devicetree/base"
#define DT_COMPATIBLE "compatible"

/* What the capture stores, built from the names above plus a few files
 * only a person reading a bug report needs (cpu/present, REVIDR_EL1,
 * /proc/cpuinfo). */
struct input_list {
	const char *const *names;
	size_t n;
};

extern const struct input_list inputs_host;      /* below the root */
extern const struct input_list inputs_cpu;       /* below CPUDIR "/cpuN/" */
extern const struct input_list inputs_pmu_files; /* below DEVICES "/NAME/" */
extern const struct input_list inputs_pmu_dirs;  /* ditto, every file in them */
extern const struct input_list inputs_dt_node;   /* below DEVICE_TREE "/NODE/" */

/* The entries of CPUDIR that are CPUs: "cpu" and decimal digits. */
bool inputs_cpu_dir(const char *name);
/* The device-tree nodes of QEMU's fw-cfg device, by which VM detection
 * recognises a QEMU virt board. */
bool inputs_fw_cfg_node(const char *name);

#endif
