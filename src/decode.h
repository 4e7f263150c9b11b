/*
 * decode.h - the frame decoder's internals, shared by capture.c (libpcap
 * input), decode.c (link layers and tunnels) and decode_ip.c (IPv4, IPv6,
 * fragments, TCP, ICMP). Not a public interface: see capture.h.
 *
 * Layers, bottom up: decode_util.c (notes, the depth bound), decode_ip.c
 * (IP, TCP, ICMP, fragments), decode.c (link layers, tunnels, the entry
 * capture_decode_frame). decode_ip.c reaches the tunnels through
 * c->tun (struct dec_tunnels), so the objects link without a cycle.
 *
 * A frame is walked from the outside in: link layer, VLAN tags, MPLS
 * labels, tunnels, IP, until TCP to or from a BGP port (or an ICMP error
 * quoting one) is found. Each layer walked counts against DEC_MAX_DEPTH,
 * so nesting is bounded although handlers call each other; each layer
 * appends a short label to pi->encap ("vlan 14", "mpls 16/17", "gre key
 * 5", "vxlan 100") so the output can say how a flow arrived.
 */
#ifndef BGPCAP_DECODE_H
#define BGPCAP_DECODE_H

#include <signal.h>
#include <stdbool.h>
#include <pcap/pcap.h>

#include "cursor.h"
#include "capture.h"
#include "ipfrag.h"

#define DEC_MAX_DEPTH 16         /* encapsulation layers in one frame */
#define DEC_MAX_VLAN 8           /* VLAN tags in one stack */

struct dctx;
struct cur;

/* The tunnels an IP payload may enter (decode.c fills it, decode_ip.c
 * calls it): the recursion IP -> tunnel -> IP without a link cycle. */
struct dec_tunnels {
	void (*gre)(struct dctx *x, struct cur *cu);
	void (*udp)(struct dctx *x, struct cur *cu);
	void (*mpls)(struct dctx *x, struct cur *cu);
};

struct capture {
	pcap_t *p;
	pcap_dumper_t *dumper;
	struct rot *rot;                 /* -w with rotation, instead of dumper */
	int rot_state;                   /* 1: -G -W's files are complete, -1: failed */
	char rot_err[256];
	int dlt;
	bool live;
	uint16_t ports[CAPTURE_MAX_PORTS];
	int nports;
	struct capture_stats st;
	volatile sig_atomic_t stop;
	double deadline;
	uint64_t frame;
	struct ipfrag *frag;
	const struct dec_tunnels *tun;   /* set by capture_decode_frame */
	const char *path;                /* -r FILE, for capture_ng.c */
	const char *filter;              /* the user's expression, or NULL */
	struct capng *ng;                /* own pcapng reader, or NULL */
	FILE *ngf;                       /* a pcapng -r file, opened for it */
};

/* One frame read from the input, of link type dlt (capture.c's
 * capture_packet, handed to capture_ng.c so that it calls nothing above). */
typedef void capture_packet_fn(struct capture *c, int dlt, const struct pcap_pkthdr *h,
    const u_char *data, struct flow_table *ft, const struct capture_cb *cb);

/* capture_ng.c: pcapng files libpcap refuses, and pcapng pipes (why NULL:
 * libpcap was not tried; the note comes only if the interfaces differ) */
struct capng;
struct input;
bool capng_sniff(struct input *in, const char *path);
struct capng *capng_open(FILE *f, const char *path, uint64_t skip, const char *why,
    char *err, size_t errlen);
int capng_first_dlt(const struct capng *g);
int capng_run(struct capture *c, struct capng *g, capture_packet_fn *packet,
    struct flow_table *ft, const struct capture_cb *cb, char *err, size_t errlen);
void capng_close(struct capng *g);

/* One frame being decoded. */
struct dctx {
	struct capture *c;
	struct pkt_info *pi;
	struct flow_table *ft;
	const struct capture_cb *cb;
	bool snapcut;            /* bytes missing at the end were not captured */
	const char *cut_why;     /* why, for the note; NULL = snaplen */
	int depth;
};

/* decode_util.c */
bool dec_enter(struct dctx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void dec_note(struct dctx *x, const char *what);
void dec_undecodable(struct dctx *x, const char *what);
void dec_truncated(struct dctx *x, const char *what);
/* decode.c */
void dec_ethertype(struct dctx *x, uint16_t et, struct cur *cu);
void dec_ether(struct dctx *x, struct cur *cu);
void dec_gre(struct dctx *x, struct cur *cu);
void dec_udp(struct dctx *x, struct cur *cu);
void dec_mpls(struct dctx *x, struct cur *cu);
bool dec_link_known(int dlt);
bool dec_link_has_ethertype(int dlt);

/* decode_ip.c */
bool dec_is_bgp_port(const struct capture *c, uint16_t port);
void dec_ip(struct dctx *x, struct cur *cu);
void dec_ipv4(struct dctx *x, struct cur *cu);
void dec_ipv6(struct dctx *x, struct cur *cu);
/* Flush datagrams still being reassembled (end of capture). */
void dec_frag_flush(struct capture *c, struct flow_table *ft,
    const struct capture_cb *cb, double now);

#endif
