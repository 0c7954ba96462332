#!/usr/bin/env python3
"""The static mirror at scale: how long `beacon export-static` takes, and how long after a write
`beacon serve --mirror-dir` has the change in its folder, as the history grows.

For each size (default 1,000, 10,000 and 100,000 incidents of 5 updates, bench/dataset.py on a
fresh SQLite file): times `beacon export-static --out DIR` from start to exit with its peak memory
(a first export into an empty folder: every file is new); then starts `beacon serve --mirror-dir
DIR2` and times its first pass; then posts an update to an open incident through the write API,
WRITES times, and from each 201 times until the incident's page in DIR2 holds the new text (polled
every 20 ms): once to an open incident (linked from `/`) and once to the oldest incident (on no page
but its history page); then reads the time of a later full pass from the server's log. Prints the
figures beside the target:

  change in the folder   within 5 s of the write   ("within seconds", issue 12)

  python3 bench/mirror.py --beacon target/release/beacon [--sizes 1000,10000,100000] [--writes 3]
"""
import argparse, json, os, pathlib, re, socket, subprocess, sys, tempfile, time, urllib.request

BENCH = pathlib.Path(__file__).resolve().parent
TARGET_S = 5.0


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


def site_root():
    """The built site (scripts/build) when there is one."""
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", BENCH.parent / "target"))
    return str(target / "site")


def timed(args):
    """Runs `args`; its wall time in seconds and its own peak RSS in MB."""
    t0 = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, env={**os.environ, "RUST_LOG": "warn"})
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"bench: {args[1]} failed ({status})")
    return time.monotonic() - t0, usage.ru_maxrss / 1024


def api(port, token, method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, json.loads(r.read() or b"null")


def run_size(beacon, incidents, writes):
    tmp = pathlib.Path(tempfile.mkdtemp(prefix=f"beacon-mirror-{incidents}-"))
    db = f"sqlite://{tmp}/beacon.db"
    subprocess.run([beacon, "migrate", "--database-url", db], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    subprocess.run([sys.executable, str(BENCH / "dataset.py"), "--incidents", str(incidents), "--database-url", db],
                   check=True, stdout=subprocess.DEVNULL)
    token = subprocess.run([beacon, "token", "add", "--name", "bench", "--role", "editor", "--database-url", db],
                           check=True, capture_output=True, text=True).stdout.strip().split()[-1]
    common = ["--database-url", db, "--site-root", site_root(), "--public-url", "https://status.example.com"]
    export_s, export_mb = timed([beacon, "export-static", "--out", str(tmp / "export"), *common])
    files = sum(1 for _ in (tmp / "export").rglob("*") if _.is_file())

    port, folder = free_port(), tmp / "mirror"
    log = open(tmp / "serve.log", "w")
    proc = subprocess.Popen([beacon, "serve", "--addr", f"127.0.0.1:{port}", "--data-dir", str(tmp / "data"),
                             "--mirror-dir", str(folder), *common], stdout=subprocess.DEVNULL, stderr=log,
                            env={**os.environ, "RUST_LOG": "info"})
    try:
        t0 = time.monotonic()
        while not (folder / ".beacon-mirror").exists():
            if proc.poll() is not None or time.monotonic() - t0 > 3600:
                raise SystemExit(f"bench: the first pass did not finish: {open(tmp / 'serve.log').read()[-2000:]}")
            time.sleep(0.05)
        first_s = time.monotonic() - t0
        time.sleep(1)
        _, unresolved = api(port, token, "GET", "/api/v2/incidents/unresolved.json")
        targets = [(unresolved["incidents"][0]["id"], "identified"), ("1", "resolved")]  # open; the oldest
        latencies = []
        for n in range(writes):
            for incident, status in targets:
                page = folder / "incidents" / incident / "index.html"
                text = f"Mirror check {n} at {time.time():.3f}"
                code, _ = api(port, token, "POST", f"/api/v1/incidents/{incident}/updates", {"status": status, "body": text})
                assert code == 201, code
                t0 = time.monotonic()
                while text not in (page.read_text() if page.exists() else ""):
                    if time.monotonic() - t0 > 3600:
                        raise SystemExit("bench: the change never reached the folder")
                    time.sleep(0.02)
                latencies.append(time.monotonic() - t0)
                time.sleep(1)
        # The full passes after the writes (they go on after the front is written).
        time.sleep(2)
        deadline = time.monotonic() + 3600
        passes = []
        while time.monotonic() < deadline:
            passes = [int(m.group(1)) for m in re.finditer(r"the static mirror is current.* ms=(\d+)", (tmp / "serve.log").read_text())]
            if len(passes) >= 2:
                break
            time.sleep(0.5)
        return {"export_s": export_s, "export_mb": export_mb, "files": files, "first_s": first_s,
                "latencies": latencies, "later_pass_s": passes[-1] / 1000 if len(passes) >= 2 else None}
    finally:
        proc.terminate(); proc.wait(); log.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--beacon", default="target/release/beacon")
    p.add_argument("--sizes", default="1000,10000,100000")
    p.add_argument("--writes", type=int, default=3)
    a = p.parse_args()
    print(f"| incidents | files | export-static s | export peak MB | serve's first pass s | a later full pass s "
          f"| write → file s (open incident, oldest incident, ×writes) | target ≤ {TARGET_S:.0f} s |")
    print("|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in a.sizes.split(",")):
        r = run_size(a.beacon, size, a.writes)
        worst = max(r["latencies"])
        later = f"{r['later_pass_s']:.1f}" if r["later_pass_s"] is not None else "-"
        print(f"| {size:,} | {r['files']:,} | {r['export_s']:.1f} | {r['export_mb']:.0f} | {r['first_s']:.1f} | {later} "
              f"| {', '.join(f'{x:.2f}' for x in r['latencies'])} | {'met' if worst <= TARGET_S else 'NOT met'} |",
              flush=True)


if __name__ == "__main__":
    main()
