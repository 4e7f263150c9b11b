/*
 * term.h - the terminal control sequences bgpcap writes (colour with
 * --color, the progress line on stderr). The one place they are spelt.
 */
#ifndef BGPCAP_TERM_H
#define BGPCAP_TERM_H

#define TERM_RED "\033[1;31m"
#define TERM_GREEN "\033[1;32m"
#define TERM_YELLOW "\033[33m"
#define TERM_BOLD_YELLOW "\033[1;33m"
#define TERM_OFF "\033[0m"
#define TERM_CLEAR_LINE "\r\033[K"   /* back to column 0, erase the line */

#endif
