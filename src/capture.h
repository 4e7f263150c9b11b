/*
 * capture.h - libpcap input (file, stdin, live interface), link/IP/TCP
 * decoding, and hand-off to the flow table.
 */
#ifndef BGPCAP_CAPTURE_H
#define BGPCAP_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pkt.h"
#include "flow.h"

#define CAPTURE_MAX_PORTS 16

/* The defaults, applied by capture_open when an option is 0 (one place). */
#define CAPTURE_DEFAULT_SNAPLEN 262144     /* -s; also its maximum */
#define CAPTURE_DEFAULT_BUFSIZE_KIB 32768  /* -B, 32 MiB */
#define CAPTURE_BGP_PORT 179

/* -w's rotation, as tcpdump (rotate.h). */
struct rot_opts {
	unsigned seconds;        /* -G, 0: none */
	uint64_t megabytes;      /* -C (millions of bytes, as tcpdump), 0: none */
	unsigned count;          /* -W, 0: none */
	const char *cmd;         /* -z, or NULL */
};

static inline bool
rot_wanted(const struct rot_opts *o)
{
	return o->seconds > 0 || o->megabytes > 0;
}

struct capture_opts {
	const char *file;         /* -r FILE ("-" = stdin), or NULL */
	struct input *in;         /* the file for several readers (input.h), or
	                             NULL: opened by its name */
	const char *iface;        /* -i IFACE, or NULL */
	const char *write_file;   /* -w FILE: save packets as pcap, or NULL
	                             (opened by capture_open_dump) */
	const char *filter;       /* extra tcpdump-style expression, or NULL */
	uint16_t ports[CAPTURE_MAX_PORTS]; /* BGP ports; [0] = 179 by default */
	int nports;
	int snaplen;              /* -s, 0: CAPTURE_DEFAULT_SNAPLEN */
	int bufsize_kib;          /* -B, live only; 0: the default */
	struct rot_opts rot;      /* -G -C -W -z with -w */
};

/* Things the capture layer reports that are not TCP payload. */
struct capture_cb {
	void *arg;
	/* ICMP/ICMPv6 error quoting a TCP segment to/from a BGP port */
	void (*icmp)(void *arg, const struct icmp_info *ii);
	/* a packet that could not be decoded: IP fragment, snaplen-truncated,
	 * bad header... `what` is one human sentence. */
	void (*note)(void *arg, const struct pkt_info *pi, const char *what);
	/* every record read, before it is decoded (its time, in file order);
	 * may be NULL */
	void (*frame)(void *arg, const struct timeval *ts);
};

struct capture_stats {
	uint64_t packets;         /* records read */
	uint64_t bytes;           /* bytes of records read (caplen) */
	uint64_t tcp_bgp;         /* TCP segments on a BGP port */
	uint64_t icmp;            /* ICMP errors about BGP */
	uint64_t fragments;       /* IP fragments read */
	uint64_t reassembled;     /* datagrams reassembled from them */
	uint64_t frag_dropped;    /* datagrams dropped or left incomplete */
	uint64_t truncated;
	uint64_t undecodable;
	/* live only, from pcap_stats */
	bool have_kernel;
	uint64_t kernel_recv, kernel_drop, if_drop;
	/* file only: size of the input file (0 if unknown, e.g. stdin) */
	uint64_t file_size;
	uint64_t file_pos;
};

struct capture;

/* Open; on error returns NULL and writes one line into err. Exit status 2. */
struct capture *capture_open(const struct capture_opts *o, char *err, size_t errlen);
/* Create o->write_file (-w) and save every packet read into it; called
 * after the privilege drop (see capture.c). 0, or -1 with err. */
int capture_open_dump(struct capture *c, const char *path, char *err, size_t errlen);
/* The same with -G/-C/-W/-z (rotate.h): the first file now, the -z helper
 * forked now (before the sandbox). 0, or -1 with err. */
int capture_open_rotation(struct capture *c, const char *path, const struct rot_opts *rot,
    char *err, size_t errlen);
/* -G -W: the capture stopped because its last file was complete. */
bool capture_rotation_done(const struct capture *c);
/* Read packets and feed flows until EOF, error, or capture_break().
 * Returns 0 at EOF/break, -1 on a read error (message in err). */
int capture_run(struct capture *c, struct flow_table *ft, const struct capture_cb *cb,
    char *err, size_t errlen);
/* Safe to call from a signal handler or from a callback. */
void capture_break(struct capture *c);
void capture_get_stats(struct capture *c, struct capture_stats *st);
/* The pcap fd for live captures (for privilege drop and select), -1 for files */
int capture_fd(struct capture *c);
const char *capture_linktype_name(struct capture *c);
void capture_close(struct capture *c);
/* -D: print interfaces, one per line. Returns 0 or 2. */
int capture_list_interfaces(void);

/* A capture without a pcap handle, for capture_decode_frame() in tests and
 * the fuzzer (ports from o, default 179; o may be NULL). Free with
 * capture_close(). */
struct capture *capture_new_raw(const struct capture_opts *o);
/* Live capture: capture_run() returns 0 once the wall clock passes
 * unix_time (checked at least every 200 ms). 0 = no deadline. */
void capture_set_deadline(struct capture *c, double unix_time);

/* Decode one link-layer frame (exposed for tests and the fuzzer).
 * base supplies ts and frame; everything else is decoded. */
void capture_decode_frame(struct capture *c, int dlt, const struct pkt_info *base,
    const uint8_t *frame, size_t caplen, size_t wirelen, struct flow_table *ft,
    const struct capture_cb *cb);

/* The filter capture_open() would set for this link type, live or file:
 * returns 1 with prog compiled (free with pcap_freecode) and its text, 0
 * when no filter applies (a file without -f expression), -1 with err set.
 * For the unit tests. */
struct bpf_program;
int capture_filter_for(const struct capture_opts *o, int dlt, bool live,
    struct bpf_program *prog, char *text, size_t tlen, char *err, size_t errlen);

#endif
