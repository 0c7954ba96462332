-- The page's identity: the API's `page.id` and the date in the feeds' tag: URIs. Generated once,
-- here, so that every instance of a page and every restart answers with the same id.
-- Keep postgres/0003_page_identity.sql in step.
CREATE TABLE page_identity (
    singleton BIGINT PRIMARY KEY CHECK (singleton = 1),
    page_id TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
INSERT INTO page_identity (singleton, page_id, created_at)
VALUES (1, lower(hex(randomblob(6))), CAST(strftime('%s', 'now') AS INTEGER) * 1000);

-- The feeds list maintenance by its last change.
CREATE INDEX maintenances_updated_at ON maintenances (updated_at DESC, id DESC);
