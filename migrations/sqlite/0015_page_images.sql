-- The page's logo and favicon (/admin/settings, PUT /api/v1/page/{logo,favicon}), base64 text so
-- that both engines and the backup carry them alike; page_settings names each one's hash, which
-- the pages link it by. Keep postgres/0015_page_images.sql in step.
CREATE TABLE page_images (
    kind TEXT PRIMARY KEY CHECK (kind IN ('logo', 'favicon')),
    content_type TEXT NOT NULL,
    data TEXT NOT NULL,
    hash TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
ALTER TABLE page_settings ADD COLUMN logo_hash TEXT;
ALTER TABLE page_settings ADD COLUMN favicon_hash TEXT;
