#!/usr/bin/env python3
"""Bulk-loads a benchmark dataset into a fresh Beacon database, straight with SQL.

    bench/dataset.py --incidents 100000 --database-url sqlite:///tmp/x/beacon.db
    bench/dataset.py --incidents 100 --database-url postgres://postgres@127.0.0.1:5432/beacon_bench_1

The schema must exist already (`beacon migrate --database-url ...`); the loader refuses a database
that already holds components or incidents. Going through the store one incident at a time would
take hours for 100,000 incidents; plain inserts in one transaction take seconds (SQLite through
Python's sqlite3, PostgreSQL through `psql` and `COPY ... FROM STDIN`).

What is loaded, mirroring what the store writes (server/src/store/*.rs):
- 3 component groups and 10 components (8 grouped, 2 top-level), each with its creation row in
  component_status_history.
- N incidents with 5 updates each. Every incident affects 1-2 components: its first update moves
  them from operational to a status matching the impact, its resolving update moves them back
  (incident_update_components rows, incident_components rows and component_status_history rows,
  as `insert_update` writes them). An incident's status is its latest update's status,
  `resolved_at` the resolving update's display time, `version` 1 + the updates posted after the
  first (each bumps it), `updated_at` its last change. About 2% have a published postmortem.
- 5 maintenance windows: 4 completed in the past and 1 scheduled 3 days ahead (none due while the
  benchmark runs, so the background job changes nothing).

The newest incidents are the same whatever N: 12 incidents in the last 30 days (2 of them still
open, affecting Webhooks and Exports), so `/`, the feeds and the summary show identical content at
100 and at 100,000 incidents. The other N-12 are spread evenly over the 5 years before that. A
benchmark comparing the two sizes therefore measures only what the size of the history costs.

Times are UTC milliseconds, flags 0/1, as in migrations/*/0001_schema.sql. Generation is seeded:
the same N gives the same rows (relative to the time of the run).
"""

import argparse
import csv
import io
import random
import sqlite3
import subprocess
import sys
import time

MINUTE = 60_000
HOUR = 60 * MINUTE
DAY = 24 * HOUR

GROUPS = [  # (id, name, description, position)
    (1, "Developer APIs", "The APIs our customers build on", 0),
    (2, "Data Platform", "Ingestion and exports", 2),
    (3, "Infrastructure", "What everything else runs on", 3),
]
COMPONENTS = [  # (id, group_id, name, description, position)
    (1, 1, "REST API", "api.example.com", 0),
    (2, 1, "OAuth 2.0", "Sign-in for third-party apps", 1),
    (3, 1, "Webhooks", "Event deliveries to your endpoints", 2),
    (4, None, "Dashboard", "app.example.com", 1),
    (5, 2, "Data Pipeline", "Event ingestion and processing", 0),
    (6, 2, "Exports", "Scheduled CSV and Parquet exports", 1),
    (7, 3, "DNS", None, 0),
    (8, 3, "CDN", "Static assets and downloads", 1),
    (9, 3, "Object Storage", None, 2),
    (10, None, "Billing", "Invoices and payments", 4),
]
WEBHOOKS, EXPORTS = 3, 6

# Impact -> the status its first update gives the affected components.
IMPACT_STATUS = {
    "none": "degraded_performance",
    "minor": "degraded_performance",
    "major": "partial_outage",
    "critical": "major_outage",
}
IMPACTS = ["none"] * 10 + ["minor"] * 55 + ["major"] * 28 + ["critical"] * 7

# Five statuses in a row; the last one decides the incident's status.
TRAILS = [
    ["investigating", "identified", "monitoring", "monitoring", "resolved"],
    ["investigating", "investigating", "identified", "monitoring", "resolved"],
    ["identified", "identified", "monitoring", "resolved", "resolved"],
    ["investigating", "identified", "identified", "monitoring", "resolved"],
]

TITLES = [
    "Elevated error rates on {c}",
    "Increased latency for {c}",
    "{c} unavailable for some customers",
    "Delays in {c}",
    "Degraded performance of {c}",
    "Intermittent failures in {c}",
    "{c} partially unavailable in the EU region",
]
BODIES = {
    "investigating": [
        "We are investigating reports of errors affecting **{c}**. More soon.",
        "Some requests to {c} are failing. We are looking into it.",
        "We are seeing an increase in `502` responses from {c} and are investigating.",
    ],
    "identified": [
        "The cause has been identified: a configuration change to {c}. We are rolling it back.",
        "One node of the {c} cluster failed its health checks; traffic is being moved away from it.\n\n"
        "- Requests may be retried\n- No data has been lost",
        "An expired certificate stopped part of {c}. It is being replaced.",
    ],
    "monitoring": [
        "A fix has been deployed and {c} is recovering. We are monitoring the results.",
        "Error rates for {c} are back to normal. We continue to watch closely.",
        "The backlog is draining; {c} should be fully caught up within the hour.",
    ],
    "resolved": [
        "This incident has been resolved.",
        "{c} has been operating normally for an hour. This incident is resolved.",
        "All delayed work has been processed and {c} is healthy again.",
    ],
}
POSTMORTEM = """## Summary

For {minutes} minutes, part of {c} was unavailable.

## What happened

A routine change went out to every node at once instead of one zone at a time.

## What we are changing

1. Changes roll out one zone at a time.
2. The alert that caught this now pages at half the threshold.
"""


class Data:
    """The rows of every table, in insertion order, as tuples matching COLUMNS."""

    COLUMNS = {
        "component_groups": "id, name, description, position, created_at, updated_at",
        "components": "id, group_id, name, description, position, status, visible, only_show_if_degraded, "
        "show_uptime, created_at, updated_at",
        "incidents": "id, title, impact, status, started_at, resolved_at, created_at, updated_at, version",
        "incident_components": "incident_id, component_id",
        "incident_updates": "id, incident_id, status, body, display_at, created_by, created_at, updated_at, version",
        "incident_update_components": "update_id, component_id, old_status, new_status",
        "postmortems": "incident_id, body, published_at, created_at, updated_at, version",
        "maintenances": "id, title, status, scheduled_for, scheduled_until, auto_start, auto_complete, "
        "created_at, updated_at, version",
        "maintenance_components": "maintenance_id, component_id",
        "maintenance_updates": "id, maintenance_id, status, body, display_at, created_by, created_at, updated_at",
        "component_status_history": "id, component_id, old_status, new_status, changed_at, incident_update_id, "
        "maintenance_id",
    }
    # Tables whose id is generated by the database; PostgreSQL's identity must move past ours.
    IDENTITY = ["component_groups", "components", "incidents", "incident_updates", "maintenances",
                "maintenance_updates", "component_status_history"]

    def __init__(self):
        self.rows = {table: [] for table in self.COLUMNS}

    def add(self, table, *row):
        assert len(row) == len(self.COLUMNS[table].split(",")), table
        self.rows[table].append(row)


def generate(n, now, years, seed=1):
    # The recent incidents draw from a generator of their own, so that they come out the same
    # whatever the number of older ones.
    older_rng, recent_rng = random.Random(seed), random.Random(seed + 1)
    d = Data()
    begin = now - (years * 365 + 60) * DAY  # the page exists a little before its first incident
    for gid, name, description, position in GROUPS:
        d.add("component_groups", gid, name, description, position, begin, begin)
    names = {cid: name for cid, _, name, _, _ in COMPONENTS}
    status = {cid: "operational" for cid in names}  # current status, after every incident
    changed = {cid: begin for cid in names}  # last status change
    history_id = 0

    def history(component, old, new, at, update_id=None, maintenance_id=None):
        nonlocal history_id
        history_id += 1
        d.add("component_status_history", history_id, component, old, new, at, update_id, maintenance_id)

    for cid in names:
        history(cid, None, "operational", begin)

    # Start times, oldest first (ids grow with time, as in real use): N-12 spread evenly over
    # `years` before the last 30 days, then the 12 recent ones (fixed offsets from now).
    recent = [29 * DAY, 26 * DAY, 21 * DAY, 17 * DAY, 12 * DAY, 9 * DAY, 6 * DAY, 5 * DAY, 3 * DAY,
              2 * DAY, 26 * HOUR, 3 * HOUR]
    old_count = max(0, n - len(recent))
    span_end = now - 31 * DAY
    span_start = span_end - years * 365 * DAY
    starts = sorted(older_rng.randrange(span_start, span_end) for _ in range(old_count))
    starts = [s - s % MINUTE for s in starts]
    starts += [now - r - (now - r) % MINUTE for r in recent[len(recent) - min(n, len(recent)):]]
    open_incidents = {len(starts) - 2: EXPORTS, len(starts) - 1: WEBHOOKS}  # index -> its component

    update_id = 0
    for index, started in enumerate(starts):
        incident_id = index + 1
        rng = older_rng if index < old_count else recent_rng
        is_open = index in open_incidents
        if is_open:
            components = [open_incidents[index]]
            impact = "major" if components[0] == WEBHOOKS else "minor"
            trail = ["investigating", "identified", "monitoring", "identified", "identified"]
            # five updates over the time it has been open so far
            gap = (now - started) // 6
            times = [started + i * gap for i in range(5)]
        else:
            components = rng.sample(sorted(names), rng.choice([1, 1, 1, 2]))
            impact = rng.choice(IMPACTS)
            trail = rng.choice(TRAILS)
            times = [started]
            for _ in range(4):
                times.append(times[-1] + rng.randrange(5, 90) * MINUTE)
        label = " and ".join(names[c] for c in components)
        bad = IMPACT_STATUS[impact]
        title = rng.choice(TITLES).format(c=label)
        last = times[-1]
        resolved_at = last if trail[-1] == "resolved" else None
        d.add("incidents", incident_id, title, impact, trail[-1], started, resolved_at, started, last, 5)
        for c in components:
            d.add("incident_components", incident_id, c)
        for step, (st, at) in enumerate(zip(trail, times)):
            update_id += 1
            body = rng.choice(BODIES[st]).format(c=label)
            d.add("incident_updates", update_id, incident_id, st, body, at, None, at, at, 1)
            # The first update breaks the components; the first resolving one mends them.
            if step == 0:
                moves = [(c, status[c], bad) for c in components]
            elif st == "resolved" and trail.index("resolved") == step:
                moves = [(c, status[c], "operational") for c in components]
            else:
                moves = []
            for c, old, new in moves:
                d.add("incident_update_components", update_id, c, old, new)
                if old != new:
                    history(c, old, new, at, update_id=update_id)
                    status[c], changed[c] = new, at
        if not is_open and rng.random() < 0.02:
            body = POSTMORTEM.format(minutes=(last - started) // MINUTE, c=label)
            d.add("postmortems", incident_id, body, last + DAY, last + HOUR, last + DAY, 2)

    # Maintenance: four completed windows in the past, one scheduled three days ahead.
    windows = [(400, [5, 6]), (200, [9]), (90, [1, 2]), (40, [8]), (-3, [5, 6])]
    mu_id = 0
    for mid, (days_ago, comps) in enumerate(windows, start=1):
        start = now - days_ago * DAY
        start -= start % HOUR
        until = start + 2 * HOUR
        done = days_ago > 0
        title = ["Database upgrade for the data platform", "Storage migration", "API gateway upgrade",
                 "CDN provider change", "Database upgrade for the data platform"][mid - 1]
        created = start - 7 * DAY
        updated = until if done else created
        d.add("maintenances", mid, title, "completed" if done else "scheduled", start, until, 1, 1, created,
              updated, 3 if done else 1)
        for c in comps:
            d.add("maintenance_components", mid, c)
        steps = [("scheduled", created), ("in_progress", start), ("completed", until)] if done else \
            [("scheduled", created)]
        for st, at in steps:
            mu_id += 1
            body = {"scheduled": "We will upgrade this during the window; expect short interruptions.",
                    "in_progress": "Maintenance is in progress.",
                    "completed": "Maintenance is complete."}[st]
            d.add("maintenance_updates", mu_id, mid, st, body, at, None, at, at)
        if done:  # as the job does: under maintenance at the start, operational at the end
            for c in comps:
                history(c, "operational", "under_maintenance", start, maintenance_id=mid)
                history(c, "under_maintenance", "operational", until, maintenance_id=mid)
                changed[c] = max(changed[c], until)

    for cid, gid, name, description, position in COMPONENTS:
        d.add("components", cid, gid, name, description, position, status[cid], 1, 0, 1, begin, changed[cid])
    # components reference groups, history references components: order the tables accordingly
    return d


ORDER = ["component_groups", "components", "incidents", "incident_components", "incident_updates",
         "incident_update_components", "postmortems", "maintenances", "maintenance_components",
         "maintenance_updates", "component_status_history"]


def load_sqlite(path, d):
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = OFF")  # a throwaway benchmark database: no need to wait for the disk
    (count,) = db.execute("SELECT (SELECT COUNT(*) FROM components) + (SELECT COUNT(*) FROM incidents)").fetchone()
    if count:
        sys.exit(f"dataset: {path} already has content; give a fresh database")
    with db:  # one transaction
        for table in ORDER:
            columns = Data.COLUMNS[table]
            marks = ", ".join("?" * len(columns.split(",")))
            db.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", d.rows[table])
    db.execute("ANALYZE")  # as a long-running page would have (sqlite's planner uses it)
    db.close()


def load_postgres(url, d):
    script = io.StringIO()
    script.write("\\set ON_ERROR_STOP on\nBEGIN;\n")
    script.write("DO $$ BEGIN IF EXISTS (SELECT 1 FROM components) OR EXISTS (SELECT 1 FROM incidents) "
                 "THEN RAISE EXCEPTION 'the database already has content; give a fresh database'; END IF; END $$;\n")
    for table in ORDER:
        script.write(f"COPY {table} ({Data.COLUMNS[table]}) FROM STDIN WITH (FORMAT csv);\n")
        out = csv.writer(script, lineterminator="\n")
        for row in d.rows[table]:
            # csv writes None as an empty unquoted field: NULL for COPY; no text value is empty
            out.writerow(row)
        script.write("\\.\n")
    for table in Data.IDENTITY:
        script.write(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                     f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false);\n")
    script.write("COMMIT;\nANALYZE;\n")
    subprocess.run(["psql", "-q", "-X", url], input=script.getvalue(), text=True, check=True,
                   stdout=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, required=True, help="how many incidents (5 updates each)")
    parser.add_argument("--database-url", required=True, help="sqlite://PATH or postgres://...")
    parser.add_argument("--years", type=int, default=5, help="how many years the older incidents span")
    args = parser.parse_args()

    t0 = time.monotonic()
    now = int(time.time() * 1000)
    data = generate(args.incidents, now, args.years)
    t1 = time.monotonic()
    url = args.database_url
    if url.startswith("sqlite://"):
        load_sqlite(url.removeprefix("sqlite://"), data)
    elif url.startswith(("postgres://", "postgresql://")):
        load_postgres(url, data)
    else:
        sys.exit(f"dataset: unknown database URL {url!r} (sqlite://PATH or postgres://...)")
    t2 = time.monotonic()
    counts = ", ".join(f"{len(data.rows[t])} {t}" for t in ("incidents", "incident_updates",
                                                          "component_status_history"))
    print(f"dataset: {counts} (generated in {t1 - t0:.1f} s, loaded in {t2 - t1:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
