//! Sign-in sessions and the failed-sign-in counters, kept in the database so that they survive a
//! restart and are shared by every instance.

use super::{ms, Result, Store};
use chrono::{DateTime, Utc};

impl Store {
    /// Stores a new session; `false` when the id is already taken.
    pub async fn session_insert(&self, id: &str, data: &[u8], expires_at: DateTime<Utc>) -> Result<bool> {
        let done =
            sqlx::query("INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .bind(id)
                .bind(data.to_vec())
                .bind(ms(expires_at))
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn session_save(&self, id: &str, data: &[u8], expires_at: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
        )
        .bind(id)
        .bind(data.to_vec())
        .bind(ms(expires_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A session's data unless it has expired.
    pub async fn session_load(&self, id: &str, now: DateTime<Utc>) -> Result<Option<Vec<u8>>> {
        Ok(sqlx::query_scalar("SELECT data FROM sessions WHERE id = $1 AND expires_at > $2")
            .bind(id)
            .bind(ms(now))
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn session_delete(&self, id: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(())
    }

    /// Removes expired sessions; returns how many.
    pub async fn delete_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(ms(now)).execute(&self.pool).await?;
        Ok(done.rows_affected())
    }

    /// `(failures, time of the last one)` for a throttle key.
    pub async fn login_failures(&self, key: &str) -> Result<Option<(i64, DateTime<Utc>)>> {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT failures, last_failure_at FROM login_failures WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(n, at)| Ok((n, super::from_ms(at)?))).transpose()
    }

    /// Counts one more attempt for `key`, if its count is still `seen` (what
    /// [`Store::login_failures`] read): a compare-and-swap, so that attempts made at the same time,
    /// here or on another instance, are each counted against the state they were checked against.
    /// A count older than `forget_before` starts again at one. False: someone else counted first.
    pub async fn count_login_attempt(
        &self,
        key: &str,
        seen: Option<(i64, DateTime<Utc>)>,
        now: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<bool> {
        let done = match seen {
            None => {
                sqlx::query(
                    "INSERT INTO login_failures (key, failures, last_failure_at) VALUES ($1, 1, $2) \
                     ON CONFLICT (key) DO NOTHING",
                )
                .bind(key)
                .bind(ms(now))
                .execute(&self.pool)
                .await?
            }
            Some((failures, last)) => {
                let next = if last < forget_before { 1 } else { failures + 1 };
                sqlx::query(
                    "UPDATE login_failures SET failures = $1, last_failure_at = $2 \
                     WHERE key = $3 AND failures = $4 AND last_failure_at = $5",
                )
                .bind(next)
                .bind(ms(now))
                .bind(key)
                .bind(failures)
                .bind(ms(last))
                .execute(&self.pool)
                .await?
            }
        };
        Ok(done.rows_affected() == 1)
    }

    /// Takes back one counted attempt (it turned out to be a good sign-in).
    pub async fn refund_login_attempt(&self, key: &str) -> Result<()> {
        sqlx::query("UPDATE login_failures SET failures = failures - 1 WHERE key = $1 AND failures > 0")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn clear_login_failures(&self, key: &str) -> Result<()> {
        sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key).execute(&self.pool).await?;
        Ok(())
    }
}
