/*
 * pkt.h - what the capture layer tells the rest of bgpcap about a packet.
 */
#ifndef BGPCAP_PKT_H
#define BGPCAP_PKT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/time.h>

/* An IPv4 or IPv6 address; IPv4 is stored in the first 4 bytes. */
struct addr {
	uint8_t af;        /* AF_INET or AF_INET6 */
	uint8_t a[16];
};

/* TCP flags as on the wire. */
#define PKT_FIN 0x01
#define PKT_SYN 0x02
#define PKT_RST 0x04
#define PKT_PSH 0x08
#define PKT_ACK 0x10

/* How a packet arrived, outermost first ("vlan 14 mpls 16/17", "gre key 5",
 * "vxlan 100"); empty when it was plain IP on the link. */
#define PKT_ENCAP_LEN 48

struct pkt_info {
	struct timeval ts;
	uint64_t frame;          /* 1-based frame number in the capture */
	struct addr src, dst;
	uint16_t sport, dport;
	uint8_t ttl;             /* IPv4 TTL or IPv6 hop limit */
	uint8_t tcp_flags;
	uint32_t seq, ack;
	uint32_t caplen, wirelen;
	char encap[PKT_ENCAP_LEN];
	/* the first Ethernet header of the frame (-e), when it had one */
	bool has_mac;
	uint8_t mac_dst[6], mac_src[6];
	uint16_t ethertype;
};

/* An ICMP/ICMPv6 error that quotes a TCP segment to or from a BGP port. */
struct icmp_info {
	struct timeval ts;
	uint64_t frame;
	struct addr reporter;     /* who sent the ICMP error */
	uint8_t af;               /* AF_INET: ICMP, AF_INET6: ICMPv6 */
	uint8_t type, code;
	/* the quoted packet's header fields */
	struct addr q_src, q_dst;
	uint16_t q_sport, q_dport;
	uint8_t q_ttl;
};

/* Format an address as text ("10.0.1.6", "2001:db8::1"); buf >= 46. */
const char *addr_fmt(const struct addr *a, char *buf, size_t len);
bool addr_eq(const struct addr *a, const struct addr *b);
/* Parse text into an address; false if it is neither IPv4 nor IPv6. */
bool addr_parse(const char *s, struct addr *a);

#endif
