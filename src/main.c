/*
 * main.c - the command line. Options follow tcpdump where tcpdump has
 * them; `man bgpcap` is the reference.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bgpcap.h"
#include "config.h"

enum {
	OPT_JSON = 256, OPT_PORT, OPT_STATS, OPT_COLOR, OPT_EXPECT_NH, OPT_EXPECT_AS,
	OPT_NO_SANDBOX, OPT_EXPECT_AS_RE, OPT_EXPECT_PEER, OPT_SPEAKER, OPT_EXPECT_PEER_AS,
	OPT_DURATION, OPT_ASSUME, OPT_VERSION, OPT_MAX_FLOWS,
	OPT_FLOW_MEMORY, OPT_ALLOW_DOWN, OPT_WRITE_MRT, OPT_ROUTES,
	OPT_RIB, OPT_AT, OPT_HISTORY, OPT_DIFF,
	OPT_F_PREFIX, OPT_F_LONGER, OPT_F_PEER, OPT_F_TYPE, OPT_F_NEXTHOP, OPT_F_ASPATH,
	OPT_F_COMMUNITY, OPT_TIMELINE, OPT_BMP_PORT,
};

/* The options; tests/options.sh checks this list against the man page. */
static const struct option longopts[] = {
	{ "read", required_argument, NULL, 'r' },
	{ "interface", required_argument, NULL, 'i' },
	{ "write", required_argument, NULL, 'w' },
	{ "count", required_argument, NULL, 'c' },
	{ "buffer-size", required_argument, NULL, 'B' },
	{ "snaplen", required_argument, NULL, 's' },
	{ "user", required_argument, NULL, 'Z' },
	{ "list-interfaces", no_argument, NULL, 'D' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "bmp-port", required_argument, NULL, OPT_BMP_PORT },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "expect-nexthop", required_argument, NULL, OPT_EXPECT_NH },
	{ "expect-aspath", required_argument, NULL, OPT_EXPECT_AS },
	{ "expect-aspath-regex", required_argument, NULL, OPT_EXPECT_AS_RE },
	{ "no-sandbox", no_argument, NULL, OPT_NO_SANDBOX },
	{ "expect-peer", required_argument, NULL, OPT_EXPECT_PEER },
	{ "expect-peer-as", required_argument, NULL, OPT_EXPECT_PEER_AS },
	{ "speaker", required_argument, NULL, OPT_SPEAKER },
	{ "allow-down", no_argument, NULL, OPT_ALLOW_DOWN },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "assume", required_argument, NULL, OPT_ASSUME },
	{ "max-flows", required_argument, NULL, OPT_MAX_FLOWS },
	{ "flow-memory", required_argument, NULL, OPT_FLOW_MEMORY },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "write-mrt", required_argument, NULL, OPT_WRITE_MRT },
	{ "routes", no_argument, NULL, OPT_ROUTES },
	{ "rib", no_argument, NULL, OPT_RIB },
	{ "at", required_argument, NULL, OPT_AT },
	{ "history", required_argument, NULL, OPT_HISTORY },
	{ "diff", required_argument, NULL, OPT_DIFF },
	{ "prefix", required_argument, NULL, OPT_F_PREFIX },
	{ "longer-prefixes", no_argument, NULL, OPT_F_LONGER },
	{ "peer", required_argument, NULL, OPT_F_PEER },
	{ "type", required_argument, NULL, OPT_F_TYPE },
	{ "nexthop", required_argument, NULL, OPT_F_NEXTHOP },
	{ "aspath-regex", required_argument, NULL, OPT_F_ASPATH },
	{ "community", required_argument, NULL, OPT_F_COMMUNITY },
	{ "timeline", required_argument, NULL, OPT_TIMELINE },
	{ NULL, 0, NULL, 0 },
};

static const char shortopts[] = ":r:i:w:c:B:s:Z:F:G:C:W:z:DenvtqhxX";

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: bgpcap [-DenqtvxX] [-B buffer_size] [-c count] [-F file] [-i interface]\n"
	    "              [-r file] [-s snaplen] [-w file] [-G seconds] [-C megabytes]\n"
	    "              [-W count] [-z command] [-Z user] [--json] [--stats]\n"
	    "              [--port port] [--bmp-port port]\n"
	    "              [--expect-nexthop addr] [--expect-aspath path]\n"
	    "              [--expect-aspath-regex re] [--expect-peer addr] [--speaker addr]\n"
	    "              [--expect-peer-as asn] [--allow-down] [--duration seconds]\n"
	    "              [--assume list] [--color when] [--max-flows n] [--flow-memory MiB]\n"
	    "              [--write-mrt file] [--routes] [--no-sandbox]\n"
	    "              [--rib] [--at time] [--history prefix] [--diff file]\n"
	    "              [--prefix prefix [--longer-prefixes]] [--peer addr] [--type type]\n"
	    "              [--nexthop addr] [--aspath-regex re] [--community c]\n"
	    "              [--timeline file.svg] [expression]\n"
	    "See bgpcap(1): man bgpcap\n");
}

static void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void
die_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bgpcap: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static unsigned long long
num(const char *s, unsigned long long min, unsigned long long max, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (*s == '-' || *s == '\0')
		die_usage("%s: '%s'", what, s);
	v = strtoull(s, &end, 10);
	if (errno || *end != '\0' || v < min || v > max)
		die_usage("%s: '%s'", what, s);
	return v;
}

static void
add_addr(struct addr *list, int *n, const char *s, const char *opt)
{
	if (*n >= REPORT_MAX_EXPECT)
		die_usage("too many %s options (at most %d): %s", opt, REPORT_MAX_EXPECT, s);
	if (!addr_parse(s, &list[*n]))
		die_usage("%s: '%s' is not an IPv4 or IPv6 address", opt, s);
	(*n)++;
}

static void
parse_assume(struct run_opts *ro, char *list)
{
	char *tok, *save = NULL;

	memset(&ro->forced, 0, sizeof(ro->forced));
	ro->forced.as4 = true;
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "as4") == 0)
			ro->forced.as4 = true;
		else if (strcmp(tok, "as2") == 0)
			ro->forced.as4 = false;
		else if (strcmp(tok, "addpath") == 0)
			ro->forced.addpath_any = true;
		else if (strcmp(tok, "no-addpath") == 0)
			ro->forced.addpath_any = false;
		else if (strcmp(tok, "extended-message") == 0)
			ro->forced.ext_msg = true;
		else
			die_usage("--assume: unknown fact '%s' (as4, as2, addpath, no-addpath, "
			    "extended-message)", tok);
	}
	ro->have_forced = true;
}

static void
on_signal(int sig)
{
	(void)sig;
	bgpcap_stop();
}

/* Join the trailing arguments into one filter expression, as tcpdump does. */
static char *
join_args(int argc, char **argv)
{
	size_t len = 0;
	char *s;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = malloc(len + 1);
	if (s == NULL)
		return NULL;
	s[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

/* -F FILE: the filter expression from a file, its lines joined (as tcpdump). */
static char *
read_filter(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *s;
	size_t n;

	if (fp == NULL)
		die_usage("-F %s: %s", path, strerror(errno));
	if ((s = malloc(65537)) == NULL)
		die_usage("out of memory");
	n = fread(s, 1, 65537, fp);
	fclose(fp);
	if (n > 65536)
		die_usage("-F %s: longer than 64 KiB", path);
	s[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t')
			s[i] = ' ';
	if (strspn(s, " ") == n)
		die_usage("-F %s: no filter expression in the file", path);
	return s;
}

/* Options as parsed, before they become a run. */
struct cli {
	struct run_opts ro;
	const char *color;
	int nports;
	uint16_t bmp[CAPTURE_MAX_PORTS]; /* --bmp-port as given (0: none) */
	int nbmp;
	bool snaplen_set;        /* -s given */
	const char *filter_file; /* -F */
	struct filter filter;    /* the display filters */
};

/* tcpdump's options. Returns -1 to go on, else the exit status. */
static int
opt_capture(struct cli *c, int ch)
{
	struct run_opts *ro = &c->ro;

	switch (ch) {
	case 'r': ro->cap.file = optarg; break;
	case 'i': ro->cap.iface = optarg; break;
	case 'w': ro->cap.write_file = optarg; break;
	case 'c': ro->count = num(optarg, 1, ULLONG_MAX, "-c: invalid count"); break;
	case 'B':
		ro->cap.bufsize_kib = (int)num(optarg, 1, 4194304,
		    "-B: invalid buffer size (KiB, 1..4194304)");
		break;
	case 's':
		/* 0 is the default, as in tcpdump */
		ro->cap.snaplen = (int)num(optarg, 0, CAPTURE_DEFAULT_SNAPLEN,
		    "-s: invalid snaplen (0..262144)");
		c->snaplen_set = true;
		break;
	case 'F': c->filter_file = optarg; break;
	case 'G':
		ro->cap.rot.seconds = (unsigned)num(optarg, 1, 31622400,
		    "-G: invalid number of seconds (1..31622400)");
		break;
	case 'C':
		ro->cap.rot.megabytes = num(optarg, 1, 1000000, "-C: invalid file size "
		    "(millions of bytes, 1..1000000)");
		break;
	case 'W': ro->cap.rot.count = (unsigned)num(optarg, 1, 100000, "-W: invalid count "
		    "(1..100000)"); break;
	case 'z': ro->cap.rot.cmd = optarg; break;
	case 'x': if (ro->out.hex < 1) ro->out.hex = 1; break;
	case 'X': ro->out.hex = 2; break;
	case 'Z': ro->user = optarg; break;
	case OPT_NO_SANDBOX: ro->no_sandbox = true; break;
	case 'D': return capture_list_interfaces();
	case 'n': break; /* bgpcap never resolves names */
	case 'e': ro->out.link = true; break;
	case 'v': ro->out.verbose++; break;
	case 't':               /* -t none, -tt epoch, -ttt delta, -tttt date, -ttttt since first */
		if (ro->out.ts_mode < 5)
			ro->out.ts_mode++;
		break;
	case 'q': ro->out.quiet = true; break;
	case 'h': usage(stdout); return 0;
	default: return -2;
	}
	return -1;
}

static void
opt_duration(struct run_opts *ro, const char *s)
{
	char *end;

	errno = 0;
	ro->duration = strtod(s, &end);
	if (errno || *end || !(ro->duration > 0) || ro->duration > 1e7)
		die_usage("--duration: invalid number of seconds '%s'", s);
}

/* bgpcap's own long options: output and run. */
static int
opt_run(struct cli *c, int ch)
{
	struct run_opts *ro = &c->ro;

	switch (ch) {
	case OPT_VERSION: printf("bgpcap %s\n", PACKAGE_VERSION); return 0;
	case OPT_JSON: ro->out.json = true; break;
	case OPT_PORT:
		if (c->nports >= CAPTURE_MAX_PORTS - 1)
			die_usage("--port: too many ports (at most 15 besides 179): %s", optarg);
		ro->cap.ports[++c->nports] = (uint16_t)num(optarg, 1, 65535, "--port: invalid port");
		break;
	case OPT_BMP_PORT:
		if (c->nbmp >= CAPTURE_MAX_PORTS - 1)
			die_usage("--bmp-port: too many ports: %s", optarg);
		c->bmp[c->nbmp++] = (uint16_t)num(optarg, 0, 65535, "--bmp-port: invalid port");
		break;
	case OPT_STATS: ro->stats = true; break;
	case OPT_WRITE_MRT: ro->write_mrt = optarg; break;
	case OPT_ROUTES: ro->out.routes = true; break;
	case OPT_TIMELINE: ro->timeline = optarg; ro->rep.timeline = true; break;
	case OPT_COLOR:
		if (strcmp(optarg, "never") && strcmp(optarg, "always") && strcmp(optarg, "auto"))
			die_usage("--color: '%s' is not never, always or auto", optarg);
		c->color = optarg;
		break;
	case OPT_DURATION: opt_duration(ro, optarg); break;
	case OPT_ASSUME: parse_assume(ro, optarg); break;
	case OPT_MAX_FLOWS:
		ro->limits.max_flows = (size_t)num(optarg, 1, 10000000,
		    "--max-flows: invalid number (1..10000000)");
		break;
	case OPT_FLOW_MEMORY:   /* each of the two table-wide budgets */
		ro->limits.max_buf_total = ro->limits.max_ooo_total = (size_t)num(optarg,
		    1, 4096, "--flow-memory: invalid number of MiB (1..4096)") << 20;
		break;
	default: return -2;
	}
	return -1;
}

static bool
bgp_port(const struct run_opts *ro, uint16_t p)
{
	for (int i = 0; i < ro->cap.nports; i++)
		if (ro->cap.ports[i] == p)
			return true;
	return false;
}

/*
 * The BMP ports: --bmp-port's (0 turns BMP off), else 1790 unless --port
 * names it (BGP on 1790 then). A port given as both is an error. The
 * capture takes them with the BGP ports (at most CAPTURE_MAX_PORTS).
 */
static void
bmp_ports(struct cli *c)
{
	struct run_opts *ro = &c->ro;
	bool given = c->nbmp > 0;

	if (!given)
		c->bmp[c->nbmp++] = 1790;
	for (int i = 0; i < c->nbmp; i++) {
		uint16_t p = c->bmp[i];

		if (p == 0 || (!given && bgp_port(ro, p)))
			continue;
		if (bgp_port(ro, p))
			die_usage("port %u is given as BGP (--port) and as BMP (--bmp-port)", p);
		if (ro->cap.nports >= CAPTURE_MAX_PORTS)
			die_usage("--port and --bmp-port: at most %d ports together",
			    CAPTURE_MAX_PORTS);
		ro->bmp_ports[ro->n_bmp_ports++] = p;
		ro->cap.ports[ro->cap.nports++] = p;
	}
}

/* The expectations the report checks. */
static int
opt_expect(struct cli *c, int ch)
{
	struct report_opts *rep = &c->ro.rep;

	switch (ch) {
	case OPT_EXPECT_NH:
		add_addr(rep->expect_nh, &rep->n_expect_nh, optarg, "--expect-nexthop");
		break;
	case OPT_EXPECT_AS: rep->expect_aspath = optarg; break;
	case OPT_EXPECT_AS_RE: rep->expect_aspath_re = optarg; break;
	case OPT_EXPECT_PEER:
		add_addr(rep->expect_peer, &rep->n_expect_peer, optarg, "--expect-peer");
		break;
	case OPT_EXPECT_PEER_AS:
		rep->expect_peer_as = (uint32_t)num(optarg, 1, 4294967295ULL,
		    "--expect-peer-as: invalid AS number");
		break;
	case OPT_SPEAKER:
		add_addr(rep->speaker, &rep->n_speaker, optarg, "--speaker");
		break;
	case OPT_ALLOW_DOWN: rep->allow_down = true; break;
	default: return -2;
	}
	return -1;
}

/* The route store (rib.h): --rib, --at, --history, --diff. */
static int
opt_rib(struct cli *c, int ch)
{
	struct rib_opts *o = &c->ro.rib;

	switch (ch) {
	case OPT_RIB: o->rib = true; break;
	case OPT_AT:
		if (!rib_parse_at(o, optarg))
			die_usage("--at: '%s' is neither RFC 3339 (2026-11-27T14:30:19Z) nor "
			    "seconds from the first packet", optarg);
		break;
	case OPT_HISTORY:
		if (o->n_history >= RIB_MAX_HISTORY)
			die_usage("too many --history options (at most %d)", RIB_MAX_HISTORY);
		if (!rib_parse_prefix(o, optarg))
			die_usage("--history: '%s' is not a prefix (address/length)", optarg);
		break;
	case OPT_DIFF: o->diff = optarg; break;
	default: return -2;
	}
	return -1;
}

/* The display filters (filter.h): what is printed, not what is checked. */
static int
opt_filter(struct cli *c, int ch)
{
	struct filter *f = &c->filter;
	char err[512];
	bool ok;

	switch (ch) {
	case OPT_F_PREFIX: ok = flt_add_prefix(f, optarg, err, sizeof(err)); break;
	case OPT_F_LONGER: f->longer = true; return -1;
	case OPT_F_PEER: ok = flt_add_peer(f, optarg, err, sizeof(err)); break;
	case OPT_F_TYPE: ok = flt_add_type(f, optarg, err, sizeof(err)); break;
	case OPT_F_NEXTHOP: ok = flt_add_nexthop(f, optarg, err, sizeof(err)); break;
	case OPT_F_ASPATH: ok = flt_add_aspath(f, optarg, err, sizeof(err)); break;
	case OPT_F_COMMUNITY: ok = flt_add_community(f, optarg, err, sizeof(err)); break;
	default: return -2;
	}
	if (!ok)
		die_usage("%s", err);
	return -1;
}

static int (*const opt_parts[])(struct cli *, int) = {
	opt_capture, opt_run, opt_expect, opt_rib, opt_filter,
};

/* One option from getopt. Returns -1 to go on, else the exit status. */
static int
opt_one(struct cli *c, int ch, char **argv)
{
	if (ch == ':')
		die_usage("option %s needs a value (see bgpcap -h)", argv[optind - 1]);
	for (size_t i = 0; i < sizeof(opt_parts) / sizeof(opt_parts[0]); i++) {
		int r = opt_parts[i](c, ch);

		if (r != -2)
			return r;
	}
	if (optopt)
		die_usage("unknown option -%c (see bgpcap -h)", optopt);
	die_usage("unknown option %s (see bgpcap -h)", argv[optind - 1]);
}

/* -G -C -W -z: with what they apply to, as tcpdump. */
static void
opt_rotation(const struct run_opts *ro)
{
	const struct rot_opts *o = &ro->cap.rot;

	if (o->seconds && !ro->cap.write_file)
		die_usage("-G rotates the file -w writes: give -w");
	if (o->megabytes && !ro->cap.write_file)
		die_usage("-C rotates the file -w writes: give -w");
	if (o->count && !rot_wanted(o))
		die_usage("-W counts the files -G or -C make: give -G or -C");
	if (o->cmd && !rot_wanted(o))
		die_usage("-z runs on each file -G or -C closes: give -G or -C");
	if (o->cmd && o->cmd[0] == '\0')
		die_usage("-z: empty command");
	if (rot_wanted(o) && strcmp(ro->cap.write_file, "-") == 0)
		die_usage("-G and -C rotate files: not with -w - (the standard output)");
}

/* What follows from the options together. */
static void
opt_finish(struct cli *c, int argc, char **argv)
{
	struct run_opts *ro = &c->ro;

	if (!ro->cap.file == !ro->cap.iface)
		die_usage("give exactly one of -r FILE or -i INTERFACE (see bgpcap -h)");
	if (ro->duration > 0 && !ro->cap.iface)
		die_usage("--duration applies to live capture (-i), not to -r %s", ro->cap.file);
	if (c->snaplen_set && ro->cap.file)
		die_usage("-s applies to live capture (-i): the snapshot length of %s was fixed "
		    "when it was written", ro->cap.file);
	opt_rotation(ro);
	if (ro->out.routes && (ro->out.json || ro->out.quiet))
		die_usage("--routes prints its own lines: not with %s", ro->out.json ? "--json" : "-q");
	ro->out.no_ts = ro->out.ts_mode == 1;
	if (c->filter_file && optind < argc)
		die_usage("give the filter expression either in -F %s or on the command line, "
		    "not both", c->filter_file);
	if (c->filter_file)
		ro->cap.filter = read_filter(c->filter_file);
	ro->cap.ports[0] = CAPTURE_BGP_PORT;
	ro->cap.nports = c->nports + 1;
	bmp_ports(c);
	if (optind < argc) {
		ro->cap.filter = join_args(argc - optind, argv + optind);
		if (ro->cap.filter == NULL)
			die_usage("out of memory");
	}
	ro->out.color = strcmp(c->color, "always") == 0 ||
	    (strcmp(c->color, "auto") == 0 && isatty(STDOUT_FILENO));
	ro->rep.color = ro->out.color;
	ro->rep.json = ro->out.json;
	ro->out.line_buffered = ro->cap.iface != NULL;
	if (c->filter.longer && c->filter.n_prefix == 0)
		die_usage("--longer-prefixes applies to --prefix, and none was given");
	if (flt_active(&c->filter))
		ro->out.filter = &c->filter;
	ro->progress = ro->cap.file && strcmp(ro->cap.file, "-") != 0 && isatty(STDERR_FILENO);
	ro->rib.json = ro->out.json;
	if (ro->rib.have_at && ro->rib.n_history == 0 && ro->rib.diff == NULL)
		ro->rib.rib = true;      /* --at alone: the routes held then */
	if (ro->rib.diff && !ro->cap.file)
		die_usage("--diff compares two files: give -r FILE");
	if (ro->rib.diff) {
		/* only the differences are printed, and the exit status is diff(1)'s */
		ro->want_report = false;
		ro->out.quiet = true;
	}
}

int
main(int argc, char **argv)
{
	struct cli c;
	struct sigaction sa;
	int ch, status;

	memset(&c, 0, sizeof(c));
	c.color = "auto";
	c.ro.want_report = true;
	opterr = 0; /* one line of our own instead of getopt's */
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1)
		if ((status = opt_one(&c, ch, argv)) >= 0)
			return status;
	opt_finish(&c, argc, argv);

	/* line-buffered when live, so `| grep` sees messages as they arrive */
	if (c.ro.cap.iface)
		setvbuf(stdout, NULL, _IOLBF, 0);
	else
		setvbuf(stdout, NULL, _IOFBF, 1 << 20);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_DFL);

	status = bgpcap_run(&c.ro, stdout, stderr);
	free((char *)c.ro.cap.filter);
	flt_free(&c.filter);
	if (fflush(stdout) != 0 && status == 0)
		status = 2;
	return status;
}
