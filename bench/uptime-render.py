#!/usr/bin/env python3
"""How long `/` takes to render after a change on a page of 2,000 components with uptime bars.

    bench/uptime-render.py                  builds release, then measures (~3 minutes of building)
    bench/uptime-render.py --no-build       uses $CARGO_TARGET_DIR/release/beacon as built
    bench/uptime-render.py --components 500 --changes 40

Loads a fresh SQLite database straight with SQL (as bench/dataset.py does): COMPONENTS components
in groups of 50, all showing their uptime, each created 120 days ago with 4 non-operational spans
of 10 minutes to 6 hours in the last 90 days (degraded, partial, major, maintenance) and an incident
on each of the two worst; no uptime rollups and no recorded zone, as a database from before them.
Starts `beacon serve` (release) on it, which counts every component's days at start (timed from
its log). Then, CHANGES times: sets a component's status through the write API (as an editor token;
degraded, then operational again), and right after asks for `/` as a browser does (brotli). The render after each change is
read from Beacon's own `beacon_render_duration_seconds` (the whole render: queries, counting the
days, HTML, brotli and gzip), and the request's time as the client saw it (the cache waits at most
0.5 s for a fresh render, then answers the last copy). Prints the figures beside the target:

  render of `/` after a change, 2,000 components    <= 100 ms (the median, and the worst of CHANGES)
"""
import argparse, json, os, pathlib, random, re, shutil, socket, sqlite3, statistics, subprocess, sys
import tempfile, time, urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import bench  # noqa: E402  (release_binary)

MINUTE, HOUR, DAY = 60_000, 3_600_000, 86_400_000
TARGET_MS = 100.0


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


def load(path, components, showcase=True):
    """The dataset, straight into the migrated SQLite file at `path`."""
    rng = random.Random(13)
    now = int(time.time() * 1000)
    created = now - 120 * DAY
    db = sqlite3.connect(path)
    cur = db.cursor()
    groups = (components + 49) // 50
    cur.executemany(
        "INSERT INTO component_groups (id, name, description, position, created_at, updated_at) VALUES (?, ?, NULL, ?, ?, ?)",
        [(g, f"Region {g:03}", g, created, created) for g in range(1, groups + 1)])
    history, incidents, updates, affected, incident_id, update_id = [], [], [], [], 0, 0
    for c in range(1, components + 1):
        cur.execute(
            "INSERT INTO components (id, group_id, name, description, position, status, visible, only_show_if_degraded, "
            "show_uptime, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'operational', 1, 0, ?, ?, ?)",
            (c, (c - 1) // 50 + 1, f"Service {c:04}", f"Service number {c}", c, int(showcase), created, created))
        history.append((c, None, "operational", created))
        starts = sorted(rng.sample(range(1, 89 * 24), 4))
        statuses = ["degraded_performance", "partial_outage", "major_outage", "under_maintenance"]
        rng.shuffle(statuses)
        for hour, status in zip(starts, statuses):
            begin = now - 90 * DAY + hour * HOUR
            end = begin + rng.randint(10, 360) * MINUTE
            history += [(c, "operational", status, begin), (c, status, "operational", end)]
            if status in ("partial_outage", "major_outage"):
                incident_id += 1
                incidents.append((incident_id, f"Trouble with Service {c:04}", "major", "resolved", begin, end,
                                  begin, end, end))
                for at, state in ((begin, "investigating"), (end, "resolved")):
                    update_id += 1
                    updates.append((update_id, incident_id, state, "Looking into it." if at == begin else "Resolved.",
                                    at, at, at))
                affected.append((incident_id, c))
    cur.executemany(
        "INSERT INTO component_status_history (component_id, old_status, new_status, changed_at) VALUES (?, ?, ?, ?)",
        history)
    cur.executemany(
        "INSERT INTO incidents (id, title, impact, status, started_at, resolved_at, created_at, updated_at, "
        "shown_updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", incidents)
    cur.executemany(
        "INSERT INTO incident_updates (id, incident_id, status, body, display_at, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", updates)
    cur.executemany("INSERT INTO incident_components (incident_id, component_id) VALUES (?, ?)", affected)
    # As a database from before the rollups: `beacon serve` counts them at start.
    cur.execute("DELETE FROM uptime_zone")
    db.commit()
    db.close()
    return len(history), incident_id


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as reply:
        return reply.status, reply.read()


def render_metrics(base):
    """`beacon_render_duration_seconds`' sum and count so far."""
    _, body = get(base + "/metrics")
    text = body.decode()
    total = float(re.search(r"^beacon_render_duration_seconds_sum (\S+)", text, re.M).group(1))
    count = float(re.search(r"^beacon_render_duration_seconds_count (\S+)", text, re.M).group(1))
    return total, count


def measure(beacon, components, changes, workdir, showcase=True):
    site = workdir / "site"
    (site / "pkg").mkdir(parents=True)
    with open(site / "pkg" / "beacon.css", "wb") as css:
        for part in sorted((ROOT / "style").glob("*.css")):
            css.write(part.read_bytes())
    shutil.copytree(ROOT / "public", site, dirs_exist_ok=True)
    database = f"sqlite://{workdir / 'beacon.db'}"
    subprocess.run([beacon, "migrate", "--database-url", database], check=True, capture_output=True)
    started = time.monotonic()
    rows, incidents = load(workdir / "beacon.db", components, showcase)
    print(f"loaded {components} components, {rows} status changes, {incidents} incidents "
          f"in {time.monotonic() - started:.1f} s")
    token = subprocess.run([beacon, "token", "add", "--name", "bench", "--role", "editor", "--database-url", database],
                           check=True, capture_output=True, text=True).stdout.strip()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(workdir / "beacon.log", "w")
    server = subprocess.Popen(
        [beacon, "serve", "--addr", f"127.0.0.1:{port}", "--database-url", database, "--site-root", str(site),
         "--timezone", "Europe/Berlin", "--data-dir", str(workdir / "data")],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "RUST_LOG": "info"})
    try:
        started = time.monotonic()
        while True:
            try:
                if get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() - started > 120:
                sys.exit(f"beacon did not start; see {workdir / 'beacon.log'}")
            time.sleep(0.05)
        counted = re.search(r"counted the uptime days again", (workdir / "beacon.log").read_text())
        print(f"beacon answered {time.monotonic() - started:.1f} s after it started"
              f"{' (counting every day at start)' if counted else ''}")
        browser = {"Accept-Encoding": "br, gzip"}
        _, plain = get(base + "/", {"Accept-Encoding": "identity"})
        _, compressed = get(base + "/", browser)
        bars = plain.count(b'class="d ')
        print(f"/ is {len(plain) / 1e6:.2f} MB of HTML, {len(compressed) / 1e3:.0f} KB as brotli; {bars} bars")
        renders, waits = [], []
        for i in range(changes):
            status = "degraded_performance" if i % 2 == 0 else "operational"
            body = json.dumps({"status": status}).encode()
            request = urllib.request.Request(
                f"{base}/api/v1/components/{1 + (i // 2) % components}", data=body, method="PATCH",
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            before = render_metrics(base)
            urllib.request.urlopen(request, timeout=30).read()
            asked = time.monotonic()
            get(base + "/", browser)
            waits.append((time.monotonic() - asked) * 1000)
            for _ in range(200):  # the render goes on in the background if it took over 0.5 s
                after = render_metrics(base)
                if after[1] > before[1]:
                    break
                time.sleep(0.05)
            else:
                sys.exit(f"change {i} did not make / render again")
            renders.append((after[0] - before[0]) / (after[1] - before[1]) * 1000)
            time.sleep(0.2)
        return renders, waits
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--components", type=int, default=2000)
    parser.add_argument("--changes", type=int, default=20)
    parser.add_argument("--no-build", action="store_true", help="use the release binary already built")
    parser.add_argument("--no-uptime", action="store_true", help="the same page with every component's uptime off")
    args = parser.parse_args()
    beacon = bench.release_binary(not args.no_build)
    with tempfile.TemporaryDirectory(prefix="beacon-uptime-bench-") as tmp:
        renders, waits = measure(beacon, args.components, args.changes, pathlib.Path(tmp), not args.no_uptime)
    median, worst = statistics.median(renders), max(renders)
    verdict = "PASS" if median <= TARGET_MS else "FAIL"
    worst_verdict = "PASS" if worst <= TARGET_MS else "FAIL"
    print()
    print(f"| figure | measured | target | result |")
    print(f"|---|---|---|---|")
    print(f"| render of / after a change, {args.components} components (median of {args.changes}) "
          f"| {median:.0f} ms | <= {TARGET_MS:.0f} ms | {verdict} |")
    print(f"| the same, worst of {args.changes} | {worst:.0f} ms | <= {TARGET_MS:.0f} ms | {worst_verdict} |")
    print(f"| the request right after the change, as the client saw it (median / worst) "
          f"| {statistics.median(waits):.0f} / {max(waits):.0f} ms | | |")


if __name__ == "__main__":
    main()
