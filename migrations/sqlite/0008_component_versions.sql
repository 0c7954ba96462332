-- Bumped by every change of a component's or group's details (not its status): a stale edit is refused.
ALTER TABLE components ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE component_groups ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
