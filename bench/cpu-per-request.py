#!/usr/bin/env python3
"""The server's CPU time per request, for several builds side by side.

    bench/cpu-per-request.py OLD_BINARY NEW_BINARY [--rounds 3] [--seconds 3]

On a shared machine, requests/s move with whatever else runs; the CPU a request costs the server
moves much less. Every build is started at once on the first core (one worker thread, 100
incidents, SQLite); wrk (64 connections) runs on the other core against each in turn, route by
route, `--rounds` times alternated, and each run's CPU time of the server (user and system, from
/proc) is divided by the requests it answered. Prints the medians: requests/s and µs a request.
Release builds; a binary must sit next to the `site` folder of its target dir
(`$CARGO_TARGET_DIR/release/beacon-old` next to `$CARGO_TARGET_DIR/site` is fine).
"""

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402

ROUTES = [("/api/v2/summary.json", "gzip"), ("/", "gzip"), ("/history.atom", "identity")]


def cpu_ticks(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binaries", nargs="+", help="release beacon binaries to compare")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=3)
    args = parser.parse_args()
    layout = bench.cpu_layout(True)
    tick_us = 1e6 / os.sysconf("SC_CLK_TCK")
    with tempfile.TemporaryDirectory(prefix="beacon-cpu-") as tmp:
        tmp = Path(tmp)
        url = f"sqlite://{tmp / 'cpu.db'}"
        bench.Beacon(args.binaries[0], tmp).load(url, 100)
        servers = [bench.Beacon(b, tmp).serve(url, layout["server_cpus"], 1, f"b{i}")
                   for i, b in enumerate(args.binaries)]
        try:
            wrk = bench.Wrk(layout["wrk_cpus"], 1, args.seconds)
            runs = {(i, r): [] for i in range(len(servers)) for r in ROUTES}
            for _ in range(args.rounds):
                for route, coding in ROUTES:
                    for i, (proc, port) in enumerate(servers):
                        before = cpu_ticks(proc.pid)
                        w = wrk.run(port, route, coding, 64)
                        us = (cpu_ticks(proc.pid) - before) * tick_us / max(1, w["requests"])
                        runs[(i, (route, coding))].append((w["rps"], us))
                        bench.settle(proc)
        finally:
            for proc, _ in servers:
                bench.stop(proc)
    rows = []
    for route, coding in ROUTES:
        for i, binary in enumerate(args.binaries):
            got = runs[(i, (route, coding))]
            rows.append([f"{route} {coding}", Path(binary).name, f"{statistics.median(r for r, _ in got):,.0f}",
                         f"{statistics.median(u for _, u in got):.1f}"])
    bench.table(["route", "build", "req/s (median)", "µs of CPU a request (median)"], rows)


if __name__ == "__main__":
    main()
