-- What `beacon import statuspage` imported: each Statuspage object's id, the Beacon row it became,
-- and a digest of what Statuspage said, so that a run again changes only what changed there and
-- `/incidents/{statuspage_id}` can redirect old links. Keep sqlite/0011_statuspage_ids.sql in step.
CREATE TABLE statuspage_ids (
    kind TEXT NOT NULL CHECK (kind IN
        ('group', 'component', 'incident', 'incident_update', 'maintenance', 'maintenance_update')),
    statuspage_id TEXT NOT NULL,
    beacon_id BIGINT NOT NULL,
    digest TEXT NOT NULL,
    PRIMARY KEY (kind, statuspage_id)
);
CREATE INDEX statuspage_ids_beacon ON statuspage_ids (kind, beacon_id);
