-- The last change as readers are told it (app::domain::dates::last_change): the latest update's
-- shown time, or the published postmortem's when later; not the write time in updated_at, which
-- a backfilled incident has "today". The feeds list by it, newest first, along its index. Kept
-- by the store's refresh_shown_dates on every write. Keep sqlite/0010 in step.
ALTER TABLE incidents ADD COLUMN shown_updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE maintenances ADD COLUMN shown_updated_at BIGINT NOT NULL DEFAULT 0;

UPDATE incidents SET shown_updated_at = COALESCE(
    (SELECT MAX(u.display_at) FROM incident_updates u WHERE u.incident_id = incidents.id), started_at);
UPDATE incidents SET shown_updated_at =
    (SELECT p.published_at FROM postmortems p WHERE p.incident_id = incidents.id)
    WHERE EXISTS (SELECT 1 FROM postmortems p WHERE p.incident_id = incidents.id
                  AND p.published_at IS NOT NULL AND p.published_at > incidents.shown_updated_at);
UPDATE maintenances SET shown_updated_at = COALESCE(
    (SELECT MAX(u.display_at) FROM maintenance_updates u WHERE u.maintenance_id = maintenances.id), created_at);

CREATE INDEX incidents_shown_updated_at ON incidents (shown_updated_at DESC, id DESC);
CREATE INDEX maintenances_shown_updated_at ON maintenances (shown_updated_at DESC, id DESC);
