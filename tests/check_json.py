#!/usr/bin/env python3
"""Check NDJSON files from bgpcap: every line parses, and byte accounting
holds for every direction of every flow (bytes_seen = decoded + skipped).
Usage: check_json.py FILE...  Prints one line per problem; exit 1 if any."""
import json
import sys

bad = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8", errors="strict") as fp:
        for n, line in enumerate(fp, 1):
            try:
                o = json.loads(line)
            except Exception as e:
                print(f"{path}:{n}: invalid JSON: {e}: {line[:160]}")
                bad = 1
                break
            if o.get("type") == "flow_stats" and \
                    o["bytes_seen"] != o["bytes_decoded"] + o["bytes_skipped"]:
                print(f"{path}:{n}: byte accounting: seen {o['bytes_seen']} != decoded "
                      f"{o['bytes_decoded']} + skipped {o['bytes_skipped']}")
                bad = 1
sys.exit(bad)
