#!/usr/bin/env python3
"""One incident update to many subscribers: how long until all are told, the server's memory
during it, and what the public page gets meanwhile.

Starts `beacon serve` on a fresh SQLite file with a real SMTP server (aiosmtpd) and a webhook
receiver on loopback, both in this process; subscribes EMAILS confirmed email addresses and HOOKS
webhook URLs through the write API; measures `/` with wrk (64 connections) in two 5 s windows while nothing
happens; then posts one incident through the write API and, from its 201, measures the time until
every mail and every webhook arrived, samples the server's memory every 20 ms, and runs the same
wrk against `/` in two 5 s windows during the fan-out; then two more idle windows once it is over.
The page's figures idle and during are each the median of their windows (idle: the four around
the fan-out, so that a drift of the machine during the run does not count as the fan-out's). Then the same with a tenth of the subscribers, to show that
memory does not grow with their number. Prints the figures beside their targets:

  all delivered       < 60 s                (10,000 emails + 1,000 webhooks, this 2-core machine)
  memory              flat                  (peak growth at full size within ~1.5x of a tenth's)
  `/` during fan-out  within 1.2x of idle   (requests/s and p99)

Run with the Python of scripts/setup.sh's venv (it has aiosmtpd):
  ~/.cache/beacon/peers-venv/bin/python bench/notify-fanout.py --beacon target/release/beacon [--runs 2]
"""
import argparse, asyncio, http.client, http.server, json, os, pathlib, re, socket, subprocess, sys
import shutil, tempfile, threading, time

from aiosmtpd.controller import Controller

BENCH = pathlib.Path(__file__).resolve().parent
# As bench/bench.py does on two cores: Beacon on core 0; wrk, the SMTP server and the webhook
# receiver (this process) on core 1, so that what slows `/` down is Beacon's own fan-out.
PIN = (os.cpu_count() or 1) >= 2


def normal_priority():
    """For Beacon and wrk, started by this process at nice 19: back to nice 0 (allowed to root)."""
    try:
        os.setpriority(os.PRIO_PROCESS, 0, 0)
    except PermissionError:
        pass


def cpu_seconds(pid):
    """User and system CPU time a process has used, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Counter:
    def __init__(self):
        self.lock, self.n, self.ids = threading.Lock(), 0, set()

    def add(self, key=None):
        with self.lock:
            self.n += 1
            if key is not None:
                self.ids.add(key)


class Sink:
    """aiosmtpd handler: counts messages."""
    def __init__(self, counter):
        self.counter = counter

    async def handle_DATA(self, server, session, envelope):
        self.counter.add()
        return "250 OK"


def webhook_server(counter):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            counter.add(self.headers.get("webhook-id", "") + self.path)
            self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
        def log_message(self, *a):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def api(port, token, method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request(method, path, json.dumps(body) if body is not None else None,
              {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    r = c.getresponse(); data = r.read(); c.close()
    return r.status, data


def subscribe_all(port, token, emails, hooks, hook_port):
    bodies = [{"kind": "email", "email": f"reader{i}@example.com", "confirmed": True} for i in range(emails)]
    bodies += [{"kind": "webhook", "url": f"http://127.0.0.1:{hook_port}/hook/{i}"} for i in range(hooks)]
    chunks = [bodies[i::8] for i in range(8)]
    failures = []
    def worker(chunk):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for body in chunk:
            c.request("POST", "/api/v1/subscribers", json.dumps(body),
                      {"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            r = c.getresponse(); data = r.read()
            if r.status != 201:
                failures.append((r.status, data[:200]))
    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in threads: t.start()
    for t in threads: t.join()
    if failures:
        raise SystemExit(f"bench: {len(failures)} subscriptions refused, e.g. {failures[0]}")


def wrk(port, seconds, out):
    args = (["taskset", "-c", "1"] if PIN else []) + ["wrk", "-t", "1", "-c", "64", "-d", f"{seconds}s", "--timeout", "5s", "-s", str(BENCH / "wrk-report.lua"),
            f"http://127.0.0.1:{port}/"]
    text = subprocess.run(args, capture_output=True, text=True, preexec_fn=normal_priority).stdout
    m = re.search(r"BENCH-JSON (\{.*\})", text)
    if not m:
        raise SystemExit(f"bench: wrk printed no report:\n{text}")
    r = json.loads(m.group(1))
    errors = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    out.update(rps=r["requests"] / (r["duration_us"] / 1e6), p99_ms=r["p99_us"] / 1000, errors=errors)


WINDOW_S = 5


def windows(port, n):
    """`n` back-to-back wrk runs of WINDOW_S seconds against `/`: one figure per window."""
    out = []
    for _ in range(n):
        figures = {}
        wrk(port, WINDOW_S, figures)
        out.append(figures)
    return out


def median(values):
    v = sorted(values)
    return (v[(len(v) - 1) // 2] + v[len(v) // 2]) / 2


def summary(runs):
    """The windows of `runs` (lists of windows) as one figure: the median of each measure."""
    flat = [w for run in runs for w in run]
    return {"rps": median([w["rps"] for w in flat]), "p99_ms": median([w["p99_ms"] for w in flat]),
            "errors": sum(w["errors"] for w in flat), "p99s": [round(w["p99_ms"], 1) for w in flat]}


def site_root(tmp):
    """The built site (scripts/build) when there is one, else a stylesheet alone (enough to serve)."""
    built = BENCH.parent / "target" / "site"
    if (built / "pkg").is_dir():
        return str(built)
    os.makedirs(f"{tmp}/site/pkg", exist_ok=True)
    with open(f"{tmp}/site/pkg/beacon.css", "w") as f:
        f.write("body{}")
    return f"{tmp}/site"


def run(beacon, emails, hooks):
    tmp = tempfile.mkdtemp(prefix="beacon-fanout-")
    db = f"sqlite://{tmp}/beacon.db"
    subprocess.run([beacon, "migrate", "--database-url", db], check=True, stderr=subprocess.DEVNULL)
    token = subprocess.run([beacon, "token", "add", "--name", "bench", "--role", "admin", "--database-url", db],
                           check=True, capture_output=True, text=True).stdout.strip().split()[-1]
    mails, posts = Counter(), Counter()
    smtp_port = free_port()
    smtp = Controller(Sink(mails), hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    hook = webhook_server(posts)
    port = free_port()
    log = open(f"{tmp}/beacon.log", "w")
    pin = ["taskset", "-c", "0"] if PIN else []
    proc = subprocess.Popen(pin + [beacon, "serve", "--addr", f"127.0.0.1:{port}", "--database-url", db,
                             "--data-dir", f"{tmp}/data", "--site-root", site_root(tmp),
                             "--smtp-url", f"smtp://127.0.0.1:{smtp_port}",
                             "--mail-from", "Status <status@example.com>", "--allow-private-webhooks"],
                            stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, "RUST_LOG": "warn"},
                            preexec_fn=normal_priority)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close(); break
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit(f"bench: beacon exited: {open(log.name).read()[-2000:]}")
                time.sleep(0.1)
        subscribe_all(port, token, emails, hooks, hook.server_address[1])
        time.sleep(2)
        idle = [windows(port, 2)]
        time.sleep(1)
        rss_idle = rss_kb(proc.pid)
        peak, done = rss_idle, threading.Event()
        def sampler():
            nonlocal peak
            while not done.is_set():
                peak = max(peak, rss_kb(proc.pid)); time.sleep(0.02)
        threading.Thread(target=sampler, daemon=True).start()
        status, body = api(port, token, "POST", "/api/v1/incidents",
                           {"name": "Elevated API errors", "status": "investigating", "impact": "major",
                            "body": "We are looking into errors on the API.", "deliver_notifications": True})
        if status != 201:
            raise SystemExit(f"bench: posting the incident answered {status}: {body[:200]}")
        started, cpu_before = time.time(), cpu_seconds(proc.pid)
        during = []
        load = threading.Thread(target=lambda: during.append(windows(port, 2))); load.start()
        took = None
        while time.time() - started < 600:
            if mails.n >= emails and len(posts.ids) >= hooks:
                took = time.time() - started; break
            time.sleep(0.05)
        cpu = cpu_seconds(proc.pid) - cpu_before
        load.join()
        done.set()
        time.sleep(2)
        idle.append(windows(port, 2))  # idle again, after: the reference brackets the fan-out
        return {"emails": mails.n, "hooks": len(posts.ids), "took": took, "idle_mb": rss_idle / 1024,
                "peak_mb": peak / 1024, "idle": summary(idle), "during": summary(during), "cpu": cpu}
    finally:
        proc.terminate(); proc.wait(); smtp.stop(); hook.shutdown()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--beacon", default="target/release/beacon")
    p.add_argument("--emails", type=int, default=10_000)
    p.add_argument("--hooks", type=int, default=1_000)
    p.add_argument("--runs", type=int, default=1)
    p.add_argument("--no-pin", action="store_true", help="do not pin Beacon and the load to separate cores")
    a = p.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("bench: wrk is not installed (apt-get install wrk)")
    global PIN
    PIN = PIN and not a.no_pin
    if PIN:
        os.sched_setaffinity(0, {0})
        os.nice(19)
    print("| run | subscribers | delivered | time s (target < 60) | idle MB | peak MB | growth MB "
          "| Beacon CPU s (fan-out + `/`) | `/` req/s idle → during | `/` p99 ms idle → during "
          "| p99 of each window, idle → during | wrk errors |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in range(1, a.runs + 1):
        for emails, hooks in ((a.emails // 10, a.hooks // 10), (a.emails, a.hooks)):
            r = run(a.beacon, emails, hooks)
            took = f"{r['took']:.1f}" if r["took"] is not None else "not all in 600 s"
            i, d = r["idle"], r["during"]
            print(f"| {n} | {emails:,} email + {hooks:,} webhook | {r['emails']:,} + {r['hooks']:,} | {took} "
                  f"| {r['idle_mb']:.1f} | {r['peak_mb']:.1f} | {r['peak_mb'] - r['idle_mb']:.1f} | {r['cpu']:.1f} "
                  f"| {i['rps']:,.0f} → {d['rps']:,.0f} ({i['rps'] / max(d['rps'], 1):.2f}x) "
                  f"| {i['p99_ms']:.1f} → {d['p99_ms']:.1f} ({d['p99_ms'] / max(i['p99_ms'], 0.001):.2f}x) "
                  f"| {i['p99s']} → {d['p99s']} | {i['errors']} / {d['errors']} |", flush=True)


if __name__ == "__main__":
    main()
