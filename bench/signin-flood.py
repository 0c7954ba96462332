#!/usr/bin/env python3
"""A flood of sign-ins against one beacon process: its memory and its answers.

Starts `beacon serve` on a fresh SQLite file with one account, reads its resident memory idle,
then sends N sign-ins at once (wrong passwords, from N threads) and samples the process's memory
until they are all answered. Two floods: at one account from one address (the throttle's case),
and spread over N accounts from N loopback addresses (127.0.0.2, ...: nothing to throttle, so the
password checks' queue decides). Prints the figures beside their targets:

  peak memory   <= idle + 100 MB   (each argon2id check holds 19 MiB; checks run one per core)
  checked       <= 5               (one account, one address: every attempt counted before its check)
  5xx           only 503 Busy      (never a 500)

  bench/signin-flood.py [--beacon target/debug/beacon] [--attempts 200] [--runs 2]
"""
import argparse, http.client, os, socket, subprocess, sys, tempfile, threading, time, urllib.parse

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

def rss_kb(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0

def sign_in(port, email, password, source="127.0.0.1"):
    body = urllib.parse.urlencode({"email": email, "password": password})
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(source, 0))
    c.request("POST", "/admin/login", body, {
        "Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{port}"})
    r = c.getresponse(); r.read()
    return r.status, r.getheader("Location") or ""

def run(beacon, attempts, spread):
    tmp = tempfile.mkdtemp(prefix="beacon-flood-")
    db = f"sqlite://{tmp}/beacon.db"
    subprocess.run([beacon, "user", "add", "--email", "ada@example.com", "--role", "admin",
                    "--password-stdin", "--database-url", db], input=b"correct horse battery\n",
                   check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    proc = subprocess.Popen([beacon, "serve", "--addr", f"127.0.0.1:{port}", "--database-url", db,
                             "--data-dir", f"{tmp}/data"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "RUST_LOG": "error"})
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close(); break
            except OSError:
                time.sleep(0.1)
        time.sleep(0.5)
        idle = rss_kb(proc.pid)
        answers, peak, done = [], idle, threading.Event()
        def sampler():
            nonlocal peak
            while not done.is_set():
                peak = max(peak, rss_kb(proc.pid)); time.sleep(0.005)
        t = threading.Thread(target=sampler); t.start()
        def one(i):
            if spread:
                source = f"127.0.{1 + i // 250}.{2 + i % 250}"
                answers.append(sign_in(port, f"nobody{i}@example.com", f"wrong password {i}", source))
            else:
                answers.append(sign_in(port, "ada@example.com", f"wrong password {i}"))
        threads = [threading.Thread(target=one, args=(i,)) for i in range(attempts)]
        started = time.time()
        for th in threads: th.start()
        for th in threads: th.join()
        took = time.time() - started
        done.set(); t.join()
        checked = sum(1 for s, loc in answers if loc.endswith("error=invalid"))
        throttled = sum(1 for s, loc in answers if "error=throttled" in loc)
        busy = sum(1 for s, _ in answers if s == 503)
        errors = sum(1 for s, _ in answers if s >= 500 and s != 503)
        return idle, peak, checked, throttled, busy, errors, took
    finally:
        proc.terminate(); proc.wait()

def main():
    p = argparse.ArgumentParser()
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    p.add_argument("--beacon", default=f"{target}/debug/beacon")
    p.add_argument("--attempts", type=int, default=200)
    p.add_argument("--runs", type=int, default=2)
    a = p.parse_args()
    ok = True
    print(f"{a.attempts} sign-ins at once, {a.runs} runs each ({a.beacon})")
    print("flood           run  idle MB  peak MB  growth MB (<= 100)  checked  throttled  503  other 5xx  seconds")
    for spread in (False, True):
        for i in range(a.runs):
            idle, peak, checked, throttled, busy, errors, took = run(a.beacon, a.attempts, spread)
            growth = (peak - idle) / 1024
            ok &= growth <= 100 and errors == 0 and (spread or checked <= 5)
            name = "many addresses" if spread else "one account   "
            print(f"{name}  {i + 1:>3}  {idle / 1024:7.1f}  {peak / 1024:7.1f}  {growth:9.1f}"
                  f"             {checked:>7}  {throttled:>9}  {busy:>3}  {errors:>9}  {took:7.2f}")
    print("targets met" if ok else "TARGET MISSED")
    sys.exit(0 if ok else 1)

main()
