-- Subscribers and the notification outbox. A write that others must hear of adds a row to
-- notification_events in its own transaction; the worker fans each event out into one delivery
-- per subscriber (unique per event and subscriber: never twice) and delivers it, logging every
-- attempt. Keep postgres/0009_subscribers.sql in step.

CREATE TABLE subscribers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('email', 'webhook', 'slack', 'discord', 'teams')),
    -- where to deliver: the email address (lower case) or the URL
    target TEXT NOT NULL,
    -- webhooks: the whsec_ secret their deliveries are signed with
    secret TEXT,
    -- part of every signed link; a new one voids the links sent before
    link_nonce TEXT NOT NULL,
    -- 1: the whole page; 0: only the components in subscriber_components
    all_components BIGINT NOT NULL DEFAULT 1 CHECK (all_components IN (0, 1)),
    -- email: set when the confirmation link is followed; nothing else is sent before
    confirmed_at BIGINT,
    -- set when deliveries kept failing; nothing is delivered until staff enable it again
    quarantined_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (kind, target)
);
CREATE INDEX subscribers_target ON subscribers (target);

CREATE TABLE subscriber_components (
    subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    component_id BIGINT NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    PRIMARY KEY (subscriber_id, component_id)
);
CREATE INDEX subscriber_components_component ON subscriber_components (component_id);

CREATE TABLE notification_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    -- what it is about (plain ids: deleting an incident leaves deliveries already made)
    incident_id BIGINT,
    maintenance_id BIGINT,
    component_id BIGINT,
    -- the incident's or maintenance's update that caused it
    update_id BIGINT,
    -- a message for one subscriber only (a confirmation mail): no fan-out to others
    subscriber_id BIGINT REFERENCES subscribers (id) ON DELETE CASCADE,
    -- JSON: the component ids it concerns; [] concerns the whole page
    components TEXT NOT NULL,
    -- JSON: facts known only at the time (a component's old and new status)
    detail TEXT,
    -- JSON: what every delivery of it says, fixed when it is fanned out
    payload TEXT,
    created_at BIGINT NOT NULL,
    fanned_out_at BIGINT
);
CREATE INDEX notification_events_unsent ON notification_events (fanned_out_at, id);

CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id BIGINT NOT NULL REFERENCES notification_events (id) ON DELETE CASCADE,
    subscriber_id BIGINT NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    -- the instance sending it now, and until when no other may take it
    lease_owner TEXT,
    lease_until BIGINT,
    created_at BIGINT NOT NULL,
    finished_at BIGINT,
    UNIQUE (event_id, subscriber_id)
);
CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX deliveries_subscriber ON deliveries (subscriber_id, id);
CREATE INDEX deliveries_lease ON deliveries (lease_owner);

CREATE TABLE delivery_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id BIGINT NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    attempt BIGINT NOT NULL,
    at BIGINT NOT NULL,
    ok BIGINT NOT NULL CHECK (ok IN (0, 1)),
    -- the HTTP status or the SMTP reply code, when there was one
    code BIGINT,
    -- what the receiver answered, or why it could not be reached
    detail TEXT NOT NULL
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, attempt);

-- Keys Beacon signs its links with, made once per database so that every instance shares them.
CREATE TABLE signing_keys (
    name TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Whether staff asked for subscribers to be told of an update (shown as the API's deliver_notifications).
ALTER TABLE incident_updates ADD COLUMN notify BIGINT NOT NULL DEFAULT 1;
ALTER TABLE maintenance_updates ADD COLUMN notify BIGINT NOT NULL DEFAULT 1;
