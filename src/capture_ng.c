/*
 * capture_ng.c - the read loop over bgpcap's own pcapng reader (pcapng.c),
 * used when libpcap refuses a pcapng file, at open or in the middle (an
 * interface with another link type or snapshot length). libpcap stays the
 * reader for every file it accepts; from the packet where it gave up, this
 * reader takes over (the frames libpcap delivered are skipped, so each
 * frame is decoded once). Each packet is decoded with its own interface's
 * link type; a link type bgpcap does not decode is reported per frame.
 *
 * Owns: the FILE, the reader, the per-link-type filter program. Called by
 * capture.c only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pcap/pcap.h>

#include "decode.h"
#include "input.h"
#include "pcapng.h"

struct capng {
	FILE *f;
	struct pcapng *r;
	char why[200];               /* what libpcap said */
	bool pipe;                   /* libpcap not tried: a pipe, read from its start */
	bool told;                   /* the switch was noted */
	struct bpf_program prog;     /* the user's filter for prog_dlt */
	int prog_dlt;                /* -1: none compiled */
};

bool
capng_sniff(struct input *in, const char *path)
{
	uint8_t b[4];
	FILE *f;
	bool ng;

	if (path == NULL || (f = input_fopen(in, path)) == NULL)
		return false;
	ng = fread(b, 1, 4, f) == 4 && pcapng_magic(b);
	fclose(f);
	return ng;
}

void
capng_close(struct capng *g)
{
	if (g == NULL)
		return;
	pcapng_close(g->r);
	if (g->f != NULL)
		fclose(g->f);
	if (g->prog_dlt >= 0)
		pcap_freecode(&g->prog);
	free(g);
}

/* Reads f (opened by capture_open before privileges were dropped and the
 * sandbox closed; owned from here on) from its start, skipping the `skip`
 * packets libpcap already delivered. */
struct capng *
capng_open(FILE *f, const char *path, uint64_t skip, const char *why, char *err,
    size_t errlen)
{
	struct capng *g = calloc(1, sizeof(*g));
	struct pcapng_pkt p;
	uint64_t i;

	if (g == NULL) {
		snprintf(err, errlen, "out of memory");
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	g->prog_dlt = -1;
	snprintf(g->why, sizeof(g->why), "%s", why != NULL ? why : "");
	g->pipe = why == NULL;
	g->f = f;
	if (g->f == NULL || fseeko(g->f, 0, SEEK_SET) != 0) {
		snprintf(err, errlen, "%s: cannot read it again from its start", path);
		capng_close(g);
		return NULL;
	}
	g->r = pcapng_open(g->f, err, errlen);
	for (i = 0; g->r != NULL && i < skip; i++)
		if (pcapng_next(g->r, &p, err, errlen) != 1) {
			snprintf(err, errlen, "%s: pcapng reader disagrees with libpcap on packet %llu",
			    path, (unsigned long long)i + 1);
			break;
		}
	if (g->r == NULL || i < skip) {
		capng_close(g);
		return NULL;
	}
	return g;
}

int
capng_first_dlt(const struct capng *g)
{
	return pcapng_first_dlt(g->r);
}

/* The user's filter, compiled for this packet's link type (cached for
 * the last one: files rarely alternate). 1 pass, 0 drop, -1 error. */
static int
filter_pass(struct capng *g, const char *expr, int dlt, const struct pcap_pkthdr *h,
    const uint8_t *data, char *err, size_t errlen)
{
	pcap_t *dead;
	int r;

	if (expr == NULL || expr[0] == '\0')
		return 1;
	if (g->prog_dlt != dlt) {
		if (g->prog_dlt >= 0)
			pcap_freecode(&g->prog);
		g->prog_dlt = -1;
		dead = pcap_open_dead(dlt, CAPTURE_DEFAULT_SNAPLEN);
		if (dead == NULL)
			return -1;
		r = pcap_compile(dead, &g->prog, expr, 1, PCAP_NETMASK_UNKNOWN);
		if (r != 0)
			snprintf(err, errlen, "filter \"%.200s\" for link type %d: %s", expr, dlt,
			    pcap_geterr(dead));
		pcap_close(dead);
		if (r != 0)
			return -1;
		g->prog_dlt = dlt;
	}
	return pcap_offline_filter(&g->prog, h, data) != 0;
}

int
capng_run(struct capture *c, struct capng *g, capture_packet_fn *packet,
    struct flow_table *ft, const struct capture_cb *cb, char *err, size_t errlen)
{
	struct pcapng_pkt p;
	struct pcap_pkthdr h;
	char msg[320];
	int k;

	for (;;) {
		if (c->stop)
			return 0;
		k = pcapng_next(g->r, &p, err, errlen);
		if (k <= 0) {
			dec_frag_flush(c, ft, cb, -1);
			return k;
		}
		memset(&h, 0, sizeof(h));
		h.ts = p.ts;
		h.caplen = p.caplen;
		h.len = p.len;
		k = filter_pass(g, c->filter, p.dlt, &h, p.data, err, errlen);
		if (k < 0)
			return -1;
		if (k == 0)
			continue;
		if (!g->told && (!g->pipe || pcapng_mixed(g->r)) && cb != NULL &&
		    cb->note != NULL) {
			struct pkt_info pi;

			memset(&pi, 0, sizeof(pi));
			pi.ts = p.ts;
			pi.frame = c->frame + 1;
			if (g->pipe)
				snprintf(msg, sizeof(msg), "interfaces differ in link type or snapshot "
				    "length (libpcap refuses that): this pipe is read by bgpcap's "
				    "pcapng reader");
			else
				snprintf(msg, sizeof(msg), "from here on read by bgpcap's pcapng "
				    "reader (libpcap: %.200s)", g->why);
			cb->note(cb->arg, &pi, msg);
			g->told = true;
		}
		packet(c, p.dlt, &h, p.data, ft, cb);
		if (!dec_link_known(p.dlt) && cb != NULL && cb->note != NULL) {
			struct pkt_info pi;

			memset(&pi, 0, sizeof(pi));
			pi.ts = p.ts;
			pi.frame = c->frame;
			snprintf(msg, sizeof(msg), "frame not decoded: link type %d (interface %u) "
			    "is not one bgpcap reads", p.dlt, p.ifid);
			cb->note(cb->arg, &pi, msg);
		}
	}
}
