/*
 * emit.h - an abstract sink for structured values.
 *
 * The dissectors' describe functions (one per capability and per path
 * attribute, in their tables) write what they decoded through this
 * interface; src/ implements it twice, for text and for JSON, so both
 * outputs show one model. Writing to an emitter is not I/O for the
 * dissector: it only hands values over.
 */
#ifndef BGPCAP_EMIT_H
#define BGPCAP_EMIT_H

#include <stdbool.h>
#include <stdint.h>

struct emit {
	void (*key)(struct emit *e, const char *k);  /* next value's key (inside objects) */
	void (*str)(struct emit *e, const char *v);
	void (*num)(struct emit *e, uint64_t v);
	void (*boolean)(struct emit *e, bool v);
	void (*obj_begin)(struct emit *e);
	void (*obj_end)(struct emit *e);
	void (*arr_begin)(struct emit *e);
	void (*arr_end)(struct emit *e);
};

static inline void emit_kstr(struct emit *e, const char *k, const char *v) { e->key(e, k); e->str(e, v); }
static inline void emit_knum(struct emit *e, const char *k, uint64_t v) { e->key(e, k); e->num(e, v); }
static inline void emit_kbool(struct emit *e, const char *k, bool v) { e->key(e, k); e->boolean(e, v); }

#endif
