-- The history of one component, newest first, along an index: each row linking an incident or a
-- maintenance to a component carries the time the history lists it at (the incident's start, the
-- window's start), so that a page of it is read from (component_id, listed_at, id) and never by
-- sorting every incident the component ever had. The database keeps the copy itself, whatever
-- writes the rows (the console, the API, an import, a restore): on insert, and when a start moves.
-- Keep postgres/0012_history_by_component.sql in step.
ALTER TABLE incident_components ADD COLUMN listed_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE maintenance_components ADD COLUMN listed_at BIGINT NOT NULL DEFAULT 0;

UPDATE incident_components SET listed_at =
    (SELECT i.started_at FROM incidents i WHERE i.id = incident_components.incident_id);
UPDATE maintenance_components SET listed_at =
    (SELECT m.scheduled_for FROM maintenances m WHERE m.id = maintenance_components.maintenance_id);

CREATE INDEX incident_components_history ON incident_components (component_id, listed_at DESC, incident_id DESC);
CREATE INDEX maintenance_components_history
    ON maintenance_components (component_id, listed_at DESC, maintenance_id DESC);

CREATE TRIGGER incident_components_listed_at AFTER INSERT ON incident_components FOR EACH ROW
BEGIN
    UPDATE incident_components SET listed_at = (SELECT started_at FROM incidents WHERE id = NEW.incident_id)
    WHERE incident_id = NEW.incident_id AND component_id = NEW.component_id;
END;

CREATE TRIGGER incidents_listed_at AFTER UPDATE OF started_at ON incidents FOR EACH ROW
WHEN NEW.started_at <> OLD.started_at
BEGIN
    UPDATE incident_components SET listed_at = NEW.started_at WHERE incident_id = NEW.id;
END;

CREATE TRIGGER maintenance_components_listed_at AFTER INSERT ON maintenance_components FOR EACH ROW
BEGIN
    UPDATE maintenance_components SET listed_at = (SELECT scheduled_for FROM maintenances WHERE id = NEW.maintenance_id)
    WHERE maintenance_id = NEW.maintenance_id AND component_id = NEW.component_id;
END;

CREATE TRIGGER maintenances_listed_at AFTER UPDATE OF scheduled_for ON maintenances FOR EACH ROW
WHEN NEW.scheduled_for <> OLD.scheduled_for
BEGIN
    UPDATE maintenance_components SET listed_at = NEW.scheduled_for WHERE maintenance_id = NEW.id;
END;
