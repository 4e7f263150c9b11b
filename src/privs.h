/*
 * privs.h - dropping root after the inputs are open.
 */
#ifndef BGPCAP_PRIVS_H
#define BGPCAP_PRIVS_H

#include <stdio.h>

/* Become user (NULL: tcpdump, else nobody; nothing when neither exists)
 * when running as root. An unknown user is an error even when not root.
 * 0, or -1 with one line on err. */
int privs_drop(const char *user, FILE *err);
/* The user privileges were dropped to, or NULL (no drop). */
const char *privs_dropped_to(void);

#endif
