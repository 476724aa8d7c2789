#!/usr/bin/env python3
"""Prints the README's performance table from a LoadBenchmark CSV (closed-loop cells, one server).

usage: python3 memcache-benchmarks/readme_table.py bench-results/load-<time>.csv
"""
import csv
import sys

PEERS = ("spymemcached", "xmemcached-1", "xmemcached-4", "folsom-ascii", "folsom-binary")
NAMES = {
    "get-100B": "get 100 B",
    "set-100B": "set 100 B",
    "mix-90/10": "90/10 mix",
    "multiget-10": "multi-get 10 (keys/s)",
    "get-100KB": "get 100 KB",
    "set-noreply-100B": "noreply set 100 B",
}


def main(path):
    rows = [r for r in csv.DictReader(open(path, newline="")) if float(r["offered_per_s"]) == 0]
    cells = {}
    for r in rows:
        cells.setdefault((r["workload"], int(r["callers"])), {})[r["client"]] = r
    print("| workload | callers | ours ops/s | best peer | peer ops/s | ratio "
          "| p99 vs lowest peer p99 | p50 vs raw socket | ops vs raw socket |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (workload, callers), c in cells.items():
        ours = c.get("ours")
        peers = [c[p] for p in PEERS if p in c]
        if ours is None or not peers:
            continue
        rate = "keys_per_s" if workload.startswith("multiget") else "ops_per_s"
        best = max(peers, key=lambda p: float(p[rate]))
        low_p99 = min(float(p["p99_us"]) for p in peers)
        raw_p50 = ours["p50_ratio_to_raw"]
        raw_ops = ours["ops_ratio_to_raw"]
        print("| %s | %s | %s | %s | %s | %.2fx | %.2fx | %s | %s |" % (
            NAMES.get(workload, workload), f"{callers:,}", f"{float(ours[rate]):,.0f}",
            best["client"], f"{float(best[rate]):,.0f}", float(ours[rate]) / float(best[rate]),
            float(ours["p99_us"]) / low_p99,
            f"{float(raw_p50):.2f}x" if raw_p50 else "", f"{float(raw_ops):.2f}x" if raw_ops else ""))


if __name__ == "__main__":
    main(sys.argv[1])
