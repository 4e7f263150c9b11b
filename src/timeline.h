/*
 * timeline.h - --timeline FILE.svg: the sessions over time as a picture.
 *
 * A self-contained SVG (no script, no external reference): one lane per
 * session, its local end first (the report's orientation); the local
 * end's state in colour over time; marks for OPENs, NOTIFICATIONs (the
 * cause in a <title> tooltip), ICMP errors, silences over the hold time,
 * and the default route announced, withdrawn and in violation; a time axis
 * in UTC with ticks of 1, 2 or 5 x 10^n seconds, minutes or hours.
 * Drawn from the report's per-session event log (report.h, "timeline").
 *
 * The geometry is fixed so that a test can find things by pixel: the plot
 * spans x from TL_X0 to TL_X0 + TL_W for the first to the last record's
 * time; lane i's state bar spans y from TL_Y0 + i * TL_LANE + TL_BAR_Y for
 * TL_BAR_H pixels. The state colours and the violation's red are listed in
 * the man page.
 *
 * May call: report.h's result (read only), the dissectors' names, pkt, libc.
 */
#ifndef BGPCAP_TIMELINE_H
#define BGPCAP_TIMELINE_H

#include <stdio.h>
#include "report.h"

#define TL_WIDTH  1200
#define TL_X0     300
#define TL_W      860
#define TL_Y0     70
#define TL_LANE   48
#define TL_BAR_Y  14
#define TL_BAR_H  20

/* Write the picture of res to fp. 0, or -1 when the write failed. */
int timeline_write(FILE *fp, const struct report_result *res);

/* --timeline PATH: created as -w is (wfile.h: after the privileges are
 * dropped, never through a symbolic link), before the sandbox. NULL with
 * one line on err. */
FILE *timeline_open(const char *path, FILE *err);
/* At the end: the report's result drawn to *fp, which is closed and set to
 * NULL. 0, or 2 with one line on err. */
int timeline_finish(FILE **fp, const char *path, struct report *rep, FILE *err);

#endif
