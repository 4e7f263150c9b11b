/*
 * input.h - the -r file, readable from its start by several readers even
 * when it cannot be read twice (a FIFO, a pipe, stdin).
 *
 * The MRT sniffer, the pcapng sniffer, libpcap and bgpcap's own pcapng
 * reader each read the input from byte 0. A regular file is simply opened
 * again for each. Anything else is read once, through a tee: its first
 * INPUT_KEEP bytes are kept, and every reader is a stdio stream of its own
 * (fopencookie) that is served from the kept bytes and, at the point the
 * input has been read to, from the descriptor itself. A reader that falls
 * behind the kept bytes once another has read past them gets EIO (a
 * message says the input could not be read again from its start).
 *
 * Owns: the descriptor and the kept bytes (freed when the input and all
 * its streams are closed). Calls nothing above it. All streams must be
 * made before the sandbox (which refuses open, not read).
 */
#ifndef BGPCAP_INPUT_H
#define BGPCAP_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define INPUT_KEEP (1u << 20)

struct input;

/* path, or "-" for standard input. NULL with err on failure. keep: bytes
 * kept for the readers that come later (0: INPUT_KEEP). */
struct input *input_open(const char *path, size_t keep, char *err, size_t errlen);
/* A new reader from byte 0 (closed with fclose). With in NULL: path opened
 * (standard input duplicated for "-"). NULL with errno. */
FILE *input_fopen(struct input *in, const char *path);
/* The input is a regular file (opened again for each reader). */
bool input_seekable(const struct input *in);
/* Bytes read from the descriptor so far (a tee), for progress. */
uint64_t input_consumed(const struct input *in);
void input_close(struct input *in);

#endif
