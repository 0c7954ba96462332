#!/usr/bin/env python3
"""Reads while writing (issue 15, step 2): 256 connections read `/` and `/api/v2/summary.json` while
staff post an update every 100 ms; against the same load without writes, in the same run.

    bench/reads-while-writing.py --no-build            uses $CARGO_TARGET_DIR/release/beacon
    bench/reads-while-writing.py --duration 20 --incidents 100,100000
    bench/reads-while-writing.py --incidents 100 --connections 129    one past a tokio worker's queue

For each history size (bench/dataset.py: 100 and 100,000 incidents on SQLite), a release `beacon
serve` and two wrk processes (128 connections on each route, or `--connections`; gzip), first
without writes, then while a writer posts an update to the open incident through the write API
every 100 ms and, right after each, reads `/api/v2/incidents/{id}.json` as its next request (with
its token, as a client sends it on every request: the token says "show me my writes", see
`cache::wants_newest`), which must show the update. The renders during the writes are Beacon's own
`beacon_render_duration_seconds` (every route those writes made stale and the readers asked for:
`/`, the summary, the incident). Prints the figures
beside the targets:

  readers' p99 while writing        <= 1.5x their p99 without writes (each route)
  errors                            0
  writes not visible on the writer's next request   0
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the benchmark's helpers: Beacon, Wrk, ApiWriter, request, table)

ROUTES = ["/", "/api/v2/summary.json"]
CONNECTIONS = 128  # on each route: 256 in all
WRITE_EVERY_S = 0.1
P99_RATIO = 1.5


def render_metrics(port):
    """`beacon_render_duration_seconds`' sum and count so far."""
    _, _, body = bench.request(port, "GET", "/metrics")
    text = body.decode()
    total = float(re.search(r"^beacon_render_duration_seconds_sum (\S+)", text, re.M).group(1))
    count = float(re.search(r"^beacon_render_duration_seconds_count (\S+)", text, re.M).group(1))
    return total, count


def readers(wrk, port, duration, connections):
    """Both routes at once, `connections` each; their wrk reports by route."""
    out = {}
    threads = [threading.Thread(target=lambda r=r: out.__setitem__(r, wrk.run(port, r, "gzip", connections, duration)))
               for r in ROUTES]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


class Writes:
    """Posts an update every WRITE_EVERY_S until stopped; after each, the writer's next request."""

    def __init__(self, writer, port, incident):
        self.writer, self.port, self.incident = writer, port, incident
        self.posted, self.unseen, self.acks = 0, 0, []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run)

    def run(self):
        n = 0
        while not self.stopping.is_set():
            began = time.monotonic()
            text = f"bench-rww-{os.getpid()}-{n}"
            self.writer.post(self.incident, text)
            self.acks.append((time.monotonic() - began) * 1000)
            mine = {"Authorization": f"Bearer {self.writer.token}"}
            status, _, body = bench.request(self.port, "GET", f"/api/v2/incidents/{self.incident}.json",
                                            headers=mine)
            self.posted += 1
            if status != 200 or text.encode() not in body:
                self.unseen += 1
            n += 1
            self.stopping.wait(max(0.0, WRITE_EVERY_S - (time.monotonic() - began)))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join()


def measure(beacon, wrk, tmp, incidents, duration, layout, connections):
    url = f"sqlite://{tmp / f'rww-{incidents}.db'}"
    beacon.load(url, incidents)
    proc, port = beacon.serve(url, layout["server_cpus"], layout["server_threads"], f"rww-{incidents}")
    try:
        writer = bench.ApiWriter(beacon.binary, url, port)
        for route in ROUTES:  # warm the cache and the connections
            wrk.run(port, route, "gzip", connections, 2)
        quiet = readers(wrk, port, duration, connections)
        before = render_metrics(port)
        with Writes(writer, port, incidents) as writes:
            busy = readers(wrk, port, duration, connections)
        after = render_metrics(port)
        renders = after[1] - before[1]
        render_ms = (after[0] - before[0]) / renders * 1000 if renders else float("nan")
        return quiet, busy, writes, renders, render_ms
    finally:
        bench.stop(proc)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--incidents", default="100,100000", help="history sizes, comma-separated")
    parser.add_argument("--connections", type=int, default=CONNECTIONS,
                        help=f"wrk connections on each route (default {CONNECTIONS}: 256 in all, a tokio worker's queue)")
    parser.add_argument("--no-build", action="store_true", help="use the release binary already built")
    parser.add_argument("--no-pin", action="store_true", help="do not pin Beacon and wrk to separate cores")
    args = parser.parse_args()
    binary = bench.release_binary(not args.no_build)
    layout = bench.cpu_layout(not args.no_pin)
    wrk = bench.Wrk(layout["wrk_cpus"], layout["wrk_threads"], args.duration)
    rows, verdicts = [], []
    with tempfile.TemporaryDirectory(prefix="beacon-rww-") as tmp:
        beacon = bench.Beacon(binary, Path(tmp))
        for incidents in [int(n) for n in args.incidents.split(",")]:
            quiet, busy, writes, renders, render_ms = measure(beacon, wrk, Path(tmp), incidents, args.duration, layout,
                                                              args.connections)
            for route in ROUTES:
                q, b = quiet[route], busy[route]
                ratio = bench.divide(b["p99_ms"], q["p99_ms"])
                ok = ratio <= P99_RATIO and b["errors"] == 0 and q["errors"] == 0
                verdicts.append(ok)
                rows.append([f"{incidents:,} incidents, {route}", f"{q['rps']:.0f}", f"{b['rps']:.0f}",
                             bench.ms(q["p99_ms"]), bench.ms(b["p99_ms"]), f"{ratio:.2f}x",
                             f"{q['errors'] + b['errors']}", "PASS" if ok else "FAIL"])
            seen = writes.unseen == 0
            verdicts.append(seen)
            rows.append([f"{incidents:,} incidents, writes", f"{writes.posted} posted", "", "", "",
                         f"ack median {statistics.median(writes.acks):.1f} ms",
                         f"{writes.unseen} unseen", "PASS" if seen else "FAIL"])
            rows.append([f"{incidents:,} incidents, renders while writing (every route)", f"{renders:.0f}", "", "", "",
                         f"{render_ms:.1f} ms each", "", ""])
    print(f"\n== Reads while writing: {args.connections} connections on each of {', '.join(ROUTES)} for "
          f"{args.duration} s, without and then with an update every {WRITE_EVERY_S * 1000:.0f} ms")
    bench.table(["", "req/s quiet", "req/s writing", "p99 ms quiet", "p99 ms writing",
                 f"p99 ratio (<= {P99_RATIO}x)", "errors", "result"], rows)
    sys.exit(0 if all(verdicts) else 1)


if __name__ == "__main__":
    main()
