#!/usr/bin/env python3
"""Crafted captures for -e (issue 13): the NVA's session with the route
server carried four ways, each direction with its own MAC addresses
(derived from the sender's IP address, so the two directions differ):
  vlan.pcap   Ethernet, QinQ (802.1ad 100, 802.1Q 200)
  mpls.pcap   Ethernet, MPLS labels 16 and 17
  gre.pcap    Ethernet, IPv4, GRE key 5, IPv4
  vxlan.pcap  Ethernet, IPv4, UDP 4789, VXLAN 100, inner Ethernet, IPv4
Usage: link_gen.py DIR."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import (Writer, eth, mpls, gre, udp, vxlan, ipv4, nva_session,  # noqa: E402
                     ETH_IPV4, ETH_QINQ, ETH_MPLS)


def mac(pkt, base):
    """A locally administered MAC from the packet's IPv4 source address."""
    return bytes([base, 0]) + pkt[12:16]


def w_vlan(pkt, version):
    return eth(pkt, ETH_IPV4, vlans=(100, 200), outer_tpid=ETH_QINQ,
               src=mac(pkt, 0x02), dst=mac(pkt[:12] + pkt[16:20], 0x06))


def w_mpls(pkt, version):
    return eth(mpls([16, 17], pkt), ETH_MPLS, src=mac(pkt, 0x02),
               dst=mac(pkt[:12] + pkt[16:20], 0x06))


def w_gre(pkt, version):
    outer = ipv4("192.0.2.1", "192.0.2.2", 47, gre(pkt, 0x0800, key=5))
    return eth(outer, ETH_IPV4, src=mac(pkt, 0x0a), dst=mac(pkt[:12] + pkt[16:20], 0x0e))


def w_vxlan(pkt, version):
    inner = eth(pkt, ETH_IPV4, src=mac(pkt, 0x12), dst=mac(pkt[:12] + pkt[16:20], 0x16))
    outer = ipv4("198.51.100.1", "198.51.100.2", 17, udp(0, 0, 49152, 4789, vxlan(100, inner)))
    return eth(outer, ETH_IPV4, src=mac(pkt, 0x1a), dst=mac(pkt[:12] + pkt[16:20], 0x1e))


def main():
    d = sys.argv[1]
    for name, wrap in (("vlan", w_vlan), ("mpls", w_mpls), ("gre", w_gre), ("vxlan", w_vxlan)):
        w = Writer(os.path.join(d, name + ".pcap"))
        nva_session(w, wrap=wrap)
        w.close()


if __name__ == "__main__":
    main()
