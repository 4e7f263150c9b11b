#!/usr/bin/env python3
"""Graceful restart in --rib and --history (tests/rib.sh).

Crafted captures with tests/pcapgen.py; what the receiver must hold comes
from RFC 4724 4.2 (the Receiving Speaker) and RFC 8538 (the N bit), not
from bgpcap's own output:
- the session ends without a NOTIFICATION (TCP RST or FIN) and both sides
  advertised graceful restart: the routes of the families the sender
  listed are kept, marked stale, for the sender's restart time;
- the sender comes back (a new connection, either end may open it): what
  it sends again is no longer stale; its End-of-RIB removes the rest
  ("End-of-RIB stale"); a family its new OPEN lists without the F bit, or
  a new OPEN without the capability, loses its stale routes at once;
- the restart time runs out first: the stale routes go at the deadline;
- a NOTIFICATION keeps them only when both sides set N, and never for
  Cease/Hard Reset (6/9); only one side advertising: nothing is kept.
Usage: rib_gr.py BGPCAP TMPDIR. Exit 1 on any failure.
"""
import datetime
import json
import os
import struct
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rib_crafted as rc  # noqa: E402
from pcapgen import (Writer, Conn, bgp_open, bgp_update, bgp_notification, cap, cap_mp,  # noqa: E402
                     cap_as4, eth, ipv4, udp, ETH_IPV4, KEEPALIVE, RS1, NVA)

PFX = [("10.1.0.0", 16), ("10.2.0.0", 16), ("10.3.0.0", 16)]


def cap_gr(time=120, fams=((1, 1, True),), n=False, r=False):
    flags = (0x8000 if r else 0) | (0x4000 if n else 0) | (time & 0xFFF)
    return cap(64, struct.pack(">H", flags) + b"".join(
        struct.pack(">HBB", afi, safi, 0x80 if fwd else 0) for afi, safi, fwd in fams))


def session(w, port, nva_gr, rs_gr, rs_opens=False):
    """NVA <-> RS1 with the given GR capabilities (None: not advertised).
    rs_opens: the route server opens the connection (it is side 0).
    Returns (conn, side of the route server)."""
    if rs_opens:
        c, rs, nva = Conn(w, RS1, NVA, aport=port, bport=179), 0, 1
    else:
        c, rs, nva = Conn(w, NVA, RS1, aport=port, bport=179), 1, 0
    c.handshake()
    base = [cap_mp(1, 1)]
    c.send(nva, bgp_open(65001, 90, "10.0.1.6", base + [cap_as4(65001)] + ([nva_gr] if nva_gr else [])))
    c.send(rs, bgp_open(65515, 90, "10.0.2.4", base + [cap_as4(65515)] + ([rs_gr] if rs_gr else [])))
    c.send(nva, KEEPALIVE)
    c.send(rs, KEEPALIVE)
    return c, rs


def first(w, nva_gr=None, rs_gr=None, end="rst"):
    """The first session: three routes from the route server, then it ends."""
    c, rs = session(w, 40000, nva_gr or cap_gr(), rs_gr or cap_gr())
    c.send(rs, rc.upd(PFX))
    if end == "rst":
        c.rst(rs)
    elif end == "fin":
        c.fin(rs)
    else:
        c.send(rs, bgp_notification(*end))
    return c


EOR = bgp_update()


def rib(bgpcap, p):
    _, objs = rc.run(bgpcap, "-r", p, "--rib")
    return {o["prefix"]: o.get("stale", False) for o in objs
            if o["type"] == "rib" and o["from"] == RS1}, objs


def history(bgpcap, p, prefix):
    _, objs = rc.run(bgpcap, "-r", p, "--history", prefix)
    return [(o["event"], o.get("reason")) for o in objs if o["type"] == "history"]


def case_gr_eor(bgpcap, d):
    """Back within the restart time, opened by the route server this time:
    10.1 sent again (same attributes), 10.3 with a new next hop, then
    End-of-RIB: 10.2 goes as End-of-RIB stale."""
    p = f"{d}/gr-eor.pcap"
    w = Writer(p)
    first(w)
    w.t += 5
    c, rs = session(w, 40001, cap_gr(), cap_gr(r=True), rs_opens=True)
    c.send(rs, rc.upd(PFX[:1]))
    c.send(rs, rc.upd(PFX[2:], nh="10.0.2.5"))
    c.send(rs, EOR)
    w.close()
    got, _ = rib(bgpcap, p)
    rc.expect("gr: after End-of-RIB", got, {"10.1.0.0/16": False, "10.3.0.0/16": False})
    rc.expect("gr: End-of-RIB stale in history", history(bgpcap, p, "10.2.0.0/16"), [
        ("announced", None), ("stale", "RST"), ("withdrawn", "End-of-RIB stale")])
    rc.expect("gr: refreshed route in history", [e for e, _ in history(bgpcap, p, "10.3.0.0/16")],
              ["announced", "stale", "replaced"])


def case_gr_no_eor(bgpcap, d):
    """Back, but no End-of-RIB yet: what was not sent again is held, stale."""
    p = f"{d}/gr-noeor.pcap"
    w = Writer(p)
    first(w, end="fin")
    w.t += 5
    c, rs = session(w, 40001, cap_gr(), cap_gr(r=True))
    c.send(rs, rc.upd(PFX[:1]))
    w.close()
    got, objs = rib(bgpcap, p)
    rc.expect("gr: before End-of-RIB", got,
              {"10.1.0.0/16": False, "10.2.0.0/16": True, "10.3.0.0/16": True})
    tot = [o for o in objs if o["type"] == "rib_total" and o["from"] == RS1 and o["routes"]]
    rc.expect("gr: rib_total stale", [(o["routes"], o.get("stale")) for o in tot], [(3, 2)])
    gone = [o for o in objs if o["type"] == "rib_session" and o["from"] == RS1]
    rc.expect("gr: the first session says where its routes went",
              [o.get("graceful_restart", "") for o in gone],
              ["routes kept stale (graceful restart), on with flow 2"])


def case_gr_pending(bgpcap, d):
    """Down, not back, the capture ends within the restart time: the old
    session's routes are still held, all stale; text says until when."""
    p = f"{d}/gr-pending.pcap"
    w = Writer(p)
    first(w)
    w.t += 10                  # a later frame: the capture goes on 10 s
    w.frame(eth(ipv4("192.0.2.1", "192.0.2.2", 17, udp("192.0.2.1", "192.0.2.2", 5000, 5001, b"x")),
                ETH_IPV4))
    w.close()
    got, _ = rib(bgpcap, p)
    rc.expect("gr: pending", got, {p_ + "/16": True for p_, _ in PFX})
    out = subprocess.run([bgpcap, "-q", "-r", p, "--rib"], capture_output=True, text=True).stdout
    rc.expect("gr: pending text", any("session down at" in ln and "kept stale (graceful restart) until"
                                       in ln for ln in out.splitlines()), True)
    rc.expect("gr: pending text stale marks", sum(ln.endswith("  stale") for ln in out.splitlines()), 3)


def case_gr_time(bgpcap, d):
    """Back after 130 s with a restart time of 120 s: gone at down + 120 s."""
    p = f"{d}/gr-time.pcap"
    w = Writer(p)
    first(w)
    t_down = w.t
    w.t += 130
    c, rs = session(w, 40001, cap_gr(), cap_gr(r=True))
    c.send(rs, rc.upd(PFX[:1]))
    w.close()
    got, _ = rib(bgpcap, p)
    rc.expect("gr: restart time expired", got, {"10.1.0.0/16": False})
    _, objs = rc.run(bgpcap, "-r", p, "--history", "10.2.0.0/16")
    ev = [o for o in objs if o["type"] == "history"]
    rc.expect("gr: restart time in history", [(o["event"], o.get("reason")) for o in ev],
              [("announced", None), ("stale", "RST"), ("withdrawn", "restart time expired")])
    t = datetime.datetime.fromisoformat(ev[-1]["time"].replace("Z", "+00:00")).timestamp() if ev else 0
    rc.expect("gr: withdrawn at down + 120 s", round(t - t_down), 120)


def case_gr_nofwd(bgpcap, d):
    """The new OPEN lists IPv4 unicast without F: stale routes go at once;
    a new OPEN without the capability: the same."""
    for name, rs_gr, why in (("nofwd", cap_gr(fams=((1, 1, False),), r=True),
                              "graceful restart: forwarding state not kept"),
                             ("nocap", None, "graceful restart: not in the new OPEN")):
        p = f"{d}/gr-{name}.pcap"
        w = Writer(p)
        first(w)
        w.t += 5
        c, rs = session(w, 40001, cap_gr(), rs_gr)
        c.send(rs, rc.upd(PFX[:1]))
        w.close()
        got, _ = rib(bgpcap, p)
        rc.expect(f"gr {name}: held", got, {"10.1.0.0/16": False})
        rc.expect(f"gr {name}: history", history(bgpcap, p, "10.2.0.0/16"),
                  [("announced", None), ("stale", "RST"), ("withdrawn", why)])


def case_gr_notification(bgpcap, d):
    """NOTIFICATION: kept only with N on both sides and not Hard Reset;
    one side without graceful restart: nothing kept on an RST either."""
    for name, kw, kept in (
            ("notify-no-n", dict(end=(6, 2)), False),
            ("notify-n", dict(end=(6, 2), nva_gr=cap_gr(n=True), rs_gr=cap_gr(n=True)), True),
            ("notify-n-one", dict(end=(6, 2), nva_gr=cap_gr(), rs_gr=cap_gr(n=True)), False),
            ("hard-reset", dict(end=(6, 9), nva_gr=cap_gr(n=True), rs_gr=cap_gr(n=True)), False),
            ("hold-expired-n", dict(end=(4, 0), nva_gr=cap_gr(n=True), rs_gr=cap_gr(n=True)), True),
            ("rst-one-side", dict(nva_gr=cap(64, struct.pack(">H", 0)), rs_gr=None), False),
            ("rst-receiver-only", dict(nva_gr=cap(64, struct.pack(">H", 120))), True)):
        if name == "rst-one-side":
            p = f"{d}/gr-{name}.pcap"
            w = Writer(p)
            c, rs = session(w, 40000, cap_gr(), None)
            c.send(rs, rc.upd(PFX))
            c.rst(rs)
        else:
            p = f"{d}/gr-{name}.pcap"
            w = Writer(p)
            first(w, **kw)
        w.close()
        got, _ = rib(bgpcap, p)
        rc.expect(f"gr {name}: kept", got, {p_ + "/16": True for p_, _ in PFX} if kept else {})


def case_gr_zdiff(bgpcap, d):
    """--diff counts the stale routes of a session down as held (runs last:
    the captures of the cases above)."""
    out = subprocess.run([bgpcap, "-q", "--json", "-r", f"{d}/gr-pending.pcap", "--diff",
                          f"{d}/gr-notify-no-n.pcap"], capture_output=True, text=True)
    removed = sorted(o["prefix"] for o in map(json.loads, out.stdout.splitlines())
                     if o["type"] == "diff" and o["change"] == "removed")
    rc.expect("gr: --diff exit", out.returncode, 1)
    rc.expect("gr: --diff removed", removed, [p_ + "/16" for p_, _ in PFX])


def main():
    bgpcap, d = sys.argv[1:3]
    for name, f in sorted(globals().items()):
        if name.startswith("case_"):
            f(bgpcap, d)
    for f in rc.FAILS:
        print("FAIL:", f)
    return 1 if rc.FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
