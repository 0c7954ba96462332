-- The page's settings (app::domain::settings): edited by admins in the console or through
-- /api/v1/page, applied on every instance through the change signal. No row until the first
-- `beacon serve` (or import) writes one from its --title and --timezone flags.
-- Keep sqlite/0014_page_settings.sql in step.
CREATE TABLE page_settings (
    singleton BIGINT PRIMARY KEY CHECK (singleton = 1),
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    brand_color TEXT,
    support_url TEXT,
    -- a JSON array of {"label", "url"}
    footer_links TEXT NOT NULL,
    about TEXT NOT NULL,
    notice TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
