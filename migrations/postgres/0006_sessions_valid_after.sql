-- Sessions that signed in before this time (UTC milliseconds) have ended: a new password ends the old sessions.
ALTER TABLE users ADD COLUMN sessions_valid_after BIGINT NOT NULL DEFAULT 0;
