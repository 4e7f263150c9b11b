#!/usr/bin/env python3
"""A capture of about 3.5 MB for -C (issue 13): the NVA's session, then
UPDATEs from the route server, one a packet, each with its own prefix.
Usage: rotate_gen.py FILE [UPDATES]."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pcapgen import Writer, nva_session, bgp_update, origin, as_path, next_hop  # noqa: E402


def main():
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    w = Writer(sys.argv[1])
    c = nva_session(w)
    attrs = [origin(0), as_path([(2, [65515, 12076] + [64512 + i for i in range(20)])]),
             next_hop("10.0.2.4")]
    for i in range(n):
        pfx = "10.%d.%d.0" % (64 + i // 256, i % 256)
        c.send(1, bgp_update(attrs=attrs, nlri=[(pfx, 24)]), ts=1700000100.0 + i * 0.001)
    w.close()


if __name__ == "__main__":
    main()
