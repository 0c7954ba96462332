-- The 90-day uptime bars (app::domain::uptime), counted at write time: each component's time in
-- each non-operational status per calendar day of the page's zone, from the closed spans of its
-- status history; a row only for a day with such time. Every write that records a status change
-- keeps them right in its own transaction (server/src/store/uptime.rs). A page adds the span still
-- open from the component's status and status_since, and counts no day before tracked_since.
-- Keep postgres/0012_uptime.sql in step.
ALTER TABLE components ADD COLUMN tracked_since BIGINT NOT NULL DEFAULT 0;
ALTER TABLE components ADD COLUMN status_since BIGINT NOT NULL DEFAULT 0;
UPDATE components SET
    tracked_since = COALESCE(
        (SELECT MIN(h.changed_at) FROM component_status_history h WHERE h.component_id = components.id), created_at),
    status_since = COALESCE(
        (SELECT MAX(h.changed_at) FROM component_status_history h WHERE h.component_id = components.id), created_at);

CREATE TABLE uptime_days (
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    -- the calendar day, YYYY-MM-DD, in the zone of uptime_zone
    day TEXT NOT NULL,
    degraded_ms BIGINT NOT NULL,
    partial_ms BIGINT NOT NULL,
    major_ms BIGINT NOT NULL,
    maintenance_ms BIGINT NOT NULL,
    PRIMARY KEY (component_id, day)
);
CREATE INDEX uptime_days_day ON uptime_days (day, component_id);

-- The zone uptime_days is counted in. `beacon serve` counts every day again at start when its
-- --timezone differs, or when there is no row (a database whose history predates this table).
CREATE TABLE uptime_zone (
    singleton BIGINT PRIMARY KEY CHECK (singleton = 1),
    zone TEXT NOT NULL
);
INSERT INTO uptime_zone (singleton, zone) SELECT 1, 'UTC' WHERE NOT EXISTS (SELECT 1 FROM component_status_history);

-- The incidents of the bars' days: those that ended within the 90 days.
CREATE INDEX incidents_resolved_at ON incidents (resolved_at);
