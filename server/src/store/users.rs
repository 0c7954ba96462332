//! Staff accounts.

use super::audit::{record, Actor};
use super::rows::UserRow;
use super::{ms, on_unique, Result, Store};
use app::domain::validate::{self, NAME_MAX};
use app::domain::{Role, User};
use chrono::Utc;
use serde_json::json;
use sqlx::{Any, Transaction};

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// An argon2id PHC string; the store never sees a password.
    pub password_hash: String,
}

impl Store {
    pub async fn create_user(&self, actor: &Actor, new: NewUser) -> Result<i64> {
        let email = validate::email("email", &new.email)?;
        let display_name = validate::line("display_name", &new.display_name, NAME_MAX)?;
        let now = ms(Utc::now());
        let mut tx = self.write_tx().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (email, display_name, role, password_hash, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(&email)
        .bind(&display_name)
        .bind(new.role.as_str())
        .bind(&new.password_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| on_unique(e, "email", format!("an account for {email} already exists")))?;
        let after = json!({"email": email, "display_name": display_name, "role": new.role});
        record(&mut tx, actor, "create", "user", Some(id), None, Some(after)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The account and its password hash, by email (case-insensitive).
    pub async fn find_user_by_email(&self, email: &str) -> Result<Option<(User, String)>> {
        let sql = format!("SELECT {} FROM users WHERE email = $1", UserRow::COLUMNS);
        let row: Option<UserRow> =
            sqlx::query_as(&sql).bind(email.trim().to_lowercase()).fetch_optional(&self.pool).await?;
        row.map(|r| {
            let hash = r.password_hash.clone();
            Ok((r.into_domain()?, hash))
        })
        .transpose()
    }

    /// Sessions of this account signed in before this time (UTC milliseconds) have ended.
    pub async fn sessions_valid_after(&self, user_id: i64) -> Result<i64> {
        let after: Option<i64> = sqlx::query_scalar("SELECT sessions_valid_after FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(after.unwrap_or(0))
    }

    pub async fn count_users(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&self.pool).await?)
    }
}

impl Store {
    pub async fn get_user(&self, id: i64) -> Result<Option<User>> {
        let sql = format!("SELECT {} FROM users WHERE id = $1", UserRow::COLUMNS);
        let row: Option<UserRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await?;
        row.map(UserRow::into_domain).transpose()
    }

    /// All accounts, by email.
    pub async fn list_users(&self) -> Result<Vec<User>> {
        let sql = format!("SELECT {} FROM users ORDER BY email LIMIT 1000", UserRow::COLUMNS);
        let rows: Vec<UserRow> = sqlx::query_as(&sql).fetch_all(&self.pool).await?;
        rows.into_iter().map(UserRow::into_domain).collect()
    }

    /// Replaces an account's password hash.
    /// Replaces the password and ends the account's sessions signed in before now (the caller
    /// keeps its own by marking it signed in again; see `auth::guard::renew`).
    pub async fn set_password(&self, actor: &Actor, user_id: i64, password_hash: &str) -> Result<()> {
        let now = Utc::now();
        let mut tx = self.write_tx().await?;
        let done = sqlx::query(
            "UPDATE users SET password_hash = $1, updated_at = $2, sessions_valid_after = $3 WHERE id = $4",
        )
        .bind(password_hash)
        .bind(ms(now))
        .bind(ms(now))
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(super::StoreError::NotFound("user"));
        }
        // The hash itself is never written to the audit log.
        record(&mut tx, actor, "set_password", "user", Some(user_id), None, None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Disables or re-enables an account; a disabled account cannot sign in.
    pub async fn set_user_disabled(&self, actor: &Actor, user_id: i64, disabled: bool) -> Result<()> {
        let mut tx = self.write_tx().await?;
        lock_active_admins(&mut tx).await?;
        let done = sqlx::query("UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3")
            .bind(i64::from(disabled))
            .bind(ms(Utc::now()))
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(super::StoreError::NotFound("user"));
        }
        if disabled {
            keep_an_active_admin(&mut tx, actor, user_id).await?;
        }
        record(
            &mut tx,
            actor,
            "set_disabled",
            "user",
            Some(user_id),
            Some(json!({"disabled": !disabled})),
            Some(json!({"disabled": disabled})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a sign-in attempt in the audit log (there is no session yet to attribute it to).
    pub async fn audit_login(
        &self,
        email: &str,
        user_id: Option<i64>,
        outcome: &str,
        client_addr: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, user_id, actor, action, entity_type, entity_id, after_json, client_addr) \
             VALUES ($1, $2, $3, $4, 'session', NULL, $5, $6)",
        )
        .bind(ms(Utc::now()))
        .bind(user_id)
        .bind(email)
        .bind(outcome)
        .bind(json!({"email": email}).to_string())
        .bind(client_addr)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

impl Store {
    /// Changes an account's role; refused when that would leave no active admin.
    pub async fn set_user_role(&self, actor: &Actor, user_id: i64, role: Role) -> Result<()> {
        let mut tx = self.write_tx().await?;
        lock_active_admins(&mut tx).await?;
        let before: Option<String> =
            sqlx::query_scalar("SELECT role FROM users WHERE id = $1").bind(user_id).fetch_optional(&mut *tx).await?;
        let Some(before) = before else { return Err(super::StoreError::NotFound("user")) };
        if before == role.as_str() {
            return Ok(());
        }
        sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3")
            .bind(role.as_str())
            .bind(ms(Utc::now()))
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        keep_an_active_admin(&mut tx, actor, user_id).await?;
        record(
            &mut tx,
            actor,
            "set_role",
            "user",
            Some(user_id),
            Some(json!({"role": before})),
            Some(json!({"role": role})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Takes the active admins' rows for this transaction before it changes any of them, so that two
/// admins demoting or disabling each other at once cannot both succeed: on PostgreSQL the second
/// waits for the first and then counts what it left (SQLite's write lock already serialises).
async fn lock_active_admins(tx: &mut Transaction<'_, Any>) -> Result<()> {
    sqlx::query("UPDATE users SET updated_at = updated_at WHERE role = 'admin' AND disabled = 0")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Refuses a change to `user_id` that leaves no active admin, so that someone can always manage
/// accounts. Runs after the change, inside its transaction (dropping it rolls the change back).
/// The command line (`Actor::System`) may: it is the operator's way back in anyway.
async fn keep_an_active_admin(tx: &mut Transaction<'_, Any>, actor: &Actor, user_id: i64) -> Result<()> {
    if *actor == Actor::System {
        return Ok(());
    }
    let admins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0")
        .fetch_one(&mut **tx)
        .await?;
    if admins > 0 {
        return Ok(());
    }
    let email: String =
        sqlx::query_scalar("SELECT email FROM users WHERE id = $1").bind(user_id).fetch_one(&mut **tx).await?;
    Err(super::StoreError::invalid(
        "user",
        format!(
            "{email} is the last active admin: make another account an admin first, \
             so that someone can still manage accounts"
        ),
    ))
}
