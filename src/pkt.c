/*
 * pkt.c - address helpers shared by the capture and session layers.
 */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "pkt.h"

const char *
addr_fmt(const struct addr *a, char *buf, size_t len)
{
	if (buf == NULL || len == 0)
		return "";
	buf[0] = '\0';
	if (a == NULL)
		return buf;
	if (a->af == AF_INET) {
		if (inet_ntop(AF_INET, a->a, buf, (socklen_t)len) == NULL)
			buf[0] = '\0';
	} else if (a->af == AF_INET6) {
		if (inet_ntop(AF_INET6, a->a, buf, (socklen_t)len) == NULL)
			buf[0] = '\0';
	} else if (len >= 2) {
		buf[0] = '?';
		buf[1] = '\0';
	}
	return buf;
}

bool
addr_eq(const struct addr *a, const struct addr *b)
{
	if (a->af != b->af)
		return false;
	if (a->af == AF_INET)
		return memcmp(a->a, b->a, 4) == 0;
	return memcmp(a->a, b->a, 16) == 0;
}

bool
addr_parse(const char *s, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (s == NULL)
		return false;
	if (inet_pton(AF_INET, s, a->a) == 1) {
		a->af = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, s, a->a) == 1) {
		a->af = AF_INET6;
		return true;
	}
	memset(a, 0, sizeof(*a));
	return false;
}
