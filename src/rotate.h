/*
 * rotate.h - -w with tcpdump's rotation: -G seconds (strftime names),
 * -C megabytes (numbered files), -W count (a ring with -C; with -G alone,
 * that many files, then the capture stops), -z command (run on each
 * closed file by a helper process forked before the sandbox).
 *
 * Files are created as wfile.c does (no symbolic link followed, another
 * user's file never truncated); each closed file is a complete pcap.
 *
 * Owns: the current output file, the -z helper. May call: wfile, libpcap.
 */
#ifndef BGPCAP_ROTATE_H
#define BGPCAP_ROTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <pcap/pcap.h>
#include "capture.h"             /* struct rot_opts */

struct rot;

/* Open the first file of -w PATH (at time now; now < 0: at the first
 * packet, whose time starts the clock) for packets of p's link type, and
 * fork the -z helper. NULL with err. */
struct rot *rot_open(pcap_t *p, const char *path, const struct rot_opts *o, double now,
    char *err, size_t errlen);
/* Save one packet (now: the wall clock live, the packet's time from a
 * file). 0; 1 when -G -W's last file is complete (nothing written: stop);
 * -1 when a file could not be created (err). */
int rot_write(struct rot *r, const struct pcap_pkthdr *h, const u_char *data, double now,
    char *err, size_t errlen);
/* Live, with no packet: rotate on time. Return values as rot_write. */
int rot_tick(struct rot *r, double now, char *err, size_t errlen);
/* Live: write what is buffered, so the file can be read while it grows. */
void rot_flush(struct rot *r);
/* Files created so far. */
unsigned rot_files(const struct rot *r);
/* Close the last file, run -z on it, wait for the helper. */
void rot_close(struct rot *r);

#endif
