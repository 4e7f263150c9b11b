#!/usr/bin/env python3
"""Random corruption of real captures through the whole bgpcap pipeline.

corrupt.py BGPCAP COUNT SEED KEEPDIR FILE...

For each variant: pick a capture, apply 1-3 mutations, write it to a
temporary file, run `timeout 10 BGPCAP -r F` (text, sometimes -v/-vv) and
`timeout 10 BGPCAP --json --stats -r F`. A variant fails on an exit status
above 2 (a signal included), a timeout, a sanitizer report on stderr, an
invalid JSON line, or (JSON) a flow_stats line whose bytes_seen differs
from bytes_decoded + bytes_skipped. Failing variants are kept in KEEPDIR.

Classic pcap files are mutated record by record (bit flips, truncation,
inserted and deleted bytes, swapped, duplicated and dropped records), so
the file stays readable; every file (pcapng too) also gets raw-file
corruption (byte flips anywhere, header fields, a truncated file).
Deterministic: the same SEED gives the same variants.
"""
import concurrent.futures
import json
import os
import random
import struct
import subprocess
import sys
import tempfile

SAN_MARKS = ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer",
             "SUMMARY: UndefinedBehaviorSanitizer", "ERROR: MemorySanitizer")


def parse_pcap(data):
    """(endian, header, [record header fields + data]) or None if not classic pcap."""
    if len(data) < 24:
        return None
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        return None
    recs = []
    off = 24
    while off + 16 <= len(data):
        ts, tu, incl, orig = struct.unpack(e + "IIII", data[off:off + 16])
        body = data[off + 16:off + 16 + incl]
        if len(body) < incl:
            break
        recs.append([ts, tu, orig, bytearray(body)])
        off += 16 + incl
    return e, data[:24], recs


def build_pcap(e, hdr, recs):
    out = bytearray(hdr)
    for ts, tu, orig, body in recs:
        out += struct.pack(e + "IIII", ts, tu, len(body), max(orig, len(body)) if orig else len(body))
        out += body
    return bytes(out)


def payload_pos(rng, body):
    """A position, biased towards the TCP payload (past ~54 header bytes)."""
    if not body:
        return 0
    if len(body) > 60 and rng.random() < 0.75:
        return rng.randrange(54, len(body))
    return rng.randrange(len(body))


def mutate_records(rng, recs):
    n = rng.randint(1, 3)
    done = []
    for _ in range(n):
        if not recs:
            break
        i = rng.randrange(len(recs))
        body = recs[i][3]
        kind = rng.choice(("flip", "flip", "flip", "trunc", "insert", "delete",
                           "swap", "dup", "drop", "ff", "len"))
        if kind == "flip" and body:
            for _ in range(rng.randint(1, 8)):
                p = payload_pos(rng, body)
                body[p] ^= 1 << rng.randrange(8)
        elif kind == "trunc" and body:
            del body[rng.randrange(len(body)):]
        elif kind == "insert":
            p = payload_pos(rng, body)
            body[p:p] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        elif kind == "delete" and body:
            p = payload_pos(rng, body)
            del body[p:p + rng.randint(1, 64)]
        elif kind == "swap" and len(recs) > 1:
            j = rng.randrange(len(recs))
            recs[i], recs[j] = recs[j], recs[i]
        elif kind == "dup":
            recs.insert(rng.randrange(len(recs) + 1), [recs[i][0], recs[i][1], recs[i][2],
                                                       bytearray(body)])
        elif kind == "drop":
            del recs[i]
        elif kind == "ff" and body:
            # plant a BGP marker or a hostile length where a message may start
            p = payload_pos(rng, body)
            body[p:p + 19] = b"\xff" * 16 + struct.pack(">HB", rng.choice(
                (0, 18, 19, 23, 4096, 4097, 65535, rng.randrange(65536))), rng.randrange(7))
        elif kind == "len" and len(body) > 60:
            # IP total length / TCP data offset fields
            p = rng.choice((16, 17, 46, 18 + 20 + 12))
            if p < len(body):
                body[p] = rng.randrange(256)
        done.append(kind)
    return done


def mutate_raw(rng, data):
    b = bytearray(data)
    kind = rng.choice(("flip", "flip", "hdr", "trunc", "reclen"))
    if kind == "flip" and b:
        for _ in range(rng.randint(1, 16)):
            p = rng.randrange(len(b))
            b[p] ^= 1 << rng.randrange(8)
    elif kind == "hdr" and len(b) >= 24:
        p = rng.randrange(4, 24)   # version, snaplen, linktype (or pcapng SHB fields)
        b[p] = rng.randrange(256)
    elif kind == "trunc" and b:
        del b[rng.randrange(len(b)):]
    elif kind == "reclen" and len(b) > 40:
        p = 24 + 8 + rng.choice((0, 1, 2, 3, 4, 5, 6, 7))   # first record's caplen/len
        b[p] = rng.randrange(256)
    return bytes(b), ["raw-" + kind]


def variant(rng, data):
    parsed = parse_pcap(data)
    if parsed is not None and rng.random() < 0.85:
        e, hdr, recs = parsed
        recs = [[r[0], r[1], r[2], bytearray(r[3])] for r in recs]
        kinds = mutate_records(rng, recs)
        return build_pcap(e, hdr, recs), kinds
    return mutate_raw(rng, data)


def check_run(bgpcap, path, args):
    cmd = ["timeout", "10", bgpcap] + args + ["-r", path]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    except subprocess.TimeoutExpired:
        return "hang (harness timeout)"
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode == 124:
        return "timeout (10 s)"
    if p.returncode < 0 or p.returncode > 3:
        return "exit status %d: %s" % (p.returncode, err.strip()[-300:])
    for m in SAN_MARKS:
        if m in err:
            i = err.find(m)
            return "sanitizer: " + err[max(0, i - 100):i + 400]
    if "--json" in args:
        for n, line in enumerate(p.stdout.split(b"\n"), 1):
            if not line:
                continue
            try:
                o = json.loads(line.decode("utf-8"))
            except Exception as ex:
                return "invalid JSON line %d: %s: %r" % (n, ex, line[:160])
            if isinstance(o, dict) and o.get("type") == "flow_stats":
                if o["bytes_seen"] != o["bytes_decoded"] + o["bytes_skipped"]:
                    return "accounting: flow %s %s:%s bytes_seen %d != %d + %d" % (
                        o.get("flow"), o.get("src"), o.get("sport"), o["bytes_seen"],
                        o["bytes_decoded"], o["bytes_skipped"])
    return None


def main():
    bgpcap, count, seed, keep = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    files, replay = [], []
    for f in sys.argv[5:]:
        # @FILE: a saved finding (fuzz/regress), run once as it is
        with open(f.lstrip("@"), "rb") as fh:
            (replay if f.startswith("@") else files).append((f.lstrip("@"), fh.read()))
    if not files:
        print("SKIP: no captures")
        return 77
    rng = random.Random(seed)
    tmp = tempfile.mkdtemp(prefix="bgpcap-corrupt-")
    jobs = []
    for k, (name, data) in enumerate(replay):
        jobs.append((count + k, name, data, ["replay"], ["-vv"]))
    for i in range(count):
        name, data = files[i % len(files)]
        vr = random.Random(rng.getrandbits(64))
        blob, kinds = variant(vr, data)
        text_args = [[], ["-v"], ["-vv"]][i % 3]
        jobs.append((i, name, blob, kinds, text_args))

    def one(job):
        i, name, blob, kinds, text_args = job
        path = os.path.join(tmp, "v%06d.pcap" % i)
        with open(path, "wb") as fh:
            fh.write(blob)
        why = check_run(bgpcap, path, text_args) or \
            check_run(bgpcap, path, ["--json", "--stats"])
        if why:
            os.makedirs(keep, exist_ok=True)
            kept = os.path.join(keep, "v%06d-%s.pcap" % (i, os.path.basename(name)))
            os.replace(path, kept)
            return "FAIL: variant %d of %s (%s): %s\n  kept as %s" % (
                i, name, "+".join(kinds), why, kept)
        os.unlink(path)
        return None

    passed = failed = 0
    workers = int(os.environ.get("CORRUPT_JOBS", str(max(1, min(4, os.cpu_count() or 1)))))
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as ex:
        for res in ex.map(one, jobs):
            if res:
                failed += 1
                if failed <= 20:
                    print(res, flush=True)
            else:
                passed += 1
    try:
        os.rmdir(tmp)
    except OSError:
        pass
    print("%d variants of %d files, %d saved findings replayed" % (count, len(files), len(replay)))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
