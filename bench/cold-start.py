#!/usr/bin/env python3
"""Cold start at scale (issue 15, step 3): from process start to the first `200` on `/`.

    python3 bench/cold-start.py --beacon target/release/beacon [--incidents 100000] [--runs 3]

For SQLite and for PostgreSQL (127.0.0.1:5432, user postgres): a fresh database with INCIDENTS
incidents (bench/dataset.py), started once by `beacon serve` (its first start counts the uptime
days, a one-time cost after an upgrade or an import; timed and shown apart), then stopped and
started again RUNS times: each restart is timed from the moment the process is spawned to the first
`200` on `/` (polled every 5 ms with a fresh connection). Then, for PostgreSQL, the same with the
database unreachable (a closed port) and the snapshot the earlier runs left in the data folder
(`--data-dir`): the first `200` must be the snapshot's copy, marked `X-Beacon-Stale: 1`. (A SQLite
file is on the same machine: there is no network to lose.) The target is absolute:

  restart to first 200 on /, 100,000 incidents     <= 1 s   (SQLite, PostgreSQL, unreachable + snapshot)
"""
import argparse, os, pathlib, shutil, signal, socket, statistics, subprocess, sys, tempfile, time
import http.client

BENCH = pathlib.Path(__file__).resolve().parent
TARGET_S = 1.0
PG = "postgres://postgres@127.0.0.1:5432"


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


def first_ok(port, proc, limit=60.0):
    """Waits until `/` answers 200, polling every 5 ms; whether it was marked stale."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if proc.poll() is not None:
            raise SystemExit(f"bench: beacon exited with {proc.returncode} before answering")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/")
            reply = conn.getresponse()
            reply.read()
            conn.close()
            if reply.status == 200:
                return reply.getheader("X-Beacon-Stale") == "1"
        except OSError:
            pass
        time.sleep(0.005)
    raise SystemExit("bench: no 200 on / within a minute")


def serve(beacon, database, data_dir, site):
    """Spawns `beacon serve`, times its first 200 on `/`, stops it (SIGTERM: it writes its snapshot)."""
    port = free_port()
    args = [beacon, "serve", "--addr", f"127.0.0.1:{port}", "--database-url", database, "--data-dir", str(data_dir),
            "--site-root", site]
    spawned = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "RUST_LOG": "warn"})
    try:
        stale = first_ok(port, proc)
        return time.monotonic() - spawned, stale
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


def prepare(beacon, database, incidents):
    subprocess.run([beacon, "migrate", "--database-url", database], check=True, capture_output=True)
    subprocess.run([sys.executable, str(BENCH / "dataset.py"), "--incidents", str(incidents), "--database-url", database],
                   check=True, capture_output=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--beacon", default="target/release/beacon")
    p.add_argument("--incidents", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    beacon = str(pathlib.Path(a.beacon).resolve())
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", BENCH.parent / "target"))
    site = str(target / "site")
    work = pathlib.Path(tempfile.mkdtemp(prefix="beacon-cold-"))
    name = f"beacon_cold_{os.getpid()}"
    engines = [("SQLite", f"sqlite://{work / 'beacon.db'}", None),
               ("PostgreSQL", f"{PG}/{name}", f"postgres://postgres@127.0.0.1:{free_port()}/{name}")]
    rows = []
    try:
        subprocess.run(["psql", f"{PG}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        for engine, database, unreachable in engines:
            data_dir = work / f"data-{engine}"
            t0 = time.monotonic()
            prepare(beacon, database, a.incidents)
            print(f"{engine}: {a.incidents:,} incidents loaded in {time.monotonic() - t0:.0f} s", flush=True)
            first, _ = serve(beacon, database, data_dir, site)
            restarts = [serve(beacon, database, data_dir, site)[0] for _ in range(a.runs)]
            # The database out of reach: the snapshot the runs above left answers, marked stale.
            offline = []
            for _ in range(a.runs if unreachable else 0):
                seconds, stale = serve(beacon, unreachable, data_dir, site)
                if not stale:
                    raise SystemExit("bench: the unreachable database's answer was not the stale snapshot")
                offline.append(seconds)
            rows.append((engine, first, restarts, offline))
    finally:
        subprocess.run(["psql", f"{PG}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                       capture_output=True)
        shutil.rmtree(work, ignore_errors=True)

    print()
    print(f"| engine ({a.incidents:,} incidents) | first start after loading (counts the uptime days) | "
          f"restart → first 200 on / (median, max of {a.runs}) | database unreachable, from the snapshot (median, max) | target |")
    print("|---|---|---|---|---|")
    for engine, first, restarts, offline in rows:
        met = max(restarts + offline) <= TARGET_S
        away = f"{statistics.median(offline):.2f} s, {max(offline):.2f} s" if offline else "(not measured: a local file)"
        print(f"| {engine} | {first:.2f} s | {statistics.median(restarts):.2f} s, {max(restarts):.2f} s | "
              f"{away} | <= {TARGET_S:.0f} s: {'met' if met else 'NOT met'} |")


if __name__ == "__main__":
    main()
