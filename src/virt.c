/* SPDX-License-Identifier: GPL-2.0-or-later */
/* virt.c - VM detection from DMI, SMBIOS, /sys/hypervisor and the device
 * tree, after systemd's src/basic/virt.c detect_vm().  On arm64 there is no
 * CPUID leaf, so its order reduces to: the DMI vendor strings (where Amazon
 * needs the SMBIOS "VM" bit or the ".metal" product name to tell a Nitro VM
 * from bare metal), the SMBIOS bit alone, /proc/xen, /sys/hypervisor/type,
 * and last the device tree's hypervisor node or a QEMU fw-cfg node. */
#include "virt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "array_size.h"
#include "util.h"
#include "xalloc.h"
/* systemd-detect-virt's identifiers, so the two tools agree on names. */
static const struct {
	const char *prefix;
	const char *id;
} dmi_vendors[] = {
	{ "KVM", "kvm" },
	{ "OpenStack", "kvm" },
	{ "KubeVirt", "kvm" },
	{ "Amazon EC2", "amazon" },
	{ "QEMU", "qemu" },
	{ "VMware", "vmware" },
	{ "VMW", "vmware" },
	{ "innotek GmbH", "oracle" },
	{ "VirtualBox", "oracle" },
	{ "Oracle Corporation", "oracle" },
	{ "Xen", "xen" },
	{ "Bochs", "bochs" },
	{ "Parallels", "parallels" },
	{ "BHYVE", "bhyve" },
	{ "Hyper-V", "microsoft" },
	{ "Apple Virtualization", "apple" },
	{ "Google Compute Engine", "google" },
};

/* product_name first: QEMU with KVM says "KVM Virtual Machine" there but
 * "QEMU" in sys_vendor; product_version catches Hyper-V. */
static const char *const dmi_files[] = {
	"product_name", "sys_vendor", "board_vendor", "bios_vendor", "product_version",
};

enum smbios_bit { SMBIOS_UNKNOWN, SMBIOS_VM, SMBIOS_NOT_VM };

/* The answer of one step: systemd's VIRTUALIZATION_NONE, a named
 * hypervisor, "vm-other" (a VM of no known kind: later steps may still
 * name it), or an unreadable input (the answer stays unknown). */
enum step { STEP_NONE, STEP_DECIDED, STEP_OTHER, STEP_UNREADABLE };

struct ctx {
	struct virt_info *v;
	const struct sysroot *root;
	char buf[SYSFS_VALUE_MAX];
	char other_why[WHY_MAX];
	enum virt_source other_src;
};

__attribute__((format(printf, 5, 6)))
static enum step decide(struct ctx *c, int vm, const char *id, enum virt_source src,
			const char *fmt, ...)
{
	va_list ap;

	c->v->vm = vm;
	snprintf(c->v->hypervisor, sizeof(c->v->hypervisor), "%s", vm == 1 ? id : "");
	c->v->source = src;
	va_start(ap, fmt);
	vsnprintf(c->v->why, sizeof(c->v->why), fmt, ap);
	va_end(ap);
	return STEP_DECIDED;
}

/* A VM of no known kind: remembered, in case no later step names it. */
static enum step other(struct ctx *c, enum virt_source src, const char *why, const char *arg)
{
	if (!c->other_why[0]) {
		why_set(c->other_why, sizeof(c->other_why), why, arg);
		c->other_src = src;
	}
	return STEP_OTHER;
}

/* An input that exists but cannot be read leaves the answer open: systemd
 * gives up with an error there too. */
static enum step unreadable(struct ctx *c, const char *rel, int err)
{
	c->v->vm = -1;
	c->v->hypervisor[0] = '\0';
	c->v->source = VSRC_NONE;
	why_set(c->v->why, sizeof(c->v->why), "/%s: %s", rel, sysfs_strerror(err));
	return STEP_UNREADABLE;
}

/* Read a one-line file into c->buf: 1 present, 0 absent, -1 unreadable. */
static int read_line(struct ctx *c, const char *rel)
{
	int err = sysfs_read(c->root, rel, c->buf, sizeof(c->buf));

	if (err == -ENOENT)
		return 0;
	if (err) {
		unreadable(c, rel, err);
		return -1;
	}
	return 1;
}

/* BIOS Characteristics Extension Byte 2, bit 4: "the system is a virtual
 * machine" (SMBIOS 3.4, DSP0134, 7.1.2.2), at offset 0x13 of the type 0
 * structure.  Only root may read the file; EACCES says nothing either way. */
static enum smbios_bit smbios_vm_bit(struct ctx *c)
{
	unsigned char raw[SYSFS_VALUE_MAX];
	size_t got;

	if (sysfs_read_bytes(c->root, SMBIOS_TYPE0, raw, sizeof(raw), &got))
		return SMBIOS_UNKNOWN;
	/* Byte 1 is the structure length: 0x12 plus the extension bytes. */
	if (got < 20 || raw[1] < 20)
		return SMBIOS_UNKNOWN;
	return raw[19] & 0x10 ? SMBIOS_VM : SMBIOS_NOT_VM;
}

/* DMI cannot tell an EC2 Nitro VM from an EC2 bare-metal instance. */
static enum step amazon(struct ctx *c)
{
	const char *product = c->v->product.s;

	switch (smbios_vm_bit(c)) {
	case SMBIOS_VM:
		return decide(c, 1, "amazon", VSRC_SMBIOS,
			      "DMI names Amazon EC2 and the SMBIOS VM bit is set");
	case SMBIOS_NOT_VM:
		return decide(c, 0, "", VSRC_SMBIOS,
			      "DMI names Amazon EC2 but the SMBIOS VM bit is clear: bare metal");
	case SMBIOS_UNKNOWN:
		break;
	}
	/* EC2 bare-metal instance types contain ".metal" ("c7g.metal",
	 * "m8g.metal-24xl"); VMs are far more common, so without a product
	 * name it is a VM, as in systemd. */
	if (product && strstr(product, ".metal"))
		return decide(c, 0, "", VSRC_DMI, "DMI names Amazon EC2 and product %s "
			      "is a bare-metal instance type", product);
	return decide(c, 1, "amazon", VSRC_DMI, "DMI names Amazon EC2 and product %s "
		      "is not a .metal instance type", product ? product : "(none)");
}

static enum step from_dmi(struct ctx *c)
{
	char rel[64];

	for (size_t f = 0; f < ARRAY_SIZE(dmi_files); f++) {
		int got;

		snprintf(rel, sizeof(rel), DMI_ID "/%s", dmi_files[f]);
		got = read_line(c, rel);
		if (got < 0)
			return STEP_UNREADABLE;
		for (size_t i = 0; got && i < ARRAY_SIZE(dmi_vendors); i++) {
			if (strncmp(c->buf, dmi_vendors[i].prefix, strlen(dmi_vendors[i].prefix)))
				continue;
			if (!strcmp(dmi_vendors[i].id, "amazon"))
				return amazon(c);
			return decide(c, 1, dmi_vendors[i].id, VSRC_DMI, "DMI %s is \"%s\"",
				      dmi_files[f], c->buf);
		}
	}
	if (smbios_vm_bit(c) == SMBIOS_VM)
		return other(c, VSRC_SMBIOS, "%s", "the SMBIOS VM bit is set");
	return STEP_NONE;
}

/* Xen's hardware domain (dom0) is the host, not a guest: XENFEAT_dom0 is
 * bit 11 of the features word (xen/include/public/features.h). */
static enum step from_xen(struct ctx *c)
{
	uint64_t features;
	char why[WHY_MAX];
	int got;

	if (!sysfs_exists(c->root, PROC_XEN))
		return STEP_NONE;
	got = read_line(c, XEN_FEATURES);
	if (got < 0)
		return STEP_UNREADABLE;
	/* systemd stops here for dom0: past it only CPUID could say more. */
	if (got && !parse_hex_u64(c->buf, &features, why, sizeof(why)) && (features >> 11 & 1))
		return decide(c, 0, "", VSRC_HYPERVISOR, "/proc/xen exists and "
			      "XENFEAT_dom0 is set: the Xen hardware domain, the host");
	return decide(c, 1, "xen", VSRC_HYPERVISOR, "/proc/xen exists and this is not dom0");
}

static enum step from_hypervisor_type(struct ctx *c)
{
	int got = read_line(c, HYPERVISOR_TYPE);

	if (got < 0)
		return STEP_UNREADABLE;
	if (!got)
		return STEP_NONE;
	if (!strcmp(c->buf, "xen"))
		return decide(c, 1, "xen", VSRC_HYPERVISOR, "/" HYPERVISOR_TYPE " is \"xen\"");
	return other(c, VSRC_HYPERVISOR, "/" HYPERVISOR_TYPE " is \"%s\"", c->buf);
}

static enum step from_fw_cfg(struct ctx *c)
{
	enum step ret = STEP_NONE;
	char **names;
	int n = sysfs_list(c->root, DEVICE_TREE, &names);

	if (n == -ENOENT)
		return STEP_NONE;
	if (n < 0)
		return unreadable(c, DEVICE_TREE, n);
	for (int i = 0; i < n && ret == STEP_NONE; i++)
		if (inputs_fw_cfg_node(names[i]))
			ret = decide(c, 1, "qemu", VSRC_DEVICE_TREE,
				     "the device tree has QEMU's %s node", names[i]);
	sysfs_names_free(names, n);
	return ret;
}

static enum step from_device_tree(struct ctx *c)
{
	const char *rel = DEVICE_TREE "/hypervisor/compatible";
	char compat[256];
	size_t got;
	int err;

	/* A property is NUL-terminated; the first string is the most specific. */
	err = sysfs_read_bytes(c->root, rel, compat, sizeof(compat) - 1, &got);
	if (err == -ENOENT)
		return from_fw_cfg(c);
	if (err)
		return unreadable(c, rel, err);
	compat[got] = '\0';
	if (!strcmp(compat, "linux,kvm"))
		return decide(c, 1, "kvm", VSRC_DEVICE_TREE, "the device tree's /hypervisor is \"linux,kvm\"");
	if (strstr(compat, "xen") || strstr(compat, "vmware"))
		return decide(c, 1, strstr(compat, "xen") ? "xen" : "vmware", VSRC_DEVICE_TREE,
			      "the device tree's /hypervisor is \"%s\"", compat);
	return other(c, VSRC_DEVICE_TREE, "the device tree's /hypervisor is \"%s\"", compat);
}

void virt_collect(struct report *r, const struct sysroot *root)
{
	static enum step (*const steps[])(struct ctx *) = {
		from_dmi, from_xen, from_hypervisor_type, from_device_tree,
	};
	struct ctx c = { .v = &r->virt, .root = root };
	int got = read_line(&c, DMI_ID "/product_name");

	if (got > 0)
		c.v->product.s = xstrdup(c.buf);
	if (!c.v->product.s)
		nstr_why(&c.v->product, "%s", got < 0 ? c.v->why : "no DMI product_name");
	/* Every arm64 system describes itself through ACPI (hence DMI) or a
	 * device tree; a root with neither is a partial tree, such as an
	 * older capture, and proves nothing. */
	if (!sysfs_exists(root, DMI_ID) && !sysfs_exists(root, DEVICE_TREE) &&
	    !sysfs_exists(root, HYPERVISOR_TYPE)) {
		c.v->vm = -1;
		why_set(c.v->why, sizeof(c.v->why), "%s", r->arm64
			? "neither DMI (/sys/class/dmi/id) nor a device tree is present to tell"
			: "no DMI or device tree to tell, and off arm64 only CPUID could");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {
		enum step s = steps[i](&c);

		if (s == STEP_DECIDED || s == STEP_UNREADABLE)
			return;
	}
	if (c.other_why[0]) {
		decide(&c, 1, "vm-other", c.other_src, "%s", c.other_why);
		return;
	}
	decide(&c, 0, "", VSRC_NONE, "no DMI vendor, SMBIOS VM bit, /proc/xen, "
	       "/sys/hypervisor/type or device-tree hypervisor node names a hypervisor");
}
