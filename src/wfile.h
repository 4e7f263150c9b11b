/*
 * wfile.h - create an output file (-w, its rotated files, --write-mrt)
 * the one careful way: never through a symbolic link (O_NOFOLLOW), an
 * existing regular file truncated only when it belongs to this user (so
 * bgpcap, running as that user, may have made it), a device or FIFO
 * written as it is.
 *
 * Owns: nothing. May call: libc.
 */
#ifndef BGPCAP_WFILE_H
#define BGPCAP_WFILE_H

#include <stddef.h>
#include <stdio.h>

/* Open PATH for writing as above; opt names the option in the error
 * ("-w", "--write-mrt"). A FILE, or NULL with one line in err. */
FILE *wfile_open(const char *path, const char *opt, char *err, size_t errlen);

#endif
