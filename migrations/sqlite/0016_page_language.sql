-- The pages' language (app/locales/<tag>.ftl) when a visitor chose none, and whether a visitor's
-- browser languages (Accept-Language) choose it instead. Keep postgres/0016_page_language.sql in step.
ALTER TABLE page_settings ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE page_settings ADD COLUMN follow_browser_language BIGINT NOT NULL DEFAULT 1 CHECK (follow_browser_language IN (0, 1));
