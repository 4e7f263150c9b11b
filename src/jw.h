/*
 * jw.h - the one JSON writer: string escaping and an emitter over an
 * output buffer (obuf.h). Every JSON byte bgpcap writes (messages, the
 * summary, the report) goes through it; nothing else writes JSON.
 *
 *   struct jw j;
 *   jw_init(&j, ob);                    a new record at the top level
 *   jw_obj_begin(&j);
 *   jw_kstr(&j, "type", "summary");     key + string (escaped)
 *   jw_ku64(&j, "packets", 12);         key + number
 *   jw_key(&j, "cause"); jw_null(&j);   or jw_knull(&j, "cause")
 *   jw_key(&j, "list"); jw_arr_begin(&j); jw_str(&j, "a"); jw_arr_end(&j);
 *   jw_obj_end(&j);
 *   jw_eol(&j);                         '\n', flushed when line-buffered
 *
 * Commas and the key/value colon are the writer's job. Keys are the
 * program's own identifiers and are written as they are; string values
 * are escaped (quote, backslash, control characters, and any byte that is
 * not part of valid UTF-8 becomes U+FFFD). jw_emit() gives the same writer
 * as the dissectors' `struct emit` for their describe functions.
 * jw_str_begin/jw_str_end bracket a string value that a formatter writes
 * into the buffer itself (timestamps, prefixes): only for text the program
 * made, which needs no escaping.
 *
 * Owns: nothing but its nesting state (depth-limited: deeper levels share
 * the last one's comma state). May call: obuf, sbuf_utf8_seq.
 */
#ifndef BGPCAP_JW_H
#define BGPCAP_JW_H

#include <stdbool.h>
#include <stdint.h>
#include "emit.h"
#include "obuf.h"

#define JW_DEPTH 16

struct jw {
	struct emit e;           /* first: a struct emit * is a struct jw * */
	struct obuf *ob;
	int depth;
	bool first[JW_DEPTH];
	const char *key;
};

void jw_init(struct jw *j, struct obuf *ob);
static inline struct emit *jw_emit(struct jw *j) { return &j->e; }

void jw_key(struct jw *j, const char *k);
void jw_str(struct jw *j, const char *s);
void jw_u64(struct jw *j, uint64_t v);
void jw_bool(struct jw *j, bool v);
void jw_null(struct jw *j);
void jw_obj_begin(struct jw *j);
void jw_obj_end(struct jw *j);
void jw_arr_begin(struct jw *j);
void jw_arr_end(struct jw *j);
void jw_str_begin(struct jw *j);
void jw_str_end(struct jw *j);
static inline void jw_eol(struct jw *j) { ob_eol(j->ob); }

static inline void jw_kstr(struct jw *j, const char *k, const char *v) { jw_key(j, k); jw_str(j, v); }
static inline void jw_ku64(struct jw *j, const char *k, uint64_t v) { jw_key(j, k); jw_u64(j, v); }
static inline void jw_kbool(struct jw *j, const char *k, bool v) { jw_key(j, k); jw_bool(j, v); }
static inline void jw_knull(struct jw *j, const char *k) { jw_key(j, k); jw_null(j); }

/* A JSON string literal (quotes included) for s, escaped as above. */
void jw_escape(struct obuf *b, const char *s);

#endif
