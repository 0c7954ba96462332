-- Beacon's schema. Times are UTC milliseconds since the Unix epoch (BIGINT) and flags are 0/1
-- (BIGINT) so that one set of queries reads both engines alike. Keep postgres/0001_schema.sql in step.

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
    password_hash TEXT NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor')),
    token_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT,
    last_used_at BIGINT
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at BIGINT NOT NULL,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    token_id BIGINT REFERENCES api_tokens (id) ON DELETE SET NULL,
    -- who, as shown: a user's email, a token's name, "system" for background jobs
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT,
    before_json TEXT,
    after_json TEXT,
    client_addr TEXT
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, at DESC);

CREATE TABLE component_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    description TEXT,
    position BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE components (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id BIGINT REFERENCES component_groups (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    description TEXT,
    position BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'operational' CHECK (status IN
        ('operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage')),
    visible BIGINT NOT NULL DEFAULT 1 CHECK (visible IN (0, 1)),
    only_show_if_degraded BIGINT NOT NULL DEFAULT 0 CHECK (only_show_if_degraded IN (0, 1)),
    show_uptime BIGINT NOT NULL DEFAULT 1 CHECK (show_uptime IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- names are unique on a page: API readers key on them
    CONSTRAINT components_name_key UNIQUE (name)
);
CREATE INDEX components_group_position ON components (group_id, position);

CREATE TABLE incidents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    impact TEXT NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
    status TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    started_at BIGINT NOT NULL,
    resolved_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- bumped by every change; a save that names an older version is refused
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX incidents_started_at ON incidents (started_at DESC, id DESC);
CREATE INDEX incidents_open ON incidents (status, started_at DESC);
CREATE INDEX incidents_updated_at ON incidents (updated_at DESC, id DESC);

CREATE TABLE incident_components (
    incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    PRIMARY KEY (incident_id, component_id)
);
CREATE INDEX incident_components_component ON incident_components (component_id, incident_id);

CREATE TABLE incident_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    body TEXT NOT NULL,
    display_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX incident_updates_incident ON incident_updates (incident_id, display_at, id);

CREATE TABLE incident_update_components (
    update_id BIGINT NOT NULL REFERENCES incident_updates (id) ON DELETE CASCADE,
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    old_status TEXT NOT NULL,
    new_status TEXT NOT NULL,
    PRIMARY KEY (update_id, component_id)
);

CREATE TABLE postmortems (
    incident_id BIGINT PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    published_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE maintenances (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'verifying', 'completed')),
    scheduled_for BIGINT NOT NULL,
    scheduled_until BIGINT NOT NULL,
    auto_start BIGINT NOT NULL DEFAULT 1 CHECK (auto_start IN (0, 1)),
    auto_complete BIGINT NOT NULL DEFAULT 1 CHECK (auto_complete IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    CHECK (scheduled_until > scheduled_for)
);
CREATE INDEX maintenances_status_window ON maintenances (status, scheduled_for);
CREATE INDEX maintenances_scheduled_for ON maintenances (scheduled_for DESC, id DESC);

CREATE TABLE maintenance_components (
    maintenance_id BIGINT NOT NULL REFERENCES maintenances (id) ON DELETE CASCADE,
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    PRIMARY KEY (maintenance_id, component_id)
);
CREATE INDEX maintenance_components_component ON maintenance_components (component_id, maintenance_id);

CREATE TABLE maintenance_updates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    maintenance_id BIGINT NOT NULL REFERENCES maintenances (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'verifying', 'completed')),
    body TEXT NOT NULL,
    display_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX maintenance_updates_maintenance ON maintenance_updates (maintenance_id, display_at, id);

-- every change of a component's status: the uptime bars and the API's updated_at read this
CREATE TABLE component_status_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    old_status TEXT,
    new_status TEXT NOT NULL,
    changed_at BIGINT NOT NULL,
    incident_update_id BIGINT REFERENCES incident_updates (id) ON DELETE SET NULL,
    maintenance_id BIGINT REFERENCES maintenances (id) ON DELETE SET NULL
);
CREATE INDEX component_status_history_component ON component_status_history (component_id, changed_at);
