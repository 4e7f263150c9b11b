/*
 * capture.c - libpcap input (file, stdin, live interface), the capture
 * filter, the read loop. Frames are decoded by decode.c and decode_ip.c.
 * A TCP payload that the snaplen cut short is handed to
 * flow_segment_trunc(): the captured part is reassembled, the missing tail
 * becomes a reported gap.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "decode.h"
#include "input.h"
#include "rotate.h"
#include "wfile.h"


/* ----------------------------------------------------------------- new */

struct capture *
capture_new_raw(const struct capture_opts *o)
{
	struct capture *c = calloc(1, sizeof(*c));
	int i;

	if (c == NULL)
		return NULL;
	c->dlt = -1;
	if (o != NULL && o->nports > 0) {
		for (i = 0; i < o->nports && i < CAPTURE_MAX_PORTS; i++)
			if (o->ports[i] != 0)
				c->ports[c->nports++] = o->ports[i];
	}
	if (c->nports == 0)
		c->ports[c->nports++] = CAPTURE_BGP_PORT;
	return c;
}

/* ---------------------------------------------------------------- open */

/*
 * The kernel filter for a live capture: BGP on the given ports, ICMP, and
 * every form that may carry it further in (IPv4 fragments, IPv6 with
 * extension headers, GRE, IP-in-IP, 6in4, 4in6, VXLAN, MPLS, VLAN tags).
 * `vlan` comes last: in libpcap it shifts the offsets of what follows it.
 * A link type without an Ethernet type field drops the last two parts.
 */
static bool
live_base(const struct capture *c, int variant, char *out, size_t len)
{
	char ports[CAPTURE_MAX_PORTS * 16] = "";
	int i, n;
	size_t used = 0;

	for (i = 0; i < c->nports; i++) {
		n = snprintf(ports + used, sizeof(ports) - used, "%sport %u",
		    i ? " or " : "", (unsigned)c->ports[i]);
		if (n < 0 || (size_t)n >= sizeof(ports) - used)
			return false;
		used += (size_t)n;
	}
	n = snprintf(out, len, "(tcp and (%s)) or icmp or icmp6"
	    " or (ip and ip[6:2] & 0x3fff != 0)"
	    " or (ip6 and ip6[6] != 6 and ip6[6] != 17 and ip6[6] != 58)"
	    " or ip proto 4 or ip proto 41 or ip proto 47 or ip proto 137"
	    " or ip6 proto 4 or ip6 proto 41 or ip6 proto 47 or ip6 proto 137"
	    " or (udp and (port 4789 or port 10800 or port 10801))%s%s",
	    ports, variant < 2 ? " or ether proto 0x8847 or ether proto 0x8848" : "",
	    variant < 1 ? " or vlan" : "");
	return n >= 0 && (size_t)n < len;
}

/*
 * Files: no filter but the user's (every frame reaches the decoder).
 * Live: (user) and (base), the user's expression first so that `vlan` in
 * the base cannot shift its offsets. Returns 1 with prog compiled and its
 * text in text, 0 when there is no filter, -1 with err set.
 */
static int
pick_filter(pcap_t *p, const struct capture *c, const char *user, bool live,
    struct bpf_program *prog, char *text, size_t tlen, char *err, size_t errlen)
{
	char base[2048];
	bool has_user = user != NULL && user[0] != '\0';
	int variant, n;

	text[0] = '\0';
	if (has_user) {
		if (pcap_compile(p, prog, user, 1, PCAP_NETMASK_UNKNOWN) != 0) {
			snprintf(err, errlen, "invalid filter expression \"%.300s\": %s",
			    user, pcap_geterr(p));
			return -1;
		}
		if (!live) {
			snprintf(text, tlen, "%s", user);
			return 1;
		}
		pcap_freecode(prog);
	} else if (!live)
		return 0;
	for (variant = dec_link_has_ethertype(c->dlt) ? 0 : 2; variant < 3; variant++) {
		if (!live_base(c, variant, base, sizeof(base)))
			break;
		n = has_user ? snprintf(text, tlen, "(%s) and (%s)", user, base) :
		    snprintf(text, tlen, "%s", base);
		if (n < 0 || (size_t)n >= tlen)
			break;
		if (pcap_compile(p, prog, text, 1, PCAP_NETMASK_UNKNOWN) == 0)
			return 1;
	}
	snprintf(err, errlen, "cannot compile the capture filter: %s", pcap_geterr(p));
	return -1;
}

static int
set_filter(struct capture *c, const char *user, char *err, size_t errlen)
{
	char text[4096];
	struct bpf_program prog;
	int r;

	r = pick_filter(c->p, c, user, c->live, &prog, text, sizeof(text), err, errlen);
	if (r <= 0)
		return r;
	r = pcap_setfilter(c->p, &prog);
	pcap_freecode(&prog);
	if (r != 0) {
		snprintf(err, errlen, "cannot set filter: %s", pcap_geterr(c->p));
		return -1;
	}
	return 0;
}

int
capture_filter_for(const struct capture_opts *o, int dlt, bool live,
    struct bpf_program *prog, char *text, size_t tlen, char *err, size_t errlen)
{
	struct capture *c = capture_new_raw(o);
	pcap_t *p = pcap_open_dead(dlt, CAPTURE_DEFAULT_SNAPLEN);
	int r = -1;

	if (c != NULL)
		c->dlt = dlt;
	if (c != NULL && p != NULL)
		r = pick_filter(p, c, o != NULL ? o->filter : NULL, live, prog, text,
		    tlen, err, errlen);
	if (p != NULL)
		pcap_close(p);
	capture_close(c);
	return r;
}

static struct capture *
open_fail(struct capture *c, char *err, size_t errlen, const char *a,
    const char *b)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s%s", a, b != NULL ? b : "");
	capture_close(c);
	return NULL;
}

/* A pcapng file libpcap refused at open (tried), or pcapng from a pipe
 * (libpcap not tried): bgpcap's reader, and a dead handle of its first
 * interface's link type for -w and the names. */
static pcap_t *
open_ng(struct capture *c, bool tried, char *ebuf, size_t len)
{
	char why[PCAP_ERRBUF_SIZE];
	int dlt;

	snprintf(why, sizeof(why), "%s", ebuf);
	c->ng = capng_open(c->ngf, c->path, 0, tried ? why : NULL, ebuf, len);
	c->ngf = NULL;
	if (c->ng == NULL)
		return NULL;
	dlt = capng_first_dlt(c->ng);
	return pcap_open_dead(dlt >= 0 ? dlt : DLT_EN10MB, CAPTURE_DEFAULT_SNAPLEN);
}

/* -r: libpcap, or for a pcapng file it refuses bgpcap's reader.
 * 0, or -1 with the message in msg. */
static int
open_file(struct capture *c, const struct capture_opts *o, char *msg, size_t mlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	struct stat sb;
	FILE *f;

	c->path = o->file;
	c->filter = o->filter;
	/* a pcapng file is opened a second time now, while it still can be
	 * (privileges, sandbox), for the case that libpcap gives up on it */
	if (capng_sniff(o->in, o->file))
		c->ngf = input_fopen(o->in, o->file);
	/* pcapng from a pipe: bgpcap's reader from the start, since the hand-over
	 * from libpcap could re-read only the first INPUT_KEEP bytes (input.c) */
	if (c->ngf != NULL && !input_seekable(o->in)) {
		if ((c->p = open_ng(c, false, ebuf, sizeof(ebuf))) != NULL)
			goto opened;
		snprintf(msg, mlen, "%s: %s", o->file, ebuf);
		return -1;
	}
	/* from its start, a pipe too (input.c); libpcap owns f once it reads it */
	if ((f = input_fopen(o->in, o->file)) == NULL) {
		snprintf(msg, mlen, "%s: %s", o->file, strerror(errno));
		return -1;
	}
	if ((c->p = pcap_fopen_offline(f, ebuf)) == NULL)
		fclose(f);
	if (c->p == NULL && c->ngf != NULL)
		c->p = open_ng(c, true, ebuf, sizeof(ebuf));
	if (c->p == NULL) {
		/* libpcap usually names the file itself */
		if (strncmp(ebuf, o->file, strlen(o->file)) == 0)
			snprintf(msg, mlen, "%s", ebuf);
		else
			snprintf(msg, mlen, "%s: %s", o->file, ebuf);
		return -1;
	}
opened:
	if (strcmp(o->file, "-") != 0 && stat(o->file, &sb) == 0 && S_ISREG(sb.st_mode))
		c->st.file_size = (uint64_t)sb.st_size;
	return 0;
}

struct capture *
capture_open(const struct capture_opts *o, char *err, size_t errlen)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	char msg[512];
	struct capture *c;
	int snaplen, bufkib, r;
	const char *name;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (o == NULL || (o->file == NULL) == (o->iface == NULL))
		return open_fail(NULL, err, errlen,
		    "give exactly one of a file (-r) or an interface (-i)", NULL);
	c = capture_new_raw(o);
	if (c == NULL)
		return open_fail(NULL, err, errlen, "out of memory", NULL);
	snaplen = o->snaplen > 0 ? o->snaplen : CAPTURE_DEFAULT_SNAPLEN;
	bufkib = o->bufsize_kib > 0 ? o->bufsize_kib : CAPTURE_DEFAULT_BUFSIZE_KIB;

	if (o->file != NULL) {
		if (open_file(c, o, msg, sizeof(msg)) != 0)
			return open_fail(c, err, errlen, msg, NULL);
	} else {
		c->live = true;
		c->p = pcap_create(o->iface, ebuf);
		if (c->p == NULL) {
			snprintf(msg, sizeof(msg), "%s: ", o->iface);
			return open_fail(c, err, errlen, msg, ebuf);
		}
		pcap_set_snaplen(c->p, snaplen);
		pcap_set_promisc(c->p, 1);
		pcap_set_timeout(c->p, 200);
		pcap_set_immediate_mode(c->p, 1);
		if (bufkib > 0 && bufkib <= 0x7fffffff / 1024)
			pcap_set_buffer_size(c->p, bufkib * 1024);
		r = pcap_activate(c->p);
		if (r < 0) {
			const char *detail = pcap_geterr(c->p);

			snprintf(msg, sizeof(msg), "%s: %s", o->iface,
			    pcap_statustostr(r));
			if (detail != NULL && detail[0] != '\0' &&
			    strcmp(detail, pcap_statustostr(r)) != 0) {
				snprintf(ebuf, sizeof(ebuf), " (%s)", detail);
				return open_fail(c, err, errlen, msg, ebuf);
			}
			return open_fail(c, err, errlen, msg, NULL);
		}
		/* r > 0: a warning; the capture works */
		if (pcap_get_selectable_fd(c->p) >= 0 &&
		    pcap_setnonblock(c->p, 1, ebuf) != 0)
			return open_fail(c, err, errlen, "cannot set non-blocking mode: ", ebuf);
	}
	c->dlt = pcap_datalink(c->p);
	if (c->ng != NULL) /* link type and filter per interface: capture_ng.c */
		return c;
	if (!dec_link_known(c->dlt)) {
		name = pcap_datalink_val_to_name(c->dlt);
		snprintf(msg, sizeof(msg), "unsupported link type %s (DLT %d)",
		    name != NULL ? name : "unknown", c->dlt);
		return open_fail(c, err, errlen, msg, NULL);
	}
	if (set_filter(c, o->filter, msg, sizeof(msg)) != 0)
		return open_fail(c, err, errlen, msg, NULL);
	return c;
}

/* Create the -w file (wfile.c) after the privilege drop, so it is created
 * as the -Z user; "-" is the standard output. */
static FILE *
dump_file(const char *path, char *err, size_t errlen)
{
	if (strcmp(path, "-") == 0)
		return stdout;
	return wfile_open(path, "-w", err, errlen);
}

int
capture_open_dump(struct capture *c, const char *path, char *err, size_t errlen)
{
	FILE *fp = dump_file(path, err, errlen);

	if (fp == NULL)
		return -1;
	c->dumper = pcap_dump_fopen(c->p, fp);
	if (c->dumper == NULL) {
		snprintf(err, errlen, "-w %s: %s", path, pcap_geterr(c->p));
		if (fp != stdout)
			fclose(fp);
		return -1;
	}
	return 0;
}

static double
now_unix(void);

int
capture_open_rotation(struct capture *c, const char *path, const struct rot_opts *rot,
    char *err, size_t errlen)
{
	c->rot = rot_open(c->p, path, rot, c->live ? now_unix() : -1, err, errlen);
	return c->rot != NULL ? 0 : -1;
}

bool
capture_rotation_done(const struct capture *c)
{
	return c != NULL && c->rot_state == 1;
}

/* A packet to the rotated -w files: at the first packet of a file, its
 * time starts -G's clock. Stops the capture at -G -W's end or a failure. */
static void
rot_packet(struct capture *c, const struct pcap_pkthdr *h, const u_char *data)
{
	double now = c->live ? now_unix() : (double)h->ts.tv_sec + h->ts.tv_usec / 1e6;
	int rc;

	if (c->rot_state != 0)
		return;
	rc = rot_write(c->rot, h, data, now, c->rot_err, sizeof(c->rot_err));
	if (rc != 0) {
		c->rot_state = rc;
		capture_break(c);
	} else if (c->live)
		rot_flush(c->rot);
}

/* ----------------------------------------------------------------- run */

static double
now_unix(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

void
capture_set_deadline(struct capture *c, double unix_time)
{
	if (c != NULL)
		c->deadline = unix_time;
}

struct run_ctx {
	struct capture *c;
	struct flow_table *ft;
	const struct capture_cb *cb;
};

static void
capture_packet(struct capture *c, int dlt, const struct pcap_pkthdr *h,
    const u_char *data, struct flow_table *ft, const struct capture_cb *cb)
{
	struct pkt_info base;

	c->frame++;
	c->st.packets++;
	c->st.bytes += h->caplen;
	if (c->rot != NULL && dlt == c->dlt)
		rot_packet(c, h, data);
	if (c->dumper != NULL && dlt == c->dlt) { /* a pcap holds one link type */
		pcap_dump((u_char *)c->dumper, h, data);
		if (c->live)
			pcap_dump_flush(c->dumper);
	}
	if (cb->frame != NULL)
		cb->frame(cb->arg, &h->ts);
	memset(&base, 0, sizeof(base));
	base.ts = h->ts;
	/* a file may hold any 32-bit fraction: carry it into the seconds so
	 * that every time printed is RFC 3339 (6 fraction digits) */
	if (base.ts.tv_usec < 0 || base.ts.tv_usec >= 1000000) {
		base.ts.tv_sec += base.ts.tv_usec / 1000000;
		base.ts.tv_usec %= 1000000;
		if (base.ts.tv_usec < 0) {
			base.ts.tv_usec += 1000000;
			base.ts.tv_sec--;
		}
	}
	base.frame = c->frame;
	capture_decode_frame(c, dlt, &base, data, h->caplen, h->len, ft, cb);
}

static void
dispatch_cb(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	struct run_ctx *rc = (struct run_ctx *)user;

	capture_packet(rc->c, rc->c->dlt, h, data, rc->ft, rc->cb);
}

static int
read_error(struct capture *c, char *err, size_t errlen)
{
	if (c->stop)
		return 0;
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "read error: %s", pcap_geterr(c->p));
	return -1;
}

/*
 * Live: the handle is non-blocking; wait in poll() at most 200 ms at a
 * time, so that capture_break() (flag), signals (EINTR) and the deadline
 * are noticed even when no packet arrives (the libpcap read timeout is not
 * honoured in immediate mode on every platform).
 */
static int
run_live(struct capture *c, struct flow_table *ft, const struct capture_cb *cb,
    char *err, size_t errlen)
{
	struct run_ctx rc = { c, ft, cb };
	struct pollfd pfd;
	int fd = pcap_get_selectable_fd(c->p), r, ms;

	for (;;) {
		if (c->rot != NULL && c->rot_state == 0 &&
		    (c->rot_state = rot_tick(c->rot, now_unix(), c->rot_err, sizeof(c->rot_err))) != 0)
			capture_break(c);
		if (c->stop)
			return 0;
		ms = 200;
		if (c->deadline > 0) {
			double left = c->deadline - now_unix();

			if (left <= 0)
				return 0;
			if (left * 1000 < ms)
				ms = (int)(left * 1000) + 1;
		}
		if (fd >= 0) {
			pfd.fd = fd;
			pfd.events = POLLIN;
			pfd.revents = 0;
			r = poll(&pfd, 1, ms);
			if (r < 0 && errno != EINTR) {
				if (err != NULL && errlen > 0)
					snprintf(err, errlen, "poll: %s", strerror(errno));
				return -1;
			}
			if (r <= 0)
				continue;
		}
		r = pcap_dispatch(c->p, -1, dispatch_cb, (u_char *)&rc);
		if (r == PCAP_ERROR_BREAK)
			return 0;
		if (r < 0)
			return read_error(c, err, errlen);
	}
}

static int run_file(struct capture *c, struct flow_table *ft, const struct capture_cb *cb,
    char *err, size_t errlen);

int
capture_run(struct capture *c, struct flow_table *ft, const struct capture_cb *cb,
    char *err, size_t errlen)
{
	int rc;

	if (c == NULL || c->p == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "capture not open");
		return -1;
	}
	rc = c->live ? run_live(c, ft, cb, err, errlen) : run_file(c, ft, cb, err, errlen);
	if (rc == 0 && c->rot_state < 0) {   /* a rotated -w file could not be made */
		snprintf(err, errlen, "%s", c->rot_err);
		return -1;
	}
	return rc;
}

static int
run_file(struct capture *c, struct flow_table *ft, const struct capture_cb *cb,
    char *err, size_t errlen)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int r;

	if (c->ng != NULL)
		return capng_run(c, c->ng, capture_packet, ft, cb, err, errlen);
	for (;;) {
		if (c->stop)
			return 0;
		r = pcap_next_ex(c->p, &h, &data);
		if (r == PCAP_ERROR && c->ngf != NULL) {
			/* libpcap gave up on a pcapng file (another link type or
			 * snaplen): bgpcap's reader goes on from this packet */
			c->ng = capng_open(c->ngf, c->path, c->frame, pcap_geterr(c->p), err, errlen);
			c->ngf = NULL;
			if (c->ng == NULL)
				return -1;
			return capng_run(c, c->ng, capture_packet, ft, cb, err, errlen);
		}
		if (r == PCAP_ERROR_BREAK) {
			/* EOF or pcap_breakloop(): what is still in reassembly */
			dec_frag_flush(c, ft, cb, -1);
			return 0;
		}
		if (r < 0)
			return read_error(c, err, errlen);
		if (r == 1)
			capture_packet(c, c->dlt, h, data, ft, cb);
	}
}

void
capture_break(struct capture *c)
{
	if (c == NULL)
		return;
	c->stop = 1;
	if (c->p != NULL)
		pcap_breakloop(c->p);
}

void
capture_get_stats(struct capture *c, struct capture_stats *st)
{
	struct pcap_stat ps;
	FILE *f;
	long pos;

	if (c == NULL || st == NULL)
		return;
	*st = c->st;
	if (c->p == NULL)
		return;
	if (c->live) {
		if (pcap_stats(c->p, &ps) == 0) {
			st->have_kernel = true;
			st->kernel_recv = ps.ps_recv;
			st->kernel_drop = ps.ps_drop;
			st->if_drop = ps.ps_ifdrop;
		}
	} else if (st->file_size > 0 && (f = pcap_file(c->p)) != NULL &&
	    (pos = ftell(f)) >= 0) {
		st->file_pos = (uint64_t)pos;
	}
}

int
capture_fd(struct capture *c)
{
	if (c == NULL || c->p == NULL || !c->live)
		return -1;
	return pcap_get_selectable_fd(c->p);
}

const char *
capture_linktype_name(struct capture *c)
{
	const char *n;

	if (c == NULL || c->p == NULL)
		return "none";
	n = pcap_datalink_val_to_name(c->dlt);
	return n != NULL ? n : "unknown";
}

void
capture_close(struct capture *c)
{
	if (c == NULL)
		return;
	if (c->dumper != NULL) {
		pcap_dump_flush(c->dumper);
		pcap_dump_close(c->dumper);
	}
	rot_close(c->rot);
	if (c->p != NULL)
		pcap_close(c->p);
	capng_close(c->ng);
	if (c->ngf != NULL)
		fclose(c->ngf);
	ipfrag_free(c->frag);
	free(c);
}

int
capture_list_interfaces(void)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	pcap_if_t *all = NULL, *d;
	int i = 0;

	if (pcap_findalldevs(&all, ebuf) != 0) {
		fprintf(stderr, "bgpcap: cannot list interfaces: %s\n", ebuf);
		return 2;
	}
	for (d = all; d != NULL; d = d->next) {
		i++;
		if (d->description != NULL)
			printf("%d.%s (%s)\n", i, d->name, d->description);
		else
			printf("%d.%s\n", i, d->name);
	}
	pcap_freealldevs(all);
	if (i == 0)
		fprintf(stderr, "bgpcap: no interfaces found (capture permission?)\n");
	return 0;
}
