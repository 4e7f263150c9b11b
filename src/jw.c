/*
 * jw.c - the one JSON writer (see jw.h).
 */
#include "jw.h"
#include "sbuf.h"

/* bytes that go into a JSON string as they are */
static inline bool
plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* Length of the valid UTF-8 sequence at p (2..4), or 0 if it is not one
 * (the NUL terminator is not a continuation byte: the check stops there). */
static size_t
utf8_len(const unsigned char *p, uint32_t *cp)
{
	return sbuf_utf8_decode(p, 4, cp);
}

static const char *
escape_of(unsigned char c, char u[7])
{
	static const char hx[] = "0123456789abcdef";

	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\t': return "\\t";
	case '\r': return "\\r";
	}
	memcpy(u, "\\u00", 4);
	u[4] = hx[c >> 4];
	u[5] = hx[c & 15];
	u[6] = '\0';
	return u;
}

static const char *
u_escape(uint32_t cp, char u[7])
{
	static const char hx[] = "0123456789abcdef";

	u[0] = '\\';
	u[1] = 'u';
	for (int i = 0; i < 4; i++)
		u[2 + i] = hx[(cp >> (12 - 4 * i)) & 15];
	u[6] = '\0';
	return u;
}

void
jw_escape(struct obuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	ob_putc(b, '"');
	for (; *p; p++) {
		const char *esc;
		char u[7];
		size_t adv = 1;

		/* the common case: a run of plain ASCII */
		while (plain(*p))
			p++;
		if (*p == '\0')
			break;
		if (*p >= 0x80) {
			uint32_t cp = 0;
			size_t n = utf8_len(p, &cp);

			if (n && !sbuf_cp_control(cp)) {
				p += n - 1;
				continue;
			}
			/* C1, bidi and invisible controls as \u escapes (jq -r
			 * would print them raw), invalid UTF-8 as U+FFFD */
			esc = n ? u_escape(cp, u) : "\\ufffd";
			adv = n ? n : 1;
		} else
			esc = escape_of(*p, u);
		ob_mem(b, run, (size_t)(p - run));
		ob_put(b, esc);
		p += adv - 1;
		run = p + 1;
	}
	ob_mem(b, run, (size_t)(p - run));
	ob_putc(b, '"');
}

/* ---------------------------------------------------------------- the writer */

/* Before a value: the comma, then the pending key. */
static void
pre(struct jw *j)
{
	int d = j->depth < JW_DEPTH ? j->depth : JW_DEPTH - 1;

	if (!j->first[d])
		ob_putc(j->ob, ',');
	j->first[d] = false;
	if (j->key) {
		ob_putc(j->ob, '"');
		ob_put(j->ob, j->key);
		ob_put(j->ob, "\":");
		j->key = NULL;
	}
}

void jw_key(struct jw *j, const char *k) { j->key = k; }

void
jw_str(struct jw *j, const char *s)
{
	pre(j);
	jw_escape(j->ob, s);
}

void
jw_u64(struct jw *j, uint64_t v)
{
	pre(j);
	ob_u64(j->ob, v);
}

void
jw_bool(struct jw *j, bool v)
{
	pre(j);
	ob_put(j->ob, v ? "true" : "false");
}

void
jw_null(struct jw *j)
{
	pre(j);
	ob_put(j->ob, "null");
}

static void
open_(struct jw *j, char c)
{
	pre(j);
	ob_putc(j->ob, c);
	if (j->depth < JW_DEPTH - 1)
		j->depth++;
	j->first[j->depth] = true;
}

static void
close_(struct jw *j, char c)
{
	ob_putc(j->ob, c);
	if (j->depth > 0)
		j->depth--;
}

void jw_obj_begin(struct jw *j) { open_(j, '{'); }
void jw_obj_end(struct jw *j) { close_(j, '}'); }
void jw_arr_begin(struct jw *j) { open_(j, '['); }
void jw_arr_end(struct jw *j) { close_(j, ']'); }

void
jw_str_begin(struct jw *j)
{
	pre(j);
	ob_putc(j->ob, '"');
}

void jw_str_end(struct jw *j) { ob_putc(j->ob, '"'); }

/* ---------------------------------------------------------------- as a struct emit */

static void e_key(struct emit *e, const char *k) { jw_key((struct jw *)e, k); }
static void e_str(struct emit *e, const char *v) { jw_str((struct jw *)e, v); }
static void e_num(struct emit *e, uint64_t v) { jw_u64((struct jw *)e, v); }
static void e_bool(struct emit *e, bool v) { jw_bool((struct jw *)e, v); }
static void e_obj_begin(struct emit *e) { jw_obj_begin((struct jw *)e); }
static void e_obj_end(struct emit *e) { jw_obj_end((struct jw *)e); }
static void e_arr_begin(struct emit *e) { jw_arr_begin((struct jw *)e); }
static void e_arr_end(struct emit *e) { jw_arr_end((struct jw *)e); }

void
jw_init(struct jw *j, struct obuf *ob)
{
	static const struct emit ops = {
		.key = e_key, .str = e_str, .num = e_num, .boolean = e_bool,
		.obj_begin = e_obj_begin, .obj_end = e_obj_end,
		.arr_begin = e_arr_begin, .arr_end = e_arr_end,
	};

	memset(j, 0, sizeof(*j));
	j->e = ops;
	j->ob = ob;
	j->first[0] = true;
}
