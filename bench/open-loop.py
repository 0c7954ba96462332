#!/usr/bin/env python3
"""Open-loop latency (issue 15, step 4): `/` at a fixed request rate, beside nginx at the same rate.

    bench/open-loop.py --no-build           uses $CARGO_TARGET_DIR/release/beacon
    bench/open-loop.py --duration 20

wrk keeps a fixed number of requests in flight and sends the next only when one is answered (a
closed loop): a server that stalls is sent less, and the stall hides from the percentiles. Here
`oha` sends at a fixed rate whatever the answers do, and counts each request's latency from when
it was due to be sent (`--latency-correction`), so that queueing shows.

Loads 100 incidents (bench/dataset.py, SQLite), starts a release `beacon serve` pinned to the first
core and nginx serving Beacon's exact bytes and headers on the same core (bench.py's reference),
with the client on the other core. First the most each answers `/` (gzip, wrk, 64 connections);
then, at 50 % and 90 % of Beacon's most, oha against Beacon and against nginx at the same rate (64
connections, gzip): requests/s achieved, p50, p99 and p99.9, errors. Prints them side by side:

  errors                              0 (each rate, both servers)
  p99 at 50 % and 90 % of the most    reported beside nginx's at the same rate

oha is installed with `cargo install` when missing (once, a few minutes).
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (Beacon, Nginx, Wrk, the layout and table helpers)

ROUTE = "/"
CONNECTIONS = 64
RATES = (0.5, 0.9)


def open_loop(oha, cpus, port, rate, duration):
    """oha at `rate` requests/s for `duration` s, `CONNECTIONS` kept alive; its figures."""
    return bench.oha(oha, cpus, ["-z", f"{duration}s", "-c", str(CONNECTIONS), "-q", str(rate),
                                 "-H", "Accept-Encoding: gzip"], f"http://127.0.0.1:{port}{ROUTE}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of each run")
    parser.add_argument("--no-build", action="store_true", help="use the release binary already built")
    parser.add_argument("--no-pin", action="store_true", help="do not pin the servers and the client apart")
    args = parser.parse_args()
    binary = bench.release_binary(not args.no_build)
    oha = bench.oha_binary()
    layout = bench.cpu_layout(not args.no_pin)
    wrk = bench.Wrk(layout["wrk_cpus"], layout["wrk_threads"], args.duration)
    with tempfile.TemporaryDirectory(prefix="beacon-open-loop-") as tmp:
        tmp = Path(tmp)
        beacon = bench.Beacon(binary, tmp)
        url = f"sqlite://{tmp / 'open-loop.db'}"
        beacon.load(url, 100)
        proc, port = beacon.serve(url, layout["server_cpus"], layout["server_threads"], "open-loop")
        nginx = bench.Nginx(tmp / "nginx")
        nginx.mirror(port)
        nginx_proc, nginx_port = nginx.start(layout["server_cpus"], layout["server_threads"])
        try:
            bench.same_bytes(port, nginx_port)
            servers = {"beacon": (proc, port), "nginx": (nginx_proc, nginx_port)}
            most = {}
            for name, (p, server_port) in servers.items():
                wrk.run(server_port, ROUTE, "gzip", CONNECTIONS, 2)  # warm up
                bench.settle(p)
                most[name] = wrk.run(server_port, ROUTE, "gzip", CONNECTIONS)["rps"]
                bench.settle(p)
            rows, errors = [], 0
            for share in RATES:
                rate = int(most["beacon"] * share)
                figures = {}
                for name, (p, server_port) in servers.items():
                    figures[name] = open_loop(oha, layout["wrk_cpus"], server_port, rate, args.duration)
                    bench.settle(p)
                b, n = figures["beacon"], figures["nginx"]
                errors += b["errors"] + n["errors"]
                rows.append([f"{share:.0%} of Beacon's most", f"{rate:,}", f"{b['rps']:,.0f} / {n['rps']:,.0f}",
                             f"{b['p50']:.2f} / {n['p50']:.2f}", f"{b['p99']:.2f} / {n['p99']:.2f}",
                             f"{b['p99.9']:.2f} / {n['p99.9']:.2f}", f"{b['errors']} / {n['errors']}"])
        finally:
            bench.stop(nginx_proc)
            bench.stop(proc)
    print(f"\n== Open loop: {ROUTE} (gzip), {CONNECTIONS} connections, {args.duration} s per run, oha with latency "
          f"correction. The most (wrk, closed loop): Beacon {most['beacon']:,.0f} req/s, nginx "
          f"{most['nginx']:,.0f} req/s. Each cell: Beacon / nginx at the same rate; latencies in ms.")
    bench.table(["rate", "asked req/s", "achieved req/s", "p50", "p99", "p99.9", "errors"], rows)
    print(f"errors: {errors} (target 0): {'PASS' if errors == 0 else 'FAIL'}")
    sys.exit(0 if errors == 0 else 1)


if __name__ == "__main__":
    main()
