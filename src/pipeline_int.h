/*
 * pipeline_int.h - inside the pipeline (pipeline.c, pipeline_stats.c): the
 * run's state, and the per-flow counters --stats prints.
 */
#ifndef BGPCAP_PIPELINE_INT_H
#define BGPCAP_PIPELINE_INT_H

#include <time.h>

#include "bgpcap.h"

struct acache;
struct input;
struct mrt_out;
struct rib;

struct run {
	const struct run_opts *ro;
	struct out *out;
	struct out *rout;        /* the summary and the report: out, or stderr (--routes) */
	struct report *rep;
	struct capture *cap;
	struct input *in;        /* -r FILE, for each of its readers (a pipe too) */
	struct mrt_in *mrt;      /* -r FILE that is MRT: instead of cap */
	struct mrt_out *mo;      /* --write-mrt */
	FILE *tl;                /* --timeline */
	struct bmp_in *bmp;      /* BMP connections' monitored peers */
	uint64_t bmp_by_type[BMP_TYPE_MAX + 2]; /* BMP messages; [last]: unknown */
	struct timeval last_ts;  /* of the last message (for a state change at the end) */
	struct flow_table *ft;
	struct acache *ac;       /* attribute blocks seen (NULL: off) */
	struct rib *rib;         /* --rib, --at, --history, --diff (NULL: off) */
	struct run *diff;        /* --diff FILE: its run (routes only), or NULL */
	FILE *fp, *err;
	uint64_t messages;
	uint64_t by_type[6];
	uint64_t errors;         /* messages with an error */
	uint64_t notes;          /* messages with notes only (bgp_note_add) */
	uint64_t flows;
	uint64_t bytes_seen, bytes_decoded, bytes_skipped, gaps, retrans;
	uint64_t limits_hit;
	struct timespec last_progress, start;
	bool progress_shown;
	uint64_t progress_msgs;
	bool done;               /* -c reached: the rest of the input is not shown */
};

/* One counter of a list that is written as text or as JSON. */
struct counter {
	const char *json, *text;
	uint64_t v;
};

/* --stats: both directions of flow f, as text or JSON. */
void print_flow_stats(struct run *r, struct flow *f);

#endif
