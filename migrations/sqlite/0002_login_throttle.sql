-- Failed sign-ins per account ('email:…') and per client address ('addr:…'): repeated failures
-- make the next attempt wait (see server/src/auth/throttle.rs). Shared by every instance.
CREATE TABLE login_failures (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL
);
