#!/usr/bin/env python3
"""Beacon's benchmark (issue 5). Run it through bench/run, which installs the tools and builds.

Steps, each printed as a table with its target and PASS/FAIL:
  1. throughput and latency of /, /history.atom and /api/v2/summary.json with wrk at 64 and 256
     connections, identity and gzip, against Beacon and against nginx serving the same bytes as
     static files, alternating in the same run;
  2. the same at a small and at a large history (100 and 100,000 incidents), and their ratio;
  3. Beacon's peak RSS during a run with 1,000 connections;
  4. write-to-visible: an update posted on instance A of two on one PostgreSQL, polled on B;
  5. the weight of / as Chromium loads it, by resource type.
See docs/BENCHMARKS.md for the method and its caveats.
"""

import argparse
import atexit
import http.client
import json
import os
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
ROUTES = ["/", "/history.atom", "/api/v2/summary.json"]
ENCODINGS = {"identity": None, "gzip": "gzip"}  # name -> Accept-Encoding sent (wrk sends none by default)
TIMEOUT_S = 5  # wrk counts a request without an answer after this long as an error
POSTGRES = os.environ.get("BEACON_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")

# Targets (issue 5).
NGINX_RATIO = 0.9  # Beacon's requests/s >= 0.9x nginx's
P99_MS = 5.0  # at 256 connections
SCALE_RATIO = 1.2  # small vs large history
RSS_MB = 64.0
VISIBLE_MS = 1000.0
SCRIPT_KB = 5
WEIGHT_KB = 30.0


def log(*args):
    print(*args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Processes: everything started here is killed on exit, whatever ends the run.

CHILDREN = []


def spawn(args, cpus=None, env=None, log_path=None):
    """Starts a background process in its own process group, pinned to `cpus` when given."""
    if cpus:
        args = ["taskset", "-c", cpus, *args]
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL
    proc = subprocess.Popen(args, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    CHILDREN.append(proc)
    return proc


def stop(proc):
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    if proc in CHILDREN:
        CHILDREN.remove(proc)


def stop_all():
    for proc in list(CHILDREN):
        stop(proc)


def on_signal(signum, _frame):
    sys.exit(128 + signum)  # runs the atexit handlers and `finally` blocks


signal.signal(signal.SIGTERM, on_signal)
signal.signal(signal.SIGINT, on_signal)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, headers=None, timeout=30):
    """One HTTP/1.1 exchange; returns (status, headers as a lowercase dict, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        hdrs = {}
        for k, v in resp.getheaders():
            hdrs.setdefault(k.lower(), []).append(v)
        return resp.status, hdrs, data
    finally:
        conn.close()


def wait_until_up(port, proc, what, log_path, seconds=30):
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            last = request(port, "GET", "/", timeout=2)[0]
            if last == 200:
                return
        except OSError as e:
            last = e
        time.sleep(0.1)
    tail = log_path.read_text(errors="replace")[-2000:] if log_path.exists() else ""
    state = f"exited with {proc.returncode}" if proc.poll() is not None else f"did not answer 200 within {seconds} s"
    raise SystemExit(f"bench: {what} {state} (last: {last})\n{tail}")


def settle(proc, seconds=30):
    """Waits until a server has finished what is still queued (an overloaded server keeps working
    after wrk has stopped), so that it does not steal the next run's core: until it uses less than
    ~4% of a core over a quarter of a second."""
    stat = Path(f"/proc/{proc.pid}/stat")

    def cpu_ticks():
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime, every thread

    deadline = time.monotonic() + seconds
    before = cpu_ticks()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = cpu_ticks()
        if now - before <= 1:
            return
        before = now


def run(args, **kw):
    return subprocess.run(args, check=True, text=True, **kw)


# ---------------------------------------------------------------------------------------------
# Beacon and its data


class Beacon:
    def __init__(self, binary, tmp):
        self.binary, self.tmp = binary, tmp

    def migrate(self, url):
        run([self.binary, "migrate", "--database-url", url], stdout=subprocess.DEVNULL,
            env={**os.environ, "RUST_LOG": "warn"})

    def load(self, url, incidents):
        self.migrate(url)
        t0 = time.monotonic()
        run([sys.executable, str(BENCH / "dataset.py"), "--incidents", str(incidents), "--database-url", url])
        return time.monotonic() - t0

    def serve(self, url, cpus, threads, name):
        port = free_port()
        env = {"RUST_LOG": "warn"}
        if threads:
            env["TOKIO_WORKER_THREADS"] = str(threads)  # tokio's multi-thread runtime reads it
        log_path = self.tmp / f"{name}.log"
        proc = spawn([self.binary, "serve", "--addr", f"127.0.0.1:{port}", "--database-url", url],
                     cpus=cpus, env=env, log_path=log_path)
        wait_until_up(port, proc, f"beacon ({name})", log_path)
        return proc, port


def release_binary(build):
    """`$CARGO_TARGET_DIR/release/beacon` (default `target/`), built first when `build`; a missing
    one ends the run with one line saying what to do."""
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    if build:
        subprocess.run(["cargo", "build", "--locked", "--release", "-p", "server"], cwd=ROOT, check=True)
    binary = str(target / "release" / "beacon")
    if not os.access(binary, os.X_OK):
        sys.exit(f"no {binary}: build it (cargo build --release -p server) or leave out --no-build")
    return binary


def check(condition, message):
    if not condition:
        raise SystemExit(f"bench: {message}")


def check_pages(port, incidents):
    """The loaded data renders: /, /history and /api/v2/incidents.json answer 200 with it."""
    status, _, body = request(port, "GET", "/")
    check(status == 200 and b"Delays in Webhooks" in body, f"/ answered {status} without the open incident")
    status, _, body = request(port, "GET", "/history")
    check(status == 200 and b"Delays in Webhooks" in body, f"/history answered {status} without the newest incident")
    status, _, body = request(port, "GET", "/api/v2/incidents.json")
    listed = json.loads(body)["incidents"] if status == 200 else []
    check(len(listed) == min(50, incidents), f"/api/v2/incidents.json answered {status} with {len(listed)} incidents")
    check(all(len(i["incident_updates"]) == 5 for i in listed), "/api/v2/incidents.json: an incident without 5 updates")


# ---------------------------------------------------------------------------------------------
# nginx serving Beacon's bytes

SKIP_HEADERS = {"date", "content-length", "connection", "keep-alive", "transfer-encoding", "server",
                "content-type"}


def file_name(route):
    return "index" if route == "/" else route.strip("/").replace("/", "_")


def nginx_quote(value):
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Nginx:
    """nginx as an unprivileged process (config, pid, logs and temp files under `dir`), serving
    for each route and encoding the exact bytes and headers Beacon answered with."""

    def __init__(self, dir):
        self.dir = dir
        self.root = dir / "root"
        self.locations = []

    def mirror(self, beacon_port):
        for route in ROUTES:
            name = file_name(route)
            entry = f"location = {route} {{ rewrite ^ /$variant/{name} last; }}"
            self.locations.append(entry)
            for variant, accept in ENCODINGS.items():
                headers = {"Accept-Encoding": accept} if accept else {}
                status, hdrs, body = request(beacon_port, "GET", route, headers=headers)
                check(status == 200, f"{route} answered {status}")
                (self.root / variant).mkdir(parents=True, exist_ok=True)
                (self.root / variant / name).write_bytes(body)
                lines = [f"internal; default_type {nginx_quote(hdrs['content-type'][0])};"]
                for key, values in hdrs.items():
                    if key not in SKIP_HEADERS:
                        lines += [f"add_header {key} {nginx_quote(v)} always;" for v in values]
                self.locations.append(f"location = /{variant}/{name} {{ {' '.join(lines)} }}")

    def start(self, cpus, workers):
        port = free_port()
        for d in ("tmp", "logs"):
            (self.dir / d).mkdir(exist_ok=True)
        temp_paths = "".join(f"    {kind}_temp_path {self.dir / 'tmp' / kind};\n"
                             for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        locations = "".join(f"        {loc}\n" for loc in self.locations)
        conf = f"""# generated by bench/bench.py
worker_processes {workers};
daemon off;
pid {self.dir / 'nginx.pid'};
error_log {self.dir / 'logs' / 'error.log'} warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    etag off;
    types {{ }}
{temp_paths}    map $http_accept_encoding $variant {{ default identity; ~*gzip gzip; }}
    server {{
        listen 127.0.0.1:{port};
        root {self.root};
{locations}    }}
}}
"""
        (self.dir / "nginx.conf").write_text(conf)
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        command = [binary]
        if os.getuid() == 0:
            # As root, nginx's master would stay root; run all of it as nobody instead.
            os.chmod(self.dir.parent, 0o755)  # the temp dir, so that nobody can reach its own folder
            for path in [self.dir, *self.dir.rglob("*")]:
                os.chown(path, 65534, 65534)
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", binary]
        proc = spawn([*command, "-e", str(self.dir / "logs" / "error.log"), "-p", str(self.dir), "-c",
                      str(self.dir / "nginx.conf")], cpus=cpus, log_path=self.dir / "logs" / "stdout.log")
        wait_until_up(port, proc, "nginx", self.dir / "logs" / "error.log")
        return proc, port


def same_bytes(beacon_port, nginx_port):
    """nginx answers every route and encoding with exactly Beacon's body."""
    for route in ROUTES:
        for accept in ENCODINGS.values():
            h = {"Accept-Encoding": accept} if accept else {}
            a, b = request(beacon_port, "GET", route, headers=h), request(nginx_port, "GET", route, headers=h)
            check(a[2] == b[2], f"nginx's {route} ({accept}) differs from Beacon's")


# ---------------------------------------------------------------------------------------------
# wrk


class Wrk:
    def __init__(self, cpus, threads, duration):
        self.cpus, self.threads, self.duration = cpus, threads, duration

    def run(self, port, route, encoding, connections, duration=None):
        args = ["wrk", "-t", str(min(self.threads, connections)), "-c", str(connections),
                "-d", f"{duration or self.duration}s", "--timeout", f"{TIMEOUT_S}s", "-s", str(BENCH / "wrk-report.lua")]
        if ENCODINGS[encoding]:
            args += ["-H", f"Accept-Encoding: {ENCODINGS[encoding]}"]
        args.append(f"http://127.0.0.1:{port}{route}")
        if self.cpus:
            args = ["taskset", "-c", self.cpus, *args]
        out = run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout
        line = next((l for l in out.splitlines() if l.startswith("BENCH-JSON ")), None)
        if line is None:
            raise SystemExit(f"bench: wrk printed no report:\n{out}")
        r = json.loads(line.removeprefix("BENCH-JSON "))
        r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
        r["errors"] = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
        if r["requests"] == 0:  # not one answer in the whole run: every connection waited in vain
            r["errors"] = max(r["errors"], connections)
        # wrk's percentiles cover only the requests that completed: with many timed out, they
        # would flatter the server, so they are reported as "over the timeout" instead.
        lost = r["timeout"] / max(1, r["requests"] + r["timeout"])
        r["p99_ms"] = float("inf") if r["requests"] == 0 or lost >= 0.01 else r["p99_us"] / 1000
        r["p50_ms"] = float("inf") if r["requests"] == 0 or lost >= 0.5 else r["p50_us"] / 1000
        return r


# ---------------------------------------------------------------------------------------------
# oha: an open-loop client (requests at a fixed rate, each timed from when it was due)

OHA_VERSION = "1.10.0"


def oha_binary():
    """oha on PATH or in cargo's bin folder, installed there first when missing (once)."""
    cargo_bin = str(Path.home() / ".cargo" / "bin" / "oha")
    found = shutil.which("oha") or shutil.which(cargo_bin)
    if found:
        return found
    log(f"bench: installing oha {OHA_VERSION} (cargo install, once; a few minutes)")
    subprocess.run(["cargo", "install", "oha", "--version", OHA_VERSION, "--locked"], check=True)
    return shutil.which(cargo_bin) or sys.exit("bench: oha did not install")


def oha(binary, cpus, args, url):
    """One oha run (`args`: its load options) with latency correction; its figures: requests/s,
    p50, p99 and p99.9 in ms, errors (statuses other than 200, failed requests)."""
    command = [binary, "--no-tui", "--output-format", "json", "--latency-correction", *args, url]
    if cpus:
        command = ["taskset", "-c", cpus, *command]
    report = json.loads(run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout)
    percentiles = report["latencyPercentiles"]
    codes = report.get("statusCodeDistribution", {})
    # Requests still in flight when a timed run's time is up are cut by oha itself, not failed.
    failed = {kind: n for kind, n in report.get("errorDistribution", {}).items() if kind != "aborted due to deadline"}
    return {
        "rps": report["summary"]["requestsPerSec"],
        "p50": percentiles["p50"] * 1000,
        "p99": percentiles["p99"] * 1000,
        "p99.9": percentiles["p99.9"] * 1000,
        "errors": sum(failed.values()) + sum(n for code, n in codes.items() if code != "200"),
        "failures": sorted(failed) + sorted(code for code in codes if code != "200"),
    }


# ---------------------------------------------------------------------------------------------
# Results


class Report:
    def __init__(self):
        self.rows = []  # (figure, measured, target, ok or None)

    def add(self, figure, measured, target, ok):
        self.rows.append((figure, measured, target, ok))

    def failed(self):
        return [r for r in self.rows if r[3] is False]

    def print(self):
        table(["figure", "measured", "target", "result"],
              [(f, m, t, "-" if ok is None else ("PASS" if ok else "FAIL")) for f, m, t, ok in self.rows])


def divide(a, b):
    return a / b if b else float("inf")


def ms(value):
    return f"> {TIMEOUT_S * 1000}" if value == float("inf") else f"{value:.2f}"


def table(header, rows):
    rows = [[str(c) for c in r] for r in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))
    print(flush=True)


def throughput(args, beacon, wrk, tmp, layout, sizes, report):
    """Steps 1 and 2. One Beacon per history size, all up at once, and nginx; for every route,
    encoding and connection count, wrk runs against each of them back to back, so that all see
    the same state of a machine that others may be using too. Returns {label: (incidents, proc,
    port)} of the Beacons, still running."""
    servers = {}
    for label, incidents in sizes:
        url = f"sqlite://{tmp / f'beacon-{incidents}.db'}"
        took = beacon.load(url, incidents)
        log(f"bench: {incidents} incidents loaded in {took:.1f} s")
        proc, port = beacon.serve(url, layout["server_cpus"], layout["server_threads"], f"beacon-{incidents}")
        check_pages(port, incidents)
        servers[label] = (incidents, proc, port)
    # nginx serves the small history's bytes; the large one's differ only in a few ids.
    nginx = Nginx(tmp / "nginx")
    nginx.mirror(servers["small"][2])
    nginx_proc, nginx_port = nginx.start(layout["server_cpus"], layout["server_threads"])
    same_bytes(servers["small"][2], nginx_port)
    targets = {label: (proc, port) for label, (_, proc, port) in servers.items()} | {"nginx": (nginx_proc, nginx_port)}
    for route in ROUTES:  # warm up: SQLite's page cache, nginx's open files
        for proc, port in targets.values():
            wrk.run(port, route, "identity", 64, duration=args.warmup)
            settle(proc)
    results = {}  # (label, route, encoding, conns) -> wrk's figures
    for route in ROUTES:
        for encoding in ENCODINGS:
            for conns in args.connections:
                for label, (proc, port) in targets.items():
                    results[(label, route, encoding, conns)] = wrk.run(port, route, encoding, conns)
                    settle(proc)
    stop(nginx_proc)

    for label, (incidents, _, _) in servers.items():
        rows = []
        for route in ROUTES:
            ratios, p99s, errors = [], [], 0
            for encoding in ENCODINGS:
                size = (nginx.root / encoding / file_name(route)).stat().st_size
                for conns in args.connections:
                    b, n = results[(label, route, encoding, conns)], results[("nginx", route, encoding, conns)]
                    ratio = divide(b["rps"], n["rps"])
                    ok = ratio >= NGINX_RATIO and b["errors"] == 0 and (conns != 256 or b["p99_ms"] <= P99_MS)
                    rows.append([route, encoding, size, conns, f"{b['rps']:.0f}", f"{n['rps']:.0f}", f"{ratio:.2f}",
                                 ms(b["p50_ms"]), ms(b["p99_ms"]), ms(n["p99_ms"]), b["errors"],
                                 n["errors"], "PASS" if ok else "FAIL"])
                    ratios.append((ratio, f"{encoding} c={conns}"))
                    if conns == 256:
                        p99s.append((b["p99_ms"], encoding))
                    errors += b["errors"]
            worst = min(ratios)
            report.add(f"{route} req/s vs nginx ({incidents} incidents)", f"{worst[0]:.2f}x ({worst[1]})",
                       f">= {NGINX_RATIO}x", worst[0] >= NGINX_RATIO)
            if p99s:
                p99 = max(p99s)
                report.add(f"{route} p99 at 256 conns ({incidents} incidents)", f"{ms(p99[0])} ms ({p99[1]})",
                           f"<= {P99_MS:g} ms", p99[0] <= P99_MS)
            report.add(f"{route} errors ({incidents} incidents)", str(errors), "0", errors == 0)
        print(f"== Throughput and latency: Beacon with {incidents} incidents vs nginx, {args.duration} s per run "
              f"(ratio = Beacon / nginx req/s; target >= {NGINX_RATIO}, p99 <= {P99_MS:g} ms at 256, 0 errors)")
        table(["route", "enc", "bytes", "conns", "beacon r/s", "nginx r/s", "ratio", "b p50 ms", "b p99 ms",
               "n p99 ms", "b err", "n err", "result"], rows)

    if "large" in servers:
        small_n, large_n = servers["small"][0], servers["large"][0]
        rows = []
        for route in ROUTES:
            worst = (1.0, "")
            for encoding in ENCODINGS:
                for conns in args.connections:
                    s_, l_ = results[("small", route, encoding, conns)], results[("large", route, encoding, conns)]
                    ratio = divide(s_["rps"], l_["rps"])
                    spread = max(ratio, divide(1, ratio))
                    rows.append([route, encoding, conns, f"{s_['rps']:.0f}", f"{l_['rps']:.0f}", f"{ratio:.2f}",
                                 ms(s_["p99_ms"]), ms(l_["p99_ms"]),
                                 "PASS" if spread <= SCALE_RATIO else "FAIL"])
                    if spread > max(worst[0], divide(1, worst[0])):
                        worst = (ratio, f"{encoding} c={conns}")
            report.add(f"{route} req/s, {small_n} vs {large_n} incidents", f"{worst[0]:.2f}x ({worst[1] or 'all'})",
                       f"within {SCALE_RATIO}x", max(worst[0], divide(1, worst[0])) <= SCALE_RATIO)
        print(f"== Scale: {small_n} vs {large_n} incidents (ratio = req/s at {small_n} / req/s at {large_n}; "
              f"target within {SCALE_RATIO}x either way)")
        table(["route", "enc", "conns", f"r/s {small_n}", f"r/s {large_n}", "ratio", f"p99 ms {small_n}",
               f"p99 ms {large_n}", "result"], rows)
    return servers


def peak_rss(args, wrk, proc, port, incidents, report):
    """Step 3: VmHWM of the server, reset before and read after a run with 1,000 connections."""
    status = Path(f"/proc/{proc.pid}/status")
    try:
        Path(f"/proc/{proc.pid}/clear_refs").write_text("5")  # resets VmHWM to the current RSS
        reset = True
    except OSError:
        reset = False  # then VmHWM covers the whole life of the process: a stricter figure
    r = wrk.run(port, "/", "identity", 1000, duration=args.rss_duration)
    settle(proc)  # the peak may come while the backlog is worked off
    fields = dict(l.split(":", 1) for l in status.read_text().splitlines() if ":" in l)
    hwm_mb = int(fields["VmHWM"].split()[0]) / 1024
    rss_mb = int(fields["VmRSS"].split()[0]) / 1024
    print(f"== Peak RSS of Beacon with {incidents} incidents: {args.rss_duration} s of / with 1000 connections (peak {'since the reset' if reset else 'over the life of the process'})")
    table(["VmHWM MB", "VmRSS after MB", "req/s", "p99 ms", "errors"],
          [[f"{hwm_mb:.1f}", f"{rss_mb:.1f}", f"{r['rps']:.0f}", ms(r["p99_ms"]), r["errors"]]])
    report.add(f"peak RSS, 1000 connections ({incidents} incidents)", f"{hwm_mb:.1f} MB", f"<= {RSS_MB:g} MB",
               hwm_mb <= RSS_MB)
    report.add(f"errors, 1000 connections ({incidents} incidents)", str(r["errors"]), "0", r["errors"] == 0)


# ---------------------------------------------------------------------------------------------
# Step 4: write-to-visible on two instances


def supports_tokens(binary):
    return subprocess.run([binary, "token", "--help"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


class ApiWriter:
    """The write API v1: POST /api/v1/incidents/{id}/updates with a Bearer token."""

    name = "write API v1 (Bearer token)"

    def __init__(self, binary, url, port):
        self.port = port
        self.token = run([binary, "token", "add", "--name", "bench", "--role", "editor", "--database-url", url],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.strip()

    def post(self, incident_id, text):
        body = json.dumps({"status": "identified", "body": text})
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                   "Accept": "application/json"}
        status, _, data = request(self.port, "POST", f"/api/v1/incidents/{incident_id}/updates", body, headers)
        if status >= 300:
            raise RuntimeError(f"the write API answered {status}: {data[:300]!r}")


class ConsoleWriter:
    """The console: sign in with a form post, then call the post_update server function."""

    name = "console server function (session)"
    PASSWORD = "bench password 123"

    def __init__(self, binary, url, port):
        self.url, self.port = url, port
        self.origin = f"http://127.0.0.1:{port}"
        run([binary, "user", "add", "--email", "bench@example.com", "--role", "admin", "--password-stdin",
             "--database-url", url], input=self.PASSWORD + "\n", stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        form = f"email=bench%40example.com&password={self.PASSWORD.replace(' ', '+')}"
        status, hdrs, _ = request(port, "POST", "/admin/login", form, self.headers())
        cookies = [c.split(";")[0] for c in hdrs.get("set-cookie", []) if c.startswith("beacon_session=")]
        if status >= 400 or not cookies or "error=" in hdrs.get("location", [""])[0]:
            raise SystemExit(f"bench: signing in to the console failed ({status})")
        self.cookie = cookies[-1]

    def headers(self):
        h = {"Origin": self.origin, "Host": f"127.0.0.1:{self.port}",
             "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        if getattr(self, "cookie", None):
            h["Cookie"] = self.cookie
        return h

    def post(self, incident_id, text):
        # The console sends the version it read; the bench reads it from the database.
        version = run(["psql", "-X", "-Atq", self.url, "-c", f"SELECT version FROM incidents WHERE id = {incident_id}"],
                      stdout=subprocess.PIPE).stdout.strip()
        form = urllib.parse.urlencode({"incident_id": incident_id, "version": version, "status": "identified",
                                       "message": text})
        status, _, data = request(self.port, "POST", "/admin/fn/post_update", form, self.headers())
        if status >= 400:
            raise RuntimeError(f"post_update answered {status}: {data[:300]!r}")


def write_to_visible(args, beacon, layout, report):
    if shutil.which("psql") is None or subprocess.run(
            ["psql", "-X", "-Atq", f"{POSTGRES}/postgres", "-c", "SELECT 1"], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL).returncode != 0:
        print(f"== Write-to-visible: skipped, no PostgreSQL at {POSTGRES}\n")
        report.add("write-to-visible", "skipped (no PostgreSQL)", f"<= {VISIBLE_MS:g} ms", None)
        return
    name = f"beacon_bench_{os.getpid()}"
    admin = f"{POSTGRES}/postgres"
    url = f"{POSTGRES}/{name}"
    run(["psql", "-X", "-q", admin, "-c", f"CREATE DATABASE {name}"], stdout=subprocess.DEVNULL)
    a = b = None
    try:
        beacon.load(url, args.small)
        a, port_a = beacon.serve(url, layout["server_cpus"], layout["server_threads"], "instance-a")
        b, port_b = beacon.serve(url, layout["server_cpus"], layout["server_threads"], "instance-b")
        writer = None
        if supports_tokens(beacon.binary):
            try:
                writer = ApiWriter(beacon.binary, url, port_a)
                writer.post(args.small, "bench: checking the write API")
            except (subprocess.CalledProcessError, RuntimeError) as e:
                log(f"bench: the write API did not take the update ({e}); using the console instead")
                writer = None
        writer = writer or ConsoleWriter(beacon.binary, url, port_a)
        incident = args.small  # the newest incident: open, on Webhooks
        visible, writes = [], []
        for trial in range(args.trials):
            text = f"bench-write-{trial}-{secrets.token_hex(4)}"
            t0 = time.monotonic()
            writer.post(incident, text)
            t1 = time.monotonic()
            while True:
                status, _, body = request(port_b, "GET", "/api/v2/summary.json")
                if status == 200 and text.encode() in body:
                    break
                if time.monotonic() - t1 > 30:
                    raise SystemExit("bench: instance B did not show the update within 30 s")
                time.sleep(0.01)
            t2 = time.monotonic()
            writes.append((t1 - t0) * 1000)
            visible.append((t2 - t1) * 1000)
            time.sleep(0.2)
        print(f"== Write-to-visible: {args.trials} updates on instance A via the {writer.name}, "
              f"polling B's /api/v2/summary.json every 10 ms")
        table(["", "median ms", "max ms"],
              [["write acknowledged by A", f"{statistics.median(writes):.1f}", f"{max(writes):.1f}"],
               ["then visible on B", f"{statistics.median(visible):.1f}", f"{max(visible):.1f}"],
               ["write + visible", f"{statistics.median(w + v for w, v in zip(writes, visible)):.1f}",
                f"{max(w + v for w, v in zip(writes, visible)):.1f}"]])
        total = max(w + v for w, v in zip(writes, visible))
        report.add(f"write-to-visible, max of {args.trials} (A→B, {writer.name.split(' (')[0]})",
                   f"{total:.0f} ms", f"<= {VISIBLE_MS:g} ms", total <= VISIBLE_MS)
    finally:
        for p in (a, b):
            if p:
                stop(p)
        subprocess.run(["psql", "-X", "-q", admin, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------------
# Step 5: page weight


def page_weight(port, report):
    node = shutil.which("node")
    modules = ROOT / "e2e" / "node_modules" / "playwright-core"
    if not node or not modules.exists() or not Path(os.environ.get("CHROMIUM", "/usr/bin/chromium")).exists():
        print("== Page weight: skipped (needs node, e2e/node_modules and /usr/bin/chromium; bench/run installs them)\n")
        report.add("page weight of /", "skipped", f"<= {WEIGHT_KB:g} KB", None)
        return
    out = run([node, str(BENCH / "page-weight.mjs"), f"http://127.0.0.1:{port}/"], stdout=subprocess.PIPE).stdout
    w = json.loads(out)
    print(f"== Page weight of / in Chromium (Accept-Encoding: {w['acceptEncoding']})")
    table(["type", "requests", "transferred B", "body (encoded) B", "decoded B"],
          [[t, v["count"], v["transferred"], v["encoded"], v["decoded"]] for t, v in w["byType"].items()]
          + [["total", w["total"]["count"], w["total"]["transferred"], w["total"]["encoded"], w["total"]["decoded"]]])
    for r in w["resources"]:
        print(f"  {r['type']:<10} {r['status']} {r['transferred']:>7} B  {r['contentEncoding'] or 'identity':<8} {r['url']}")
    print()
    kb = w["total"]["transferred"] / 1024
    report.add("page weight of / (transferred)", f"{kb:.1f} KB", f"<= {WEIGHT_KB:g} KB", kb <= WEIGHT_KB)
    # The issue allows a small script (live updates, local times) but never the console's bundle.
    script = w["byType"].get("script", {})
    script_kb = script.get("transferred", 0) / 1024
    report.add("script loaded by / (transferred)", f"{script.get('count', 0)} ({script_kb:.1f} KB)",
               f"<= {SCRIPT_KB:g} KB", script_kb <= SCRIPT_KB)
    report.add("console bundle (wasm) loaded by /", str(w["wasm"]), "0", w["wasm"] == 0)


# ---------------------------------------------------------------------------------------------


def cpu_layout(pin):
    """On a machine with n cores: Beacon (and nginx) on cores 0..n-2, wrk on the last one; or,
    without pinning, everything shares every core."""
    n = os.cpu_count() or 1
    if pin and n >= 2:
        return {"server_cpus": f"0-{n - 2}" if n > 2 else "0", "server_threads": n - 1,
                "wrk_cpus": str(n - 1), "wrk_threads": 1, "cores": n}
    return {"server_cpus": None, "server_threads": None, "wrk_cpus": None, "wrk_threads": n, "cores": n}


def main():
    parser = argparse.ArgumentParser(description="Beacon's benchmark; see docs/BENCHMARKS.md")
    parser.add_argument("--beacon", required=True, help="the release beacon binary")
    parser.add_argument("--quick", action="store_true", help="short runs and a small large dataset, to try it out")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--no-pin", dest="pin", action="store_false", help="do not pin server and wrk to cores")
    parser.add_argument("--duration", type=int, help="seconds per wrk run (default 10, quick 2)")
    parser.add_argument("--small", type=int, default=100, help="incidents in the small history")
    parser.add_argument("--large", type=int, help="incidents in the large history (default 100000, quick 2000)")
    parser.add_argument("--skip", default="", help="comma-separated steps to skip: scale,rss,write,weight")
    args = parser.parse_args()
    args.duration = args.duration or (2 if args.quick else 10)
    args.large = args.large or (2000 if args.quick else 100_000)
    args.warmup = 1 if args.quick else 2
    args.rss_duration = args.duration
    args.trials = 3 if args.quick else 10
    args.connections = [64, 256]
    skip = set(filter(None, args.skip.split(",")))

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # 1,000 connections need more than 1,024 files
    want = max(soft, min(65536, hard if hard != resource.RLIM_INFINITY else 65536), 4096)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, max(hard, want) if hard != resource.RLIM_INFINITY else hard))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    layout = cpu_layout(args.pin)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    tmp = Path(tempfile.mkdtemp(prefix="beacon-bench-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    atexit.register(stop_all)  # runs first (last registered): processes end before their files go
    print(f"Beacon benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}: {layout['cores']} cores ({cpu}), "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB")
    if layout["server_cpus"]:
        print(f"Beacon and nginx pinned to CPU {layout['server_cpus']} ({layout['server_threads']} tokio worker / "
              f"nginx worker process), wrk to CPU {layout['wrk_cpus']} (1 thread)")
    else:
        print(f"No pinning: Beacon, nginx and wrk share all {layout['cores']} cores")
    print(f"open files limit {resource.getrlimit(resource.RLIMIT_NOFILE)[0]}, temp dir {tmp}\n", flush=True)

    beacon = Beacon(args.beacon, tmp)
    wrk = Wrk(layout["wrk_cpus"], layout["wrk_threads"], args.duration)
    report = Report()
    sizes = [("small", args.small)] + ([] if "scale" in skip else [("large", args.large)])
    servers = throughput(args, beacon, wrk, tmp, layout, sizes, report)
    if "weight" not in skip:
        page_weight(servers["small"][2], report)
    if "rss" not in skip:
        for incidents, proc, port in servers.values():
            peak_rss(args, wrk, proc, port, incidents, report)
    for _, proc, _ in servers.values():
        stop(proc)
    if "write" not in skip:
        write_to_visible(args, beacon, layout, report)

    print("== Summary")
    report.print()
    failed = report.failed()
    print(f"{len(failed)} of {len([r for r in report.rows if r[3] is not None])} targets missed.")
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
