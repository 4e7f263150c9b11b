/*
 * asregex.h - FRR/Cisco AS-path regular expressions.
 *
 * The syntax is POSIX extended regular expressions plus `_`, which matches
 * a boundary between AS numbers: the start or end of the path, a space, a
 * comma, braces (AS_SET), parentheses (confederation sequence) or brackets
 * (confederation set). A pattern is matched against the AS path as it is
 * printed ("65001 65515 {1,2} (65000 65001) [1,2]").
 */
#ifndef BGPCAP_ASREGEX_H
#define BGPCAP_ASREGEX_H

#include <stdbool.h>
#include <stddef.h>

struct asre;

/* Compile re; NULL with a message in err on a syntax error or no memory. */
struct asre *asre_compile(const char *re, char *err, size_t errlen);
/* Does the AS path string match? */
bool asre_match(const struct asre *h, const char *aspath);
void asre_free(struct asre *h);

#endif
