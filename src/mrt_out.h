/*
 * mrt_out.h - --write-mrt FILE: every decoded message as a BGP4MP_ET
 * record (RFC 6396 4.4, microseconds), the sender as the peer; 4-octet AS
 * and ADD-PATH subtypes (RFC 8050) where the message was decoded so; and
 * BGP4MP_STATE_CHANGE records when a session comes up or goes down.
 *
 * Owns: the output file. May call: dissectors (mrt_bgp4mp_encode), pkt.
 */
#ifndef BGPCAP_MRT_OUT_H
#define BGPCAP_MRT_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>
#include "pkt.h"

struct mrt_out;

/* Create FILE as wfile.c does (no symbolic link, never truncating another
 * user's file); NULL with err. */
struct mrt_out *mrt_out_open(const char *path, char *err, size_t errlen);
/* One message sent from src to dst. 0, or -1 once a write failed. */
int mrt_out_message(struct mrt_out *o, const struct timeval *ts, const struct addr *src,
    const struct addr *dst, uint32_t src_as, uint32_t dst_as, bool as4, bool addpath,
    const uint8_t *msg, size_t len);
/* The session between peer and local went from state old to new (RFC 6396 4.4.1). */
int mrt_out_state(struct mrt_out *o, const struct timeval *ts, const struct addr *peer,
    const struct addr *local, uint32_t peer_as, uint32_t local_as, unsigned old,
    unsigned new_state);
uint64_t mrt_out_records(const struct mrt_out *o);
/* Flush and close; -1 with err when a write failed (then the file is incomplete). */
int mrt_out_close(struct mrt_out *o, char *err, size_t errlen);

#endif
