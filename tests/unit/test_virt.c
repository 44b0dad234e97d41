/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_virt.c - VM detection, one tree per rule of systemd's detect_vm()
 * (src/basic/virt.c) as it applies on arm64. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "sysfs.h"
#include "tap.h"
#include "virt.h"

static char top[] = "/tmp/kpi-virt-XXXXXX";
static int ntree;

/* mkdir -p the parents of DIR/REL, then write LEN bytes of DATA there. */
static void put(const char *dir, const char *rel, const void *data, size_t len)
{
	char p[1024];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	for (char *s = p + strlen(dir) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST)
			abort();
		*s = '/';
	}
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		abort();
	close(fd);
}

static void puts_(const char *dir, const char *rel, const char *s)
{
	put(dir, rel, s, strlen(s));
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(p);
}

static char *tree(void)
{
	static char dir[64];

	snprintf(dir, sizeof(dir), "%s/%d", top, ++ntree);
	if (mkdir(dir, 0755))
		abort();
	return dir;
}

/* An SMBIOS type 0 structure of 24 bytes (length 0x18, two extension
 * bytes) whose extension byte 2 is EXT2. */
static void smbios(const char *dir, unsigned char ext2)
{
	unsigned char raw[24] = { 0, 0x18 };

	raw[19] = ext2;
	put(dir, SMBIOS_TYPE0, raw, sizeof(raw));
}

static void expect(const char *dir, int vm, const char *hv, const char *src, const char *what)
{
	struct report r;
	struct sysroot root;
	const char *got_src;

	report_init(&r);
	r.arm64 = true;
	if (sysroot_open(&root, dir))
		abort();
	virt_collect(&r, &root);
	sysroot_close(&root);
	got_src = virt_source_name(r.virt.source);
	ok(r.virt.vm == vm && !strcmp(r.virt.hypervisor, hv) &&
	   (src ? got_src && !strcmp(got_src, src) : !got_src),
	   "%s: vm %d hypervisor '%s' source %s (%s)", what, r.virt.vm, r.virt.hypervisor,
	   got_src ? got_src : "null", r.virt.why);
	report_free(&r);
}

static void dmi(const char *dir, const char *file, const char *value)
{
	char rel[128];

	snprintf(rel, sizeof(rel), DMI_ID "/%s", file);
	puts_(dir, rel, value);
}

int main(void)
{
	char *d;

	if (!mkdtemp(top))
		abort();

	/* QEMU with KVM: product_name is read before sys_vendor. */
	d = tree();
	dmi(d, "sys_vendor", "QEMU\n");
	dmi(d, "product_name", "KVM Virtual Machine\n");
	expect(d, 1, "kvm", "dmi", "product_name KVM before sys_vendor QEMU");

	d = tree();
	dmi(d, "sys_vendor", "QEMU\n");
	dmi(d, "product_name", "QEMU Virtual Machine\n");
	dmi(d, "bios_vendor", "EFI Development Kit II / OVMF\n");
	expect(d, 1, "qemu", "dmi", "QEMU under TCG");

	d = tree();
	dmi(d, "sys_vendor", "Google\n");
	dmi(d, "product_name", "Google Compute Engine\n");
	expect(d, 1, "google", "dmi", "GCE");

	d = tree();
	dmi(d, "sys_vendor", "Microsoft Corporation\n");
	dmi(d, "product_name", "Virtual Machine\n");
	dmi(d, "product_version", "Hyper-V UEFI Release v4.1\n");
	expect(d, 1, "microsoft", "dmi", "Hyper-V found by product_version");

	/* Amazon: DMI alone cannot tell a Nitro VM from metal. */
	d = tree();
	dmi(d, "sys_vendor", "Amazon EC2\n");
	dmi(d, "product_name", "c7g.large\n");
	expect(d, 1, "amazon", "dmi", "EC2, no SMBIOS table, not .metal");

	d = tree();
	dmi(d, "sys_vendor", "Amazon EC2\n");
	dmi(d, "product_name", "c7g.metal\n");
	expect(d, 0, "", "dmi", "EC2 .metal without an SMBIOS table is bare metal");

	d = tree();
	dmi(d, "sys_vendor", "Amazon EC2\n");
	dmi(d, "product_name", "m8g.metal-24xl\n");
	expect(d, 0, "", "dmi", "EC2 .metal-24xl (\".metal\" anywhere in the name) is bare metal");

	d = tree();
	dmi(d, "sys_vendor", "Amazon EC2\n");
	dmi(d, "product_name", "c7g.metal\n");
	smbios(d, 0x10);
	expect(d, 1, "amazon", "smbios", "EC2 with the SMBIOS VM bit set wins over the name");

	d = tree();
	dmi(d, "sys_vendor", "Amazon EC2\n");
	dmi(d, "product_name", "c7g.large\n");
	smbios(d, 0x0c);
	expect(d, 0, "", "smbios", "EC2 with the SMBIOS VM bit clear is bare metal");

	d = tree();
	dmi(d, "sys_vendor", "Amazon EC2\n");
	dmi(d, "product_name", "c7g.metal\n");
	put(d, SMBIOS_TYPE0, "\0\x12", 2);
	expect(d, 0, "", "dmi", "a short SMBIOS table says nothing: back to the name");

	d = tree();
	dmi(d, "sys_vendor", "Ampere(R)\n");
	smbios(d, 0x10);
	expect(d, 1, "vm-other", "smbios", "unknown vendor, SMBIOS VM bit set");

	d = tree();
	dmi(d, "sys_vendor", "Ampere(R)\n");
	smbios(d, 0x10);
	puts_(d, DEVICE_TREE "/fw-cfg@9020000/compatible", "qemu,fw-cfg-mmio");
	expect(d, 1, "qemu", "device-tree", "a later step names what the SMBIOS bit could not");

	d = tree();
	dmi(d, "sys_vendor", "Ampere(R)\n");
	dmi(d, "product_name", "Mt.Jade\n");
	smbios(d, 0x0c);
	expect(d, 0, "", NULL, "bare-metal server: no vendor matches, SMBIOS bit clear");

	d = tree();
	puts_(d, HYPERVISOR_TYPE, "xen\n");
	expect(d, 1, "xen", "hypervisor", "/sys/hypervisor/type xen");

	d = tree();
	puts_(d, HYPERVISOR_TYPE, "xen\n");
	puts_(d, PROC_XEN "/capabilities", "control_d\n");
	puts_(d, XEN_FEATURES, "00000801\n");
	expect(d, 0, "", "hypervisor", "Xen dom0 is the host, whatever hypervisor/type says");

	d = tree();
	puts_(d, PROC_XEN "/capabilities", "\n");
	puts_(d, XEN_FEATURES, "00000001\n");
	puts_(d, DEVICE_TREE "/compatible", "linux,dummy-virt");
	expect(d, 1, "xen", "hypervisor", "/proc/xen in a domU");

	d = tree();
	put(d, DEVICE_TREE "/hypervisor/compatible", "linux,kvm", 10);
	expect(d, 1, "kvm", "device-tree", "device tree /hypervisor linux,kvm");

	d = tree();
	put(d, DEVICE_TREE "/hypervisor/compatible", "xen,xen-4.17\0xen,xen", 21);
	expect(d, 1, "xen", "device-tree", "device tree /hypervisor xen");

	d = tree();
	put(d, DEVICE_TREE "/hypervisor/compatible", "acme,hv", 8);
	expect(d, 1, "vm-other", "device-tree", "device tree /hypervisor of an unknown kind");

	d = tree();
	puts_(d, DEVICE_TREE "/compatible", "linux,dummy-virt");
	puts_(d, DEVICE_TREE "/fw-cfg@9020000/compatible", "qemu,fw-cfg-mmio");
	expect(d, 1, "qemu", "device-tree", "QEMU virt board: fw-cfg node");

	d = tree();
	puts_(d, DEVICE_TREE "/compatible", "raspberrypi,4-model-b");
	expect(d, 0, "", NULL, "board with a device tree and no hypervisor");

	d = tree();
	puts_(d, "sys/bus/event_source/devices/armv8_pmuv3/type", "10\n");
	expect(d, -1, "", NULL, "neither DMI nor a device tree: unknown");

	d = tree();
	puts_(d, DMI_ID "/product_name/x", "a directory where a file belongs\n");
	expect(d, -1, "", NULL, "an unreadable DMI file leaves the answer open");

	nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return done_testing();
}
