/*
 * timeline.c - the --timeline picture (timeline.h): SVG from the report's
 * per-session event log. Everything written is numbers, names from tables,
 * addresses and the report's own sentences, escaped for XML.
 */
#include <string.h>
#include <time.h>

#include "timeline.h"
#include "wfile.h"
#include "bgp.h"

struct tl {
	FILE *fp;
	const struct report_result *res;
	struct timeval t0;
	double span;              /* seconds from the first to the last record */
};

/* The state colours (the man page lists them) and the marks'. */
static const struct {
	const char *name, *color;
} state_colors[] = {
	{ "Idle", "#9e9e9e" }, { "Connect", "#ffd54f" }, { "Active", "#ff9800" },
	{ "OpenSent", "#90caf9" }, { "OpenConfirm", "#1e6fd9" },
	{ "Established", "#2e7d32" }, { "unknown", "#e0e0e0" },
};
#define C_VIOLATION "#e00000"
#define C_NTF       "#8e24aa"
#define C_ICMP      "#6d4c41"
#define C_ANNOUNCE  "#00acc1"

static const char *
state_color(const char *name)
{
	for (size_t i = 0; i < sizeof(state_colors) / sizeof(state_colors[0]); i++)
		if (name && strcmp(name, state_colors[i].name) == 0)
			return state_colors[i].color;
	return "#e0e0e0";
}

static void
esc(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default:
			/* the report's sentences are escaped for a terminal already;
			 * XML 1.0 has no C0 controls but tab and newline */
			if ((unsigned char)*s >= 0x20 || *s == '\t')
				fputc(*s, fp);
		}
	}
}

static double
rel(const struct tl *t, const struct timeval *tv)
{
	return (double)(tv->tv_sec - t->t0.tv_sec) + (double)(tv->tv_usec - t->t0.tv_usec) / 1e6;
}

static double
xpos(const struct tl *t, double s)
{
	double x = TL_X0 + TL_W * s / t->span;

	return x < TL_X0 ? TL_X0 : x > TL_X0 + TL_W ? TL_X0 + TL_W : x;
}

/* "HH:MM:SS.ffffff" UTC, with `digits` decimals (0..6), or "HH:MM" (short). */
static void
clock_text(double abs, int digits, bool short_form, char *buf, size_t len)
{
	time_t s = (time_t)abs;    /* a capture's times are after 1970 */
	double frac = abs - (double)s;
	struct tm tm;
	char f[16] = "";

	if (gmtime_r(&s, &tm) == NULL) {
		snprintf(buf, len, "?");
		return;
	}
	if (short_form) {
		snprintf(buf, len, "%02d:%02d", tm.tm_hour, tm.tm_min);
		return;
	}
	if (digits > 0) {
		snprintf(f, sizeof(f), "%.*f", digits, frac);
		if (f[0] == '1')           /* rounded up: the tick is on a second */
			snprintf(f, sizeof(f), "%.*f", digits, 0.0);
	}
	snprintf(buf, len, "%02d:%02d:%02d%s", tm.tm_hour, tm.tm_min, tm.tm_sec, f + (digits > 0));
}

static void
time_text(const struct tl *t, const struct timeval *tv, char *buf, size_t len)
{
	clock_text((double)tv->tv_sec + tv->tv_usec / 1e6, 6, false, buf, len);
	(void)t;
}

/*
 * The tick step: 1, 2 or 5 x 10^n of seconds (spans under 2 minutes),
 * minutes (under 2 hours) or hours, the smallest that leaves at most 13
 * ticks. *unit is 1, 60 or 3600.
 */
static double
tick_step(double span, double *unit)
{
	static const double m[] = { 1, 2, 5 };
	double u = span < 120 ? 1 : span < 7200 ? 60 : 3600;
	double p = u == 1 ? 1e-6 : 1;

	*unit = u;
	for (; p < 1e9; p *= 10)
		for (int i = 0; i < 3; i++)
			if (span / (m[i] * p * u) <= 12.5)
				return m[i] * p * u;
	return 1e9;
}

static void
axis(struct tl *t)
{
	double unit, step = tick_step(t->span, &unit);
	double a0 = (double)t->t0.tv_sec + t->t0.tv_usec / 1e6;
	int digits = 0;
	double q = a0 / step, k = (double)(long long)q;
	int y = TL_Y0 - 10;
	char buf[64], day[32];
	time_t s0 = (time_t)t->t0.tv_sec;
	struct tm tm;

	for (double d = step; unit == 1 && d < 0.9999 && digits < 6; d *= 10)
		digits++;
	if (k < q - 1e-9)
		k += 1;          /* the first tick at or after the start */
	if (gmtime_r(&s0, &tm) == NULL || strftime(day, sizeof(day), "%Y-%m-%d UTC", &tm) == 0)
		snprintf(day, sizeof(day), "UTC");
	fprintf(t->fp, "<g class=\"axis\" font-size=\"11\" fill=\"#333\">\n"
	    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n"
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>\n",
	    TL_X0 - 12, y - 6, day, TL_X0, y, TL_X0 + TL_W, y);
	for (int n = 0; n < 64; n++, k += 1) {
		double at = k * step, x = TL_X0 + TL_W * (at - a0) / t->span;

		if (at - a0 > t->span + 1e-9)
			break;
		clock_text(at + step * 1e-6, digits, unit > 1, buf, sizeof(buf));
		fprintf(t->fp, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>"
		    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
		    x, y - 4, x, y + 4, x, y - 8, buf);
	}
	fputs("</g>\n", t->fp);
}

/* The state bar of a lane: one rectangle per state, from its change to the next. */
static void
lane_states(struct tl *t, const struct report_session *s, int ybar)
{
	const char *cur = NULL;
	double from = 0;
	char a[40], b[40];

	/* after the first event not kept, the state is not known */
	double stop = s->tl_dropped ? rel(t, &s->tl_drop_ts) : t->span;

	for (size_t i = 0; i <= s->n_tl; i++) {
		const struct report_tl_ev *e = i < s->n_tl ? &s->tl[i] : NULL;
		double at = e ? rel(t, &e->ts) : stop;

		if (e && (e->kind != TL_STATE || (cur && strcmp(e->state, cur) == 0)))
			continue;
		if (cur) {
			double x0 = xpos(t, from), x1 = xpos(t, at);

			clock_text((double)t->t0.tv_sec + t->t0.tv_usec / 1e6 + from, 6, false, a,
			    sizeof(a));
			clock_text((double)t->t0.tv_sec + t->t0.tv_usec / 1e6 + at, 6, false, b,
			    sizeof(b));
			fprintf(t->fp, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" "
			    "fill=\"%s\"><title>%s from %s to %s</title></rect>\n", x0, ybar,
			    x1 - x0 > 0 ? x1 - x0 : 0, TL_BAR_H, state_color(cur), cur, a, b);
		}
		if (e) {
			cur = e->state;
			from = at;
		}
	}
	if (s->tl_dropped)
		fprintf(t->fp, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" "
		    "fill=\"url(#notkept)\"><title>not drawn: more than %d events in this "
		    "session</title></rect>\n", xpos(t, stop), ybar, TL_X0 + TL_W - xpos(t, stop),
		    TL_BAR_H, REPORT_TL_MAX);
}

/* A mark's vertical place: the local end's above the bar, the peer's below
 * (the default route's marks and a violation are on the bar). */
static int
band(const struct report_session *s, int side, int ybar)
{
	return side == s->local ? ybar - 7 : ybar + TL_BAR_H + 7;
}

static void
mark_title(struct tl *t, const struct report_session *s, const struct report_tl_ev *e)
{
	const struct report_result *res = t->res;
	char when[40], who[64];

	time_text(t, &e->ts, when, sizeof(when));
	addr_fmt(&s->addr[e->side], who, sizeof(who));
	fputs("<title>", t->fp);
	switch (e->kind) {
	case TL_OPEN: fprintf(t->fp, "OPEN from %s at %s", who, when); break;
	case TL_NTF:
		fprintf(t->fp, "NOTIFICATION ");
		esc(t->fp, bgp_notify_code_name(e->code));
		fputc('/', t->fp);
		esc(t->fp, bgp_notify_subcode_name(e->code, e->subcode));
		fprintf(t->fp, " (%u/%u) from %s at %s", e->code, e->subcode, who, when);
		break;
	case TL_ICMP:
		fprintf(t->fp, "ICMP %s (code %u) for a packet from %s at %s",
		    e->code ? "time exceeded" : "unreachable", e->subcode, who, when);
		break;
	case TL_HOLD:
		fprintf(t->fp, "no message from %s for %.1f s (hold time %u s), until %s", who,
		    e->gap, e->hold, when);
		break;
	case TL_ANNOUNCE:
		fprintf(t->fp, "%s announced by %s at %s%s", e->fam ? "::/0" : "0.0.0.0/0", who,
		    when, e->code ? "" : " (not as expected)");
		break;
	case TL_WITHDRAW:
		fprintf(t->fp, "%s withdrawn by %s at %s", e->fam ? "::/0" : "0.0.0.0/0", who, when);
		if (e->idx >= 0 && (size_t)e->idx < res->n_wd) {
			fputs(": ", t->fp);
			esc(t->fp, res->wd[e->idx].how);
		}
		break;
	case TL_VIOLATION:
		fprintf(t->fp, "violation at %s", when);
		if (e->idx >= 0 && (size_t)e->idx < res->n_viol) {
			const struct report_viol *v = &res->viol[e->idx];

			fprintf(t->fp, ": %s: ", report_field_name(v->field));
			esc(t->fp, v->actual);
			fputs(", expected ", t->fp);
			esc(t->fp, v->expected);
		}
		break;
	}
	fputs("</title>", t->fp);
}

static void
mark(struct tl *t, const struct report_session *s, const struct report_tl_ev *e, int ybar)
{
	double x = xpos(t, rel(t, &e->ts));
	int y = band(s, e->side, ybar), dir = e->side == s->local ? -1 : 1;

	if (e->kind == TL_ANNOUNCE || e->kind == TL_WITHDRAW)
		y = ybar + TL_BAR_H / 2 + 1;   /* the route's marks sit on the bar */
	switch (e->kind) {
	case TL_OPEN:
		fprintf(t->fp, "<rect x=\"%.1f\" y=\"%d\" width=\"2\" height=\"7\" fill=\"#000\">",
		    x - 1, dir < 0 ? ybar - 7 : ybar + TL_BAR_H);
		break;
	case TL_NTF:
		fprintf(t->fp, "<polygon points=\"%.1f,%d %.1f,%d %.1f,%d %.1f,%d\" fill=\"" C_NTF
		    "\">", x, y - 6, x + 6, y, x, y + 6, x - 6, y);
		break;
	case TL_ICMP:
		fprintf(t->fp, "<path d=\"M%.1f %d l8 8 m0 -8 l-8 8\" stroke=\"" C_ICMP "\" "
		    "stroke-width=\"2\">", x - 4, y - 4);
		break;
	case TL_HOLD:
		fprintf(t->fp, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" "
		    "stroke-width=\"3\" stroke-dasharray=\"6,3\">", xpos(t, rel(t, &e->ts) - e->gap),
		    ybar + TL_BAR_H / 2, x, ybar + TL_BAR_H / 2);
		break;
	case TL_ANNOUNCE:
		fprintf(t->fp, "<polygon points=\"%.1f,%d %.1f,%d %.1f,%d\" fill=\"" C_ANNOUNCE "\" "
		    "stroke=\"#004d40\">", x, y - 5, x + 5, y + 4, x - 5, y + 4);
		break;
	case TL_WITHDRAW:
		fprintf(t->fp, "<polygon points=\"%.1f,%d %.1f,%d %.1f,%d\" fill=\"#fff\" "
		    "stroke=\"#000\">", x - 5, y - 4, x + 5, y - 4, x, y + 5);
		break;
	case TL_VIOLATION:      /* on the bar, drawn last: never covered */
		fprintf(t->fp, "<circle cx=\"%.1f\" cy=\"%d\" r=\"7\" fill=\"" C_VIOLATION "\" "
		    "stroke=\"#fff\">", x, ybar + TL_BAR_H / 2);
		break;
	default:
		return;
	}
	mark_title(t, s, e);
	fputs(e->kind == TL_OPEN ? "</rect>\n" : e->kind == TL_NTF || e->kind == TL_ANNOUNCE ||
	    e->kind == TL_WITHDRAW ? "</polygon>\n" : e->kind == TL_ICMP ? "</path>\n" :
	    e->kind == TL_HOLD ? "</line>\n" : "</circle>\n", t->fp);
}

static void
lane(struct tl *t, const struct report_session *s, int i)
{
	int y = TL_Y0 + i * TL_LANE, ybar = y + TL_BAR_Y;
	char a[64], b[64];

	addr_fmt(&s->addr[s->local], a, sizeof(a));
	addr_fmt(&s->addr[!s->local], b, sizeof(b));
	fprintf(t->fp, "<g class=\"lane\">\n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "fill=\"none\" stroke=\"#ccc\"/>\n<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
	    "font-size=\"12\">%s - %s</text>\n<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
	    "font-size=\"10\" fill=\"#555\">%s at the end", TL_X0, ybar, TL_W, TL_BAR_H,
	    TL_X0 - 12, ybar + 9, a, b, TL_X0 - 12, ybar + 21, s->state ? s->state : "?");
	fputs("</text>\n", t->fp);
	if (s->tl_dropped)
		fprintf(t->fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"10\" "
		    "fill=\"#555\">%llu later events not drawn (limit %d)</text>\n", TL_X0 - 12,
		    ybar + 32, (unsigned long long)s->tl_dropped, REPORT_TL_MAX);
	lane_states(t, s, ybar);
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < s->n_tl; k++)
			if (s->tl[k].kind != TL_STATE && (s->tl[k].kind == TL_VIOLATION) == pass)
				mark(t, s, &s->tl[k], ybar);
	fputs("</g>\n", t->fp);
}

static void
legend(struct tl *t, int y)
{
	int x = 20;

	fprintf(t->fp, "<g class=\"legend\" font-size=\"11\">\n");
	for (size_t i = 0; i < sizeof(state_colors) / sizeof(state_colors[0]) - 1; i++, x += 110)
		fprintf(t->fp, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"10\" fill=\"%s\"/>"
		    "<text x=\"%d\" y=\"%d\">%s</text>\n", x, y, state_colors[i].color, x + 18, y + 9,
		    state_colors[i].name);
	fprintf(t->fp, "<text x=\"20\" y=\"%d\">Above a lane: from its local end (named first); "
	    "below: from the peer. Black tick OPEN, purple diamond NOTIFICATION, brown cross ICMP "
	    "error.</text>\n<text x=\"20\" y=\"%d\">On the lane: dashed line a silence over the "
	    "hold time; default route announced (cyan triangle), withdrawn (white triangle), "
	    "violation (red dot). Hover for details.</text>\n</g>\n", y + 26, y + 42);
}

int
timeline_write(FILE *fp, const struct report_result *res)
{
	struct tl t;
	size_t n = res->n_sessions;
	int h = TL_Y0 + (int)n * TL_LANE + 64;

	memset(&t, 0, sizeof(t));
	t.fp = fp;
	t.res = res;
	if (res->have_time) {
		t.t0 = res->first;
		t.span = rel(&t, &res->end);
	}
	if (!(t.span > 1e-6))
		t.span = 1e-6;
	fprintf(fp, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">\n"
	    "<defs><pattern id=\"notkept\" width=\"6\" height=\"6\" "
	    "patternUnits=\"userSpaceOnUse\"><path d=\"M0 6 L6 0\" stroke=\"#999\"/></pattern>"
	    "</defs>\n<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n"
	    "<text x=\"20\" y=\"22\" font-size=\"15\">bgpcap: BGP sessions over time "
	    "(%zu session%s, %.6g s)</text>\n", TL_WIDTH, h, TL_WIDTH, h, n, n == 1 ? "" : "s",
	    res->have_time ? t.span : 0.0);
	axis(&t);
	for (size_t i = 0; i < n; i++)
		lane(&t, &res->sessions[i], (int)i);
	legend(&t, TL_Y0 + (int)n * TL_LANE + 10);
	fputs("</svg>\n", fp);
	return ferror(fp) ? -1 : 0;
}

FILE *
timeline_open(const char *path, FILE *err)
{
	char ebuf[512];
	FILE *fp = wfile_open(path, "--timeline", ebuf, sizeof(ebuf));

	if (fp == NULL)
		fprintf(err, "bgpcap: %s\n", ebuf);
	return fp;
}

int
timeline_finish(FILE **fp, const char *path, struct report *rep, FILE *err)
{
	const struct report_result *res;
	int rc;

	if (*fp == NULL)
		return 0;
	res = report_build(rep);
	rc = res ? timeline_write(*fp, res) : -1;
	if (fclose(*fp) != 0)
		rc = -1;
	*fp = NULL;
	if (rc == 0)
		return 0;
	fprintf(err, "bgpcap: --timeline %s: %s\n", path, res ? "write failed" : "out of memory");
	return 2;
}
