#!/usr/bin/env python3
"""The routes bgpcap --rib says each side holds, against the daemons' own.

captures/NAME.expect (captures/record, at the end of the scenario) lists
what each receiving daemon holds:
  announce SENDER RECEIVER PREFIX nexthop=X aspath="..." [pathid=N] source=S
  state SPEAKER PEER STATE
Checks, for one capture, on `bgpcap -r CAPTURE -q --rib --json`:
  1. every route a daemon holds is held in bgpcap's RIB (type "rib"), from
     that sender to that receiver, with that next hop and AS path (and path
     id where the daemon shows one);
  2. where the daemon's list is its whole Adj-RIB-In from that sender
     (FRR received-routes, pre-policy with soft-reconfiguration inbound;
     GoBGP adj-in; BIRD's routes of the protocol; FRR's table with ADD-PATH
     ids in addpath), bgpcap holds nothing more from that sender: a route
     withdrawn, treat-as-withdraw or dropped with its session must be absent.
     frr-accepted-routes (refresh: post-policy, bogon-filtered routes
     missing) is checked by rule 1 only;
  3. a receiver whose daemon says the session with the sender is not
     Established at the end holds nothing from it.
Usage: rib_held.py BGPCAP CAPTURE EXPECT. Exit 1 on any difference.
"""
import json
import shlex
import subprocess
import sys

COMPLETE = {"frr-received-routes", "gobgp-adj-in", "bird-protocol-routes", "frr-bgp-table"}


def load_truth(path):
    truth, states = [], {}
    for line in open(path):
        f = shlex.split(line)
        if not f:
            continue
        if f[0] == "announce":
            kv = dict(x.split("=", 1) for x in f[4:])
            pid = int(kv["pathid"]) if "pathid" in kv else None
            truth.append((f[1], f[2], f[3], pid, kv.get("nexthop"), kv.get("aspath"),
                          kv.get("source")))
        elif f[0] == "state":
            states[(f[1], f[2])] = f[3]
    return truth, states


def load_rib(bgpcap, cap):
    out = subprocess.run([bgpcap, "-r", cap, "-q", "--rib", "--json"], capture_output=True,
                         text=True)
    if out.returncode not in (0, 1, 3):
        sys.exit(f"bgpcap exit {out.returncode}: {out.stderr}")
    held = {}
    for line in out.stdout.splitlines():
        o = json.loads(line)
        if o.get("type") != "rib":
            continue
        k = (o["from"], o["to"], o["prefix"], o["path_id"])
        if k in held:
            print(f"{k}: held twice (two sessions of one pair hold routes)")
        held[k] = (o["next_hop"], o["as_path"])
    return held


def main():
    bgpcap, cap, expect = sys.argv[1:4]
    truth, states = load_truth(expect)
    held = load_rib(bgpcap, cap)
    bad = 0
    for snd, rcv, p, pid, nh, path, src in truth:
        k = (snd, rcv, p, pid)
        if k not in held and pid is None:
            # the daemon shows no path id: any one bgpcap holds
            k = next((h for h in held if h[:3] == (snd, rcv, p)), k)
        if k not in held:
            print(f"{src}: {snd} > {rcv} {p} (path id {pid}) held by the daemon, not by --rib")
            bad = 1
        elif held[k] != (nh, path):
            print(f"{src}: {snd} > {rcv} {p}: daemon next hop {nh} path '{path}', "
                  f"--rib {held[k][0]} '{held[k][1]}'")
            bad = 1
    complete = {(t[0], t[1]) for t in truth if t[6] in COMPLETE}
    known = {(t[0], t[1], t[2], t[3]) for t in truth}
    known_nopid = {(t[0], t[1], t[2]) for t in truth if t[3] is None}
    for k in sorted(held, key=str):
        snd, rcv, p, pid = k
        if (snd, rcv) in complete and k not in known and (snd, rcv, p) not in known_nopid:
            print(f"{snd} > {rcv} {p} (path id {pid}) held by --rib, not by the daemon")
            bad = 1
        st = states.get((rcv, snd))
        if st is not None and st != "Established":
            print(f"{snd} > {rcv} {p}: held by --rib, but {rcv}'s session with {snd} is {st}")
            bad = 1
    print(f"{cap}: {len(truth)} routes in the daemons' RIBs, {len(held)} held by --rib: "
          f"{'DIFFERENT' if bad else 'equal'}")
    return bad


if __name__ == "__main__":
    sys.exit(main())
