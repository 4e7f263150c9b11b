/*
 * pcapng.h - a reader for pcapng files that libpcap refuses.
 *
 * libpcap (1.10) reads a pcapng file only when all its interfaces share one
 * link type and one snapshot length. Captures from dumpcap on several
 * interfaces, from Windows tools or from test suites often do not; tshark
 * reads them. This reader takes every section and interface as it comes:
 * each packet carries its own interface's link type, and timestamps are
 * converted with that interface's resolution and offset.
 *
 * Owns: the file's bytes, block framing, the interface table. Calls nothing
 * above it; the capture layer (capture.c) decides when to use it.
 * Every block is hostile: lengths are checked against the block, the block
 * against PCAPNG_MAX_BLOCK, and a framing error ends the file with a
 * message that says which block and what was wrong (there is no way to
 * find the next block boundary in a damaged file).
 */
#ifndef BGPCAP_PCAPNG_H
#define BGPCAP_PCAPNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

#define PCAPNG_MAX_BLOCK (16u * 1024 * 1024) /* as libpcap: larger is damage */
#define PCAPNG_MAX_IFACES 1024

struct pcapng_pkt {
	struct timeval ts;
	uint32_t caplen;          /* bytes in data */
	uint32_t len;             /* length on the wire */
	uint32_t ifid;            /* interface within the current section */
	int dlt;                  /* that interface's link type */
	const uint8_t *data;      /* valid until the next pcapng_next */
};

struct pcapng;

/* True when the first four bytes are a pcapng Section Header Block. */
bool pcapng_magic(const uint8_t b[4]);

/* Reads the first Section Header Block from f (not closed by the reader). */
struct pcapng *pcapng_open(FILE *f, char *err, size_t errlen);
/* 1: a packet in *pkt; 0: end of file; -1: damaged file (err says how). */
int pcapng_next(struct pcapng *r, struct pcapng_pkt *pkt, char *err, size_t errlen);
/* The link type and snapshot length of the first interface seen (for -w and
 * filters); -1 / 0 before any. */
int pcapng_first_dlt(const struct pcapng *r);
uint32_t pcapng_first_snaplen(const struct pcapng *r);
/* Interfaces seen so far in all sections. */
unsigned pcapng_ifaces(const struct pcapng *r);
/* True once an interface differs from the first in link type or snapshot
 * length (what libpcap refuses). */
bool pcapng_mixed(const struct pcapng *r);
void pcapng_close(struct pcapng *r);

/* The same over a buffer (tests, fuzzing): the buffer must outlive r. */
struct pcapng *pcapng_open_mem(const uint8_t *buf, size_t len, char *err, size_t errlen);

#endif
