-- Incident templates: a prepared title, message, status, impact and component statuses to open
-- an incident from in one step.
CREATE TABLE incident_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    impact TEXT NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
    -- JSON: [[component_id, "status"], …]
    components TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
