/* SPDX-License-Identifier: GPL-2.0-or-later */
/* options.c - the command line, GNU style: one line and a hint for a bad
 * option or value, exit status 2. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array_size.h"
#include "utf8.h"

void options_init(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->pretty = -1;
	o->modes[MODE_LEGACY] = o->modes[MODE_STRICT] = true;
	o->root = "/";
	o->timeout_ms = DEFAULT_TIMEOUT_MS;
}

static void usage(FILE *out)
{
	fprintf(out,
"Usage: kvm-pmu-info [OPTION]...\n"
"Show the host's PMUs and what a KVM guest sees of them on arm64: PMMIR_EL1\n"
"SLOTS, PMCEID0/1_EL0 and PMCR_EL0, in legacy and strict (Linux 7.3+) vPMU mode.\n"
"\n"
"  -j, --json            JSON instead of text (pretty on a terminal)\n"
"  -f, --format FMT      text | json | prometheus | nfd\n"
"      --pretty, --compact  indented or one-line JSON\n"
"  -a, --all             text: every PMU in full, not only the core PMUs\n"
"      --no-vm           host inventory and KVM capabilities only; create no VM\n"
"      --pmu NAME        only this PMU (repeatable)\n"
"      --mode MODE       legacy | strict | both (default both)\n"
"      --timeout MS      limit for each probe VM (default %d)\n"
"      --sysfs-root DIR  read sysfs and proc below DIR; no KVM probe\n"
"      --capture FILE, --force  a .tar.gz for a bug report; --force overwrites\n"
"      --replay FILE     report what a --capture archive holds (not unpacked)\n"
"      --migrate-from R  can R's host's guests move here? (R: its -j or capture)\n"
"      --compare A B     the same predicted from reports A and B, without KVM\n"
"      --check[=WHICH]   exit status: would strict guests (strict), or do today's\n"
"                        default guests (default), see SLOTS? in a VM: its vPMU\n"
"  -q, --quiet           with --check, print only the lines of the check asked\n"
"      --nfd-expiry SECS with -f nfd: the labels expire SECS seconds from now\n"
"  -v, --verbose         print the ioctl trail on stderr\n"
"  -h, --help, -V, --version  show this help, or the version, and exit\n"
"\n"
"Exit status: 0 ok, 1 runtime failure, 2 usage error; --check: kvm-pmu-info(1).\n", DEFAULT_TIMEOUT_MS);
}

int options_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("kvm-pmu-info: ", stderr);
	va_start(ap, fmt);
	utf8_vput_cleanf(stderr, fmt, ap);   /* it quotes what the user typed */
	va_end(ap);
	fputs("\nTry 'kvm-pmu-info --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

/* A decimal in 1..MAX, digits only (strtoul alone takes "-1" and " 7"). */
static int parse_count(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return errno || *end || *v == 0 || *v > max ? -1 : 0;
}

/* getopt_long() said '?' for ARG, a long option: it is unknown, ambiguous,
 * or takes no value but was given one ("--no-vm=x"), as glibc's own
 * messages would say, which opterr = 0 silences. */
static int bad_long_option(const struct option *longopts, const char *arg)
{
	const char *name = arg + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct option *hit = NULL;
	int hits = 0;

	for (const struct option *l = longopts; l->name; l++) {
		if (strncmp(l->name, name, len))
			continue;
		if (strlen(l->name) == len) {
			hit = l;
			hits = 1;
			break;
		}
		hit = l;
		hits++;
	}
	if (hits > 1)
		return options_usage_error("option '--%.*s' is ambiguous", (int)len, name);
	if (hit && eq && hit->has_arg == no_argument)
		return options_usage_error("option '--%s' doesn't allow an argument", hit->name);
	return options_usage_error("unknown option '%s'", arg);
}

enum { OPT_NO_VM = 256, OPT_PMU, OPT_MODE, OPT_TIMEOUT, OPT_ROOT, OPT_CHECK,
       OPT_PRETTY, OPT_COMPACT, OPT_CAPTURE, OPT_FORCE, OPT_NFD_EXPIRY, OPT_REPLAY,
       OPT_MIGRATE_FROM, OPT_COMPARE };

/* --migrate-from and --compare answer one question in text or JSON; the
 * options that shape a host report do not apply. */
static int migration_conflict(const struct options *o)
{
	const char *opt = o->migrate_from ? "--migrate-from" : "--compare";

	if (!o->migrate_from && !o->compare[0])
		return 0;
	if (o->migrate_from && o->compare[0])
		return options_usage_error("--migrate-from and --compare exclude each other");
	if (o->replay || o->capture || strcmp(o->root, "/"))
		return options_usage_error("%s excludes %s", opt, o->replay ? "--replay"
					   : o->capture ? "--capture" : "--sysfs-root");
	if (o->format != FMT_TEXT && o->format != FMT_JSON)
		return options_usage_error("%s writes text or JSON, not --format %s", opt,
					   o->format == FMT_NFD ? "nfd" : "prometheus");
	if (o->check == CHECK_DEFAULT)
		return options_usage_error("%s answers --check, not --check=default", opt);
	if (o->all || o->quiet || o->no_vm || o->npmus)
		return options_usage_error("%s excludes %s", opt, o->all ? "--all" : o->quiet
					   ? "--quiet" : o->no_vm ? "--no-vm" : "--pmu");
	return 0;
}

static const struct option longopts[] = {
#define OPTION(val, name, arg) { name, arg, NULL, val },
#define SWITCH(val, name, member) { name, no_argument, NULL, val },
#include "options.def"
#undef OPTION
#undef SWITCH
	{ 0 },
};

/* The options that only switch something on. */
static const struct {
	int opt;
	size_t off;              /* of the bool in struct options */
} switches[] = {
#define OPTION(val, name, arg)
#define SWITCH(val, name, member) { val, offsetof(struct options, member) },
#include "options.def"
#undef OPTION
#undef SWITCH
};

static bool switched(struct options *o, int opt)
{
	for (size_t i = 0; i < ARRAY_SIZE(switches); i++)
		if (switches[i].opt == opt)
			return *(bool *)((char *)o + switches[i].off) = true;
	return false;
}

/* --format NAME: the index of NAME in enum format. */
static int format_arg(const char *name, enum format *f)
{
	static const char *const names[] = {
		[FMT_TEXT] = "text", [FMT_JSON] = "json", [FMT_PROMETHEUS] = "prometheus",
		[FMT_NFD] = "nfd",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return *f = (enum format)i, 0;
	return options_usage_error("unknown format '%s' (text, json, prometheus, nfd)", name);
}

/* --capture FILE, --replay FILE: an empty name is refused before any work. */
static int file_arg(const char *opt, const char *arg, const char **dst)
{
	if (!*arg)
		return options_usage_error("--%s needs a file name, not an empty string", opt);
	*dst = arg;
	return 0;
}

int options_parse(int argc, char **argv, struct options *o)
{
	unsigned long v;
	int c;

	/* 0, not 1: GNU getopt then starts afresh, so the parser can run more
	 * than once in a process (the fuzz target does). */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jf:vaqhV", longopts, NULL)) != -1) {
		int e = 0;

		if (switched(o, c))
			continue;
		switch (c) {
		case 'j':
			o->format = FMT_JSON;
			break;
		case 'f':
			e = format_arg(optarg, &o->format);
			break;
		case OPT_PRETTY:
		case OPT_COMPACT:
			o->pretty = c == OPT_PRETTY;
			break;
		case OPT_PMU:
			if (o->npmus == MAX_PMU_ARGS)
				return options_usage_error("too many --pmu options (at most %d)", MAX_PMU_ARGS);
			o->pmus[o->npmus++] = optarg;
			break;
		case OPT_MODE:
			if (!strcmp(optarg, "legacy") || !strcmp(optarg, "strict") ||
			    !strcmp(optarg, "both")) {
				o->modes[MODE_LEGACY] = strcmp(optarg, "strict") != 0;
				o->modes[MODE_STRICT] = strcmp(optarg, "legacy") != 0;
			} else
				return options_usage_error("unknown mode '%s' (legacy, strict, both)", optarg);
			break;
		case OPT_TIMEOUT:
			if (parse_count(optarg, 600000, &v))
				return options_usage_error("invalid --timeout '%s' (milliseconds, 1-600000)", optarg);
			o->timeout_ms = (unsigned)v;
			break;
		case OPT_ROOT:
			o->root = optarg;
			break;
		case OPT_CHECK:
			if (!optarg || !strcmp(optarg, "strict"))
				o->check = CHECK_STRICT;
			else if (!strcmp(optarg, "default"))
				o->check = CHECK_DEFAULT;
			else
				return options_usage_error("unknown check '%s' (strict, default)", optarg);
			break;
		case OPT_CAPTURE:
			e = file_arg("capture", optarg, &o->capture);
			break;
		case OPT_REPLAY:
			e = file_arg("replay", optarg, &o->replay);
			break;
		case OPT_MIGRATE_FROM:
			e = file_arg("migrate-from", optarg, &o->migrate_from);
			break;
		case OPT_COMPARE:
			e = file_arg("compare", optarg, &o->compare[0]);
			break;
		case OPT_NFD_EXPIRY:
			if (parse_count(optarg, MAX_NFD_EXPIRY_S, &v))
				return options_usage_error("invalid --nfd-expiry '%s' (seconds, 1-%ld)",
							   optarg, MAX_NFD_EXPIRY_S);
			o->nfd_expiry_s = (long)v;
			break;
		case 'h':
			usage(stdout);
			return OPTIONS_DONE;
		case 'V':
			printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return OPTIONS_DONE;
		case ':':
			return options_usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			/* A long option's failure leaves optopt 0 (unknown,
			 * ambiguous) or its value (given "=VALUE": an OPT_* or a
			 * valid short letter); an unknown short option leaves
			 * its letter. */
			if (!optopt || optopt >= OPT_NO_VM || strchr("jfvaqhV", optopt))
				return bad_long_option(longopts, argv[optind - 1]);
			return options_usage_error("unknown option '-%c'", optopt);
		}
		if (e)
			return e;
	}
	/* --compare A B: B is the one operand. */
	if (o->compare[0] && optind < argc && *argv[optind])
		o->compare[1] = argv[optind++];
	else if (o->compare[0])
		return options_usage_error("--compare needs two reports: --compare SOURCE DESTINATION");
	if (optind < argc)
		return options_usage_error("unexpected argument '%s'", argv[optind]);
	if (migration_conflict(o))
		return EXIT_USAGE;
	if (o->force && !o->capture)
		return options_usage_error("--force only applies to --capture");
	if (o->replay && o->capture)
		return options_usage_error("--replay and --capture exclude each other");
	if (o->replay && strcmp(o->root, "/"))
		return options_usage_error("--replay and --sysfs-root exclude each other "
					   "(the archive holds the tree)");
	if (o->quiet && !o->check)
		return options_usage_error("--quiet only applies to --check");
	if ((o->quiet || o->all) && o->format != FMT_TEXT)
		return options_usage_error("%s only applies to the text format",
					   o->quiet ? "--quiet" : "--all");
	if (o->nfd_expiry_s && o->format != FMT_NFD)
		return options_usage_error("--nfd-expiry only applies to --format nfd");
	return 0;
}

