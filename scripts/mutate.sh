#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: scripts/mutate.sh [--list] [--apply-only] [--no-vm] [ID...]
#
# Mutation testing, a developer tool (not part of .ci/run): each mutant
# below is one small, bug-like sed edit of one line of src/ (an off-by-one,
# a wrong mask or shift, a swapped key, an inverted condition, a mode bit
# in the wrong mode, a value copied short).  For each one, in a private
# copy of the tree (the worktree is never touched), the script applies the
# edit, rebuilds, and runs the fast suite, `make check VM_TESTS=
# PRIVILEGE_TESTS=`; a mutant of code only a VM reaches ("vm" below: the
# arm64 KVM probe, the guest payload) that survives the fast suite is then
# built for arm64 and run through tests/vm/vm-matrix.test.  A mutant is
# killed when a test fails (or hangs past MUTATE_TIMEOUT seconds), and
# survives when every test passes.  The end is a Markdown table of every
# mutant, the survivors, and "killed K of N (P %)"; docs/testing.md
# records a run and explains each survivor.
#
#   --list        print the mutants and exit
#   --apply-only  check that every mutant applies (changes exactly one
#                 line) without building anything
#   --no-vm       leave out the VM stage ("vm" survivors of the fast suite
#                 are then reported as "not run")
#   ID...         only these mutants
# Env: MUTATE_DIR (the private copy, default a new /tmp directory, removed
# at the end unless MUTATE_KEEP=1), MUTATE_TIMEOUT (per suite run, 600 s),
# KPI_VM_CACHE (see tests/vm/run-tool), MUTATE_TESTS (a quicker, partial
# measure: only these tests, in this order, for the baseline and each
# mutant; a mutant they do not kill is reported "survived MUTATE_TESTS",
# which says nothing of the rest of the fast suite), MUTATE_LIST (a file of
# mutants in the format below, used instead of the built-in list: e.g. a
# fresh set written by someone who has not read the tests).
set -u -o pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

# ID  SCOPE  FILE  SED-EXPRESSION  WHAT (tab-separated)
MUTANTS=$(cat <<'EOF'
cpu1	fast	src/cpulist.c	s/for (unsigned c = lo; c <= hi; c++)/for (unsigned c = lo; c < hi; c++)/	range loses its last CPU
cpu2	fast	src/cpulist.c	s/while (end + 1 < CPUSET_MAX \&\& cpuset_has(set, end + 1))/while (end + 1 < CPUSET_MAX \&\& cpuset_has(set, end + 2))/	format joins ranges wrongly
sys1	fast	src/util.c	s/d = (unsigned)(\*p - 'a' + 10);/d = (unsigned)(*p - 'a' + 11);/	hex digit a-f off by one
sys2	fast	src/util.c	s/if (x >> 60) {/if (x >> 61) {/	65-bit hex accepted
sys4	fast	src/sysfs.c	s/if (!S_ISREG(st.st_mode)) {/if (S_ISDIR(st.st_mode)) {/	FIFO read as a file
inv1	fast	src/inventory.c	s/if (!has_cpus_file) {/if (has_cpus_file) {/	core PMU rule inverted
inv2	fast	src/inventory.c	s/p->emulated_pmuv3 = arm_pmu_drivers\[i\].emulated_pmuv3;/p->emulated_pmuv3 = false;/	Apple PMU not marked as emulated PMUv3
inv3	fast	src/inventory.c	s/return x->has_midr == y->has_midr \&\& x->midr == y->midr;/return x->has_midr == y->has_midr || x->midr == y->midr;/	CPU models merged
kvm3	vm	src/kvm.c	s/if (api != KVM_API_VERSION) {/if (api == KVM_API_VERSION) {/	API version check inverted
vmp1	vm	src/vmprobe.c	s/if (m == MODE_STRICT)$/if (m == MODE_LEGACY)/	strict feature bit in legacy mode
vmp2	vm	src/vmprobe.c	s/init.features\[0\] = 1u << KVM_ARM_VCPU_PMU_V3;/init.features[0] = 0;/	vCPU without PMU_V3
vmp3	vm	src/vmprobe.c	s/run->mmio.phys_addr - MB_IPA,/run->mmio.phys_addr - MB_IPA - 8,/	mailbox offset one slot off
gst1	vm	src/guest.S	s/str[[:space:]]*x1, \[x20, #MB_PMCEID0\]/str\tx1, [x20, #MB_PMCEID1]/	PMCEID0 stored in PMCEID1's slot
gst3	vm	src/guest.S	s/movk[[:space:]]*x1, #MB_CANARY_48, lsl #48/movk\tx1, #MB_CANARY_48, lsl #32/	canary's top 16 bits misplaced
res1	fast	src/probe_result.c	s/memcpy(\&val, data, sizeof(val));/memcpy(\&val, data, 4);/	mailbox value copied short
res2	fast	src/probe_result.c	s/if (mb->undef_pending) {/if (!mb->undef_pending) {/	UNDEF marks the wrong registers
res4	fast	src/probe_result.c	s/if (m == MODE_STRICT \&\& !r->cap_pmu_v3_strict.v) {/if (m == MODE_LEGACY \&\& !r->cap_pmu_v3_strict.v) {/	strict gate on the wrong mode
res5	fast	src/probe_result.c	s/if (val != MB_CANARY_VALUE) {/if (val == 0) {/	canary not compared
mod1	fast	src/model.c	s/(g->reg\[GREG_DFR0\] >> 8) \& 0xf/(g->reg[GREG_DFR0] >> 4) \& 0xf/	PMUVer shift
mod2	fast	src/model.c	s/(g->reg\[GREG_PMCR\] >> 11) \& 0x1f/(g->reg[GREG_PMCR] >> 11) \& 0xf/	PMCR_EL0.N mask
mod3	fast	src/model.c	s/return guest_stall_slot_mask(g) == STALL_SLOT_ALL;/return guest_stall_slot_mask(g) != 0;/	any of bits 29-31 counts
mod4	fast	src/model.c	s/return v >= PMUVER_V3P4 \&\& v != PMUVER_IMPDEF/return v > PMUVER_V3P4 \&\& v != PMUVER_IMPDEF/	PMUv3p4 itself without PMMIR
evt1	fast	src/events.c	s/+ 0x20 \* reg + bit;/+ 0x10 * reg + bit;/	PMCEID1 event numbers
evt2	fast	src/events.c	s/if ((v >> (32 \* half + bit)) \& 1)/if ((v >> (32 * half + bit + 1)) \& 1)/	PMCEID bit off by one
ver1	fast	src/verdict.c	s/if (!guest_read_slots(s, \&guest) || guest != host) {/if (!guest_read_slots(s, \&guest) || guest > host) {/	SLOTS mismatch one way only
ver2	fast	src/verdict.c	s/if (s->status == MODE_UNSUPPORTED) {/if (s->status == MODE_FAILED) {/	unsupported strict taken as failed
ver3	fast	src/verdicts.def	s/VERDICT(V_NO_PMMIR, "no_pmmir", HOST, BOTH, 8,/VERDICT(V_NO_PMMIR, "no_pmmir", HOST, BOTH, 9,/	--check status of no_pmmir
ver4	fast	src/verdict.c	s/v->known = code != V_NOT_PROBED \&\& code != V_NOT_ARM64 \&\& code != V_NO_KVM;/v->known = code != V_NOT_PROBED \&\& code != V_NO_KVM;/	not_arm64 answered
txt1	fast	src/render_text.c	s/" (N=%u counters)", guest_counters(g));/" (N=%u counters)", guest_pmuver(g));/	counters printed as PMUVer
txt2	fast	src/render_text.c	s/guest_stall_slot_events(g) ? "present" : "absent");/guest_stall_slot_events(g) ? "absent" : "present");/	STALL_SLOT words swapped
jsn1	fast	src/json_out.c	s/"0x%llx", (unsigned long long)v);/"0x%llx", (unsigned long long)(uint32_t)v);/	hex value cut to 32 bits
jsn2	fast	src/render_json.c	s/jadd(m, "counters", jint((int)guest_counters(g)));/jadd(m, "counter", jint((int)guest_counters(g)));/	key renamed
jsn3	fast	src/verdict.c	s/v->strict_sees = v->known ? v->code == V_STRICT_EXPOSES_SLOTS : -1;/v->strict_sees = v->known ? v->code != V_STRICT_EXPOSES_SLOTS : -1;/	strict answer (guest_sees_host_slots) inverted
jsn4	fast	src/render_json.c	s/g->read\[i\] \&\& !g->undef\[i\] ? jhex(g->reg\[i\]) : NULL/g->read[i] ? jhex(g->reg[i]) : NULL/	UNDEF register printed as a value
prm1	fast	src/render_prom.c	s/fputs("\\\\\\"", out);/fputs("\\"", out);/	label quote not escaped
prm2	fast	src/render_prom.c	s/\*v = g->status == MODE_OK;/*v = g->status != MODE_FAILED;/	unsupported mode counted as success
nfd1	fast	src/render_nfd.c	s/put_bool(out, "strict", r->cap_pmu_v3_strict.v != 0);/put_bool(out, "strict", r->cap_pmu_v3.v != 0);/	strict label from PMU_V3
nfd2	fast	src/render_nfd.c	s/if (!get(\&r->pmus\[i\], x) || (any \&\& strcmp(x, v)))/if (!get(\&r->pmus[i], x) || (any \&\& !strcmp(x, v)))/	core PMUs agree inverted
opt2	fast	src/options.c	s/return errno || \*end || \*v == 0 || \*v > max ? -1 : 0;/return errno || *end || *v == 0 || *v >= max ? -1 : 0;/	count limit off by one
opt3	fast	src/options.c	s/o->pretty = c == OPT_PRETTY;/o->pretty = 1;/	--compact pretty-prints
cap1	fast	src/sysfs.c	s/if (fstat(fd, \&st) < 0 || !S_ISREG(st.st_mode)) {/if (fstat(fd, \&st) < 0 || S_ISDIR(st.st_mode)) {/	FIFO read (and captured) as a file
cap2	fast	src/inputs.c	s/if (\*name < '0' || \*name > '9')/if (*name < '0' || *name > '8')/	cpu9 not captured
tar1	fast	src/tar_write.c	s/type == '5' ? 0755 : 0644/type == '5' ? 0644 : 0755/	file and directory modes swapped
tar2	fast	src/tar_write.c	s/memset(h + 148, ' ', 8);/memset(h + 148, ' ', 7);/	checksum field summed wrong
utf1	fast	src/utf8.c	s/if (c >= 0xc2 \&\& c <= 0xdf)/if (c >= 0xc0 \&\& c <= 0xdf)/	overlong UTF-8 accepted
vrt1	fast	src/virt.c	s/return raw\[19\] \& 0x10 ? SMBIOS_VM : SMBIOS_NOT_VM;/return raw[19] \& 0x08 ? SMBIOS_VM : SMBIOS_NOT_VM;/	SMBIOS VM bit
con1	fast	src/contract.c	s/if (init->ret == 0) {/if (init->ret != 0) {/	INIT without SET_PMU: success taken as kept
con2	fast	src/contract.c	s/if (!g->pmmir_in_list) {/if (g->pmmir_in_list) {/	PMMIR_EL1 in the reg list taken as missing
con3	fast	src/contract.c	s/if (k->ret >= 0)$/if (k->ret >= -1)/	a call KVM refused (SET PMMIR_EL1 = 0, the PMCR_EL0 write) not noticed
con4	fast	src/contract.c	s/if (c->ret == 0) {/if (c->ret == 1) {/	an accepted other SLOTS not noticed
con5	fast	src/contract.c	s/host |= 1u << (p->event_codes\[i\] - 0x20);/host |= 1u << (p->event_codes[i] - 0x21);/	STALL_SLOT* event to PMCEID1 bit off by one
con6	fast	src/contract.c	s/if (gn == n2) {/if (gn == n0) {/	PMCR_EL0.N write applied, not noticed
con7	vm	src/contract.c	s/return host_slots == 0 ? 1 : host_slots < 0xff ? host_slots + 1 : host_slots - 1;/return host_slots;/	"other" SLOTS is the host's own
con8	fast	src/verdict.c	s/if (v->code != V_STRICT_EXPOSES_SLOTS || !p->contract.broken)/if (v->code != V_STRICT_EXPOSES_SLOTS || p->contract.broken)/	broken contract keeps the yes
con9	fast	src/verdicts.def	s/VERDICT(V_CONTRACT_BROKEN, "contract_broken", HOST, STRICT, 16,/VERDICT(V_CONTRACT_BROKEN, "contract_broken", HOST, STRICT, 0,/	--check of a broken contract exits 0
con10	fast	src/render_nfd.c	s/if (s \&\& !strcmp(s, "broken"))/if (s \&\& strcmp(s, "broken"))/	NFD strict-contract label inverted
vmp4	vm	src/vmprobe.c	s/contract_set(k, v, CALL_PMMIR_ZERO, REG_PMMIR_EL1, 0, obs);/contract_set(k, v, CALL_PMMIR_ZERO, REG_PMMIR_EL1, 8, obs);/	SLOTS 0 check writes 8
man1	fast	src/main.c	s/status = verdict_check_status(r, o->check);/status = 0;/	--check status dropped
agg1	fast	src/verdict.c	s/if (worst < 0 \&\& r->pmus\[i\].verdict.code != V_STRICT_EXPOSES_SLOTS)/if (worst < 0 \&\& r->pmus[i].verdict.code == V_STRICT_EXPOSES_SLOTS)/	host verdict from the best core PMU, not the worst
agg2	fast	src/verdict.c	s/r->verdict.code = r->pmus\[worst\].verdict.code;/r->verdict.code = r->pmus[first].verdict.code;/	host verdict from the first core PMU
agg3	fast	src/verdict.c	s/^\t\tran++;$/\t\tran++, all = 1;/	default guests' answer from the last core PMU
agg4	fast	src/render_nfd.c	s/return "broken";/continue;/	NFD strict-contract ignores a broken PMU
nfd3	fast	src/render_nfd.c	s/^\t\tbreak;$/\t\tcontinue;/	NFD perf-topdown written once per core PMU
slot1	fast	src/render_text.c	s/ev\[i\].code <= STALL_SLOT_LAST;/ev[i].code < STALL_SLOT_LAST;/	not-in-guest note misses STALL_SLOT 0x3F
slot2	fast	src/contract.c	s/p->event_codes\[i\] <= 0x3f)/p->event_codes[i] < 0x3f)/	contract check misses STALL_SLOT 0x3F
slot3	fast	src/contract.c	s/p->event_codes\[i\] >= 0x3d \&\&/p->event_codes[i] >= 0x3c \&\&/	contract check takes STALL 0x3C
evn1	fast	src/events.c	s/v > 0xffff)/v > 0xfff)/	sysfs event numbers capped at 0xfff
evn2	fast	src/events.c	s/v > 0xffff)/v > 0x10000)/	0x10000 taken as an event number
unk1	fast	src/verdict.c	s/if (!pmuver || pmuver == PMUVER_IMPDEF) {/if (pmuver == PMUVER_IMPDEF) {/	unknown PMUVer taken as before PMUv3p4
unk2	fast	src/vpmu.c	s/stall_slot_events == 0) {/stall_slot_events < 1) {/	unknown STALL_SLOT* state taken as hidden
unk3	fast	src/render_json.c	s/p->vpmu.stall_slot_events < 0 ? NULL/p->vpmu.stall_slot_events <= 0 ? NULL/	STALL_SLOT* absent printed as unknown
unk4	fast	src/virt.c	s/if (product \&\& strstr(product, ".metal"))/if (!product || strstr(product, ".metal"))/	EC2 without a product name taken as bare metal
nul1	fast	src/render_json.c	s/return v < 0 ? NULL : jbool(v);/return v <= 0 ? NULL : jbool(v);/	a "no" answer printed as null
nul2	fast	src/render_json.c	s/jadd(o, "vm", v->vm < 0 ? NULL : jbool(v->vm));/jadd(o, "vm", jbool(v->vm));/	unknown virtualization printed as true
mode1	fast	src/options.c	s/o->modes\[MODE_STRICT\] = strcmp(optarg, "legacy") != 0;/o->modes[MODE_STRICT] = strcmp(optarg, "both") != 0;/	--mode legacy probes strict too
mode2	fast	src/options.c	s/o->modes\[MODE_LEGACY\] = strcmp(optarg, "strict") != 0;/o->modes[MODE_LEGACY] = strcmp(optarg, "legacy") != 0;/	--mode legacy and strict swapped
arc1	fast	src/tar_read.c	s/if (have - BLOCK < padded)$/if (have - BLOCK < size)/	member padding past the end not checked
arc2	fast	src/util.c	s/return c < 0x20 || c == 0x7f ||/return c < 0x20 ||/	DEL shown raw in a member name
arc3	fast	src/util.c	s/(ascii_only \&\& c > 0x7f)/(ascii_only \&\& c > 0xff)/	bytes 0x80-0xff shown raw in a member name
arc4	fast	src/tar_read.c	s/if (size > TAR_MEMBER_MAX || (dir \&\& size))$/if (size > TAR_MEMBER_MAX + 512 || (dir \&\& size))/	member size cap a block high
cpu3	fast	src/cpulist.c	s/(size_t)n >= len - off)/(size_t)n > len - off)/	a list one byte too long taken as fitting
cpu4	fast	src/pin.c	s/if (cpulist_format(s, buf, len))/if (cpulist_format(s, buf, len) > 0)/	a cut CPU list printed as whole
tbl1	fast	src/cores.def	s/CORE(0x41, 0xd49, "Arm Neoverse N2", 6, 5,/CORE(0x41, 0xd49, "Arm Neoverse N2", 6, 4,/	a core's documented SLOTS changed
tbl2	fast	src/cores.def	s/CORE(0x41, 0xd0b, "Cortex-A76", 4, 0,/CORE(0x41, 0xd0b, "Cortex-A76", 5, 0,/	a core's PMUVer changed
fd1	fast	src/tar_read.c	s/^\tclose(fd);$/\t(void)fd;/	the archive's descriptor left open
fd2	fast	src/sysfs.c	s/close(root->dirfd);/(void)root;/	the sysfs root's descriptor left open
mem1	fast	src/model.c	s/^\tfree(p->cpus.s);$/\t(void)p->cpus.s;/	a PMU's CPU list never freed
mig1	fast	src/migrate.c	s/a->answer = a->nchanges ? MIG_MOVES_WITH_CHANGES : MIG_MOVES;/a->answer = MIG_MOVES_WITH_CHANGES;/	moves never answered
mig2	fast	src/migrate.c	s/if (lost >> b \& 1)/if (lost >> b \& 1 \&\& b < 29)/	STALL_SLOT* events lost unnoticed
mig3	fast	src/migrate.c	s/return c->strict \&\& val == here ? 0 : EINVAL;/return 0;/	other SLOTS accepted
mig4	fast	src/migrate.c	s/return sysreg_list_has(c->dst->ids, c->dst->nids, id);/return true;/	every register known
mig5	fast	src/migrate.c	s/\ta->answer = MIG_NOT_CHECKED;/\ta->answer = MIG_MOVES;/	nothing to move taken as moves
first1	fast	src/cpulist.c	s/return (int)(i \* WORD_BITS) + __builtin_ctzl(set->bits\[i\]);/return (int)(i * 32) + __builtin_ctzl(set->bits[i]);/	a PMU's first CPU past 63 misplaced
sys5	fast	src/sysfs.c	s/while (got \&\& (buf\[got - 1\] == '\\n' || buf\[got - 1\] == ' '))/while (got \&\& buf[got - 1] == '\\n')/	a value's trailing space kept
tar5	fast	src/tar_read.c	s/f\[i\] >= '0' \&\& f\[i\] <= '7'/f[i] >= '0' \&\& f[i] <= '9'/	octal fields take the digits 8 and 9
mem2	fast	src/tar_read.c	s/^\tfree(in.win);$/\tif (!ret) free(in.win);/	the reader's window kept when the archive is refused
mem3	fast	src/gzip.c	/^\tif (ret) {$/,/^\t}$/s/^\t\tfree(w.buf);$/\t\t(void)w.buf;/	the inflate buffer kept on a gzip error
gz1	fast	src/gzip.c	s/if (zs.avail_in < 2 || zs.next_in\[0\] != 0x1f || zs.next_in\[1\] != 0x8b)/if (zs.avail_in < 2)/	bytes after the gzip member read as another member
apl1	fast	src/inventory.c	s/if (p->core \&\& !p->emulated_pmuv3)/if (p->core)/	Apple's event numbers read as PMUv3 ones
cnt1	fast	src/perf_predict.c	s/in.counters = guest_counters(\&first->guest\[MODE_LEGACY\]) + 1;/in.counters = guest_counters(\&first->guest[MODE_LEGACY]);/	host counters without the cycle counter
con11	fast	src/contract.c	s/unknown |= c->check\[i\].result == CR_UNKNOWN;/unknown |= c->check[i].result != CR_KEPT;/	a not-applicable contract called unknown
con12	fast	src/contract.c	s/unknown ? "unknown" : !c->kept ? "not_applicable" : "kept"/!c->kept ? "not_applicable" : unknown ? "unknown" : "kept"/	an undecided contract called not applicable
agg5	fast	src/render_nfd.c	s/return core \&\& kept == core ? "kept" : NULL;/return kept ? "kept" : NULL;/	NFD strict-contract=kept when any core PMU kept it
chk1	fast	src/render_text.c	s/if (d->code != r->verdict.code || strcmp(d->text, r->verdict.text))/if (d->code == r->verdict.code \&\& strcmp(d->text, r->verdict.text))/	--check=default text drops the host's verdict
chk2	fast	src/render_text.c	s/^\t\tif (o->quiet)$/\t\tif (!o->quiet)/	--check=default -q and plain swapped
rec1	fast	src/probe_record.c	s/if (i == GREG_N || !g->read\[i\])/if (i == GREG_N)/	UNDEF of an unreported register replayed
rec2	fast	src/probe_record.c	s/^\tif (t < 0)$/\tif (t < -1)/	a negative time_us replayed
rec3	fast	src/probe_record.c	s/if (json_object_get_int64(v) < 0 || json_object_get_int64(v) > 0x7fffffff)/if (json_object_get_int64(v) > 0x7fffffff)/	a negative KVM API version replayed
rec4	fast	src/probe_record.c	s/if (ret < -1 || ret > 0x7fffffff/if (ret < -2 || ret > 0x7fffffff/	an ioctl's return -2 replayed
rec5	fast	src/probe_record.c	s/ret > 0x7fffffff || err < 0 || err > 4095/ret > 0x7fffffff || err > 4095/	an ioctl's negative errno replayed
blc03	fast	src/cpulist.c	s/if (hi < lo) {/if (hi <= lo) {/	a one-CPU range N-N rejected as inverted
blc08	fast	src/vpmu_class.c	s/(read_or_zero(g, GREG_MIDR) \& 0xff00fff0ULL)/(read_or_zero(g, GREG_MIDR) \& 0xffffffffULL)/	vPMU class hashes the MIDR's variant and revision too
blc14	fast	src/verdict.c	s/c != V_NOT_PROBED \&\& c != V_PROBE_FAILED;/c != V_NOT_PROBED;/	a failed host probe copied as the default guests' verdict
blc38	fast	src/migrate.c	s/if (guest_counters(dg) < guest_counters(sg))/if (guest_counters(dg) > guest_counters(sg))/	migration change reported for more counters, not fewer
blc40	fast	src/migrate.c	s/if (m->pmus\[i\].mode\[k\].answer != MIG_NOT_CHECKED \&\&/if (m->pmus[i].mode[k].answer != MIG_REFUSED \&\&/	migration --check status ignores refusals and counts not-checked
blc53	fast	src/probe_record.c	s/if (no_vm || !modes\[MODE_STRICT\]) {/if (no_vm || !modes[MODE_LEGACY]) {/	replay --mode: contract dropped for --mode strict, kept for --mode legacy
blc54	fast	src/capture.c	s/(c->root.is_slash \&\& capture_text(c, "dmesg.txt", kernel_log_read)))/(capture_text(c, "dmesg.txt", kernel_log_read)))/	capture of a --sysfs-root tree stores this machine's dmesg
bld31	fast	src/migrate.c	s/#define MIDR_CORE(v) ((v) \& 0xff00fff0ULL)/#define MIDR_CORE(v) ((v) \& 0xfff0fff0ULL)/	--compare refuses a move between two variants of one core
bld31b	fast	src/migrate.c	s/#define MIDR_CORE(v) ((v) \& 0xff00fff0ULL)/#define MIDR_CORE(v) ((v) \& 0xff000ff0ULL)/	--compare matches part 0x151 with 0x051
bld54	fast	src/vpmu_class.c	s/if (n > 1)/if (n > 0)/	a one-PMU host's class a hash of its PMU's class
bld54b	fast	src/vpmu_class.c	s/if (n > 1)/if (n > 2)/	a two-PMU host's class the first PMU's
bld61	fast	src/vcpu_json.c	s/jadd(o, "features", jhex(s->features));/jadd(o, "features", jint(s->features));/	vcpu.features a number, not the schema's hex string
bld04	fast	src/events.c	s/if (code < 0 || has_code(codes, n, (unsigned)code))/if (code <= 0 || has_code(codes, n, (unsigned)code))/	a host SW_INCR (0x00) the guest lacks never listed as missing
bld04b	fast	src/events.c	s/for (unsigned bit = 0; bit < 32; bit++)/for (unsigned bit = 1; bit < 32; bit++)/	PMCEID bit 0 of each half (SW_INCR, 0x20, 0x4000, 0x4020) never decoded
bld12	fast	src/perf_predict.c	s/o->topdown_events > o->counters;/o->topdown_events >= o->counters;/	perf multiplexing reported when TopdownL1's events exactly fit the counters
bld12b	fast	src/perf_predict.c	s/o->topdown_events > o->counters;/o->topdown_events > o->counters + 1;/	perf multiplexing missed when TopdownL1 has one event more than counters
bld40	fast	src/probe_record.c	s/p->probed = !no_vm;/p->probed = true;/	--replay --no-vm shows the recorded guests (JSON guest objects of skipped modes)
bld40b	fast	src/probe_record.c	s/p->probed = !no_vm;/p->probed = no_vm;/	--replay shows no recorded guest unless --no-vm
bld59	fast	src/json_out.c	s/if (pretty \&\& !empty)/if (pretty)/	--pretty prints an empty {} or [] with a blank line (not json-c's format)
bld59b	fast	src/json_out.c	s/if (pretty \&\& !empty)/if (!empty)/	--compact breaks a line before each non-empty object's or array's close
bld12c	fast	src/perf_predict.c	s/in.events_known = first->nevents >= 0;/in.events_known = first->nevents > 0;/	an empty events/ taken as unknown: perf predicted to work without STALL_SLOT*
bld12d	fast	src/perf_predict.c	s/in.events_known = first->nevents >= 0;/in.events_known = true;/	no events/ directory taken as a known empty list
ble33	fast	src/options.def	s/OPTION(OPT_COMPACT, "compact", no_argument)/OPTION(OPT_COMPACT, "compact", optional_argument)/	--compact=x accepted (no "doesn't allow an argument", exit 0)
ble33b	fast	src/options.def	s/OPTION(OPT_CHECK, "check", optional_argument)/OPTION(OPT_CHECK, "check", required_argument)/	--check without =WHICH refused as needing a value, --check default taken as its value
ble33c	fast	src/options.def	s/OPTION(OPT_MODE, "mode", required_argument)/OPTION(OPT_MODE, "mode", optional_argument)/	--mode MODE: the value no longer taken, --mode alone crashes
ble03	fast	src/utf8.c	s/if (p\[0\] == 0xc2 \&\& p\[1\] >= 0x80 \&\& p\[1\] <= 0x9f) {/if (p[0] == 0xc2 \&\& p[1] >= 0x80 \&\& p[1] < 0x9f) {/	U+009F (C1) reaches the terminal
ble03b	fast	src/utf8.c	s/if (p\[0\] == 0xc2 \&\& p\[1\] >= 0x80 \&\& p\[1\] <= 0x9f) {/if (p[0] == 0xc2 \&\& p[1] > 0x80 \&\& p[1] <= 0x9f) {/	U+0080 (C1) reaches the terminal
ble03c	fast	src/utf8.c	s/hi = c == 0xed ? 0x9f : 0xbf;/hi = c == 0xed ? 0xbf : 0xbf;/	surrogates (ED A0 80) pass as valid UTF-8
ble74	fast	src/file_write.c	s/O_NOFOLLOW | O_CLOEXEC, 0644);/O_NOFOLLOW | O_CLOEXEC, 0600);/	the --capture archive is not readable by others (umask 022 gives 0600)
ble74b	fast	src/file_write.c	s/O_NOFOLLOW | O_CLOEXEC, 0644);/O_NOFOLLOW | O_CLOEXEC, 0640);/	the --capture archive is 0640 under umask 022
ble74c	fast	src/tar_write.c	s/type == '5' ? 0755 : 0644);/type == '5' ? 0700 : 0644);/	the archive's directories unpack as 0700
EOF
)
if [ -n "${MUTATE_LIST:-}" ]; then
	MUTANTS=$(grep -v '^#' "$MUTATE_LIST") || { echo "mutate: cannot read MUTATE_LIST $MUTATE_LIST" >&2; exit 2; }
fi

list_only=false apply_only=false no_vm=false
want=()
for a in "$@"; do
	case $a in
	--list) list_only=true ;;
	--apply-only) apply_only=true ;;
	--no-vm) no_vm=true ;;
	-h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "mutate.sh: unknown option $a" >&2; exit 2 ;;
	*) want+=("$a") ;;
	esac
done
selected() {
	[ ${#want[@]} -eq 0 ] && return 0
	for w in "${want[@]}"; do [ "$w" = "$1" ] && return 0; done
	return 1
}
if $list_only; then
	printf '%s\n' "$MUTANTS" | awk -F '\t' '{ printf "%-5s %-4s %-20s %s\n", $1, $2, $3, $5 }'
	exit 0
fi

W=${MUTATE_DIR:-$(mktemp -d /tmp/kpi-mutate.XXXXXX)}
T=$W/tree B=$W/build A=$W/arm64
[ -n "${MUTATE_KEEP:-}" ] || trap 'rm -rf "$W"' EXIT
limit=${MUTATE_TIMEOUT:-600}
log() { printf '%s\n' "$*" >&2; }

# The private copy: the worktree's tracked files as they are now.
rm -rf "$T" && mkdir -p "$T" "$W/orig" || exit 1
(cd "$top" && git ls-files -z | tar --null -T - -c) | tar -x -C "$T" || exit 1

# apply ID FILE EXPR: the mutant in the copy; fails unless exactly one line changed
apply() {
	cp -p "$T/$2" "$W/orig/$1"
	sed -i -e "$3" "$T/$2"
	changed=$(diff "$W/orig/$1" "$T/$2" | grep -c '^>')
	[ "$changed" = 1 ] && return 0
	restore "$1" "$2"
	return 1
}
restore() { cp "$W/orig/$1" "$T/$2"; touch "$T/$2"; }

if $apply_only; then
	bad=0
	while IFS=$'\t' read -r id scope file expr what; do
		selected "$id" || continue
		if apply "$id" "$file" "$expr"; then restore "$id" "$file"; echo "$id applies"
		else echo "$id DOES NOT APPLY ($file: $expr)"; bad=$((bad + 1)); fi
	done <<<"$MUTANTS"
	exit $((bad > 0))
fi

# The fast suite's tests, found in the baseline run: unit tests first,
# then the fixture goldens, the command line and the user-side facts
# (quick, and most mutants fail there), the slow bad-input and capture tests last; a mutant's run stops at its first
# failing test, since one failure kills it.
tests_in_order() {
	(cd "$B" && find tests -name '*.trs' | sed 's/\.trs$//' | sort |
		awk '/^tests\/unit\// { print; next }
		     /^tests\/(badinput|capture)$/ { slow[++s] = $0; next }
		     { rest[++n] = $0 }
		     END { for (i = 1; i <= n; i++) if (rest[i] ~ /fixtures|cli|user-facts|cores-table/) print rest[i]
			   for (i = 1; i <= n; i++) if (rest[i] !~ /fixtures|cli|user-facts|cores-table/) print rest[i]
			   for (i = 1; i <= s; i++) print slow[i] }')
}
build() {        # build LOG: the native build of the copy
	timeout "$limit" make -C "$B" -s -j2 >"$1" 2>&1
}
fast_suite() {   # fast_suite LOG: the fast suite, to its first failing test
	local t st
	for t in $TESTS_ORDER; do
		timeout "$limit" make -C "$B" -s check TESTS="$t" VM_TESTS= PRIVILEGE_TESTS= >>"$1" 2>&1
		st=$?
		[ $st -eq 0 ] || { echo "FAIL: $t (first failing test)" >>"$1"; return $st; }
	done
	return 0
}
vm_suite() {     # vm_suite LOG: arm64 build, the VM matrix to its first "not ok"
	local pid waited=0
	"$T/scripts/build-arm64.sh" "$A" >"$1" 2>&1 || return 1
	# its own process group, so that a kill takes its QEMU along
	KPI_ARM64_BIN=$A/src/kvm-pmu-info setsid bash "$T/tests/vm/vm-matrix.test" >>"$1" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if grep -q '^not ok' "$1"; then
			kill -- -"$pid" 2>/dev/null; wait "$pid"; return 1
		fi
		if [ "$waited" -ge "$limit" ]; then
			kill -- -"$pid" 2>/dev/null; wait "$pid"; return 124
		fi
		sleep 2; waited=$((waited + 2))
	done
	wait "$pid"
}
failures() {     # the failing tests (or assertions) of LOG, for the table
	grep -hoE '^(FAIL|ERROR): .{0,70}|^not ok [0-9]+ - .{0,60}' "$1" | head -n 1 | tr '\n' ';' |
		sed 's/;$//; s/|/\\|/g'
}

log "mutate: private copy in $W; bootstrap, configure, build, baseline"
(cd "$T" && ./bootstrap) >"$W/bootstrap.log" 2>&1 || { log "mutate: bootstrap failed ($W/bootstrap.log)"; exit 1; }
mkdir -p "$B" && (cd "$B" && "$T/configure" -q) >"$W/configure.log" 2>&1 ||
	{ log "mutate: configure failed ($W/configure.log)"; exit 1; }
if ! build "$W/baseline.log" ||
   ! timeout "$limit" make -C "$B" -s -j2 check VM_TESTS= PRIVILEGE_TESTS= \
	${MUTATE_TESTS:+TESTS="$MUTATE_TESTS"} >>"$W/baseline.log" 2>&1; then
	log "mutate: the unmutated tree fails the fast suite; nothing to measure ($W/baseline.log)"
	MUTATE_KEEP=1; trap - EXIT; exit 1
fi
TESTS_ORDER=${MUTATE_TESTS:-$(tests_in_order)}
base_sum=$(md5sum <"$B/src/kvm-pmu-info")
log "mutate: fast suite: $(echo $TESTS_ORDER | wc -w) tests"
vm_ok=false
vm_wanted=false
while IFS=$'\t' read -r id scope _; do
	[ "$scope" = vm ] && selected "$id" && vm_wanted=true
done <<<"$MUTANTS"
if ! $no_vm && $vm_wanted; then
	if vm_suite "$W/baseline-vm.log"; then vm_ok=true
	else log "mutate: the unmutated tree fails the VM matrix ($W/baseline-vm.log): VM stage off"; fi
fi

t0=$SECONDS total=0 killed=0 survivors=() rows=()
while IFS=$'\t' read -r id scope file expr what <&3; do
	selected "$id" || continue
	res= st=0 skipped=false
	if ! apply "$id" "$file" "$expr"; then
		log "mutate: $id does not apply to $file: fix its sed expression"
		rows+=("| $id | $file | $what | **does not apply** | |"); continue
	fi
	s0=$SECONDS
	if ! build "$W/$id.log"; then
		# a mutant that does not compile tests nothing: not counted
		res=stillborn how="build"
	elif [ "$scope" = vm ] && [ "$(md5sum <"$B/src/kvm-pmu-info")" = "$base_sum" ]; then
		st=0 skipped=true    # arm64-only code: the x86 tool is the baseline's
	else
		fast_suite "$W/$id.log"; st=$?
	fi
	if [ "$res" = stillborn ]; then
		:
	elif [ $st -ne 0 ]; then
		res=killed how="fast suite${MUTATE_TESTS:+ (MUTATE_TESTS)}"; [ $st -eq 124 ] && how="fast suite (timeout)"
	elif [ "$scope" = vm ] && $vm_ok; then
		vm_suite "$W/$id.vm.log"; st=$?
		if [ $st -ne 0 ]; then res=killed how="VM matrix"; [ $st -eq 124 ] && how="VM matrix (timeout)"
		else res=survived how="fast suite + VM matrix"; fi
		$skipped && how="$how (x86 build unchanged: no fast suite)"
		cat "$W/$id.vm.log" >>"$W/$id.log"
	elif [ "$scope" = vm ]; then
		res="not run" how="VM stage off"
	else
		res=survived how="fast suite${MUTATE_TESTS:+ (MUTATE_TESTS only)}"
	fi
	restore "$id" "$file"
	if [ "$res" = killed ] || [ "$res" = survived ]; then
		total=$((total + 1))
		[ "$res" = killed ] && killed=$((killed + 1))
		[ "$res" = survived ] && survivors+=("$id")
	fi
	log "mutate: $id $res by $how ($((SECONDS - s0)) s): $file: $what"
	rows+=("| $id | $file | $what | $res | $how: $(failures "$W/$id.log") |")
done 3<<<"$MUTANTS"
# The copy's build must end unmutated: rebuild so a kept MUTATE_DIR is clean.
make -C "$B" -s -j2 >/dev/null 2>&1

echo "| mutant | file | edit | result | by |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "survivors: ${survivors[*]:-none}"
if [ "$total" -gt 0 ]; then
	echo "killed $killed of $total ($((100 * killed / total)) %) in $((SECONDS - t0)) s"
fi
[ "$total" -gt 0 ] && [ ${#survivors[@]} -eq 0 ]
